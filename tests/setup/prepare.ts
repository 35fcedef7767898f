import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * What `npm test` needs from the machine, made ready once before the suite
 * (issue 23): Debian's Chromium for the browser tests and a throwaway
 * PostgreSQL cluster on loopback for the second run of the suite.
 */

export class PrepareError extends Error {}

const say = (line: string) => process.stdout.write(`${line}\n`);

function onPath(command: string, env: NodeJS.ProcessEnv = process.env): string | null {
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    const file = path.join(dir, command);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      /* not in this folder */
    }
  }
  return null;
}

/** How to run apt-get here: directly as root, through sudo without a password, or not at all. */
function aptGet(env: NodeJS.ProcessEnv): string[] | null {
  if (onPath("apt-get", env) === null) return null;
  if (process.getuid?.() === 0) return ["apt-get"];
  if (onPath("sudo", env) === null) return null;
  const canSudo = spawnSync("sudo", ["-n", "true"], { env, stdio: "ignore" }).status === 0;
  return canSudo ? ["sudo", "apt-get"] : null;
}

/** Installs a Debian package, or stops with the one command the person must run. */
function installDebianPackage(pkg: string, why: string, env: NodeJS.ProcessEnv): void {
  const apt = aptGet(env);
  if (apt === null) {
    throw new PrepareError(
      `${why} needs Debian's ${pkg}, which is not installed, and npm test cannot install it ` +
        `(that needs apt-get, as root or with sudo). Run: sudo apt-get install -y ${pkg}   then npm test again.`,
    );
  }
  say(`Installing Debian's ${pkg} for ${why} (${apt.join(" ")} install -y ${pkg})…`);
  const [command, ...prefix] = apt as [string, ...string[]];
  const aptEnv = { ...env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync(command, [...prefix, "update", "-qq"], { env: aptEnv, stdio: "inherit" });
  execFileSync(command, [...prefix, "install", "-y", "-qq", pkg], { env: aptEnv, stdio: "inherit" });
}

/** Debian's Chromium, installed when missing. */
export function ensureChromium(env: NodeJS.ProcessEnv = process.env): string {
  let chromium = onPath("chromium", env);
  if (chromium === null) {
    installDebianPackage("chromium", "the browser tests", env);
    chromium = onPath("chromium", env) ?? "/usr/bin/chromium";
  }
  say(`Chromium: ${chromium}`);
  return chromium;
}

/** The newest installed PostgreSQL's bin folder (Debian keeps each major version apart). */
function postgresBin(): string | null {
  const root = "/usr/lib/postgresql";
  if (!fs.existsSync(root)) return null;
  const versions = fs
    .readdirSync(root)
    .filter((v) => fs.existsSync(path.join(root, v, "bin", "initdb")))
    .sort((a, b) => Number(b) - Number(a));
  return versions[0] === undefined ? null : path.join(root, versions[0], "bin");
}

/** Debian's PostgreSQL server, installed when missing; its bin folder. */
export function ensurePostgres(env: NodeJS.ProcessEnv = process.env): string {
  let bin = postgresBin();
  if (bin === null) {
    installDebianPackage("postgresql", "the PostgreSQL run of the suite", env);
    bin = postgresBin();
    if (bin === null)
      throw new PrepareError("Debian's postgresql was installed but no initdb was found under /usr/lib/postgresql.");
  }
  return bin;
}

export const CLUSTER_PREFIX = "tautoko-test-pg-";
export const OWNER_FILE = "owner.pid";

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

export interface Cluster {
  dir: string;
  port: number;
  /** The superuser's address of the cluster's `postgres` database. */
  url: string;
  stop(): void;
}

/** Runs a PostgreSQL tool as the `postgres` user when root (initdb refuses root), else as this user. */
function asClusterOwner(bin: string, tool: string, args: string[]): void {
  const file = path.join(bin, tool);
  const [command, commandArgs] =
    process.getuid?.() === 0 ? ["runuser", ["-u", "postgres", "--", file, ...args]] : [file, args];
  execFileSync(command, commandArgs, { stdio: ["ignore", "ignore", "pipe"] });
}

function stopCluster(bin: string, dir: string): void {
  const data = path.join(dir, "data");
  if (fs.existsSync(path.join(data, "postmaster.pid"))) {
    try {
      asClusterOwner(bin, "pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
    } catch {
      /* already stopped */
    }
  }
  fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Stops and removes every cluster a run left behind when it was killed: one
 * whose owning run is no longer alive. Clusters of runs still going (another
 * worktree's `npm test`) are left alone.
 */
export function removeAbandonedClusters(bin: string): string[] {
  const removed: string[] = [];
  for (const name of fs.readdirSync(os.tmpdir())) {
    if (!name.startsWith(CLUSTER_PREFIX)) continue;
    const dir = path.join(os.tmpdir(), name);
    const owner = Number(fs.readFileSync(path.join(dir, OWNER_FILE), { encoding: "utf8", flag: "a+" }).trim());
    if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) continue;
    stopCluster(bin, dir);
    removed.push(dir);
  }
  return removed;
}

/**
 * A throwaway cluster on 127.0.0.1:`port`, its data in a temporary folder, owned by this run (`process.pid`).
 * Without fsync for the suite; `durable` keeps it for the benchmark, whose commits must wait for the disk.
 */
export function startCluster(bin: string, port: number, { durable = false } = {}): Cluster {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), CLUSTER_PREFIX));
  fs.writeFileSync(path.join(dir, OWNER_FILE), `${process.pid}\n`);
  const data = path.join(dir, "data");
  if (process.getuid?.() === 0) execFileSync("chown", ["postgres", dir]);
  try {
    // A UTF-8 LC_CTYPE: the search index splits words by the locale's letters (migration 2026-11-24-04-search).
    asClusterOwner(bin, "initdb", ["-D", data, "-A", "trust", "-U", "tautoko", "-E", "UTF8", "--locale=C.UTF-8"]);
    const options = `-k ${dir} -h 127.0.0.1 -p ${port}${durable ? "" : " -c fsync=off"} -c max_connections=200`;
    asClusterOwner(bin, "pg_ctl", ["-D", data, "-o", options, "-l", path.join(dir, "log"), "-w", "start"]);
  } catch (error) {
    stopCluster(bin, dir);
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    throw new PrepareError(`PostgreSQL could not start: ${stderr || String(error)}`);
  }
  return {
    dir,
    port,
    url: `postgres://tautoko@127.0.0.1:${port}/postgres`,
    stop: () => stopCluster(bin, dir),
  };
}
