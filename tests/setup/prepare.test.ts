import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";
import { freePort } from "../helpers/server";
import { tempDir } from "../helpers/tempDir";
import { OWNER_FILE, ensurePostgres, removeAbandonedClusters, startCluster } from "./prepare";

const TSX_CLI = path.join(PROJECT_ROOT, "node_modules", "tsx", "dist", "cli.mjs");

/** A PATH with node on it and nothing else: no chromium, no apt-get, no sudo. */
function barePath(): string {
  const dir = tempDir("bare-path");
  fs.symlinkSync(process.execPath, path.join(dir, "node"));
  return dir;
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

describe("npm test's preparation step", () => {
  it("stops at once with one message naming the command when Chromium is missing and cannot be installed", () => {
    const run = spawnSync(process.execPath, [TSX_CLI, "tests/setup/run.ts", "--engine", "sqlite"], {
      cwd: PROJECT_ROOT,
      env: { NODE_ENV: "test", HOME: process.env.HOME, PATH: barePath() },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(run.status).toBe(1);
    expect(run.stderr.trim()).toBe(
      "the browser tests needs Debian's chromium, which is not installed, and npm test cannot install it " +
        "(that needs apt-get, as root or with sudo). Run: sudo apt-get install -y chromium   then npm test again.",
    );
    // Nothing was run: no suite started.
    expect(run.stdout).not.toContain("The suite on");
  }, 60_000);

  it("on the next run, stops and removes a cluster whose run was killed, and leaves a live run's alone", async () => {
    const bin = ensurePostgres();
    const abandoned = startCluster(bin, await freePort());
    const live = startCluster(bin, await freePort());
    try {
      expect(await accepts(abandoned.port)).toBe(true);
      // As if its run had been killed: the pid that owned it is gone.
      const gone = spawnSync(process.execPath, ["-e", "process.pid"]).pid!;
      fs.writeFileSync(path.join(abandoned.dir, OWNER_FILE), `${gone}\n`);

      const removed = removeAbandonedClusters(bin);

      expect(removed).toContain(abandoned.dir);
      expect(fs.existsSync(abandoned.dir)).toBe(false);
      expect(await accepts(abandoned.port)).toBe(false);
      expect(removed).not.toContain(live.dir);
      expect(await accepts(live.port)).toBe(true);
    } finally {
      abandoned.stop();
      live.stop();
    }
  }, 120_000);
});
