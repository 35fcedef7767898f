import type { RequestView } from "~/components/request/requestView";
import { formatDeadline, formatNzDateTime } from "~/workflow/nzTime";
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS, riskWords } from "~/workflow/vocabulary";

/**
 * The request page's reading sections: its details, the supplier's own
 * message with its attachments, and the exception when one was allowed.
 */

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Who asked for what, how it arrived and who logged it: the facts the request
 * page and the auditor's dossier both list, in the same words.
 */
export function RequestFacts({ request: r, requesterEmail }: { request: RequestView; requesterEmail?: string }) {
  return (
    <>
      <dt>Supplier</dt>
      <dd>{r.supplierName}</dd>
      <dt>NZBN</dt>
      <dd>{r.supplierNzbn ?? "Not given"}</dd>
      <dt>Contact the request arrived with</dt>
      <dd>{r.requestContactEmail ?? "Not given"}</dd>
      <dt>Contact on the supplier&apos;s record</dt>
      <dd>{r.supplierContactEmail ?? "None"}</dd>
      <dt>Request type</dt>
      <dd>{REQUEST_TYPE_LABELS[r.requestType]}</dd>
      <dt>Enduring</dt>
      <dd>{r.enduring ? "Yes — it would last, so it must be reviewed" : "No — a single use"}</dd>
      <dt>Arrived by</dt>
      <dd>{CHANNEL_LABELS[r.channel]}</dd>
      <dt>Received</dt>
      <dd>{formatNzDateTime(r.receivedAt)}</dd>
      <dt>What was asked</dt>
      <dd className="prewrap">{r.asked}</dd>
      <dt>Contract reference</dt>
      <dd>{r.contractRef ?? "None"}</dd>
      <dt>Conflict of interest declared by {r.loggerName} when logging</dt>
      <dd>
        {r.requesterConflict ? <span className="prewrap">Declared: {r.requesterConflictNote}</span> : "None declared"}
      </dd>
      <dt>Logged</dt>
      <dd>
        {formatNzDateTime(r.loggedAt)} by {r.loggerName}
      </dd>
      {r.reassigned ? (
        <>
          <dt>Now followed by</dt>
          <dd>
            {r.requesterName}
            {requesterEmail ? ` (${requesterEmail})` : ""} (passed on when {r.loggerName} left; see the timeline)
          </dd>
        </>
      ) : null}
    </>
  );
}

export function RequestDetails({ request: r, undecided }: { request: RequestView; undecided: boolean }) {
  return (
    <section className="panel" aria-labelledby="details-heading">
      <h2 id="details-heading">Details</h2>
      <dl className="facts">
        <RequestFacts request={r} />
        <dt>Notices to the supplier go to</dt>
        <dd>{r.noticeEmail ?? "Nobody: no contact is known, so none can be sent"}</dd>
        {r.permittedUse ? (
          <>
            <dt>Where it may be used</dt>
            <dd className="prewrap">{r.permittedUse}</dd>
          </>
        ) : null}
        {undecided ? (
          <>
            <dt>Response deadline</dt>
            <dd>{formatDeadline(r.deadlineAt)} (NZ time)</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}

export function SupplierMessage({
  request: r,
  attachments,
}: {
  request: RequestView;
  attachments: ReadonlyArray<{ id: number; filename: string; size: number; sha256: string }>;
}) {
  return (
    <section className="panel" aria-labelledby="message-heading">
      <h2 id="message-heading">The supplier&apos;s original message</h2>
      {r.originalMessage ? (
        <blockquote className="quote">{r.originalMessage}</blockquote>
      ) : (
        <p className="empty">No text was pasted.</p>
      )}
      <h3>Attachments</h3>
      {attachments.length === 0 ? (
        <p className="empty">No files attached.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Size</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {attachments.map((a) => (
                <tr key={a.id}>
                  <td>
                    <a href={`/requests/${r.reference}/attachments/${a.id}`} download>
                      {a.filename}
                    </a>
                  </td>
                  <td>{formatBytes(a.size)}</td>
                  <td className="mono">{a.sha256}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ExceptionAllowed({ request: r }: { request: RequestView }) {
  if (!r.exceptionGround) return null;
  return (
    <section className="panel" aria-labelledby="exception-heading">
      <h2 id="exception-heading">Exception allowed</h2>
      <dl className="facts">
        <dt>Exception ground</dt>
        <dd className="prewrap">{r.exceptionGround}</dd>
        <dt>Risk of adverse public reaction</dt>
        <dd className="prewrap">{riskWords(r.impactPublicRisk, r.impactPublicNote)}</dd>
        <dt>Risk of declining supplier performance</dt>
        <dd className="prewrap">{riskWords(r.impactPerformanceRisk, r.impactPerformanceNote)}</dd>
        {r.draftingAllowedAt ? (
          <>
            <dt>Allowed</dt>
            <dd>{formatNzDateTime(r.draftingAllowedAt)}</dd>
          </>
        ) : null}
      </dl>
    </section>
  );
}
