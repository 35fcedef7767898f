import { beforeAll, describe, expect, it } from "vitest";
import { BENCH_KEYS, expectHttpFigures, expectPagesAndRates, runQuickBench, type QuickBench } from "./quickBench";

// On the suite's cluster (TEST_DATABASE_URL), which the bench uses instead of starting its own.
describe("npm run -s bench -- --engine postgres --sizes 50,200 --quick --json", () => {
  let run: QuickBench;
  beforeAll(() => {
    run = runQuickBench(["--engine", "postgres"]);
  }, 600_000);

  it("prints the same keys as on SQLite, and the figures with two app servers", () => {
    expect(run.status, run.stderr).toBe(0);
    const result = run.result();
    expect(Object.keys(result).sort()).toEqual([...BENCH_KEYS, "http_two_servers"].sort());
    expect(result.engine).toBe("postgres");
  });

  it("has every page and rate, measured on PostgreSQL", () => {
    expectPagesAndRates(run.result());
    // The servers said which database they served: PostgreSQL, not a SQLite file.
    expect(run.stderr).toMatch(/\[server\] Database: PostgreSQL 127\.0\.0\.1:\d+\/tautoko_bench_/);
  });

  it("loads the queue and a dossier through one app server and through two", () => {
    const result = run.result();
    expectHttpFigures(result.http);
    expectHttpFigures(result.http_two_servers);
    expect(run.stderr.match(/Starting 2 production server/g)).toHaveLength(1);
  });
});
