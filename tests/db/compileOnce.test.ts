import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { compileOnce } from "#db/compileOnce";
import { insertUser } from "~/models/users.server";
import { createTestDb } from "../helpers/db";

// Hot queries are built once and run with new values (db/compileOnce.ts): each run must see its own values.

const NOW = new Date("2026-11-25T01:00:00.000Z");

async function twoUsers() {
  const { db } = await createTestDb();
  const ana = await insertUser(
    db,
    { email: "ana@example.govt.nz", name: "Ana", passwordHash: "x", roles: ["staff"], grantedBy: null },
    NOW,
  );
  const ben = await insertUser(
    db,
    {
      email: "ben@example.govt.nz",
      name: "Ben",
      passwordHash: "x",
      roles: ["staff", "procurement_manager"],
      grantedBy: null,
    },
    NOW,
  );
  return { db, ana, ben };
}

describe("compileOnce", () => {
  it("answers each run with that run's values, keeping the query's own constants", async () => {
    const { db, ana, ben } = await twoUsers();
    const managerNamed = compileOnce((db, p: { userId: number }) =>
      db
        .selectFrom("users")
        .innerJoin("user_roles", "user_roles.user_id", "users.id")
        .select("users.name")
        .where("users.id", "=", p.userId)
        .where("user_roles.role", "=", "procurement_manager"),
    );
    expect((await managerNamed(db, { userId: ben })).rows).toEqual([{ name: "Ben" }]);
    // Ana is no manager: the constant 'procurement_manager' stayed in the query.
    expect((await managerNamed(db, { userId: ana })).rows).toEqual([]);
    expect((await managerNamed(db, { userId: ben })).rows).toEqual([{ name: "Ben" }]);
  });

  it("puts a parameter used twice in both places, and null where null is given", async () => {
    const { db, ana, ben } = await twoUsers();
    const insertDelegation = compileOnce(
      (db, p: { managerId: number; delegateId: number; day: string; revokedAt: string | null }) =>
        db.insertInto("delegations").values({
          manager_id: p.managerId,
          delegate_id: p.delegateId,
          starts_on: p.day,
          ends_on: p.day,
          created_at: p.day,
          revoked_at: p.revokedAt,
        }),
    );
    await insertDelegation(db, { managerId: ben, delegateId: ana, day: "2026-12-01", revokedAt: null });
    await insertDelegation(db, {
      managerId: ben,
      delegateId: ana,
      day: "2026-12-02",
      revokedAt: "2026-11-30T00:00:00.000Z",
    });
    const rows = await db
      .selectFrom("delegations")
      .select(["manager_id", "delegate_id", "starts_on", "ends_on", "created_at", "revoked_at"])
      .orderBy("id")
      .execute();
    expect(rows).toEqual([
      {
        manager_id: ben,
        delegate_id: ana,
        starts_on: "2026-12-01",
        ends_on: "2026-12-01",
        created_at: "2026-12-01",
        revoked_at: null,
      },
      {
        manager_id: ben,
        delegate_id: ana,
        starts_on: "2026-12-02",
        ends_on: "2026-12-02",
        created_at: "2026-12-02",
        revoked_at: "2026-11-30T00:00:00.000Z",
      },
    ]);
  });

  it("runs inside the transaction it is given and sees its writes", async () => {
    const { db, ana } = await twoUsers();
    const rolesOf = compileOnce((db, p: { userId: number }) =>
      db.selectFrom("user_roles").select("role").where("user_id", "=", p.userId),
    );
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto("user_roles")
          .values({ user_id: ana, role: "auditor", granted_at: NOW.toISOString(), granted_by: null })
          .execute();
        expect((await rolesOf(trx, { userId: ana })).rows.map((r) => r.role).sort()).toEqual(["auditor", "staff"]);
        throw new Error("roll back");
      }),
    ).rejects.toThrow("roll back");
    expect((await rolesOf(db, { userId: ana })).rows).toEqual([{ role: "staff" }]);
  });

  it("refuses a parameter changed on its way to the query, which later runs would not change", async () => {
    const { db } = await twoUsers();
    const byPrefix = compileOnce((db, p: { prefix: string }) =>
      db.selectFrom("users").select("name").where("email", "like", `${p.prefix}%`),
    );
    await expect(byPrefix(db, { prefix: "ana" })).rejects.toThrow(/changed on its way/);
  });

  it("refuses a parameter written into the SQL text, or one that never reaches the query", async () => {
    const { db } = await twoUsers();
    const literal = compileOnce((db, p: { name: string }) =>
      db.selectFrom("users").select("id").where("name", "=", sql.lit(p.name)),
    );
    await expect(literal(db, { name: "Ana" })).rejects.toThrow(/into the SQL itself/);
    const branching = compileOnce((db, p: { onlyActive: boolean }) =>
      p.onlyActive ? db.selectFrom("users").select("id").where("active", "=", 1) : db.selectFrom("users").select("id"),
    );
    await expect(branching(db, { onlyActive: false })).rejects.toThrow(/does not reach the query/);
  });
});
