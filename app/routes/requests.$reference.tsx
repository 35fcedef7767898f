import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { requireVisibleRequest } from "~/auth/viewer.server";
import { OutcomeBadge, StateBadge } from "~/components/labels";
import { listAttachments } from "~/models/requests.server";
import { formatDeadline, formatNzDateTime } from "~/workflow/nzTime";
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS } from "~/workflow/requestForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.request.reference} — Tautoko` : "Request — Tautoko" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req } = await requireVisibleRequest(context, user, params.reference);
  const attachments = await listAttachments(context.db, req.id);
  return {
    request: {
      id: req.id,
      reference: req.reference,
      state: req.state,
      outcome: req.outcome,
      supplierName: req.supplier_name,
      supplierNzbn: req.supplier_nzbn,
      supplierContactEmail: req.supplier_contact_email,
      requestType: req.request_type,
      enduring: req.enduring === 1,
      channel: req.channel,
      receivedAt: req.received_at,
      asked: req.asked,
      originalMessage: req.original_message,
      contractRef: req.contract_ref,
      requesterConflict: req.requester_conflict === 1,
      requesterConflictNote: req.requester_conflict_note,
      requesterName: req.requester_name,
      loggedAt: req.logged_at,
      deadlineAt: req.deadline_at,
      declinedByDefault: req.declined_by_default === 1,
      decisionReason: req.decision_reason,
      deciderName: req.decider_name,
      decidedAt: req.decided_at,
      revision: req.revision,
    },
    attachments,
  };
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export default function RequestPage() {
  const { request: r, attachments } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const undecided = r.state === "escalated" || r.state === "drafting" || r.state === "in_review";
  return (
    <>
      {params.get("logged") ? (
        <div className="notice" role="status">
          Logged as <strong>{r.reference}</strong> and escalated to the Procurement Excellence Manager. You will be
          emailed when it is decided.
        </div>
      ) : null}
      <div className="page-header">
        <div>
          <h1>
            {r.reference}: {r.supplierName}
          </h1>
          <p>
            {REQUEST_TYPE_LABELS[r.requestType]} · logged by {r.requesterName} on {formatNzDateTime(r.loggedAt)}
          </p>
        </div>
        <div>
          <StateBadge state={r.state} /> <OutcomeBadge outcome={r.outcome} state={r.state} />
        </div>
      </div>

      <section className={`notice ${r.outcome === "decline" ? "notice--decline" : ""}`} aria-label="Outcome">
        {undecided ? (
          <p>
            <strong>Outcome: Decline (default).</strong> Unless the Procurement Excellence Manager approves an exception
            by the <strong>{formatDeadline(r.deadlineAt)}</strong>, this request is declined.
          </p>
        ) : r.declinedByDefault ? (
          <p>
            <strong>Declined by default:</strong> {r.decisionReason}
          </p>
        ) : r.state === "declined" ? (
          <p>
            <strong>Declined</strong>
            {r.deciderName ? ` by ${r.deciderName}` : ""}
            {r.decidedAt ? ` on ${formatNzDateTime(r.decidedAt)}` : ""}: {r.decisionReason}
          </p>
        ) : (
          <p>
            <strong>Outcome: {r.outcome === "endorse" ? "Endorse" : "Decline"}.</strong>
          </p>
        )}
      </section>

      <section className="panel" aria-labelledby="details-heading">
        <h2 id="details-heading">Details</h2>
        <dl className="facts">
          <dt>Supplier</dt>
          <dd>{r.supplierName}</dd>
          <dt>NZBN</dt>
          <dd>{r.supplierNzbn ?? "Not given"}</dd>
          <dt>Supplier contact</dt>
          <dd>{r.supplierContactEmail ?? "Not given"}</dd>
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
          <dt>Requester's conflict of interest</dt>
          <dd>{r.requesterConflict ? <span className="prewrap">Declared: {r.requesterConflictNote}</span> : "None declared"}</dd>
          <dt>Response deadline</dt>
          <dd>{formatDeadline(r.deadlineAt)} (NZ time)</dd>
          <dt>Logged</dt>
          <dd>
            {formatNzDateTime(r.loggedAt)} by {r.requesterName}
          </dd>
        </dl>
      </section>

      <section className="panel" aria-labelledby="message-heading">
        <h2 id="message-heading">The supplier's original message</h2>
        {r.originalMessage ? <blockquote className="quote">{r.originalMessage}</blockquote> : <p className="empty">No text was pasted.</p>}
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
      <p>
        <Link to="/">Back to your start page</Link>
      </p>
    </>
  );
}
