import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, expect } from "vitest";
import { createDb, migrateToLatest, type DB } from "#db/client";

const perTest: Array<{ db: DB; dir: string }> = [];
const perFile: Array<{ db: DB; dir: string }> = [];

async function close(list: Array<{ db: DB; dir: string }>) {
  for (const { db, dir } of list.splice(0)) {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
afterEach(() => close(perTest));
afterAll(() => close(perFile));

/** A fresh, migrated SQLite file; removed after the test (or, made in beforeAll, after the file's tests). */
export async function createTestDb(): Promise<{ db: DB; file: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-test-"));
  const file = path.join(dir, "tautoko.sqlite");
  const db = createDb(file);
  await migrateToLatest(db);
  (expect.getState().currentTestName === undefined ? perFile : perTest).push({ db, dir });
  return { db, file, dir };
}
