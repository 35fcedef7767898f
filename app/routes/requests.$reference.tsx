import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import type { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { readRequestPost, requireVisibleRequest } from "~/auth/viewer.server";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { actorFor } from "~/models/actors.server";
import { loadSnapshot } from "~/models/requestSnapshot.server";
import { CsrfField, Field, FormKeyField } from "~/components/forms";
import { OutcomeBadge, StateBadge } from "~/components/labels";
import { ConflictFields } from "~/components/request/ConflictFields";
import { DecisionForm } from "~/components/request/DecisionForm";
import { SupplierNoticePanel } from "~/components/request/SupplierNoticePanel";
import { Timeline } from "~/components/request/Timeline";
import { formKeyOf, mintFormKey } from "~/http/formKey.server";
import { revalidateAfterConflict } from "~/http/revalidate";
import { listAttachments } from "~/models/requests.server";
import { commentsOf, timelineOf } from "~/models/timeline.server";
import { getEndorsementSummary } from "~/models/versions.server";
import { EndorsementSection } from "~/components/EndorsementSection";
import { maySaveVersion } from "~/workflow/versions";
import {
  cancelSchema,
  commentSchema,
  decideEvent,
  decideSchema,
  declineNoticeSchema,
  extendSchema,
  type FormErrors,
} from "~/workflow/decisionForms";
import { canActOnRequests } from "~/workflow/access";
import { availableEvents, type WorkflowEvent } from "~/workflow/lifecycle";
import { endOfNzDay, formatDeadline, formatNzDateTime, nzDateOf } from "~/workflow/nzTime";
import { CHANNEL_LABELS, REQUEST_TYPE_LABELS } from "~/workflow/requestForm";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.request.reference} — Tautoko` : "Request — Tautoko" },
];

export const shouldRevalidate = revalidateAfterConflict;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req } = await requireVisibleRequest(context, user, params.reference);
  const attachments = await listAttachments(context.db, req.id);
  const now = context.now();
  const snapshot = await loadSnapshot(context.db, req);
  const actor = await actorFor(context.db, user, now);
  const actions = availableEvents(snapshot, actor, now);
  return {
    actions,
    formKey: mintFormKey(),
    endorsement: await getEndorsementSummary(context.db, req.id),
    canDraft: maySaveVersion(snapshot, actor, now) === null,
    timeline: await timelineOf(context.db, req.id),
    comments: await commentsOf(context.db, req.id),
    request: {
      id: req.id,
      reference: req.reference,
      state: req.state,
      outcome: req.outcome,
      supplierName: req.supplier_name,
      supplierNzbn: req.supplier_nzbn,
      supplierContactEmail: req.supplier_contact_email,
      requestContactEmail: req.contact_email,
      noticeEmail: req.notice_email,
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
      loggerName: req.logger_name,
      reassigned: req.requester_id !== req.logged_by_id,
      loggedAt: req.logged_at,
      deadlineAt: req.deadline_at,
      declinedByDefault: req.declined_by_default === 1,
      decisionReason: req.decision_reason,
      deciderName: req.decider_name,
      decidedAt: req.decided_at,
      revision: req.revision,
      exceptionGround: req.exception_ground,
      impactPublicRisk: req.impact_public_risk,
      impactPublicNote: req.impact_public_note,
      impactPerformanceRisk: req.impact_performance_risk,
      impactPerformanceNote: req.impact_performance_note,
      draftingAllowedAt: req.drafting_allowed_at,
      permittedUse: req.permitted_use,
      supplierNoticeSentAt: req.supplier_notice_sent_at,
      deadlineDate: nzDateOf(req.deadline_at),
    },
    attachments,
  };
}

type Intent = "decide" | "extend" | "cancel" | "comment" | "declineNotice";

function invalid(intent: Intent, error: z.ZodError) {
  const fieldErrors: FormErrors = {};
  for (const issue of error.issues) fieldErrors[issue.path.join(".") || "form"] ??= issue.message;
  return data({ intent, fieldErrors, formError: null as string | null, code: null as string | null }, { status: 400 });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Auditors (and anyone else only reading) change nothing: refused before the form is even read.
  const posted = await readRequestPost(request, context, params.reference, (viewer) =>
    canActOnRequests(viewer) ? null : "Your role can read requests but not change them.",
  );
  const { user, req } = posted;
  const form = Object.fromEntries(posted.form);
  const intent = String(form.intent ?? "") as Intent;

  let event: WorkflowEvent;
  switch (intent) {
    case "decide": {
      const parsed = decideSchema.safeParse(form);
      if (!parsed.success) return invalid(intent, parsed.error);
      event = decideEvent(parsed.data);
      break;
    }
    case "extend": {
      const parsed = extendSchema.safeParse(form);
      if (!parsed.success) return invalid(intent, parsed.error);
      const v = parsed.data;
      event = {
        type: "extendDeadline",
        revision: v.revision,
        conflict: v.conflict === "declared" ? { hasConflict: true, note: v.conflictNote } : { hasConflict: false },
        newDeadline: endOfNzDay(v.newDeadlineDate),
        reason: v.reason,
      };
      break;
    }
    case "cancel": {
      const parsed = cancelSchema.safeParse(form);
      if (!parsed.success) return invalid(intent, parsed.error);
      event = { type: "cancel", revision: parsed.data.revision, reason: parsed.data.reason };
      break;
    }
    case "declineNotice": {
      const parsed = declineNoticeSchema.safeParse(form);
      if (!parsed.success) return invalid(intent, parsed.error);
      event = { type: "sendDeclineNotice", revision: parsed.data.revision, to: parsed.data.to };
      break;
    }
    case "comment": {
      const parsed = commentSchema.safeParse(form);
      if (!parsed.success) return invalid(intent, parsed.error);
      event = { type: "comment", body: parsed.data.body };
      break;
    }
    default:
      return data(
        {
          intent,
          fieldErrors: {} as FormErrors,
          formError: "That action is not recognised. Reload the page and try again.",
          code: null,
        },
        { status: 400 },
      );
  }

  const result = await applyRequestEvent(context, req.id, event, user, { formKey: formKeyOf(posted.form) });
  if (!result.ok) {
    const fieldErrors: FormErrors = result.field ? { [result.field]: result.reason } : {};
    return data(
      { intent, fieldErrors, formError: result.reason, code: result.code as string | null },
      { status: result.status },
    );
  }
  return redirect(`/requests/${req.reference}?done=${intent}`);
}

const DONE_MESSAGES: Record<string, string> = {
  decide: "Your decision is recorded, and the requester has been emailed.",
  extend: "The deadline is extended.",
  cancel: "The request is cancelled.",
  comment: "Your comment is added, and the other side has been emailed.",
  declineNotice: "The decline notice is on its way to the supplier's contact, and the timeline records it.",
  correct: "Your corrections are saved and recorded in the timeline.",
  submitted: "The version is submitted for review, and the managers have been emailed.",
  approved: "The endorsement is approved for this exact version of the text.",
  changes: "Changes are requested; the requester has been emailed.",
  declined: "The request is declined; the requester has been emailed.",
  reviewed: "The review is recorded.",
  withdrawn: "The endorsement is withdrawn; the requester has been emailed.",
};

function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

export default function RequestPage() {
  const {
    request: r,
    attachments,
    actions,
    timeline,
    comments,
    endorsement,
    canDraft,
    formKey,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const undecided = r.state === "escalated" || r.state === "drafting" || r.state === "in_review";
  const errorsFor = (intent: Intent): FormErrors =>
    actionData && actionData.intent === intent ? (actionData.fieldErrors as FormErrors) : {};
  const done = params.get("done");
  return (
    <>
      {done && DONE_MESSAGES[done] ? (
        <div className="notice" role="status">
          {DONE_MESSAGES[done]}
        </div>
      ) : null}
      {actionData?.code === "duplicate_post" ? (
        <div className="notice" role="status">
          {actionData.formError}
        </div>
      ) : actionData?.formError ? (
        <div className="notice notice--danger" role="alert">
          <strong>Not saved.</strong> {actionData.formError} The page below shows the request as it is now:{" "}
          {r.state.replace("_", " ")}, revision {r.revision}.
        </div>
      ) : null}
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
            {REQUEST_TYPE_LABELS[r.requestType]} · logged by {r.loggerName} on {formatNzDateTime(r.loggedAt)}
            {r.reassigned ? ` · now followed by ${r.requesterName}` : ""}
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
          <dt>Contact the request arrived with</dt>
          <dd>{r.requestContactEmail ?? "Not given"}</dd>
          <dt>Contact on the supplier&apos;s record</dt>
          <dd>{r.supplierContactEmail ?? "None"}</dd>
          <dt>Notices to the supplier go to</dt>
          <dd>{r.noticeEmail ?? "Nobody: no contact is known, so none can be sent"}</dd>
          <dt>Request type</dt>
          <dd>{REQUEST_TYPE_LABELS[r.requestType]}</dd>
          <dt>Enduring</dt>
          <dd>{r.enduring ? "Yes — it would last, so it must be reviewed" : "No — a single use"}</dd>
          {r.permittedUse ? (
            <>
              <dt>Where it may be used</dt>
              <dd className="prewrap">{r.permittedUse}</dd>
            </>
          ) : null}
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
            {r.requesterConflict ? (
              <span className="prewrap">Declared: {r.requesterConflictNote}</span>
            ) : (
              "None declared"
            )}
          </dd>
          <dt>Response deadline</dt>
          <dd>{formatDeadline(r.deadlineAt)} (NZ time)</dd>
          <dt>Logged</dt>
          <dd>
            {formatNzDateTime(r.loggedAt)} by {r.loggerName}
          </dd>
          {r.reassigned ? (
            <>
              <dt>Now followed by</dt>
              <dd>
                {r.requesterName} (passed on when {r.loggerName} left; see the timeline)
              </dd>
            </>
          ) : null}
        </dl>
      </section>

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
      {r.exceptionGround ? (
        <section className="panel" aria-labelledby="exception-heading">
          <h2 id="exception-heading">Exception allowed</h2>
          <dl className="facts">
            <dt>Exception ground</dt>
            <dd className="prewrap">{r.exceptionGround}</dd>
            <dt>Risk of adverse public reaction</dt>
            <dd className="prewrap">
              {r.impactPublicRisk}: {r.impactPublicNote}
            </dd>
            <dt>Risk of declining supplier performance</dt>
            <dd className="prewrap">
              {r.impactPerformanceRisk}: {r.impactPerformanceNote}
            </dd>
            {r.draftingAllowedAt ? (
              <>
                <dt>Allowed</dt>
                <dd>{formatNzDateTime(r.draftingAllowedAt)}</dd>
              </>
            ) : null}
          </dl>
        </section>
      ) : null}

      <EndorsementSection summary={endorsement} events={actions} canDraft={canDraft} />

      {actions.includes("decline") ? (
        <section className="panel">
          {r.requesterConflict ? (
            <div className="notice notice--decline">
              <strong>{r.loggerName}, who logged it, declared a conflict of interest:</strong> {r.requesterConflictNote}
            </div>
          ) : (
            <p className="meta">{r.loggerName}, who logged it, declared no conflict of interest.</p>
          )}
          {/* Keyed by the render, so after any post the form starts again from what is possible now. */}
          <DecisionForm
            key={formKey}
            formKey={formKey}
            revision={r.revision}
            canAllowDrafting={actions.includes("allowDrafting")}
            supplierContact={r.noticeEmail}
            serverErrors={errorsFor("decide")}
          />
        </section>
      ) : null}

      {r.state === "declined" ? (
        <SupplierNoticePanel
          contact={r.noticeEmail}
          sentAt={r.supplierNoticeSentAt}
          canSend={actions.includes("sendDeclineNotice")}
          revision={r.revision}
          formKey={formKey}
        />
      ) : null}

      {actions.includes("extendDeadline") ? (
        <section className="panel" aria-labelledby="extend-heading">
          <h2 id="extend-heading">Extend the deadline</h2>
          <Form method="post" noValidate>
            <CsrfField />
            <FormKeyField formKey={formKey} />
            <input type="hidden" name="intent" value="extend" />
            <input type="hidden" name="revision" value={r.revision} />
            <Field
              id="newDeadlineDate"
              label="New deadline (the end of this day, NZ time)"
              required
              error={errorsFor("extend").newDeadlineDate ?? errorsFor("extend").newDeadline}
            >
              <input type="date" id="newDeadlineDate" name="newDeadlineDate" min={r.deadlineDate} />
            </Field>
            <Field id="extendReason" label="Reason" required error={errorsFor("extend").reason}>
              <textarea id="extendReason" name="reason" rows={2} />
            </Field>
            <ConflictFields errors={errorsFor("extend")} showNote idPrefix="extend-" />
            <button className="button button--secondary" type="submit">
              Extend deadline
            </button>
          </Form>
        </section>
      ) : null}

      {actions.includes("correct") || actions.includes("cancel") ? (
        <section className="panel" aria-labelledby="own-heading">
          <h2 id="own-heading">Your request</h2>
          {actions.includes("correct") ? (
            <p>
              <Link to={`/requests/${r.reference}/edit`}>Correct the details of this request</Link>
            </p>
          ) : null}
          {actions.includes("cancel") ? (
            <Form method="post" noValidate>
              <CsrfField />
              <FormKeyField formKey={formKey} />
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="revision" value={r.revision} />
              <Field id="cancelReason" label="Cancel this request: why?" error={errorsFor("cancel").reason}>
                <textarea id="cancelReason" name="reason" rows={2} />
              </Field>
              <button className="button button--secondary" type="submit">
                Cancel request
              </button>
            </Form>
          ) : null}
        </section>
      ) : null}

      <section className="panel" aria-labelledby="discussion-heading">
        <h2 id="discussion-heading">Discussion</h2>
        {comments.length === 0 ? <p className="empty">No comments yet.</p> : null}
        <ol className="timeline">
          {comments.map((c) => (
            <li key={c.id}>
              <p className="meta">
                <strong>{c.author_name}</strong> · <time dateTime={c.created_at}>{formatNzDateTime(c.created_at)}</time>
              </p>
              <p className="prewrap">{c.body}</p>
            </li>
          ))}
        </ol>
        {actions.includes("comment") ? (
          // Keyed by the render: a posted comment leaves an empty box, and a repeat of the same render stores nothing.
          <Form method="post" noValidate key={formKey}>
            <CsrfField />
            <FormKeyField formKey={formKey} />
            <input type="hidden" name="intent" value="comment" />
            <Field id="body" label="Add a comment" hint="The other side is emailed." error={errorsFor("comment").body}>
              <textarea id="body" name="body" rows={3} aria-describedby="body-hint" />
            </Field>
            <button className="button button--secondary" type="submit">
              Add comment
            </button>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <p className="meta">Every event on this request, from the append-only audit log (times in NZ).</p>
        <Timeline events={timeline} />
      </section>

      <p>
        <Link to="/">Back to your start page</Link>
      </p>
    </>
  );
}
