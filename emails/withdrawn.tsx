import { Layout } from "#emails/components/Layout";
import { ActionButton, Callout, Fact, Facts, P, QuotedText } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";

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
    <Layout
      preview={`${deciderName} has withdrawn the endorsement for ${supplierName}.`}
      heading="An endorsement is withdrawn"
      audience="staff"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        {deciderName}
        {onBehalfOfName ? ` (acting for ${onBehalfOfName})` : ""} has withdrawn the endorsement for {supplierName} (
        {reference}).
      </P>
      <QuotedText label="Reason" text={reason} />
      <Facts>
        <Fact label="Reference">{reference}</Fact>
        <Fact label="Supplier">{supplierName}</Fact>
        <Fact label="Supplier told">
          {supplierNotified ? "Yes, by a withdrawal notice from Tautoko" : "Not by Tautoko"}
        </Fact>
      </Facts>
      <Callout>The endorsement may no longer be used by anyone, in any form.</Callout>
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </Layout>
  );
}

WithdrawnEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42",
  recipientName: "Aroha Ngata",
  deciderName: "Mere Parata",
  reason: "Performance on the current contract has declined and is under formal review.",
  supplierNotified: true,
} satisfies WithdrawnEmailProps;
