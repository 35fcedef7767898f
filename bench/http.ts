import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import autocannon from "autocannon";
import { openDatabase } from "#db/client";
import type { BenchDatabase } from "./engines";
import { round } from "./timing";
import { startSession } from "~/auth/session.server";
import { startApp, startServer, freePort } from "~/cli/runApp";
import { loadConfig } from "~/config.server";

/**
 * Load over HTTP with autocannon: `connections` keep-alive sockets for
 * `seconds`, after an untimed warm-up; latency of every response, whatever
 * its status, so a slow error page cannot hide.
 */

/** Named in the --json details, so figures can be compared with the load generator's version in mind. */
export const LOAD_GENERATOR = `autocannon ${(createRequire(import.meta.url)("autocannon/package.json") as { version: string }).version}`;

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  /** Responses other than 2xx, socket errors and timeouts. */
  errors: number;
}

export interface LoadOptions {
  /** Spread over the servers evenly (autocannon hands connections to its URLs in turn). */
  connections: number;
  seconds: number;
  /** When set, exactly this many responses instead of `seconds` of load: a loaded machine may answer none in a second. */
  requests?: number;
  log: (line: string) => void;
}

/** Untimed load before each timed run, for the JIT and caches: a third of the timed run, at most 3 s. */
function warmSeconds(options: { seconds: number }): number {
  return Math.min(3, options.seconds / 3);
}

export async function runLoad(
  url: string | string[],
  options: Omit<LoadOptions, "log"> & { headers?: Record<string, string> },
): Promise<LoadResult> {
  const { connections, seconds, headers } = options;
  // autocannon's warm-up option is missing from its published types.
  const warmup = { connections, duration: warmSeconds(options) };
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    // A fixed count only when asked for: autocannon refuses an amount of 0 beside a warm-up.
    ...(options.requests === undefined ? {} : { amount: options.requests }),
    headers,
    excludeErrorStats: false,
    warmup,
  } as autocannon.Options);
  return {
    // Completed responses over the run's length: the per-second average undercounts a run of a second or two.
    rps: round(result.requests.total / result.duration, 1),
    p50_ms: round(result.latency.p50),
    p99_ms: round(result.latency.p99),
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

export interface HttpTarget {
  name: string;
  path: string;
}

export interface HttpFigures {
  rps: number;
  p99_ms: number;
  p50_ms: number;
  errors: number;
  bare_rps: number;
  bare_p99_ms: number;
  ratio: number;
  path: string;
  bytes: number;
}

/** Prints a child's output to the bench's progress, line by line. */
const forwardTo = (log: (line: string) => void) => (text: string) => {
  for (const line of text.split("\n")) if (line.trim()) log(`  [server] ${line}`);
};

/**
 * Serves the database as in production (`npm start`, NODE_ENV=production)
 * from `servers` separate processes, each with its own workers, signs the
 * manager in through the app's own session code, and loads each target
 * across them; then as many bare node:http servers returning the same bytes.
 */
export async function timeHttp(
  database: BenchDatabase,
  managerId: number,
  targets: readonly HttpTarget[],
  options: LoadOptions & { servers: number },
): Promise<Record<string, HttpFigures>> {
  const { log } = options;
  const env = {
    NODE_ENV: "production",
    SESSION_SECRET: randomBytes(32).toString("hex"),
    JOBS_INTERVAL_SECONDS: "3600",
    ...database.serverEnv,
  };
  log(`Starting ${options.servers} production server(s) (builds first when the build is stale)…`);
  const servers = [];
  const results: Record<string, HttpFigures> = {};
  try {
    for (let n = 0; n < options.servers; n++)
      servers.push(await startApp(env, { timeoutMs: 600_000, onOutput: forwardTo(log) }));
    // Let the job loop's first pass (one second after start) finish before loading.
    await new Promise((r) => setTimeout(r, 2500));
    // One session serves every server: they share the database and the session secret.
    const headers = { Cookie: await signIn({ ...env, APP_URL: servers[0]!.url }, managerId) };
    for (const target of targets) {
      const urls = servers.map((server) => `${server.url}${target.path}`);
      results[target.name] = await loadTarget(urls, target, headers, options);
    }
  } finally {
    await Promise.all(servers.map((server) => server.stop()));
  }
  return results;
}

async function loadTarget(
  urls: string[],
  target: HttpTarget,
  headers: Record<string, string>,
  options: LoadOptions,
): Promise<HttpFigures> {
  const sample = await fetch(urls[0]!, { headers, redirect: "manual" });
  const body = Buffer.from(await sample.arrayBuffer());
  if (sample.status !== 200)
    throw new Error(`GET ${target.path} answered ${sample.status}, not 200: ${body.toString().slice(0, 300)}`);
  options.log(
    `Loading ${target.path} (${body.length.toLocaleString("en-NZ")} bytes): ${options.connections} connections for ${options.seconds} s, after ${round(warmSeconds(options), 1)} s untimed…`,
  );
  const app = await runLoad(urls, { ...options, headers });
  const bare = await bareServerLoad(body, sample.headers.get("content-type") ?? "text/html", urls.length, options);
  options.log(`  ${target.name}: ${app.rps} req/s, p99 ${app.p99_ms} ms; bare node:http ${bare.rps} req/s`);
  return {
    rps: app.rps,
    p99_ms: app.p99_ms,
    p50_ms: app.p50_ms,
    errors: app.errors,
    bare_rps: bare.rps,
    bare_p99_ms: bare.p99_ms,
    ratio: round(app.rps / bare.rps),
    path: target.path,
    bytes: body.length,
  };
}

/** The manager's session cookie, made by the app's own sign-in code with the server's configuration. */
async function signIn(env: Record<string, string>, userId: number): Promise<string> {
  const config = loadConfig(env);
  const db = openDatabase(config);
  try {
    const setCookie = await startSession({ db, config, now: () => new Date() }, userId);
    return setCookie.split(";")[0]!;
  } finally {
    await db.destroy();
  }
}

const BARE_SERVER = `
const http = require("node:http");
const fs = require("node:fs");
const body = fs.readFileSync(process.env.BODY_FILE);
const server = http.createServer((req, res) => {
  res.writeHead(200, { "Content-Type": process.env.CONTENT_TYPE, "Content-Length": body.length });
  res.end(body);
});
server.keepAliveTimeout = 65000;
server.listen(Number(process.env.PORT), "127.0.0.1", () => console.log("ready"));
`;

/** The same bytes from `count` bare node:http servers, each in its own process, under the same load. */
async function bareServerLoad(
  body: Buffer,
  contentType: string,
  count: number,
  options: LoadOptions,
): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-bench-bare-"));
  const bodyFile = path.join(dir, "body");
  fs.writeFileSync(bodyFile, body);
  const bares = [];
  try {
    for (let n = 0; n < count; n++) {
      const url = `http://127.0.0.1:${await freePort()}/`;
      const env = { ...process.env, BODY_FILE: bodyFile, CONTENT_TYPE: contentType, PORT: new URL(url).port };
      const server = await startServer({
        command: process.execPath,
        args: ["-e", BARE_SERVER],
        env,
        readyUrl: url,
        timeoutMs: 30_000,
      });
      bares.push({ url, server });
    }
    return await runLoad(
      bares.map((bare) => bare.url),
      options,
    );
  } finally {
    await Promise.all(bares.map((bare) => bare.server.stop()));
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
