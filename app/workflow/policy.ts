import type { Outcome, RequestState, Role } from "#db/schema";
import type { Finding } from "~/workflow/textChecks/checkText";
import { FINAL_STATES, STATE_WORDS, UNDECIDED_STATES } from "~/workflow/vocabulary";

/**
 * Who may act on a request, and when: the may-act rules shared by the
 * transition (which the server runs) and by the pages (which offer only what
 * the server would accept). Pure: no database, no clock, no email.
 *
 * Sources: DESIGN.md "Users and roles", "Separation of duties", "Lifecycle of
 * a request".
 */

/** What the transition needs to know about a request, loaded by the server. */
export interface RequestSnapshot {
  id: number;
  state: RequestState;
  outcome: Outcome;
  revision: number;
  /** Who follows the request now (its requester): the logger, or whoever a leaver's requests passed to. */
  requesterId: number;
  /** Who logged it, as its history records; never changed by a reassignment. */
  loggedById: number;
  /** ISO UTC. */
  deadlineAt: string;
  enduring: boolean;
  /** Set by approval (and moved by a confirming review). ISO UTC. */
  validUntil: string | null;
  /** The latest version, with the findings stored with it (approval is blocked by them, not by what a form says). */
  latestVersion: { id: number; number: number; sha256: string; authorId: number; findings: readonly Finding[] } | null;
  supplierHasContact: boolean;
  /** The supplier's contact email, where the supplier notices go. */
  supplierContact: string | null;
  /** The supplier's contact was sent the decline notice already (it is sent at most once). */
  supplierNoticeSent: boolean;
}

/** A signed-in person as every rule sees them: the pages' viewer and the transition's actor are one type. */
export interface Actor {
  userId: number;
  roles: readonly Role[];
  /** Managers whose delegation to this user is in force now (`delegationStatus`, resolved by the server). */
  delegatedBy: readonly number[];
}

export { FINAL_STATES, STATE_WORDS, UNDECIDED_STATES };

/**
 * DESIGN.md lists allow drafting, decline, approve a version, extend a
 * deadline, record a review and withdraw; requesting changes is a manager's
 * decision on a version too, so it carries the same separation of duties.
 */
export const DECIDING_EVENTS = [
  "allowDrafting",
  "decline",
  "extendDeadline",
  "requestChanges",
  "approveVersion",
  "recordReview",
  "withdraw",
  // Telling the supplier of a decline speaks for the agency's decision, so only a decider may (issue 20, item 6).
  "sendDeclineNotice",
] as const;

/** Events only the scheduled sweep raises. */
export const SWEEP_EVENTS = ["declineByDefault", "expire", "remindDeadline"] as const;

/** Events people raise from a page, in the order a page offers them (availableEvents keeps it). */
export const PERSON_EVENTS = [
  "allowDrafting",
  "decline",
  "cancel",
  "correct",
  "extendDeadline",
  "comment",
  "saveVersion",
  "submitVersion",
  "requestChanges",
  "approveVersion",
  "recordReview",
  "withdraw",
  "sendDeclineNotice",
] as const;

export type DecidingEventType = (typeof DECIDING_EVENTS)[number];
export type SweepEventType = (typeof SWEEP_EVENTS)[number];
export type PersonEventType = (typeof PERSON_EVENTS)[number];
export type WorkflowEventType = PersonEventType | SweepEventType;

export type ActingAs = "requester" | "manager" | "delegate" | "system";

export type RefusalCode =
  | "system_only"
  | "people_only"
  | "read_only"
  | "not_decider"
  | "own_request"
  | "delegator_request"
  | "own_version"
  | "delegator_version"
  | "conflict_declared"
  | "not_requester"
  | "not_participant"
  // "I'm handling this" (app/workflow/claims.ts)
  | "already_claimed"
  | "claimed_by_other"
  | "not_claimed"
  | "stale_revision"
  | "duplicate_post"
  | "wrong_state"
  | "deadline_passed"
  | "valid_until_passed"
  | "not_due"
  | "no_version"
  | "version_not_latest"
  | "blocked_by_review"
  | "reason_required"
  | "no_changes"
  | "invalid_date"
  | "invalid_deadline"
  | "invalid_valid_until"
  | "invalid_delegate"
  | "no_delegation"
  | "no_supplier_contact"
  | "notice_already_sent";

export interface Refusal {
  ok: false;
  status: 400 | 403 | 409;
  /** Plain words, shown to the person. */
  reason: string;
  /** Stable machine code. */
  code: RefusalCode;
  /** For 400s: the form field the reason belongs beside. */
  field?: string;
}

/** In what capacity an allowed actor acts; recorded in the audit event. */
export interface Permission {
  ok: true;
  actingAs: ActingAs;
  onBehalfOf: number | null;
}

export function refuse(status: Refusal["status"], code: RefusalCode, reason: string, field?: string): Refusal {
  return field === undefined ? { ok: false, status, code, reason } : { ok: false, status, code, reason, field };
}

export function isUndecided(state: RequestState): boolean {
  return (UNDECIDED_STATES as readonly RequestState[]).includes(state);
}

export function isFinal(state: RequestState): boolean {
  return (FINAL_STATES as readonly RequestState[]).includes(state);
}

function isDecidingEvent(type: WorkflowEventType): type is DecidingEventType {
  return (DECIDING_EVENTS as readonly string[]).includes(type);
}

function isSweepEvent(type: WorkflowEventType): type is SweepEventType {
  return (SWEEP_EVENTS as readonly string[]).includes(type);
}

/** At or after `iso`: a deadline is passed at the instant it falls due. */
export function reached(now: Date, iso: string): boolean {
  return now.getTime() >= Date.parse(iso);
}

const isManager = (actor: Actor) => actor.roles.includes("procurement_manager");

/**
 * Who may be named, and act, as a delegate: someone who takes part in
 * requests (staff or manager). An auditor or admin without either role never
 * decides, in any capacity (DESIGN.md "Users and roles").
 */
export function mayActAsDelegate(roles: readonly Role[]): boolean {
  return roles.includes("staff") || roles.includes("procurement_manager");
}

/** A delegation as the rules need it, with both accounts as they are now. */
export interface DelegationFacts {
  /** First and last NZ calendar day, YYYY-MM-DD. */
  startsOn: string;
  endsOn: string;
  revoked: boolean;
  managerActive: boolean;
  managerRoles: readonly Role[];
  delegateActive: boolean;
  delegateRoles: readonly Role[];
}

export type DelegationStatus =
  | "in_force"
  | "not_started"
  | "finished"
  | "revoked"
  | "manager_disabled"
  | "manager_not_manager"
  | "delegate_disabled"
  | "delegate_not_eligible";

/**
 * Whether a delegation lets its delegate act on the NZ day `today`. It ends
 * early when the delegating manager is disabled or loses the manager role,
 * and holds only while the delegate may still be one (DESIGN.md "Users and
 * roles"): an old row never lets an admin or auditor act.
 */
export function delegationStatus(delegation: DelegationFacts, today: string): DelegationStatus {
  if (delegation.revoked) return "revoked";
  if (!delegation.managerActive) return "manager_disabled";
  if (!delegation.managerRoles.includes("procurement_manager")) return "manager_not_manager";
  if (!delegation.delegateActive) return "delegate_disabled";
  if (!mayActAsDelegate(delegation.delegateRoles)) return "delegate_not_eligible";
  if (today < delegation.startsOn) return "not_started";
  if (today > delegation.endsOn) return "finished";
  return "in_force";
}

export const DELEGATION_STATUS_WORDS: Record<DelegationStatus, string> = {
  in_force: "In force",
  not_started: "Not started yet",
  finished: "Finished",
  revoked: "Ended early by the manager",
  manager_disabled: "Ended: the manager's account was disabled",
  manager_not_manager: "Ended: the manager no longer holds the manager role",
  delegate_disabled: "Ended: the delegate's account was disabled",
  delegate_not_eligible: "Ended: the delegate holds no role that takes part in requests",
};

/** The facts about the people in a proposed delegation that decide whether it may be made. */
export interface DelegationProposal {
  managerId: number;
  managerRoles: readonly Role[];
  delegate: { id: number; name: string; active: boolean; roles: readonly Role[] } | null;
  startsOn: string;
  endsOn: string;
}

/**
 * Why this delegation may not be made, or null: only a manager names one, of
 * an active person other than themselves who may act as a delegate, for a
 * range that ends on or after it starts. The command and the page both ask this.
 */
export function delegationRefusal(proposal: DelegationProposal): Refusal | null {
  const { delegate } = proposal;
  if (!proposal.managerRoles.includes("procurement_manager")) {
    return refuse(403, "not_decider", "Only a Procurement Excellence Manager can name an acting delegate.");
  }
  if (delegate?.id === proposal.managerId) {
    return refuse(400, "invalid_delegate", "You cannot name yourself.", "delegateId");
  }
  if (!delegate?.active) return refuse(400, "invalid_delegate", "Choose an active person.", "delegateId");
  if (!mayActAsDelegate(delegate.roles)) {
    return refuse(
      400,
      "invalid_delegate",
      `${delegate.name} cannot act as a delegate: auditors and administrators make no decisions. Choose a member of staff or a manager.`,
      "delegateId",
    );
  }
  if (proposal.endsOn < proposal.startsOn) {
    return refuse(400, "invalid_date", "The last day must be on or after the first day.", "endsOn");
  }
  return null;
}

/** Whether `candidate` may be offered as a delegate by manager `managerId` (the page's list of people). */
export function mayBeNamedDelegate(
  managerId: number,
  candidate: { id: number; active: boolean; roles: readonly Role[] },
) {
  return candidate.id !== managerId && candidate.active && mayActAsDelegate(candidate.roles);
}

/**
 * Whether this actor acts as someone's delegate now. The delegation rows were
 * checked by `delegationStatus`; the actor's own roles are checked again here,
 * so no caller can make an admin or auditor a decider by passing a list.
 */
export function actsAsDelegate(actor: Actor): boolean {
  return actor.delegatedBy.length > 0 && mayActAsDelegate(actor.roles);
}

const isDelegate = actsAsDelegate;

/** The people a request belongs to: who logged it and who follows it now; neither may decide it. */
function ownersOf(request: RequestSnapshot): readonly number[] {
  return [request.loggedById, request.requesterId];
}

/**
 * How this actor may decide this request, or null. A manager decides in
 * their own right (even if also someone's delegate); a delegate decides on
 * behalf of a delegator who did not log the request. Ignores the conflict
 * declaration (that comes with each form) and version authorship (that is
 * per version).
 */
export function decidingCapacity(
  request: RequestSnapshot,
  actor: Actor,
  notOnBehalfOf: readonly number[] = [],
): { as: "manager" | "delegate"; onBehalfOf: number | null } | null {
  const owners = ownersOf(request);
  if (owners.includes(actor.userId)) return null;
  if (isManager(actor)) return { as: "manager", onBehalfOf: null };
  if (!isDelegate(actor)) return null;
  const excluded = [...owners, ...notOnBehalfOf];
  const delegator = actor.delegatedBy.find((managerId) => !excluded.includes(managerId));
  return delegator === undefined ? null : { as: "delegate", onBehalfOf: delegator };
}

/** Auditors and admins read; they never change a request (DESIGN.md "Users and roles"). */
function readOnlyRefusal(actor: Actor): Refusal | null {
  if (actor.roles.includes("staff") || isManager(actor) || isDelegate(actor)) return null;
  const reason = actor.roles.includes("auditor")
    ? "Auditors can read every request and its history, but cannot change anything."
    : "Administrators manage users, roles and suppliers, but take no part in requests.";
  return refuse(403, "read_only", reason);
}

/** A participant acting on a request who is not deciding it: as requester, else as manager or delegate. */
function participantCapacity(request: RequestSnapshot, actor: Actor): Permission | null {
  if (actor.userId === request.requesterId) return { ok: true, actingAs: "requester", onBehalfOf: null };
  if (isManager(actor)) return { ok: true, actingAs: "manager", onBehalfOf: null };
  const delegator = actor.delegatedBy[0];
  if (delegator !== undefined && isDelegate(actor)) return { ok: true, actingAs: "delegate", onBehalfOf: delegator };
  return null;
}

/**
 * Whether this actor may raise this kind of event on this request at all —
 * who they are, not what they typed and not when. Checked first, so a person
 * who may never do a thing is told so (403) before anything else.
 */
export function permission(
  request: RequestSnapshot,
  type: WorkflowEventType,
  actor: Actor | "system",
): Permission | Refusal {
  if (isSweepEvent(type)) {
    return actor === "system"
      ? { ok: true, actingAs: "system", onBehalfOf: null }
      : refuse(403, "system_only", "Only the scheduled deadline sweep does this.");
  }
  if (actor === "system") return refuse(403, "people_only", "Only a person can do this, not the scheduled sweep.");
  const readOnly = readOnlyRefusal(actor);
  if (readOnly) return readOnly;

  if (isDecidingEvent(type)) {
    if (!isManager(actor) && !isDelegate(actor)) {
      return refuse(
        403,
        "not_decider",
        "Only a Procurement Excellence Manager, or their acting delegate, can decide a request.",
      );
    }
    if (actor.userId === request.loggedById) {
      return refuse(403, "own_request", "You logged this request, so someone else must decide it.");
    }
    if (actor.userId === request.requesterId) {
      return refuse(403, "own_request", "You follow this request as its requester, so someone else must decide it.");
    }
    const capacity = decidingCapacity(request, actor);
    if (!capacity) {
      return refuse(
        403,
        "delegator_request",
        "You are acting for the manager who logged this request, so you cannot decide it.",
      );
    }
    if (type !== "approveVersion" || !request.latestVersion) {
      return { ok: true, actingAs: capacity.as, onBehalfOf: capacity.onBehalfOf };
    }
    const author = request.latestVersion.authorId;
    if (author === actor.userId) {
      return refuse(403, "own_version", "You wrote this version, so someone else must approve it.");
    }
    // A delegate approves only for a manager who did not write the version.
    const approving = decidingCapacity(request, actor, [author]);
    if (!approving) {
      return refuse(
        403,
        "delegator_version",
        "The manager you act for wrote this version, so someone else must approve it.",
      );
    }
    return { ok: true, actingAs: approving.as, onBehalfOf: approving.onBehalfOf };
  }

  switch (type) {
    case "saveVersion": {
      // The requester drafts; a manager or delegate who may decide the request may write a version (and then not approve it).
      if (actor.userId === request.requesterId) return { ok: true, actingAs: "requester", onBehalfOf: null };
      const capacity = decidingCapacity(request, actor);
      return capacity
        ? { ok: true, actingAs: capacity.as, onBehalfOf: capacity.onBehalfOf }
        : refuse(
            403,
            "not_requester",
            "Only the person who logged this request, or a manager who may decide it, can write the endorsement text.",
          );
    }
    case "cancel":
    case "correct":
      return actor.userId === request.requesterId
        ? { ok: true, actingAs: "requester", onBehalfOf: null }
        : refuse(403, "not_requester", "Only the person who logged this request can do this.");
    case "submitVersion": {
      // The requester drafts; a manager (or delegate) who wrote the latest version may submit it too.
      const capacity = participantCapacity(request, actor);
      const wroteLatest = request.latestVersion?.authorId === actor.userId;
      if (capacity && (capacity.actingAs === "requester" || wroteLatest)) return capacity;
      return refuse(
        403,
        "not_requester",
        "Only the person who logged this request, or the manager who wrote the version, can submit it for review.",
      );
    }
    case "comment":
      // Discussion is not deciding: a conflicted manager, or a delegate of the requester, may still comment.
      return (
        participantCapacity(request, actor) ??
        refuse(403, "not_participant", "Only the person who logged this request and the managers can comment on it.")
      );
  }
}

export const PERMITTED_USE_MISSING =
  "Say where the endorsement may be used: the supplier's terms say only that about its use.";

/**
 * Where an email to the supplier goes: the contact the request arrived with,
 * else the supplier record's (DESIGN.md: a decider sees it on the page before
 * choosing to send).
 */
export function supplierNoticeAddress(requestContact: string | null, supplierContact: string | null): string | null {
  return requestContact ?? supplierContact;
}

/** What each event does, as a refusal or the timeline says it ("You can't approve a version of …"). */
export const DOING_WORDS: Record<WorkflowEventType, string> = {
  allowDrafting: "allow drafting for",
  decline: "decline",
  cancel: "cancel",
  correct: "correct",
  extendDeadline: "extend the deadline of",
  comment: "comment on",
  saveVersion: "write a version of",
  submitVersion: "submit a version of",
  requestChanges: "request changes to",
  approveVersion: "approve a version of",
  recordReview: "record a review of",
  withdraw: "withdraw",
  sendDeclineNotice: "send a decline notice for",
  declineByDefault: "decline by default",
  expire: "expire",
  remindDeadline: "send a deadline reminder for",
};

/** The states each event starts from. */
const FROM_STATES: Record<WorkflowEventType, readonly RequestState[] | "any"> = {
  allowDrafting: ["escalated"],
  decline: UNDECIDED_STATES,
  cancel: UNDECIDED_STATES,
  correct: UNDECIDED_STATES,
  extendDeadline: UNDECIDED_STATES,
  comment: "any",
  saveVersion: ["drafting"],
  submitVersion: ["drafting"],
  requestChanges: ["in_review"],
  approveVersion: ["in_review"],
  recordReview: ["approved"],
  withdraw: ["approved"],
  sendDeclineNotice: ["declined"],
  declineByDefault: UNDECIDED_STATES,
  expire: ["approved"],
  remindDeadline: UNDECIDED_STATES,
};

/**
 * Events of the undecided phase that the response deadline closes, even
 * before the sweep runs. Every deciding action on an undecided request is
 * refused after it (DESIGN.md "Deadlines"); so are submitting a version and
 * correcting, since the deadline governs the whole undecided phase and the
 * request now only waits for the sweep to decline it. Cancelling is not
 * deciding, so the requester may still cancel until the sweep runs; comments
 * stay open in every state.
 */
const CLOSED_BY_DEADLINE: readonly WorkflowEventType[] = [
  "allowDrafting",
  "decline",
  "extendDeadline",
  "requestChanges",
  "approveVersion",
  "saveVersion",
  "submitVersion",
  "correct",
  "remindDeadline",
];

/**
 * Whether the request's state and dates allow this event now. Independent of
 * who acts and of what the form holds. Withdrawal is possible at any time
 * while approved (DESIGN.md "Withdrawal"); a review must come before
 * valid-until passes, after which only expiry applies.
 */
export function stateAllows(request: RequestSnapshot, type: WorkflowEventType, now: Date): Refusal | null {
  const from = FROM_STATES[type];
  if (from !== "any" && !from.includes(request.state)) {
    return refuse(
      409,
      "wrong_state",
      `You can't ${DOING_WORDS[type]} this request: it is ${STATE_WORDS[request.state]}.`,
    );
  }
  if ((type === "submitVersion" || type === "approveVersion") && !request.latestVersion) {
    return refuse(409, "no_version", "There is no version of the endorsement text yet.");
  }
  if (CLOSED_BY_DEADLINE.includes(type) && reached(now, request.deadlineAt)) {
    return refuse(
      409,
      "deadline_passed",
      "The deadline for this request has passed, so it can no longer be changed or decided; it will be declined by default, as the policy requires.",
    );
  }
  if (type === "recordReview" && request.validUntil !== null && reached(now, request.validUntil)) {
    return refuse(
      409,
      "valid_until_passed",
      "This endorsement's valid-until date has passed, so it can no longer be reviewed; it will be marked expired.",
    );
  }
  if (type === "sendDeclineNotice" && !request.supplierHasContact) {
    return refuse(
      409,
      "no_supplier_contact",
      "No contact email is recorded for this supplier, so no notice can be sent.",
    );
  }
  if (type === "sendDeclineNotice" && request.supplierNoticeSent) {
    return refuse(409, "notice_already_sent", "The supplier's contact has already been sent the decline notice.");
  }
  if (type === "declineByDefault" && !reached(now, request.deadlineAt)) {
    return refuse(409, "not_due", "The deadline for this request has not passed yet.");
  }
  if (type === "expire" && (request.validUntil === null || !reached(now, request.validUntil))) {
    return refuse(409, "not_due", "This endorsement is still within its valid-until date.");
  }
  return null;
}

/**
 * What a page should offer this actor on this request now: every event for
 * which some valid form content would succeed. Uses the same checks as the
 * transition, minus the form content (reasons, conflict declaration, revision).
 */
export function availableEvents(request: RequestSnapshot, actor: Actor, now: Date): PersonEventType[] {
  return PERSON_EVENTS.filter(
    (type) => permission(request, type, actor).ok && stateAllows(request, type, now) === null,
  );
}
