import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { createDb, openSqlite } from "#db/client";
import { verifyAuditChain } from "~/audit/audit.server";
import { buildDatabase } from "../../bench/build";
import { BENCH_KEYS, expectHttpFigures, expectPagesAndRates, runQuickBench, type QuickBench } from "./quickBench";

describe("npm run -s bench -- --sizes 50,200 --quick --json", () => {
  let run: QuickBench;
  beforeAll(() => {
    run = runQuickBench();
  }, 600_000);

  it("prints one JSON object on stdout and nothing else, with the SQLite keys", () => {
    expect(run.status, run.stderr).toBe(0);
    const result = run.result();
    expect(Object.keys(result).sort()).toEqual(BENCH_KEYS);
    expect(result.engine).toBe("sqlite");
  });

  it("has the sizes, every page with small, large and ratio, and the rates", () => {
    expectPagesAndRates(run.result());
  });

  it("loads the signed-in queue and a dossier over HTTP, beside a bare server", () => {
    expectHttpFigures(run.result().http);
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
