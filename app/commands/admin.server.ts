import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { appendAuditEvent, recordAuditEvent, type AuditEventInput } from "~/audit/audit.server";
import { endAllSessionsOf } from "~/auth/session.server";
import {
  findOtherSupplierWithNzbn,
  getSupplier,
  markSupplierMerged,
  moveSupplierRequests,
  requestsOfSupplier,
  updateSupplierDetails,
} from "~/models/suppliers.server";
import {
  countOtherActiveAdmins,
  getUserWithRoles,
  grantRole,
  removeRole,
  setRequester,
  setUserActive,
  undecidedRequestsFollowedBy,
} from "~/models/users.server";
import { queueNotification, requestUrl } from "~/mail/notify.server";
import { disableRefusal, reassignRefusal, roleChangeRefusal, type SupplierInput } from "~/workflow/adminForms";
import { formatDeadline } from "~/workflow/nzTime";
import { STATE_WORDS } from "~/workflow/policy";
import type { Refusal, Refused } from "~/http/post.server";

/**
 * What administrators change: roles, accounts, suppliers, a leaver's requests
 * (DESIGN.md, "Users and roles"). Each change and its audit events commit in
 * one transaction; a refusal changes nothing and is itself an audit event.
 */

export interface AdminActor {
  id: number;
}

/** What an administrator's change answers: done, with what it did, or refused in the one shape. */
export type AdminResult<T> = ({ ok: true } & T) | Refused;

function refusal(status: Refusal["status"], reason: string, field?: string): Refused {
  return { ok: false, status, reason, ...(field ? { field } : {}) };
}

/** Carries a refusal out of its transaction, so whatever the change had begun is rolled back. */
class RolledBack {
  constructor(readonly refusal: Refused) {}
}

function eventBase(actor: AdminActor, at: string): Omit<AuditEventInput, "action" | "payload"> {
  return {
    at,
    actorId: actor.id,
    actorRole: "admin",
    onBehalfOfId: null,
    requestId: null,
    fromState: null,
    toState: null,
  };
}

/** Runs a change in one transaction; a refusal is rolled back and recorded as `admin.refused`. */
async function runAudited<T>(
  context: AppLoadContext,
  actor: AdminActor,
  attempted: string,
  details: Record<string, unknown>,
  change: (trx: DB, at: string) => Promise<AdminResult<T>>,
): Promise<AdminResult<T>> {
  const at = context.now().toISOString();
  try {
    return await context.db.transaction().execute(async (trx) => {
      const result = await change(trx, at);
      if (!result.ok) throw new RolledBack(result);
      return result;
    });
  } catch (error) {
    if (!(error instanceof RolledBack)) throw error;
    if (error.refusal.status !== 404) {
      await recordAuditEvent(context.db, {
        ...eventBase(actor, at),
        action: "admin.refused",
        payload: { attempted, ...details, status: error.refusal.status, reason: error.refusal.reason },
      });
    }
    return error.refusal;
  }
}

function userNotFound(): Refused {
  return refusal(404, "We could not find that user.");
}

/**
 * Sets a person's roles to exactly `roles`: each grant and each removal is
 * its own audit event. Nobody changes their own roles.
 */
export async function changeUserRoles(
  context: AppLoadContext,
  actor: AdminActor,
  userId: number,
  roles: readonly Role[],
): Promise<AdminResult<{ granted: Role[]; removed: Role[] }>> {
  return runAudited(context, actor, "user.roles_changed", { userId, roles }, async (trx, at) => {
    const user = await getUserWithRoles(trx, userId);
    if (!user) return userNotFound();
    const refused = roleChangeRefusal(actor.id, user, roles, await countOtherActiveAdmins(trx, userId));
    if (refused) return refusal(refused.status, refused.message);
    const granted = roles.filter((r) => !user.roles.includes(r));
    const removed = user.roles.filter((r) => !roles.includes(r));
    const now = new Date(at);
    for (const role of granted) {
      await grantRole(trx, userId, role, actor.id, now);
      await appendAuditEvent(trx, { ...eventBase(actor, at), action: "user.role_granted", payload: { userId, role } });
    }
    for (const role of removed) {
      await removeRole(trx, userId, role);
      await appendAuditEvent(trx, { ...eventBase(actor, at), action: "user.role_removed", payload: { userId, role } });
    }
    return { ok: true, granted, removed };
  });
}

type UserWithRoles = NonNullable<Awaited<ReturnType<typeof getUserWithRoles>>>;

/** Disables an account inside the caller's transaction, audited; refused for oneself or the last admin. */
async function disableWithin(
  trx: DB,
  actor: AdminActor,
  user: UserWithRoles,
  at: string,
): Promise<AdminResult<{ changed: boolean }>> {
  const refused = disableRefusal(actor.id, user, await countOtherActiveAdmins(trx, user.id));
  if (refused) return refusal(refused.status, refused.message);
  if (!user.active) return { ok: true, changed: false };
  await setUserActive(trx, user.id, false, new Date(at));
  await appendAuditEvent(trx, { ...eventBase(actor, at), action: "user.disabled", payload: { userId: user.id } });
  return { ok: true, changed: true };
}

/**
 * Disables an account and ends every session it has at once. Disabling an
 * account already disabled changes nothing (a form posted twice).
 */
export async function disableUser(
  context: AppLoadContext,
  actor: AdminActor,
  userId: number,
): Promise<AdminResult<{ changed: boolean }>> {
  const result = await runAudited(context, actor, "user.disabled", { userId }, async (trx, at) => {
    const user = await getUserWithRoles(trx, userId);
    if (!user) return userNotFound();
    return disableWithin(trx, actor, user, at);
  });
  // After commit: the session store is reached through the app's handle, not the transaction.
  // Until then, active = 0 already stops every session (getSignedInUser checks it).
  if (result.ok) await endAllSessionsOf(context, userId);
  return result;
}

export async function enableUser(
  context: AppLoadContext,
  actor: AdminActor,
  userId: number,
): Promise<AdminResult<{ changed: boolean }>> {
  return runAudited(context, actor, "user.enabled", { userId }, async (trx, at) => {
    const user = await getUserWithRoles(trx, userId);
    if (!user) return userNotFound();
    if (user.active) return { ok: true, changed: false };
    await setUserActive(trx, userId, true, new Date(at));
    await appendAuditEvent(trx, { ...eventBase(actor, at), action: "user.enabled", payload: { userId } });
    return { ok: true, changed: true };
  });
}

function supplierNotFound(): Refused {
  return refusal(404, "We could not find that supplier.");
}

/** Edits a supplier's details, audited with the details before and after. */
export async function updateSupplier(
  context: AppLoadContext,
  actor: AdminActor,
  supplierId: number,
  input: SupplierInput,
): Promise<AdminResult<{ changed: boolean }>> {
  return runAudited(context, actor, "supplier.updated", { supplierId }, async (trx, at) => {
    const supplier = await getSupplier(trx, supplierId);
    if (!supplier) return supplierNotFound();
    if (supplier.merged_into_id !== null) {
      return refusal(409, "This supplier was merged into another; edit that one instead.");
    }
    const before = { name: supplier.name, nzbn: supplier.nzbn, contactEmail: supplier.contact_email };
    const after = { name: input.name, nzbn: input.nzbn ?? null, contactEmail: input.contactEmail ?? null };
    if (before.name === after.name && before.nzbn === after.nzbn && before.contactEmail === after.contactEmail) {
      return { ok: true, changed: false };
    }
    if (after.nzbn && after.nzbn !== before.nzbn) {
      const holder = await findOtherSupplierWithNzbn(trx, after.nzbn, supplierId);
      if (holder) {
        return refusal(
          400,
          `"${holder.name}" already has this NZBN. If they are the same supplier, merge them instead.`,
          "nzbn",
        );
      }
    }
    await updateSupplierDetails(trx, supplierId, after);
    await appendAuditEvent(trx, {
      ...eventBase(actor, at),
      action: "supplier.updated",
      payload: { supplierId, before, after },
    });
    return { ok: true, changed: true };
  });
}

/**
 * Merges a duplicate supplier into another: its requests move (each one's
 * revision bumped) and it is marked merged, so it is offered no more.
 */
export async function mergeSupplier(
  context: AppLoadContext,
  actor: AdminActor,
  fromId: number,
  intoId: number,
): Promise<AdminResult<{ requestIds: number[] }>> {
  return runAudited(context, actor, "supplier.merged", { fromId, intoId }, async (trx, at) => {
    const from = await getSupplier(trx, fromId);
    if (!from) return supplierNotFound();
    if (from.merged_into_id !== null) return refusal(409, "This supplier has already been merged into another.");
    if (fromId === intoId) return refusal(400, "A supplier cannot be merged into itself. Choose another.", "intoId");
    const into = await getSupplier(trx, intoId);
    if (!into) return refusal(400, "Choose a supplier from the list to merge into.", "intoId");
    if (into.merged_into_id !== null) {
      return refusal(400, `"${into.name}" was itself merged into another supplier; choose that one instead.`, "intoId");
    }
    const moved = await requestsOfSupplier(trx, fromId);
    const requestIds = moved.map((r) => r.id);
    await moveSupplierRequests(trx, fromId, intoId, new Date(at));
    // Each moved request changed (its supplier and revision), so each has its own event in its timeline.
    for (const request of moved) {
      await appendAuditEvent(trx, {
        ...eventBase(actor, at),
        action: "request.supplierMerged",
        requestId: request.id,
        fromState: request.state,
        toState: request.state,
        payload: { fromSupplierId: fromId, intoSupplierId: intoId },
      });
    }
    const followers = await markSupplierMerged(trx, fromId, intoId);
    await appendAuditEvent(trx, {
      ...eventBase(actor, at),
      action: "supplier.merged",
      // Suppliers merged into this one earlier now point at the target too.
      payload: { fromId, intoId, requestIds, ...(followers.length > 0 ? { alsoRedirectedIds: followers } : {}) },
    });
    return { ok: true, requestIds };
  });
}

/**
 * Hands every undecided request a leaver follows to an active member of
 * staff, who now follows it; who logged it stays as the history records.
 * Only from a disabled account, or one this step disables. One audit event
 * per request naming both people, its state unchanged, and an email to the
 * new follower.
 */
export async function reassignUndecidedRequests(
  context: AppLoadContext,
  actor: AdminActor,
  fromUserId: number,
  toUserId: number,
  options: { disableFrom: boolean } = { disableFrom: false },
): Promise<AdminResult<{ references: string[] }>> {
  const details = { fromUserId, toUserId, disableFrom: options.disableFrom };
  const result = await runAudited(context, actor, "request.reassigned", details, async (trx, at) => {
    const from = await getUserWithRoles(trx, fromUserId);
    if (!from) return refusal(400, "Choose whose requests to reassign from the list.", "fromUserId");
    if (fromUserId === toUserId) {
      return refusal(400, "Choose a different person: the requests already belong to them.", "toUserId");
    }
    const to = await getUserWithRoles(trx, toUserId);
    if (!to) return refusal(400, "Choose who takes the requests over from the list.", "toUserId");
    if (!to.active) return refusal(400, `${to.name}'s account is disabled; choose someone active.`, "toUserId");
    if (!to.roles.includes("staff")) {
      return refusal(400, `${to.name} does not have the staff role, so cannot hold requests.`, "toUserId");
    }
    const refused = reassignRefusal(from, options.disableFrom);
    if (refused) return refusal(refused.status, refused.message);
    if (options.disableFrom) {
      const disabled = await disableWithin(trx, actor, from, at);
      if (!disabled.ok) return disabled;
    }
    const requests = await undecidedRequestsFollowedBy(trx, fromUserId);
    const now = new Date(at);
    for (const request of requests) {
      await setRequester(trx, request.id, toUserId, now);
      await appendAuditEvent(trx, {
        ...eventBase(actor, at),
        action: "request.reassigned",
        requestId: request.id,
        fromState: request.state,
        toState: request.state,
        payload: {
          fromUserId,
          fromName: from.name,
          toUserId,
          toName: to.name,
          loggedById: request.loggedById,
          loggedByName: request.loggedByName,
        },
      });
      await queueNotification(trx, context, {
        template: "request-reassigned",
        to: [to.email],
        requestId: request.id,
        now,
        props: {
          recipientName: to.name,
          reference: request.reference,
          supplierName: request.supplierName,
          requestUrl: requestUrl(context, request.reference),
          loggedByName: request.loggedByName,
          previousName: from.name,
          stateText: STATE_WORDS[request.state],
          deadlineText: formatDeadline(request.deadlineAt),
        },
      });
    }
    return { ok: true, references: requests.map((r) => r.reference) };
  });
  if (options.disableFrom && result.ok) await endAllSessionsOf(context, fromUserId);
  return result;
}
