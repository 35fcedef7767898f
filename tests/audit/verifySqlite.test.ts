import { createHash } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import SQLite from "better-sqlite3";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appendAuditEvent, recordAuditEvent, verifyAuditChain, type AuditEventInput } from "~/audit/audit.server";
import {
  GENESIS_HASH,
  canonicalEventJson,
  computeEventHash,
  verifyAuditEvents,
  type AuditEventFields,
  type StoredAuditEvent,
} from "~/audit/chain";
import { VERIFY_PAGE_SIZE, checkChainPage } from "~/audit/verifySqlite.server";
import { createDb, migrateToLatest, sqliteHandleOf, type DB } from "#db/client";
import { hostileText } from "../reliability/hostile";
import { createTestDb } from "../helpers/db";
import { tempDir } from "../helpers/tempDir";
import { LOGGED_EVENT } from "../helpers/auditVerify";

/**
 * The SQLite fast path of verifyAuditChain against the reference: the same
 * verdict as AuditChainVerifier on the rows read back (verifyAuditEvents),
 * for hostile values the app writes and for every kind of change behind its back.
 */

const handle = (db: DB) => sqliteHandleOf(db) ?? expect.fail("createDb should expose its better-sqlite3 handle");
const readRows = (sqlite: SQLite.Database) =>
  sqlite.prepare("select * from audit_events order by seq").all() as StoredAuditEvent[];

/** What the app's appendAuditEvent stores, written in bulk with the recipe. */
function writeChain(sqlite: SQLite.Database, events: AuditEventFields[]): string[] {
  const last = sqlite.prepare("select hash from audit_events order by seq desc limit 1").pluck().get() as
    string | undefined;
  let prev = last ?? GENESIS_HASH;
  const insert =
    sqlite.prepare(`insert into audit_events (seq, at, actor_id, actor_role, on_behalf_of_id, action, request_id,
    from_state, to_state, payload, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const hashes: string[] = [];
  sqlite.transaction(() => {
    for (const e of events) {
      const hash = computeEventHash(prev, e);
      insert.run(
        e.seq,
        e.at,
        e.actor_id,
        e.actor_role,
        e.on_behalf_of_id,
        e.action,
        e.request_id,
        e.from_state,
        e.to_state,
        JSON.stringify(e.payload),
        prev,
        hash,
      );
      hashes.push(hash);
      prev = hash;
    }
  })();
  return hashes;
}

const STATES = ["escalated", "in_review", "declined", "approved", null] as const;
function ordinaryEvent(seq: number): AuditEventFields {
  return {
    seq,
    at: new Date(Date.UTC(2026, 0, 1) + seq * 60_000).toISOString(),
    actor_id: seq % 7 === 0 ? null : seq % 50,
    actor_role: seq % 7 === 0 ? null : "procurement_manager",
    on_behalf_of_id: seq % 11 === 0 ? 3 : null,
    action: ["request.log", "request.escalate", "request.decide"][seq % 3]!,
    request_id: seq % 13 === 0 ? null : Math.ceil(seq / 5),
    from_state: STATES[seq % 5]!,
    to_state: STATES[(seq + 1) % 5]!,
    // Keys already in canonical order, so JSON.stringify writes the canonical text.
    payload: { reason: seq % 4 === 0 ? "Kōwhai Ridge Engineering — “declined”" : `step ${seq}`, version: seq % 3 },
  };
}

describe("SQLite writes C as the reference does", () => {
  it("json_quote escapes every code point as JSON.stringify does", () => {
    const sqlite = new SQLite(":memory:");
    const quote = sqlite.prepare("select json_quote(?)").pluck();
    const mismatches: string[] = [];
    for (let from = 0; from <= 0x10ffff; from += 0x1000) {
      let text = "";
      for (let cp = from; cp < from + 0x1000; cp++) if (cp < 0xd800 || cp > 0xdfff) text += String.fromCodePoint(cp);
      if (quote.get(text) !== JSON.stringify(text)) mismatches.push(from.toString(16));
    }
    // Alone too, so an escape cannot hide in its neighbours.
    for (let cp = 0; cp < 0x100; cp++) {
      const text = String.fromCodePoint(cp);
      if (quote.get(text) !== JSON.stringify(text)) mismatches.push(cp.toString(16));
    }
    for (const text of ["\u2028", "\u2029", "\ufeff", "\ufffd", "😀", '"\\/'])
      if (quote.get(text) !== JSON.stringify(text)) mismatches.push(text);
    sqlite.close();
    expect(mismatches).toEqual([]);
  });

  const wellFormed = hostileText.filter((text) => !/\p{Cs}/u.test(text));
  const hostileEvent: fc.Arbitrary<AuditEventInput> = fc.record({
    at: fc
      .date({ min: new Date("2000-01-01"), max: new Date("2099-12-31"), noInvalidDate: true })
      .map((d) => d.toISOString()),
    actorId: fc.option(fc.oneof(fc.integer(), fc.constantFrom(0, Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER))),
    actorRole: fc.option(wellFormed),
    onBehalfOfId: fc.option(fc.maxSafeInteger()),
    action: wellFormed,
    requestId: fc.option(fc.maxSafeNat()),
    fromState: fc.option(wellFormed),
    toState: fc.option(wellFormed),
    payload: fc.dictionary(fc.oneof(wellFormed, fc.string()), fc.oneof(fc.jsonValue(), wellFormed), { maxKeys: 5 }),
  });

  it(
    "takes hostile events appended by the app on the fast path, with the reference's verdict",
    { timeout: 120_000 },
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(hostileEvent, { minLength: 1, maxLength: 6 }), async (events) => {
          const { db } = await createTestDb();
          const hashes: string[] = [];
          for (const event of events) hashes.push((await recordAuditEvent(db, event)).hash);
          const sqlite = handle(db);
          const reference = verifyAuditEvents(readRows(sqlite), { head: hashes[0]! });
          expect(reference).toEqual({
            ok: true,
            count: events.length,
            head: hashes.at(-1),
            firstBadSeq: null,
            containsHead: true,
          });
          // Every event on the fast path: its SQL-built bytes hashed to the hash the app computed from canonicalize().
          expect(checkChainPage(sqlite, 1, GENESIS_HASH, hashes[0])).toEqual({
            count: events.length,
            lastHash: hashes.at(-1),
            containsHead: true,
          });
          expect(await verifyAuditChain(db, { head: hashes[0]! })).toEqual(reference);
        }),
        { numRuns: 40 },
      );
    },
  );
});

describe("tampering behind the app's back", () => {
  const COUNT = 2 * VERIFY_PAGE_SIZE + 7;
  let template: string;
  let hashes: string[];
  let dir: string;
  // Made here rather than by createTestDb, which ties a database made after a test has run to the next test.
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-verify-"));
    template = path.join(dir, "chain.sqlite");
    const db = createDb(template);
    await migrateToLatest(db);
    hashes = writeChain(
      handle(db),
      Array.from({ length: COUNT }, (_, i) => ordinaryEvent(i + 1)),
    );
    await db.destroy();
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A copy of the three-page chain, changed directly in SQLite; both verdicts on it. */
  async function verdicts(change: (sqlite: SQLite.Database) => void, head?: string) {
    const file = path.join(path.dirname(template), `copy-${Math.random().toString(36).slice(2)}.sqlite`);
    fs.copyFileSync(template, file);
    try {
      const raw = new SQLite(file);
      raw.exec("drop trigger audit_events_no_update; drop trigger audit_events_no_delete;");
      change(raw);
      const reference = verifyAuditEvents(readRows(raw), head === undefined ? {} : { head });
      raw.close();
      const db = createDb(file, { readonly: true });
      try {
        return { fast: await verifyAuditChain(db, head === undefined ? {} : { head }), reference };
      } finally {
        await db.destroy();
      }
    } finally {
      for (const suffix of ["", "-wal", "-shm"]) fs.rmSync(file + suffix, { force: true });
    }
  }

  it("verifies the untouched chain on the fast path alone", async () => {
    const { db } = await createTestDb();
    const sqlite = handle(db);
    writeChain(
      sqlite,
      Array.from({ length: COUNT }, (_, i) => ordinaryEvent(i + 1)),
    );
    expect(checkChainPage(sqlite, 1, GENESIS_HASH)).toMatchObject({
      count: VERIFY_PAGE_SIZE,
      lastHash: hashes[VERIFY_PAGE_SIZE - 1],
    });
    expect(checkChainPage(sqlite, 2 * VERIFY_PAGE_SIZE + 1, hashes[2 * VERIFY_PAGE_SIZE - 1]!)).toMatchObject({
      count: 7,
      lastHash: hashes.at(-1),
    });
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: COUNT, head: hashes.at(-1), firstBadSeq: null });
  });

  // Each changes one stored value of event `seq`; the value written is never what the app wrote.
  const changes: Array<[string, string]> = [
    ["at, a millisecond later", "update audit_events set at = replace(at, '.000Z', '.001Z') where seq = ?"],
    ["actor_id, another person", "update audit_events set actor_id = 49 - ifnull(actor_id, 0) where seq = ?"],
    ["actor_id, removed", "update audit_events set actor_id = null where seq = ?"],
    ["actor_id, a real", "update audit_events set actor_id = ifnull(actor_id, 0) + 0.5 where seq = ?"],
    ["actor_id, a text", "update audit_events set actor_id = 'seven' where seq = ?"],
    ["actor_role, another role", "update audit_events set actor_role = 'admin' where seq = ?"],
    [
      "actor_role, as a blob of the same bytes",
      "update audit_events set actor_role = cast(ifnull(actor_role, 'x') as blob) where seq = ?",
    ],
    ["on_behalf_of_id, someone", "update audit_events set on_behalf_of_id = 12 where seq = ?"],
    ["action, forged", "update audit_events set action = 'request.approveVersion' where seq = ?"],
    ["action, as a blob of the same bytes", "update audit_events set action = cast(action as blob) where seq = ?"],
    [
      "action, bytes that are not UTF-8",
      "update audit_events set action = action || cast(x'ff' as text) where seq = ?",
    ],
    ["request_id, beyond 2^53", "update audit_events set request_id = 9007199254740993 where seq = ?"],
    ["from_state, another state", "update audit_events set from_state = 'withdrawn' where seq = ?"],
    ["to_state, another state", "update audit_events set to_state = 'expired' where seq = ?"],
    ["payload, reformatted", "update audit_events set payload = replace(payload, ',', ', ') where seq = ?"],
    [
      "payload, a value changed",
      "update audit_events set payload = replace(payload, '\"version\":', '\"version\":1') where seq = ?",
    ],
    ["payload, as a blob of the same bytes", "update audit_events set payload = cast(payload as blob) where seq = ?"],
    [
      "payload, a record separator inside a string",
      "update audit_events set payload = replace(payload, 'version', 'ver' || char(30) || 'sion') where seq = ?",
    ],
    ["prev_hash, another hash", "update audit_events set prev_hash = hash where seq = ?"],
    ["prev_hash, in capitals", "update audit_events set prev_hash = upper(prev_hash) where seq = ?"],
    ["hash, in capitals", "update audit_events set hash = upper(hash) where seq = ?"],
    ["hash, as a blob of the same bytes", "update audit_events set hash = cast(hash as blob) where seq = ?"],
    [
      "prev_hash, as a blob of the same bytes",
      "update audit_events set prev_hash = cast(prev_hash as blob) where seq = ?",
    ],
    // The two texts shifted by one character: their concatenation, which a careless reader would hash, is unchanged.
    [
      "hash and prev_hash, a character moved between them",
      "update audit_events set hash = hash || substr(prev_hash, 1, 1), prev_hash = substr(prev_hash, 2) where seq = ?",
    ],
  ];
  const positions = [1, VERIFY_PAGE_SIZE, VERIFY_PAGE_SIZE + 1, COUNT];

  // (The first event's prev_hash is all digits: nothing to capitalise.)
  const cases = changes.flatMap(([what, sql]) =>
    positions
      .filter((seq) => seq > 1 || !what.startsWith("prev_hash, in capitals"))
      .map((seq) => [what, seq, sql] as const),
  );
  it.each(cases)("detects %s at seq %i", async (_what, seq, sql) => {
    const { fast, reference } = await verdicts((raw) => expect(raw.prepare(sql).run(seq).changes).toBe(1));
    expect(reference).toMatchObject({ ok: false, count: COUNT, firstBadSeq: seq });
    expect(fast).toEqual(reference);
  });

  /**
   * A forger who rewrites the last event with a value JavaScript reads back
   * differently from how SQLite writes it as text, and hashes SQLite's bytes:
   * the reference (and the recipe) read the value back, so the event must
   * fail here too.
   */
  const forgeries: Array<[string, string, string]> = [
    ["an action that is not UTF-8", "action", "action || cast(x'ff' as text)"],
    ["an actor_id that is a real", "actor_id", "1.0 / 3"],
    ["a request_id beyond 2^53", "request_id", "9007199254740993"],
    ["an actor_id that is the word null", "actor_id", "'null'"],
  ];
  it.each(forgeries)("catches a forger hashing SQLite's own bytes for %s", async (_what, column, valueSql) => {
    const placeholder = "@forged@";
    const [before, after] = canonicalEventJson({ ...ordinaryEvent(COUNT), [column]: placeholder }).split(
      JSON.stringify(placeholder),
    );
    let forgedHash = "";
    const { fast, reference } = await verdicts((raw) => {
      raw.prepare(`update audit_events set ${column} = ${valueSql} where seq = ?`).run(COUNT);
      const text = raw
        .prepare(`select cast(${column} as blob) from audit_events where seq = ?`)
        .pluck()
        .get(COUNT) as Buffer;
      const value = column === "action" ? Buffer.concat([Buffer.from('"'), text, Buffer.from('"')]) : text;
      const forged = Buffer.concat([Buffer.from(hashes[COUNT - 2]! + before!), value, Buffer.from(after!)]);
      forgedHash = createHash("sha256").update(forged).digest("hex");
      raw.prepare("update audit_events set hash = ? where seq = ?").run(forgedHash, COUNT);
    });
    expect(reference).toEqual({ ok: false, count: COUNT, head: forgedHash, firstBadSeq: COUNT });
    expect(fast).toEqual(reference);
  });

  it("finds the first seq after a gap at a page boundary, and a row slipped in below seq 1", async () => {
    const gap = await verdicts((raw) => raw.prepare("delete from audit_events where seq = ?").run(VERIFY_PAGE_SIZE));
    expect(gap.reference).toEqual({
      ok: false,
      count: COUNT - 1,
      head: hashes.at(-1),
      firstBadSeq: VERIFY_PAGE_SIZE + 1,
    });
    expect(gap.fast).toEqual(gap.reference);

    const below = await verdicts((raw) =>
      raw
        .prepare(
          "insert into audit_events select 0, at, actor_id, actor_role, on_behalf_of_id, action, request_id, from_state, to_state, payload, prev_hash, hash from audit_events where seq = 1",
        )
        .run(),
    );
    expect(below.reference).toMatchObject({ ok: false, count: COUNT + 1, firstBadSeq: 0 });
    expect(below.fast).toEqual(below.reference);
  });

  it("finds an event appended after a gap at the end, and a moved seq", async () => {
    const copyLast = (seq: number) => (raw: SQLite.Database) =>
      raw
        .prepare(
          "insert into audit_events select ?, at, actor_id, actor_role, on_behalf_of_id, action, request_id, from_state, to_state, payload, hash, hash from audit_events where seq = ?",
        )
        .run(seq, COUNT);
    const afterGap = await verdicts(copyLast(COUNT + 10));
    expect(afterGap.reference).toMatchObject({ ok: false, count: COUNT + 1, firstBadSeq: COUNT + 10 });
    expect(afterGap.fast).toEqual(afterGap.reference);

    const moved = await verdicts((raw) =>
      raw.prepare("update audit_events set seq = ? where seq = ?").run(COUNT + 1, VERIFY_PAGE_SIZE + 3),
    );
    expect(moved.reference).toMatchObject({ ok: false, count: COUNT, firstBadSeq: VERIFY_PAGE_SIZE + 4 });
    expect(moved.fast).toEqual(moved.reference);
  });

  it("finds a head only when every link up to it is intact, across pages", async () => {
    const head = hashes[VERIFY_PAGE_SIZE + 2]!;
    const intact = await verdicts(() => {}, head);
    expect(intact.reference).toMatchObject({ ok: true, containsHead: true });
    expect(intact.fast).toEqual(intact.reference);

    const truncated = await verdicts(
      (raw) => raw.prepare("delete from audit_events where seq > ?").run(VERIFY_PAGE_SIZE),
      head,
    );
    expect(truncated.reference).toEqual({
      ok: true,
      count: VERIFY_PAGE_SIZE,
      head: hashes[VERIFY_PAGE_SIZE - 1],
      firstBadSeq: null,
      containsHead: false,
    });
    expect(truncated.fast).toEqual(truncated.reference);

    const brokenBefore = await verdicts(
      (raw) => raw.prepare("update audit_events set action = 'forged' where seq = 3").run(),
      head,
    );
    expect(brokenBefore.reference).toMatchObject({ ok: false, firstBadSeq: 3, containsHead: false });
    expect(brokenBefore.fast).toEqual(brokenBefore.reference);
  });
});

describe("pages the fast path cannot vouch for", () => {
  it("are judged by the reference, and the fast path resumes after them", async () => {
    const { db } = await createTestDb();
    const sqlite = handle(db);
    // An event the app could write but SQLite would quote differently: an id that is not an integer.
    const events = Array.from({ length: VERIFY_PAGE_SIZE + 3 }, (_, i) => ordinaryEvent(i + 1));
    events[10] = { ...events[10]!, actor_id: 1.5 };
    const hashes = writeChain(sqlite, events);

    expect(checkChainPage(sqlite, 1, GENESIS_HASH)).toBeUndefined();
    expect(checkChainPage(sqlite, VERIFY_PAGE_SIZE + 1, hashes[VERIFY_PAGE_SIZE - 1]!)).toMatchObject({ count: 3 });
    const expected = { ok: true, count: events.length, head: hashes.at(-1), firstBadSeq: null, containsHead: true };
    expect(verifyAuditEvents(readRows(sqlite), { head: hashes.at(-1)! })).toEqual(expected);
    expect(await verifyAuditChain(db, { head: hashes.at(-1)! })).toEqual(expected);
  });

  it("include every page of a UTF-16 database, whose bytes are not the recipe's", async () => {
    const file = path.join(tempDir("utf16"), "utf16.sqlite");
    // The encoding is fixed when the first table is created, before the app ever opens the file.
    const raw = new SQLite(file);
    raw.pragma("encoding = 'UTF-16le'");
    raw.exec("create table made_utf16 (x)");
    raw.close();
    const db = createDb(file);
    try {
      await migrateToLatest(db);
      const sqlite = handle(db);
      expect(sqlite.pragma("encoding", { simple: true })).toBe("UTF-16le");
      const events = Array.from({ length: 20 }, (_, i) => ordinaryEvent(i + 1));
      const hashes = writeChain(sqlite, events);

      expect(checkChainPage(sqlite, 1, GENESIS_HASH)).toBeUndefined();
      const expected = { ok: true, count: events.length, head: hashes.at(-1), firstBadSeq: null, containsHead: true };
      expect(await verifyAuditChain(db, { head: hashes.at(-1)! })).toEqual(expected);
      // And the reference still catches a change there.
      sqlite.exec("drop trigger audit_events_no_update");
      sqlite.prepare("update audit_events set action = 'request.approve' where seq = 7").run();
      expect(await verifyAuditChain(db)).toMatchObject({ ok: false, firstBadSeq: 7 });
    } finally {
      await db.destroy();
    }
  });
});

describe("verifying while the app writes", () => {
  it("waits for a transaction open on the same connection and never sees what it rolls back", async () => {
    const { db } = await createTestDb();
    const first = await recordAuditEvent(db, { ...ordinaryInput, action: "request.log" });
    let release!: () => void;
    let appended!: () => void;
    const wasAppended = new Promise<void>((resolve) => (appended = resolve));
    const rolledBack = db
      .transaction()
      .execute(async (trx) => {
        await appendAuditEvent(trx, { ...ordinaryInput, action: "request.decide" });
        appended();
        await new Promise<void>((resolve) => (release = resolve));
        throw new Error("the decision failed");
      })
      .catch((error: Error) => error.message);
    await wasAppended;
    const verifying = verifyAuditChain(db);
    release();
    expect(await rolledBack).toBe("the decision failed");
    expect(await verifying).toEqual({ ok: true, count: 1, head: first.hash, firstBadSeq: null });
  });
});

const ordinaryInput: AuditEventInput = { ...LOGGED_EVENT, payload: { reference: "END-2026-0001" } };

describe("appending text the chain could not verify", () => {
  it("refuses a lone surrogate in any text, as canonicalize does in the payload", async () => {
    const { db } = await createTestDb();
    for (const field of ["actorRole", "action", "fromState", "toState"] as const) {
      await expect(recordAuditEvent(db, { ...ordinaryInput, [field]: "broken \ud800 text" })).rejects.toThrow(
        /lone UTF-16 surrogate/,
      );
    }
    await expect(recordAuditEvent(db, { ...ordinaryInput, payload: { note: "broken \udc00 text" } })).rejects.toThrow(
      /surrogate/i,
    );
    await recordAuditEvent(db, { ...ordinaryInput, actorRole: "paired 😀 surrogates" });
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 1 });
  });
});
