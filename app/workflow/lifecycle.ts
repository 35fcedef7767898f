import type { ConsentRelation, Outcome, RequestRow, RequestState, RiskLevel } from "#db/schema";

import {
  permission,
  PERMITTED_USE_MISSING,
  refuse,
  stateAllows,
  type Actor,
  type Permission,
  type Refusal,
  type RequestSnapshot,
  type WorkflowEventType,
} from "~/workflow/policy";
import { approvalBlockers, reviewRecordOf, validUntilLimit, type PostedReview } from "~/workflow/review";
import type { Finding } from "~/workflow/textChecks/checkText";
import type { EmailTemplateName } from "~/workflow/vocabulary";

export {
  availableEvents,
  decidingCapacity,
  DECIDING_EVENTS,
  FINAL_STATES,
  PERSON_EVENTS,
  SWEEP_EVENTS,
  UNDECIDED_STATES,
  isFinal,
  isUndecided,
} from "~/workflow/policy";
export type {
  ActingAs,
  Actor,
  DecidingEventType,
  PersonEventType,
  Refusal,
  RefusalCode,
  RequestSnapshot,
  SweepEventType,
  WorkflowEventType,
} from "~/workflow/policy";

/**
 * The request lifecycle as a pure transition:
 * (request, event, actor, context) → { next, revision, audit, effects } | refusal.
 * The server loads the snapshot, calls `transition`, and persists the result,
 * its audit event and its emails in one transaction.
 *
 * Checks run in a fixed order, so the person hears the most useful refusal:
 *   1. who they are (403: role, separation of duties, conflict declaration);
 *   2. the revision they saw (409 stale_revision), so a stale form is told to
 *      reload rather than argued with about a state it has not seen;
 *   3. the request's state and dates (409);
 *   4. what the form holds (400 for missing or invalid input; 409 for an
 *      approval that no longer matches the latest version or is blocked).
 */

export type ConflictDeclaration = { hasConflict: false } | { hasConflict: true; note: string };

export interface ImpactAssessment {
  publicReaction: { risk: RiskLevel; note: string };
  supplierPerformance: { risk: RiskLevel; note: string };
}

export type WorkflowEvent =
  | {
      type: "allowDrafting";
      revision: number;
      conflict: ConflictDeclaration;
      exceptionGround: string;
      impact: ImpactAssessment;
    }
  | { type: "decline"; revision: number; conflict: ConflictDeclaration; reason: string; notifySupplier: boolean }
  | { type: "cancel"; revision: number; reason: string }
  /** The server computes the diff of the corrected fields (audited) and the new values (written). */
  | {
      type: "correct";
      revision: number;
      changes: Record<string, { from: unknown; to: unknown }>;
      corrections: Corrections;
    }
  | { type: "extendDeadline"; revision: number; conflict: ConflictDeclaration; newDeadline: string; reason: string }
  | { type: "comment"; body: string }
  /**
   * The author saves their text as the next version. The server hashes it and
   * runs the text checks; `basedOn` (the version they started from) is checked
   * before `seenRevision`, so a writer overtaken by another version hears that.
   */
  | {
      type: "saveVersion";
      seenRevision: number;
      basedOn: number | null;
      text: string;
      sha256: string;
      findings: readonly Finding[];
      rulesetVersion: string;
      consents: readonly VersionConsent[];
    }
  /** The requester (or the manager who wrote it) submits the latest version for review. */
  | { type: "submitVersion"; revision: number; versionNumber: number }
  | { type: "requestChanges"; revision: number; conflict: ConflictDeclaration; comments: string }
  | {
      type: "approveVersion";
      revision: number;
      conflict: ConflictDeclaration;
      versionId: number;
      sha256: string;
      validUntil: string;
      /** What the manager attested; the transition weighs it against the version's stored findings. */
      review: PostedReview;
      /** Send the supplier's contact the approval terms (DESIGN.md "Email"). Added; absent means no. */
      notifySupplier?: boolean;
      /** Where the manager approves it may be used: all the supplier's terms say about use (issue 20, item 5). */
      permittedUse?: string;
    }
  | {
      type: "recordReview";
      revision: number;
      conflict: ConflictDeclaration;
      performanceNote: string;
      confirm: boolean;
      newValidUntil: string | null;
      reason: string | null;
    }
  | { type: "withdraw"; revision: number; conflict: ConflictDeclaration; reason: string; notifySupplier: boolean }
  /** After a decline (by a manager or by default): the courteous notice to the supplier's contact, once. */
  | { type: "sendDeclineNotice"; revision: number; to: string }
  | { type: "declineByDefault" }
  | { type: "expire" }
  | { type: "remindDeadline" };

// The policy's list of event names and this union must stay the same set.
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const eventNamesAgree: SameSet<WorkflowEvent["type"], WorkflowEventType> = true;
void eventNamesAgree;

export interface TransitionContext {
  now: Date;
  /** End of the 20th NZ working day after the day drafting is allowed, ISO UTC (app/workflow/workingDays.ts). */
  draftingDeadline: (allowedAt: Date) => string;
}

export type EmailRecipients =
  "managers_and_delegates" | "requester" | "supplier_contact" | "comment_other_side" | "deciders";
export type Effect = { kind: "email"; template: EmailTemplateName; to: EmailRecipients };

/** Field corrections the requester may make while undecided, as the request's columns. */
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

export interface VersionConsent {
  personName: string;
  relation: ConsentRelation;
  consent: string;
}

/** The request columns a transition changes; absent means unchanged. */
export type RequestChanges = Partial<{
  state: RequestState;
  outcome: Outcome;
  deadlineAt: string;
  declinedByDefault: boolean;
  decidedBy: number | null;
  decidedAt: string | null;
  decisionReason: string | null;
  validUntil: string | null;
  exceptionGround: string;
  impactPublicRisk: RiskLevel;
  impactPublicNote: string;
  impactPerformanceRisk: RiskLevel;
  impactPerformanceNote: string;
  draftingAllowedAt: string;
  permittedUse: string | null;
  supplierNoticeSentAt: string;
  /** The deadline a reminder was sent for; null when the deadline moves, so the new one gets its own. */
  reminderSentFor: string | null;
  approvedVersionId: number;
  approvedSha256: string;
  corrected: Corrections;
}>;

/** A row written beside the request, in the same transaction; the server adds the request id and the time. */
export type RowToWrite =
  | { kind: "comment"; authorId: number; body: string }
  | {
      kind: "versionReview";
      versionId: number;
      reviewerId: number;
      outcome: "approved" | "changes_requested" | "declined";
      review: Record<string, unknown>;
    }
  | {
      kind: "endorsementReview";
      reviewerId: number;
      performanceNote: string;
      confirmed: boolean;
      previousValidUntil: string | null;
      newValidUntil: string | null;
      reason: string | null;
    }
  | {
      kind: "version";
      number: number;
      basedOn: number | null;
      authorId: number;
      text: string;
      sha256: string;
      findings: readonly Finding[];
      rulesetVersion: string;
      consents: readonly VersionConsent[];
      /** The audit payload names the new row's id under this key, once the server has inserted it. */
      auditIdAs: "versionId";
    };

export interface AuditRecord {
  /** The event's name, except where the log has always used another (see AUDIT_NAMES). */
  action: string;
  fromState: RequestState;
  toState: RequestState;
  actingAs: Permission["actingAs"];
  onBehalfOf: number | null;
  payload: Record<string, unknown>;
}

export type TransitionResult =
  | {
      ok: true;
      next: RequestChanges;
      /**
       * The request's revision after the event: old + 1 for every change.
       * A comment and a deadline reminder do not change the request, so they
       * keep it: an open form stays valid while people discuss.
       */
      revision: number;
      audit: AuditRecord;
      effects: Effect[];
      rows: RowToWrite[];
    }
  | Refusal;

/** The audit log's readers (timeline, dossier, figures) know a saved version as "versionSaved". */
const AUDIT_NAMES: Partial<Record<WorkflowEventType, string>> = { saveVersion: "versionSaved" };

export const DEFAULT_DECLINE_REASON =
  "No decision was made by the deadline, so the request was declined by default, as the policy requires.";

export function staleRevisionReason(currentRevision: number): string {
  return `This request changed since you opened it (revision ${currentRevision} is current). Your change was not saved; review the current state and try again.`;
}

export function transition(
  request: RequestSnapshot,
  event: WorkflowEvent,
  actor: Actor | "system",
  ctx: TransitionContext,
): TransitionResult {
  const allowed = permission(request, event.type, actor);
  if (!allowed.ok) return allowed;
  // Policy: "a declared conflict means they cannot decide it" — whoever they are.
  if ("conflict" in event && event.conflict.hasConflict) {
    return refuse(
      403,
      "conflict_declared",
      "You declared a conflict of interest for this request, so you cannot decide it; another manager must.",
    );
  }
  // A saved version checks its revision after its base (see the event); every other event here.
  if ("revision" in event && event.revision !== request.revision) {
    return refuse(409, "stale_revision", staleRevisionReason(request.revision));
  }
  const blocked = stateAllows(request, event.type, ctx.now);
  if (blocked) return blocked;
  return apply(request, event, allowed, actor === "system" ? null : actor.userId, ctx);
}

const blank = (text: string | null | undefined) => text === null || text === undefined || text.trim() === "";

function required(field: string, text: string | null | undefined, what: string): Refusal | null {
  return blank(text) ? refuse(400, "reason_required", what, field) : null;
}

/** A date the person entered, as ISO UTC, or a refusal. */
function parseDate(field: string, iso: string | null | undefined, what: string): string | Refusal {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isNaN(ms)
    ? refuse(400, "invalid_date", `${what} is not a valid date.`, field)
    : new Date(ms).toISOString();
}

const NO_CONFLICT = { hasConflict: false } as const;

/** Person-only events reach `apply` only with a person: `permission` refuses the sweep first. */
function personId(by: number | null): number {
  if (by === null) throw new Error("A person-only event reached the transition without a person.");
  return by;
}

/** A valid-until date the person chose: in the future and within the limit for this kind of endorsement. */
function checkedValidUntil(
  field: string,
  iso: string | null | undefined,
  what: string,
  limit: { latest: string; refusal: string },
  now: Date,
): string | Refusal {
  const validUntil = parseDate(field, iso, what);
  if (typeof validUntil !== "string") return validUntil;
  if (!(Date.parse(validUntil) > now.getTime())) {
    return refuse(400, "invalid_valid_until", `${what} must be in the future.`, field);
  }
  if (Date.parse(validUntil) > Date.parse(limit.latest)) {
    return refuse(400, "invalid_valid_until", limit.refusal, field);
  }
  return validUntil;
}

function countBySeverity(findings: readonly Finding[]) {
  const counts = { error: 0, warning: 0, suggestion: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

function apply(
  request: RequestSnapshot,
  event: WorkflowEvent,
  allowed: Permission,
  deciderId: number | null,
  ctx: TransitionContext,
): TransitionResult {
  const now = ctx.now.toISOString();
  const email = (template: EmailTemplateName, to: EmailRecipients): Effect => ({ kind: "email", template, to });
  const done = (
    toState: RequestState,
    next: RequestChanges,
    payload: Record<string, unknown>,
    effects: Effect[],
    { rows = [], changesRequest = true }: { rows?: RowToWrite[]; changesRequest?: boolean } = {},
  ): TransitionResult => ({
    ok: true,
    next: toState === request.state ? next : { state: toState, ...next },
    revision: changesRequest ? request.revision + 1 : request.revision,
    rows,
    audit: {
      action: AUDIT_NAMES[event.type] ?? event.type,
      fromState: request.state,
      toState,
      actingAs: allowed.actingAs,
      onBehalfOf: allowed.onBehalfOf,
      payload,
    },
    effects,
  });
  const supplierNotified = (chosen: boolean | undefined) => chosen === true && request.supplierHasContact;
  const latest = request.latestVersion;
  // A decision on a version in review is a review of it: stored with the version it was made on.
  const versionReview = (outcome: "changes_requested" | "declined", review: Record<string, unknown>): RowToWrite[] =>
    request.state === "in_review" && latest
      ? [{ kind: "versionReview", versionId: latest.id, reviewerId: personId(deciderId), outcome, review }]
      : [];

  switch (event.type) {
    case "allowDrafting": {
      const missing =
        required(
          "exceptionGround",
          event.exceptionGround,
          "Give the exception ground: why this request may be an exception to the rule.",
        ) ??
        required(
          "impact.publicReaction.note",
          event.impact.publicReaction.note,
          "Say what you considered about the risk of adverse public reaction.",
        ) ??
        required(
          "impact.supplierPerformance.note",
          event.impact.supplierPerformance.note,
          "Say what you considered about the risk that the supplier's performance declines.",
        );
      if (missing) return missing;
      // An extension is never lost by a later step: drafting gets the later of its own deadline and the current one.
      const draftingDeadlineAt = ctx.draftingDeadline(ctx.now);
      const keptExtension = Date.parse(request.deadlineAt) > Date.parse(draftingDeadlineAt);
      const deadlineAt = keptExtension ? request.deadlineAt : draftingDeadlineAt;
      return done(
        "drafting",
        {
          deadlineAt,
          reminderSentFor: null,
          exceptionGround: event.exceptionGround.trim(),
          impactPublicRisk: event.impact.publicReaction.risk,
          impactPublicNote: event.impact.publicReaction.note.trim(),
          impactPerformanceRisk: event.impact.supplierPerformance.risk,
          impactPerformanceNote: event.impact.supplierPerformance.note.trim(),
          draftingAllowedAt: now,
        },
        {
          conflict: NO_CONFLICT,
          exceptionGround: event.exceptionGround.trim(),
          impact: event.impact,
          previousDeadlineAt: request.deadlineAt,
          draftingDeadlineAt,
          keptExtension,
          deadlineAt,
        },
        [email("drafting-allowed", "requester")],
      );
    }

    case "decline": {
      const missing = required("reason", event.reason, "Give the reason for declining; the requester will see it.");
      if (missing) return missing;
      const notified = supplierNotified(event.notifySupplier);
      return done(
        "declined",
        {
          decidedBy: deciderId,
          decidedAt: now,
          decisionReason: event.reason.trim(),
          ...(notified ? { supplierNoticeSentAt: now } : {}),
        },
        {
          conflict: NO_CONFLICT,
          reason: event.reason.trim(),
          notifySupplier: event.notifySupplier,
          supplierNotified: notified,
        },
        [email("declined", "requester"), ...(notified ? [email("supplier-decline-notice", "supplier_contact")] : [])],
        { rows: versionReview("declined", { reason: event.reason.trim() }) },
      );
    }

    case "cancel": {
      // A cancelled request must say why; no email, as the managers' queue shows it (the brief left this open).
      const missing = required("reason", event.reason, "Say why you are cancelling this request.");
      if (missing) return missing;
      return done("cancelled", { decisionReason: event.reason.trim() }, { reason: event.reason.trim() }, []);
    }

    case "correct": {
      if (Object.keys(event.changes).length === 0) {
        return refuse(400, "no_changes", "Nothing was changed, so there is nothing to save.");
      }
      return done(request.state, { corrected: event.corrections }, { changes: event.changes }, []);
    }

    case "extendDeadline": {
      const missing = required("reason", event.reason, "Give the reason for extending the deadline.");
      if (missing) return missing;
      const newDeadline = parseDate("newDeadline", event.newDeadline, "The new deadline");
      if (typeof newDeadline !== "string") return newDeadline;
      if (Date.parse(newDeadline) <= Date.parse(request.deadlineAt)) {
        return refuse(400, "invalid_deadline", "The new deadline must be later than the current one.", "newDeadline");
      }
      return done(
        request.state,
        { deadlineAt: newDeadline, reminderSentFor: null },
        {
          conflict: NO_CONFLICT,
          previousDeadlineAt: request.deadlineAt,
          deadlineAt: newDeadline,
          reason: event.reason.trim(),
        },
        [],
      );
    }

    case "comment": {
      const missing = required("body", event.body, "Write a comment before sending it.");
      if (missing) return missing;
      return done(request.state, {}, { body: event.body.trim() }, [email("comment", "comment_other_side")], {
        rows: [{ kind: "comment", authorId: personId(deciderId), body: event.body.trim() }],
        changesRequest: false,
      });
    }

    case "saveVersion": {
      const latestNumber = latest?.number ?? null;
      if (event.basedOn !== latestNumber) {
        return refuse(
          409,
          "version_not_latest",
          latestNumber === null
            ? "Your text was not saved: it says it was based on a version that does not exist."
            : `Version ${latestNumber} was saved while you were writing, so yours was not saved. Your text is kept below: read version ${latestNumber}, then save again to make yours version ${latestNumber + 1}.`,
        );
      }
      // A version is immutable and identified by its hash: the same text again is not a new version (issue 20, item 13).
      if (latest?.sha256 === event.sha256) {
        return refuse(
          400,
          "no_changes",
          `This text is exactly the text of version ${latestNumber}, so no new version was saved. Change the text to save version ${(latestNumber ?? 0) + 1}.`,
          "text",
        );
      }
      if (event.seenRevision !== request.revision) {
        return refuse(409, "stale_revision", staleRevisionReason(request.revision));
      }
      const missing = required("text", event.text, "Write the endorsement text before saving it.");
      if (missing) return missing;
      const number = (latestNumber ?? 0) + 1;
      const { basedOn, sha256, rulesetVersion } = event;
      return done(
        request.state,
        {},
        {
          number,
          sha256,
          basedOn,
          rulesetVersion,
          findingCounts: countBySeverity(event.findings),
          consents: event.consents.length,
        },
        [],
        {
          rows: [
            {
              kind: "version",
              number,
              basedOn,
              authorId: personId(deciderId),
              text: event.text,
              sha256,
              findings: event.findings,
              rulesetVersion,
              consents: event.consents,
              auditIdAs: "versionId",
            },
          ],
        },
      );
    }

    case "submitVersion": {
      if (!latest || event.versionNumber !== latest.number) {
        return refuse(
          409,
          "version_not_latest",
          `Version ${event.versionNumber} is not the latest version; submit the latest one.`,
        );
      }
      return done("in_review", {}, { versionId: latest.id, versionNumber: latest.number, sha256: latest.sha256 }, [
        email("version-submitted", "managers_and_delegates"),
      ]);
    }

    case "requestChanges": {
      const missing = required(
        "comments",
        event.comments,
        "Say what should change, so the requester can revise the text.",
      );
      if (missing) return missing;
      return done(
        "drafting",
        {},
        {
          conflict: NO_CONFLICT,
          versionId: latest?.id ?? null,
          versionNumber: latest?.number ?? null,
          comments: event.comments.trim(),
        },
        [email("changes-requested", "requester")],
        { rows: versionReview("changes_requested", { comments: event.comments.trim() }) },
      );
    }

    case "approveVersion": {
      // Approval binds to one version: its id and the SHA-256 of its text (DESIGN.md "Approval").
      if (!latest || event.versionId !== latest.id) {
        return refuse(
          409,
          "version_not_latest",
          "The version you reviewed is no longer the latest; review the latest version before approving.",
        );
      }
      if (event.sha256.toLowerCase() !== latest.sha256.toLowerCase()) {
        return refuse(
          409,
          "version_not_latest",
          "The text you reviewed does not match the stored text of this version; reload it and review it again.",
        );
      }
      // The blockers come from the findings stored with the version, never from what the caller says of them.
      const record = reviewRecordOf(event.review, latest.findings);
      const blockers = approvalBlockers(record, latest.findings, record.impactConfirmed);
      if (blockers.length > 0) {
        return refuse(409, "blocked_by_review", `This version cannot be approved yet: ${blockers.join("; ")}.`);
      }
      const limit = validUntilLimit("approval", { enduring: request.enduring, now: ctx.now });
      const validUntil = checkedValidUntil("validUntil", event.validUntil, "The valid-until date", limit, ctx.now);
      if (typeof validUntil !== "string") return validUntil;
      const notified = supplierNotified(event.notifySupplier);
      const permittedUse = event.permittedUse?.trim() || null;
      if (notified && permittedUse === null) {
        return refuse(400, "reason_required", PERMITTED_USE_MISSING, "permittedUse");
      }
      const sha256 = latest.sha256.toLowerCase();
      return done(
        "approved",
        {
          outcome: "endorse",
          validUntil,
          decidedBy: deciderId,
          decidedAt: now,
          decisionReason: null,
          permittedUse,
          approvedVersionId: latest.id,
          approvedSha256: sha256,
        },
        {
          conflict: NO_CONFLICT,
          versionId: latest.id,
          versionNumber: latest.number,
          sha256: latest.sha256,
          validUntil,
          permittedUse,
          notifySupplier: event.notifySupplier === true,
          supplierNotified: notified,
        },
        [email("approved", "requester"), ...(notified ? [email("supplier-approval-terms", "supplier_contact")] : [])],
        {
          rows: [
            {
              kind: "versionReview",
              versionId: latest.id,
              reviewerId: personId(deciderId),
              outcome: "approved",
              review: { ...record, sha256, validUntil },
            },
          ],
        },
      );
    }

    case "recordReview": {
      const missingNote = required(
        "performanceNote",
        event.performanceNote,
        "Record what is known of the supplier's performance since approval.",
      );
      if (missingNote) return missingNote;
      const base = {
        conflict: NO_CONFLICT,
        performanceNote: event.performanceNote.trim(),
        confirm: event.confirm,
        previousValidUntil: request.validUntil,
      };
      const reviewRow = (newValidUntil: string | null, reason: string | null): RowToWrite => ({
        kind: "endorsementReview",
        reviewerId: personId(deciderId),
        performanceNote: base.performanceNote,
        confirmed: event.confirm,
        previousValidUntil: request.validUntil,
        newValidUntil,
        reason,
      });
      if (event.confirm) {
        const limit = validUntilLimit("review", { enduring: request.enduring, now: ctx.now });
        const newValidUntil = checkedValidUntil(
          "newValidUntil",
          event.newValidUntil,
          "The new valid-until date",
          limit,
          ctx.now,
        );
        if (typeof newValidUntil !== "string") return newValidUntil;
        return done("approved", { validUntil: newValidUntil }, { ...base, newValidUntil, reason: null }, [], {
          rows: [reviewRow(newValidUntil, null)],
        });
      }
      const missingReason = required("reason", event.reason, "Give the reason for withdrawing the endorsement.");
      if (missingReason) return missingReason;
      const reason = (event.reason ?? "").trim();
      return done(
        "withdrawn",
        { decidedBy: deciderId, decidedAt: now, decisionReason: reason },
        { ...base, newValidUntil: null, reason },
        [email("withdrawn", "requester")],
        { rows: [reviewRow(null, reason)] },
      );
    }

    case "withdraw": {
      const missing = required("reason", event.reason, "Give the reason for withdrawing the endorsement.");
      if (missing) return missing;
      const notified = supplierNotified(event.notifySupplier);
      return done(
        "withdrawn",
        { decidedBy: deciderId, decidedAt: now, decisionReason: event.reason.trim() },
        {
          conflict: NO_CONFLICT,
          reason: event.reason.trim(),
          notifySupplier: event.notifySupplier,
          supplierNotified: notified,
        },
        [
          email("withdrawn", "requester"),
          ...(notified ? [email("supplier-withdrawal-notice", "supplier_contact")] : []),
        ],
      );
    }

    case "sendDeclineNotice":
      // Sent to the address the person saw on the page, or not at all.
      if (event.to.trim().toLowerCase() !== (request.supplierContact ?? "").toLowerCase()) {
        return refuse(
          409,
          "stale_revision",
          `The supplier's contact address has changed to ${request.supplierContact ?? "none"}; check it and send again.`,
        );
      }
      return done("declined", { supplierNoticeSentAt: now }, { sentTo: request.supplierContact }, [
        email("supplier-decline-notice", "supplier_contact"),
      ]);

    case "declineByDefault":
      return done(
        "declined",
        { declinedByDefault: true, decidedBy: null, decidedAt: now, decisionReason: DEFAULT_DECLINE_REASON },
        { deadlineAt: request.deadlineAt, reason: DEFAULT_DECLINE_REASON },
        [email("declined-by-default", "requester"), email("declined-by-default", "managers_and_delegates")],
      );

    case "expire":
      // Outcome stays `endorse` in the history; the state says it is no longer in force.
      return done("expired", {}, { validUntil: request.validUntil }, [
        email("expired", "requester"),
        email("expired", "managers_and_delegates"),
      ]);

    case "remindDeadline":
      // A reminder tells people about the request; it does not change it, so the revision stays.
      return done(
        request.state,
        { reminderSentFor: request.deadlineAt },
        { deadlineAt: request.deadlineAt },
        [email("deadline-reminder", "deciders")],
        { changesRequest: false },
      );
  }
}
