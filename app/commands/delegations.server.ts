import type { AppLoadContext } from "@remix-run/node";
import { appendAuditEvent, recordAuditEvent } from "~/audit/audit.server";
import type { Person } from "~/commands/requestEvents.server";
import { queueNotification } from "~/mail/notify.server";
import type { DB } from "#db/client";
import type { Refused } from "~/http/post.server";
import { insertDelegation, openDelegationMadeBy, revokeDelegationRow } from "~/models/delegations.server";
import { getRoles, getUserWithRoles } from "~/models/users.server";
import { delegationRefusal } from "~/workflow/policy";
import { endOfNzDay, formatDeadline, formatNzDate, startOfNzDay } from "~/workflow/nzTime";

/**
 * A manager names an acting delegate for a date range (DESIGN.md "Users and
 * roles"). The core says whether this delegation may be made
 * (`delegationRefusal`); a refusal is audited, as every refused change is.
 */
export async function nameDelegate(
  context: AppLoadContext,
  manager: Person,
  input: { delegateId: number; startsOn: string; endsOn: string },
): Promise<{ ok: true; id: number } | Refused> {
  const now = context.now();
  const result = await context.db.transaction().execute((trx) => nameWithin(trx, context, manager, input, now));
  if (!result.ok) await auditDelegationRefusal(context, manager, now, "name", input, result);
  return result;
}

/** A refused delegation change, in the audit log like every other refusal. */
async function auditDelegationRefusal(
  context: AppLoadContext,
  manager: Person,
  now: Date,
  attempt: "name" | "revoke",
  input: Record<string, unknown>,
  refusal: Refused,
) {
  await recordAuditEvent(context.db, {
    at: now.toISOString(),
    actorId: manager.id,
    actorRole: null,
    onBehalfOfId: null,
    action: "delegation.refused",
    requestId: null,
    fromState: null,
    toState: null,
    payload: { ...input, attempt, status: refusal.status, reason: refusal.reason },
  });
}

async function nameWithin(
  trx: DB,
  context: AppLoadContext,
  manager: Person,
  input: { delegateId: number; startsOn: string; endsOn: string },
  now: Date,
): Promise<{ ok: true; id: number } | Refused> {
  const delegate = await getUserWithRoles(trx, input.delegateId);
  const refusal = delegationRefusal({
    managerId: manager.id,
    managerRoles: await getRoles(trx, manager.id),
    delegate: delegate ?? null,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
  });
  if (refusal) return refusal;
  if (!delegate) throw new Error("delegationRefusal let a missing delegate through.");
  const id = await insertDelegation(trx, {
    managerId: manager.id,
    delegateId: delegate.id,
    startsOn: input.startsOn,
    endsOn: input.endsOn,
    at: now.toISOString(),
  });
  await appendAuditEvent(trx, {
    at: now.toISOString(),
    actorId: manager.id,
    actorRole: "procurement_manager",
    onBehalfOfId: null,
    action: "delegation.created",
    requestId: null,
    fromState: null,
    toState: null,
    payload: { delegationId: id, delegateId: delegate.id, startsOn: input.startsOn, endsOn: input.endsOn },
  });
  await queueNotification(trx, context, {
    template: "delegation-named",
    to: [delegate.email],
    requestId: null,
    now,
    props: {
      recipientName: delegate.name,
      managerName: manager.name,
      fromText: formatNzDate(startOfNzDay(input.startsOn)),
      toText: formatDeadline(endOfNzDay(input.endsOn)),
      requestsUrl: `${context.config.appUrl}/queue`,
    },
  });
  return { ok: true, id };
}

export async function revokeDelegation(
  context: AppLoadContext,
  manager: Person,
  delegationId: number,
): Promise<{ ok: true; id: number } | Refused> {
  const now = context.now();
  const result = await context.db.transaction().execute(async (trx): Promise<{ ok: true; id: number } | Refused> => {
    const delegation = await openDelegationMadeBy(trx, delegationId, manager.id);
    if (!delegation) {
      return { ok: false, status: 404, reason: "That delegation was not found, or has already ended." } as const;
    }
    await revokeDelegationRow(trx, delegationId, now.toISOString());
    await appendAuditEvent(trx, {
      at: now.toISOString(),
      actorId: manager.id,
      actorRole: "procurement_manager",
      onBehalfOfId: null,
      action: "delegation.revoked",
      requestId: null,
      fromState: null,
      toState: null,
      payload: { delegationId, delegateId: delegation.delegate_id },
    });
    return { ok: true, id: delegationId };
  });
  if (!result.ok) await auditDelegationRefusal(context, manager, now, "revoke", { delegationId }, result);
  return result;
}
