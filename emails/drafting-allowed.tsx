import { ActionButton, Fact, P, QuotedText } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, RequestFacts, PREVIEW_REQUEST, deciderWords, DecidedByFact } from "#emails/components/staff";

export interface DraftingAllowedEmailProps extends RequestEmailProps {
  deciderName: string;
  /** Set when a delegate decided, for the manager they act for. */
  onBehalfOfName?: string;
  /** The ground for the exception, as the decider recorded it. */
  exceptionGround: string;
  /** The new deadline for the final decision, e.g. "end of Friday 5 February 2027". */
  deadlineText: string;
}

export function subject({ reference, supplierName }: DraftingAllowedEmailProps): string {
  return `${reference}: exception allowed — you may draft the endorsement for ${supplierName}`;
}

/** To the requester when the manager allows an exception and drafting may begin. */
export default function DraftingAllowedEmail(props: DraftingAllowedEmailProps) {
  const { reference, supplierName, deciderName, onBehalfOfName, exceptionGround, deadlineText, requestUrl } = props;
  return (
    <StaffLayout
      request={props}
      preview={`You may now draft the endorsement text for ${supplierName}. Final decision due by ${deadlineText}.`}
      heading="An exception is allowed: drafting may begin"
    >
      <P>
        {deciderWords(deciderName, onBehalfOfName)} has allowed an exception for the request {reference} from{" "}
        {supplierName}. You may now draft the endorsement text in Tautoko. This is not yet an approval: nothing may be
        given to the supplier until a version is approved.
      </P>
      <RequestFacts request={props}>
        <DecidedByFact deciderName={deciderName} onBehalfOfName={onBehalfOfName} />
        <Fact label="Final decision due by">{deadlineText}</Fact>
      </RequestFacts>
      <QuotedText label="Ground for the exception" text={exceptionGround} />
      <P>
        The text must be accurate, truthful, fair, complete and balanced, represent the view of Kāinga Ora, and not
        compromise its objectivity. Tautoko checks each version as you write it. If no version is approved by{" "}
        {deadlineText}, the request is declined by default.
      </P>
      <ActionButton href={requestUrl}>Start drafting</ActionButton>
    </StaffLayout>
  );
}

DraftingAllowedEmail.PreviewProps = {
  ...PREVIEW_REQUEST,
  recipientName: "Aroha Ngata",
  deciderName: "Mere Parata",
  exceptionGround:
    "The supplier delivered the Porirua heating programme on time and to standard; a factual reference of scope and period carries low risk.",
  deadlineText: "end of Friday 5 February 2027",
} satisfies DraftingAllowedEmailProps;
