import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { createDb, migrateToLatest, type DB } from "#db/client";
import { migrations } from "#db/migrations/index";
import { searchRequests } from "~/models/search.server";
import { addRequest, addSupplier } from "../audit-workspace/seed";

/**
 * The migration that re-keys the search index by order of receipt, run over
 * a database that already holds requests (as a live agency's would): the
 * index must hold every request under its new key, find the same requests,
 * and keep following later changes.
 */

const opened: Array<{ db: DB; dir: string }> = [];
afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const BEFORE = "2026-11-24-05-page-indexes";

async function databaseBefore(): Promise<DB> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-search-migration-"));
  const db = createDb(path.join(dir, "tautoko.sqlite"));
  opened.push({ db, dir });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(BEFORE);
  if (error) throw error;
  return db;
}

async function addStaff(db: DB): Promise<number> {
  const { id } = await db
    .insertInto("users")
    .values({
      email: "staff@agency.test",
      name: "Sam Staff",
      password_hash: "x",
      active: 1,
      created_at: "2026-01-01T00:00:00.000Z",
      disabled_at: null,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

const refs = async (db: DB, text: string) =>
  (await searchRequests(db, { filters: { text }, sort: "received", direction: "desc" }, { pageSize: 100 })).rows.map(
    (r) => r.reference,
  );

describe("migration 2026-11-25-01-search-received-order", () => {
  it("re-keys an existing index: every request under its key, the same matches, and later changes followed", async () => {
    const db = await databaseBefore();
    const staff = await addStaff(db);
    const kowhai = await addSupplier(db, "Kōwhai Ridge Engineering Ltd");
    const acme = await addSupplier(db, "Acme Plumbing");
    // Who logged a request is a column of a later migration (2026-12-03-10), not yet there.
    const base = { requester_id: staff, supplier_id: acme, logged_by_id: undefined };
    // Ids not in order of receipt; B and C received in the same second.
    const A = await addRequest(db, { ...base, seq: 1, received_at: "2026-03-10T00:00:00.000Z", supplier_id: kowhai });
    const B = await addRequest(db, {
      ...base,
      seq: 2,
      received_at: "2024-05-01T09:00:00.500Z",
      asked: "A ridge-line reference",
    });
    const C = await addRequest(db, { ...base, seq: 3, received_at: "2024-05-01T09:00:00.100Z", supplier_id: kowhai });
    await db
      .insertInto("endorsement_versions")
      .values({
        request_id: B.id,
        number: 1,
        based_on: null,
        author_id: staff,
        created_at: "2024-05-02T00:00:00.000Z",
        text: "Kōwhai Ridge repaired 12 roofs.",
        sha256: "0".repeat(64),
        findings: "[]",
        ruleset_version: "test",
      })
      .execute();

    // Every migration after the one under test runs too.
    expect((await migrateToLatest(db))[0]).toBe("2026-11-25-01-search-received-order");

    const keys = await sql<{
      rowid: number;
      expected: number;
    }>`select s.rowid, ((unixepoch(substr(r.received_at, 1, 19)) >> 14) << 31) | r.id as expected
      from request_search s join requests r on r.id = s.rowid & 2147483647 order by r.id`.execute(db);
    expect(keys.rows).toHaveLength(3);
    for (const k of keys.rows) expect(k.rowid).toBe(k.expected);

    // Newest first; within one second, by the time's text (.500 after .100).
    expect(await refs(db, "Kōwhai Ridge")).toEqual([A.reference, B.reference, C.reference]);
    expect(await refs(db, "ridge roofs")).toEqual([B.reference]);

    // The triggers: a new request, a corrected receipt time, a renamed supplier, a new version.
    const D = await addRequest(db, { ...base, seq: 4, received_at: "2025-01-01T00:00:00.000Z", supplier_id: kowhai });
    await db.updateTable("requests").set({ received_at: "2026-11-01T00:00:00.000Z" }).where("id", "=", C.id).execute();
    await db.updateTable("suppliers").set({ name: "Kōwhai Hill Engineering Ltd" }).where("id", "=", kowhai).execute();
    expect(await refs(db, "Kōwhai")).toEqual([C.reference, A.reference, D.reference, B.reference]);
    expect(await refs(db, "Kōwhai Ridge")).toEqual([B.reference]);
    await db
      .insertInto("endorsement_versions")
      .values({
        request_id: A.id,
        number: 1,
        based_on: null,
        author_id: staff,
        created_at: "2026-03-11T00:00:00.000Z",
        text: "Whakatū roofs",
        sha256: "0".repeat(64),
        findings: "[]",
        ruleset_version: "test",
      })
      .execute();
    expect(await refs(db, "whakatu")).toEqual([A.reference]);
  });

  it("refuses to run over a request whose receipt time it cannot place, rather than index it out of order", async () => {
    const db = await databaseBefore();
    const staff = await addStaff(db);
    const acme = await addSupplier(db, "Acme Plumbing");
    const before = { requester_id: staff, supplier_id: acme, logged_by_id: undefined };
    await addRequest(db, { ...before, seq: 1, received_at: "2026-02-31T09:00:00.000Z" });
    await expect(migrateToLatest(db)).rejects.toThrow(/END-2026-0001/);
  });

  it("after it, the database refuses a receipt time the index cannot place", async () => {
    const db = await databaseBefore();
    await migrateToLatest(db);
    const staff = await addStaff(db);
    const acme = await addSupplier(db, "Acme Plumbing");
    for (const bad of ["2026-02-31T09:00:00.000Z", "1 March 2026", "2026-03-01 09:00:00"]) {
      await expect(addRequest(db, { requester_id: staff, supplier_id: acme, received_at: bad }), bad).rejects.toThrow(
        /ISO 8601/,
      );
    }
    const { id } = await addRequest(db, {
      requester_id: staff,
      supplier_id: acme,
      received_at: "2026-03-01T09:00:00.000Z",
    });
    await expect(
      db.updateTable("requests").set({ received_at: "yesterday" }).where("id", "=", id).execute(),
    ).rejects.toThrow(/ISO 8601/);
  });
});
