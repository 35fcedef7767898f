import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { openSqlite } from "#db/client";
import { buildDatabase } from "~/bench/bulk.server";
import { measureVerifyBound, storeHashedBytes, verifyLean, verifyStoredBytes } from "~/bench/verifyBound.server";
import { PROJECT_ROOT } from "~/cli/paths";

/**
 * The stored-bytes and lean verifiers are experiments that bound what chain
 * verification could reach; their figures only mean something if they verify
 * as strictly as the app does. So: each accepts a real chain, and finds a
 * changed byte, a broken link, a gap and a value of the wrong type. No timing
 * is asserted.
 */

let dir: string;
let source: string;
let stored: string;
let events: number;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-verify-bound-test-"));
  source = path.join(dir, "bench.sqlite");
  await buildDatabase(source, 60, () => undefined);
  const sqlite = openSqlite(source, { readonly: true });
  events = sqlite.prepare("select count(*) from audit_events").pluck().get() as number;
  sqlite.close();
}, 60_000);

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

beforeEach(() => {
  stored = path.join(dir, "stored.sqlite");
  expect(storeHashedBytes(source, stored)).toBe(events);
});

/** Runs `change` on the stored tables, then verifies them with `verify` (the stored bytes' verifier unless told). */
function verifyAfter(change: string, ...params: unknown[]) {
  return verifyWith(verifyStoredBytes, change, ...params);
}

function verifyWith(verify: typeof verifyStoredBytes, change: string, ...params: unknown[]) {
  const sqlite = openSqlite(stored);
  try {
    sqlite.prepare(change).run(...params);
    return verify(sqlite);
  } finally {
    sqlite.close();
  }
}

describe("the stored-bytes verifier", () => {
  it("stores what the chain hashes, and accepts the intact chain", () => {
    const sqlite = openSqlite(stored, { readonly: true });
    expect(verifyStoredBytes(sqlite)).toEqual({ ok: true, count: events, firstBadSeq: null });
    const [first] = sqlite.prepare("select bytes from stored where seq = 1").pluck().all() as Buffer[];
    sqlite.close();
    // The first event: its hash, then 64 zeros, then C.
    expect(first!.toString("utf8", 64, 128)).toBe("0".repeat(64));
    expect(first!.toString("utf8", 128, 139)).toBe('{"action":"');
    expect(events).toBeGreaterThan(200);
  });

  it("finds a changed byte in an event's JSON", () => {
    const seq = Math.floor(events / 2);
    // The last byte of C, `}`, becomes a space.
    expect(
      verifyAfter(
        "update stored set bytes = cast(substr(bytes, 1, length(bytes) - 1) || ' ' as blob) where seq = ?",
        seq,
      ),
    ).toEqual({
      ok: false,
      count: events,
      firstBadSeq: seq,
    });
  });

  it("finds an event whose prev_hash is not the previous hash, even when its own hash is recomputed", () => {
    const sqlite = openSqlite(stored);
    const seq = 7;
    const bytes = sqlite.prepare("select bytes from stored where seq = ?").pluck().get(seq) as Buffer;
    const hashed = Buffer.concat([Buffer.from("f".repeat(64)), bytes.subarray(128)]);
    const rehashed = Buffer.concat([Buffer.from(crypto.createHash("sha256").update(hashed).digest("hex")), hashed]);
    sqlite.close();
    expect(verifyAfter("update stored set bytes = ? where seq = ?", rehashed, seq)).toMatchObject({
      ok: false,
      firstBadSeq: seq,
    });
  });

  it("finds a missing event, and a value that is not a blob", () => {
    expect(verifyAfter("delete from stored where seq = ?", 30).ok).toBe(false);
    storeHashedBytes(source, stored);
    expect(verifyAfter("update stored set bytes = cast(bytes as text) where seq = ?", 3).ok).toBe(false);
  });
});

describe("the lean verifier", () => {
  const verifyLeanAfter = (change: string, ...params: unknown[]) => verifyWith(verifyLean, change, ...params);

  it("stores C and the hash, and accepts the intact chain", () => {
    const sqlite = openSqlite(stored, { readonly: true });
    expect(verifyLean(sqlite)).toEqual({ ok: true, count: events, firstBadSeq: null });
    const [hash, c] = sqlite.prepare("select hash, event_json from lean where seq = 2").raw().get() as [string, string];
    const previous = sqlite.prepare("select hash from lean where seq = 1").pluck().get() as string;
    sqlite.close();
    // The recipe: the hash before it, then C.
    expect(
      crypto
        .createHash("sha256")
        .update(previous + c)
        .digest("hex"),
    ).toBe(hash);
  });

  it("finds a changed byte in an event's JSON, at that event", () => {
    const seq = Math.floor(events / 2);
    expect(
      verifyLeanAfter(
        "update lean set event_json = substr(event_json, 1, length(event_json) - 1) || ' ' where seq = ?",
        seq,
      ),
    ).toEqual({
      ok: false,
      count: events,
      firstBadSeq: seq,
    });
  });

  it("finds a hash that is not the one computed, even when the next event's is recomputed over it", () => {
    const sqlite = openSqlite(stored);
    const seq = 9;
    const next = sqlite
      .prepare("select event_json from lean where seq = ?")
      .pluck()
      .get(seq + 1) as string;
    const forged = "f".repeat(64);
    sqlite.prepare("update lean set hash = ? where seq = ?").run(forged, seq);
    sqlite.prepare("update lean set hash = ? where seq = ?").run(
      crypto
        .createHash("sha256")
        .update(forged + next)
        .digest("hex"),
      seq + 1,
    );
    expect(verifyLean(sqlite)).toMatchObject({ ok: false, firstBadSeq: seq });
    sqlite.close();
  });

  it("finds a character moved from a hash into the next event's JSON, where the joined bytes are unchanged", () => {
    const seq = 12;
    const prependLastCharOfHash =
      "update lean set event_json = (select substr(hash, 64) from lean where seq = ?) || event_json where seq = ?";
    expect(verifyLeanAfter(prependLastCharOfHash, seq, seq + 1).ok).toBe(false);
    storeHashedBytes(source, stored);
    const both = openSqlite(stored);
    both.prepare(prependLastCharOfHash).run(seq, seq + 1);
    both.prepare("update lean set hash = substr(hash, 1, 63) where seq = ?").run(seq);
    // Joined, the bytes are exactly as before: only the per-row length of the hash shows the change.
    expect(verifyLean(both)).toMatchObject({ ok: false, firstBadSeq: 1 });
    both.close();
  });

  it("finds a missing event, and a value that is not a text", () => {
    expect(verifyLeanAfter("delete from lean where seq = ?", 30).ok).toBe(false);
    storeHashedBytes(source, stored);
    expect(verifyLeanAfter("update lean set event_json = cast(event_json as blob) where seq = ?", 3)).toMatchObject({
      ok: false,
      firstBadSeq: 1,
    });
  });
});

describe("measureVerifyBound", () => {
  it("times every verifier and the floor over every event, all chains verified", () => {
    const bound = measureVerifyBound(source, stored, 1);
    expect(bound.events).toBe(events);
    const keys = [
      "app_us_per_event",
      "stored_bytes_us_per_event",
      "lean_us_per_event",
      "sha256_us_per_event",
      "app_ratio",
      "stored_bytes_ratio",
      "lean_ratio",
    ] as const;
    for (const key of keys) {
      expect(bound[key], key).toBeGreaterThan(0);
    }
  });

  it("refuses to time a chain that does not verify", () => {
    verifyAfter("update stored set bytes = cast(substr(bytes, 1, length(bytes) - 1) || ' ' as blob) where seq = 5");
    expect(() => measureVerifyBound(source, stored, 1)).toThrow(/do not all verify/);
  });
});

describe("npm run -s bench:verify-bound -- --size 50 --rounds 1 --json", () => {
  it("prints one JSON object with the four rates", () => {
    // Its own temp folder, so the run neither reuses nor leaves a cached build elsewhere.
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-verify-bound-run-"));
    try {
      const run = spawnSync(
        process.execPath,
        [
          path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
          "app/cli/verify-bound.ts",
          "--size",
          "50",
          "--rounds",
          "1",
          "--json",
        ],
        { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp }, encoding: "utf8", timeout: 110_000 },
      );
      expect(run.status, run.stderr).toBe(0);
      const lines = run.stdout.trim().split("\n");
      expect(lines).toHaveLength(1);
      const result = JSON.parse(lines[0]!) as Record<string, number>;
      expect(result.events).toBeGreaterThan(0);
      expect(result.stored_bytes_ratio).toBeGreaterThan(0);
      expect(result.lean_ratio).toBeGreaterThan(0);
      expect(result.app_ratio).toBeGreaterThan(0);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  }, 120_000);
});
