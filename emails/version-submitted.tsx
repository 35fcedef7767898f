import { ActionButton, Fact, P } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, RequestFacts, PREVIEW_REQUEST } from "#emails/components/staff";

export interface VersionSubmittedEmailProps extends RequestEmailProps {
  versionNumber: number;
  authorName: string;
  /** The final-decision deadline, e.g. "end of Friday 5 February 2027". */
  deadlineText: string;
}

export function subject({ reference, versionNumber }: VersionSubmittedEmailProps): string {
  return `${reference}: version ${versionNumber} of the endorsement text is ready for review`;
}

/** To the deciders when a version of the endorsement text is submitted for review. */
export default function VersionSubmittedEmail(props: VersionSubmittedEmailProps) {
  const { reference, supplierName, versionNumber, authorName, deadlineText, requestUrl } = props;
  return (
    <StaffLayout
      request={props}
      preview={`${authorName} submitted version ${versionNumber} for ${supplierName}.`}
      heading={`Version ${versionNumber} is ready for review`}
    >
      <P>
        {authorName} has submitted version {versionNumber} of the endorsement text for {supplierName} ({reference}).
        Please review it against the criteria, and approve it or ask for changes.
      </P>
      <RequestFacts request={props}>
        <Fact label="Version">{versionNumber}</Fact>
        <Fact label="Written by">{authorName}</Fact>
        <Fact label="Final decision due by">{deadlineText}</Fact>
      </RequestFacts>
      <ActionButton href={requestUrl}>Review version {versionNumber}</ActionButton>
      <P>
        If no version is approved by {deadlineText}, the request is declined by default. You cannot approve a version
        you wrote.
      </P>
    </StaffLayout>
  );
}

VersionSubmittedEmail.PreviewProps = {
  ...PREVIEW_REQUEST,
  versionNumber: 2,
  authorName: "Aroha Ngata",
  deadlineText: "end of Friday 5 February 2027",
} satisfies VersionSubmittedEmailProps;
