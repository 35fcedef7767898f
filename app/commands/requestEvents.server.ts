import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "#db/client";
import type { RequestRow } from "#db/schema";
import type { EmailProps, EmailTemplate } from "#emails/index";
import { appendAuditEvent } from "~/audit/audit.server";
import { claimFormKey, DUPLICATE_POST_REASON } from "~/http/formKey.server";
import { managersAndDelegates, queueNotification, requestUrl } from "~/mail/notify.server";
import { actorFor } from "~/models/actors.server";
import { writeRequestChanges, writeRows } from "~/models/requestWrites.server";
import { loadRequestForEvent, type RequestRelated } from "~/models/requestSnapshot.server";
import { getUserWithRoles } from "~/models/users.server";
import { getVersionById } from "~/models/versions.server";
import { transition, type Effect, type Refusal, type TransitionResult, type WorkflowEvent } from "~/workflow/lifecycle";
import { formatDeadline, formatNzDate } from "~/workflow/nzTime";
import { draftingDeadline } from "~/workflow/workingDays.server";

export interface Person {
  id: number;
  name: string;
  email: string;
}

export type EventOutcome = { ok: true; state: RequestRow["state"]; revision: number } | Refusal;

/** What an event writes besides its own rows: only the posting form's idempotency key. */
export interface EventExtras {
  /** The posting form's idempotency key (app/http/formKey.server.ts): a repeat of the same render stores nothing. */
  formKey?: string | null;
}

/** A person's refused attempt on a request, as an audit event (DESIGN.md: refused actions are audited). */
export async function auditRefusal(
  trx: DB,
  attempt: { at: string; person: Person; request: Pick<RequestRow, "id" | "state">; event: string; refusal: Refusal },
): Promise<void> {
  const { refusal } = attempt;
  await appendAuditEvent(trx, {
    at: attempt.at,
    actorId: attempt.person.id,
    actorRole: null,
    onBehalfOfId: null,
    action: "request.refused",
    requestId: attempt.request.id,
    fromState: attempt.request.state,
    toState: attempt.request.state,
    payload: { event: attempt.event, status: refusal.status, code: refusal.code, reason: refusal.reason },
  });
}

const ACTOR_ROLE = {
  requester: "staff",
  manager: "procurement_manager",
  delegate: "delegate",
  system: "system",
} as const;

/**
 * The one place an event on a request is carried out: in a single
 * transaction it loads the request, asks the pure lifecycle, and writes the
 * new state, the audit event and the emails — or, when refused, only an audit
 * event saying so. Nothing is half-done.
 */
export async function applyRequestEvent(
  context: AppLoadContext,
  requestId: number,
  event: WorkflowEvent,
  person: Person | "system",
  extras: EventExtras = {},
): Promise<EventOutcome> {
  const outcome = await runRequestEvent(context, requestId, event, person, extras);
  return outcome.ok ? { ok: true, state: outcome.state, revision: outcome.revision } : outcome;
}

/** Like applyRequestEvent, and also says what it did: the ids of the rows it inserted and the request as it now is. */
export async function runRequestEvent(
  context: AppLoadContext,
  requestId: number,
  event: WorkflowEvent,
  person: Person | "system",
  extras: EventExtras = {},
): Promise<
  | { ok: true; state: RequestRow["state"]; revision: number; inserted: Record<string, number> }
  | (Refusal & { snapshot: { revision: number; latestNumber: number | null } })
> {
  const now = context.now();
  const at = now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const { request, snapshot, related } = await loadRequestForEvent(trx, requestId);
    const actor = person === "system" ? "system" : await actorFor(trx, { id: person.id }, now);
    const result = transition(snapshot, event, actor, { now, draftingDeadline });
    const seen = { revision: request.revision, latestNumber: snapshot.latestVersion?.number ?? null };

    if (!result.ok) {
      // A sweep refused is a race another process already won, not an attempt by a person.
      if (person !== "system") await auditRefusal(trx, { at, person, request, event: event.type, refusal: result });
      return { ...result, snapshot: seen };
    }
    if (extras.formKey && person !== "system" && !(await claimFormKey(trx, person.id, extras.formKey, now))) {
      const duplicate: Refusal = { ok: false, status: 409, code: "duplicate_post", reason: DUPLICATE_POST_REASON };
      return { ...duplicate, snapshot: seen };
    }

    const written = await writeRequestChanges(trx, request, result, at);
    const inserted = await writeRows(trx, request.id, result.rows, at);
    await appendAuditEvent(trx, {
      at,
      actorId: person === "system" ? null : person.id,
      actorRole: ACTOR_ROLE[result.audit.actingAs],
      onBehalfOfId: result.audit.onBehalfOf,
      action: `request.${result.audit.action}`,
      requestId,
      fromState: result.audit.fromState,
      toState: result.audit.toState,
      payload: { ...inserted, ...result.audit.payload },
    });
    // The row as it now stands: only writeRequestChanges writes to it, and it says what it wrote.
    const updated: RequestRow = { ...request, ...written };
    for (const effect of result.effects) {
      await sendEffect(trx, context, effect, updated, related, person, result, now);
    }
    return { ok: true, state: updated.state, revision: updated.revision, inserted };
  });
}

async function recipientsOf(
  db: DB,
  effect: Effect,
  request: RequestRow,
  related: RequestRelated,
  person: Person | "system",
  now: Date,
): Promise<string[]> {
  const requesterEmail = [related.requesterEmail];
  switch (effect.to) {
    case "requester":
      return requesterEmail;
    case "managers_and_delegates":
      return managersAndDelegates(db, now);
    case "deciders":
      // Nobody decides a request they logged, so the requester gets no decider's reminder.
      return (await managersAndDelegates(db, now)).filter((e) => !requesterEmail.includes(e));
    case "supplier_contact":
      return related.supplierContact ? [related.supplierContact] : [];
    case "comment_other_side": {
      // The requester's comment goes to the deciders; a decider's comment to the requester.
      if (person !== "system" && person.id === request.requester_id) {
        return (await managersAndDelegates(db, now)).filter((e) => e !== person.email);
      }
      return requesterEmail;
    }
  }
}

async function sendEffect(
  trx: DB,
  context: AppLoadContext,
  effect: Effect,
  request: RequestRow,
  related: RequestRelated,
  person: Person | "system",
  result: Extract<TransitionResult, { ok: true }>,
  now: Date,
): Promise<void> {
  const to = await recipientsOf(trx, effect, request, related, person, now);
  if (to.length === 0) return;
  const props = await emailPropsFor(trx, context, effect.template, request, related, person, result);
  await queueNotification(trx, context, {
    template: effect.template,
    to,
    props,
    requestId: request.id,
    now,
  });
}

/** The facts each message needs, taken from the request as it is after the change. */
async function emailPropsFor(
  db: DB,
  context: AppLoadContext,
  template: EmailTemplate,
  request: RequestRow,
  related: RequestRelated,
  person: Person | "system",
  result: Extract<TransitionResult, { ok: true }>,
): Promise<EmailProps[EmailTemplate]> {
  const { supplierName } = related;
  const base = { reference: request.reference, supplierName, requestUrl: requestUrl(context, request.reference) };
  const deciderName = person === "system" ? "Tautoko" : person.name;
  const onBehalfOfName =
    result.audit.onBehalfOf === null ? undefined : (await getUserWithRoles(db, result.audit.onBehalfOf))?.name;
  const approved = request.approved_version_id ? await getVersionById(db, request.approved_version_id) : undefined;
  const untilText = request.valid_until ? formatDeadline(request.valid_until) : "";
  const supplierTold = { told: request.supplier_notice_sent_at !== null, contact: related.supplierContact };
  switch (template) {
    case "drafting-allowed":
      return {
        ...base,
        deciderName,
        onBehalfOfName,
        exceptionGround: request.exception_ground ?? "",
        deadlineText: formatDeadline(request.deadline_at),
      };
    case "declined":
      return { ...base, deciderName, onBehalfOfName, reason: request.decision_reason ?? "", supplier: supplierTold };
    case "declined-by-default":
      return { ...base, deadlineText: formatDeadline(request.deadline_at), supplier: supplierTold };
    case "deadline-reminder":
      return {
        ...base,
        stage: request.state as "escalated" | "drafting" | "in_review",
        deadlineText: formatDeadline(request.deadline_at),
      };
    case "comment":
      return { ...base, commenterName: deciderName, commentText: String(result.audit.payload.body ?? "") };
    case "supplier-decline-notice":
      return {
        reference: request.reference,
        supplierName,
        requestType: request.request_type,
        declinedByDefault: request.declined_by_default === 1,
        receivedText: formatNzDate(request.received_at),
      };
    case "changes-requested":
      return {
        ...base,
        reviewerName: deciderName,
        versionNumber: Number(result.audit.payload.versionNumber ?? 0),
        comments: String(result.audit.payload.comments ?? ""),
        deadlineText: formatDeadline(request.deadline_at),
      };
    case "version-submitted":
      return {
        ...base,
        versionNumber: Number(result.audit.payload.versionNumber ?? 0),
        authorName: deciderName,
        deadlineText: formatDeadline(request.deadline_at),
      };
    case "approved":
      return {
        ...base,
        deciderName,
        onBehalfOfName,
        versionNumber: approved?.number ?? 0,
        approvedText: approved?.text ?? "",
        textSha256: approved?.sha256 ?? "",
        enduring: request.enduring === 1,
        untilText,
      };
    case "supplier-approval-terms":
      return {
        reference: request.reference,
        supplierName,
        requestType: request.request_type,
        approvedText: approved?.text ?? "",
        // Only what the manager approved for this purpose, never the requester's internal note of what was asked.
        permittedUse: request.permitted_use ?? "",
        enduring: request.enduring === 1,
        untilText,
      };
    case "withdrawn":
      return {
        ...base,
        deciderName,
        onBehalfOfName,
        reason: request.decision_reason ?? "",
        supplierNotified: result.audit.payload.supplierNotified === true,
      };
    case "supplier-withdrawal-notice":
      return {
        reference: request.reference,
        supplierName,
        requestType: request.request_type,
        withdrawnFromText: formatNzDate(request.decided_at ?? request.updated_at),
      };
    case "expired":
      return { ...base, validUntilText: untilText };
    default:
      throw new Error(`No email props for template "${template}" on ${result.audit.action}.`);
  }
}
