import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { forbidden, requireUser } from "~/auth/session.server";
import { readRequestPost, requireVisibleRequest } from "~/auth/viewer.server";
import { actorFor } from "~/models/actors.server";
import { loadSnapshot } from "~/models/requestSnapshot.server";
import { approveReviewedVersion, declineInReview, requestChangesToVersion } from "~/commands/versions.server";
import { CsrfField, ErrorSummary, Field, FormKeyField } from "~/components/forms";
import { selectWords } from "~/components/HighlightedText";
import { StateBadge } from "~/components/labels";
import { ConfirmStepPanel } from "~/components/request/ConfirmSubmit";
import { ConflictFields } from "~/components/request/ConflictFields";
import { declineConsequences } from "~/components/request/consequences";
import { MissingControlNote } from "~/components/request/MissingControlNote";
import { ReasonedDecisionForm } from "~/components/request/ReasonedDecisionForm";
import { conflictDeclaredControl, missingControls } from "~/components/request/whyNot";
import { requestView } from "~/components/request/requestView";
import { ApprovalForm } from "~/components/review/ApprovalForm";
import { REVIEWED_TEXT_ID, ReviewText } from "~/components/review/ReviewText";
import { confirmationStepOf, stepValue } from "~/http/confirmStep";
import { formKeyOf, mintFormKey } from "~/http/formKey.server";
import { revalidateAfterConflict } from "~/http/revalidate";
import { lastConflictDeclaration } from "~/models/conflicts.server";
import { getLatestVersion } from "~/models/versions.server";
import { canDecide } from "~/workflow/access";
import { addMonthsNz, formatDeadline, toNzDateInputValue } from "~/workflow/nzTime";
import { availableEvents } from "~/workflow/policy";
import {
  APPROVAL_MAX_MONTHS,
  approvalBlockersByField,
  approvalSchema,
  approvalValidUntil,
  declineSchema,
  nestedValuesOf,
  requestChangesSchema,
} from "~/workflow/review";
import type { Finding } from "~/workflow/textChecks";
import { RequestErrorBoundary } from "~/components/errors";
import { REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";
import type { FieldErrors } from "~/http/fieldErrors";
import { invalidForm, NOTHING_WRONG, refused } from "~/http/post.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Review — ${data.request.reference} — Tautoko` : "Review — Tautoko" },
];

export const shouldRevalidate = revalidateAfterConflict;

const NOT_A_DECIDER = "Only the Procurement Excellence Manager or an acting delegate reviews endorsement text.";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req, viewer } = await requireVisibleRequest(context, user, params.reference);
  if (!canDecide(viewer)) throw forbidden(NOT_A_DECIDER);
  const now = context.now();
  const snapshot = await loadSnapshot(context.db, req);
  const actor = await actorFor(context.db, user, now);
  const events = availableEvents(snapshot, actor, now);
  const latest = await getLatestVersion(context.db, req.id);
  const defaultUntil = approvalValidUntil("", { enduring: req.enduring === 1, now });
  const declaration = await lastConflictDeclaration(context.db, req.id, user.id);
  return {
    request: requestView(req),
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
    missing: missingControls(snapshot, actor, now, ["approveVersion", "requestChanges", "decline"]),
    declaration,
    defaultValidUntil: defaultUntil.ok ? toNzDateInputValue(defaultUntil.validUntil, true) : "",
    maxValidUntil: toNzDateInputValue(addMonthsNz(now, APPROVAL_MAX_MONTHS), true),
  };
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, req, form } = await readRequestPost(request, context, params.reference, (viewer) =>
    canDecide(viewer) ? null : NOT_A_DECIDER,
  );
  const values = nestedValuesOf(form);
  const intent = form.get("intent");
  const formKey = formKeyOf(form);

  // What the page echoes back with any answer: which form it answers, and a decline's confirmation step.
  const answer = { intent, confirm: null };

  if (intent === "approve") {
    // Which criteria need a note follows the version's findings, so the server reads them as the form did.
    const latest = await getLatestVersion(context.db, req.id);
    const findings = latest?.findings ?? [];
    const schema = approvalSchema({ enduring: req.enduring === 1, now: context.now, findings });
    const parsed = schema.safeParse(values);
    // Without JavaScript nothing weighed the review before it came: what the core would refuse is listed too.
    if (!parsed.success) return invalidForm(parsed.error, answer, approvalBlockersByField(values, findings));
    const outcome = await approveReviewedVersion(context, user, req.id, parsed.data, formKey);
    return outcome.ok ? redirect(`/requests/${req.reference}?done=approved`) : refused(outcome, answer);
  }
  if (intent === "requestChanges") {
    const parsed = requestChangesSchema.safeParse(values);
    if (!parsed.success) return invalidForm(parsed.error, answer);
    const outcome = await requestChangesToVersion(context, user, req.id, parsed.data, formKey);
    return outcome.ok ? redirect(`/requests/${req.reference}?done=changes`) : refused(outcome, answer);
  }
  if (intent === "decline") {
    const parsed = declineSchema.safeParse(values);
    if (!parsed.success) return invalidForm(parsed.error, answer);
    const confirm = confirmationStepOf(form);
    if (confirm) return data({ ...NOTHING_WRONG, intent, confirm });
    const outcome = await declineInReview(context, user, req.id, parsed.data, formKey);
    return outcome.ok ? redirect(`/requests/${req.reference}?done=declined`) : refused(outcome, answer);
  }
  return refused({ status: 400, reason: "Choose what to do with this version." }, answer);
}

/** Selects a finding's words in the text under review. */
function showFinding(f: Finding) {
  const text = document.getElementById(REVIEWED_TEXT_ID);
  if (text) selectWords(text, f.start, f.end);
}

export default function ReviewVersion() {
  const loaded = useLoaderData<typeof loader>();
  const { request: r, latest, declaration } = loaded;
  const actionData = useActionData<typeof action>();
  const serverErrors: FieldErrors = actionData?.fieldErrors ?? {};
  const errorsFor = (intent: string): FieldErrors => (actionData?.intent === intent ? serverErrors : {});

  if (!latest) {
    return (
      <p className="notice">
        There is no version of the endorsement text to review yet.{" "}
        <Link to={`/requests/${r.reference}`}>Back to {r.reference}</Link>
      </p>
    );
  }
  const noticeFacts = (notifySupplier: boolean) => ({
    requesterName: r.requesterName,
    supplierContact: r.noticeEmail,
    notifySupplier,
  });
  // A conflict this person declared keeps them from deciding until they change it.
  const conflicted = declaration?.declared === true;
  const otherActions = (
    <>
      {loaded.canRequestChanges ? (
        <details className="decision-action" open={actionData?.intent === "requestChanges" || undefined}>
          <summary className="button button--secondary">Request changes</summary>
          <RequestChangesForm
            formKey={loaded.formKey}
            versionId={latest.id}
            revision={r.revision}
            errors={errorsFor("requestChanges")}
            previousDeclaration={declaration}
          />
        </details>
      ) : loaded.missing.requestChanges ? (
        <MissingControlNote what="Request changes" control={loaded.missing.requestChanges} />
      ) : null}
      {loaded.canDecline ? (
        <details className="decision-action" open={actionData?.intent === "decline" || undefined}>
          <summary className="button button--danger">Decline the request</summary>
          <ReasonedDecisionForm
            intent="decline"
            heading=""
            className="decision-action__form"
            hidden={{ versionId: latest.id, revision: r.revision, formKey: loaded.formKey }}
            errors={errorsFor("decline")}
            supplierContact={r.noticeEmail}
            noticeLabel="Send the supplier's contact a decline notice"
            submitLabel="Decline"
            idPrefix="decline-"
            previousDeclaration={declaration}
            question={`Decline ${r.reference}?`}
            consequences={(notify) => declineConsequences(r.reference, noticeFacts(notify))}
          />
        </details>
      ) : loaded.missing.decline ? (
        <MissingControlNote what="Decline" control={loaded.missing.decline} />
      ) : null}
    </>
  );

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
      {/* The approval form lists its own problems, its browser checks with the server's. */}
      <ErrorSummary errors={actionData?.intent === "approve" ? {} : serverErrors} />
      {actionData?.confirm ? (
        <ConfirmStepPanel
          step={actionData.confirm}
          question={`Decline ${r.reference}?`}
          consequences={declineConsequences(
            r.reference,
            noticeFacts(stepValue(actionData.confirm, "notifySupplier") === "on"),
          )}
          label="Decline"
          backTo={`/requests/${r.reference}/review`}
        />
      ) : null}

      <div className="review-layout">
        <ReviewText
          reference={r.reference}
          version={latest}
          requesterName={r.requesterName}
          requesterConflictNote={r.requesterConflict ? (r.requesterConflictNote ?? "") : null}
        />
        <section className="panel review-decision" aria-labelledby="decision-heading">
          <div className="review-decision__head">
            <h2 id="decision-heading">Your review</h2>
            <FindingsSummary findings={latest.findings} />
            {conflicted ? (
              <MissingControlNote what="Approve, request changes or decline" control={conflictDeclaredControl()} />
            ) : null}
            {!loaded.canApprove && loaded.missing.approveVersion ? (
              <MissingControlNote what={`Approve version ${latest.number}`} control={loaded.missing.approveVersion} />
            ) : null}
          </div>
          {loaded.canApprove ? (
            <ApprovalForm
              formKey={loaded.formKey}
              version={latest}
              revision={r.revision}
              enduring={r.enduring}
              impact={{
                exceptionGround: r.exceptionGround,
                publicRisk: r.impactPublicRisk,
                publicNote: r.impactPublicNote,
                performanceRisk: r.impactPerformanceRisk,
                performanceNote: r.impactPerformanceNote,
              }}
              supplierContact={r.noticeEmail}
              defaultValidUntil={loaded.defaultValidUntil}
              maxValidUntil={loaded.maxValidUntil}
              previousDeclaration={declaration}
              serverErrors={errorsFor("approve")}
              onShowFinding={showFinding}
            >
              {otherActions}
            </ApprovalForm>
          ) : (
            <div className="decision-bar">{otherActions}</div>
          )}
        </section>
      </div>
    </>
  );
}

/** A request that cannot be found or acted on here: the error page leads back to the request. */
export const ErrorBoundary = RequestErrorBoundary;

/** How many findings the checker raised, by severity, with each one a click away from its words. */
function FindingsSummary({ findings }: { findings: readonly Finding[] }) {
  if (findings.length === 0) return <p className="meta">The checker raised no findings on this version.</p>;
  return (
    <details className="findings-summary">
      <summary>
        The checker raised {findings.length} finding{findings.length === 1 ? "" : "s"}: show each in the text
      </summary>
      <ul className="findings">
        {findings.map((f) => (
          <li key={`${f.rule}:${f.start}:${f.end}`} className={`finding-item finding-item--${f.severity}`}>
            <button type="button" className="button--quiet" onClick={() => showFinding(f)}>
              “{f.match}”
            </button>{" "}
            — {f.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

/** Sending the version back to its author with what should change. */
function RequestChangesForm({
  formKey,
  versionId,
  revision,
  errors,
  previousDeclaration,
}: {
  formKey: string;
  versionId: number;
  revision: number;
  errors: FieldErrors;
  previousDeclaration: Parameters<typeof ConflictFields>[0]["previous"];
}) {
  return (
    <Form method="post" className="decision-action__form">
      <CsrfField />
      <FormKeyField formKey={formKey} />
      <input type="hidden" name="intent" value="requestChanges" />
      <input type="hidden" name="versionId" value={versionId} />
      <input type="hidden" name="revision" value={revision} />
      <Field id="comments" label="What should change" required error={errors.comments}>
        <textarea id="comments" name="comments" rows={3} />
      </Field>
      <ConflictFields errors={errors} idPrefix="changes-" previous={previousDeclaration} />
      <div className="actions">
        <button className="button button--secondary" type="submit">
          Send back for changes
        </button>
      </div>
    </Form>
  );
}
