import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, openSqlite } from "#db/client";
import { verifyAuditChain } from "~/audit/audit.server";
import { buildDatabase } from "../../bench/build";
import { PROJECT_ROOT } from "~/cli/paths";

/**
 * `npm run bench` is not part of the suite, but it must keep working: it runs
 * here at a tiny size, and only the shape of what it prints is checked —
 * never a timing.
 */

describe("npm run -s bench -- --sizes 50,200 --quick --json", () => {
  let tmp: string;
  let run: ReturnType<typeof spawnSync>;

  beforeAll(() => {
    // Its own temp folder, so the run neither reuses nor leaves a cached build elsewhere.
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-bench-test-"));
    run = spawnSync(
      process.execPath,
      [
        path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        "bench/main.ts",
        "--sizes",
        "50,200",
        "--quick",
        "--json",
      ],
      { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp }, encoding: "utf8", timeout: 280_000 },
    );
  }, 300_000);

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("prints one JSON object on stdout and nothing else", () => {
    expect(run.status, String(run.stderr)).toBe(0);
    const lines = String(run.stdout).trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(() => JSON.parse(lines[0]!)).not.toThrow();
  });

  it("has the sizes, every page with small, large and ratio, and the rates", () => {
    const result = JSON.parse(String(run.stdout)) as Record<string, unknown>;
    expect(result.sizes).toEqual([50, 200]);
    const pages = result.pages as Record<string, Record<string, unknown>>;
    expect(Object.keys(pages).sort()).toEqual([
      "dossier",
      "queue",
      "register",
      "search_deep",
      "search_filter",
      "search_text",
    ]);
    for (const page of Object.values(pages)) {
      for (const key of ["small_ms", "large_ms", "ratio"]) {
        expect(typeof page[key]).toBe("number");
        expect(page[key] as number).toBeGreaterThan(0);
      }
    }
    for (const key of [
      "transitions_per_s",
      "transitions_raw_per_s",
      "transitions_normal_per_s",
      "verify_events_per_s",
      "sha256_events_per_s",
    ]) {
      expect(typeof result[key], key).toBe("number");
      expect(result[key] as number, key).toBeGreaterThan(0);
    }
  });

  it("loads the signed-in queue and a dossier over HTTP, beside a bare server", () => {
    const result = JSON.parse(String(run.stdout)) as { http: Record<string, Record<string, unknown>> };
    expect(Object.keys(result.http).sort()).toEqual(["dossier", "queue"]);
    for (const target of Object.values(result.http)) {
      for (const key of ["rps", "p99_ms", "bare_rps"]) {
        expect(typeof target[key]).toBe("number");
        expect(target[key] as number).toBeGreaterThan(0);
      }
      // Every response was a 200: the manager was signed in, not sent to /login.
      expect(target.errors).toBe(0);
    }
  });
});

describe("the bulk builder", () => {
  it("writes the issue's spread of states, versions and a valid audit chain", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-bench-build-"));
    try {
      const file = path.join(dir, "bench.sqlite");
      await buildDatabase(file, 4000, () => undefined);
      const sqlite = openSqlite(file, { readonly: true });
      const counts = Object.fromEntries(
        (
          sqlite.prepare("select state, count(*) as n from requests group by state").all() as Array<{
            state: string;
            n: number;
          }>
        ).map((r) => [r.state, r.n / 4000]),
      );
      // declined 55%, cancelled 5%, escalated 8%, drafting 4%, in review 3%, approved 15%, withdrawn 5%, expired 5% (± 2 points).
      const expected: Record<string, number> = {
        declined: 0.55,
        cancelled: 0.05,
        escalated: 0.08,
        drafting: 0.04,
        in_review: 0.03,
        approved: 0.15,
        withdrawn: 0.05,
        expired: 0.05,
      };
      for (const [state, share] of Object.entries(expected))
        expect(Math.abs((counts[state] ?? 0) - share), state).toBeLessThan(0.02);
      const byDefault = (
        sqlite.prepare("select count(*) as n from requests where declined_by_default = 1").get() as { n: number }
      ).n;
      expect(byDefault / 4000).toBeGreaterThan(0.15);
      expect(byDefault / 4000).toBeLessThan(0.22);
      const drafted = sqlite
        .prepare("select count(distinct request_id) as requests, count(*) as versions from endorsement_versions")
        .get() as { requests: number; versions: number };
      expect(drafted.versions / drafted.requests).toBeGreaterThan(1.7);
      expect(drafted.versions / drafted.requests).toBeLessThan(2.3);
      const term = (
        sqlite
          .prepare('select count(*) as n from request_search where request_search match \'"Kōwhai" "Ridge"\'')
          .get() as { n: number }
      ).n;
      expect(term).toBeGreaterThan(5);
      expect(term).toBeLessThan(40);
      const events = (sqlite.prepare("select count(*) as n from audit_events").get() as { n: number }).n;
      expect(events / 4000).toBeGreaterThan(4);
      expect(events / 4000).toBeLessThan(6);
      sqlite.close();

      const db = createDb(file);
      const verified = await verifyAuditChain(db);
      await db.destroy();
      expect(verified).toMatchObject({ ok: true, count: events, firstBadSeq: null });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
