import type { DB } from "#db/client";
import { compileOnce } from "#db/compileOnce";
import type { Role } from "#db/schema";
import { delegationStatus, type DelegationFacts } from "~/workflow/policy";

// Asked with every decision: compiled once (db/compileOnce.ts). Loads every
// unrevoked delegation covering the day; the core says which are in force.
const selectCovering = compileOnce((db, p: { nzDate: string }) =>
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
    .orderBy("delegations.manager_id"),
);

const selectCoveringFor = compileOnce((db, p: { userId: number; nzDate: string }) =>
  db
    .selectFrom("delegations")
    .innerJoin("users as manager", "manager.id", "delegations.manager_id")
    .leftJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "delegations.manager_id").on("user_roles.role", "=", "procurement_manager"),
    )
    .select([
      "delegations.manager_id",
      "delegations.starts_on",
      "delegations.ends_on",
      "manager.active as manager_active",
      "user_roles.role as manager_role",
    ])
    .where("delegations.delegate_id", "=", p.userId)
    .where("delegations.revoked_at", "is", null)
    .where("delegations.starts_on", "<=", p.nzDate)
    .where("delegations.ends_on", ">=", p.nzDate)
    .orderBy("delegations.manager_id"),
);

interface DelegationRow {
  starts_on: string;
  ends_on: string;
  revoked_at?: string | null;
  manager_active: number;
  manager_role: Role | null;
}

function factsOf(row: DelegationRow): DelegationFacts {
  return {
    startsOn: row.starts_on,
    endsOn: row.ends_on,
    revoked: Boolean(row.revoked_at),
    managerActive: row.manager_active === 1,
    managerRoles: row.manager_role ? [row.manager_role] : [],
  };
}

const inForce = (nzDate: string) => (row: DelegationRow) => delegationStatus(factsOf(row), nzDate) === "in_force";

/** Managers whose delegation to `userId` is in force on the NZ day `nzDate`. */
export async function delegatorsOf(db: DB, userId: number, nzDate: string): Promise<number[]> {
  const { rows } = await selectCoveringFor(db, { userId, nzDate });
  return [...new Set(rows.filter(inForce(nzDate)).map((r) => r.manager_id))];
}

/** Active users acting as delegate on the NZ day `nzDate`. */
export async function activeDelegatesOn(db: DB, nzDate: string) {
  const { rows } = await selectCovering(db, { nzDate });
  const delegates = new Map<number, { id: number; email: string; name: string }>();
  for (const row of rows.filter(inForce(nzDate))) {
    if (row.delegate_active === 1) {
      delegates.set(row.delegate_id, { id: row.delegate_id, email: row.delegate_email, name: row.delegate_name });
    }
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
    .select([
      "delegations.id",
      "delegations.starts_on",
      "delegations.ends_on",
      "delegations.revoked_at",
      "manager.name as manager_name",
      "manager.active as manager_active",
      "user_roles.role as manager_role",
    ])
    .where("delegations.delegate_id", "=", userId)
    .orderBy("delegations.id", "desc")
    .limit(50)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    managerName: r.manager_name,
    startsOn: r.starts_on,
    endsOn: r.ends_on,
    status: delegationStatus(factsOf(r), nzDate),
  }));
}
