import type { VerifyResult } from "~/audit/chain";
import type { ExportCheck } from "~/export/exportCheck";

/** How an auditor checks this database against the anchors kept outside it. */
export function HowToCheckChain() {
  return (
    <div className="audit-howto">
      <p>
        Every event in the audit log is linked to the one before it by a SHA-256 hash, so altering or removing any event
        breaks every link after it. A chain only proves itself against a head recorded somewhere else: every day Tautoko
        emails the auditors the chain&apos;s <strong>head hash</strong> and <strong>event count</strong>. Keep those
        emails where Tautoko cannot change them.
      </p>
      <p>
        To check, paste a head hash from one of those emails into the <a href="/audit/verify">chain verification</a>{" "}
        page, or run <code>npm run -s audit:verify -- --head HEX</code> on the server. &quot;Contained&quot; means that
        event is still in the chain, unchanged, with every link up to it intact; the count today must be at least the
        count in the email.
      </p>
    </div>
  );
}

export type HeadCheck = { kind: "none" } | { kind: "invalid"; typed: string } | { kind: "checked"; head: string };

/** The verifier's answer in plain words. */
export function ChainResult({ result, check }: { result: VerifyResult; check: HeadCheck }) {
  return (
    <section className="panel" aria-labelledby="result-heading">
      <h2 id="result-heading">Result</h2>
      {result.ok ? (
        <div className="notice" role="status">
          <strong>The chain is intact:</strong> every one of the {result.count} events links to the one before it.
        </div>
      ) : (
        <div className="notice notice--danger" role="alert">
          <strong>The chain is broken at event {result.firstBadSeq}.</strong> Event seq {result.firstBadSeq} does not
          link to the event before it, or its stored hash is not the hash of its contents: the record was altered there
          (or an event is missing before it). Nothing from seq {result.firstBadSeq} on can be relied on.
        </div>
      )}
      <dl className="facts">
        <dt>Events stored</dt>
        <dd>{result.count}</dd>
        <dt>Head hash (the last event&apos;s)</dt>
        <dd className="mono">{result.head ?? "None: the log is empty"}</dd>
        <dt>First bad link</dt>
        <dd>{result.firstBadSeq === null ? "None" : `seq ${result.firstBadSeq}`}</dd>
      </dl>
      {check.kind === "invalid" ? (
        <div className="notice notice--danger" role="alert">
          That is not a head hash: a head hash is 64 characters, each 0–9 or a–f. Copy it again from the email.
        </div>
      ) : null}
      {check.kind === "checked" ? (
        result.containsHead ? (
          <div className="notice" role="status">
            <strong>Contained:</strong> the head <span className="mono">{check.head}</span> is in the chain, and every
            link up to it is intact.
          </div>
        ) : (
          <div className="notice notice--danger" role="alert">
            <strong>NOT contained:</strong> no intact event in the chain has the hash{" "}
            <span className="mono">{check.head}</span>. Either it was never a head of this log, or the log has been
            rewritten or truncated since it was recorded.
          </div>
        )
      ) : null}
    </section>
  );
}

/** What the verify page says about an uploaded export: the recipe's answer in plain words. */
export function ExportResult({ check }: { check: ExportCheck }) {
  if (check.kind === "unreadable") {
    return (
      <div className="notice notice--danger" role="alert">
        {check.message}
      </div>
    );
  }
  const from = check.heldHead === null ? "from the first event" : "continuing from the head you hold";
  return (
    <>
      {check.ok ? (
        <div className="notice" role="status">
          <strong>The export verifies:</strong> events seq {check.firstSeq} to {check.lastSeq} link {from}, every hash
          recomputes, and every event a request names is its event. Compare the head below with the daily head email.
        </div>
      ) : check.misnamed !== null ? (
        <div className="notice notice--danger" role="alert">
          <strong>The export does not verify:</strong> request {check.misnamed.reference} names seq {check.misnamed.seq}
          , which is not one of its events in the chain.
        </div>
      ) : (
        <div className="notice notice--danger" role="alert">
          <strong>The export does not verify: chain broken at seq {check.firstBadSeq}.</strong> That event does not link{" "}
          {check.firstBadSeq === check.firstSeq ? from : "to the event before it"}, or its hash is not the hash of its
          contents. Nothing from seq {check.firstBadSeq} on can be relied on.
        </div>
      )}
      <dl className="facts">
        <dt>Events in the export</dt>
        <dd>
          seq {check.firstSeq} to {check.lastSeq}
        </dd>
        <dt>Head hash (recomputed)</dt>
        <dd className="mono">{check.head ?? "None: the chain does not verify"}</dd>
        {check.heldHead === null ? null : (
          <>
            <dt>Held head it continues from</dt>
            <dd className="mono">{check.heldHead}</dd>
          </>
        )}
      </dl>
    </>
  );
}
