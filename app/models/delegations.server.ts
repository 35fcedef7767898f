import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { rolesOf } from "~/models/users.server";
import { delegationStatus, type DelegationFacts } from "~/workflow/policy";

/** Delegations with both accounts as they are now: what `delegationStatus` needs, and the names pages show. */
const withAccounts = (db: DB) =>
  db
    .selectFrom("delegations")
    .innerJoin("users as manager", "manager.id", "delegations.manager_id")
    .innerJoin("users as delegate", "delegate.id", "delegations.delegate_id")
    .leftJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "delegations.manager_id").on("user_roles.role", "=", "procurement_manager"),
    )
    .select([
      "delegations.id",
      "delegations.manager_id",
      "delegations.delegate_id",
      "delegations.starts_on",
      "delegations.ends_on",
      "delegations.revoked_at",
      "manager.name as manager_name",
      "manager.active as manager_active",
      "user_roles.role as manager_role",
      "delegate.name as delegate_name",
      "delegate.email as delegate_email",
      "delegate.active as delegate_active",
    ]);

// Every unrevoked delegation covering the day; the core says which are in force.
const covering = (db: DB, nzDate: string) =>
  withAccounts(db)
    .where("delegations.revoked_at", "is", null)
    .where("delegations.starts_on", "<=", nzDate)
    .where("delegations.ends_on", ">=", nzDate)
    .orderBy("delegations.manager_id");

type DelegationRow = Awaited<ReturnType<ReturnType<typeof withAccounts>["execute"]>>[number];

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

async function withStatus(db: DB, rows: readonly DelegationRow[], nzDate: string) {
  const roles = await rolesOf(db, [...new Set(rows.map((r) => r.delegate_id))]);
  return rows.map((row) => ({ row, status: delegationStatus(factsOf(row, roles), nzDate) }));
}

async function inForce(db: DB, rows: readonly DelegationRow[], nzDate: string): Promise<DelegationRow[]> {
  return (await withStatus(db, rows, nzDate)).filter((s) => s.status === "in_force").map((s) => s.row);
}

/** Managers whose delegation to `userId` is in force on the NZ day `nzDate`. */
export async function delegatorsOf(db: DB, userId: number, nzDate: string): Promise<number[]> {
  const rows = await covering(db, nzDate).where("delegations.delegate_id", "=", userId).execute();
  return [...new Set((await inForce(db, rows, nzDate)).map((r) => r.manager_id))];
}

/** Active users acting as delegate on the NZ day `nzDate`. */
export async function activeDelegatesOn(db: DB, nzDate: string) {
  const rows = await covering(db, nzDate).execute();
  const delegates = new Map<number, { id: number; email: string; name: string }>();
  for (const row of await inForce(db, rows, nzDate)) {
    delegates.set(row.delegate_id, { id: row.delegate_id, email: row.delegate_email, name: row.delegate_name });
  }
  return [...delegates.values()];
}

/** The delegations naming `userId` as delegate, newest first, each with what the core says of it today. */
export async function delegationsNaming(db: DB, userId: number, nzDate: string) {
  const rows = await withAccounts(db)
    .where("delegations.delegate_id", "=", userId)
    .orderBy("delegations.id", "desc")
    .limit(50)
    .execute();
  return (await withStatus(db, rows, nzDate)).map(({ row, status }) => ({
    id: row.id,
    managerName: row.manager_name,
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    status,
  }));
}

/** The delegations a manager made, newest first, each with what the core says of it today. */
export async function delegationsMadeBy(db: DB, managerId: number, nzDate: string) {
  const rows = await withAccounts(db)
    .where("delegations.manager_id", "=", managerId)
    .orderBy("delegations.id", "desc")
    .limit(50)
    .execute();
  return (await withStatus(db, rows, nzDate)).map(({ row, status }) => ({
    id: row.id,
    name: row.delegate_name,
    starts_on: row.starts_on,
    ends_on: row.ends_on,
    revoked_at: row.revoked_at,
    status,
  }));
}

/** A delegation this manager made and has not ended early, or undefined. */
export async function openDelegationMadeBy(db: DB, delegationId: number, managerId: number) {
  return db
    .selectFrom("delegations")
    .selectAll()
    .where("id", "=", delegationId)
    .where("manager_id", "=", managerId)
    .where("revoked_at", "is", null)
    .executeTakeFirst();
}

export async function insertDelegation(
  db: DB,
  d: { managerId: number; delegateId: number; startsOn: string; endsOn: string; at: string },
): Promise<number> {
  const { id } = await db
    .insertInto("delegations")
    .values({
      manager_id: d.managerId,
      delegate_id: d.delegateId,
      starts_on: d.startsOn,
      ends_on: d.endsOn,
      created_at: d.at,
      revoked_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

export async function revokeDelegationRow(db: DB, delegationId: number, at: string): Promise<void> {
  await db.updateTable("delegations").set({ revoked_at: at }).where("id", "=", delegationId).execute();
}
