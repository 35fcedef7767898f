import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import canonicalize from "canonicalize";
import { describe, expect, it } from "vitest";
import type { AuditEventRow } from "#db/schema";
import { runAuditVerify, withFiveEvents } from "../helpers/auditVerify";
import { createTestDb } from "../helpers/db";

// Each test spawns `tsx` for real, which is slow to start on a busy machine.
const SLOW = { timeout: 120_000 };

const auditVerify = (file: string, ...args: string[]) =>
  runAuditVerify({ DATABASE_PATH: file, DATABASE_URL: "" }, ...args);

/** Behind the app's back: drop the append-only triggers and change rows directly. */
function tamper(file: string, change: (sqlite: SQLite.Database) => void): void {
  const sqlite = new SQLite(file);
  try {
    sqlite.exec("drop trigger audit_events_no_update; drop trigger audit_events_no_delete;");
    change(sqlite);
  } finally {
    sqlite.close();
  }
}

/** The forger's rewrite: every hash from `fromSeq` on recomputed by the published recipe. */
function rehashFrom(sqlite: SQLite.Database, fromSeq: number): void {
  const rows = sqlite.prepare("select * from audit_events where seq >= ? order by seq").all(fromSeq) as AuditEventRow[];
  const before = sqlite.prepare("select hash from audit_events where seq = ?").get(fromSeq - 1) as
    { hash: string } | undefined;
  let prev = before?.hash ?? "0".repeat(64);
  for (const { prev_hash: _prev, hash: _hash, ...fields } of rows) {
    const hash = createHash("sha256")
      .update(prev + canonicalize({ ...fields, payload: JSON.parse(fields.payload) }))
      .digest("hex");
    sqlite.prepare("update audit_events set prev_hash = ?, hash = ? where seq = ?").run(prev, hash, fields.seq);
    prev = hash;
  }
}

describe("npm run audit:verify", () => {
  it("prints the chain's state and exits 0 when it is intact", SLOW, async () => {
    const { file, heads } = await withFiveEvents();
    const run = auditVerify(file);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`{"ok":true,"count":5,"head":"${heads[4]}","firstBadSeq":null}\n`);
  });

  it("finds an earlier head in an intact chain and exits 0", SLOW, async () => {
    const { file, heads } = await withFiveEvents();
    const run = auditVerify(file, "--head", heads[1]!);
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      count: 5,
      head: heads[4],
      firstBadSeq: null,
      containsHead: true,
    });
  });

  it("exits 1 and names the changed event when a row was changed", SLOW, async () => {
    const { file, heads } = await withFiveEvents();
    tamper(file, (sqlite) => sqlite.prepare("update audit_events set to_state = 'approved' where seq = 3").run());
    const run = auditVerify(file);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({ ok: false, count: 5, head: heads[4], firstBadSeq: 3 });
  });

  it("exits 1 when a payload was only reformatted", SLOW, async () => {
    const { file } = await withFiveEvents();
    tamper(file, (sqlite) =>
      sqlite
        .prepare(`update audit_events set payload = '{"reason": "Declined under the guidance, event 2"}' where seq = 2`)
        .run(),
    );
    const run = auditVerify(file);
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, firstBadSeq: 2 });
  });

  it("catches a rewrite with every later hash recomputed only against a head recorded earlier", SLOW, async () => {
    const { file, heads } = await withFiveEvents();
    tamper(file, (sqlite) => {
      sqlite.prepare("update audit_events set to_state = 'approved' where seq = 3").run();
      rehashFrom(sqlite, 3);
    });

    const plain = auditVerify(file);
    expect(plain.status).toBe(0);
    expect(JSON.parse(plain.stdout)).toMatchObject({ ok: true, count: 5, firstBadSeq: null });

    const against = auditVerify(file, "--head", heads[4]!);
    expect(against.status).toBe(1);
    expect(JSON.parse(against.stdout)).toMatchObject({ ok: true, count: 5, containsHead: false });

    // A head from before the rewritten event is still there.
    expect(auditVerify(file, "--head", heads[1]!).status).toBe(0);
  });

  it("catches a truncation against a head recorded earlier", SLOW, async () => {
    const { file, heads } = await withFiveEvents();
    tamper(file, (sqlite) => sqlite.prepare("delete from audit_events where seq > 3").run());
    const run = auditVerify(file, "--head", heads[4]!.toUpperCase());
    expect(run.status).toBe(1);
    expect(JSON.parse(run.stdout)).toEqual({
      ok: true,
      count: 3,
      head: heads[2],
      firstBadSeq: null,
      containsHead: false,
    });
  });

  it("exits 2 and creates nothing when the database is missing", SLOW, async () => {
    const { dir } = await createTestDb();
    const missing = path.join(dir, "nowhere", "tautoko.sqlite");
    const run = auditVerify(missing);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/no database/);
    expect(fs.existsSync(path.dirname(missing))).toBe(false);
  });

  it("exits 2 on a malformed --head", SLOW, async () => {
    const { file } = await withFiveEvents();
    const run = auditVerify(file, "--head", "not-a-hash");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toMatch(/64 hexadecimal/);
  });
});
