import { createHash, randomBytes } from "node:crypto";
import { redirect, type AppLoadContext } from "@remix-run/node";
import type { Role } from "#db/schema";
import { siteCookie } from "~/auth/cookies.server";
import { recordAuditEvent } from "~/audit/audit.server";
import { getUserWithRoles, type UserWithRoles } from "~/models/users.server";

export const IDLE_LIMIT_MS = 30 * 60 * 1000;
export const ABSOLUTE_LIMIT_MS = 12 * 60 * 60 * 1000;
/** Refresh last_seen_at at most this often, so reading pages does not write on every request. */
const TOUCH_EVERY_MS = 60 * 1000;

export interface SignedInUser extends UserWithRoles {
  sessionId: string;
  csrfToken: string;
}

function sessionCookie(context: AppLoadContext) {
  return siteCookie(context, "tautoko_session");
}

function sessionIdOf(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

async function tokenFrom(request: Request, context: AppLoadContext): Promise<string | null> {
  const value: unknown = await sessionCookie(context).parse(request.headers.get("Cookie"));
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** Starts a new session (a new id every sign-in) and returns its Set-Cookie header. */
export async function startSession(context: AppLoadContext, userId: number): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const at = context.now().toISOString();
  await context.db
    .insertInto("sessions")
    .values({
      id: sessionIdOf(token),
      user_id: userId,
      csrf_token: randomBytes(32).toString("base64url"),
      created_at: at,
      last_seen_at: at,
    })
    .execute();
  return sessionCookie(context).serialize(token);
}

/** Signing in again in the same browser ends the session it had (whoever it was), then starts a new one. */
export async function replaceSession(request: Request, context: AppLoadContext, userId: number): Promise<string> {
  const previous = await tokenFrom(request, context);
  if (previous) await context.db.deleteFrom("sessions").where("id", "=", sessionIdOf(previous)).execute();
  return startSession(context, userId);
}

export async function endSession(request: Request, context: AppLoadContext): Promise<string> {
  const token = await tokenFrom(request, context);
  if (token) await context.db.deleteFrom("sessions").where("id", "=", sessionIdOf(token)).execute();
  return sessionCookie(context).serialize("", { maxAge: 0 });
}

export async function endAllSessionsOf(context: AppLoadContext, userId: number): Promise<void> {
  await context.db.deleteFrom("sessions").where("user_id", "=", userId).execute();
}

/** The signed-in user, or null when there is no live session (idle or absolute limit passed, user disabled). */
export async function getSignedInUser(request: Request, context: AppLoadContext): Promise<SignedInUser | null> {
  const token = await tokenFrom(request, context);
  if (!token) return null;
  const id = sessionIdOf(token);
  const { db } = context;
  const session = await db.selectFrom("sessions").selectAll().where("id", "=", id).executeTakeFirst();
  if (!session) return null;
  const now = context.now().getTime();
  const idle = now - Date.parse(session.last_seen_at) > IDLE_LIMIT_MS;
  const tooOld = now - Date.parse(session.created_at) > ABSOLUTE_LIMIT_MS;
  const user = await getUserWithRoles(db, session.user_id);
  if (idle || tooOld || !user || !user.active) {
    await db.deleteFrom("sessions").where("id", "=", id).execute();
    return null;
  }
  if (now - Date.parse(session.last_seen_at) > TOUCH_EVERY_MS) {
    await db
      .updateTable("sessions")
      .set({ last_seen_at: new Date(now).toISOString() })
      .where("id", "=", id)
      .execute();
  }
  return { ...user, sessionId: id, csrfToken: session.csrf_token };
}

function safeRedirectTarget(request: Request): string {
  const url = new URL(request.url);
  return `${url.pathname}${url.search}`;
}

/** The signed-in user; anonymous visitors are sent to sign in (and brought back afterwards). */
export async function requireUser(request: Request, context: AppLoadContext): Promise<SignedInUser> {
  const user = await getSignedInUser(request, context);
  if (!user) {
    const back = safeRedirectTarget(request);
    throw redirect(back === "/" ? "/login" : `/login?redirectTo=${encodeURIComponent(back)}`);
  }
  return user;
}

export function hasAnyRole(user: { roles: readonly Role[] }, roles: readonly Role[]): boolean {
  return user.roles.some((r) => roles.includes(r));
}

export function forbidden(message = "You do not have access to this page."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

/**
 * A 403 for an attempted change, recorded in the audit log first (DESIGN.md:
 * refused actions are audit events). Reading a page one may not see is not an
 * action, so GETs are refused without an event.
 */
export async function refusal(
  request: Request,
  context: AppLoadContext,
  user: { id: number } | null,
  message = "You do not have access to this page.",
): Promise<Response> {
  if (request.method !== "GET" && request.method !== "HEAD") {
    await recordAuditEvent(context.db, {
      at: context.now().toISOString(),
      actorId: user?.id ?? null,
      actorRole: null,
      onBehalfOfId: null,
      action: "access.refused",
      requestId: null,
      fromState: null,
      toState: null,
      payload: { method: request.method, path: new URL(request.url).pathname.slice(0, 500), reason: message },
    });
  }
  return forbidden(message);
}

/** The signed-in user holding one of `roles`; anyone else gets a 403 (audited for posts). */
export async function requireRole(
  request: Request,
  context: AppLoadContext,
  roles: readonly Role[],
): Promise<SignedInUser> {
  const user = await requireUser(request, context);
  if (!hasAnyRole(user, roles)) throw await refusal(request, context, user);
  return user;
}
