import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { readRequestPost, requireVisibleRequest } from "~/auth/viewer.server";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { actorFor } from "~/models/actors.server";
import { loadSnapshot } from "~/models/requestSnapshot.server";
import { CsrfField, Field, FormKeyField, useOneSubmissionAtATime } from "~/components/forms";
import { OutcomeBadge, StateBadge } from "~/components/labels";
import { ConfirmStepPanel, ConfirmSubmit } from "~/components/request/ConfirmSubmit";
import { ConflictFields } from "~/components/request/ConflictFields";
import { cancelConsequences, declineConsequences } from "~/components/request/consequences";
import { MissingControlNote } from "~/components/request/MissingControlNote";
import { StateBanner } from "~/components/request/StateBanner";
import { conflictDeclaredControl, missingControls } from "~/components/request/whyNot";
import { confirmationStepOf, stepValue, CONFIRM_STEP_FIELD, CONFIRM_STEP_VALUE } from "~/http/confirmStep";
import { lastConflictDeclaration } from "~/models/conflicts.server";
import { ExceptionAllowed, RequestDetails, SupplierMessage } from "~/components/request/RequestSections";
import { requestView } from "~/components/request/requestView";
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
} from "~/workflow/decisionForms";
import { canActOnRequests } from "~/workflow/access";
import { isUndecided } from "~/workflow/policy";
import { availableEvents, type WorkflowEvent } from "~/workflow/lifecycle";
import { endOfNzDay, formatNzDateTime } from "~/workflow/nzTime";
import { routeErrorBoundary } from "~/components/errors";
import type { FieldErrors } from "~/http/fieldErrors";
import { invalidForm, NOTHING_WRONG, refused } from "~/http/post.server";
import { REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

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
    missing: missingControls(snapshot, actor, now, ["decline", "extendDeadline", "cancel", "approveVersion"]),
    declaration: await lastConflictDeclaration(context.db, req.id, user.id),
    formKey: mintFormKey(),
    endorsement: await getEndorsementSummary(context.db, req.id),
    canDraft: maySaveVersion(snapshot, actor, now) === null,
    timeline: await timelineOf(context.db, req.id),
    comments: await commentsOf(context.db, req.id),
    request: requestView(req),
    attachments,
  };
}

type Intent = "decide" | "extend" | "cancel" | "comment" | "declineNotice";

type Confirm = ReturnType<typeof confirmationStepOf>;

/** Without JavaScript a final action's button asks for this step first; it repeats the post with one more press. */
function confirmStep(intent: Intent, confirm: NonNullable<Confirm>) {
  return data({ ...NOTHING_WRONG, intent, confirm });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  // Auditors (and anyone else only reading) change nothing: refused before the form is even read.
  const posted = await readRequestPost(request, context, params.reference, (viewer) =>
    canActOnRequests(viewer) ? null : "Your role can read requests but not change them.",
  );
  const { user, req } = posted;
  const form = Object.fromEntries(posted.form);
  const intent = String(form.intent ?? "") as Intent;
  // What the page echoes back with any answer: which form it answers (a confirmation step comes on its own).
  const answer = { intent, confirm: null as Confirm };

  let event: WorkflowEvent;
  switch (intent) {
    case "decide": {
      // The confirmation step is only ever for declining: the button that asks for it says "Decline".
      const asking = form[CONFIRM_STEP_FIELD] === CONFIRM_STEP_VALUE;
      const parsed = decideSchema.safeParse(asking ? { ...form, decision: "decline" } : form);
      if (!parsed.success) return invalidForm(parsed.error, answer);
      const confirm = confirmationStepOf(posted.form, { decision: "decline" });
      if (confirm) return confirmStep(intent, confirm);
      event = decideEvent(parsed.data);
      break;
    }
    case "extend": {
      const parsed = extendSchema.safeParse(form);
      if (!parsed.success) return invalidForm(parsed.error, answer);
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
      if (!parsed.success) return invalidForm(parsed.error, answer);
      const confirm = confirmationStepOf(posted.form);
      if (confirm) return confirmStep(intent, confirm);
      event = { type: "cancel", revision: parsed.data.revision, reason: parsed.data.reason };
      break;
    }
    case "declineNotice": {
      const parsed = declineNoticeSchema.safeParse(form);
      if (!parsed.success) return invalidForm(parsed.error, answer);
      event = { type: "sendDeclineNotice", revision: parsed.data.revision, to: parsed.data.to };
      break;
    }
    case "comment": {
      const parsed = commentSchema.safeParse(form);
      if (!parsed.success) return invalidForm(parsed.error, answer);
      event = { type: "comment", body: parsed.data.body };
      break;
    }
    default:
      return refused({ status: 400, reason: "That action is not recognised. Reload the page and try again." }, answer);
  }

  const result = await applyRequestEvent(context, req.id, event, user, { formKey: formKeyOf(posted.form) });
  if (!result.ok) return refused(result, answer);
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
    missing,
    declaration,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const oneSubmission = useOneSubmissionAtATime();
  const undecided = isUndecided(r.state);
  // A conflict this person declared keeps the deciding forms away until they say otherwise.
  const conflicted = declaration?.declared === true && params.get("declaration") !== "change";
  const errorsFor = (intent: Intent): FieldErrors =>
    actionData && actionData.intent === intent ? actionData.fieldErrors : {};
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

      <StateBanner facts={r} />
      {actionData?.confirm ? <ConfirmationFor step={actionData.confirm} reference={r.reference} facts={r} /> : null}

      <RequestDetails request={r} undecided={undecided} />

      <SupplierMessage request={r} attachments={attachments} />
      <ExceptionAllowed request={r} />

      <EndorsementSection summary={endorsement} events={actions} canDraft={canDraft} />

      {conflicted && (actions.includes("decline") || actions.includes("extendDeadline")) ? (
        <section className="panel" aria-label="Deciding">
          <MissingControlNote what="Decide or extend the deadline" control={conflictDeclaredControl()} />
          <p>
            <Link to="?declaration=change">My declaration has changed: show the decision forms</Link>
          </p>
        </section>
      ) : actions.includes("decline") ? (
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
            previousDeclaration={declaration}
            reference={r.reference}
            requesterName={r.requesterName}
          />
        </section>
      ) : missing.decline ? (
        <section className="panel" aria-label="Deciding">
          <MissingControlNote what="Decide this request" control={missing.decline} />
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

      {actions.includes("extendDeadline") && !conflicted ? (
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
            <ConflictFields errors={errorsFor("extend")} idPrefix="extend-" previous={declaration} />
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
            <Form method="post" noValidate aria-label="Cancel this request">
              <CsrfField />
              <FormKeyField formKey={formKey} />
              <input type="hidden" name="intent" value="cancel" />
              <input type="hidden" name="revision" value={r.revision} />
              <Field id="cancelReason" label="Cancel this request: why?" error={errorsFor("cancel").reason}>
                <textarea id="cancelReason" name="reason" rows={2} />
              </Field>
              <ConfirmSubmit
                label="Cancel request"
                question={`Cancel ${r.reference}?`}
                consequences={() => cancelConsequences(r.reference)}
                className="button button--secondary"
              />
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
          <Form method="post" noValidate key={formKey} onSubmit={oneSubmission}>
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

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/requests", label: "Go to your requests" });

/** Without JavaScript: the confirmation step of a decline or a cancellation, as the server returned it. */
function ConfirmationFor({
  step,
  reference,
  facts,
}: {
  step: NonNullable<Confirm>;
  reference: string;
  facts: { requesterName: string; noticeEmail: string | null };
}) {
  const declining = step.intent === "decide";
  return (
    <ConfirmStepPanel
      step={step}
      question={declining ? `Decline ${reference}?` : `Cancel ${reference}?`}
      consequences={
        declining
          ? declineConsequences(reference, {
              requesterName: facts.requesterName,
              supplierContact: facts.noticeEmail,
              notifySupplier: stepValue(step, "notifySupplier") === "on",
            })
          : cancelConsequences(reference)
      }
      label={declining ? "Decline" : "Cancel the request"}
      backTo={`/requests/${reference}`}
    />
  );
}
