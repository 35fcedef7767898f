import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, expect } from "vitest";
import { migrateToLatest, openDatabase, type DB, type DatabaseTarget, type Engine } from "#db/client";
import { createDatabaseFromTemplate, databaseUrl, dropDatabase, postgresUrl } from "./postgres";

interface Made {
  db: DB;
  dir: string;
  database: string | null;
}
/** The engine this run of the suite is on (tests/setup/run.ts runs it on both). */
export const testEngine: Engine = postgresUrl === null ? "sqlite" : "postgres";

const perTest: Made[] = [];
const perFile: Made[] = [];

async function close(list: Made[]) {
  for (const { db, dir, database } of list.splice(0)) {
    await db.destroy();
    if (database !== null) await dropDatabase(database);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
afterEach(() => close(perTest));
afterAll(() => close(perFile));

export interface TestDb extends DatabaseTarget {
  db: DB;
  /** The SQLite file (on the PostgreSQL run, where it would be; nothing is there). */
  file: string;
  dir: string;
  /** What a child process needs to open the same database. */
  env: Record<string, string>;
}

/**
 * A fresh, migrated database on the engine of this run of the suite: a SQLite
 * file, or on the PostgreSQL run a database copied from the migrated template.
 * Removed after the test (or, made in beforeAll, after the file's tests).
 */
export async function createTestDb(): Promise<TestDb> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-test-"));
  const file = path.join(dir, "tautoko.sqlite");
  const database = postgresUrl === null ? null : await createDatabaseFromTemplate();
  const target: DatabaseTarget = { databasePath: file, databaseUrl: database === null ? null : databaseUrl(database) };
  const db = openDatabase(target);
  // The template is migrated already; this finds nothing to do there.
  await migrateToLatest(db);
  (expect.getState().currentTestName === undefined ? perFile : perTest).push({ db, dir, database });
  const env: Record<string, string> = { DATABASE_PATH: file };
  if (target.databaseUrl !== null) env.DATABASE_URL = target.databaseUrl;
  return { db, file, dir, ...target, env };
}
