import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";
import { freePort, startApp, type RunningApp } from "../helpers/server";

// `npm start` with WEB_CONCURRENCY=2: a primary that migrates and runs the jobs, and two HTTP
// workers sharing the port and the SQLite file (production's default is one worker per core).

interface Proc {
  pid: number;
  ppid: number;
  args: string;
}

function processes(): Proc[] {
  return execFileSync("ps", ["-eo", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3]! }));
}

/** The node processes running app/server/start.ts under this test's `npm start`: its primary and its workers. */
function appProcesses(app: RunningApp): { primary: number | undefined; workers: number[] } {
  const all = processes();
  const descendants = new Set([app.pid]);
  // ps lists parents before children only by chance, so widen the set until it stops growing.
  for (let grew = true; grew;) {
    grew = false;
    for (const p of all) {
      if (!descendants.has(p.pid) && descendants.has(p.ppid)) {
        descendants.add(p.pid);
        grew = true;
      }
    }
  }
  const ours = all.filter(
    (p) => descendants.has(p.pid) && p.args.includes("--import") && p.args.includes("app/server/start.ts"),
  );
  const primary = ours.find((p) => !ours.some((o) => o.pid === p.ppid));
  return { primary: primary?.pid, workers: ours.filter((p) => p.ppid === primary?.pid).map((p) => p.pid) };
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("npm start with two HTTP workers", () => {
  let app: RunningApp;
  let cookie: string;
  beforeAll(async () => {
    app = await startApp({ WEB_CONCURRENCY: "2" });
    const signIn = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ email: "manager@tautoko.example", password: "tautoko-demo-2026" }),
      redirect: "manual",
    });
    expect(signIn.status).toBe(302);
    cookie = signIn.headers.get("set-cookie")!.split(";")[0]!;
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  /** The queue, each time on a new connection, as separate visitors would come (the primary deals connections out in turn). */
  const queueOnce = () =>
    new Promise<number>((resolve, reject) => {
      const req = http.get(`${app.url}/queue`, { agent: false, headers: { Cookie: cookie } }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => resolve(res.statusCode === 200 && body.includes("END-") ? 200 : (res.statusCode ?? 0)));
      });
      req.on("error", reject);
    });
  const queueAnswers = async (times: number) => {
    const statuses: number[] = [];
    for (let i = 0; i < times; i++) statuses.push(await queueOnce());
    return statuses;
  };

  it("serves from both workers, each knowing a session the other began", async () => {
    // The first worker to listen answers the start-up check; the banner waits for both.
    await until("both workers to listen", () => app.output().includes("with 2 HTTP workers"));
    const { workers } = await until("two workers", () => {
      const found = appProcesses(app);
      return found.workers.length === 2 && found;
    });
    expect(workers).toHaveLength(2);
    // Each request on a new connection, and connections go to the workers in turn, so twenty reach both.
    expect(await queueAnswers(20)).toEqual(Array(20).fill(200));
  });

  it("replaces a worker that dies, and keeps serving", async () => {
    const before = appProcesses(app);
    const victim = before.workers[0]!;
    process.kill(victim, "SIGKILL");
    const after = await until("a replacement worker", () => {
      const found = appProcesses(app);
      return found.workers.length === 2 && !found.workers.includes(victim) && found;
    });
    expect(after.primary).toBe(before.primary);
    // The primary's lines reach this test through npm's pipe, after the new process may already be seen.
    await until("the primary to report the exit", () =>
      app.output().includes("An HTTP worker exited (signal SIGKILL); starting another."),
    );
    await until("the replacement to listen", () => app.output().includes("The replacement HTTP worker is serving."));
    expect(await queueAnswers(10)).toEqual(Array(10).fill(200));
  });

  it("stops every worker when the primary is asked to stop", async () => {
    const { primary, workers } = appProcesses(app);
    expect(primary).toBeDefined();
    process.kill(primary!, "SIGTERM");
    await until("every process to exit", () => !alive(primary!) && workers.every((w) => !alive(w)), 15_000);
    await until("the primary to say it is stopping", () => app.output().includes("SIGTERM: stopping."));
  });
});

describe("npm start with two HTTP workers, when the port is taken", () => {
  it("exits with the reason instead of restarting workers for ever", async () => {
    const port = await freePort();
    const squatter = net.createServer().listen(port, "127.0.0.1");
    await new Promise((r) => squatter.once("listening", r));
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-port-"));
    try {
      const result = spawnSync("npm", ["start"], {
        cwd: PROJECT_ROOT,
        env: {
          ...process.env,
          NODE_ENV: "development",
          WEB_CONCURRENCY: "2",
          PORT: String(port),
          HOST: "127.0.0.1",
          DATABASE_PATH: path.join(dir, "t.sqlite"),
          EMAIL_DIR: path.join(dir, "eml"),
        },
        encoding: "utf8",
        timeout: 90_000,
      });
      expect(result.status, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toMatch(/EADDRINUSE/);
      expect(result.stderr).toMatch(/An HTTP worker exited \(code 1\) before it could serve/);
    } finally {
      squatter.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
