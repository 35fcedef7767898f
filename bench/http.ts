import { spawn, type ChildProcess } from "node:child_process";
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createCookie } from "@remix-run/node";
import { openSqlite } from "#db/client";
import { quantile, round } from "./timing";
import { PROJECT_ROOT } from "~/cli/paths";

/**
 * Load over HTTP. autocannon is not a dependency, so this is a small load
 * generator of its own: `connections` keep-alive sockets, each sending its
 * next request as soon as the last response has been read in full, for
 * `seconds`; requests per second and latency percentiles.
 */

export interface LoadResult {
  requests: number;
  errors: number;
  rps: number;
  p50_ms: number;
  p99_ms: number;
}

export async function runLoad(
  url: string,
  options: { connections: number; seconds: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.connections });
  const latencies: number[] = [];
  let errors = 0;
  const get = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(url, { agent, headers: options.headers }, (res) => {
        res.on("data", () => undefined);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.on("error", reject);
      });
      req.on("error", reject);
    });
  const started = performance.now();
  const until = started + options.seconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const t = performance.now();
      try {
        const status = await get();
        if (status === 200) latencies.push(performance.now() - t);
        else errors++;
      } catch {
        errors++;
      }
    }
  };
  await Promise.all(Array.from({ length: options.connections }, worker));
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    rps: round(latencies.length / elapsed, 1),
    p50_ms: round(quantile(latencies, 0.5)),
    p99_ms: round(quantile(latencies, 0.99)),
  };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

interface Started {
  child: ChildProcess;
  stop: () => Promise<void>;
}

/** Starts a child in its own process group, its output sent to `log`; stopped by its id alone. */
function startChild(command: string, args: string[], env: NodeJS.ProcessEnv, log: (line: string) => void): Started {
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"], detached: true });
  const forward = (d: Buffer) => {
    for (const line of d.toString().split("\n")) if (line.trim()) log(`  [server] ${line}`);
  };
  child.stdout!.on("data", forward);
  child.stderr!.on("data", forward);
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, signal);
    } catch {
      /* already gone */
    }
  };
  const onExit = () => kill("SIGKILL");
  process.once("exit", onExit);
  return {
    child,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        kill("SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      kill("SIGKILL");
      process.removeListener("exit", onExit);
    },
  };
}

async function waitForServer(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null)
      throw new Error(`The server exited with ${child.exitCode} before serving (see its output above).`);
    try {
      const res = await fetch(url);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`The server did not serve ${url} within ${timeoutMs / 1000} s.`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Untimed load before each timed run, for the JIT and caches: a third of the timed run, at most 3 s. */
function warmSeconds(options: { seconds: number }): number {
  return Math.min(3, options.seconds / 3);
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

/**
 * Serves `file` as in production (`npm start`'s entry point, NODE_ENV=production,
 * SESSION_SECRET and APP_URL set), signs the manager in with a session row, and
 * loads each target; then a bare node:http server returning the same bytes.
 */
export async function timeHttp(
  file: string,
  managerId: number,
  targets: readonly HttpTarget[],
  options: { connections: number; seconds: number; log: (line: string) => void },
): Promise<Record<string, HttpFigures>> {
  const { log } = options;
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const secret = randomBytes(32).toString("hex");
  const emailDir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-bench-eml-"));
  const tsx = path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");
  log(`Starting the production server on ${origin} (builds first when the build is stale)…`);
  const server = startChild(
    process.execPath,
    [tsx, path.join("app", "cli", "start.ts")],
    {
      ...process.env,
      NODE_ENV: "production",
      SESSION_SECRET: secret,
      APP_URL: origin,
      HOST: "127.0.0.1",
      PORT: String(port),
      DATABASE_PATH: file,
      EMAIL_DIR: emailDir,
      JOBS_INTERVAL_SECONDS: "3600",
    },
    log,
  );
  const results: Record<string, HttpFigures> = {};
  try {
    await waitForServer(`${origin}/login`, server.child, 600_000);
    // Let the job loop's first pass (one second after start) finish before loading.
    await new Promise((r) => setTimeout(r, 2500));
    const cookie = await signIn(file, managerId, secret);
    const headers = { Cookie: cookie };
    for (const target of targets) {
      const sample = await fetch(`${origin}${target.path}`, { headers, redirect: "manual" });
      const body = Buffer.from(await sample.arrayBuffer());
      if (sample.status !== 200)
        throw new Error(`GET ${target.path} answered ${sample.status}, not 200: ${body.toString().slice(0, 300)}`);
      log(
        `Loading ${target.path} (${body.length.toLocaleString("en-NZ")} bytes): ${options.connections} connections for ${options.seconds} s, after ${warmSeconds(options)} s untimed…`,
      );
      // A server in use is warm: each worker's JIT has compiled the page's code before it is timed.
      await runLoad(`${origin}${target.path}`, { ...options, headers, seconds: warmSeconds(options) });
      const app = await runLoad(`${origin}${target.path}`, { ...options, headers });
      const bare = await bareServerLoad(body, sample.headers.get("content-type") ?? "text/html", options);
      results[target.name] = {
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
      log(`  ${target.name}: ${app.rps} req/s, p99 ${app.p99_ms} ms; bare node:http ${bare.rps} req/s`);
    }
  } finally {
    await server.stop();
    fs.rmSync(emailDir, { recursive: true, force: true });
  }
  return results;
}

/** A session row for the manager, as sign-in would write it, and the signed cookie that names it. */
async function signIn(file: string, userId: number, secret: string): Promise<string> {
  const token = randomBytes(32).toString("base64url");
  const at = new Date().toISOString();
  const sqlite = openSqlite(file);
  try {
    sqlite
      .prepare("insert into sessions (id, user_id, csrf_token, created_at, last_seen_at) values (?, ?, ?, ?, ?)")
      .run(createHash("sha256").update(token).digest("hex"), userId, randomBytes(32).toString("base64url"), at, at);
  } finally {
    sqlite.close();
  }
  // The production cookie (app/auth/session.server.ts): __Host- prefixed, signed with SESSION_SECRET.
  const cookie = createCookie("__Host-tautoko_session", {
    httpOnly: true,
    sameSite: "lax",
    secure: true,
    path: "/",
    secrets: [secret],
  });
  return (await cookie.serialize(token)).split(";")[0]!;
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

/** The same bytes from a bare node:http server in its own process, under the same load. */
async function bareServerLoad(
  body: Buffer,
  contentType: string,
  options: { connections: number; seconds: number; log: (line: string) => void },
): Promise<LoadResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-bench-bare-"));
  const bodyFile = path.join(dir, "body");
  fs.writeFileSync(bodyFile, body);
  const port = await freePort();
  const bare = startChild(
    process.execPath,
    ["-e", BARE_SERVER],
    { ...process.env, BODY_FILE: bodyFile, CONTENT_TYPE: contentType, PORT: String(port) },
    () => undefined,
  );
  try {
    await waitForServer(`http://127.0.0.1:${port}/`, bare.child, 30_000);
    await runLoad(`http://127.0.0.1:${port}/`, { ...options, seconds: warmSeconds(options) });
    return await runLoad(`http://127.0.0.1:${port}/`, options);
  } finally {
    await bare.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
