import { ActionButton, Callout, Fact, P, QuotedText } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, RequestFacts, PREVIEW_REQUEST, deciderWords } from "#emails/components/staff";

export interface WithdrawnEmailProps extends RequestEmailProps {
  deciderName: string;
  onBehalfOfName?: string;
  reason: string;
  /** Whether the manager chose to send the supplier's contact a withdrawal notice. */
  supplierNotified: boolean;
}

export function subject({ reference, supplierName }: WithdrawnEmailProps): string {
  return `${reference}: the endorsement for ${supplierName} is withdrawn`;
}

/** To the requester when a manager withdraws an approved endorsement. */
export default function WithdrawnEmail(props: WithdrawnEmailProps) {
  const { reference, supplierName, deciderName, onBehalfOfName, reason, supplierNotified, requestUrl } = props;
  return (
    <StaffLayout
      request={props}
      preview={`${deciderName} has withdrawn the endorsement for ${supplierName}.`}
      heading="An endorsement is withdrawn"
    >
      <P>
        {deciderWords(deciderName, onBehalfOfName)} has withdrawn the endorsement for {supplierName} ({reference}).
      </P>
      <QuotedText label="Reason" text={reason} />
      <RequestFacts request={props}>
        <Fact label="Supplier told">
          {supplierNotified ? "Yes, by a withdrawal notice from Tautoko" : "Not by Tautoko"}
        </Fact>
      </RequestFacts>
      <Callout>The endorsement may no longer be used by anyone, in any form.</Callout>
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </StaffLayout>
  );
}

WithdrawnEmail.PreviewProps = {
  ...PREVIEW_REQUEST,
  recipientName: "Aroha Ngata",
  deciderName: "Mere Parata",
  reason: "Performance on the current contract has declined and is under formal review.",
  supplierNotified: true,
} satisfies WithdrawnEmailProps;
