import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "#db/client";
import type { Database } from "#db/schema";
import { buildDatabase } from "../../bench/build";
import { cursorOfPage, dossierReference, searchAllQuery, searchFilterQuery, searchTextQuery } from "../../bench/pages";
import { getDossier } from "~/models/dossier.server";
import { listQueue } from "~/models/requests.server";
import { searchRequests } from "~/models/search.server";
import { listRegister } from "~/models/register.server";

/**
 * The pages stay as cheap at 200,000 requests as at 1,000 only if every query
 * behind them is served by an index: no full scan of a table, and no
 * temporary B-tree to put rows in order. Each page's function runs against a
 * bench database while every statement it sends is captured, and SQLite is
 * asked how it would run each one.
 */

let dir: string;
let sqlite: SQLite.Database;
let db: DB;
const captured: Array<{ sql: string; parameters: readonly unknown[] }> = [];

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-bench-plans-"));
  const file = path.join(dir, "bench.sqlite");
  await buildDatabase(file, 400, () => undefined);
  sqlite = new SQLite(file);
  db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: sqlite }),
    log: (event) => {
      if (event.level === "query") captured.push({ sql: event.query.sql, parameters: event.query.parameters });
    },
  });
});

afterAll(async () => {
  await db.destroy();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface Step {
  id: number;
  parent: number;
  detail: string;
}

async function stepsOf(run: () => Promise<unknown>): Promise<Array<{ sql: string; steps: Step[] }>> {
  captured.length = 0;
  await run();
  expect(captured.length).toBeGreaterThan(0);
  return captured.map(({ sql, parameters }) => ({
    sql,
    steps: sqlite.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as Step[],
  }));
}

async function plansOf(run: () => Promise<unknown>): Promise<Array<{ sql: string; plan: string[] }>> {
  return (await stepsOf(run)).map(({ sql, steps }) => ({ sql, plan: steps.map((s) => s.detail) }));
}

/** A step that reads a whole table row by row ("SCAN requests"), rather than through an index. */
const fullScan = (detail: string) => /^SCAN \S+( AS \S+)?$/.test(detail);
const sortsInTempBTree = (detail: string) => detail.startsWith("USE TEMP B-TREE FOR ORDER BY");

function expectIndexed(plans: Array<{ sql: string; plan: string[] }>) {
  for (const { sql, plan } of plans) {
    const bad = plan.filter((d) => fullScan(d) || sortsInTempBTree(d));
    expect(bad, `${sql}\n${plan.join("\n")}`).toEqual([]);
  }
}

describe("the queries behind the pages are served by indexes", () => {
  it("queue: the first page of the managers' queue", async () => {
    expectIndexed(await plansOf(() => listQueue(db)));
  });

  it("search_filter: declines received in one quarter", async () => {
    expectIndexed(await plansOf(() => searchRequests(db, searchFilterQuery())));
  });

  it("search_text: the supplier's name as free text", async () => {
    // The one temporary B-tree allowed, and why it stays small: the search index's rowid is a key
    // in order of receipt (a ~4½-hour bucket, then the id; app/search/fts.server.ts), so FTS5 reads
    // matches in that order and stops at the page's last bucket. SQLite then sorts that short list
    // (one page, plus the rest of one bucket) exactly, never the whole set of matches.
    const queries = await stepsOf(() => searchRequests(db, searchTextQuery("Kōwhai Ridge")));
    expect(queries.map((q) => q.sql).filter((sql) => sql.includes("request_search"))).toHaveLength(1);
    for (const { sql, steps } of queries) {
      if (!sql.includes("request_search")) {
        expectIndexed([{ sql, plan: steps.map((s) => s.detail) }]);
        continue;
      }
      const why = `${sql}\n${steps.map((s) => `${s.id} ${s.parent} ${s.detail}`).join("\n")}`;
      expect(
        steps.filter((s) => fullScan(s.detail)),
        why,
      ).toEqual([]);
      // Only the outer query may sort, and it reads requests by id from the list of matches, not by walking an index.
      expect(
        steps.filter((s) => sortsInTempBTree(s.detail) && s.parent !== 0),
        why,
      ).toEqual([]);
      expect(steps.filter((s) => s.parent === 0)[0]?.detail, why).toBe(
        "SEARCH requests USING INTEGER PRIMARY KEY (rowid=?)",
      );
      // Every read of the index is bounded by key on both sides (idxStr ">" and "<") and walks from
      // the page's end, newest first (idxNum flags 64 and 128: ORDER BY rowid DESC): FTS5 walks a
      // match list from the end it starts at, so reading upwards to the page would pass every match below it.
      const reads = steps.filter((s) => s.detail.startsWith("SCAN request_search VIRTUAL TABLE INDEX "));
      expect(reads.length, why).toBe(2);
      for (const read of reads) {
        expect(read.detail, why).toMatch(/:M\d+></);
        expect(Number(/INDEX (\d+):/.exec(read.detail)?.[1]) & (64 | 128), why).toBe(64 | 128);
      }
    }
  });

  it("search_deep: a later keyset page of every request", async () => {
    const { after } = await cursorOfPage(db, 5);
    expect(after).toBeDefined();
    expectIndexed(await plansOf(() => searchRequests(db, searchAllQuery(after))));
  });

  it("dossier: every query that gathers one request's record", async () => {
    const reference = await dossierReference(db);
    expectIndexed(await plansOf(() => getDossier(db, reference)));
  });

  it("register: the approved endorsements", async () => {
    expectIndexed(await plansOf(() => listRegister(db)));
  });
});
