import type { BaseEmailProps } from "#emails/components/Layout";
import { Layout } from "#emails/components/Layout";
import { Fact, Facts, P } from "#emails/components/parts";
import { Section } from "@react-email/components";

export interface DailyHeadEmailProps extends BaseEmailProps {
  /** The NZ date the head was taken, e.g. "Tuesday 12 January 2027". */
  dateText: string;
  /** Hash of the last audit event, lowercase hex; null while the chain is still empty. */
  headHash: string | null;
  /** Number of audit events stored. */
  eventCount: number;
}

export function subject({ dateText, eventCount }: DailyHeadEmailProps): string {
  return `Tautoko audit chain head for ${dateText}: ${eventCount} ${eventCount === 1 ? "event" : "events"}`;
}

/**
 * To the auditors every day: a copy of the chain's head kept outside Tautoko,
 * so a later rewrite or truncation of the audit log is caught against it.
 */
export default function DailyHeadEmail(props: DailyHeadEmailProps) {
  const { dateText, headHash, eventCount } = props;
  const command = `npm run -s audit:verify -- --head ${headHash ?? "<hash>"}`;
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
          <P>To check at any later time that this head is still in the chain, unchanged, run on the Tautoko server:</P>
          <Section style={{ backgroundColor: "#f6f8fa", padding: "12px 16px", margin: "0 0 16px" }}>
            <pre style={{ margin: 0, whiteSpace: "pre-wrap", wordBreak: "break-all", fontSize: "14px" }}>{command}</pre>
          </Section>
          <P>
            The answer should show &quot;ok&quot;: true and &quot;containsHead&quot;: true, with a count of at least{" "}
            {eventCount}. If it does not, the audit log may have been altered since this email was sent: please raise it
            with the Procurement Excellence Manager and your risk team.
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
} satisfies DailyHeadEmailProps;
