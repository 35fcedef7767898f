import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Migrator, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { migrateToLatest, openDatabase, type DB } from "#db/client";
import { migrations } from "#db/migrations/index";
import { recordAuditEvent } from "~/audit/audit.server";
import { searchRequests, searchTally } from "~/models/search.server";
import { addRequest, addSupplier } from "../audit-workspace/seed";
import { testEngine } from "../helpers/db";
import { createEmptyDatabase, databaseUrl, dropDatabase } from "../helpers/postgres";

/**
 * The migration that extends the search to everything said about a request
 * (2026-12-03-40-search-everything), run on the engine of this run over a
 * database that already holds requests, comments, reasons and reviews: they
 * must be found at once (the backfill), under the same keys on SQLite, and
 * what is written afterwards must be followed.
 */

const opened: Array<{ db: DB; dir: string; database: string | null }> = [];
afterEach(async () => {
  for (const { db, dir, database } of opened.splice(0)) {
    await db.destroy();
    if (database !== null) await dropDatabase(database);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const BEFORE = "2026-12-03-30-request-claims";

async function databaseBefore(): Promise<DB> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-search-everything-"));
  const database = testEngine === "postgres" ? await createEmptyDatabase() : null;
  const db = openDatabase({
    databasePath: path.join(dir, "tautoko.sqlite"),
    databaseUrl: database === null ? null : databaseUrl(database),
  });
  opened.push({ db, dir, database });
  const { error } = await new Migrator({ db, provider: { getMigrations: async () => migrations } }).migrateTo(BEFORE);
  if (error) throw error;
  return db;
}

const refs = async (db: DB, text: string) =>
  (await searchRequests(db, { filters: { text }, sort: "received", direction: "desc" }, { pageSize: 100 })).rows.map(
    (r) => r.reference,
  );

describe("migration 2026-12-03-40-search-everything", () => {
  it("indexes what was already said, keeps the index's keys, and follows what is said next", async () => {
    const db = await databaseBefore();
    const { id: staff } = await db
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
    const acme = await addSupplier(db, "Acme Plumbing");
    const base = { requester_id: staff, supplier_id: acme };
    const A = await addRequest(db, { ...base, seq: 1, received_at: "2026-03-10T00:00:00.000Z" });
    const B = await addRequest(db, {
      ...base,
      seq: 2,
      received_at: "2024-05-01T09:00:00.500Z",
      state: "withdrawn",
      decision_reason: "Misleading Whakatū claims",
      requester_conflict_note: "Brother-in-law",
    });
    const C = await addRequest(db, { ...base, seq: 3, received_at: "2025-01-01T00:00:00.000Z" });
    await db
      .insertInto("comments")
      .values({ request_id: A.id, author_id: staff, body: "Ring the Tauranga office", created_at: "2026-03-11T00:00Z" })
      .execute();
    await db
      .insertInto("endorsement_reviews")
      .values({
        request_id: C.id,
        reviewer_id: staff,
        created_at: "2026-01-01T00:00:00.000Z",
        performance_note: "Punctual",
        confirmed: 1,
        previous_valid_until: null,
        new_valid_until: null,
        reason: null,
      })
      .execute();
    await recordAuditEvent(db, {
      at: "2026-03-12T00:00:00.000Z",
      actorId: staff,
      actorRole: "procurement_manager",
      onBehalfOfId: null,
      action: "request.declined",
      requestId: C.id,
      fromState: "escalated",
      toState: "declined",
      payload: { conflict: { hasConflict: false, note: "Met them at Matariki" }, reason: "No" },
    });
    expect(await refs(db, "tauranga")).toEqual([]);

    expect(await migrateToLatest(db)).toContain("2026-12-03-40-search-everything");

    if (testEngine === "sqlite") {
      const keys = await sql<{ rowid: number; expected: number }>`select s.rowid,
          ((unixepoch(substr(r.received_at, 1, 19)) >> 14) << 31) | r.id as expected
        from request_search s join requests r on r.id = s.rowid & 2147483647 order by r.id`.execute(db);
      expect(keys.rows).toHaveLength(3);
      for (const k of keys.rows) expect(k.rowid).toBe(k.expected);
    }
    expect(await refs(db, "tauranga")).toEqual([A.reference]);
    expect(await refs(db, "whakatu")).toEqual([B.reference]);
    expect(await refs(db, "brother")).toEqual([B.reference]);
    expect(await refs(db, "punctual")).toEqual([C.reference]);
    expect(await refs(db, "matariki")).toEqual([C.reference]);
    // Today's fields are still found, with the rest.
    expect(await refs(db, "acme written")).toEqual([A.reference, C.reference, B.reference]);

    await db
      .insertInto("comments")
      .values({ request_id: C.id, author_id: staff, body: "Tauranga too", created_at: "2026-03-12T00:00Z" })
      .execute();
    await db.updateTable("requests").set({ exception_ground: "Civil defence" }).where("id", "=", A.id).execute();
    expect(await refs(db, "tauranga")).toEqual([A.reference, C.reference]);
    expect(await refs(db, "civil defence")).toEqual([A.reference]);
    const tally = await searchTally(db, { filters: { text: "tauranga" }, sort: "received", direction: "desc" });
    expect(tally.total).toBe(2);
  });
});
