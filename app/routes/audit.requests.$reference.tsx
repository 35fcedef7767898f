import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { requestNotFound } from "~/auth/viewer.server";
import { HowToCheckChain } from "~/components/audit/ChainCheck";
import { WordDiff } from "~/components/audit/WordDiff";
import { OutcomeBadge, STATE_LABELS, StateBadge } from "~/components/labels";
import { getDossier } from "~/models/dossier.server";
import { AUDIT_READERS } from "~/models/search.server";
import { formatDeadline, formatNzDateTime } from "~/workflow/nzTime";
import { routeErrorBoundary } from "~/components/errors";
import type { RequestState } from "#db/schema";
import { ReviewRecordView } from "~/components/audit/ReviewRecord";
import { CRITERION_LABELS, type ReviewRecord } from "~/workflow/review";
import { riskWords } from "~/workflow/vocabulary";
import { RequestFacts } from "~/components/request/RequestSections";
import { requestView } from "~/components/request/requestView";

/** A finding's criterion by its title; an unknown key (from an older ruleset) as stored. */
const criterionTitle = (key: string) => (CRITERION_LABELS as Record<string, { title: string }>)[key]?.title ?? key;
const SEVERITY_WORDS: Record<string, string> = { error: "Error", warning: "Warning", suggestion: "Suggestion" };
const REVIEW_OUTCOME_WORDS: Record<string, string> = {
  approved: "approved",
  changes_requested: "changes requested",
  declined: "declined",
};

/** The role an event was done in, as a person says it (the chain stores the role's key). */
const ROLE_WORDS: Record<string, string> = {
  staff: "staff",
  procurement_manager: "manager",
  delegate: "acting delegate",
  auditor: "auditor",
  admin: "administrator",
  system: "automatic",
};
const roleWords = (role: string) => ROLE_WORDS[role] ?? role;
const stateWords = (state: string | null) => (state === null ? "—" : (STATE_LABELS[state as RequestState] ?? state));

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Dossier ${data.request.reference} — Tautoko` : "Dossier — Tautoko" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(request, context, AUDIT_READERS);
  const reference = params.reference ?? "";
  if (!/^END-\d{4}-\d{4,}$/.test(reference)) throw requestNotFound();
  const dossier = await getDossier(context.db, reference);
  if (!dossier) throw requestNotFound();
  return dossier;
}

const when = (iso: string | null | undefined) => (iso ? formatNzDateTime(iso) : "—");

export default function Dossier() {
  const d = useLoaderData<typeof loader>();
  const r = requestView(d.request);
  return (
    <article className="dossier">
      <div className="page-header">
        <div>
          <h1>
            Dossier {r.reference}: {r.supplierName}
          </h1>
          <p>
            The whole record of this request, for audit. Times are NZ time. <Link to="/audit">Back to search</Link>
          </p>
        </div>
        <div>
          <StateBadge state={r.state} /> <OutcomeBadge outcome={r.outcome} state={r.state} />
        </div>
      </div>

      <section className="panel" aria-labelledby="fields-heading">
        <h2 id="fields-heading">The request</h2>
        <dl className="facts">
          <dt>Reference</dt>
          <dd>{r.reference}</dd>
          <RequestFacts request={r} requesterEmail={d.request.requester_email} />
          <dt>Supplier&apos;s original message</dt>
          <dd className="prewrap">{r.originalMessage ?? "No text was pasted."}</dd>
          <dt>State</dt>
          <dd>{STATE_LABELS[r.state]}</dd>
          <dt>Outcome</dt>
          <dd>{r.outcome === "endorse" ? "Endorse" : "Decline"}</dd>
          <dt>Deadline</dt>
          <dd>{formatDeadline(r.deadlineAt)}</dd>
          <dt>Declined by default</dt>
          <dd>{r.declinedByDefault ? "Yes" : "No"}</dd>
          <dt>Decided</dt>
          <dd>
            {when(r.decidedAt)}
            {r.deciderName ? ` by ${r.deciderName}` : ""}
          </dd>
          <dt>Decision reason</dt>
          <dd className="prewrap">{r.decisionReason ?? "—"}</dd>
          <dt>Exception ground</dt>
          <dd className="prewrap">{r.exceptionGround ?? "—"}</dd>
          <dt>Risk of adverse public reaction</dt>
          <dd className="prewrap">{riskWords(r.impactPublicRisk, r.impactPublicNote)}</dd>
          <dt>Risk of declining supplier performance</dt>
          <dd className="prewrap">{riskWords(r.impactPerformanceRisk, r.impactPerformanceNote)}</dd>
          <dt>Drafting allowed</dt>
          <dd>{when(r.draftingAllowedAt)}</dd>
          <dt>Valid until</dt>
          <dd>{r.validUntil ? formatDeadline(r.validUntil) : "—"}</dd>
          <dt>Revision</dt>
          <dd>{r.revision}</dd>
        </dl>
      </section>

      {d.approval ? (
        <section className="panel" aria-labelledby="approval-heading">
          <h2 id="approval-heading">What was approved</h2>
          <dl className="facts">
            <dt>Approved version</dt>
            <dd>{d.approval.versionNumber ?? "?"}</dd>
            <dt>SHA-256 of the approved text</dt>
            <dd className="mono" data-testid="approved-sha256">
              {d.approval.requestSha256}
            </dd>
            <dt>
              SHA-256 in the approval&apos;s audit event{d.approval.eventSeq ? ` (seq ${d.approval.eventSeq})` : ""}
            </dt>
            <dd className="mono" data-testid="approval-event-sha256">
              {d.approval.eventSha256 ?? "No approval event found"}
            </dd>
          </dl>
          {d.approval.requestSha256 &&
          d.approval.requestSha256 === d.approval.eventSha256 &&
          d.approval.eventSha256 === d.approval.versionSha256 ? (
            <p className="notice" role="status">
              The approved text, the request and the approval&apos;s audit event carry the same hash.
            </p>
          ) : (
            <p className="notice notice--danger" role="alert">
              The hashes differ: the approved text does not match what the approval recorded.
            </p>
          )}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="attachments-heading">
        <h2 id="attachments-heading">Attachments</h2>
        {d.attachments.length === 0 ? (
          <p className="empty">No files attached.</p>
        ) : (
          <table className="list list--cards">
            <thead>
              <tr>
                <th scope="col">File</th>
                <th scope="col">Type</th>
                <th scope="col">Bytes</th>
                <th scope="col">Uploaded</th>
                <th scope="col">SHA-256</th>
              </tr>
            </thead>
            <tbody>
              {d.attachments.map((a) => (
                <tr key={a.id}>
                  <td data-label="File">
                    <a href={`/requests/${r.reference}/attachments/${a.id}`} download>
                      {a.filename}
                    </a>
                  </td>
                  <td data-label="Type">{a.content_type}</td>
                  <td data-label="Bytes">{a.size}</td>
                  <td data-label="Uploaded">{when(a.uploaded_at)}</td>
                  <td data-label="SHA-256" className="mono hash">
                    {a.sha256}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Endorsement versions</h2>
        {d.versions.length === 0 ? <p className="empty">No version was written.</p> : null}
        {d.versions.map((v) => (
          <div key={v.id} className="dossier-version">
            <h3>
              Version {v.number}
              {v.basedOn ? ` (based on version ${v.basedOn})` : ""}
            </h3>
            <p className="meta">
              {v.authorName} · {when(v.createdAt)} · ruleset {v.rulesetVersion} · SHA-256{" "}
              <span className="mono">{v.sha256}</span>
            </p>
            <blockquote className="quote prewrap">{v.text}</blockquote>
            {v.diffFromPrevious ? (
              <>
                <h4>Changes from version {v.previousNumber}</h4>
                <WordDiff parts={v.diffFromPrevious} />
              </>
            ) : null}
            <h4>Findings</h4>
            {v.findings.length === 0 ? (
              <p className="empty">None.</p>
            ) : (
              <ul>
                {v.findings.map((f, i) => (
                  <li key={i}>
                    {SEVERITY_WORDS[f.severity]} · {criterionTitle(f.criterion)}: {f.message}{" "}
                    <span className="meta">
                      (line {f.line}, column {f.column})
                    </span>
                  </li>
                ))}
              </ul>
            )}
            <h4>Consents</h4>
            {v.consents.length === 0 ? (
              <p className="empty">None recorded.</p>
            ) : (
              <ul>
                {v.consents.map((c, i) => (
                  <li key={i}>
                    {c.personName} ({c.relation}): {c.consent}
                  </li>
                ))}
              </ul>
            )}
          </div>
        ))}
      </section>

      <section className="panel" aria-labelledby="reviews-heading">
        <h2 id="reviews-heading">Version reviews</h2>
        {d.versionReviews.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          d.versionReviews.map((vr) => (
            <div key={vr.id}>
              <h3>
                Version {vr.version_number}: {REVIEW_OUTCOME_WORDS[vr.outcome] ?? vr.outcome} by {vr.reviewer_name},{" "}
                {when(vr.created_at)}
              </h3>
              <ReviewRecordView record={vr.review as Partial<ReviewRecord>} />
              <details>
                <summary>The review as stored (JSON, for checking against an export)</summary>
                <pre className="prewrap dossier-json">{JSON.stringify(vr.review, null, 2)}</pre>
              </details>
            </div>
          ))
        )}
        <h2>Periodic reviews</h2>
        {d.periodicReviews.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          <ul>
            {d.periodicReviews.map((pr) => (
              <li key={pr.id}>
                {when(pr.created_at)} by {pr.reviewer_name}:{" "}
                {pr.confirmed
                  ? `confirmed, valid until ${pr.new_valid_until ? formatDeadline(pr.new_valid_until) : "?"}`
                  : `withdrawn (${pr.reason ?? ""})`}
                . Performance: {pr.performance_note}
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="comments-heading">
        <h2 id="comments-heading">Discussion</h2>
        {d.comments.length === 0 ? (
          <p className="empty">No comments.</p>
        ) : (
          <ul>
            {d.comments.map((c) => (
              <li key={c.id}>
                <strong>{c.author_name}</strong>, {when(c.created_at)}: <span className="prewrap">{c.body}</span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="panel" aria-labelledby="emails-heading">
        <h2 id="emails-heading">Emails sent for this request</h2>
        {d.emails.length === 0 ? (
          <p className="empty">None.</p>
        ) : (
          <table className="list list--cards">
            <thead>
              <tr>
                <th scope="col">Template</th>
                <th scope="col">To</th>
                <th scope="col">Subject</th>
                <th scope="col">Queued</th>
                <th scope="col">Status</th>
                <th scope="col">Sent</th>
              </tr>
            </thead>
            <tbody>
              {d.emails.map((e) => (
                <tr key={e.id}>
                  <td data-label="Template">{e.template}</td>
                  <td data-label="To" className="hash">
                    {(JSON.parse(e.to_addresses) as string[]).join(", ")}
                  </td>
                  <td data-label="Subject">{e.subject}</td>
                  <td data-label="Queued">{when(e.created_at)}</td>
                  <td data-label="Status">
                    {e.status}
                    {e.status === "pending" ? ` (${e.attempts} attempts)` : ""}
                  </td>
                  <td data-label="Sent">{when(e.sent_at)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline, from the audit chain</h2>
        <table className="list list--cards dossier-timeline">
          <thead>
            <tr>
              <th scope="col">Seq</th>
              <th scope="col">When (NZ)</th>
              <th scope="col">Who</th>
              <th scope="col">On behalf of</th>
              <th scope="col">From → to</th>
              <th scope="col">What</th>
              <th scope="col">Hash (previous → this)</th>
            </tr>
          </thead>
          <tbody>
            {d.events.map((e) => (
              <tr key={e.seq}>
                <td data-label="Seq">{e.seq}</td>
                <td data-label="When (NZ)">{when(e.at)}</td>
                <td data-label="Who">
                  {e.actorName ?? "Tautoko"}
                  {e.actorRole ? ` (${roleWords(e.actorRole)})` : ""}
                </td>
                <td data-label="On behalf of">{e.onBehalfOfName ?? "—"}</td>
                <td data-label="From → to">
                  {stateWords(e.fromState)} → {stateWords(e.toState)}
                </td>
                <td data-label="What">{e.description}</td>
                <td data-label="Hash" className="mono hash">
                  {e.prevHash.slice(0, 16)}… → {e.hash}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <p className="meta">
          Each event&apos;s hash covers its contents and the previous event&apos;s hash: seq is its place in the whole
          chain.
        </p>
        <HowToCheckChain />
      </section>
    </article>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/audit", label: "Back to the audit search" });
