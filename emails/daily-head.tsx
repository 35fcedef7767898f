import type { BaseEmailProps } from "#emails/components/Layout";
import { Layout } from "#emails/components/Layout";
import { ActionButton, Fact, Facts, P } from "#emails/components/parts";

export interface DailyHeadEmailProps extends BaseEmailProps {
  /** The NZ date the head was taken, e.g. "Tuesday 12 January 2027". */
  dateText: string;
  /** Hash of the last audit event, lowercase hex; null while the chain is still empty. */
  headHash: string | null;
  /** Number of audit events stored. */
  eventCount: number;
  /** The auditor's verify page, where the head is checked without a server command. */
  verifyUrl: string;
}

export function subject({ dateText, eventCount }: DailyHeadEmailProps): string {
  return `Tautoko audit chain head for ${dateText}: ${eventCount} ${eventCount === 1 ? "event" : "events"}`;
}

/**
 * To the auditors every day: a copy of the chain's head kept outside Tautoko,
 * so a later rewrite or truncation of the audit log is caught against it.
 */
export default function DailyHeadEmail(props: DailyHeadEmailProps) {
  const { dateText, headHash, eventCount, verifyUrl } = props;
  return (
    <Layout
      preview={`${eventCount} audit events; head ${headHash ?? "none yet"}.`}
      heading={`Audit chain head for ${dateText}`}
      audience="staff"
      recipientName={props.recipientName}
      contactEmail={props.contactEmail}
    >
      <P>
        This is the daily record of the Tautoko audit chain. Please keep this email where Tautoko cannot change it: it
        is your independent copy of the chain&apos;s head.
      </P>
      <Facts>
        <Fact label="Date">{dateText}</Fact>
        <Fact label="Events in the chain">{eventCount}</Fact>
        <Fact label="Head hash">
          {headHash ? <code style={{ wordBreak: "break-all" }}>{headHash}</code> : "None — the chain has no events yet"}
        </Fact>
      </Facts>
      {headHash ? (
        <>
          <P>
            To check at any later time that this head is still in the chain, unchanged, open this link while signed in
            to Tautoko as an auditor: it verifies the whole chain against this head.
          </P>
          <ActionButton href={`${verifyUrl}?head=${headHash}`}>Verify the audit chain against this head</ActionButton>
          <P>
            The page should say the chain is intact and contains this head, with at least {eventCount} events. If it
            does not, the audit log may have been altered since this email was sent: report it to the Head of Internal
            Audit and the Audit and Risk Committee, through internal audit&apos;s own reporting line. Do not raise it
            with the Procurement Excellence Manager or anyone whose decisions the log records.
          </P>
        </>
      ) : null}
    </Layout>
  );
}

DailyHeadEmail.PreviewProps = {
  dateText: "Tuesday 12 January 2027",
  headHash: "3b7e1f0c9a2d4e6f8b0c1d2e3f405162738495a6b7c8d9e0f1a2b3c4d5e6f708",
  eventCount: 1842,
  verifyUrl: "https://tautoko.example.govt.nz/audit/verify",
} satisfies DailyHeadEmailProps;
