import { ActionButton, Fact, P } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, RequestFacts } from "#emails/components/staff";

export interface ReviewDueEmailProps extends RequestEmailProps {
  versionNumber: number;
  /** When the endorsement stops being valid unless reviewed, e.g. "Wednesday 12 January 2028". */
  validUntilText: string;
}

export function subject({ reference, supplierName, validUntilText }: ReviewDueEmailProps): string {
  return `${reference}: review the endorsement for ${supplierName} before ${validUntilText}`;
}

/** To the managers before an enduring endorsement's valid-until date. */
export default function ReviewDueEmail(props: ReviewDueEmailProps) {
  const { reference, supplierName, versionNumber, validUntilText, requestUrl } = props;
  return (
    <StaffLayout
      request={props}
      preview={`The endorsement for ${supplierName} is valid until ${validUntilText}. Please record a review.`}
      heading="An endorsement is due for review"
    >
      <P>
        The endorsement for {supplierName} ({reference}, version {versionNumber}) is valid until {validUntilText}.
        Enduring endorsements can do harm later, so please review it: record what is known of the supplier&apos;s
        performance since approval, then confirm it for up to 12 more months or withdraw it.
      </P>
      <RequestFacts request={props}>
        <Fact label="Approved version">{versionNumber}</Fact>
        <Fact label="Valid until">{validUntilText}</Fact>
      </RequestFacts>
      <P>If no review is recorded by then, the endorsement expires and may no longer be used.</P>
      <ActionButton href={requestUrl}>Record a review</ActionButton>
    </StaffLayout>
  );
}

ReviewDueEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42/review",
  versionNumber: 3,
  validUntilText: "Wednesday 12 January 2028",
} satisfies ReviewDueEmailProps;
