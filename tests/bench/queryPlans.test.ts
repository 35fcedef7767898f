import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, SqliteDialect } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DB } from "#db/client";
import type { Database } from "#db/schema";
import { buildDatabase } from "~/bench/bulk.server";
import { cursorOfPage, dossierReference, searchAllQuery, searchFilterQuery, searchTextQuery } from "~/bench/pages.server";
import { getDossier } from "~/models/dossier.server";
import { listQueue } from "~/models/requests.server";
import { searchRequests } from "~/models/search.server";
import { listRegister } from "~/models/versions.server";

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

async function plansOf(run: () => Promise<unknown>): Promise<Array<{ sql: string; plan: string[] }>> {
  captured.length = 0;
  await run();
  expect(captured.length).toBeGreaterThan(0);
  return captured.map(({ sql, parameters }) => ({
    sql,
    plan: (sqlite.prepare(`explain query plan ${sql}`).all(...(parameters as unknown[])) as Array<{ detail: string }>).map((r) => r.detail),
  }));
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
    expectIndexed(await plansOf(() => searchRequests(db, searchTextQuery("Kōwhai Ridge"))));
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
