import { actsAsDelegate, type Actor } from "~/workflow/policy";

/**
 * Who may see and use which pages, from the same `Actor` the transition
 * checks: a delegation counts only through `actsAsDelegate`, so an old
 * delegation row never lets an admin or auditor read or decide as a delegate.
 */

const isManager = (viewer: Actor) => viewer.roles.includes("procurement_manager");

/** Who sees every request: managers, acting delegates and auditors. */
export function seesEveryRequest(viewer: Actor): boolean {
  return isManager(viewer) || viewer.roles.includes("auditor") || actsAsDelegate(viewer);
}

/** Staff see their own requests; managers, delegates and auditors see every request; admins see none. */
export function canViewRequest(viewer: Actor, request: { requesterId: number }): boolean {
  return request.requesterId === viewer.userId || seesEveryRequest(viewer);
}

/** Who may ever change a request: staff (their own), managers and acting delegates. Auditors and admins never do. */
export function canActOnRequests(viewer: Actor): boolean {
  return viewer.roles.includes("staff") || isManager(viewer) || actsAsDelegate(viewer);
}

/** Who may decide at all: managers and acting delegates (separation of duties is checked per request). */
export function canDecide(viewer: Actor): boolean {
  return isManager(viewer) || actsAsDelegate(viewer);
}
