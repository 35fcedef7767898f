import { Layout } from "#emails/components/Layout";
import { ActionButton, Fact, Facts, P } from "#emails/components/parts";
import { SupplierToldText, type SupplierTold } from "#emails/components/supplierTold";
import type { RequestEmailProps } from "#emails/components/request";

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
    <Layout
      preview={`No decision was made by ${deadlineText}, so ${reference} was declined by default.`}
      heading="Declined by default: the deadline passed"
      audience="staff"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        The endorsement request {reference} from {supplierName} was not decided by its deadline ({deadlineText}). As the
        policy says, endorsement requests are declined unless an exception is approved, so the request has been declined
        by default. No endorsement may be given.
      </P>
      <Facts>
        <Fact label="Reference">{reference}</Fact>
        <Fact label="Supplier">{supplierName}</Fact>
        <Fact label="Deadline">{deadlineText}</Fact>
        <Fact label="Outcome">Declined by default</Fact>
      </Facts>
      <SupplierToldText supplier={supplier} />
      <P>If the supplier asks again, a new request can be logged.</P>
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </Layout>
  );
}

DeclinedByDefaultEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42",
  deadlineText: "end of Tuesday 12 January 2027",
  supplier: { told: false, contact: "tama@hapai.example" },
} satisfies DeclinedByDefaultEmailProps;
