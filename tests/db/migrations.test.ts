import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createTestDb } from "../helpers/db";

describe("database", () => {
  it("opens with WAL, foreign keys, a busy timeout and synchronous=FULL", async () => {
    const { db } = await createTestDb();
    const pragma = async (name: string) =>
      Object.values((await sql.raw(`pragma ${name}`).execute(db)).rows[0] as object)[0];
    expect(await pragma("journal_mode")).toBe("wal");
    expect(await pragma("foreign_keys")).toBe(1);
    expect(await pragma("busy_timeout")).toBe(10000);
    expect(await pragma("synchronous")).toBe(2); // FULL
  });
});
