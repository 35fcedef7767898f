import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const SOURCES = ["app", "db", "emails", "remix.config.js", "package.json", "tsconfig.json"];

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** Builds with the Remix compiler when the build is missing or older than any source. */
export function buildIfStale(root: string): void {
  const built = fs.statSync(path.join(root, "build", "index.js"), { throwIfNoEntry: false });
  const sourcesChanged = Math.max(...SOURCES.map((s) => newestMtime(path.join(root, s))));
  if (built && built.mtimeMs >= sourcesChanged) return;
  console.log(built ? "Sources changed since the last build; building…" : "No build yet; building…");
  const result = spawnSync(
    process.execPath,
    [path.join(root, "node_modules", "@remix-run", "dev", "dist", "cli.js"), "build"],
    {
      cwd: root,
      stdio: "inherit",
      env: { ...process.env, NODE_ENV: "production" },
    },
  );
  if (result.status !== 0) throw new Error("The build failed (see the output above).");
}
