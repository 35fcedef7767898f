import type { DB } from "#db/client";
import type { Role, UserRow } from "#db/schema";

export const ROLES: readonly Role[] = ["staff", "procurement_manager", "auditor", "admin"];

export interface UserWithRoles {
  id: number;
  email: string;
  name: string;
  active: boolean;
  roles: Role[];
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export async function getUserByEmail(db: DB, email: string): Promise<UserRow | undefined> {
  return db.selectFrom("users").selectAll().where("email", "=", normalizeEmail(email)).executeTakeFirst();
}

export async function getRoles(db: DB, userId: number): Promise<Role[]> {
  const rows = await db.selectFrom("user_roles").select("role").where("user_id", "=", userId).execute();
  return ROLES.filter((r) => rows.some((row) => row.role === r));
}

export async function getUserWithRoles(db: DB, userId: number): Promise<UserWithRoles | undefined> {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "active"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return undefined;
  return { ...user, active: user.active === 1, roles: await getRoles(db, userId) };
}

export async function usersWithRole(db: DB, role: Role): Promise<Array<{ id: number; email: string; name: string }>> {
  return db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select(["users.id", "users.email", "users.name"])
    .where("user_roles.role", "=", role)
    .where("users.active", "=", 1)
    .orderBy("users.id")
    .execute();
}

/** Inserts a user and their roles; call inside a transaction with the audit event. */
export async function insertUser(
  db: DB,
  user: { email: string; name: string; passwordHash: string; roles: readonly Role[]; grantedBy: number | null },
  now: Date,
): Promise<number> {
  const at = now.toISOString();
  const { id } = await db
    .insertInto("users")
    .values({
      email: normalizeEmail(user.email),
      name: user.name.trim(),
      password_hash: user.passwordHash,
      active: 1,
      created_at: at,
      disabled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  for (const role of user.roles) {
    await db.insertInto("user_roles").values({ user_id: id, role, granted_at: at, granted_by: user.grantedBy }).execute();
  }
  return id;
}

export async function listUsers(db: DB): Promise<UserWithRoles[]> {
  const users = await db.selectFrom("users").select(["id", "email", "name", "active"]).orderBy("name").execute();
  const roles = await db.selectFrom("user_roles").select(["user_id", "role"]).execute();
  return users.map((u) => ({
    ...u,
    active: u.active === 1,
    roles: ROLES.filter((r) => roles.some((row) => row.user_id === u.id && row.role === r)),
  }));
}
