import type { AppLoadContext } from "@remix-run/node";
import type { Role } from "#db/schema";
import { appendAuditEvent } from "~/audit/audit.server";
import { getUserByEmail, insertUser } from "~/models/users.server";

export class UserExistsError extends Error {}

/** Creates an account with its roles; the creation and every role granted are audit events. */
export async function createUser(
  context: AppLoadContext,
  actor: { id: number; role: Role } | null,
  user: { email: string; name: string; roles: readonly Role[]; passwordHash: string },
): Promise<number> {
  const now = context.now();
  return context.db.transaction().execute(async (trx) => {
    if (await getUserByEmail(trx, user.email))
      throw new UserExistsError(`An account for ${user.email} already exists.`);
    const id = await insertUser(trx, { ...user, grantedBy: actor?.id ?? null }, now);
    const base = {
      at: now.toISOString(),
      actorId: actor?.id ?? null,
      actorRole: actor?.role ?? "system",
      onBehalfOfId: null,
      requestId: null,
      fromState: null,
      toState: null,
    };
    await appendAuditEvent(trx, {
      ...base,
      action: "user.created",
      payload: { userId: id, email: user.email.toLowerCase(), name: user.name },
    });
    for (const role of user.roles) {
      await appendAuditEvent(trx, { ...base, action: "user.role_granted", payload: { userId: id, role } });
    }
    return id;
  });
}
