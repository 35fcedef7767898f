import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "#db/client";
import { appendAuditEvent } from "~/audit/audit.server";
import { auditRefusal, type Person } from "~/commands/requestEvents.server";
import { actorFor } from "~/models/actors.server";
import { claimRefusal, lapseReason, releasePermission, type ClaimHolder } from "~/workflow/claims";
import type { Refusal } from "~/workflow/policy";
import { workingDaysBetween } from "~/workflow/workingDays.server";

/** A claim nobody acted on is released by the sweep after this many working days, so it cannot hide a request. */
export const CLAIM_LAPSE_WORKING_DAYS = 3;

export type ClaimOutcome = { ok: true } | Refusal;

async function holderOf(db: DB, requestId: number): Promise<(ClaimHolder & { claimedAt: string }) | null> {
  const row = await db
    .selectFrom("request_claims")
    .innerJoin("users", "users.id", "request_claims.user_id")
    .select(["request_claims.user_id", "users.name", "request_claims.claimed_at"])
    .where("request_claims.request_id", "=", requestId)
    .executeTakeFirst();
  return row ? { userId: row.user_id, name: row.name, claimedAt: row.claimed_at } : null;
}

async function requestRow(db: DB, requestId: number) {
  return db.selectFrom("requests").selectAll().where("id", "=", requestId).executeTakeFirstOrThrow();
}

function claimAudit(
  at: string,
  actor: { id: number | null; role: string },
  request: { id: number; state: string },
  action: string,
  payload: Record<string, unknown>,
) {
  return {
    at,
    actorId: actor.id,
    actorRole: actor.role,
    onBehalfOfId: null,
    action,
    requestId: request.id,
    fromState: request.state,
    toState: request.state,
    payload,
  };
}

const roleOf = (actor: { roles: readonly string[] }) =>
  actor.roles.includes("procurement_manager") ? "procurement_manager" : "delegate";

/** "I'm handling this": records the claim and its audit event, or the refusal's audit event. */
export async function claimRequest(context: AppLoadContext, person: Person, requestId: number): Promise<ClaimOutcome> {
  const now = context.now();
  const at = now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const request = await requestRow(trx, requestId);
    const actor = await actorFor(trx, person, now);
    const facts = {
      id: request.id,
      state: request.state,
      requesterId: request.requester_id,
      loggedById: request.logged_by_id,
      deadlineAt: request.deadline_at,
    };
    const refused = claimRefusal(facts, actor, await holderOf(trx, requestId), now);
    if (refused) {
      await auditRefusal(trx, { at, person, request, event: "claim", refusal: refused });
      return refused;
    }
    await trx
      .insertInto("request_claims")
      .values({ request_id: requestId, user_id: person.id, claimed_at: at })
      .execute();
    await appendAuditEvent(trx, claimAudit(at, { id: person.id, role: roleOf(actor) }, request, "request.claimed", {}));
    return { ok: true };
  });
}

/** Releases the claim on a request, whoever holds it; the audit event names the holder released. */
export async function releaseClaim(context: AppLoadContext, person: Person, requestId: number): Promise<ClaimOutcome> {
  const now = context.now();
  const at = now.toISOString();
  return context.db.transaction().execute(async (trx) => {
    const request = await requestRow(trx, requestId);
    const actor = await actorFor(trx, person, now);
    const allowed = releasePermission(actor, await holderOf(trx, requestId));
    if (!allowed.ok) {
      await auditRefusal(trx, { at, person, request, event: "releaseClaim", refusal: allowed });
      return allowed;
    }
    await trx.deleteFrom("request_claims").where("request_id", "=", requestId).execute();
    await appendAuditEvent(
      trx,
      claimAudit(at, { id: person.id, role: roleOf(actor) }, request, "request.claim_released", {
        heldBy: allowed.holder.userId,
        claimedAt: allowed.holder.claimedAt,
        reason: allowed.holder.userId === person.id ? "released by the holder" : "released by another decider",
      }),
    );
    return { ok: true };
  });
}

/** The sweep: releases claims on decided requests and claims held too long; returns how many. */
export async function releaseLapsedClaims(context: AppLoadContext): Promise<number> {
  const now = context.now();
  const at = now.toISOString();
  const claims = await context.db
    .selectFrom("request_claims")
    .innerJoin("requests", "requests.id", "request_claims.request_id")
    .select(["request_claims.request_id", "request_claims.user_id", "request_claims.claimed_at", "requests.state"])
    .execute();
  let released = 0;
  for (const claim of claims) {
    const reason = lapseReason(claim, workingDaysBetween(claim.claimed_at, now), CLAIM_LAPSE_WORKING_DAYS);
    if (!reason) continue;
    const done = await context.db.transaction().execute(async (trx) => {
      // Only the claim as read: one released or renewed meanwhile is left alone.
      const deleted = await trx
        .deleteFrom("request_claims")
        .where("request_id", "=", claim.request_id)
        .where("user_id", "=", claim.user_id)
        .where("claimed_at", "=", claim.claimed_at)
        .executeTakeFirst();
      if (Number(deleted.numDeletedRows) === 0) return false;
      const request = { id: claim.request_id, state: claim.state };
      await appendAuditEvent(
        trx,
        claimAudit(at, { id: null, role: "system" }, request, "request.claim_released", {
          heldBy: claim.user_id,
          claimedAt: claim.claimed_at,
          reason:
            reason === "decided"
              ? "the request was decided"
              : `no decision within ${CLAIM_LAPSE_WORKING_DAYS} working days`,
        }),
      );
      return true;
    });
    if (done) released++;
  }
  return released;
}
