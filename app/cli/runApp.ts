/**
 * Starting a server in a child process and waiting until it serves: the one
 * way the tests, `npm run screenshots` and `npm run bench` run the app (and
 * the bench its bare node:http baseline).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { PROJECT_ROOT } from "~/cli/paths";

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

export interface ChildServer {
  /** The spawned process; the server's own processes are its descendants. */
  pid: number;
  /** Everything it has printed so far, stdout and stderr together. */
  output: () => string;
  /** SIGTERM to its process group, then SIGKILL after 5 s at the latest. */
  stop: () => Promise<void>;
}

export interface ServerCommand {
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
  /** Served with a 2xx once the server is ready. */
  readyUrl: string;
  timeoutMs: number;
  /** Each chunk of output as it arrives (progress for a long build, say). */
  onOutput?: (text: string) => void;
}

/**
 * Spawns `command` in its own process group, so stopping it also stops what
 * it started (npm's node, a cluster's workers), and resolves once `readyUrl`
 * answers; killed at the latest when this process exits.
 */
export async function startServer(spec: ServerCommand): Promise<ChildServer> {
  const child = spawn(spec.command, spec.args, {
    cwd: PROJECT_ROOT,
    env: spec.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let log = "";
  const collect = (d: Buffer) => {
    log += d.toString();
    spec.onOutput?.(d.toString());
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const kill = (signal: NodeJS.Signals) => {
    try {
      if (child.pid && child.exitCode === null) process.kill(-child.pid, signal);
    } catch {
      // Already gone.
    }
  };
  const killNow = () => kill("SIGKILL");
  process.once("exit", killNow);
  const stop = async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once("exit", resolve));
      kill("SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
    }
    killNow();
    process.removeListener("exit", killNow);
  };
  const server = { pid: child.pid!, output: () => log, stop };
  await waitUntilServing(spec, () => child.exitCode, server);
  return server;
}

async function waitUntilServing(spec: ServerCommand, exitCode: () => number | null, server: ChildServer) {
  const deadline = Date.now() + spec.timeoutMs;
  for (;;) {
    if (exitCode() !== null) {
      await server.stop();
      throw new Error(`${spec.command} ${spec.args.join(" ")} exited with ${exitCode()}:\n${server.output()}`);
    }
    try {
      const res = await fetch(spec.readyUrl);
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`Nothing served ${spec.readyUrl} within ${spec.timeoutMs / 1000} s:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

export interface RunningApp extends ChildServer {
  url: string;
  /** A throwaway folder for the database and the .eml files, removed by stop(). */
  dir: string;
  databasePath: string;
}

/**
 * Starts the app as the README says (`npm start`) on a free loopback port
 * with its own empty database, unless `env` names another (DATABASE_PATH).
 */
export async function startApp(
  env: Record<string, string> = {},
  options: { timeoutMs?: number; onOutput?: (text: string) => void } = {},
): Promise<RunningApp> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-app-"));
  const url = `http://127.0.0.1:${port}`;
  const databasePath = env.DATABASE_PATH ?? path.join(dir, "tautoko.sqlite");
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: "development",
    PORT: String(port),
    HOST: "127.0.0.1",
    APP_URL: url,
    DATABASE_PATH: databasePath,
    EMAIL_DIR: path.join(dir, "eml"),
    ...env,
  };
  const removeDir = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const server = await startServer({
      command: "npm",
      args: ["start"],
      env: fullEnv,
      readyUrl: `${url}/login`,
      timeoutMs: options.timeoutMs ?? 120_000,
      onOutput: options.onOutput,
    });
    const stop = async () => {
      await server.stop();
      removeDir();
    };
    return { ...server, stop, url, dir, databasePath };
  } catch (error) {
    removeDir();
    throw error;
  }
}
