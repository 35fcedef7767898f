import path from "node:path";
import { CompiledQuery, sql } from "kysely";
import { describe, expect, it } from "vitest";
import { createDb, openSqlite, withStatementCache } from "#db/client";
import { tempDir } from "../helpers/tempDir";

// Queries reuse their prepared statements (db/client.ts); these are the ways reuse could go wrong.

const tempFile = () => path.join(tempDir("stmt"), "t.sqlite");

describe("the prepared-statement cache", () => {
  it("answers the same query text again with the new parameters' rows", async () => {
    const db = createDb(tempFile());
    try {
      await sql`create table t (id integer primary key, name text not null)`.execute(db);
      await sql`insert into t (name) values ('one'), ('two'), ('three')`.execute(db);
      const byId = (id: number) => sql<{ name: string }>`select name from t where id = ${id}`.execute(db);
      expect((await byId(1)).rows).toEqual([{ name: "one" }]);
      expect((await byId(3)).rows).toEqual([{ name: "three" }]);
      // A write through a cached statement reports its own changes each time.
      const rename = (id: number) => sql`update t set name = 'x' where id <= ${id}`.execute(db);
      expect((await rename(1)).numAffectedRows).toBe(1n);
      expect((await rename(3)).numAffectedRows).toBe(3n);
    } finally {
      await db.destroy();
    }
  });

  it("sees a column added after the statement was first prepared", async () => {
    const db = createDb(tempFile());
    try {
      await sql`create table t (id integer primary key)`.execute(db);
      await sql`insert into t (id) values (1)`.execute(db);
      const all = () => sql<Record<string, unknown>>`select * from t`.execute(db);
      expect((await all()).rows).toEqual([{ id: 1 }]);
      await sql`alter table t add column note text not null default 'added'`.execute(db);
      expect((await all()).rows).toEqual([{ id: 1, note: "added" }]);
    } finally {
      await db.destroy();
    }
  });

  it("never hands out a statement that is still being iterated", () => {
    const sqlite = openSqlite(tempFile());
    const cached = withStatementCache(sqlite);
    try {
      sqlite.exec("create table t (id integer primary key); insert into t (id) values (1), (2), (3);");
      const text = "select id from t where id >= ? order by id";
      const outer = cached.prepare(text);
      const seen: Array<[number, number[]]> = [];
      for (const row of outer.iterate([1]) as Iterable<{ id: number }>) {
        // Same text while the first is mid-iteration: a statement of its own, not the busy one.
        const inner = cached.prepare(text);
        expect(inner).not.toBe(outer);
        seen.push([row.id, (inner.all([row.id]) as Array<{ id: number }>).map((r) => r.id)]);
      }
      expect(seen).toEqual([
        [1, [1, 2, 3]],
        [2, [2, 3]],
        [3, [3]],
      ]);
      // Once the iteration is over, the cached statement is reused.
      expect(cached.prepare(text)).toBe(outer);
    } finally {
      cached.close();
    }
  });

  it("gives the same rows as better-sqlite3 itself when it builds them from arrays", async () => {
    const file = tempFile();
    const db = createDb(file);
    const plain = openSqlite(file);
    try {
      await sql`create table t (id integer primary key, n integer, r real, s text, b blob, z text)`.execute(db);
      await sql`insert into t (n, r, s, b, z) values
        (9007199254740991, 1.5, 'Kōwhai — “quoted” 🌿', x'00ff10', null),
        (-3, 0.1, '', x'', 'x')`.execute(db);
      // No `*`: named by the text, so read as arrays and made into objects here.
      const text = "select id, n, r, s, b, z, n as twice, r as twice from t where id >= ? order by id";
      const theirs = plain.prepare(text).all(1) as Array<Record<string, unknown>>;
      const mine = (await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(text, [1]))).rows;
      expect(mine).toEqual(theirs);
      // A name given twice keeps its last value, as better-sqlite3 has it.
      expect(mine.map((row) => row.twice)).toEqual([1.5, 0.1]);
      expect(Object.keys(mine[0]!)).toEqual(["id", "n", "r", "s", "b", "z", "twice"]);
      // Rows handed out one at a time (a streamed export) are made the same way.
      const cached = withStatementCache(openSqlite(file));
      try {
        expect([...cached.prepare(text).iterate([1])]).toEqual(theirs);
      } finally {
        cached.close();
      }
    } finally {
      plain.close();
      await db.destroy();
    }
  });

  it("keeps each cached statement's columns when a migration changes the table under it", async () => {
    const db = createDb(tempFile());
    try {
      await sql`create table t (id integer primary key, a text, b text, c text)`.execute(db);
      await sql`insert into t (a, b, c) values ('a1', 'b1', 'c1')`.execute(db);
      const named = () => sql<Record<string, unknown>>`select a, c from t`.execute(db);
      expect((await named()).rows).toEqual([{ a: "a1", c: "c1" }]);
      await sql`alter table t drop column b`.execute(db);
      await sql`alter table t add column d text not null default 'd1'`.execute(db);
      expect((await named()).rows).toEqual([{ a: "a1", c: "c1" }]);
      expect((await sql<Record<string, unknown>>`select * from t`.execute(db)).rows).toEqual([
        { id: 1, a: "a1", c: "c1", d: "d1" },
      ]);
    } finally {
      await db.destroy();
    }
  });
});
