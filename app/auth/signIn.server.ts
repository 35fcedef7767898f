import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "#db/client";
import { recordAuditEvent } from "~/audit/audit.server";
import { refusalFolderFor } from "~/audit/folding.server";
import { verifyPassword } from "~/auth/password.server";
import { getUserByEmail, normalizeEmail } from "~/models/users.server";

/**
 * Throttling slows a guesser without locking the owner out (docs/sign-in-and-input.md):
 * failures count per account *and* address, so a stranger's guesses delay only
 * the stranger, with a delay that doubles after each failure past the first few
 * rather than a hard pause; an address as a whole is bounded high enough for an
 * office behind one NAT, and never for people who have signed in from it before.
 */
export const FREE_FAILURES = 5;
export const FIRST_DELAY_MS = 30 * 1000;
export const MAX_DELAY_MS = 15 * 60 * 1000;
/** Failures of one account from one address are remembered this long (or until it signs in). */
export const PAIR_WINDOW_MS = 24 * 60 * 60 * 1000;
export const MAX_FAILURES_PER_IP = 300;
export const IP_WINDOW_MS = 15 * 60 * 1000;
/** A successful sign-in from an address within this long makes that account known there. */
export const KNOWN_ADDRESS_MS = 30 * 24 * 60 * 60 * 1000;

export type SignInResult =
  | { ok: true; userId: number }
  | { ok: false; reason: "invalid" }
  | { ok: false; reason: "throttled"; retryAfterSeconds: number };

/** How long after the last failure the next attempt is checked, given the failures so far (pure). */
export function delayAfterFailures(failures: number): number {
  if (failures < FREE_FAILURES) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.min(failures - FREE_FAILURES, 20));
}

const ago = (now: Date, ms: number) => new Date(now.getTime() - ms).toISOString();

/** This account's failures from this address since its last success there (within the window), oldest first. */
async function pairFailures(db: DB, email: string, ip: string, now: Date): Promise<string[]> {
  const rows = await db
    .selectFrom("sign_in_attempts")
    .select(["at", "succeeded"])
    .where("email", "=", email)
    .where("ip", "=", ip)
    .where("at", ">", ago(now, PAIR_WINDOW_MS))
    .orderBy("at", "desc")
    .orderBy("id", "desc")
    .limit(FREE_FAILURES + 25)
    .execute();
  const sinceSuccess = rows.findIndex((r) => r.succeeded === 1);
  return (sinceSuccess === -1 ? rows : rows.slice(0, sinceSuccess)).map((r) => r.at).reverse();
}

async function addressOverwhelmed(db: DB, email: string, ip: string, now: Date): Promise<boolean> {
  const { n } = await db
    .selectFrom("sign_in_attempts")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("ip", "=", ip)
    .where("succeeded", "=", 0)
    .where("at", ">", ago(now, IP_WINDOW_MS))
    .executeTakeFirstOrThrow();
  if (Number(n) < MAX_FAILURES_PER_IP) return false;
  const known = await db
    .selectFrom("sign_in_attempts")
    .select("id")
    .where("email", "=", email)
    .where("ip", "=", ip)
    .where("succeeded", "=", 1)
    .where("at", ">", ago(now, KNOWN_ADDRESS_MS))
    .executeTakeFirst();
  return !known;
}

/** Seconds until this attempt may be checked, or 0 when it may be checked now. */
export async function waitSeconds(db: DB, email: string, ip: string, now: Date): Promise<number> {
  const failures = await pairFailures(db, email, ip, now);
  const last = failures.at(-1);
  const delay = delayAfterFailures(failures.length);
  const wait = last ? Date.parse(last) + delay - now.getTime() : 0;
  if (wait > 0) return Math.ceil(wait / 1000);
  return (await addressOverwhelmed(db, email, ip, now)) ? Math.ceil(IP_WINDOW_MS / 1000) : 0;
}

export interface SignInPause {
  ip: string;
  failures: number;
  /** ISO UTC: when the next attempt from this address will be checked. */
  until: string;
}

/**
 * Where this account is paused now: each address whose failures since its
 * last success there make the next attempt wait (what an admin sees and lifts).
 */
export async function signInPauses(db: DB, email: string, now: Date): Promise<SignInPause[]> {
  const rows = await db
    .selectFrom("sign_in_attempts")
    .select("ip")
    .distinct()
    .where("email", "=", normalizeEmail(email))
    .where("succeeded", "=", 0)
    .where("at", ">", ago(now, PAIR_WINDOW_MS))
    .execute();
  const pauses: SignInPause[] = [];
  for (const { ip } of rows) {
    const failures = await pairFailures(db, normalizeEmail(email), ip, now);
    const last = failures.at(-1);
    const until = last ? Date.parse(last) + delayAfterFailures(failures.length) : 0;
    if (until > now.getTime()) pauses.push({ ip, failures: failures.length, until: new Date(until).toISOString() });
  }
  return pauses;
}

/**
 * Forgets this account's failed attempts, so its next sign-in is checked at
 * once from every address. The audit log keeps each failure; this is only
 * the throttle's memory. Returns how many were forgotten.
 */
export async function forgetFailedSignIns(db: DB, email: string): Promise<number> {
  const result = await db
    .deleteFrom("sign_in_attempts")
    .where("email", "=", normalizeEmail(email))
    .where("succeeded", "=", 0)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/**
 * Checks a password. A failure answers the same whether or not the account
 * exists (an unknown account is verified against a dummy hash, so it costs the
 * same). A throttled attempt is not checked at all. Failures and throttled
 * attempts are audited, folded per address so a flood stays readable.
 */
export async function signIn(
  context: AppLoadContext,
  credentials: { email: string; password: string },
): Promise<SignInResult> {
  const { db } = context;
  const now = context.now();
  const email = normalizeEmail(credentials.email);
  const ip = context.clientIp ?? "unknown";
  const folder = refusalFolderFor(db);
  const user = await getUserByEmail(db, email);
  const base = {
    actorId: user?.id ?? null,
    actorRole: null,
    onBehalfOfId: null,
    requestId: null,
    fromState: null,
    toState: null,
  };

  const retryAfterSeconds = await waitSeconds(db, email, ip, now);
  if (retryAfterSeconds > 0) {
    await folder.record(ip, {
      ...base,
      at: now.toISOString(),
      action: "auth.sign_in_throttled",
      payload: { email, ip },
    });
    return { ok: false, reason: "throttled", retryAfterSeconds };
  }

  const valid = await verifyPassword(user && user.active === 1 ? user.password_hash : null, credentials.password);
  const at = context.now().toISOString();
  await db
    .insertInto("sign_in_attempts")
    .values({ email, ip, at, succeeded: valid ? 1 : 0 })
    .execute();
  if (valid && user) {
    await recordAuditEvent(db, { ...base, at, action: "auth.signed_in", payload: { ip } });
    return { ok: true, userId: user.id };
  }
  await folder.record(`${ip}\u0000${email}`, { ...base, at, action: "auth.sign_in_failed", payload: { email, ip } });
  return { ok: false, reason: "invalid" };
}
