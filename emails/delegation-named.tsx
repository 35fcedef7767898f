import type { BaseEmailProps } from "#emails/components/Layout";
import { Layout } from "#emails/components/Layout";
import { ActionButton, Fact, Facts, P } from "#emails/components/parts";

export interface DelegationNamedEmailProps extends BaseEmailProps {
  /** The manager on whose behalf the delegate will act. */
  managerName: string;
  /** First and last day, e.g. "Monday 4 January 2027" and "Friday 15 January 2027". */
  fromText: string;
  toText: string;
  /** Absolute URL of the requests awaiting a decision. */
  requestsUrl: string;
}

export function subject({ managerName, fromText, toText }: DelegationNamedEmailProps): string {
  return `You are acting delegate for ${managerName}, ${fromText} to ${toText}`;
}

/** To a user named as acting delegate by a manager. */
export default function DelegationNamedEmail(props: DelegationNamedEmailProps) {
  const { managerName, fromText, toText, requestsUrl } = props;
  return (
    <Layout
      preview={`${managerName} has named you to decide endorsement requests on their behalf from ${fromText} to ${toText}.`}
      heading="You have been named an acting delegate"
      audience="staff"
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        {managerName} has named you acting delegate for supplier-endorsement requests. During these dates you may decide
        requests as the Procurement Excellence Manager would, and you will receive new requests as they are escalated.
        The record shows both that you acted and on whose behalf.
      </P>
      <Facts>
        <Fact label="On behalf of">{managerName}</Fact>
        <Fact label="From">{fromText}</Fact>
        <Fact label="To">{toText} (inclusive)</Fact>
      </Facts>
      <P>
        You cannot decide a request you logged yourself, a request logged by {managerName}, or one in which you have a
        conflict of interest. Requests are declined as a rule; an exception needs the potential impact on Kāinga Ora
        considered first.
      </P>
      <ActionButton href={requestsUrl}>See requests awaiting a decision</ActionButton>
    </Layout>
  );
}

DelegationNamedEmail.PreviewProps = {
  recipientName: "Hemi Walker",
  managerName: "Mere Parata",
  fromText: "Monday 4 January 2027",
  toText: "Friday 15 January 2027",
  requestsUrl: "https://tautoko.example.govt.nz/requests?state=undecided",
} satisfies DelegationNamedEmailProps;
