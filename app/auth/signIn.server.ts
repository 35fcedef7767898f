import type { AppLoadContext } from "@remix-run/node";
import { recordAuditEvent } from "~/audit/audit.server";
import { verifyPassword } from "~/auth/password.server";
import { getUserByEmail, normalizeEmail } from "~/models/users.server";

/** Failed sign-ins allowed per account (and per address) within the window before we pause them. */
export const MAX_FAILURES_PER_ACCOUNT = 5;
export const MAX_FAILURES_PER_IP = 30;
export const THROTTLE_WINDOW_MS = 15 * 60 * 1000;

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterMinutes: number };

/**
 * Checks a password. A failure answers the same whether or not the account
 * exists (an unknown account is verified against a dummy hash, so it costs the
 * same), and repeated failures for an account or an address are paused.
 */
export async function signIn(
  context: AppLoadContext,
  credentials: { email: string; password: string },
): Promise<SignInResult> {
  const { db } = context;
  const now = context.now();
  const email = normalizeEmail(credentials.email);
  const ip = context.clientIp ?? "unknown";
  const since = new Date(now.getTime() - THROTTLE_WINDOW_MS).toISOString();

  const failures = async (column: "email" | "ip", value: string) => {
    const rows = await db
      .selectFrom("sign_in_attempts")
      .select(["at"])
      .where(column, "=", value)
      .where("succeeded", "=", 0)
      .where("at", ">", since)
      .orderBy("at", "asc")
      .execute();
    return rows.map((r) => r.at);
  };
  const byAccount = await failures("email", email);
  const byIp = await failures("ip", ip);
  const throttledBy =
    byAccount.length >= MAX_FAILURES_PER_ACCOUNT ? byAccount : byIp.length >= MAX_FAILURES_PER_IP ? byIp : null;

  const user = await getUserByEmail(db, email);
  if (throttledBy) {
    const oldest = Date.parse(throttledBy[0]!);
    const retryAfterMinutes = Math.max(1, Math.ceil((oldest + THROTTLE_WINDOW_MS - now.getTime()) / 60_000));
    await recordAuditEvent(db, {
      at: now.toISOString(),
      actorId: user?.id ?? null,
      actorRole: null,
      onBehalfOfId: null,
      action: "auth.sign_in_throttled",
      requestId: null,
      fromState: null,
      toState: null,
      payload: { email, ip },
    });
    return { ok: false, reason: "throttled", retryAfterMinutes };
  }

  const valid = await verifyPassword(user && user.active === 1 ? user.password_hash : null, credentials.password);
  const at = context.now().toISOString();
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto("sign_in_attempts")
      .values({ email, ip, at, succeeded: valid ? 1 : 0 })
      .execute();
  });
  await recordAuditEvent(db, {
    at,
    actorId: user?.id ?? null,
    actorRole: null,
    onBehalfOfId: null,
    action: valid ? "auth.signed_in" : "auth.sign_in_failed",
    requestId: null,
    fromState: null,
    toState: null,
    payload: valid ? { ip } : { email, ip },
  });
  return valid && user ? { ok: true, userId: user.id } : { ok: false, reason: "invalid" };
}
