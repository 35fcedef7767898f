import {
  permission,
  stateAllows,
  type Actor,
  type PersonEventType,
  type RefusalCode,
  type RequestSnapshot,
} from "~/workflow/policy";

/** Why a control is not offered, and who can act instead, shown where the control would be. */
export interface MissingControl {
  reason: string;
  instead: string | null;
}

/** Who can act when this person cannot, by the core's refusal code (the reason itself is the core's). */
const INSTEAD: Partial<Record<RefusalCode, string>> = {
  own_request: "Another Procurement Excellence Manager, or an acting delegate, decides it.",
  delegator_request: "Another Procurement Excellence Manager, or their delegate, decides it.",
  own_version: "Another Procurement Excellence Manager, or an acting delegate, approves it.",
  delegator_version: "Another Procurement Excellence Manager, or their delegate, approves it.",
  not_decider: "The Procurement Excellence Manager, or their acting delegate, decides it.",
  conflict_declared: "Another Procurement Excellence Manager, or an acting delegate, decides it.",
  deadline_passed: "Nobody can now: the scheduled sweep declines it by default.",
  read_only: "The requester and the managers act on requests.",
  not_requester: "The person who logged it (its requester) can.",
  valid_until_passed: "Nobody can now: the scheduled sweep marks it expired. It can still be withdrawn.",
};

/** Who can act on an endorsement no longer in force: nobody; a new endorsement starts as a new request. */
const CLOSED_INSTEAD = "Nobody can: an endorsement no longer in force is not reviewed; a new one needs a new request.";

/**
 * For each event asked about that this actor cannot raise now, the core's
 * refusal in plain words. Events the request's state rules out entirely
 * (it is not in review, say) are left out: their controls have no place here.
 */
export function missingControls(
  request: RequestSnapshot,
  actor: Actor,
  now: Date,
  events: readonly PersonEventType[],
): Partial<Record<PersonEventType, MissingControl>> {
  const out: Partial<Record<PersonEventType, MissingControl>> = {};
  for (const event of events) {
    const state = stateAllows(request, event, now);
    if (state?.code === "wrong_state" || state?.code === "no_version") continue;
    const who = permission(request, event, actor);
    const refusal = !who.ok ? who : state;
    if (refusal) out[event] = { reason: refusal.reason, instead: INSTEAD[refusal.code] ?? null };
  }
  return out;
}

/** The same, for a person whose last declaration on this request was a conflict. */
export function conflictDeclaredControl(): MissingControl {
  return {
    reason: "You declared a conflict of interest for this request, so you cannot decide it.",
    instead: INSTEAD.conflict_declared ?? null,
  };
}

/**
 * Why an event that only an approved endorsement allows is not offered, when
 * the state rules it out (withdrawn, expired): the core's reason, or null.
 */
export function closedByStateControl(
  request: RequestSnapshot,
  now: Date,
  event: PersonEventType,
): MissingControl | null {
  const state = stateAllows(request, event, now);
  return state?.code === "wrong_state" ? { reason: state.reason, instead: CLOSED_INSTEAD } : null;
}
