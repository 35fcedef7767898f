import { ActionButton, Fact, Facts, P, QuotedText } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout, PREVIEW_REQUEST } from "#emails/components/staff";

export interface ChangesRequestedEmailProps extends RequestEmailProps {
  versionNumber: number;
  reviewerName: string;
  comments: string;
  deadlineText: string;
}

export function subject({ reference, versionNumber }: ChangesRequestedEmailProps): string {
  return `${reference}: changes requested to version ${versionNumber}`;
}

/** To the requester when a reviewer sends a version back with comments. */
export default function ChangesRequestedEmail(props: ChangesRequestedEmailProps) {
  const { reference, supplierName, versionNumber, reviewerName, comments, deadlineText, requestUrl } = props;
  return (
    <StaffLayout
      request={props}
      preview={`${reviewerName} asked for changes to version ${versionNumber} for ${supplierName}.`}
      heading={`Changes requested to version ${versionNumber}`}
    >
      <P>
        {reviewerName} has reviewed version {versionNumber} of the endorsement text for {supplierName} ({reference}) and
        asked for changes. Their comments are below. Editing creates a new version; the earlier ones are kept.
      </P>
      <QuotedText label={`${reviewerName}'s comments`} text={comments} />
      <Facts>
        <Fact label="Reference">{reference}</Fact>
        <Fact label="Version reviewed">{versionNumber}</Fact>
        <Fact label="Final decision due by">{deadlineText}</Fact>
      </Facts>
      <P>If no version is approved by {deadlineText}, the request is declined by default.</P>
      <ActionButton href={requestUrl}>Revise the text</ActionButton>
    </StaffLayout>
  );
}

ChangesRequestedEmail.PreviewProps = {
  ...PREVIEW_REQUEST,
  recipientName: "Aroha Ngata",
  versionNumber: 1,
  reviewerName: "Mere Parata",
  comments:
    'Please remove "the best heating installer in the region" and say what was supplied and when.\nThe reference should also mention the two delayed sites.',
  deadlineText: "end of Friday 5 February 2027",
} satisfies ChangesRequestedEmailProps;
