import type { DB } from "#db/client";

/** Managers who named `userId` acting delegate for a range covering the NZ day `nzDate`. */
export async function delegatorsOf(db: DB, userId: number, nzDate: string): Promise<number[]> {
  const rows = await db
    .selectFrom("delegations")
    .innerJoin("user_roles", (j) =>
      j.onRef("user_roles.user_id", "=", "delegations.manager_id").on("user_roles.role", "=", "procurement_manager"),
    )
    .select("delegations.manager_id")
    .where("delegations.delegate_id", "=", userId)
    .where("delegations.revoked_at", "is", null)
    .where("delegations.starts_on", "<=", nzDate)
    .where("delegations.ends_on", ">=", nzDate)
    .orderBy("delegations.manager_id")
    .execute();
  return [...new Set(rows.map((r) => r.manager_id))];
}

/** Active users acting as delegate on the NZ day `nzDate`. */
export async function activeDelegatesOn(db: DB, nzDate: string) {
  return db
    .selectFrom("delegations")
    .innerJoin("users", "users.id", "delegations.delegate_id")
    .select(["users.id", "users.email", "users.name"])
    .distinct()
    .where("delegations.revoked_at", "is", null)
    .where("delegations.starts_on", "<=", nzDate)
    .where("delegations.ends_on", ">=", nzDate)
    .where("users.active", "=", 1)
    .execute();
}
