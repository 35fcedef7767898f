import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { appendAuditEvent, recordAuditEvent, type AuditEventInput } from "~/audit/audit.server";
import type { OidcConfig } from "~/auth/oidcConfig.server";
import { getUserByEmail, getUserWithRoles, grantRole, insertUser, removeRole, ROLES } from "~/models/users.server";

/**
 * Accounts for people who sign in at the agency's provider (DESIGN.md, "Users
 * and roles"): created at the first sign-in, their roles re-synced from the
 * provider's claim at every sign-in, each grant and removal audited with the
 * provider as its source. An account disabled here stays disabled.
 */

/** Not an argon2 hash, so no password ever matches: these accounts sign in only at the provider. */
export const NO_PASSWORD = "!";
const SOURCE = "identity provider";
const MAX_CLAIM_LENGTH = 320;

export interface ProviderIdentity {
  issuer: string;
  subject: string;
  email: string;
  name: string;
  /** The values of the roles claim (group ids or app roles), as the provider sent them. */
  claimValues: string[];
}

export type ProviderSignInResult =
  | { ok: true; userId: number; roles: Role[] }
  | { ok: false; reason: "no_mapped_role" | "account_disabled" | "no_email"; userId: number | null };

/** Claim text made safe for the audit chain and the page: well-formed and bounded. */
function claimText(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const text = value.replace(/\p{Cs}/gu, "\uFFFD").trim();
  return text === "" ? null : text.slice(0, MAX_CLAIM_LENGTH);
}

function claimValues(value: unknown): string[] {
  const values = Array.isArray(value) ? value : [value];
  return values.map(claimText).filter((v): v is string => v !== null);
}

/** The person the ID token describes; email falls back to preferred_username (Entra ID's UPN). */
export function identityFromClaims(claims: Record<string, unknown>, oidc: OidcConfig): ProviderIdentity {
  const email = claimText(claims.email) ?? claimText(claims.preferred_username) ?? "";
  return {
    issuer: claimText(claims.iss) ?? oidc.issuer,
    subject: claimText(claims.sub) ?? "",
    email: /^[^\s@]+@[^\s@]+$/.test(email) ? email.toLowerCase() : "",
    name: claimText(claims.name) ?? email,
    claimValues: claimValues(claims[oidc.rolesClaim]),
  };
}

/** The roles the configured mapping gives these claim values, in the usual order. */
export function mappedRoles(values: readonly string[], roleMap: OidcConfig["roleMap"]): Role[] {
  const given = new Set(roleMap.filter((m) => values.includes(m.value)).map((m) => m.role));
  return ROLES.filter((r) => given.has(r));
}

function eventBase(at: string, actorId: number | null): Omit<AuditEventInput, "action" | "payload"> {
  return { at, actorId, actorRole: "system", onBehalfOfId: null, requestId: null, fromState: null, toState: null };
}

async function linkedUserId(db: DB, identity: ProviderIdentity): Promise<number | undefined> {
  const row = await db
    .selectFrom("identities")
    .select("user_id")
    .where("issuer", "=", identity.issuer)
    .where("subject", "=", identity.subject)
    .executeTakeFirst();
  return row?.user_id;
}

async function linkIdentity(trx: DB, identity: ProviderIdentity, userId: number, at: string): Promise<void> {
  await trx
    .insertInto("identities")
    .values({ issuer: identity.issuer, subject: identity.subject, user_id: userId, linked_at: at })
    .execute();
  await appendAuditEvent(trx, {
    ...eventBase(at, userId),
    action: "user.identity_linked",
    payload: { userId, issuer: identity.issuer, subject: identity.subject, email: identity.email },
  });
}

/**
 * How this account signs in at the configured provider: undefined when it does
 * not (so signing out stays here), else the last ID token, the hint for
 * signing out there.
 */
export async function providerIdentityOf(
  db: DB,
  userId: number,
  oidc: OidcConfig,
): Promise<{ idTokenHint: string | null } | undefined> {
  const row = await db
    .selectFrom("identities")
    .select("last_id_token")
    .where("user_id", "=", userId)
    .where("issuer", "=", oidc.issuer)
    .executeTakeFirst();
  return row && { idTokenHint: row.last_id_token };
}

/** Kept after a successful sign-in, as the hint for signing out at the provider. */
export async function rememberIdToken(db: DB, identity: ProviderIdentity, idToken: string): Promise<void> {
  await db
    .updateTable("identities")
    .set({ last_id_token: idToken })
    .where("issuer", "=", identity.issuer)
    .where("subject", "=", identity.subject)
    .execute();
}

/** Just in time: the account, its link and its roles, each role an audit event. */
async function createProviderAccount(trx: DB, identity: ProviderIdentity, roles: Role[], at: string): Promise<number> {
  const userId = await insertUser(
    trx,
    { email: identity.email, name: identity.name, passwordHash: NO_PASSWORD, roles, grantedBy: null },
    new Date(at),
  );
  await appendAuditEvent(trx, {
    ...eventBase(at, null),
    action: "user.created",
    payload: { userId, email: identity.email, name: identity.name, source: SOURCE },
  });
  for (const role of roles) {
    await appendAuditEvent(trx, {
      ...eventBase(at, null),
      action: "user.role_granted",
      payload: { userId, role, source: SOURCE },
    });
  }
  await linkIdentity(trx, identity, userId, at);
  return userId;
}

/** Makes the account's roles exactly `roles`, auditing each grant and removal. */
async function syncRoles(trx: DB, userId: number, current: readonly Role[], roles: readonly Role[], at: string) {
  for (const role of roles.filter((r) => !current.includes(r))) {
    await grantRole(trx, userId, role, null, new Date(at));
    await appendAuditEvent(trx, {
      ...eventBase(at, null),
      action: "user.role_granted",
      payload: { userId, role, source: SOURCE },
    });
  }
  for (const role of current.filter((r) => !roles.includes(r))) {
    await removeRole(trx, userId, role);
    await appendAuditEvent(trx, {
      ...eventBase(at, null),
      action: "user.role_removed",
      payload: { userId, role, source: SOURCE },
    });
  }
}

/**
 * Finds or creates the account for a person the provider vouched for and
 * syncs their roles, in one transaction. An existing account with the same
 * email (made by `user:create` before the provider was configured) is linked
 * at its first provider sign-in (docs/decisions/2026-12-03-oidc-accounts.md).
 */
export async function accountForIdentity(
  context: AppLoadContext,
  identity: ProviderIdentity,
  oidc: OidcConfig,
): Promise<ProviderSignInResult> {
  const roles = mappedRoles(identity.claimValues, oidc.roleMap);
  const at = context.now().toISOString();
  return context.db.transaction().execute(async (trx): Promise<ProviderSignInResult> => {
    if (!identity.email || !identity.subject) return { ok: false, reason: "no_email", userId: null };
    let userId = await linkedUserId(trx, identity);
    if (userId === undefined) {
      const existing = await getUserByEmail(trx, identity.email);
      if (existing?.active === 0) return { ok: false, reason: "account_disabled", userId: existing.id };
      if (existing) {
        await linkIdentity(trx, identity, existing.id, at);
        userId = existing.id;
      } else if (roles.length === 0) {
        return { ok: false, reason: "no_mapped_role", userId: null };
      } else {
        return { ok: true, userId: await createProviderAccount(trx, identity, roles, at), roles };
      }
    }
    const user = await getUserWithRoles(trx, userId);
    if (!user || !user.active) return { ok: false, reason: "account_disabled", userId };
    await syncRoles(trx, userId, user.roles, roles, at);
    return roles.length === 0 ? { ok: false, reason: "no_mapped_role", userId } : { ok: true, userId, roles };
  });
}

/** A provider sign-in that did not let someone in; nothing else was written for it. */
export async function recordProviderRefusal(
  context: AppLoadContext,
  refusal: { reason: string; detail?: string; userId?: number | null; identity?: ProviderIdentity },
): Promise<void> {
  const { identity } = refusal;
  await recordAuditEvent(context.db, {
    ...eventBase(context.now().toISOString(), refusal.userId ?? null),
    actorRole: null,
    action: "auth.oidc_sign_in_refused",
    payload: {
      reason: refusal.reason,
      ...(refusal.detail ? { detail: refusal.detail } : {}),
      ...(identity ? { issuer: identity.issuer, subject: identity.subject, email: identity.email } : {}),
      ip: context.clientIp ?? "unknown",
    },
  });
}

export async function recordProviderSignIn(context: AppLoadContext, userId: number, issuer: string): Promise<void> {
  await recordAuditEvent(context.db, {
    ...eventBase(context.now().toISOString(), userId),
    actorRole: null,
    action: "auth.signed_in",
    payload: { ip: context.clientIp ?? "unknown", method: "oidc", issuer },
  });
}
