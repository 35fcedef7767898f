/**
 * `npm run bench [-- --json] [-- --sizes 1000,200000] [-- --quick] [-- --engine postgres]`:
 * builds databases of each size (cached between runs), then times the pages,
 * the transitions against a raw-write floor, chain verification against raw
 * SHA-256, and the production server under autocannon's load against a bare
 * node:http server (on PostgreSQL also two servers on one database; method and
 * figures: docs/benchmark.md). Progress goes to stderr; with --json, stdout
 * holds one JSON object.
 */
import os from "node:os";
import { benchDatabase, type BuiltDatabase } from "./build";
import { postgresEngine, sqliteEngine, type BenchDatabase, type BenchEngine, type Synchronous } from "./engines";
import { LOAD_GENERATOR, timeHttp, type HttpFigures, type HttpTarget } from "./http";
import { PAGE_NAMES, timePages } from "./pages";
import { round } from "./timing";
import {
  BENCH_APP_URL,
  escalatedRequests,
  splitWarmUp,
  managerOf,
  rawTransitions,
  realTransitions,
} from "./transitions";
import { timeVerification } from "./verify";
import { timeChainExport, type ExportFigures } from "./export";
import type { Engine } from "#db/client";

interface Options {
  json: boolean;
  quick: boolean;
  sizes: number[];
  engine: Engine;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = { json: false, quick: false, sizes: [1000, 200_000], engine: "sqlite" };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--json") options.json = true;
    else if (arg === "--quick") options.quick = true;
    else if (arg === "--engine") {
      const engine = argv[++i];
      if (engine !== "sqlite" && engine !== "postgres")
        throw new Error(`--engine takes sqlite or postgres (got "${engine}").`);
      options.engine = engine;
    } else if (arg === "--sizes" || arg.startsWith("--sizes=")) {
      const value = arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : argv[++i];
      const sizes = (value ?? "").split(",").map(Number);
      if (sizes.length !== 2 || sizes.some((n) => !Number.isInteger(n) || n < 50) || sizes[0]! >= sizes[1]!) {
        throw new Error(`--sizes takes two request counts, small then large, each at least 50 (got "${value}").`);
      }
      options.sizes = sizes;
    } else
      throw new Error(`Unknown option ${arg}. Use --json, --quick, --sizes SMALL,LARGE and --engine sqlite|postgres.`);
  }
  return options;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function timeBothSizes(
  small: BenchDatabase,
  large: BenchDatabase,
  sizes: number[],
  term: string,
  quick: boolean,
) {
  const [smallDb, largeDb] = [small.open(), large.open()];
  try {
    log(`Timing the pages at ${sizes.map((n) => n.toLocaleString("en-NZ")).join(" and ")} requests, in turn…`);
    return await timePages(smallDb, largeDb, term, quick ? { runs: 20, maxMs: 300 } : { runs: 400, maxMs: 12_000 });
  } finally {
    await smallDb.destroy();
    await largeDb.destroy();
  }
}

async function transitionsAt(target: BenchDatabase, managerId: number, quick: boolean) {
  const manager = await managerOf(target, managerId);
  const escalated = await escalatedRequests(target);
  const modes: Synchronous[] = ["FULL", "NORMAL"];
  // Four timed runs (real and raw, per mode) and one untimed of each path first, each on requests of
  // its own; the first fifth of each run warms it up too.
  const perRun = Math.min(quick ? 5 : 250, Math.floor(escalated.length / (modes.length * 2 + 2)));
  if (perRun < 2) throw new Error(`Too few escalated requests (${escalated.length}) to time transitions.`);
  const slices = Array.from({ length: modes.length * 2 + 2 }, (_, i) => escalated.slice(i * perRun, (i + 1) * perRun));
  // Whichever path is timed first would otherwise pay alone for the JIT's warm-up of the process
  // (probe: of three rounds in a row, the first always had the lowest ratio).
  log(`Transitions: ${perRun * 2} untimed through each path first, so neither is timed cold…`);
  await realTransitions(target, "FULL", slices[modes.length * 2]!, manager);
  await rawTransitions(target, "FULL", slices[modes.length * 2 + 1]!, manager, BENCH_APP_URL);
  const rates: Record<string, number> = {};
  for (const [m, mode] of modes.entries()) {
    log(
      `Transitions, synchronous=${mode}: ${perRun * 2} through applyRequestEvent (the first fifth untimed), then as raw writes…`,
    );
    rates[`real_${mode}`] = await realTransitions(target, mode, slices[m * 2]!, manager);
    rates[`raw_${mode}`] = await rawTransitions(target, mode, slices[m * 2 + 1]!, manager, BENCH_APP_URL);
    log(`  ${round(rates[`real_${mode}`]!, 1)} /s through the command path; ${round(rates[`raw_${mode}`]!, 1)} /s raw`);
  }
  return {
    transitions_per_s: round(rates.real_FULL!, 1),
    transitions_raw_per_s: round(rates.raw_FULL!, 1),
    transitions_ratio: round(rates.real_FULL! / rates.raw_FULL!),
    transitions_normal_per_s: round(rates.real_NORMAL!, 1),
    transitions_raw_normal_per_s: round(rates.raw_NORMAL!, 1),
    transitions_normal_ratio: round(rates.real_NORMAL! / rates.raw_NORMAL!),
    transitions_timed: (perRun - splitWarmUp(slices[0]!)[0].length) * 2,
  };
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  // In --json mode stdout carries the JSON alone, whatever a library might print.
  if (options.json) console.log = console.error;
  const [smallSize, largeSize] = options.sizes as [number, number];

  const smallBuild = await benchDatabase(smallSize, log);
  const largeBuild = await benchDatabase(largeSize, log);
  const engine = options.engine === "postgres" ? await postgresEngine(log) : sqliteEngine();
  try {
    const [small, large] = [await engine.reading(smallBuild), await engine.reading(largeBuild)];
    const result = await measure(engine, small, large, options, [smallBuild, largeBuild]);
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else printReport(result);
  } finally {
    await engine.close();
  }
}

async function measure(
  engine: BenchEngine,
  small: BenchDatabase,
  large: BenchDatabase,
  options: Options,
  builds: [BuiltDatabase, BuiltDatabase],
) {
  const { managerId, term } = builds[1];
  const { small: smallPages, large: largePages } = await timeBothSizes(
    small,
    large,
    options.sizes,
    term,
    options.quick,
  );
  const pages = Object.fromEntries(
    PAGE_NAMES.map((name) => {
      const s = smallPages.timings[name];
      const l = largePages.timings[name];
      return [
        name,
        {
          small_ms: s.median_ms,
          large_ms: l.median_ms,
          ratio: round(l.median_ms / s.median_ms, 2),
          small_p95_ms: s.p95_ms,
          large_p95_ms: l.p95_ms,
          runs: [s.runs, l.runs],
        },
      ];
    }),
  );

  log(`Copying the ${options.sizes[1]!.toLocaleString("en-NZ")}-request database for the commands to write to…`);
  const copy = await engine.writableCopy(large);
  const transitions = await transitionsAt(copy, managerId, options.quick);

  log(`Verifying the audit chain of ${options.sizes[1]!.toLocaleString("en-NZ")} requests…`);
  const verify = await timeVerification(large);
  log(
    `  ${verify.events.toLocaleString("en-NZ")} events, ok ${verify.ok}: ${verify.verify_events_per_s} /s; raw SHA-256 ${verify.sha256_events_per_s} /s`,
  );
  if (!verify.ok) throw new Error("The bench database's audit chain does not verify.");

  log(`Exporting the whole chain as /audit/export.json streams it…`);
  const chainExport = await timeChainExport(copy, managerId);

  await markEmailsSent(copy);
  const targets: HttpTarget[] = [
    { name: "queue", path: "/queue" },
    { name: "dossier", path: `/audit/requests/${largePages.dossierReference}` },
  ];
  const load = (servers: number) =>
    timeHttp(copy, managerId, targets, {
      servers,
      connections: 10,
      seconds: options.quick ? 1 : 10,
      requests: options.quick ? 20 : undefined,
      log,
    });
  const http: Record<string, HttpFigures> = await load(1);
  // Two app servers on one database is what PostgreSQL is for; SQLite serves one (DESIGN.md, "Beyond one machine").
  const twoServers = engine.engine === "postgres" ? { http_two_servers: await load(2) } : {};

  return {
    engine: engine.engine,
    sizes: options.sizes,
    pages,
    ...transitions,
    verify_events_per_s: verify.verify_events_per_s,
    sha256_events_per_s: verify.sha256_events_per_s,
    verify_ratio: round(verify.verify_events_per_s / verify.sha256_events_per_s),
    audit_events: verify.events,
    chain_export: chainExport,
    http,
    ...twoServers,
    details: {
      search_deep_page: [smallPages.deepPage, largePages.deepPage],
      search_text_matches: [smallPages.textMatches, largePages.textMatches],
      search_term: term,
      dossier_reference: [smallPages.dossierReference, largePages.dossierReference],
      build_seconds: builds.map((b) => (b.cached ? null : round(b.buildSeconds, 1))),
      load_generator: LOAD_GENERATOR,
      quick: options.quick,
    },
    machine: {
      cpus: os.cpus().length,
      cpu: os.cpus()[0]?.model ?? "unknown",
      memory_gb: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      platform: `${os.platform()} ${os.release()}`,
    },
  };
}

/** The emails the transitions queued are marked sent, so the server's dispatcher stays idle under load. */
async function markEmailsSent(target: BenchDatabase): Promise<void> {
  const db = target.open();
  try {
    await db
      .updateTable("outbox")
      .set((eb) => ({ status: "sent", sent_at: eb.ref("created_at") }))
      .where("status", "=", "pending")
      .execute();
  } finally {
    await db.destroy();
  }
}

type Report = {
  sizes: number[];
  pages: Record<string, { small_ms: number; large_ms: number; ratio: number; large_p95_ms: number }>;
  transitions_per_s: number;
  transitions_raw_per_s: number;
  transitions_ratio: number;
  transitions_normal_per_s: number;
  transitions_raw_normal_per_s: number;
  transitions_normal_ratio: number;
  verify_events_per_s: number;
  sha256_events_per_s: number;
  verify_ratio: number;
  chain_export: ExportFigures;
  http: Record<string, HttpFigures>;
};

function printReport(r: Report) {
  const ok = (met: boolean) => (met ? "met" : "NOT met");
  const lines = [
    `Pages (median ms; ${r.sizes[0]} vs ${r.sizes[1]} requests; target ratio ≤ 1.5):`,
    ...Object.entries(r.pages).map(
      ([name, p]) =>
        `  ${name.padEnd(14)} ${String(p.small_ms).padStart(9)} ${String(p.large_ms).padStart(9)}  ratio ${p.ratio}  (p95 ${p.large_p95_ms})  ${ok(p.ratio <= 1.5)}`,
    ),
    `Transitions, synchronous=FULL:   ${r.transitions_per_s}/s vs raw ${r.transitions_raw_per_s}/s, ratio ${r.transitions_ratio}  ${ok(r.transitions_ratio >= 0.4)}`,
    `Transitions, synchronous=NORMAL: ${r.transitions_normal_per_s}/s vs raw ${r.transitions_raw_normal_per_s}/s, ratio ${r.transitions_normal_ratio}`,
    `Verification: ${r.verify_events_per_s} events/s vs raw SHA-256 ${r.sha256_events_per_s}/s, ratio ${r.verify_ratio} (no target)`,
    `Chain export (JSON): ${r.chain_export.export_events} events, ${r.chain_export.export_mb} MB in ${r.chain_export.export_seconds} s; RSS ${r.chain_export.export_rss_before_mb} MB before, peak ${r.chain_export.export_rss_peak_mb} MB`,
    `HTTP (10 connections):`,
    ...Object.entries(r.http).map(
      ([name, h]) =>
        `  ${name.padEnd(8)} ${h.rps} req/s, p99 ${h.p99_ms} ms (${ok(h.p99_ms <= 150)}); bare node:http ${h.bare_rps} req/s; ratio ${h.ratio}  [${h.path}]`,
    ),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}

main().catch((error: unknown) => {
  console.error("The benchmark failed:", error);
  process.exit(1);
});
