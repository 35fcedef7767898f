import { Layout } from "#emails/components/Layout";
import { ActionButton, Fact, Facts, P } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";

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
    <Layout
      preview={`${authorName} submitted version ${versionNumber} for ${supplierName}.`}
      heading={`Version ${versionNumber} is ready for review`}
      audience="staff"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        {authorName} has submitted version {versionNumber} of the endorsement text for {supplierName} ({reference}).
        Please review it against the criteria, and approve it or ask for changes.
      </P>
      <Facts>
        <Fact label="Reference">{reference}</Fact>
        <Fact label="Supplier">{supplierName}</Fact>
        <Fact label="Version">{versionNumber}</Fact>
        <Fact label="Written by">{authorName}</Fact>
        <Fact label="Final decision due by">{deadlineText}</Fact>
      </Facts>
      <ActionButton href={requestUrl}>Review version {versionNumber}</ActionButton>
      <P>
        If no version is approved by {deadlineText}, the request is declined by default. You cannot approve a version
        you wrote.
      </P>
    </Layout>
  );
}

VersionSubmittedEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42",
  versionNumber: 2,
  authorName: "Aroha Ngata",
  deadlineText: "end of Friday 5 February 2027",
} satisfies VersionSubmittedEmailProps;
