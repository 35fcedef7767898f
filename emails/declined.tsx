import { ActionButton, P, QuotedText } from "#emails/components/parts";
import { SupplierToldText, type SupplierTold } from "#emails/components/supplierTold";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, RequestFacts, PREVIEW_REQUEST, deciderWords, DecidedByFact } from "#emails/components/staff";

export interface DeclinedEmailProps extends RequestEmailProps {
  deciderName: string;
  onBehalfOfName?: string;
  reason: string;
  /** Whether the supplier's contact was sent the decline notice with this decision, and whether one is on record. */
  supplier: SupplierTold;
}

export function subject({ reference, supplierName }: DeclinedEmailProps): string {
  return `${reference}: the endorsement request from ${supplierName} is declined`;
}

/** To the requester when a manager declines the request. */
export default function DeclinedEmail(props: DeclinedEmailProps) {
  const { reference, supplierName, deciderName, onBehalfOfName, reason, requestUrl, supplier } = props;
  return (
    <StaffLayout
      request={props}
      preview={`${deciderName} has declined the request from ${supplierName}.`}
      heading="The endorsement request is declined"
    >
      <P>
        {deciderWords(deciderName, onBehalfOfName)} has declined the request {reference} from {supplierName}. Thank you
        for logging it; this is the usual outcome, as Kāinga Ora declines endorsement requests as a rule.
      </P>
      <RequestFacts request={props}>
        <DecidedByFact deciderName={deciderName} onBehalfOfName={onBehalfOfName} />
      </RequestFacts>
      <QuotedText label="Reason" text={reason} />
      <SupplierToldText supplier={supplier} />
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </StaffLayout>
  );
}

DeclinedEmail.PreviewProps = {
  ...PREVIEW_REQUEST,
  recipientName: "Aroha Ngata",
  deciderName: "Mere Parata",
  reason: "The contract is still under way; a reference now could not be complete or balanced.",
  supplier: { told: false, contact: "tama@hapai.example" },
} satisfies DeclinedEmailProps;
