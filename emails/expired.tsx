import { ActionButton, Callout, Fact, P } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, RequestFacts, PREVIEW_REQUEST } from "#emails/components/staff";

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
    <StaffLayout
      request={props}
      preview={`The endorsement for ${supplierName} was valid until ${validUntilText} and was not reviewed.`}
      heading="An endorsement has expired"
    >
      <P>
        The endorsement for {supplierName} ({reference}) was valid until {validUntilText}. It was not reviewed by then,
        so it has expired.
      </P>
      <RequestFacts request={props}>
        <Fact label="Was valid until">{validUntilText}</Fact>
      </RequestFacts>
      <Callout>
        The endorsement may no longer be used. The manager may let the supplier know that they should stop using it. If
        the supplier would like a new endorsement, a new request can be logged.
      </Callout>
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </StaffLayout>
  );
}

ExpiredEmail.PreviewProps = {
  ...PREVIEW_REQUEST,
  validUntilText: "Wednesday 12 January 2028",
} satisfies ExpiredEmailProps;
