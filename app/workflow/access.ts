import type { Role } from "#db/schema";

export interface Viewer {
  userId: number;
  roles: readonly Role[];
  /** Managers who named this user acting delegate today. */
  delegatedBy: readonly number[];
}

/** Who sees every request: managers, acting delegates and auditors. */
export function seesEveryRequest(viewer: Viewer): boolean {
  return (
    viewer.roles.includes("procurement_manager") || viewer.roles.includes("auditor") || viewer.delegatedBy.length > 0
  );
}

/** Staff see their own requests; managers, delegates and auditors see every request; admins see none. */
export function canViewRequest(viewer: Viewer, request: { requesterId: number }): boolean {
  return request.requesterId === viewer.userId || seesEveryRequest(viewer);
}

/** Who may ever change a request: staff (their own), managers and acting delegates. Auditors and admins never do. */
export function canActOnRequests(viewer: Viewer): boolean {
  return (
    viewer.roles.includes("staff") || viewer.roles.includes("procurement_manager") || viewer.delegatedBy.length > 0
  );
}

/** Who may decide at all: managers and acting delegates (separation of duties is checked per request). */
export function canDecide(viewer: Viewer): boolean {
  return viewer.roles.includes("procurement_manager") || viewer.delegatedBy.length > 0;
}
