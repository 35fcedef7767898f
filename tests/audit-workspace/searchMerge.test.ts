import { describe, expect, it } from "vitest";
import { runJobsOnce } from "~/jobs/runner.server";
import { loadConfig } from "~/config.server";
import { searchRequests } from "~/models/search.server";
import { searchIndexSegments } from "~/search/fts.server";
import { createTestDb } from "../helpers/db";
import { addRequest, addSupplier } from "./seed";

// FTS5 adds a segment per write transaction; each is one more place a search reads. The job runner
// merges them a step at a time, and searching finds the same requests before and after.

describe("merging the search index in the background jobs", () => {
  it("brings many segments down to one, and every search answers the same", async () => {
    const { db, file, dir } = await createTestDb();
    const { id: requesterId } = await db
      .insertInto("users")
      .values({
        email: "aroha@tautoko.test",
        name: "Aroha",
        password_hash: "x",
        active: 1,
        created_at: "2026-01-01T00:00:00.000Z",
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const kowhai = await addSupplier(db, "Kōwhai Ridge Engineering Ltd");
    const other = await addSupplier(db, "Tōtara Print");
    // One request per transaction, as people log them.
    for (let i = 0; i < 40; i++) {
      await addRequest(db, {
        supplier_id: i % 5 === 0 ? kowhai : other,
        requester_id: requesterId,
        received_at: new Date(Date.UTC(2026, 9, 1 + i)).toISOString(),
      });
    }
    const searches = ["kowhai", "totara print", "reference", "END-2026-0007"].map((text) => ({
      filters: { text },
      sort: "received" as const,
      direction: "desc" as const,
    }));
    const before = await Promise.all(searches.map((q) => searchRequests(db, q, { pageSize: 100 })));
    expect(before[0]!.rows).toHaveLength(8);
    const segmentsBefore = await searchIndexSegments(db);
    expect(segmentsBefore).toBeGreaterThan(1);

    const config = loadConfig({ NODE_ENV: "test", DATABASE_PATH: file, EMAIL_DIR: `${dir}/eml` });
    for (let pass = 0; pass < 5; pass++)
      await runJobsOnce({ db, config, now: () => new Date("2026-11-20T01:00:00.000Z") });

    expect(await searchIndexSegments(db)).toBe(1);
    const after = await Promise.all(searches.map((q) => searchRequests(db, q, { pageSize: 100 })));
    expect(after.map((r) => r.rows.map((row) => row.reference))).toEqual(
      before.map((r) => r.rows.map((row) => row.reference)),
    );
  });
});
