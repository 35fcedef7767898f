import { Layout } from "#emails/components/Layout";
import { ActionButton, Callout, Fact, Facts, P } from "#emails/components/parts";
import { type RequestEmailProps, type UndecidedStage } from "#emails/components/request";
import { UNDECIDED_STAGE_WORDS } from "~/workflow/vocabulary";

export interface DeadlineReminderEmailProps extends RequestEmailProps {
  stage: UndecidedStage;
  deadlineText: string;
}

export function subject({ reference, deadlineText }: DeadlineReminderEmailProps): string {
  return `Reminder: ${reference} needs a decision by ${deadlineText}`;
}

/** To the deciders, 2 working days before a deadline. */
export default function DeadlineReminderEmail(props: DeadlineReminderEmailProps) {
  const { reference, supplierName, stage, deadlineText, requestUrl } = props;
  return (
    <Layout
      preview={`${reference} for ${supplierName} is declined by default if nothing is decided by ${deadlineText}.`}
      heading="A decision is due in 2 working days"
      audience="staff"
      reference={reference}
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        The endorsement request {reference} from {supplierName} has not yet been decided.
      </P>
      <Facts>
        <Fact label="Reference">{reference}</Fact>
        <Fact label="Supplier">{supplierName}</Fact>
        <Fact label="Where it is">{UNDECIDED_STAGE_WORDS[stage]}</Fact>
        <Fact label="Decision due by">{deadlineText}</Fact>
      </Facts>
      <Callout>
        If nothing is decided by {deadlineText}, the request will be <strong>declined by default</strong>, as the policy
        says, and the requester will be told. If more time is genuinely needed, a manager may extend the deadline,
        giving a reason.
      </Callout>
      <ActionButton href={requestUrl}>Open {reference}</ActionButton>
    </Layout>
  );
}

DeadlineReminderEmail.PreviewProps = {
  reference: "END-2026-0042",
  supplierName: "Hāpai Building Services Ltd",
  requestUrl: "https://tautoko.example.govt.nz/requests/42",
  stage: "escalated",
  deadlineText: "end of Tuesday 12 January 2027",
} satisfies DeadlineReminderEmailProps;
