import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach } from "vitest";
import { createDb, migrateToLatest, type DB } from "#db/client";

const opened: Array<{ db: DB; dir: string }> = [];

afterEach(async () => {
  for (const { db, dir } of opened.splice(0)) {
    await db.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** A fresh, migrated SQLite file for one test; removed after it. */
export async function createTestDb(): Promise<{ db: DB; file: string; dir: string }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-test-"));
  const file = path.join(dir, "tautoko.sqlite");
  const db = createDb(file);
  await migrateToLatest(db);
  opened.push({ db, dir });
  return { db, file, dir };
}
