import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { rolesOf } from "~/models/users.server";
import { delegationStatus, type DelegationFacts } from "~/workflow/policy";

// Every unrevoked delegation covering the day; the core says which are in force.
const selectCovering = (db: DB, p: { nzDate: string }) =>
  db
    .selectFrom("delegations")
    .innerJoin("users as manager", "manager.id", "delegations.manager_id")
    .innerJoin("users as delegate", "delegate.id", "delegations.delegate_id")
    .leftJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "delegations.manager_id").on("user_roles.role", "=", "procurement_manager"),
    )
    .select([
      "delegations.manager_id",
      "delegations.delegate_id",
      "delegations.starts_on",
      "delegations.ends_on",
      "manager.active as manager_active",
      "user_roles.role as manager_role",
      "delegate.email as delegate_email",
      "delegate.name as delegate_name",
      "delegate.active as delegate_active",
    ])
    .where("delegations.revoked_at", "is", null)
    .where("delegations.starts_on", "<=", p.nzDate)
    .where("delegations.ends_on", ">=", p.nzDate)
    .orderBy("delegations.manager_id")
    .execute();

const selectCoveringFor = (db: DB, p: { userId: number; nzDate: string }) =>
  db
    .selectFrom("delegations")
    .innerJoin("users as manager", "manager.id", "delegations.manager_id")
    .leftJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "delegations.manager_id").on("user_roles.role", "=", "procurement_manager"),
    )
    .innerJoin("users as delegate", "delegate.id", "delegations.delegate_id")
    .select([
      "delegations.manager_id",
      "delegations.delegate_id",
      "delegations.starts_on",
      "delegations.ends_on",
      "manager.active as manager_active",
      "user_roles.role as manager_role",
      "delegate.active as delegate_active",
    ])
    .where("delegations.delegate_id", "=", p.userId)
    .where("delegations.revoked_at", "is", null)
    .where("delegations.starts_on", "<=", p.nzDate)
    .where("delegations.ends_on", ">=", p.nzDate)
    .orderBy("delegations.manager_id")
    .execute();

interface DelegationRow {
  delegate_id: number;
  starts_on: string;
  ends_on: string;
  revoked_at?: string | null;
  manager_active: number;
  manager_role: Role | null;
  delegate_active: number;
}

/** Every delegation is judged with both accounts as they are now, so an ineligible delegate never acts. */
function factsOf(row: DelegationRow, delegateRoles: ReadonlyMap<number, readonly Role[]>): DelegationFacts {
  return {
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    revoked: Boolean(row.revoked_at),
    managerActive: row.manager_active === 1,
    managerRoles: row.manager_role ? [row.manager_role] : [],
    delegateActive: row.delegate_active === 1,
    delegateRoles: delegateRoles.get(row.delegate_id) ?? [],
  };
}

async function statusesOf<R extends DelegationRow>(db: DB, rows: readonly R[], nzDate: string) {
  const roles = await rolesOf(db, [...new Set(rows.map((r) => r.delegate_id))]);
  return rows.map((row) => ({ row, status: delegationStatus(factsOf(row, roles), nzDate) }));
}

async function inForce<R extends DelegationRow>(db: DB, rows: readonly R[], nzDate: string): Promise<R[]> {
  return (await statusesOf(db, rows, nzDate)).filter((s) => s.status === "in_force").map((s) => s.row);
}

/** Managers whose delegation to `userId` is in force on the NZ day `nzDate`. */
export async function delegatorsOf(db: DB, userId: number, nzDate: string): Promise<number[]> {
  const rows = await selectCoveringFor(db, { userId, nzDate });
  return [...new Set((await inForce(db, rows, nzDate)).map((r) => r.manager_id))];
}

/** Active users acting as delegate on the NZ day `nzDate`. */
export async function activeDelegatesOn(db: DB, nzDate: string) {
  const rows = await selectCovering(db, { nzDate });
  const delegates = new Map<number, { id: number; email: string; name: string }>();
  for (const row of await inForce(db, rows, nzDate)) {
    delegates.set(row.delegate_id, { id: row.delegate_id, email: row.delegate_email, name: row.delegate_name });
  }
  return [...delegates.values()];
}

/** The delegations naming `userId` as delegate, newest first, each with what the core says of it today. */
export async function delegationsNaming(db: DB, userId: number, nzDate: string) {
  const rows = await db
    .selectFrom("delegations")
    .innerJoin("users as manager", "manager.id", "delegations.manager_id")
    .leftJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "delegations.manager_id").on("user_roles.role", "=", "procurement_manager"),
    )
    .innerJoin("users as delegate", "delegate.id", "delegations.delegate_id")
    .select([
      "delegations.id",
      "delegations.delegate_id",
      "delegations.starts_on",
      "delegations.ends_on",
      "delegations.revoked_at",
      "manager.name as manager_name",
      "manager.active as manager_active",
      "user_roles.role as manager_role",
      "delegate.active as delegate_active",
    ])
    .where("delegations.delegate_id", "=", userId)
    .orderBy("delegations.id", "desc")
    .limit(50)
    .execute();
  return (await statusesOf(db, rows, nzDate)).map(({ row, status }) => ({
    id: row.id,
    managerName: row.manager_name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status,
  }));
}

/** The delegations a manager made, newest first, each with what the core says of it today. */
export async function delegationsMadeBy(db: DB, managerId: number, nzDate: string) {
  const rows = await db
    .selectFrom("delegations")
    .innerJoin("users as manager", "manager.id", "delegations.manager_id")
    .innerJoin("users as delegate", "delegate.id", "delegations.delegate_id")
    .leftJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "delegations.manager_id").on("user_roles.role", "=", "procurement_manager"),
    )
    .select([
      "delegations.id",
      "delegations.delegate_id",
      "delegations.starts_on",
      "delegations.ends_on",
      "delegations.revoked_at",
      "delegate.name",
      "manager.active as manager_active",
      "user_roles.role as manager_role",
      "delegate.active as delegate_active",
    ])
    .where("delegations.manager_id", "=", managerId)
    .orderBy("delegations.id", "desc")
    .limit(50)
    .execute();
  return (await statusesOf(db, rows, nzDate)).map(({ row, status }) => ({
    id: row.id,
    name: row.name,
    starts_on: row.starts_on,
    ends_on: row.ends_on,
    revoked_at: row.revoked_at,
    status,
  }));
}
