import { createHash } from "node:crypto";
import { spawn } from "node:child_process";
import SQLite from "better-sqlite3";
import canonicalize from "canonicalize";
import fc from "fast-check";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { appendAuditEvent, recordAuditEvent, verifyAuditChain } from "~/audit/audit.server";
import { createTestDb, testEngine } from "../helpers/db";
import { asSuperuser } from "../helpers/postgres";
import { LOGGED_EVENT } from "../helpers/auditVerify";

const loggedRequest = LOGGED_EVENT;
// sha256("0" * 64 + the canonical JSON spelled out in tests/audit/chain.test.ts), by Python's hashlib.
const FIRST_EVENT_HASH = "516b0e0e731e37299153ab743d1017caec9db3970d7a77438f596b6d1371e51a";

describe("appending audit events", () => {
  it("numbers events from 1 and links each to the previous hash", async () => {
    const { db } = await createTestDb();
    const first = await recordAuditEvent(db, loggedRequest);
    await recordAuditEvent(db, { ...loggedRequest, at: "2026-11-24T22:51:00.000Z", action: "request.escalate" });
    await db.transaction().execute((trx) =>
      appendAuditEvent(trx, {
        ...loggedRequest,
        at: "2026-11-24T22:52:00.000Z",
        action: "request.decide",
        payload: {},
      }),
    );

    const rows = await db.selectFrom("audit_events").select(["seq", "prev_hash", "hash"]).orderBy("seq").execute();
    expect(first).toEqual({ seq: 1, hash: FIRST_EVENT_HASH });
    expect(rows.map((r) => r.seq)).toEqual([1, 2, 3]);
    expect(rows[0]!.prev_hash).toBe("0000000000000000000000000000000000000000000000000000000000000000");
    expect(rows[0]!.hash).toBe(FIRST_EVENT_HASH);
    expect(rows[1]!.prev_hash).toBe(rows[0]!.hash);
    expect(rows[2]!.prev_hash).toBe(rows[1]!.hash);
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 3, head: rows[2]!.hash, firstBadSeq: null });
  });

  it("hashes every event exactly as the published recipe does, whatever its payload and strings", async () => {
    // The recipe (README "The audit chain"): SHA-256 of prev_hash + RFC 8785 JSON of the other columns,
    // payload parsed. The app builds that text from the stored row; here it is rebuilt with canonicalize.
    const { db } = await createTestDb();
    const text = fc.string({ unit: "grapheme", maxLength: 30 });
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          action: text,
          actorRole: fc.option(text),
          fromState: fc.option(text),
          requestId: fc.option(fc.nat()),
          payload: fc.dictionary(text, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 6 }),
        }),
        async (e) => {
          const { seq, hash } = await recordAuditEvent(db, {
            ...loggedRequest,
            ...e,
            requestId: e.requestId,
            actorRole: e.actorRole,
            fromState: e.fromState,
          });
          const row = await db.selectFrom("audit_events").selectAll().where("seq", "=", seq).executeTakeFirstOrThrow();
          const { prev_hash, hash: stored, ...fields } = row;
          const recipe = createHash("sha256")
            .update(prev_hash + canonicalize({ ...fields, payload: JSON.parse(fields.payload) }))
            .digest("hex");
          expect(stored).toBe(hash);
          expect(stored).toBe(recipe);
        },
      ),
      { numRuns: 200 },
    );
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("stores the payload as canonical JSON text", async () => {
    const { db } = await createTestDb();
    await recordAuditEvent(db, { ...loggedRequest, payload: { z: 1, a: { y: null, b: "Tēnā koe" } } });
    const row = await db.selectFrom("audit_events").select("payload").executeTakeFirstOrThrow();
    expect(row.payload).toBe('{"a":{"b":"Tēnā koe","y":null},"z":1}');
  });

  it("rolls the event back with the caller's transaction", async () => {
    const { db } = await createTestDb();
    await expect(
      db.transaction().execute(async (trx) => {
        await appendAuditEvent(trx, loggedRequest);
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow("the state change failed");
    expect(await verifyAuditChain(db)).toEqual({ ok: true, count: 0, head: null, firstBadSeq: null });
  });

  it("refuses to append outside a transaction, and refuses a time that is not ISO-8601 UTC", async () => {
    const { db } = await createTestDb();
    await expect(appendAuditEvent(db, loggedRequest)).rejects.toThrow(/inside a transaction/);
    await expect(recordAuditEvent(db, { ...loggedRequest, at: "2026-11-25 11:50 NZDT" })).rejects.toThrow(
      /ISO-8601 UTC/,
    );
    expect((await verifyAuditChain(db)).count).toBe(0);
  });
});

describe("the database keeps audit_events append-only", () => {
  it.runIf(testEngine === "sqlite")("refuses UPDATE and DELETE through better-sqlite3", async () => {
    const { db, file } = await createTestDb();
    await recordAuditEvent(db, loggedRequest);
    const raw = new SQLite(file);
    try {
      expect(() => raw.prepare("update audit_events set action = 'forged' where seq = 1").run()).toThrow(/append-only/);
      expect(() => raw.prepare("delete from audit_events where seq = 1").run()).toThrow(/append-only/);
    } finally {
      raw.close();
    }
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 1, head: FIRST_EVENT_HASH });
  });

  it.runIf(testEngine === "postgres")(
    "refuses UPDATE, DELETE and TRUNCATE to a superuser's own session, and the owner holds none of them",
    async () => {
      const { db, databaseUrl } = await createTestDb();
      await recordAuditEvent(db, loggedRequest);
      const database = new URL(databaseUrl!).pathname.slice(1);
      await asSuperuser(async (c) => {
        for (const statement of [
          "update audit_events set action = 'forged' where seq = 1",
          "delete from audit_events where seq = 1",
          "truncate audit_events",
        ]) {
          await expect(c.query(statement)).rejects.toThrow(/append-only/);
        }
      }, database);
      const { rows } = await sql<{ privilege_type: string }>`select privilege_type
        from information_schema.table_privileges where table_name = 'audit_events' and grantee = current_user
        order by privilege_type`.execute(db);
      expect(rows.map((r) => r.privilege_type)).toEqual(["INSERT", "REFERENCES", "SELECT", "TRIGGER"]);
      expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 1, head: FIRST_EVENT_HASH });
    },
  );

  it("refuses UPDATE and DELETE through Kysely", async () => {
    const { db } = await createTestDb();
    await recordAuditEvent(db, loggedRequest);
    await expect(
      db.updateTable("audit_events").set({ action: "forged" }).where("seq", "=", 1).execute(),
    ).rejects.toThrow(/append-only/);
    await expect(db.deleteFrom("audit_events").execute()).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_events`.execute(db)).rejects.toThrow(/append-only/);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 1, head: FIRST_EVENT_HASH });
  });
});

/** Starts an appender process; resolves `ready` once it is connected, `done` when it has appended. */
function startAppender(env: Record<string, string>, name: string, count: number) {
  const child = spawn("npx", ["tsx", "tests/audit/fixtures/append-events.ts", name, String(count)], {
    env: { ...process.env, ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const failed = (code: number | null) => new Error(`appender ${name} exited ${code}: ${stderr}`);
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout.on("data", (chunk: Buffer) => chunk.toString().includes("ready") && resolve());
    child.on("exit", (code) => reject(failed(code)));
  });
  const done = new Promise<void>((resolve, reject) => {
    child.on("error", reject);
    child.on("exit", (code) => (code === 0 ? resolve() : reject(failed(code))));
  });
  return { ready, done, go: () => child.stdin.end("go\n") };
}

describe("concurrent appenders", () => {
  // Two processes, because better-sqlite3 waits for a lock synchronously: two
  // connections interleaved in one process would wait on each other until busy_timeout.
  it("keep seq contiguous and the chain valid", { timeout: 120_000 }, async () => {
    const { db, env } = await createTestDb();
    const appenders = [startAppender(env, "north", 40), startAppender(env, "south", 40)];
    await Promise.all(appenders.map((a) => a.ready));
    for (const appender of appenders) appender.go();
    await Promise.all(appenders.map((a) => a.done));

    const rows = await db.selectFrom("audit_events").select(["seq", "payload"]).orderBy("seq").execute();
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
    const names = rows.map((r) => (JSON.parse(r.payload) as { appender: string }).appender);
    expect(names.filter((n) => n === "north")).toHaveLength(40);
    expect(names.filter((n) => n === "south")).toHaveLength(40);
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true, count: 80, firstBadSeq: null });
  });
});
