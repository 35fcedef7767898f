import type { DB } from "#db/client";
import type { Role, UserRow } from "#db/schema";
import { UNDECIDED } from "~/models/requests.server";
import { ROLES } from "~/workflow/vocabulary";

export { ROLES };

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

/** The roles of each of `userIds`, in one query. */
export async function rolesOf(db: DB, userIds: readonly number[]): Promise<Map<number, Role[]>> {
  const roles = new Map<number, Role[]>(userIds.map((id) => [id, []]));
  if (userIds.length === 0) return roles;
  const rows = await db.selectFrom("user_roles").select(["user_id", "role"]).where("user_id", "in", userIds).execute();
  for (const id of userIds)
    roles.set(
      id,
      ROLES.filter((r) => rows.some((row) => row.user_id === id && row.role === r)),
    );
  return roles;
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
    await db
      .insertInto("user_roles")
      .values({ user_id: id, role, granted_at: at, granted_by: user.grantedBy })
      .execute();
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

/** Active administrators other than this user: someone must always be able to manage accounts. */
export async function countOtherActiveAdmins(db: DB, userId: number): Promise<number> {
  const { n } = await db
    .selectFrom("users")
    .innerJoin("user_roles", "user_roles.user_id", "users.id")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("user_roles.role", "=", "admin")
    .where("users.active", "=", 1)
    .where("users.id", "!=", userId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

export async function grantRole(
  db: DB,
  userId: number,
  role: Role,
  grantedBy: number | null,
  now: Date,
): Promise<void> {
  await db
    .insertInto("user_roles")
    .values({ user_id: userId, role, granted_at: now.toISOString(), granted_by: grantedBy })
    .execute();
}

export async function removeRole(db: DB, userId: number, role: Role): Promise<void> {
  await db.deleteFrom("user_roles").where("user_id", "=", userId).where("role", "=", role).execute();
}

/** Disables (active 0, disabled_at now) or re-enables an account. */
export async function setUserActive(db: DB, userId: number, active: boolean, now: Date): Promise<void> {
  await db
    .updateTable("users")
    .set({ active: active ? 1 : 0, disabled_at: active ? null : now.toISOString() })
    .where("id", "=", userId)
    .execute();
}

export interface UserAdminDetail extends UserWithRoles {
  createdAt: string;
  disabledAt: string | null;
  /** Their requests still awaiting a decision (escalated, drafting, in review). */
  undecidedRequests: number;
}

export async function getUserAdminDetail(db: DB, userId: number): Promise<UserAdminDetail | undefined> {
  const user = await db
    .selectFrom("users")
    .select(["id", "email", "name", "active", "created_at", "disabled_at"])
    .where("id", "=", userId)
    .executeTakeFirst();
  if (!user) return undefined;
  const { n } = await db
    .selectFrom("requests")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("requester_id", "=", userId)
    .where("state", "in", UNDECIDED)
    .executeTakeFirstOrThrow();
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    active: user.active === 1,
    roles: await getRoles(db, userId),
    createdAt: user.created_at,
    disabledAt: user.disabled_at,
    undecidedRequests: Number(n),
  };
}

/** Every user with how many undecided requests they logged, for choosing whose to reassign. */
export async function listUsersWithUndecidedCounts(
  db: DB,
): Promise<Array<{ id: number; name: string; email: string; active: boolean; undecidedRequests: number }>> {
  const rows = await db
    .selectFrom("users")
    .leftJoin("requests", (join) =>
      join.onRef("requests.requester_id", "=", "users.id").on("requests.state", "in", UNDECIDED),
    )
    .select((eb) => [
      "users.id",
      "users.name",
      "users.email",
      "users.active",
      eb.fn.count<number>("requests.id").as("undecided"),
    ])
    .groupBy(["users.id", "users.name", "users.email", "users.active"])
    .orderBy("users.name")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    email: r.email,
    active: r.active === 1,
    undecidedRequests: Number(r.undecided),
  }));
}

/** The requests a person follows that still await a decision, oldest first, with who logged each. */
export async function undecidedRequestsFollowedBy(db: DB, userId: number) {
  const rows = await db
    .selectFrom("requests")
    .innerJoin("users as logger", "logger.id", "requests.logged_by_id")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .select([
      "requests.id",
      "requests.reference",
      "requests.state",
      "requests.deadline_at",
      "requests.logged_by_id",
      "logger.name as logger_name",
      "suppliers.name as supplier_name",
    ])
    .where("requests.requester_id", "=", userId)
    .where("requests.state", "in", UNDECIDED)
    .orderBy("requests.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    reference: r.reference,
    state: r.state,
    deadlineAt: r.deadline_at,
    loggedById: r.logged_by_id,
    loggedByName: r.logger_name,
    supplierName: r.supplier_name,
  }));
}

/** Hands a request to a new follower, bumping its revision so open forms are seen to be stale; its logger stays. */
export async function setRequester(db: DB, requestId: number, requesterId: number, now: Date): Promise<void> {
  await db
    .updateTable("requests")
    .set((eb) => ({ requester_id: requesterId, revision: eb("revision", "+", 1), updated_at: now.toISOString() }))
    .where("id", "=", requestId)
    .execute();
}
