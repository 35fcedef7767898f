import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { readRequestPost, requireVisibleRequest } from "~/auth/viewer.server";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { actorFor } from "~/models/actors.server";
import { loadSnapshot } from "~/models/requestSnapshot.server";
import { ConfirmStepPanel } from "~/components/request/ConfirmSubmit";
import { cancelConsequences, declineConsequences } from "~/components/request/consequences";
import { StateBanner } from "~/components/request/StateBanner";
import { missingControls } from "~/components/request/whyNot";
import { confirmationStepOf, stepValue, CONFIRM_STEP_FIELD, CONFIRM_STEP_VALUE } from "~/http/confirmStep";
import { lastConflictDeclaration } from "~/models/conflicts.server";
import { ExceptionAllowed, RequestDetails, SupplierMessage } from "~/components/request/RequestSections";
import { requestView } from "~/components/request/requestView";
import { SupplierNoticePanel } from "~/components/request/SupplierNoticePanel";
import {
  DecidingPanel,
  DiscussionPanel,
  ExtendDeadlinePanel,
  OwnRequestPanel,
  PageNotices,
  RequestHeading,
  TimelinePanel,
} from "~/components/request/RequestPagePanels";
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
import { endOfNzDay } from "~/workflow/nzTime";
import { routeErrorBoundary } from "~/components/errors";
import { invalidForm, NOTHING_WRONG, refused } from "~/http/post.server";

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
  // A conflict this person declared keeps the deciding forms away until they say otherwise.
  const conflicted = declaration?.declared === true && params.get("declaration") !== "change";
  const formFor = (intent: Intent) => ({
    formKey,
    errors: actionData && actionData.intent === intent ? actionData.fieldErrors : {},
  });
  return (
    <>
      <PageNotices request={r} done={params.get("done")} logged={Boolean(params.get("logged"))} answer={actionData} />
      <RequestHeading request={r} />
      <StateBanner facts={r} />
      {actionData?.confirm ? <ConfirmationFor step={actionData.confirm} reference={r.reference} facts={r} /> : null}

      <RequestDetails request={r} undecided={isUndecided(r.state)} />
      <SupplierMessage request={r} attachments={attachments} />
      <ExceptionAllowed request={r} />
      <EndorsementSection summary={endorsement} events={actions} canDraft={canDraft} />

      <DecidingPanel
        request={r}
        actions={actions}
        conflicted={conflicted}
        missing={missing.decline}
        declaration={declaration}
        form={formFor("decide")}
      />
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
        <ExtendDeadlinePanel request={r} declaration={declaration} form={formFor("extend")} />
      ) : null}
      {actions.includes("correct") || actions.includes("cancel") ? (
        <OwnRequestPanel request={r} actions={actions} form={formFor("cancel")} />
      ) : null}
      <DiscussionPanel comments={comments} canComment={actions.includes("comment")} form={formFor("comment")} />
      <TimelinePanel events={timeline} />

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
