import { ActionButton, Fact, Facts, P } from "#emails/components/parts";
import type { RequestEmailProps } from "#emails/components/request";
import { StaffLayout } from "#emails/components/staff";

export interface RequestReassignedEmailProps extends RequestEmailProps {
  /** Who logged the request; the record keeps them as its logger. */
  loggedByName: string;
  /** Who followed it until now (usually the same person, who has left). */
  previousName: string;
  /** e.g. "escalated and awaiting a decision". */
  stateText: string;
  /** e.g. "end of Tuesday 12 January 2027" (NZ time). */
  deadlineText: string;
}

export function subject({ reference, supplierName }: RequestReassignedEmailProps): string {
  return `${reference}: you now follow the endorsement request from ${supplierName}`;
}

/** To the member of staff an admin passed a leaver's undecided request to. */
export default function RequestReassignedEmail(props: RequestReassignedEmailProps) {
  const { reference, supplierName, loggedByName, previousName, stateText, deadlineText, requestUrl } = props;
  return (
    <StaffLayout
      request={props}
      preview={`${previousName}'s request from ${supplierName} now passes to you to follow.`}
      heading="A request now passes to you"
    >
      <P>
        An administrator has passed the request {reference} from {supplierName} to you, because {previousName} no longer
        follows it. You now follow it as its requester: you receive its emails, answer the managers&apos; questions, and
        draft the endorsement text if drafting is allowed. The record still shows that {loggedByName} logged it.
      </P>
      <Facts>
        <Fact label="Logged by">{loggedByName}</Fact>
        <Fact label="Followed until now by">{previousName}</Fact>
        <Fact label="Where it stands">{stateText}</Fact>
        <Fact label="Decision due by">{deadlineText}</Fact>
      </Facts>
      <ActionButton href={requestUrl}>Open the request</ActionButton>
    </StaffLayout>
  );
}

RequestReassignedEmail.PreviewProps = {
  recipientName: "Aroha Ngata",
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/END-2026-0042",
  loggedByName: "Sam Brown",
  previousName: "Sam Brown",
  stateText: "escalated and awaiting a decision",
  deadlineText: "end of Tuesday 12 January 2027",
} satisfies RequestReassignedEmailProps;
