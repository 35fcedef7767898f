import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "#db/client";
import { compileOnce } from "#db/compileOnce";
import type { RequestRow, RequestUpdate } from "#db/schema";
import type { EmailProps, EmailTemplate } from "#emails/index";
import { appendAuditEvent } from "~/audit/audit.server";
import { managersAndDelegates, queueNotification, requestUrl } from "~/mail/notify.server";
import { delegatorsOf } from "~/models/delegations.server";
import { getRoles } from "~/models/users.server";
import {
  transition,
  type Actor,
  type Effect,
  type Refusal,
  type RequestSnapshot,
  type TransitionResult,
  type WorkflowEvent,
} from "~/workflow/lifecycle";
import { formatDeadline, formatNzDate, nzDateOf } from "~/workflow/nzTime";
import { supplierNoticeAddress } from "~/workflow/policy";
import { draftingDeadline } from "~/workflow/workingDays.server";

export interface Person {
  id: number;
  name: string;
  email: string;
}

export type EventOutcome = { ok: true; state: RequestRow["state"]; revision: number } | Refusal;

/** Field corrections the requester may make while undecided (the command writes them; the core audits the diff). */
export type Corrections = Partial<
  Pick<
    RequestRow,
    | "supplier_id"
    | "contact_email"
    | "request_type"
    | "enduring"
    | "channel"
    | "received_at"
    | "asked"
    | "original_message"
    | "contract_ref"
  >
>;

/** Extra rows an event writes beside the request (comment text, corrected fields). */
export interface EventExtras {
  corrections?: Corrections;
  /**
   * Rows that belong to the change (a review's attestations, say), written in
   * the same transaction only when the event is allowed.
   */
  alsoWrite?: (trx: DB, at: string) => Promise<void>;
}

export async function loadSnapshot(db: DB, request: RequestRow): Promise<RequestSnapshot> {
  const latest = await db
    .selectFrom("endorsement_versions")
    .select(["id", "number", "sha256", "author_id"])
    .where("request_id", "=", request.id)
    .orderBy("number", "desc")
    .limit(1)
    .executeTakeFirst();
  const supplier = await db
    .selectFrom("suppliers")
    .select("contact_email")
    .where("id", "=", request.supplier_id)
    .executeTakeFirstOrThrow();
  return snapshotOf(request, latest ?? null, supplierNoticeAddress(request.contact_email, supplier.contact_email));
}

/** What the lifecycle needs to know about a request, from its row, its latest version and its supplier. */
function snapshotOf(
  request: RequestRow,
  latest: { id: number; number: number; sha256: string; author_id: number } | null,
  supplierContact: string | null,
): RequestSnapshot {
  return {
    id: request.id,
    state: request.state,
    outcome: request.outcome,
    revision: request.revision,
    requesterId: request.requester_id,
    loggedById: request.logged_by_id,
    deadlineAt: request.deadline_at,
    enduring: request.enduring === 1,
    validUntil: request.valid_until,
    latestVersion: latest
      ? { id: latest.id, number: latest.number, sha256: latest.sha256, authorId: latest.author_id }
      : null,
    supplierHasContact: Boolean(supplierContact),
  };
}

// Run by every event on a request: compiled once (db/compileOnce.ts).
const selectForEvent = compileOnce((db, p: { requestId: number }) =>
  db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .innerJoin("users as requester", "requester.id", "requests.requester_id")
    .leftJoin("endorsement_versions as latest", (join) =>
      join.onRef("latest.request_id", "=", "requests.id").on("latest.number", "=", (eb) =>
        eb
          .selectFrom("endorsement_versions as v")
          .select((v) => v.fn.max("v.number").as("n"))
          .whereRef("v.request_id", "=", "requests.id"),
      ),
    )
    .selectAll("requests")
    .select([
      "suppliers.name as supplier_name",
      "suppliers.contact_email as supplier_contact_email",
      "requester.email as requester_email",
      "latest.id as latest_id",
      "latest.number as latest_number",
      "latest.sha256 as latest_sha256",
      "latest.author_id as latest_author_id",
    ])
    .where("requests.id", "=", p.requestId),
);

/**
 * A request with what an event on it needs besides its own row — its
 * supplier, its requester, its latest version — in one query, since a
 * decision runs inside the write lock and every query there is time other
 * writers wait.
 */
async function loadForEvent(trx: DB, requestId: number) {
  const row = (await selectForEvent(trx, { requestId })).rows[0];
  if (row === undefined) throw new Error(`Request ${requestId} does not exist.`);
  const {
    supplier_name,
    supplier_contact_email,
    requester_email,
    latest_id,
    latest_number,
    latest_sha256,
    latest_author_id,
    ...request
  } = row;
  const latest =
    latest_id !== null && latest_number !== null && latest_sha256 !== null && latest_author_id !== null
      ? { id: latest_id, number: latest_number, sha256: latest_sha256, author_id: latest_author_id }
      : null;
  const supplierContact = supplierNoticeAddress(request.contact_email, supplier_contact_email);
  return {
    request: request as RequestRow,
    snapshot: snapshotOf(request as RequestRow, latest, supplierContact),
    related: { supplierName: supplier_name, supplierContact, requesterEmail: requester_email },
  };
}

/** The request's supplier and requester, as loadForEvent found them. */
type Related = Awaited<ReturnType<typeof loadForEvent>>["related"];

export async function actorFor(db: DB, person: Person, now: Date): Promise<Actor> {
  return {
    userId: person.id,
    roles: await getRoles(db, person.id),
    delegatedBy: await delegatorsOf(db, person.id, nzDateOf(now)),
  };
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
  const now = context.now();
  const at = now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const { request, snapshot, related } = await loadForEvent(trx, requestId);
    const actor = person === "system" ? "system" : await actorFor(trx, person, now);
    const result = transition(snapshot, event, actor, { now, draftingDeadline });

    if (!result.ok) {
      // A sweep refused is a race another process already won, not an attempt by a person.
      if (person !== "system") await auditRefusal(trx, { at, person, request, event: event.type, refusal: result });
      return result;
    }

    const written = await writeChanges(trx, request, result, event, person, extras, at);
    if (extras.alsoWrite) await extras.alsoWrite(trx, at);
    await appendAuditEvent(trx, {
      at,
      actorId: person === "system" ? null : person.id,
      actorRole: ACTOR_ROLE[result.audit.actingAs],
      onBehalfOfId: result.audit.onBehalfOf,
      action: `request.${result.audit.action}`,
      requestId,
      fromState: result.audit.fromState,
      toState: result.audit.toState,
      payload: result.audit.payload,
    });
    // The row as it now stands: only writeChanges writes to it, and it says what it wrote.
    const updated: RequestRow = { ...request, ...written };
    for (const effect of result.effects) {
      await sendEffect(trx, context, effect, updated, related, event, person, result, now);
    }
    return { ok: true, state: updated.state, revision: updated.revision };
  });
}

// A comment is the commonest event: compiled once (db/compileOnce.ts).
const insertComment = compileOnce((db, p: { requestId: number; authorId: number; body: string; at: string }) =>
  db.insertInto("comments").values({ request_id: p.requestId, author_id: p.authorId, body: p.body, created_at: p.at }),
);

async function writeChanges(
  trx: DB,
  request: RequestRow,
  result: Extract<TransitionResult, { ok: true }>,
  event: WorkflowEvent,
  person: Person | "system",
  extras: EventExtras,
  at: string,
): Promise<RequestUpdate> {
  const n = result.next;
  const set: RequestUpdate = {};
  if (n.state !== undefined) set.state = n.state;
  if (n.outcome !== undefined) set.outcome = n.outcome;
  if (n.deadlineAt !== undefined) {
    set.deadline_at = n.deadlineAt;
    set.reminder_sent_for = null;
  }
  if (n.declinedByDefault !== undefined) set.declined_by_default = n.declinedByDefault ? 1 : 0;
  if (n.decidedBy !== undefined) set.decided_by = n.decidedBy;
  if (n.decidedAt !== undefined) set.decided_at = n.decidedAt;
  if (n.decisionReason !== undefined) set.decision_reason = n.decisionReason;
  if (n.validUntil !== undefined) set.valid_until = n.validUntil;
  if (n.exceptionGround !== undefined) set.exception_ground = n.exceptionGround;
  if (n.impactPublicRisk !== undefined) set.impact_public_risk = n.impactPublicRisk;
  if (n.impactPublicNote !== undefined) set.impact_public_note = n.impactPublicNote;
  if (n.impactPerformanceRisk !== undefined) set.impact_performance_risk = n.impactPerformanceRisk;
  if (n.impactPerformanceNote !== undefined) set.impact_performance_note = n.impactPerformanceNote;
  if (n.draftingAllowedAt !== undefined) set.drafting_allowed_at = n.draftingAllowedAt;
  if (event.type === "correct" && extras.corrections) Object.assign(set, extras.corrections);
  if (event.type === "remindDeadline") set.reminder_sent_for = request.deadline_at;
  if (event.type === "approveVersion") {
    set.approved_version_id = event.versionId;
    set.approved_sha256 = event.sha256.toLowerCase();
  }
  if (result.revision !== request.revision) {
    set.revision = result.revision;
    set.updated_at = at;
  }
  if (Object.keys(set).length > 0) {
    // The revision guard makes a lost update impossible even if two writers slipped past the lock.
    const updated = await trx
      .updateTable("requests")
      .set(set)
      .where("id", "=", request.id)
      .where("revision", "=", request.revision)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new Error(`Request ${request.id} changed during its own transaction.`);
  }
  if (event.type === "comment" && person !== "system") {
    await insertComment(trx, { requestId: request.id, authorId: person.id, body: event.body.trim(), at });
  }
  if (event.type === "recordReview" && person !== "system") {
    await trx
      .insertInto("endorsement_reviews")
      .values({
        request_id: request.id,
        reviewer_id: person.id,
        created_at: at,
        performance_note: event.performanceNote.trim(),
        confirmed: event.confirm ? 1 : 0,
        previous_valid_until: request.valid_until,
        new_valid_until: event.confirm ? (result.next.validUntil ?? null) : null,
        reason: event.confirm ? null : (event.reason ?? "").trim(),
      })
      .execute();
  }
  return set;
}

async function userById(db: DB, id: number | null): Promise<Person | null> {
  if (id === null) return null;
  return (await db.selectFrom("users").select(["id", "name", "email"]).where("id", "=", id).executeTakeFirst()) ?? null;
}

async function recipientsOf(
  db: DB,
  effect: Effect,
  request: RequestRow,
  related: Related,
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
  related: Related,
  event: WorkflowEvent,
  person: Person | "system",
  result: Extract<TransitionResult, { ok: true }>,
  now: Date,
): Promise<void> {
  const to = await recipientsOf(trx, effect, request, related, person, now);
  if (to.length === 0) return;
  const props = await emailPropsFor(
    trx,
    context,
    effect.template as EmailTemplate,
    request,
    related,
    event,
    person,
    result,
  );
  await queueNotification(trx, context, {
    template: effect.template as EmailTemplate,
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
  related: Related,
  event: WorkflowEvent,
  person: Person | "system",
  result: Extract<TransitionResult, { ok: true }>,
): Promise<EmailProps[EmailTemplate]> {
  const { supplierName } = related;
  const base = { reference: request.reference, supplierName, requestUrl: requestUrl(context, request.reference) };
  const deciderName = person === "system" ? "Tautoko" : person.name;
  const onBehalfOfName = (await userById(db, result.audit.onBehalfOf))?.name;
  const approved = request.approved_version_id
    ? await db
        .selectFrom("endorsement_versions")
        .selectAll()
        .where("id", "=", request.approved_version_id)
        .executeTakeFirst()
    : undefined;
  const untilText = request.valid_until ? formatDeadline(request.valid_until) : "";
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
      return { ...base, deciderName, onBehalfOfName, reason: request.decision_reason ?? "" };
    case "declined-by-default":
      return { ...base, deadlineText: formatDeadline(request.deadline_at) };
    case "deadline-reminder":
      return {
        ...base,
        stage: request.state as "escalated" | "drafting" | "in_review",
        deadlineText: formatDeadline(request.deadline_at),
      };
    case "comment":
      return { ...base, commenterName: deciderName, commentText: event.type === "comment" ? event.body.trim() : "" };
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
        comments: event.type === "requestChanges" ? event.comments.trim() : "",
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
        permittedUse: request.asked,
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
      throw new Error(`No email props for template "${template}" on ${event.type}.`);
  }
}
