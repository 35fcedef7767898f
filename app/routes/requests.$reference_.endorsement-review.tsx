import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { forbidden, requireUser } from "~/auth/session.server";
import { readRequestPost, requireVisibleRequest } from "~/auth/viewer.server";
import { ConfirmStepPanel, ConfirmSubmit } from "~/components/request/ConfirmSubmit";
import { ConflictFields } from "~/components/request/ConflictFields";
import { withdrawConsequences } from "~/components/request/consequences";
import { MissingControlNote } from "~/components/request/MissingControlNote";
import {
  closedByStateControl,
  conflictDeclaredControl,
  missingControls,
  type MissingControl,
} from "~/components/request/whyNot";
import { confirmationStepOf, stepValue } from "~/http/confirmStep";
import { lastConflictDeclaration, type ConflictDeclarationView } from "~/models/conflicts.server";
import { requestView } from "~/components/request/requestView";
import { ReasonedDecisionForm } from "~/components/request/ReasonedDecisionForm";
import { canDecide } from "~/workflow/access";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { actorFor } from "~/models/actors.server";
import { loadSnapshot } from "~/models/requestSnapshot.server";
import { CsrfField, ErrorSummary, Field } from "~/components/forms";
import { StateBadge } from "~/components/labels";
import { getVersionById, listEndorsementReviews } from "~/models/versions.server";
import { availableEvents } from "~/workflow/policy";
import {
  addMonthsNz,
  formatCalendarDay,
  formatDeadline,
  formatNzDateTime,
  toNzDateInputValue,
} from "~/workflow/nzTime";
import { nestedValuesOf, periodicReviewSchema, REVIEW_MAX_MONTHS, withdrawSchema } from "~/workflow/review";
import { RequestErrorBoundary } from "~/components/errors";
import { REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";
import type { FieldErrors } from "~/http/fieldErrors";
import { invalidForm, NOTHING_WRONG, refused } from "~/http/post.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Review the endorsement — ${data.request.reference} — Tautoko` : "Review the endorsement — Tautoko" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req, viewer } = await requireVisibleRequest(context, user, params.reference);
  if (!canDecide(viewer))
    throw forbidden("Only the Procurement Excellence Manager or an acting delegate reviews or withdraws endorsements.");
  const now = context.now();
  const snapshot = await loadSnapshot(context.db, req);
  const actor = await actorFor(context.db, user, now);
  const events = availableEvents(snapshot, actor, now);
  const bound = req.approved_version_id ? await getVersionById(context.db, req.approved_version_id) : undefined;
  const reviews = await listEndorsementReviews(context.db, req.id);
  return {
    request: requestView(req),
    declaration: await lastConflictDeclaration(context.db, req.id, user.id),
    approved: bound ? { number: bound.number, text: bound.text, sha256: req.approved_sha256 ?? bound.sha256 } : null,
    reviews: reviews.map((r) => ({
      id: r.id,
      at: r.created_at,
      reviewerName: r.reviewer_name,
      performanceNote: r.performance_note,
      confirmed: r.confirmed === 1,
      previousValidUntil: r.previous_valid_until,
      newValidUntil: r.new_valid_until,
      reason: r.reason,
    })),
    canReview: events.includes("recordReview"),
    canWithdraw: events.includes("withdraw"),
    missing: missingControls(snapshot, actor, now, ["recordReview", "withdraw"]),
    closed: closedByStateControl(snapshot, now, "recordReview"),
    defaultValidUntil: toNzDateInputValue(addMonthsNz(now, REVIEW_MAX_MONTHS), true),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, req, form } = await readRequestPost(request, context, params.reference, (viewer) =>
    canDecide(viewer)
      ? null
      : "Only the Procurement Excellence Manager or an acting delegate reviews or withdraws endorsements.",
  );
  const values = nestedValuesOf(form);
  const intent = form.get("intent");
  // What the page echoes back with any answer: which form it answers, and a withdrawal's confirmation step.
  const answer = { intent, confirm: null };

  if (intent === "review") {
    // At most 12 months on from today, enforced here before the lifecycle runs.
    const parsed = periodicReviewSchema(context.now).safeParse(values);
    if (!parsed.success) return invalidForm(parsed.error, answer);
    const input = parsed.data;
    // A review that withdraws is as final as the withdraw form, so without JavaScript it asks first too.
    const confirm = input.decision === "withdraw" ? confirmationStepOf(form) : null;
    if (confirm) return data({ intent, formError: null, fieldErrors: {} as FieldErrors, confirm });
    const outcome = await applyRequestEvent(
      context,
      req.id,
      {
        type: "recordReview",
        revision: input.revision,
        conflict: input.conflict,
        performanceNote: input.performanceNote,
        confirm: input.decision === "confirm",
        newValidUntil: input.newValidUntil,
        reason: input.decision === "withdraw" ? input.reason : null,
      },
      user,
    );
    return outcome.ok ? redirect(`/requests/${req.reference}?done=reviewed`) : refused(outcome, answer);
  }
  if (intent === "withdraw") {
    const parsed = withdrawSchema.safeParse(values);
    if (!parsed.success) return invalidForm(parsed.error, answer);
    const confirm = confirmationStepOf(form);
    if (confirm) return data({ ...NOTHING_WRONG, intent, confirm });
    const input = parsed.data;
    const outcome = await applyRequestEvent(
      context,
      req.id,
      {
        type: "withdraw",
        revision: input.revision,
        conflict: input.conflict,
        reason: input.reason,
        notifySupplier: input.notifySupplier,
      },
      user,
    );
    return outcome.ok ? redirect(`/requests/${req.reference}?done=withdrawn`) : refused(outcome, answer);
  }
  return refused({ status: 400, reason: "Choose whether to record a review or withdraw." }, answer);
}

export default function EndorsementReview() {
  const loaded = useLoaderData<typeof loader>();
  const { request: r, approved, reviews, canReview, canWithdraw, declaration } = loaded;
  const actionData = useActionData<typeof action>();
  const [params] = useSearchParams();
  const errors: FieldErrors = actionData?.fieldErrors ?? {};
  const withdrawErrors = actionData?.intent === "withdraw" ? errors : {};
  // A conflict this person declared keeps them from reviewing until they say it has changed.
  const conflicted = declaration?.declared === true && params.get("declaration") !== "change";
  const consequences = (notifySupplier: boolean) =>
    withdrawConsequences(r.reference, {
      requesterName: r.requesterName,
      supplierContact: r.noticeEmail,
      notifySupplier,
    });
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Review the endorsement</h1>
          <p>
            <Link to={`/requests/${r.reference}`}>{r.reference}</Link>: {r.supplierName} ·{" "}
            {REQUEST_TYPE_LABELS[r.requestType]}
          </p>
        </div>
        <StateBadge state={r.state} />
      </div>
      {actionData?.formError ? (
        <div className="notice notice--danger" role="alert">
          {actionData.formError}
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      {actionData?.confirm ? (
        <ConfirmStepPanel
          step={actionData.confirm}
          question={`Withdraw the endorsement of ${r.reference}?`}
          consequences={consequences(stepValue(actionData.confirm, "notifySupplier") === "on")}
          label="Withdraw"
          backTo={`/requests/${r.reference}/endorsement-review`}
        />
      ) : null}

      {approved ? (
        <section className="panel" aria-labelledby="approved-heading">
          <h2 id="approved-heading">The approved text (version {approved.number})</h2>
          <blockquote className="quote">{approved.text}</blockquote>
          <dl className="facts">
            <dt>SHA-256</dt>
            <dd className="mono">{approved.sha256}</dd>
            <dt>Approved</dt>
            <dd>{r.decidedAt ? formatNzDateTime(r.decidedAt) : "—"}</dd>
            <dt>Valid until</dt>
            <dd>{r.validUntil ? formatDeadline(r.validUntil) : "—"}</dd>
          </dl>
        </section>
      ) : (
        <p className="notice">This request has no approved endorsement.</p>
      )}

      {conflicted && (canReview || canWithdraw) ? (
        <section className="panel" aria-label="Reviewing">
          <MissingControlNote what="Review or withdraw" control={conflictDeclaredControl()} />
          <p>
            <Link to="?declaration=change">My declaration has changed: show the review forms</Link>
          </p>
        </section>
      ) : (
        <>
          {canReview ? (
            <PeriodicReviewForm
              revision={r.revision}
              errors={actionData?.intent === "review" ? errors : {}}
              defaultValidUntil={loaded.defaultValidUntil}
              declaration={declaration}
              question={`Withdraw the endorsement of ${r.reference}?`}
              consequences={() => consequences(false)}
            />
          ) : null}
          {canWithdraw ? (
            <ReasonedDecisionForm
              intent="withdraw"
              heading="Withdraw the endorsement"
              hidden={{ revision: r.revision }}
              errors={withdrawErrors}
              supplierContact={r.noticeEmail}
              noticeLabel="Send the supplier's contact a withdrawal notice"
              submitLabel="Withdraw"
              idPrefix="withdraw-"
              previousDeclaration={declaration}
              question={`Withdraw the endorsement of ${r.reference}?`}
              consequences={consequences}
            />
          ) : null}
          <WhyNotHere closed={loaded.closed} missing={loaded.missing} />
        </>
      )}

      <section className="panel" aria-labelledby="history-heading">
        <h2 id="history-heading">Earlier reviews</h2>
        {reviews.length === 0 ? (
          <p className="empty">No review has been recorded yet.</p>
        ) : (
          <ul className="timeline">
            {reviews.map((rv) => (
              <li key={rv.id}>
                <time>{formatNzDateTime(rv.at)}</time> {rv.reviewerName}:{" "}
                {rv.confirmed
                  ? `confirmed, valid until ${rv.newValidUntil ? formatDeadline(rv.newValidUntil) : "—"}`
                  : `withdrew it: ${rv.reason ?? ""}`}
                <p className="prewrap">{rv.performanceNote}</p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/**
 * Where the review and withdraw forms would be, why they are not: the state
 * (withdrawn, expired) first, else the core's refusal of each, said once when
 * both share a reason (you logged this request, say).
 */
function WhyNotHere({
  closed,
  missing,
}: {
  closed: MissingControl | null;
  missing: Partial<Record<"recordReview" | "withdraw", MissingControl>>;
}) {
  if (closed) return <MissingControlNote what="Review or withdraw" control={closed} />;
  const { recordReview: review, withdraw } = missing;
  if (review && withdraw && review.reason === withdraw.reason)
    return <MissingControlNote what="Review or withdraw" control={review} />;
  return (
    <>
      {review ? <MissingControlNote what="Record a review" control={review} /> : null}
      {withdraw ? <MissingControlNote what="Withdraw" control={withdraw} /> : null}
    </>
  );
}

/**
 * The periodic review: confirm for up to 12 more months, or withdraw. Choosing
 * to withdraw asks first, as the withdraw form does (a dialog with JavaScript,
 * the server's confirmation step without); confirming records at once.
 */
function PeriodicReviewForm({
  revision,
  errors,
  defaultValidUntil,
  declaration,
  question,
  consequences,
}: {
  revision: number;
  errors: FieldErrors;
  defaultValidUntil: string;
  declaration: ConflictDeclarationView | null;
  question: string;
  consequences: () => readonly string[];
}) {
  return (
    <Form method="post" className="panel">
      <CsrfField />
      <input type="hidden" name="intent" value="review" />
      <input type="hidden" name="revision" value={revision} />
      <h2>Record a review</h2>
      <Field
        id="performanceNote"
        label="What is known of the supplier's performance since approval"
        required
        error={errors.performanceNote}
      >
        <textarea id="performanceNote" name="performanceNote" rows={4} />
      </Field>
      <fieldset>
        <legend id="decision">Your decision</legend>
        {errors.decision ? (
          <p className="field__error" role="alert">
            {errors.decision}
          </p>
        ) : null}
        <div className="choices">
          <label className="choice">
            <input type="radio" name="decision" value="confirm" /> Confirm the endorsement
          </label>
          <label className="choice">
            <input type="radio" name="decision" value="withdraw" /> Withdraw it
          </label>
        </div>
      </fieldset>
      <Field
        id="newValidUntil"
        label="If confirming: new valid-until (NZ date)"
        hint={`Default and at most ${REVIEW_MAX_MONTHS} months from today: ${formatCalendarDay(defaultValidUntil)}.`}
        error={errors.newValidUntil}
      >
        <input
          type="date"
          id="newValidUntil"
          name="newValidUntil"
          defaultValue={defaultValidUntil}
          max={defaultValidUntil}
        />
      </Field>
      <Field id="reason" label="If withdrawing: the reason" error={errors.reason}>
        <textarea id="reason" name="reason" rows={2} />
      </Field>
      <ConflictFields errors={errors} idPrefix="review-" previous={declaration} />
      <div className="actions">
        <ConfirmSubmit
          label="Record the review"
          className="button"
          yesLabel="Yes, withdraw"
          question={question}
          consequences={consequences}
          asks={withdrawChosen}
        />
      </div>
    </Form>
  );
}

/** Whether the review form, as it is, withdraws the endorsement. */
function withdrawChosen(form: HTMLFormElement): boolean {
  return form.querySelector<HTMLInputElement>('input[name="decision"][value="withdraw"]')?.checked ?? false;
}

/** A request that cannot be found or acted on here: the error page leads back to the request. */
export const ErrorBoundary = RequestErrorBoundary;
