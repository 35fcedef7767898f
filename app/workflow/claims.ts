import { canDecide } from "~/workflow/access";
import {
  isUndecided,
  permission,
  reached,
  refuse,
  type Actor,
  type Refusal,
  type RequestSnapshot,
} from "~/workflow/policy";

/**
 * "I'm handling this" (issue 21, item 4): a claim tells the other deciders
 * who is on a request. It grants nothing; it is offered only to someone who
 * could decide the request now, so the queue never shows a claim by a person
 * the policy keeps from deciding. Pure: the command loads, this decides.
 */

export interface ClaimHolder {
  userId: number;
  name: string;
}

/** What a claim depends on: who owns the request, its state and its deadline. */
export type ClaimFacts = Pick<RequestSnapshot, "id" | "state" | "requesterId" | "loggedById" | "deadlineAt">;

/**
 * The snapshot the decide-permission reads for a claim: only the people and
 * the state matter (no version is approved by claiming), so the rest is empty.
 */
function snapshotForClaim(facts: ClaimFacts): RequestSnapshot {
  return {
    ...facts,
    outcome: "decline",
    revision: 0,
    enduring: true,
    validUntil: null,
    latestVersion: null,
    supplierHasContact: false,
    supplierContact: null,
    supplierNoticeSent: false,
  };
}

/** Why this actor may not claim this request now, or null when they may. */
export function claimRefusal(request: ClaimFacts, actor: Actor, holder: ClaimHolder | null, now: Date): Refusal | null {
  // The same separation of duties as a decision: whoever may not decide it may not take it on.
  const who = permission(snapshotForClaim(request), "decline", actor);
  if (!who.ok) return who;
  if (!isUndecided(request.state)) {
    return refuse(409, "wrong_state", "This request has been decided, so there is nothing left to handle.");
  }
  if (reached(now, request.deadlineAt)) {
    return refuse(409, "deadline_passed", "The deadline has passed; the request will be declined by default.");
  }
  if (holder?.userId === actor.userId) return refuse(409, "already_claimed", "You are already handling this request.");
  if (holder) {
    return refuse(
      409,
      "claimed_by_other",
      `${holder.name} is already handling this request. They, or another manager, can release it first.`,
    );
  }
  return null;
}

/** Whether this actor may release the claim: the holder and every other decider may, so none is stuck. */
export function releasePermission<Holder extends ClaimHolder>(
  actor: Actor,
  holder: Holder | null,
): { ok: true; holder: Holder } | Refusal {
  if (!canDecide(actor)) {
    return refuse(403, "not_decider", "Only a Procurement Excellence Manager, or their acting delegate, can do this.");
  }
  if (!holder) return refuse(409, "not_claimed", "Nobody is handling this request now.");
  return { ok: true, holder };
}

/** Why the sweep releases a claim, or null to keep it. */
export function lapseReason(
  request: { state: RequestSnapshot["state"] },
  workingDaysHeld: number,
  lapseAfterWorkingDays: number,
): "decided" | "lapsed" | null {
  if (!isUndecided(request.state)) return "decided";
  return workingDaysHeld >= lapseAfterWorkingDays ? "lapsed" : null;
}
