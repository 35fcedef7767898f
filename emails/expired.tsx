import { Layout } from "#emails/components/Layout";
import { ActionButton, Callout, Fact, Facts, P } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";

export interface ExpiredEmailProps extends RequestEmailProps {
  /** The valid-until date that passed without a review. */
  validUntilText: string;
}

export function subject({ reference, supplierName }: ExpiredEmailProps): string {
  return `${reference}: the endorsement for ${supplierName} has expired`;
}

/** To the requester and the managers when an enduring endorsement passes its valid-until date unreviewed. */
export default function ExpiredEmail(props: ExpiredEmailProps) {
  const { reference, supplierName, validUntilText, requestUrl } = props;
  return (
    <Layout
      preview={`The endorsement for ${supplierName} was valid until ${validUntilText} and was not reviewed.`}
      heading="An endorsement has expired"
      audience="staff"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        The endorsement for {supplierName} ({reference}) was valid until {validUntilText}. It was not reviewed by then,
        so it has expired.
      </P>
      <Facts>
        <Fact label="Reference">{reference}</Fact>
        <Fact label="Supplier">{supplierName}</Fact>
        <Fact label="Was valid until">{validUntilText}</Fact>
      </Facts>
      <Callout>
        The endorsement may no longer be used. The manager may let the supplier know that they should stop using it. If
        the supplier would like a new endorsement, a new request can be logged.
      </Callout>
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </Layout>
  );
}

ExpiredEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42",
  validUntilText: "Wednesday 12 January 2028",
} satisfies ExpiredEmailProps;
