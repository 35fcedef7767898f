import { ActionButton, Fact, P } from "#emails/components/parts";
import { SupplierToldText, type SupplierTold } from "#emails/components/supplierTold";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, RequestFacts, PREVIEW_REQUEST } from "#emails/components/staff";

export interface DeclinedByDefaultEmailProps extends RequestEmailProps {
  /** The deadline that passed, e.g. "end of Tuesday 12 January 2027". */
  deadlineText: string;
  /** A default decline never tells the supplier itself; this says whether a manager still can. */
  supplier: SupplierTold;
}

export function subject({ reference, supplierName }: DeclinedByDefaultEmailProps): string {
  return `${reference}: the request from ${supplierName} was declined by default`;
}

/** To the requester and the managers when the deadline sweep declines an undecided request. */
export default function DeclinedByDefaultEmail(props: DeclinedByDefaultEmailProps) {
  const { reference, supplierName, deadlineText, requestUrl, supplier } = props;
  return (
    <StaffLayout
      request={props}
      preview={`No decision was made by ${deadlineText}, so ${reference} was declined by default.`}
      heading="Declined by default: the deadline passed"
    >
      <P>
        The endorsement request {reference} from {supplierName} was not decided by its deadline ({deadlineText}). As the
        policy says, endorsement requests are declined unless an exception is approved, so the request has been declined
        by default. No endorsement may be given.
      </P>
      <RequestFacts request={props}>
        <Fact label="Deadline">{deadlineText}</Fact>
        <Fact label="Outcome">Declined by default</Fact>
      </RequestFacts>
      <SupplierToldText supplier={supplier} />
      <P>If the supplier asks again, a new request can be logged.</P>
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </StaffLayout>
  );
}

DeclinedByDefaultEmail.PreviewProps = {
  ...PREVIEW_REQUEST,
  deadlineText: "end of Tuesday 12 January 2027",
  supplier: { told: false, contact: "tama@hapai.example" },
} satisfies DeclinedByDefaultEmailProps;
