import type { AppLoadContext } from "@remix-run/node";
import { appendAuditEvent, recordAuditEvent } from "~/audit/audit.server";
import type { Person } from "~/commands/requestEvents.server";
import { queueNotification } from "~/mail/notify.server";
import type { DB } from "#db/client";
import { getRoles } from "~/models/users.server";
import { mayActAsDelegate } from "~/workflow/policy";
import { endOfNzDay, formatDeadline, formatNzDate, startOfNzDay } from "~/workflow/nzTime";

export type DelegationResult =
  { ok: true; id: number } | { ok: false; status: 400 | 403 | 404; field?: string; reason: string };

/**
 * A manager names an acting delegate for a date range (DESIGN.md "Users and
 * roles"): an active user who is neither only an auditor nor only an admin,
 * and not themselves. A refusal is audited, as every refused change is.
 */
export async function nameDelegate(
  context: AppLoadContext,
  manager: Person,
  input: { delegateId: number; startsOn: string; endsOn: string },
): Promise<DelegationResult> {
  const now = context.now();
  const result = await context.db.transaction().execute((trx) => nameWithin(trx, context, manager, input, now));
  if (!result.ok) {
    await recordAuditEvent(context.db, {
      at: now.toISOString(),
      actorId: manager.id,
      actorRole: null,
      onBehalfOfId: null,
      action: "delegation.refused",
      requestId: null,
      fromState: null,
      toState: null,
      payload: { ...input, status: result.status, reason: result.reason },
    });
  }
  return result;
}

async function nameWithin(
  trx: DB,
  context: AppLoadContext,
  manager: Person,
  input: { delegateId: number; startsOn: string; endsOn: string },
  now: Date,
): Promise<DelegationResult> {
  const managerRoles = await getRoles(trx, manager.id);
  if (!managerRoles.includes("procurement_manager")) {
    return { ok: false, status: 403, reason: "Only a Procurement Excellence Manager can name an acting delegate." };
  }
  if (input.delegateId === manager.id)
    return { ok: false, status: 400, field: "delegateId", reason: "You cannot name yourself." };
  const delegate = await trx
    .selectFrom("users")
    .select(["id", "name", "email", "active"])
    .where("id", "=", input.delegateId)
    .executeTakeFirst();
  if (!delegate || delegate.active !== 1) {
    return { ok: false, status: 400, field: "delegateId", reason: "Choose an active person." };
  }
  if (!mayActAsDelegate(await getRoles(trx, delegate.id))) {
    return {
      ok: false,
      status: 400,
      field: "delegateId",
      reason: `${delegate.name} cannot act as a delegate: auditors and administrators make no decisions. Choose a member of staff or a manager.`,
    };
  }
  if (input.endsOn < input.startsOn) {
    return { ok: false, status: 400, field: "endsOn", reason: "The last day must be on or after the first day." };
  }
  const { id } = await trx
    .insertInto("delegations")
    .values({
      manager_id: manager.id,
      delegate_id: delegate.id,
      starts_on: input.startsOn,
      ends_on: input.endsOn,
      created_at: now.toISOString(),
      revoked_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
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
): Promise<DelegationResult> {
  const now = context.now();
  return context.db.transaction().execute(async (trx) => {
    const delegation = await trx
      .selectFrom("delegations")
      .selectAll()
      .where("id", "=", delegationId)
      .where("manager_id", "=", manager.id)
      .executeTakeFirst();
    if (!delegation || delegation.revoked_at)
      return { ok: false, status: 404, reason: "That delegation was not found, or has already ended." };
    await trx
      .updateTable("delegations")
      .set({ revoked_at: now.toISOString() })
      .where("id", "=", delegationId)
      .execute();
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
}
