import { zodResolver } from "@hookform/resolvers/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSubmit } from "@remix-run/react";
import { useMemo, type FormEvent } from "react";
import { useForm, type FieldErrors as FormErrors } from "react-hook-form";
import { forbidden, requireUser } from "~/auth/session.server";
import { readRequestPost, requireVisibleRequest } from "~/auth/viewer.server";
import { ConflictFields } from "~/components/request/ConflictFields";
import { ReasonedDecisionForm } from "~/components/request/ReasonedDecisionForm";
import { canDecide } from "~/workflow/access";
import { actorFor } from "~/models/actors.server";
import { loadSnapshot } from "~/models/requestSnapshot.server";
import { approveReviewedVersion, declineInReview, requestChangesToVersion } from "~/commands/versions.server";
import { FindingsList } from "~/components/EndorsementSection";
import { CsrfField, ErrorSummary, Field, FormKeyField } from "~/components/forms";
import { formKeyOf, mintFormKey } from "~/http/formKey.server";
import { revalidateAfterConflict } from "~/http/revalidate";
import { useHydrated } from "~/components/hydrated";
import { StateBadge } from "~/components/labels";
import { getLatestVersion } from "~/models/versions.server";
import { availableEvents } from "~/workflow/policy";
import { addMonthsNz, formatDeadline, formatNzDateTime, toNzDateInputValue } from "~/workflow/nzTime";
import { fieldErrorsOf, REQUEST_TYPE_LABELS, type FieldErrors } from "~/workflow/requestForm";
import {
  APPROVAL_MAX_MONTHS,
  approvalSchema,
  approvalValidUntil,
  CRITERION_LABELS,
  declineSchema,
  nestedValuesOf,
  occurrenceKey,
  PROBLEM_CRITERIA,
  requestChangesSchema,
  SINGLE_USE_DAYS,
  type ApprovalFormValues,
  type ApprovalInput,
} from "~/workflow/review";
import { CRITERIA } from "~/workflow/textChecks/rules";
import { CONSENT_RELATION_LABELS } from "~/workflow/versions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Review — ${data.request.reference} — Tautoko` : "Review — Tautoko" },
];

export const shouldRevalidate = revalidateAfterConflict;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req, viewer } = await requireVisibleRequest(context, user, params.reference);
  if (!canDecide(viewer))
    throw forbidden("Only the Procurement Excellence Manager or an acting delegate reviews endorsement text.");
  const now = context.now();
  const snapshot = await loadSnapshot(context.db, req);
  const events = availableEvents(snapshot, await actorFor(context.db, user, now), now);
  const latest = await getLatestVersion(context.db, req.id);
  const defaultUntil = approvalValidUntil("", { enduring: req.enduring === 1, now });
  return {
    request: {
      reference: req.reference,
      state: req.state,
      supplierName: req.supplier_name,
      supplierContact: req.notice_email,
      requestType: req.request_type,
      enduring: req.enduring === 1,
      asked: req.asked,
      deadlineAt: req.deadline_at,
      revision: req.revision,
      requesterName: req.requester_name,
      requesterConflict: req.requester_conflict === 1,
      requesterConflictNote: req.requester_conflict_note,
      exceptionGround: req.exception_ground,
      impact: {
        publicRisk: req.impact_public_risk,
        publicNote: req.impact_public_note,
        performanceRisk: req.impact_performance_risk,
        performanceNote: req.impact_performance_note,
      },
    },
    latest: latest
      ? {
          id: latest.id,
          number: latest.number,
          text: latest.text,
          sha256: latest.sha256,
          authorName: latest.author_name,
          createdAt: latest.created_at,
          rulesetVersion: latest.ruleset_version,
          findings: latest.findings,
          consents: latest.consents,
        }
      : null,
    formKey: mintFormKey(),
    canApprove: events.includes("approveVersion"),
    canRequestChanges: events.includes("requestChanges"),
    canDecline: events.includes("decline") && req.state === "in_review",
    defaultValidUntil: defaultUntil.ok ? toNzDateInputValue(defaultUntil.validUntil, true) : "",
    maxValidUntil: toNzDateInputValue(addMonthsNz(now, APPROVAL_MAX_MONTHS), true),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, req, form } = await readRequestPost(request, context, params.reference, (viewer) =>
    canDecide(viewer)
      ? null
      : "Only the Procurement Excellence Manager or an acting delegate reviews endorsement text.",
  );
  const values = nestedValuesOf(form);
  const intent = form.get("intent");
  const formKey = formKeyOf(form);

  const invalid = (error: Parameters<typeof fieldErrorsOf>[0]) =>
    data({ intent, formError: null, fieldErrors: fieldErrorsOf(error) }, { status: 400 });
  const refused = (outcome: { status: number; reason: string; code: string }) =>
    data(
      { intent, formError: outcome.reason, code: outcome.code, fieldErrors: {} as FieldErrors },
      { status: outcome.status },
    );

  if (intent === "approve") {
    // The valid-until rules (24 months; a single use within 30 days) are enforced here, before the lifecycle.
    const parsed = approvalSchema({ enduring: req.enduring === 1, now: context.now }).safeParse(values);
    if (!parsed.success) return invalid(parsed.error);
    const outcome = await approveReviewedVersion(context, user, req.id, parsed.data, formKey);
    return outcome.ok ? redirect(`/requests/${req.reference}?done=approved`) : refused(outcome);
  }
  if (intent === "requestChanges") {
    const parsed = requestChangesSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error);
    const outcome = await requestChangesToVersion(context, user, req.id, parsed.data, formKey);
    return outcome.ok ? redirect(`/requests/${req.reference}?done=changes`) : refused(outcome);
  }
  if (intent === "decline") {
    const parsed = declineSchema.safeParse(values);
    if (!parsed.success) return invalid(parsed.error);
    const outcome = await declineInReview(context, user, req.id, parsed.data, formKey);
    return outcome.ok ? redirect(`/requests/${req.reference}?done=declined`) : refused(outcome);
  }
  return data(
    { intent, formError: "Choose what to do with this version.", fieldErrors: {} as FieldErrors },
    { status: 400 },
  );
}

/** react-hook-form's nested errors as dotted field names, like the server's. */
function flatErrors(errors: FormErrors, prefix = ""): FieldErrors {
  const out: FieldErrors = {};
  for (const [key, value] of Object.entries(errors)) {
    if (!value || typeof value !== "object") continue;
    const path = prefix ? `${prefix}.${key}` : key;
    if ("message" in value && typeof value.message === "string") out[path] = value.message;
    else Object.assign(out, flatErrors(value as FormErrors, path));
  }
  return out;
}

export default function ReviewVersion() {
  const {
    request: r,
    latest,
    canApprove,
    canRequestChanges,
    canDecline,
    defaultValidUntil,
    maxValidUntil,
    formKey,
  } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const hydrated = useHydrated();
  const submit = useSubmit();
  const schema = useMemo(() => approvalSchema({ enduring: r.enduring, now: () => new Date() }), [r.enduring]);
  const {
    register,
    handleSubmit,
    formState: { errors },
  } = useForm<ApprovalFormValues, unknown, ApprovalInput>({
    resolver: zodResolver(schema),
    defaultValues: { validUntil: defaultValidUntil },
    // The error summary takes focus and lists every problem; jumping to the first field would hide it.
    shouldFocusError: false,
  });
  const serverErrors: FieldErrors = actionData?.fieldErrors ?? {};
  const approveErrors: FieldErrors =
    actionData?.intent === "approve" ? { ...serverErrors, ...flatErrors(errors) } : flatErrors(errors);
  const otherErrors: FieldErrors = actionData?.intent !== "approve" ? serverErrors : {};

  function onApprove(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    void handleSubmit(() => submit(formElement, { method: "post" }))(event);
  }

  if (!latest) {
    return (
      <p className="notice">
        There is no version of the endorsement text to review yet.{" "}
        <Link to={`/requests/${r.reference}`}>Back to {r.reference}</Link>
      </p>
    );
  }
  const errorsAndWarnings = latest.findings.filter((f) => f.severity !== "suggestion");

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Review version {latest.number}</h1>
          <p>
            <Link to={`/requests/${r.reference}`}>{r.reference}</Link>: {r.supplierName} ·{" "}
            {REQUEST_TYPE_LABELS[r.requestType]} · decision due by the {formatDeadline(r.deadlineAt)}
          </p>
        </div>
        <StateBadge state={r.state} />
      </div>
      {actionData?.formError ? (
        <div className="notice notice--danger" role="alert">
          {actionData.formError}
        </div>
      ) : null}
      <ErrorSummary errors={{ ...approveErrors, ...otherErrors }} />

      <section className="panel" aria-labelledby="text-heading">
        <h2 id="text-heading">The text you are reviewing</h2>
        <blockquote className="quote">{latest.text}</blockquote>
        <p className="meta">
          Version {latest.number} by {latest.authorName}, {formatNzDateTime(latest.createdAt)} · SHA-256{" "}
          <span className="mono">{latest.sha256}</span> · checked with ruleset {latest.rulesetVersion} ·{" "}
          <Link to={`/requests/${r.reference}/versions`}>compare versions</Link>
        </p>
        <h3>Findings</h3>
        <FindingsList findings={latest.findings} />
        <h3>People named and their consent</h3>
        {latest.consents.length === 0 ? (
          <p className="empty">Nobody is recorded as named or shown.</p>
        ) : (
          <ul>
            {latest.consents.map((c, i) => (
              <li key={i}>
                {c.person_name} ({CONSENT_RELATION_LABELS[c.relation]}): {c.consent}
              </li>
            ))}
          </ul>
        )}
        <h3>The requester&apos;s conflict of interest</h3>
        <p>
          {r.requesterConflict
            ? `Declared by ${r.requesterName}: ${r.requesterConflictNote ?? ""}`
            : `None declared by ${r.requesterName}.`}
        </p>
      </section>

      {canApprove ? (
        <Form method="post" noValidate className="panel" onSubmit={hydrated ? onApprove : undefined}>
          <CsrfField />
          <FormKeyField formKey={formKey} />
          <input type="hidden" name="intent" value="approve" />
          {/* Approval binds to exactly this version and text; a newer one needs a new review. */}
          <input type="hidden" {...register("versionId")} value={latest.id} />
          <input type="hidden" {...register("sha256")} value={latest.sha256} />
          <input type="hidden" {...register("revision")} value={r.revision} />
          <h2>Approve version {latest.number}</h2>

          <fieldset className="form-section">
            <legend>The criteria</legend>
            {CRITERIA.map((c) => (
              <div key={c} className="criterion">
                <h3 id={`criteria.${c}.met`}>{CRITERION_LABELS[c].title}</h3>
                <p className="field__hint">{CRITERION_LABELS[c].asks}</p>
                {approveErrors[`criteria.${c}.met`] ? (
                  <p className="field__error" role="alert">
                    {approveErrors[`criteria.${c}.met`]}
                  </p>
                ) : null}
                <div className="choices" role="radiogroup" aria-labelledby={`criteria.${c}.met`}>
                  <label className="choice">
                    <input type="radio" value="met" {...register(`criteria.${c}.met`)} /> Met
                  </label>
                  <label className="choice">
                    <input type="radio" value="not_met" {...register(`criteria.${c}.met`)} /> Not met
                  </label>
                </div>
                <Field
                  id={`criteria.${c}.note`}
                  label={`Evidence: ${CRITERION_LABELS[c].title.toLowerCase()}`}
                  error={approveErrors[`criteria.${c}.note`]}
                >
                  <textarea id={`criteria.${c}.note`} rows={2} {...register(`criteria.${c}.note`)} />
                </Field>
                {(PROBLEM_CRITERIA as readonly string[]).includes(c) ? (
                  <>
                    <p id={`knownProblems.${c}.known`}>
                      Are performance problems or disputes with this supplier known?
                    </p>
                    {approveErrors[`knownProblems.${c}.known`] ? (
                      <p className="field__error" role="alert">
                        {approveErrors[`knownProblems.${c}.known`]}
                      </p>
                    ) : null}
                    <div className="choices" role="radiogroup" aria-labelledby={`knownProblems.${c}.known`}>
                      <label className="choice">
                        <input type="radio" value="yes" {...register(`knownProblems.${c as "complete"}.known`)} /> Yes
                      </label>
                      <label className="choice">
                        <input type="radio" value="no" {...register(`knownProblems.${c as "complete"}.known`)} /> No
                      </label>
                    </div>
                    <Field
                      id={`knownProblems.${c}.howReflected`}
                      label="If yes, how the text reflects them"
                      error={approveErrors[`knownProblems.${c}.howReflected`]}
                    >
                      <textarea
                        id={`knownProblems.${c}.howReflected`}
                        rows={2}
                        {...register(`knownProblems.${c as "complete"}.howReflected`)}
                      />
                    </Field>
                  </>
                ) : null}
              </div>
            ))}
          </fieldset>

          {errorsAndWarnings.length > 0 ? (
            <fieldset className="form-section">
              <legend>Findings of version {latest.number}</legend>
              <p className="field__hint">
                Each error must be waived with a reason, each warning acknowledged — one by one.
              </p>
              {errorsAndWarnings.map((f, i) => (
                <div key={occurrenceKey(f)} className={`finding-item finding-item--${f.severity}`}>
                  <input type="hidden" {...register(`findings.${i}.key`)} value={occurrenceKey(f)} />
                  <p>
                    <strong>{f.severity === "error" ? "Error" : "Warning"}</strong> at line {f.line}:{f.column} —{" "}
                    {f.message}
                  </p>
                  {f.severity === "error" ? (
                    <Field id={`findings.${i}.waiver`} label="Waive it: your reason">
                      <textarea id={`findings.${i}.waiver`} rows={2} {...register(`findings.${i}.waiver`)} />
                    </Field>
                  ) : (
                    <label className="choice">
                      <input type="checkbox" value="on" {...register(`findings.${i}.acknowledged`)} /> I acknowledge
                      this warning
                    </label>
                  )}
                </div>
              ))}
            </fieldset>
          ) : null}

          <fieldset className="form-section">
            <legend>The impact assessment</legend>
            <p>Recorded when drafting was allowed:</p>
            <dl className="facts">
              <dt>Exception ground</dt>
              <dd className="prewrap">{r.exceptionGround ?? "Not recorded"}</dd>
              <dt>Adverse public reaction</dt>
              <dd>
                {r.impact.publicRisk ?? "—"}: {r.impact.publicNote ?? ""}
              </dd>
              <dt>Supplier&apos;s performance declining</dt>
              <dd>
                {r.impact.performanceRisk ?? "—"}: {r.impact.performanceNote ?? ""}
              </dd>
            </dl>
            <label className="choice">
              <input type="checkbox" value="on" {...register("impactConfirmed")} /> I confirm this impact assessment
              against the final text of version {latest.number}
            </label>
          </fieldset>

          <fieldset className="form-section">
            <legend>Valid until</legend>
            {r.enduring ? (
              <Field
                id="validUntil"
                label="Valid until (NZ date)"
                hint={`Default 12 months from today; at most ${APPROVAL_MAX_MONTHS} months (${maxValidUntil}).`}
                error={approveErrors.validUntil}
              >
                <input type="date" id="validUntil" max={maxValidUntil} {...register("validUntil")} />
              </Field>
            ) : (
              <p>
                A single use within {SINGLE_USE_DAYS} days: valid until the end of {defaultValidUntil}.
                <input type="hidden" {...register("validUntil")} value={defaultValidUntil} />
              </p>
            )}
          </fieldset>

          <fieldset className="form-section">
            <legend>Terms of use</legend>
            <Field
              id="permittedUse"
              label="Where it may be used"
              hint="What you approve it for, e.g. “On their company website and in tender responses”. Needed to send the supplier the terms, which say only this about use."
              error={approveErrors.permittedUse}
            >
              <textarea id="permittedUse" rows={2} aria-describedby="permittedUse-hint" {...register("permittedUse")} />
            </Field>
            {r.supplierContact ? (
              <label className="choice">
                <input type="checkbox" value="on" {...register("notifySupplier")} /> Send the supplier&apos;s contact,{" "}
                <strong>{r.supplierContact}</strong>, the approval terms: the approved wording, where it may be used,
                and until when
              </label>
            ) : null}
          </fieldset>

          <fieldset className="form-section">
            <legend>Your conflict of interest declaration for this request</legend>
            {approveErrors.conflict ? (
              <p className="field__error" role="alert">
                {approveErrors.conflict}
              </p>
            ) : null}
            <div className="choices">
              <label className="choice">
                <input type="radio" value="none" id="conflict" {...register("conflict")} /> I have no conflict of
                interest
              </label>
              <label className="choice">
                <input type="radio" value="declared" {...register("conflict")} /> I declare a conflict
              </label>
            </div>
            <Field
              id="conflictNote"
              label="Describe the conflict, if you declare one"
              error={approveErrors.conflictNote}
            >
              <textarea id="conflictNote" rows={2} {...register("conflictNote")} />
            </Field>
          </fieldset>

          <div className="actions">
            <button className="button" type="submit">
              Approve version {latest.number}
            </button>
          </div>
        </Form>
      ) : null}

      {canRequestChanges ? (
        <Form method="post" className="panel">
          <CsrfField />
          <FormKeyField formKey={formKey} />
          <input type="hidden" name="intent" value="requestChanges" />
          <input type="hidden" name="versionId" value={latest.id} />
          <input type="hidden" name="revision" value={r.revision} />
          <h2>Request changes</h2>
          <Field id="comments" label="What should change" required error={otherErrors.comments}>
            <textarea id="comments" name="comments" rows={4} />
          </Field>
          <ConflictFields errors={otherErrors} showNote idPrefix="changes-" />
          <div className="actions">
            <button className="button button--secondary" type="submit">
              Send back for changes
            </button>
          </div>
        </Form>
      ) : null}

      {canDecline ? (
        <ReasonedDecisionForm
          intent="decline"
          heading="Decline the request"
          hidden={{ versionId: latest.id, revision: r.revision, formKey }}
          errors={otherErrors}
          supplierContact={r.supplierContact}
          noticeLabel="Send the supplier's contact a decline notice"
          submitLabel="Decline"
          idPrefix="decline-"
        />
      ) : null}

      {!canApprove && !canRequestChanges && !canDecline ? (
        <p className="notice">You cannot review this request now (it is not in review, or you may not decide it).</p>
      ) : null}
    </>
  );
}
