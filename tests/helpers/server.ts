import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "~/cli/paths";
import { createEmptyDatabase, databaseUrl, dropDatabase, postgresUrl } from "./postgres";

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningApp {
  url: string;
  /** The `npm start` process; the app's own processes are its descendants. */
  pid: number;
  dir: string;
  databasePath: string;
  /** On the PostgreSQL run, the app's own database; null on SQLite. */
  databaseUrl: string | null;
  output: () => string;
  /** kill -9 of the app and all its processes, as a crash would; resolves once `npm start` has exited. */
  crash: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * Starts the app as the README says (`npm start`) on a free loopback port with
 * its own empty database (on the PostgreSQL run, a database of its own on the
 * test cluster, unless `env` names one); stopped by the caller, and killed at
 * the latest when the test process exits.
 */
export async function startApp(env: Record<string, string> = {}): Promise<RunningApp> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-app-"));
  const databasePath = path.join(dir, "tautoko.sqlite");
  const ownDatabase = postgresUrl !== null && env.DATABASE_URL === undefined ? await createEmptyDatabase() : null;
  const appDatabaseUrl = env.DATABASE_URL ?? (ownDatabase === null ? null : databaseUrl(ownDatabase));
  const url = `http://127.0.0.1:${port}`;
  let log = "";
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "development",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      DATABASE_PATH: databasePath,
      ...(appDatabaseUrl === null ? {} : { DATABASE_URL: appDatabaseUrl }),
      EMAIL_DIR: path.join(dir, "eml"),
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  child.stdout!.on("data", (d: Buffer) => (log += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (log += d.toString()));
  const kill = () => {
    try {
      if (child.pid) process.kill(-child.pid, "SIGKILL");
    } catch {
      /* already gone */
    }
  };
  process.once("exit", kill);

  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${log}`);
    try {
      const res = await fetch(`${url}/login`);
      if (res.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      kill();
      throw new Error(`npm start did not serve within 120 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    dir,
    databasePath,
    databaseUrl: appDatabaseUrl,
    output: () => log,
    crash: async () => {
      const exited = new Promise((r) => (child.exitCode === null ? child.once("exit", r) : r(null)));
      kill();
      await exited;
    },
    stop: async () => {
      if (child.exitCode === null && child.pid) {
        const exited = new Promise((r) => child.once("exit", r));
        process.kill(-child.pid, "SIGTERM");
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      kill();
      process.removeListener("exit", kill);
      fs.rmSync(dir, { recursive: true, force: true });
      if (ownDatabase !== null) await dropDatabase(ownDatabase);
    },
  };
}
