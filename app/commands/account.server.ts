import type { AppLoadContext } from "@remix-run/node";
import { appendAuditEvent, recordAuditEvent, type AuditEventInput } from "~/audit/audit.server";
import { hashPassword, verifyPassword } from "~/auth/password.server";
import type { SignedInUser } from "~/auth/session.server";
import { forgetFailedSignIns, signInPauses, waitSeconds } from "~/auth/signIn.server";
import { getUserByEmail, getUserWithRoles } from "~/models/users.server";
import type { ChangePasswordInput } from "~/workflow/accountForm";

export type PasswordChange =
  | { ok: true; otherSessionsEnded: number }
  | { ok: false; status: 400 | 429; field: "currentPassword"; message: string };

function accountEvent(actorId: number, at: string, action: string, payload: Record<string, unknown>): AuditEventInput {
  return {
    at,
    actorId,
    actorRole: null,
    onBehalfOfId: null,
    action,
    requestId: null,
    fromState: null,
    toState: null,
    payload,
  };
}

/**
 * A person changes their own password: the current one is checked under the
 * same throttle as signing in (so this form is no way round it), the new one
 * stored as an argon2id hash, and every other session of theirs ended.
 */
export async function changeOwnPassword(
  context: AppLoadContext,
  user: SignedInUser,
  input: ChangePasswordInput,
): Promise<PasswordChange> {
  const { db } = context;
  const ip = context.clientIp ?? "unknown";
  const email = user.email.toLowerCase();
  const wait = await waitSeconds(db, email, ip, context.now());
  if (wait > 0) {
    const message = `Too many wrong passwords. Try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`;
    await recordAuditEvent(
      db,
      accountEvent(user.id, context.now().toISOString(), "account.password_change_refused", {
        reason: "throttled",
        ip,
      }),
    );
    return { ok: false, status: 429, field: "currentPassword", message };
  }
  const stored = await getUserByEmail(db, email);
  const valid = await verifyPassword(stored?.password_hash ?? null, input.currentPassword);
  const at = context.now().toISOString();
  if (!valid) {
    await db.insertInto("sign_in_attempts").values({ email, ip, at, succeeded: 0 }).execute();
    await recordAuditEvent(
      db,
      accountEvent(user.id, at, "account.password_change_refused", { reason: "wrong current password", ip }),
    );
    return { ok: false, status: 400, field: "currentPassword", message: "That is not your current password." };
  }
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction().execute(async (trx) => {
    await trx.updateTable("users").set({ password_hash: passwordHash }).where("id", "=", user.id).execute();
    const ended = await trx
      .deleteFrom("sessions")
      .where("user_id", "=", user.id)
      .where("id", "!=", user.sessionId)
      .executeTakeFirst();
    const otherSessionsEnded = Number(ended.numDeletedRows);
    await appendAuditEvent(trx, accountEvent(user.id, at, "account.password_changed", { otherSessionsEnded }));
    return { ok: true, otherSessionsEnded };
  });
}

/** An admin lifts the sign-in pause on an account: its failed attempts are forgotten, audited with where they came from. */
export async function liftSignInPause(
  context: AppLoadContext,
  admin: { id: number },
  userId: number,
): Promise<{ lifted: boolean }> {
  const user = await getUserWithRoles(context.db, userId);
  if (!user) throw new Response("We could not find that user.", { status: 404 });
  const at = context.now().toISOString();
  return context.db.transaction().execute(async (trx) => {
    const pauses = await signInPauses(trx, user.email, context.now());
    if (pauses.length === 0) return { lifted: false };
    const failuresForgotten = await forgetFailedSignIns(trx, user.email);
    await appendAuditEvent(trx, {
      ...accountEvent(admin.id, at, "auth.sign_in_pause_lifted", {
        userId,
        email: user.email,
        addresses: pauses.map((p) => p.ip),
        failuresForgotten,
      }),
      actorRole: "admin",
    });
    return { lifted: true };
  });
}
