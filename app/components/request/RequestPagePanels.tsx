import { Form, Link } from "@remix-run/react";
import { CsrfField, Field, FormKeyField, useOneSubmissionAtATime } from "~/components/forms";
import { OutcomeBadge, StateBadge } from "~/components/labels";
import { ConfirmSubmit } from "~/components/request/ConfirmSubmit";
import { ConflictFields } from "~/components/request/ConflictFields";
import { cancelConsequences } from "~/components/request/consequences";
import { DecisionForm } from "~/components/request/DecisionForm";
import { MissingControlNote } from "~/components/request/MissingControlNote";
import type { RequestView } from "~/components/request/requestView";
import { Timeline } from "~/components/request/Timeline";
import { conflictDeclaredControl, type MissingControl } from "~/components/request/whyNot";
import type { FieldErrors } from "~/http/fieldErrors";
import type { ConflictDeclarationView } from "~/models/conflicts.server";
import type { PersonEventType } from "~/workflow/policy";
import { formatNzDateTime } from "~/workflow/nzTime";
import { REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

/**
 * The request page's panels, one per thing a person does there (read it,
 * decide, extend, correct or cancel, discuss, follow the timeline). Each
 * shows its form only when the core offers the event (`actions`).
 */

type Actions = readonly PersonEventType[];

/** What every panel with a form needs: the render's key, and the field errors of its own last post. */
interface FormState {
  formKey: string;
  errors: FieldErrors;
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

/** What the last step did or why it was not saved, above everything else. */
export function PageNotices({
  request: r,
  done,
  logged,
  answer,
}: {
  request: RequestView;
  done: string | null;
  logged: boolean;
  answer: { formError: string | null; code: string | null } | undefined;
}) {
  return (
    <>
      {done && DONE_MESSAGES[done] ? (
        <div className="notice" role="status">
          {DONE_MESSAGES[done]}
        </div>
      ) : null}
      {answer?.code === "duplicate_post" ? (
        <div className="notice" role="status">
          {answer.formError}
        </div>
      ) : answer?.formError ? (
        <div className="notice notice--danger" role="alert">
          <strong>Not saved.</strong> {answer.formError} The page below shows the request as it is now:{" "}
          {r.state.replace("_", " ")}, revision {r.revision}.
        </div>
      ) : null}
      {logged ? (
        <div className="notice" role="status">
          Logged as <strong>{r.reference}</strong> and escalated to the Procurement Excellence Manager. You will be
          emailed when it is decided.
        </div>
      ) : null}
    </>
  );
}

/** Reference, supplier, who logged it (and who follows it now), state and outcome. */
export function RequestHeading({ request: r }: { request: RequestView }) {
  return (
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
  );
}

/**
 * The decision, for those the core lets decide; a declared conflict keeps it
 * away until the decider says otherwise; otherwise why it is not offered.
 */
export function DecidingPanel({
  request: r,
  actions,
  conflicted,
  missing,
  declaration,
  form,
}: {
  request: RequestView;
  actions: Actions;
  conflicted: boolean;
  missing: MissingControl | undefined;
  declaration: ConflictDeclarationView | null;
  form: FormState;
}) {
  if (conflicted && (actions.includes("decline") || actions.includes("extendDeadline"))) {
    return (
      <section className="panel" aria-label="Deciding">
        <MissingControlNote what="Decide or extend the deadline" control={conflictDeclaredControl()} />
        <p>
          <Link to="?declaration=change">My declaration has changed: show the decision forms</Link>
        </p>
      </section>
    );
  }
  if (actions.includes("decline")) {
    return (
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
          key={form.formKey}
          formKey={form.formKey}
          revision={r.revision}
          canAllowDrafting={actions.includes("allowDrafting")}
          supplierContact={r.noticeEmail}
          serverErrors={form.errors}
          previousDeclaration={declaration}
          reference={r.reference}
          requesterName={r.requesterName}
        />
      </section>
    );
  }
  return missing ? (
    <section className="panel" aria-label="Deciding">
      <MissingControlNote what="Decide this request" control={missing} />
    </section>
  ) : null;
}

export function ExtendDeadlinePanel({
  request: r,
  declaration,
  form,
}: {
  request: RequestView;
  declaration: ConflictDeclarationView | null;
  form: FormState;
}) {
  return (
    <section className="panel" aria-labelledby="extend-heading">
      <h2 id="extend-heading">Extend the deadline</h2>
      <Form method="post" noValidate>
        <CsrfField />
        <FormKeyField formKey={form.formKey} />
        <input type="hidden" name="intent" value="extend" />
        <input type="hidden" name="revision" value={r.revision} />
        <Field
          id="newDeadlineDate"
          label="New deadline (the end of this day, NZ time)"
          required
          error={form.errors.newDeadlineDate ?? form.errors.newDeadline}
        >
          <input type="date" id="newDeadlineDate" name="newDeadlineDate" min={r.deadlineDate} />
        </Field>
        <Field id="extendReason" label="Reason" required error={form.errors.reason}>
          <textarea id="extendReason" name="reason" rows={2} />
        </Field>
        <ConflictFields errors={form.errors} idPrefix="extend-" previous={declaration} />
        <button className="button button--secondary" type="submit">
          Extend deadline
        </button>
      </Form>
    </section>
  );
}

/** The requester's own controls: correct the details, or cancel (which asks first). */
export function OwnRequestPanel({
  request: r,
  actions,
  form,
}: {
  request: RequestView;
  actions: Actions;
  form: FormState;
}) {
  return (
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
          <FormKeyField formKey={form.formKey} />
          <input type="hidden" name="intent" value="cancel" />
          <input type="hidden" name="revision" value={r.revision} />
          <Field id="cancelReason" label="Cancel this request: why?" error={form.errors.reason}>
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
  );
}

export function DiscussionPanel({
  comments,
  canComment,
  form,
}: {
  comments: ReadonlyArray<{ id: number; author_name: string; created_at: string; body: string }>;
  canComment: boolean;
  form: FormState;
}) {
  const oneSubmission = useOneSubmissionAtATime();
  return (
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
      {canComment ? (
        // Keyed by the render: a posted comment leaves an empty box, and a repeat of the same render stores nothing.
        <Form method="post" noValidate key={form.formKey} onSubmit={oneSubmission}>
          <CsrfField />
          <FormKeyField formKey={form.formKey} />
          <input type="hidden" name="intent" value="comment" />
          <Field id="body" label="Add a comment" hint="The other side is emailed." error={form.errors.body}>
            <textarea id="body" name="body" rows={3} aria-describedby="body-hint" />
          </Field>
          <button className="button button--secondary" type="submit">
            Add comment
          </button>
        </Form>
      ) : null}
    </section>
  );
}

export function TimelinePanel({ events }: { events: Parameters<typeof Timeline>[0]["events"] }) {
  return (
    <section className="panel" aria-labelledby="timeline-heading">
      <h2 id="timeline-heading">Timeline</h2>
      <p className="meta">Every event on this request, from the append-only audit log (times in NZ).</p>
      <Timeline events={events} />
    </section>
  );
}
