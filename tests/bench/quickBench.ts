import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";

/**
 * `npm run bench` is not part of the suite, but it must keep working on both
 * engines: it runs at a tiny size, and only the shape of what it prints is
 * checked — never a timing.
 */

export interface QuickBench {
  status: number | null;
  stdout: string;
  stderr: string;
  /** The JSON it printed; throws when stdout is not one JSON object alone. */
  result(): Record<string, unknown>;
}

/** `npm run -s bench -- --sizes 50,200 --quick --json [extra]`, in a temp folder of its own (no cached build reused or left). */
export function runQuickBench(extra: string[] = []): QuickBench {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-bench-test-"));
  try {
    const run = spawnSync(
      process.execPath,
      [
        path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs"),
        "bench/main.ts",
        "--sizes",
        "50,200",
        "--quick",
        "--json",
        ...extra,
      ],
      { cwd: PROJECT_ROOT, env: { ...process.env, TMPDIR: tmp }, encoding: "utf8", timeout: 560_000 },
    );
    const stdout = String(run.stdout);
    return {
      status: run.status,
      stdout,
      stderr: String(run.stderr),
      result: () => {
        const lines = stdout.trim().split("\n");
        expect(lines).toHaveLength(1);
        return JSON.parse(lines[0]!) as Record<string, unknown>;
      },
    };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The keys `--json` prints on SQLite; PostgreSQL prints the same and `http_two_servers`. */
export const BENCH_KEYS = [
  "audit_events",
  "chain_export",
  "details",
  "engine",
  "http",
  "machine",
  "pages",
  "sha256_events_per_s",
  "sizes",
  "transitions_normal_per_s",
  "transitions_normal_ratio",
  "transitions_per_s",
  "transitions_ratio",
  "transitions_raw_normal_per_s",
  "transitions_raw_per_s",
  "transitions_timed",
  "verify_events_per_s",
  "verify_ratio",
];

/** Every page with small, large and ratio, and every rate, each a positive number. */
export function expectPagesAndRates(result: Record<string, unknown>): void {
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
  // The whole chain exported as the route streams it, through the export's own event.
  const chainExport = result.chain_export as Record<string, number>;
  expect(chainExport.export_events).toBeGreaterThan(200);
  expect(chainExport.export_rss_peak_mb).toBeGreaterThanOrEqual(chainExport.export_rss_before_mb!);
}

/** The signed-in queue and a dossier loaded over HTTP beside a bare server, every response a 200. */
export function expectHttpFigures(http: unknown): void {
  const targets = http as Record<string, Record<string, unknown>>;
  expect(Object.keys(targets).sort()).toEqual(["dossier", "queue"]);
  for (const target of Object.values(targets)) {
    for (const key of ["rps", "p99_ms", "bare_rps"]) {
      expect(typeof target[key]).toBe("number");
      expect(target[key] as number).toBeGreaterThan(0);
    }
    // Every response was a 200: the manager was signed in, not sent to /login.
    expect(target.errors).toBe(0);
  }
}
