import type { RequestState } from "#db/schema";
import { describe, expect, it } from "vitest";

import { canActOnRequests, canDecide, canViewRequest, seesEveryRequest } from "~/workflow/access";
import {
  availableEvents,
  decidingCapacity,
  transition,
  type Actor,
  type ConflictDeclaration,
  type RequestSnapshot,
  type TransitionContext,
  type TransitionResult,
  type WorkflowEvent,
} from "~/workflow/lifecycle";

import { actsAsDelegate, delegationRefusal, delegationStatus } from "~/workflow/policy";
import type { PostedReview } from "~/workflow/review";
import type { Finding } from "~/workflow/textChecks/checkText";
import { CRITERIA } from "~/workflow/textChecks/rules";

import {
  ACTOR_COLUMNS,
  CONTENT_CELLS,
  LIFECYCLE_TABLE,
  STATUS_OF_CODE,
  parseGrid,
  type ActorColumn,
} from "./lifecycleTable";

// People. The requester is user 1 throughout; in the "reqManager" and
// "delegateOfReq" columns user 1 is read as a manager (who delegated to user 4).
const REQUESTER = 1;
const MANAGER = 2;
const DELEGATE = 3;
const DELEGATE_OF_REQUESTER = 4;
const CONFLICTED_MANAGER = 5;
const OTHER_MANAGER = 8;
/** Logged the request, then left: an admin passed it to the requester (user 1). */
const REASSIGNED_LOGGER = 9;
/** A manager who wrote the latest version, in the delegateForAuthor column. */
const AUTHOR_MANAGER = 10;

const ACTORS: Record<ActorColumn, Actor | "system"> = {
  requester: { userId: REQUESTER, roles: ["staff"], delegatedBy: [] },
  reqManager: { userId: REQUESTER, roles: ["staff", "procurement_manager"], delegatedBy: [] },
  manager: { userId: MANAGER, roles: ["procurement_manager"], delegatedBy: [] },
  delegate: { userId: DELEGATE, roles: ["staff"], delegatedBy: [OTHER_MANAGER] },
  delegateOfReq: { userId: DELEGATE_OF_REQUESTER, roles: ["staff"], delegatedBy: [REQUESTER] },
  conflicted: { userId: CONFLICTED_MANAGER, roles: ["procurement_manager"], delegatedBy: [] },
  auditor: { userId: 6, roles: ["auditor"], delegatedBy: [] },
  admin: { userId: 7, roles: ["admin"], delegatedBy: [] },
  reassignedLogger: { userId: REASSIGNED_LOGGER, roles: ["staff", "procurement_manager"], delegatedBy: [] },
  delegateForAuthor: { userId: 11, roles: ["staff"], delegatedBy: [AUTHOR_MANAGER] },
  adminDelegate: { userId: 12, roles: ["admin"], delegatedBy: [OTHER_MANAGER] },
  sweep: "system",
  sweepDue: "system",
};
const manager = ACTORS.manager as Actor;
const requester = ACTORS.requester as Actor;
const delegate = ACTORS.delegate as Actor;

// Times. The table runs before anything is due, except the sweepDue column.
const DEADLINE = "2027-01-12T11:00:00.000Z"; // end of Tue 12 Jan 2027, NZ time
const VALID_UNTIL = "2028-01-12T11:00:00.000Z";
const BEFORE_DUE = new Date("2027-01-05T00:00:00.000Z");
const AFTER_ALL_DUE = new Date("2029-01-01T00:00:00.000Z");
/** Stands in for the working-day calculation, which has its own tests. */
const DRAFTING_DEADLINE = "2027-02-09T11:00:00.000Z";

const ctxAt = (now: Date): TransitionContext => ({ now, draftingDeadline: () => DRAFTING_DEADLINE });
const minutes = (iso: string, n: number) => new Date(Date.parse(iso) + n * 60_000);

/** One error and one warning stored with the version: an approval must waive the one and acknowledge the other. */
const FINDINGS: Finding[] = [
  finding({ rule: "superlative", criterion: "balanced", severity: "error", start: 10, end: 14, match: "best" }),
  finding({ rule: "weasel-words", criterion: "truthful", severity: "warning", start: 30, end: 38, match: "arguably" }),
];
const VERSION = { id: 11, number: 2, sha256: "5f".repeat(32), authorId: REQUESTER, findings: FINDINGS };

function finding(f: Pick<Finding, "rule" | "criterion" | "severity" | "start" | "end" | "match">): Finding {
  return { ...f, message: `About "${f.match}".`, line: 1, column: f.start + 1 };
}

/** A review that attests every criterion, waives the error, acknowledges the warning and confirms the impact. */
const FULL_REVIEW: PostedReview = {
  criteria: Object.fromEntries(
    CRITERIA.map((c) => [c, { met: "met", note: "Checked against the contract file." }]),
  ) as PostedReview["criteria"],
  knownProblems: {
    complete: { known: "no", howReflected: "" },
    balanced: { known: "no", howReflected: "" },
  },
  findings: [
    { key: "superlative:10:14", waiver: "The supplier's own product name contains the word.", acknowledged: false },
    { key: "weasel-words:30:38", waiver: "", acknowledged: true },
  ],
  impactConfirmed: true,
};

function snapshotIn(state: RequestState): RequestSnapshot {
  const base = {
    id: 42,
    state,
    revision: 7,
    requesterId: REQUESTER,
    loggedById: REQUESTER,
    deadlineAt: DEADLINE,
    enduring: true,
    supplierHasContact: true,
    supplierContact: "tama@hapai.example",
    supplierNoticeSent: false,
  };
  switch (state) {
    case "escalated":
    case "declined":
    case "cancelled":
      return { ...base, outcome: "decline", validUntil: null, latestVersion: null };
    case "drafting":
    case "in_review":
      return { ...base, outcome: "decline", validUntil: null, latestVersion: VERSION };
    case "approved":
    case "withdrawn":
    case "expired":
      return { ...base, outcome: "endorse", validUntil: VALID_UNTIL, latestVersion: VERSION };
  }
}

/** The request as each column meets it: most columns see the plain one; two see the history their cell is about. */
function snapshotFor(state: RequestState, column: ActorColumn): RequestSnapshot {
  const request = snapshotIn(state);
  if (column === "reassignedLogger") return { ...request, loggedById: REASSIGNED_LOGGER };
  if (column === "delegateForAuthor" && request.latestVersion) {
    return { ...request, latestVersion: { ...request.latestVersion, authorId: AUTHOR_MANAGER } };
  }
  return request;
}

const NO_CONFLICT: ConflictDeclaration = { hasConflict: false };
/** A manager's decline that asks for the supplier's contact to be told. */
const DECLINE_WITH_NOTICE = {
  type: "decline",
  revision: 7,
  conflict: NO_CONFLICT,
  reason: "Policy.",
  notifySupplier: true,
} as const;
const CONFLICT: ConflictDeclaration = {
  hasConflict: true,
  note: "My brother-in-law runs the supplier's maintenance division.",
};

/** Valid form content for each event, as a person would post it having seen `request`. */
function validEvent(type: WorkflowEvent["type"], request: RequestSnapshot, conflict = NO_CONFLICT): WorkflowEvent {
  const revision = request.revision;
  switch (type) {
    case "allowDrafting":
      return {
        type,
        revision,
        conflict,
        exceptionGround: "A factual case study of the healthy-homes programme serves the public interest.",
        impact: {
          publicReaction: { risk: "low", note: "The programme is already public and well received." },
          supplierPerformance: {
            risk: "medium",
            note: "Two late deliveries last year; the text will state the period.",
          },
        },
      };
    case "decline":
      return {
        type,
        revision,
        conflict,
        reason: "Our policy is to decline endorsements of this kind.",
        notifySupplier: true,
      };
    case "cancel":
      return { type, revision, reason: "The supplier withdrew their request." };
    case "correct":
      return {
        type,
        revision,
        changes: { asked: { from: "a quote", to: "a written reference" } },
        corrections: { asked: "a written reference" },
      };
    case "extendDeadline":
      return {
        type,
        revision,
        conflict,
        newDeadline: "2027-01-26T11:00:00.000Z",
        reason: "Waiting on the contract manager's view.",
      };
    case "comment":
      return { type, body: "Could you attach the supplier's original email?" };
    case "saveVersion":
      return {
        type,
        seenRevision: revision,
        basedOn: request.latestVersion?.number ?? null,
        text: "Acme Ltd repaired 120 homes for the agency in 2025.",
        sha256: "a1".repeat(32),
        findings: [],
        rulesetVersion: "2026.12.1",
        consents: [],
      };
    case "submitVersion":
      return { type, revision, versionNumber: 2 };
    case "requestChanges":
      return { type, revision, conflict, comments: "Please state the period of the contract." };
    case "approveVersion":
      return {
        type,
        revision,
        conflict,
        versionId: 11,
        sha256: "5f".repeat(32),
        validUntil: "2028-01-05T11:00:00.000Z",
        review: FULL_REVIEW,
        permittedUse: "On their company website",
      };
    case "recordReview":
      return {
        type,
        revision,
        conflict,
        performanceNote: "Deliveries on time since approval.",
        confirm: true,
        newValidUntil: "2028-01-05T11:00:00.000Z",
        reason: null,
      };
    case "withdraw":
      return { type, revision, conflict, reason: "The contract ended.", notifySupplier: false };
    case "sendDeclineNotice":
      return { type, revision, to: "tama@hapai.example" };
    case "declineByDefault":
    case "expire":
    case "remindDeadline":
      return { type };
  }
}

const ALL_EVENTS: WorkflowEvent["type"][] = [
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
  "declineByDefault",
  "expire",
  "remindDeadline",
];
const PERSON_COLUMNS = ACTOR_COLUMNS.filter((c) => c !== "sweep" && c !== "sweepDue");
const STATES = Object.keys(LIFECYCLE_TABLE) as RequestState[];

function cellOf(request: RequestSnapshot, result: TransitionResult): string {
  return result.ok ? `→${result.next.state ?? request.state}` : `✗${result.code}`;
}

function expectOk(result: TransitionResult): Extract<TransitionResult, { ok: true }> {
  if (!result.ok) throw new Error(`Expected success, got ${result.code}: ${result.reason}`);
  return result;
}

function expectRefused(result: TransitionResult, code: string, status: number) {
  if (result.ok) throw new Error(`Expected refusal ${code}, got success to ${result.audit.toState}`);
  expect({ code: result.code, status: result.status }).toEqual({ code, status });
  expect(result.reason.length).toBeGreaterThan(0);
  return result;
}

describe("the lifecycle table (every state × event × actor)", () => {
  it("states all 8 states and all 16 events", () => {
    expect(STATES.sort()).toEqual([
      "approved",
      "cancelled",
      "declined",
      "drafting",
      "escalated",
      "expired",
      "in_review",
      "withdrawn",
    ]);
    for (const state of STATES)
      expect([...parseGrid(LIFECYCLE_TABLE[state]).keys()].sort()).toEqual([...ALL_EVENTS].sort());
  });

  for (const state of STATES) {
    const grid = parseGrid(LIFECYCLE_TABLE[state]);
    describe(state, () => {
      for (const type of ALL_EVENTS) {
        it(type, () => {
          const request = snapshotIn(state);
          const expected = ACTOR_COLUMNS.map((column) => {
            const cell = grid.get(type)?.get(column);
            return cell?.allowed ? `→${cell.state}` : `✗${cell?.code}`;
          });
          const results = ACTOR_COLUMNS.map((column) => {
            const seen = snapshotFor(state, column);
            return transition(
              seen,
              validEvent(type, seen, column === "conflicted" ? CONFLICT : NO_CONFLICT),
              ACTORS[column],
              ctxAt(column === "sweepDue" ? AFTER_ALL_DUE : BEFORE_DUE),
            );
          });
          expect(results.map((r) => cellOf(request, r))).toEqual(expected);
          for (const result of results) {
            if (result.ok) {
              expect(result.audit.fromState).toBe(state);
              expect(result.audit.toState).toBe(result.next.state ?? state);
            } else {
              expect(result.status).toBe(STATUS_OF_CODE[result.code]);
              expect(result.reason).not.toBe("");
            }
          }
        });
      }
    });
  }
});

describe("availableEvents: the page offers exactly what the server accepts", () => {
  const PERSON_EVENTS = ALL_EVENTS.filter((e) => !["declineByDefault", "expire", "remindDeadline"].includes(e));

  for (const state of STATES) {
    const grid = parseGrid(LIFECYCLE_TABLE[state]);
    it(`${state}: agrees with the table and with transition, for every person`, () => {
      for (const column of PERSON_COLUMNS) {
        const request = snapshotFor(state, column);
        const actor = ACTORS[column] as Actor;
        const offered: readonly string[] = availableEvents(request, actor, BEFORE_DUE);
        // The page cannot know a conflict before it is declared on the form,
        // so a conflicted manager is offered what any manager is.
        const tableColumn = column === "conflicted" ? "manager" : column;
        const allowedByTable = PERSON_EVENTS.filter((type) => grid.get(type)?.get(tableColumn)?.allowed);
        expect({ column, offered: [...offered].sort() }).toEqual({ column, offered: [...allowedByTable].sort() });
        for (const type of PERSON_EVENTS) {
          const succeeds = transition(request, validEvent(type, request), actor, ctxAt(BEFORE_DUE)).ok;
          expect({ column, type, offered: offered.includes(type) }).toEqual({ column, type, offered: succeeds });
        }
      }
    });

    it(`${state}: agrees with transition after the deadline and valid-until have passed`, () => {
      for (const column of PERSON_COLUMNS) {
        const request = snapshotFor(state, column);
        const actor = ACTORS[column] as Actor;
        const offered: readonly string[] = availableEvents(request, actor, AFTER_ALL_DUE);
        for (const type of PERSON_EVENTS) {
          const succeeds = transition(request, validEvent(type, request), actor, ctxAt(AFTER_ALL_DUE)).ok;
          expect({ column, type, offered: offered.includes(type) }).toEqual({ column, type, offered: succeeds });
        }
      }
    });
  }

  it("after the deadline, the requester may only cancel or comment, and a manager only comment", () => {
    const request = snapshotIn("in_review");
    const afterDeadline = minutes(DEADLINE, 1);
    expect(availableEvents(request, requester, afterDeadline)).toEqual(["cancel", "comment"]);
    expect(availableEvents(request, manager, afterDeadline)).toEqual(["comment"]);
  });

  it("once valid-until has passed, an approved endorsement can be withdrawn but not reviewed", () => {
    expect(availableEvents(snapshotIn("approved"), manager, new Date(VALID_UNTIL))).toEqual(["comment", "withdraw"]);
  });

  it("a manager is not offered approval of a version they wrote", () => {
    const request = { ...snapshotIn("in_review"), latestVersion: { ...VERSION, authorId: MANAGER } };
    expect(availableEvents(request, manager, BEFORE_DUE)).not.toContain("approveVersion");
    expect(availableEvents(request, manager, BEFORE_DUE)).toContain("requestChanges");
  });
});

describe("the deadline", () => {
  const decisions: [RequestState, WorkflowEvent["type"]][] = [
    ["escalated", "allowDrafting"],
    ["escalated", "decline"],
    ["escalated", "extendDeadline"],
    ["drafting", "decline"],
    ["drafting", "extendDeadline"],
    ["in_review", "decline"],
    ["in_review", "requestChanges"],
    ["in_review", "approveVersion"],
  ];

  for (const [state, type] of decisions) {
    it(`${type} on ${state}: refused at the deadline and a minute after, allowed a minute before`, () => {
      const request = snapshotIn(state);
      const event = validEvent(type, request);
      expectRefused(transition(request, event, manager, ctxAt(new Date(DEADLINE))), "deadline_passed", 409);
      expectRefused(transition(request, event, manager, ctxAt(minutes(DEADLINE, 1))), "deadline_passed", 409);
      expectOk(transition(request, event, manager, ctxAt(minutes(DEADLINE, -1))));
    });
  }

  it("allowing drafting keeps an extended deadline later than drafting's own, and says so", () => {
    const extended = { ...snapshotIn("escalated"), deadlineAt: "2027-03-01T11:00:00.000Z" };
    const kept = expectOk(transition(extended, validEvent("allowDrafting", extended), manager, ctxAt(BEFORE_DUE)));
    expect(kept.next.deadlineAt).toBe("2027-03-01T11:00:00.000Z");
    expect(kept.audit.payload).toMatchObject({
      previousDeadlineAt: "2027-03-01T11:00:00.000Z",
      draftingDeadlineAt: DRAFTING_DEADLINE,
      keptExtension: true,
      deadlineAt: "2027-03-01T11:00:00.000Z",
    });
    const plain = snapshotIn("escalated");
    const moved = expectOk(transition(plain, validEvent("allowDrafting", plain), manager, ctxAt(BEFORE_DUE)));
    expect(moved.next.deadlineAt).toBe(DRAFTING_DEADLINE);
    // A moved deadline gets its own reminder.
    expect(moved.next.reminderSentFor).toBeNull();
    expect(moved.audit.payload).toMatchObject({ keptExtension: false, deadlineAt: DRAFTING_DEADLINE });
  });

  it("closes submitting and correcting too, but the requester may still cancel and anyone may comment", () => {
    const drafting = snapshotIn("drafting");
    const atDeadline = ctxAt(new Date(DEADLINE));
    expectRefused(
      transition(drafting, validEvent("submitVersion", drafting), requester, atDeadline),
      "deadline_passed",
      409,
    );
    expectRefused(transition(drafting, validEvent("correct", drafting), requester, atDeadline), "deadline_passed", 409);
    expect(expectOk(transition(drafting, validEvent("cancel", drafting), requester, atDeadline)).next.state).toBe(
      "cancelled",
    );
    expectOk(transition(drafting, validEvent("comment", drafting), manager, atDeadline));
  });

  it("declineByDefault is not due a minute before the deadline, and declines at it", () => {
    const request = snapshotIn("escalated");
    expectRefused(
      transition(request, { type: "declineByDefault" }, "system", ctxAt(minutes(DEADLINE, -1))),
      "not_due",
      409,
    );
    const result = expectOk(transition(request, { type: "declineByDefault" }, "system", ctxAt(new Date(DEADLINE))));
    expect(result.next).toEqual({
      state: "declined",
      declinedByDefault: true,
      decidedBy: null,
      decidedAt: DEADLINE,
      decisionReason:
        "No decision was made by the deadline, so the request was declined by default, as the policy requires.",
    });
    expect(result.revision).toBe(8);
    expect(result.audit).toMatchObject({ action: "declineByDefault", actingAs: "system", onBehalfOf: null });
  });

  it("a reminder is refused once the deadline has passed", () => {
    const request = snapshotIn("drafting");
    expectOk(transition(request, { type: "remindDeadline" }, "system", ctxAt(minutes(DEADLINE, -1))));
    expectRefused(
      transition(request, { type: "remindDeadline" }, "system", ctxAt(new Date(DEADLINE))),
      "deadline_passed",
      409,
    );
  });

  it("an approved endorsement is not bound by the response deadline", () => {
    const request = { ...snapshotIn("approved"), deadlineAt: "2026-01-01T00:00:00.000Z" };
    expectOk(transition(request, validEvent("recordReview", request), manager, ctxAt(BEFORE_DUE)));
    expectOk(transition(request, validEvent("withdraw", request), manager, ctxAt(BEFORE_DUE)));
  });

  it("a review must come before valid-until; after it, withdrawal still works and the sweep expires it", () => {
    const request = snapshotIn("approved");
    const review = validEvent("recordReview", request) as Extract<WorkflowEvent, { type: "recordReview" }>;
    expectOk(
      transition(
        request,
        { ...review, newValidUntil: "2029-01-12T11:00:00.000Z" },
        manager,
        ctxAt(minutes(VALID_UNTIL, -1)),
      ),
    );
    expectRefused(transition(request, review, manager, ctxAt(new Date(VALID_UNTIL))), "valid_until_passed", 409);
    expectOk(transition(request, validEvent("withdraw", request), manager, ctxAt(minutes(VALID_UNTIL, 1))));
    expectRefused(transition(request, { type: "expire" }, "system", ctxAt(minutes(VALID_UNTIL, -1))), "not_due", 409);
    expect(expectOk(transition(request, { type: "expire" }, "system", ctxAt(new Date(VALID_UNTIL)))).next).toEqual({
      state: "expired",
    });
  });
});

describe("revision", () => {
  const staleReason =
    "This request changed since you opened it (revision 7 is current). Your change was not saved; review the current state and try again.";

  it("a stale post is refused with 409 and says which revision is current", () => {
    const request = snapshotIn("escalated");
    const result = expectRefused(
      transition(
        request,
        { ...validEvent("decline", request), revision: 6 } as WorkflowEvent,
        manager,
        ctxAt(BEFORE_DUE),
      ),
      "stale_revision",
      409,
    );
    expect(result.reason).toBe(staleReason);
  });

  it("is checked after who may act, and before the state and the form content", () => {
    const declined = snapshotIn("declined");
    const stale = (e: WorkflowEvent) => ({ ...e, revision: 6 }) as WorkflowEvent;
    expectRefused(
      transition(declined, stale(validEvent("decline", declined)), requester, ctxAt(BEFORE_DUE)),
      "not_decider",
      403,
    );
    expectRefused(
      transition(declined, stale(validEvent("decline", declined)), ACTORS.auditor, ctxAt(BEFORE_DUE)),
      "read_only",
      403,
    );
    expectRefused(
      transition(declined, stale(validEvent("decline", declined)), manager, ctxAt(BEFORE_DUE)),
      "stale_revision",
      409,
    );
    const escalated = snapshotIn("escalated");
    const blankReason = {
      type: "decline",
      revision: 6,
      conflict: NO_CONFLICT,
      reason: " ",
      notifySupplier: false,
    } as const;
    expectRefused(transition(escalated, blankReason, manager, ctxAt(BEFORE_DUE)), "stale_revision", 409);
  });

  it("every change bumps it; a comment and a reminder do not", () => {
    const escalated = snapshotIn("escalated");
    const approved = snapshotIn("approved");
    const at = ctxAt(BEFORE_DUE);
    expect(expectOk(transition(escalated, validEvent("decline", escalated), manager, at)).revision).toBe(8);
    expect(expectOk(transition(escalated, validEvent("correct", escalated), requester, at)).revision).toBe(8);
    expect(expectOk(transition(escalated, validEvent("extendDeadline", escalated), manager, at)).revision).toBe(8);
    expect(expectOk(transition(approved, validEvent("recordReview", approved), manager, at)).revision).toBe(8);
    expect(expectOk(transition(approved, { type: "expire" }, "system", ctxAt(AFTER_ALL_DUE))).revision).toBe(8);
    expect(expectOk(transition(escalated, validEvent("comment", escalated), manager, at)).revision).toBe(7);
    expect(expectOk(transition(escalated, { type: "remindDeadline" }, "system", at)).revision).toBe(7);
  });
});

describe("outcome", () => {
  /** Applies a result to the snapshot, as the server would persist it. */
  function applied(request: RequestSnapshot, result: TransitionResult): RequestSnapshot {
    const ok = expectOk(result);
    return {
      ...request,
      state: ok.next.state ?? request.state,
      outcome: ok.next.outcome ?? request.outcome,
      deadlineAt: ok.next.deadlineAt ?? request.deadlineAt,
      validUntil: ok.next.validUntil !== undefined ? ok.next.validUntil : request.validUntil,
      revision: ok.revision,
    };
  }

  it("stays decline through drafting and review, becomes endorse on approval, and stays endorse when withdrawn", () => {
    const at = ctxAt(BEFORE_DUE);
    let request: RequestSnapshot = { ...snapshotIn("escalated"), latestVersion: VERSION };
    expect(request.outcome).toBe("decline");
    request = applied(request, transition(request, validEvent("allowDrafting", request), manager, at));
    expect([request.state, request.outcome, request.deadlineAt]).toEqual(["drafting", "decline", DRAFTING_DEADLINE]);
    request = applied(request, transition(request, validEvent("submitVersion", request), requester, at));
    expect([request.state, request.outcome]).toEqual(["in_review", "decline"]);
    request = applied(request, transition(request, validEvent("requestChanges", request), manager, at));
    expect([request.state, request.outcome]).toEqual(["drafting", "decline"]);
    request = applied(request, transition(request, validEvent("submitVersion", request), requester, at));
    request = applied(request, transition(request, validEvent("approveVersion", request), delegate, at));
    expect([request.state, request.outcome, request.validUntil]).toEqual([
      "approved",
      "endorse",
      "2028-01-05T11:00:00.000Z",
    ]);
    request = applied(request, transition(request, validEvent("recordReview", request), manager, at));
    expect([request.state, request.outcome]).toEqual(["approved", "endorse"]);
    request = applied(request, transition(request, validEvent("withdraw", request), manager, at));
    expect([request.state, request.outcome, request.revision]).toEqual(["withdrawn", "endorse", 14]);
  });

  it("a declined request keeps outcome decline", () => {
    const request = snapshotIn("in_review");
    const result = expectOk(transition(request, validEvent("decline", request), manager, ctxAt(BEFORE_DUE)));
    expect(result.next.outcome).toBeUndefined();
    expect(result.next.state).toBe("declined");
  });
});

describe("approving a version", () => {
  const inReview = snapshotIn("in_review");
  const approve = validEvent("approveVersion", inReview) as Extract<WorkflowEvent, { type: "approveVersion" }>;
  const at = ctxAt(BEFORE_DUE);

  it("is refused when the version reviewed is not the latest", () => {
    expectRefused(transition(inReview, { ...approve, versionId: 10 }, manager, at), "version_not_latest", 409);
  });

  it("is refused when the text's hash does not match the stored version", () => {
    expectRefused(
      transition(inReview, { ...approve, sha256: "00".repeat(32) }, manager, at),
      "version_not_latest",
      409,
    );
  });

  it("is refused to the manager who wrote the version, and allowed to another", () => {
    const managersVersion = { ...inReview, latestVersion: { ...VERSION, authorId: MANAGER } };
    expectRefused(transition(managersVersion, approve, manager, at), "own_version", 403);
    expectOk(transition(managersVersion, approve, ACTORS.delegate, at));
  });

  it("lets the manager who wrote a version submit it for review", () => {
    const request = { ...snapshotIn("drafting"), latestVersion: { ...VERSION, authorId: MANAGER } };
    const result = expectOk(transition(request, validEvent("submitVersion", request), manager, at));
    expect(result.audit).toMatchObject({ toState: "in_review", actingAs: "manager" });
  });

  it("is refused by the core itself while the version's stored findings or the review leave blockers", () => {
    const [waiver, acknowledgement] = FULL_REVIEW.findings;
    const blocked = (review: PostedReview) =>
      expectRefused(transition(inReview, { ...approve, review }, manager, at), "blocked_by_review", 409).reason;
    expect(blocked({ ...FULL_REVIEW, findings: [] })).toBe(
      'This version cannot be approved yet: the error "best" (superlative, line 1, column 11) is not waived with a reason; the warning "arguably" (weasel-words, line 1, column 31) is not acknowledged.',
    );
    // A waiver needs a reason; an acknowledgement of an error is no waiver.
    expect(
      blocked({ ...FULL_REVIEW, findings: [{ ...waiver!, waiver: "  ", acknowledged: true }, acknowledgement!] }),
    ).toMatch(/the error "best" .* is not waived with a reason\.$/);
    expect(blocked({ ...FULL_REVIEW, impactConfirmed: false })).toMatch(/the impact assessment is not confirmed/);
    expect(
      blocked({
        ...FULL_REVIEW,
        criteria: { ...FULL_REVIEW.criteria, balanced: { met: "not_met", note: "Puffery." } },
      }),
    ).toMatch(/the criterion "Balanced" is not attested as met/);
    // What a form says of findings the version does not have changes nothing: only the stored findings count.
    const otherVersion = {
      ...inReview,
      latestVersion: { ...VERSION, findings: [finding({ ...FINDINGS[0]!, start: 50, end: 54 })] },
    };
    expectRefused(transition(otherVersion, approve, manager, at), "blocked_by_review", 409);
    expectOk(
      transition(
        { ...inReview, latestVersion: { ...VERSION, findings: [] } },
        { ...approve, review: { ...FULL_REVIEW, findings: [] } },
        manager,
        at,
      ),
    );
  });

  it("stores the review it weighed with the approval, keeping only waivers and acknowledgements of the version's findings", () => {
    const posted = {
      ...FULL_REVIEW,
      findings: [...FULL_REVIEW.findings, { key: "made-up:1:2", waiver: "x", acknowledged: true }],
    };
    const result = expectOk(transition(inReview, { ...approve, review: posted }, manager, at));
    expect(result.rows).toEqual([
      {
        kind: "versionReview",
        versionId: 11,
        reviewerId: MANAGER,
        outcome: "approved",
        review: expect.objectContaining({
          waivers: [
            { rule: "superlative", start: 10, end: 14, reason: "The supplier's own product name contains the word." },
          ],
          acknowledgements: [{ rule: "weasel-words", start: 30, end: 38 }],
          impactConfirmed: true,
          sha256: "5f".repeat(32),
          validUntil: "2028-01-05T11:00:00.000Z",
        }),
      },
    ]);
  });

  it("needs a valid-until date in the future", () => {
    const result = expectRefused(
      transition(inReview, { ...approve, validUntil: "2026-12-31T11:00:00.000Z" }, manager, at),
      "invalid_valid_until",
      400,
    );
    expect(result.field).toBe("validUntil");
    expectRefused(transition(inReview, { ...approve, validUntil: "next year" }, manager, at), "invalid_date", 400);
  });

  it("submitting anything but the latest version is refused", () => {
    const drafting = snapshotIn("drafting");
    expectRefused(
      transition(drafting, { type: "submitVersion", revision: 7, versionNumber: 1 }, requester, at),
      "version_not_latest",
      409,
    );
  });

  it("a drafting request with no version yet has nothing to submit", () => {
    const request = { ...snapshotIn("drafting"), latestVersion: null };
    expectRefused(transition(request, validEvent("submitVersion", request), requester, at), "no_version", 409);
    expect(availableEvents(request, requester, BEFORE_DUE)).not.toContain("submitVersion");
  });
});

describe("separation of duties beyond the table", () => {
  const at = ctxAt(BEFORE_DUE);

  it("a delegate of several managers acts for one who did not log the request", () => {
    const request = snapshotIn("escalated");
    const twoDelegators: Actor = { userId: DELEGATE, roles: ["staff"], delegatedBy: [REQUESTER, OTHER_MANAGER] };
    expect(decidingCapacity(request, twoDelegators)).toEqual({ as: "delegate", onBehalfOf: OTHER_MANAGER });
    const result = expectOk(transition(request, validEvent("decline", request), twoDelegators, at));
    expect(result.audit).toMatchObject({ actingAs: "delegate", onBehalfOf: OTHER_MANAGER });
  });

  it("a manager who is also the requester's delegate decides as a manager", () => {
    const both: Actor = { userId: MANAGER, roles: ["procurement_manager"], delegatedBy: [REQUESTER] };
    expect(decidingCapacity(snapshotIn("escalated"), both)).toEqual({ as: "manager", onBehalfOf: null });
  });

  it("decidingCapacity says who may decide and how", () => {
    const request = snapshotIn("escalated");
    expect(decidingCapacity(request, manager)).toEqual({ as: "manager", onBehalfOf: null });
    expect(decidingCapacity(request, delegate)).toEqual({ as: "delegate", onBehalfOf: OTHER_MANAGER });
    expect(decidingCapacity(request, ACTORS.reqManager as Actor)).toBeNull();
    expect(decidingCapacity(request, ACTORS.delegateOfReq as Actor)).toBeNull();
    expect(decidingCapacity(request, requester)).toBeNull();
    expect(decidingCapacity(request, ACTORS.auditor as Actor)).toBeNull();
  });

  it("after a reassignment neither the logger nor the new follower decides, and only the follower cancels", () => {
    const reassigned = { ...snapshotIn("escalated"), loggedById: REASSIGNED_LOGGER, requesterId: MANAGER };
    const logger = ACTORS.reassignedLogger as Actor;
    expectRefused(transition(reassigned, validEvent("decline", reassigned), logger, at), "own_request", 403);
    expectRefused(transition(reassigned, validEvent("decline", reassigned), manager, at), "own_request", 403);
    expectRefused(transition(reassigned, validEvent("cancel", reassigned), logger, at), "not_requester", 403);
    expectOk(transition(reassigned, validEvent("cancel", reassigned), manager, at));
    const actsForLogger: Actor = { userId: DELEGATE, roles: ["staff"], delegatedBy: [REASSIGNED_LOGGER] };
    expectRefused(
      transition(reassigned, validEvent("decline", reassigned), actsForLogger, at),
      "delegator_request",
      403,
    );
  });

  it("a delegate of two managers approves for the one who did not write the version", () => {
    const request = { ...snapshotIn("in_review"), latestVersion: { ...VERSION, authorId: AUTHOR_MANAGER } };
    const forBoth: Actor = { userId: DELEGATE, roles: ["staff"], delegatedBy: [AUTHOR_MANAGER, OTHER_MANAGER] };
    const result = expectOk(transition(request, validEvent("approveVersion", request), forBoth, at));
    expect(result.audit).toMatchObject({ actingAs: "delegate", onBehalfOf: OTHER_MANAGER });
    const forAuthor = ACTORS.delegateForAuthor as Actor;
    expectRefused(transition(request, validEvent("approveVersion", request), forAuthor, at), "delegator_version", 403);
    expect(availableEvents(request, forAuthor, BEFORE_DUE)).not.toContain("approveVersion");
    expect(availableEvents(request, forAuthor, BEFORE_DUE)).toContain("requestChanges");
  });

  it("a delegation gives an admin or auditor no say, but a staff member who is also an admin may act", () => {
    const request = snapshotIn("escalated");
    const auditorDelegate: Actor = { userId: 12, roles: ["auditor", "admin"], delegatedBy: [OTHER_MANAGER] };
    expectRefused(transition(request, validEvent("decline", request), auditorDelegate, at), "read_only", 403);
    expect(decidingCapacity(request, auditorDelegate)).toBeNull();
    expect(availableEvents(request, auditorDelegate, BEFORE_DUE)).toEqual([]);
    const staffAdmin: Actor = { userId: 12, roles: ["staff", "admin"], delegatedBy: [OTHER_MANAGER] };
    expectOk(transition(request, validEvent("decline", request), staffAdmin, at));
  });

  it("an auditor who is also staff and logged the request may cancel it but never decide", () => {
    const request = snapshotIn("escalated");
    const staffAuditor: Actor = { userId: REQUESTER, roles: ["staff", "auditor"], delegatedBy: [] };
    expectOk(transition(request, validEvent("cancel", request), staffAuditor, at));
    expectRefused(transition(request, validEvent("decline", request), staffAuditor, at), "not_decider", 403);
  });
});

describe("form content", () => {
  const escalated = snapshotIn("escalated");
  const at = ctxAt(BEFORE_DUE);
  const allow = validEvent("allowDrafting", escalated) as Extract<WorkflowEvent, { type: "allowDrafting" }>;

  it("allowing drafting needs the exception ground and both impact notes", () => {
    expect(
      expectRefused(transition(escalated, { ...allow, exceptionGround: "  " }, manager, at), "reason_required", 400)
        .field,
    ).toBe("exceptionGround");
    const noPublicNote = { ...allow, impact: { ...allow.impact, publicReaction: { risk: "low", note: "" } } } as const;
    expect(expectRefused(transition(escalated, noPublicNote, manager, at), "reason_required", 400).field).toBe(
      "impact.publicReaction.note",
    );
    const noPerformanceNote = {
      ...allow,
      impact: { ...allow.impact, supplierPerformance: { risk: "high", note: " " } },
    } as const;
    expect(expectRefused(transition(escalated, noPerformanceNote, manager, at), "reason_required", 400).field).toBe(
      "impact.supplierPerformance.note",
    );
  });

  it("declining, cancelling, requesting changes, withdrawing and commenting need words", () => {
    expectRefused(
      transition(
        escalated,
        { type: "decline", revision: 7, conflict: NO_CONFLICT, reason: "", notifySupplier: false },
        manager,
        at,
      ),
      "reason_required",
      400,
    );
    expectRefused(
      transition(escalated, { type: "cancel", revision: 7, reason: " " }, requester, at),
      "reason_required",
      400,
    );
    expectRefused(transition(escalated, { type: "comment", body: "\n" }, requester, at), "reason_required", 400);
    const inReview = snapshotIn("in_review");
    expectRefused(
      transition(inReview, { type: "requestChanges", revision: 7, conflict: NO_CONFLICT, comments: "" }, manager, at),
      "reason_required",
      400,
    );
    const approved = snapshotIn("approved");
    expectRefused(
      transition(
        approved,
        { type: "withdraw", revision: 7, conflict: NO_CONFLICT, reason: "", notifySupplier: true },
        manager,
        at,
      ),
      "reason_required",
      400,
    );
  });

  it("a correction must change something", () => {
    expectRefused(
      transition(escalated, { type: "correct", revision: 7, changes: {}, corrections: {} }, requester, at),
      "no_changes",
      400,
    );
  });

  it("an extension must move the deadline later, with a reason", () => {
    const extend = validEvent("extendDeadline", escalated) as Extract<WorkflowEvent, { type: "extendDeadline" }>;
    expectRefused(transition(escalated, { ...extend, newDeadline: DEADLINE }, manager, at), "invalid_deadline", 400);
    expectRefused(
      transition(escalated, { ...extend, newDeadline: "2027-01-10T11:00:00.000Z" }, manager, at),
      "invalid_deadline",
      400,
    );
    expectRefused(transition(escalated, { ...extend, newDeadline: "soon" }, manager, at), "invalid_date", 400);
    expectRefused(transition(escalated, { ...extend, reason: "" }, manager, at), "reason_required", 400);
  });

  it("a review records performance, and either confirms with a future date or withdraws with a reason", () => {
    const approved = snapshotIn("approved");
    const review = validEvent("recordReview", approved) as Extract<WorkflowEvent, { type: "recordReview" }>;
    expectRefused(transition(approved, { ...review, performanceNote: "" }, manager, at), "reason_required", 400);
    expectRefused(transition(approved, { ...review, newValidUntil: null }, manager, at), "invalid_date", 400);
    expectRefused(
      transition(approved, { ...review, newValidUntil: "2027-01-01T00:00:00.000Z" }, manager, at),
      "invalid_valid_until",
      400,
    );
    expectRefused(
      transition(approved, { ...review, confirm: false, newValidUntil: null, reason: null }, manager, at),
      "reason_required",
      400,
    );
    const withdrawn = expectOk(
      transition(
        approved,
        { ...review, confirm: false, newValidUntil: null, reason: "Repeated complaints." },
        manager,
        at,
      ),
    );
    expect(withdrawn.next).toEqual({
      state: "withdrawn",
      decidedBy: MANAGER,
      decidedAt: BEFORE_DUE.toISOString(),
      decisionReason: "Repeated complaints.",
    });
    expect(withdrawn.effects).toEqual([{ kind: "email", template: "withdrawn", to: "requester" }]);
  });
});

describe("effects: which emails go to whom", () => {
  const at = ctxAt(BEFORE_DUE);
  const email = (template: string, to: string) => ({ kind: "email", template, to });
  const effectsOf = (state: RequestState, event: WorkflowEvent, actor: Actor | "system", ctx = at) =>
    expectOk(transition(snapshotIn(state), event, actor, ctx)).effects;
  const valid = (state: RequestState, type: WorkflowEvent["type"]) => validEvent(type, snapshotIn(state));

  it("per transition", () => {
    expect(effectsOf("escalated", valid("escalated", "allowDrafting"), manager)).toEqual([
      email("drafting-allowed", "requester"),
    ]);
    expect(effectsOf("escalated", valid("escalated", "cancel"), requester)).toEqual([]);
    expect(effectsOf("escalated", valid("escalated", "correct"), requester)).toEqual([]);
    expect(effectsOf("escalated", valid("escalated", "extendDeadline"), manager)).toEqual([]);
    expect(effectsOf("escalated", valid("escalated", "comment"), requester)).toEqual([
      email("comment", "comment_other_side"),
    ]);
    expect(effectsOf("drafting", valid("drafting", "submitVersion"), requester)).toEqual([
      email("version-submitted", "managers_and_delegates"),
    ]);
    expect(effectsOf("in_review", valid("in_review", "requestChanges"), manager)).toEqual([
      email("changes-requested", "requester"),
    ]);
    expect(effectsOf("in_review", valid("in_review", "approveVersion"), manager)).toEqual([
      email("approved", "requester"),
    ]);
    expect(effectsOf("approved", valid("approved", "recordReview"), manager)).toEqual([]);
    expect(effectsOf("approved", valid("approved", "withdraw"), manager)).toEqual([email("withdrawn", "requester")]);
    expect(effectsOf("drafting", { type: "declineByDefault" }, "system", ctxAt(AFTER_ALL_DUE))).toEqual([
      email("declined-by-default", "requester"),
      email("declined-by-default", "managers_and_delegates"),
    ]);
    expect(effectsOf("approved", { type: "expire" }, "system", ctxAt(AFTER_ALL_DUE))).toEqual([
      email("expired", "requester"),
      email("expired", "managers_and_delegates"),
    ]);
    expect(effectsOf("in_review", { type: "remindDeadline" }, "system")).toEqual([
      email("deadline-reminder", "deciders"),
    ]);
  });

  it("the supplier's contact is told of a decline or withdrawal only when the manager chooses and a contact exists", () => {
    const decline = DECLINE_WITH_NOTICE;
    expect(effectsOf("escalated", decline, manager)).toEqual([
      email("declined", "requester"),
      email("supplier-decline-notice", "supplier_contact"),
    ]);
    expect(effectsOf("escalated", { ...decline, notifySupplier: false }, manager)).toEqual([
      email("declined", "requester"),
    ]);
    const noContact = { ...snapshotIn("escalated"), supplierHasContact: false };
    expect(expectOk(transition(noContact, decline, manager, at)).effects).toEqual([email("declined", "requester")]);

    const withdraw = {
      type: "withdraw",
      revision: 7,
      conflict: NO_CONFLICT,
      reason: "Contract ended.",
      notifySupplier: true,
    } as const;
    expect(effectsOf("approved", withdraw, manager)).toEqual([
      email("withdrawn", "requester"),
      email("supplier-withdrawal-notice", "supplier_contact"),
    ]);

    const approve = {
      ...(valid("in_review", "approveVersion") as Extract<WorkflowEvent, { type: "approveVersion" }>),
      notifySupplier: true,
    };
    expect(effectsOf("in_review", approve, manager)).toEqual([
      email("approved", "requester"),
      email("supplier-approval-terms", "supplier_contact"),
    ]);
    // The terms say where it may be used only as the manager approved it: without that, nothing is sent.
    const noUse = expectRefused(
      transition(snapshotIn("in_review"), { ...approve, permittedUse: " " }, manager, at),
      "reason_required",
      400,
    );
    expect(noUse.field).toBe("permittedUse");
  });

  it("a decline notice is sent after the fact once, to the address shown, and the decline that sent one counts", () => {
    const declined = snapshotIn("declined");
    const sent = expectOk(transition(declined, validEvent("sendDeclineNotice", declined), manager, at));
    expect(sent.effects).toEqual([email("supplier-decline-notice", "supplier_contact")]);
    expect(sent.next).toEqual({ supplierNoticeSentAt: "2027-01-05T00:00:00.000Z" });
    expect(sent.audit.payload).toEqual({ sentTo: "tama@hapai.example" });
    expect(sent.revision).toBe(declined.revision + 1);

    const again = { ...declined, supplierNoticeSent: true };
    expectRefused(transition(again, validEvent("sendDeclineNotice", again), manager, at), "notice_already_sent", 409);
    const noContact = { ...declined, supplierHasContact: false, supplierContact: null };
    expectRefused(
      transition(noContact, validEvent("sendDeclineNotice", noContact), manager, at),
      "no_supplier_contact",
      409,
    );
    const moved = { ...declined, supplierContact: "new@hapai.example" };
    expectRefused(transition(moved, validEvent("sendDeclineNotice", moved), manager, at), "stale_revision", 409);

    const decline = DECLINE_WITH_NOTICE;
    const withNotice = expectOk(transition(snapshotIn("escalated"), decline, manager, at));
    expect(withNotice.next.supplierNoticeSentAt).toBe("2027-01-05T00:00:00.000Z");
    const without = expectOk(transition(snapshotIn("escalated"), { ...decline, notifySupplier: false }, manager, at));
    expect(without.next.supplierNoticeSentAt).toBeUndefined();
  });

  it("allowing drafting asks for the drafting deadline from the moment it is allowed", () => {
    const asked: Date[] = [];
    const ctx: TransitionContext = {
      now: BEFORE_DUE,
      draftingDeadline: (allowedAt) => (asked.push(allowedAt), DRAFTING_DEADLINE),
    };
    const result = expectOk(transition(snapshotIn("escalated"), valid("escalated", "allowDrafting"), manager, ctx));
    expect(asked).toEqual([BEFORE_DUE]);
    expect(result.next).toEqual({
      state: "drafting",
      deadlineAt: DRAFTING_DEADLINE,
      reminderSentFor: null,
      exceptionGround: "A factual case study of the healthy-homes programme serves the public interest.",
      impactPublicRisk: "low",
      impactPublicNote: "The programme is already public and well received.",
      impactPerformanceRisk: "medium",
      impactPerformanceNote: "Two late deliveries last year; the text will state the period.",
      draftingAllowedAt: "2027-01-05T00:00:00.000Z",
    });
  });
});

describe("audit record", () => {
  const at = ctxAt(BEFORE_DUE);

  it("an approval records the version id and the SHA-256 of its text", () => {
    const request = snapshotIn("in_review");
    const result = expectOk(transition(request, validEvent("approveVersion", request), manager, at));
    expect(result.audit).toEqual({
      action: "approveVersion",
      fromState: "in_review",
      toState: "approved",
      actingAs: "manager",
      onBehalfOf: null,
      payload: {
        conflict: { hasConflict: false },
        versionId: 11,
        versionNumber: 2,
        sha256: "5f".repeat(32),
        validUntil: "2028-01-05T11:00:00.000Z",
        permittedUse: "On their company website",
        notifySupplier: false,
        supplierNotified: false,
      },
    });
    expect(result.next).toEqual({
      state: "approved",
      outcome: "endorse",
      validUntil: "2028-01-05T11:00:00.000Z",
      decidedBy: MANAGER,
      decidedAt: "2027-01-05T00:00:00.000Z",
      decisionReason: null,
      permittedUse: "On their company website",
      approvedVersionId: 11,
      approvedSha256: "5f".repeat(32),
    });
  });

  it("a delegate's decision records on whose behalf, and the delegate as decider", () => {
    const request = snapshotIn("escalated");
    const result = expectOk(transition(request, validEvent("decline", request), delegate, at));
    expect(result.audit).toEqual({
      action: "decline",
      fromState: "escalated",
      toState: "declined",
      actingAs: "delegate",
      onBehalfOf: OTHER_MANAGER,
      payload: {
        conflict: { hasConflict: false },
        reason: "Our policy is to decline endorsements of this kind.",
        notifySupplier: true,
        supplierNotified: true,
      },
    });
    expect(result.next.decidedBy).toBe(DELEGATE);
  });

  it("a correction records what changed; an extension records both deadlines and the reason", () => {
    const request = snapshotIn("drafting");
    const corrected = expectOk(transition(request, validEvent("correct", request), requester, at));
    expect(corrected.audit).toMatchObject({
      action: "correct",
      fromState: "drafting",
      toState: "drafting",
      actingAs: "requester",
    });
    expect(corrected.audit.payload).toEqual({ changes: { asked: { from: "a quote", to: "a written reference" } } });
    expect(corrected.next).toEqual({ corrected: { asked: "a written reference" } });

    const extended = expectOk(transition(request, validEvent("extendDeadline", request), manager, at));
    expect(extended.audit.payload).toEqual({
      conflict: { hasConflict: false },
      previousDeadlineAt: DEADLINE,
      deadlineAt: "2027-01-26T11:00:00.000Z",
      reason: "Waiting on the contract manager's view.",
    });
    expect(extended.next).toEqual({ deadlineAt: "2027-01-26T11:00:00.000Z", reminderSentFor: null });
  });

  it("a requester who is also a manager comments as the requester", () => {
    const request = snapshotIn("escalated");
    const result = expectOk(transition(request, validEvent("comment", request), ACTORS.reqManager, at));
    expect(result.audit).toMatchObject({
      actingAs: "requester",
      onBehalfOf: null,
      payload: { body: "Could you attach the supplier's original email?" },
    });
  });
});

describe("what the form holds, judged by the core alone (CONTENT_CELLS)", () => {
  const at = ctxAt(BEFORE_DUE);
  // Now is 13:00 on Tue 5 Jan 2027 in New Zealand; limits end at the end of an NZ day.
  const END_OF_NZ_DAY = {
    "2029-01-05": "2029-01-05T11:00:00.000Z",
    "2029-01-06": "2029-01-06T11:00:00.000Z",
    "2027-02-04": "2027-02-04T11:00:00.000Z",
    "2027-02-05": "2027-02-05T11:00:00.000Z",
    "2028-01-05": "2028-01-05T11:00:00.000Z",
    "2028-01-06": "2028-01-06T11:00:00.000Z",
    "2027-01-04": "2027-01-04T11:00:00.000Z",
  };
  const [waiver, acknowledgement] = FULL_REVIEW.findings as [
    PostedReview["findings"][number],
    PostedReview["findings"][number],
  ];
  const inReview = snapshotIn("in_review");
  const approve = validEvent("approveVersion", inReview) as Extract<WorkflowEvent, { type: "approveVersion" }>;
  const approved = snapshotIn("approved");
  const review = validEvent("recordReview", approved) as Extract<WorkflowEvent, { type: "recordReview" }>;
  const withReview = (r: Partial<PostedReview>) => ({ ...approve, review: { ...FULL_REVIEW, ...r } });
  const singleUse = { ...inReview, enduring: false };

  const CASES: Record<(typeof CONTENT_CELLS)[number][2], [RequestSnapshot, WorkflowEvent]> = {
    "everything attested, the error waived, the warning acknowledged": [inReview, approve],
    "the error not waived": [inReview, withReview({ findings: [acknowledgement] })],
    "the error waived without a reason": [
      inReview,
      withReview({ findings: [{ ...waiver, waiver: " " }, acknowledgement] }),
    ],
    "the warning not acknowledged": [inReview, withReview({ findings: [waiver] })],
    "a criterion not met": [
      inReview,
      withReview({ criteria: { ...FULL_REVIEW.criteria, fair: { met: "not_met", note: "Compares with a rival." } } }),
    ],
    "the impact not confirmed": [inReview, withReview({ impactConfirmed: false })],
    "enduring, valid until 24 months on": [inReview, { ...approve, validUntil: END_OF_NZ_DAY["2029-01-05"] }],
    "enduring, valid until a day past 24 months": [inReview, { ...approve, validUntil: END_OF_NZ_DAY["2029-01-06"] }],
    "single use, valid until 30 days on": [singleUse, { ...approve, validUntil: END_OF_NZ_DAY["2027-02-04"] }],
    "single use, valid until a day past 30 days": [singleUse, { ...approve, validUntil: END_OF_NZ_DAY["2027-02-05"] }],
    "valid until yesterday": [inReview, { ...approve, validUntil: END_OF_NZ_DAY["2027-01-04"] }],
    "confirmed until 12 months on": [approved, { ...review, newValidUntil: END_OF_NZ_DAY["2028-01-05"] }],
    "confirmed until a day past 12 months": [approved, { ...review, newValidUntil: END_OF_NZ_DAY["2028-01-06"] }],
  };

  for (const [state, type, name, cell] of CONTENT_CELLS) {
    it(`${type} on ${state}, ${name}: ${cell}`, () => {
      const [request, event] = CASES[name];
      expect([request.state, event.type]).toEqual([state, type]);
      const result = transition(request, event, manager, at);
      expect(cellOf(request, result)).toBe(cell);
      if (!result.ok) expect(result.status).toBe(STATUS_OF_CODE[result.code]);
    });
  }

  it("says which limit a date passes, beside the field it belongs to", () => {
    const [request, event] = CASES["enduring, valid until a day past 24 months"];
    const tooLate = expectRefused(transition(request, event, manager, at), "invalid_valid_until", 400);
    expect([tooLate.field, tooLate.reason]).toEqual([
      "validUntil",
      "An enduring endorsement may be approved for at most 24 months: choose 2029-01-05 or earlier.",
    ]);
    const [single, singleEvent] = CASES["single use, valid until a day past 30 days"];
    expect(expectRefused(transition(single, singleEvent, manager, at), "invalid_valid_until", 400).reason).toMatch(
      /single-use endorsement is approved for at most 30 days/,
    );
    const [reviewed, reviewEvent] = CASES["confirmed until a day past 12 months"];
    expect(expectRefused(transition(reviewed, reviewEvent, manager, at), "invalid_valid_until", 400).field).toBe(
      "newValidUntil",
    );
  });
});

describe("rows: everything a transition writes besides the request", () => {
  const at = ctxAt(BEFORE_DUE);

  it("a comment is a row by its author; the request is untouched", () => {
    const request = snapshotIn("escalated");
    const result = expectOk(transition(request, validEvent("comment", request), delegate, at));
    expect(result.rows).toEqual([
      { kind: "comment", authorId: DELEGATE, body: "Could you attach the supplier's original email?" },
    ]);
    expect(result.next).toEqual({});
  });

  it("a decision on a version in review stores a review of that version; the same decision earlier stores none", () => {
    const inReview = snapshotIn("in_review");
    expect(expectOk(transition(inReview, validEvent("requestChanges", inReview), manager, at)).rows).toEqual([
      {
        kind: "versionReview",
        versionId: 11,
        reviewerId: MANAGER,
        outcome: "changes_requested",
        review: { comments: "Please state the period of the contract." },
      },
    ]);
    expect(expectOk(transition(inReview, validEvent("decline", inReview), manager, at)).rows).toEqual([
      {
        kind: "versionReview",
        versionId: 11,
        reviewerId: MANAGER,
        outcome: "declined",
        review: { reason: "Our policy is to decline endorsements of this kind." },
      },
    ]);
    const drafting = snapshotIn("drafting");
    expect(expectOk(transition(drafting, validEvent("decline", drafting), manager, at)).rows).toEqual([]);
  });

  it("a periodic review is a row whether it confirms or withdraws", () => {
    const approved = snapshotIn("approved");
    const review = validEvent("recordReview", approved) as Extract<WorkflowEvent, { type: "recordReview" }>;
    expect(expectOk(transition(approved, review, manager, at)).rows).toEqual([
      {
        kind: "endorsementReview",
        reviewerId: MANAGER,
        performanceNote: "Deliveries on time since approval.",
        confirmed: true,
        previousValidUntil: VALID_UNTIL,
        newValidUntil: "2028-01-05T11:00:00.000Z",
        reason: null,
      },
    ]);
    const withdrawn = { ...review, confirm: false, newValidUntil: null, reason: "Complaints. " };
    expect(expectOk(transition(approved, withdrawn, manager, at)).rows).toMatchObject([
      { kind: "endorsementReview", confirmed: false, newValidUntil: null, reason: "Complaints." },
    ]);
  });

  it("a reminder marks the deadline it was sent for, without a new revision", () => {
    const request = snapshotIn("drafting");
    const result = expectOk(transition(request, { type: "remindDeadline" }, "system", at));
    expect([result.next, result.revision]).toEqual([{ reminderSentFor: DEADLINE }, request.revision]);
  });

  it("a correction writes the corrected fields and audits the diff", () => {
    const request = snapshotIn("escalated");
    const result = expectOk(transition(request, validEvent("correct", request), requester, at));
    expect(result.next).toEqual({ corrected: { asked: "a written reference" } });
  });
});

describe("saving a version is a lifecycle event", () => {
  const at = ctxAt(BEFORE_DUE);
  const drafting = snapshotIn("drafting");
  const save = validEvent("saveVersion", drafting) as Extract<WorkflowEvent, { type: "saveVersion" }>;

  it("makes version n+1 by its author, with its findings and consents, audited as versionSaved", () => {
    const consents = [{ personName: "Hemi Walker", relation: "contractor", consent: "TR-2027-014" }] as const;
    const findings = [FINDINGS[0] as Finding];
    const result = expectOk(transition(drafting, { ...save, findings, consents }, manager, at));
    expect(result.rows).toEqual([
      {
        kind: "version",
        number: 3,
        basedOn: 2,
        authorId: MANAGER,
        text: save.text,
        sha256: save.sha256,
        findings,
        rulesetVersion: "2026.12.1",
        consents,
        auditIdAs: "versionId",
      },
    ]);
    expect(result.audit).toMatchObject({
      action: "versionSaved",
      actingAs: "manager",
      payload: { number: 3, basedOn: 2, findingCounts: { error: 1, warning: 0, suggestion: 0 }, consents: 1 },
    });
    expect(result.revision).toBe(drafting.revision + 1);
  });

  it("checks its base before its revision, so a writer overtaken by another version is told so", () => {
    const overtaken = { ...save, basedOn: 1, seenRevision: 6 };
    const refused = expectRefused(transition(drafting, overtaken, requester, at), "version_not_latest", 409);
    expect(refused.reason).toMatch(/^Version 2 was saved while you were writing/);
    expectRefused(transition(drafting, { ...save, seenRevision: 6 }, requester, at), "stale_revision", 409);
    expectRefused(transition(drafting, { ...save, sha256: VERSION.sha256 }, requester, at), "no_changes", 400);
  });

  it("closes at the deadline, like every step of the undecided phase", () => {
    expectRefused(transition(drafting, save, requester, ctxAt(new Date(DEADLINE))), "deadline_passed", 409);
  });
});

describe("delegations, whichever rule reads them", () => {
  const facts = {
    startsOn: "2027-01-01",
    endsOn: "2027-01-31",
    revoked: false,
    managerActive: true,
    managerRoles: ["procurement_manager"],
    delegateActive: true,
    delegateRoles: ["staff"],
  } as const;

  it("hold only while the manager is an active manager and the delegate an active person who takes part", () => {
    expect(delegationStatus(facts, "2027-01-05")).toBe("in_force");
    expect(delegationStatus({ ...facts, managerActive: false }, "2027-01-05")).toBe("manager_disabled");
    expect(delegationStatus({ ...facts, managerRoles: ["staff"] }, "2027-01-05")).toBe("manager_not_manager");
    expect(delegationStatus({ ...facts, delegateActive: false }, "2027-01-05")).toBe("delegate_disabled");
    expect(delegationStatus({ ...facts, delegateRoles: ["admin"] }, "2027-01-05")).toBe("delegate_not_eligible");
    expect(delegationStatus({ ...facts, delegateRoles: ["auditor"] }, "2027-01-05")).toBe("delegate_not_eligible");
    expect(delegationStatus({ ...facts, delegateRoles: ["admin", "staff"] }, "2027-01-05")).toBe("in_force");
    expect(delegationStatus(facts, "2027-02-01")).toBe("finished");
  });

  it("an admin-only account named as delegate reads nothing and decides nothing", () => {
    const adminDelegate = ACTORS.adminDelegate as Actor;
    expect(actsAsDelegate(adminDelegate)).toBe(false);
    expect(seesEveryRequest(adminDelegate)).toBe(false);
    expect(canViewRequest(adminDelegate, { requesterId: REQUESTER })).toBe(false);
    expect(canActOnRequests(adminDelegate)).toBe(false);
    expect(canDecide(adminDelegate)).toBe(false);
    const auditorDelegate: Actor = { userId: 13, roles: ["auditor"], delegatedBy: [OTHER_MANAGER] };
    expect([canDecide(auditorDelegate), canViewRequest(auditorDelegate, { requesterId: REQUESTER })]).toEqual([
      false,
      true,
    ]);
    expect([canDecide(delegate), canViewRequest(delegate, { requesterId: REQUESTER })]).toEqual([true, true]);
  });

  it("may be made only by a manager, of an active person who takes part, for a range in order", () => {
    const proposal = {
      managerId: MANAGER,
      managerRoles: ["procurement_manager"],
      delegate: { id: DELEGATE, name: "Aroha", active: true, roles: ["staff"] },
      startsOn: "2027-01-05",
      endsOn: "2027-01-12",
    } as const;
    expect(delegationRefusal(proposal)).toBeNull();
    expect(delegationRefusal({ ...proposal, managerRoles: ["staff"] })?.status).toBe(403);
    const codeOf = (p: Parameters<typeof delegationRefusal>[0]) => delegationRefusal(p)?.field;
    expect(codeOf({ ...proposal, delegate: { ...proposal.delegate, id: MANAGER } })).toBe("delegateId");
    expect(codeOf({ ...proposal, delegate: null })).toBe("delegateId");
    expect(codeOf({ ...proposal, delegate: { ...proposal.delegate, active: false } })).toBe("delegateId");
    expect(codeOf({ ...proposal, delegate: { ...proposal.delegate, roles: ["admin"] } })).toBe("delegateId");
    expect(codeOf({ ...proposal, endsOn: "2027-01-04" })).toBe("endsOn");
  });
});
