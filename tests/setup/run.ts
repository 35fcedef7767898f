/**
 * `npm test` after lint and typecheck: prepares the machine (tests/setup/prepare.ts),
 * then runs the suite on SQLite and again on PostgreSQL, and stops the cluster
 * whatever happens. `-- --engine sqlite|postgres [vitest args]` runs one engine only,
 * e.g. `npx tsx tests/setup/run.ts --engine postgres tests/audit`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { PROJECT_ROOT } from "~/cli/paths";
import { freePort } from "../helpers/server";
import {
  PrepareError,
  ensureChromium,
  ensurePostgres,
  removeAbandonedClusters,
  startCluster,
  type Cluster,
} from "./prepare";

type Engine = "sqlite" | "postgres";

const VITEST = path.join(PROJECT_ROOT, "node_modules", ".bin", "vitest");

function parseArgs(argv: string[]): { engines: Engine[]; vitestArgs: string[] } {
  const at = argv.indexOf("--engine");
  if (at === -1) return { engines: ["sqlite", "postgres"], vitestArgs: argv };
  const engine = argv[at + 1];
  if (engine !== "sqlite" && engine !== "postgres") throw new PrepareError("--engine takes sqlite or postgres.");
  return { engines: [engine], vitestArgs: [...argv.slice(0, at), ...argv.slice(at + 2)] };
}

let cluster: Cluster | null = null;
let vitest: ChildProcess | null = null;

function runVitest(engine: Engine, args: string[], postgresUrl: string | null): Promise<number> {
  console.log(`\nThe suite on ${engine === "sqlite" ? "SQLite" : "PostgreSQL"}:`);
  // The suite picks its databases itself; a DATABASE_URL of the person's own is never touched.
  const env: NodeJS.ProcessEnv = { ...process.env, TEST_DATABASE_URL: postgresUrl ?? "" };
  delete env.DATABASE_URL;
  // Its own process group, so stopping the run stops vitest's workers and the servers they started too.
  vitest = spawn(VITEST, ["run", "--config", "tests/vitest.config.ts", ...args], {
    env,
    stdio: "inherit",
    detached: true,
  });
  return new Promise((resolve) => vitest!.once("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0))));
}

function stopEverything(): void {
  if (vitest?.pid !== undefined && vitest.exitCode === null) {
    try {
      process.kill(-vitest.pid, "SIGTERM");
    } catch {
      // Already gone.
    }
  }
  cluster?.stop();
  cluster = null;
}

async function main(): Promise<number> {
  const { engines, vitestArgs } = parseArgs(process.argv.slice(2));
  ensureChromium();
  if (engines.includes("postgres")) {
    const bin = ensurePostgres();
    const removed = removeAbandonedClusters(bin);
    if (removed.length > 0) console.log(`Removed ${removed.length} PostgreSQL cluster(s) an interrupted run left.`);
    cluster = startCluster(bin, await freePort());
    console.log(
      `PostgreSQL: a throwaway cluster on 127.0.0.1:${cluster.port} (${cluster.dir}), stopped after the run.`,
    );
  }
  let failed = 0;
  for (const engine of engines) {
    const code = await runVitest(engine, vitestArgs, engine === "postgres" ? cluster!.url : null);
    if (code !== 0) failed = code;
  }
  return failed;
}

for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
  process.once(signal, () => {
    stopEverything();
    process.exit(130);
  });
}

main()
  .then((code) => {
    stopEverything();
    process.exit(code);
  })
  .catch((error: unknown) => {
    stopEverything();
    console.error(error instanceof PrepareError ? error.message : error);
    process.exit(1);
  });
