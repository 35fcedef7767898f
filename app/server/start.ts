/**
 * `npm start`: builds when needed, migrates, seeds the demo on an empty
 * embedded database (never in production), serves, and runs the background
 * jobs (deadline sweeps, reminders, email delivery).
 *
 * With WEB_CONCURRENCY above one (production's default: one per core), this
 * process is the primary: it migrates, runs the jobs, and keeps that many
 * HTTP workers serving, each with its own connection to the same SQLite file
 * (every write transaction takes the lock with BEGIN IMMEDIATE, so they take
 * turns). With one, it serves and runs the jobs itself.
 * docs/decisions/2026-11-25-one-http-worker-per-core.md
 */
import cluster, { type Worker } from "node:cluster";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createDb, hasNoUsers, migrateToLatest, type DB } from "#db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~/demo/demoData";
import { buildIfStale } from "~/server/build.server";
import { PROJECT_ROOT } from "~/cli/paths";
import { ConfigError, loadConfig, type AppConfig } from "~/config.server";
import { seedDemo } from "~/demo/seedDemo.server";
import { startJobLoop } from "~/jobs/runner.server";
import { createHttpApp } from "~/server/http.server";

/** How long a stop waits for requests in flight before leaving anyway. */
const STOP_GRACE_MS = 5000;

async function listen(config: AppConfig, db: DB): Promise<Server> {
  const build = (await import(pathToFileURL(path.join(PROJECT_ROOT, "build", "index.js")).href)) as ServerBuild;
  const app = createHttpApp({ build, db, config, publicDir: path.join(PROJECT_ROOT, "public") });
  return new Promise((resolve, reject) => {
    const server = app.listen(config.port, config.host, () => resolve(server));
    server.once("error", reject);
  });
}

function announce(config: AppConfig, seeded: boolean) {
  const workers = config.webConcurrency > 1 ? ` with ${config.webConcurrency} HTTP workers` : "";
  console.log(`Tautoko is running at ${config.appUrl} (listening on ${config.host}:${config.port}${workers}).`);
  console.log(`Database: ${config.databasePath}`);
  console.log(config.smtpUrl ? "Email: delivered by SMTP." : `Email: written as .eml files to ${config.emailDir}`);
  if (!config.production) {
    console.log(`${seeded ? "Seeded demo accounts" : "Demo accounts"} (password "${DEMO_PASSWORD}"):`);
    for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(28)} ${a.roles.join(", ").padEnd(30)} ${a.what}`);
  }
}

function onStopSignal(stop: (signal: string) => void) {
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

/** Closes the server, waiting for requests in flight, then the database; leaves at the latest after the grace period. */
function closeAndExit(server: Server | null, db: DB) {
  setTimeout(() => process.exit(0), STOP_GRACE_MS).unref();
  const closeDb = () => void db.destroy().then(() => process.exit(0));
  if (server) server.close(closeDb);
  else closeDb();
}

/** A cluster worker: serves HTTP, nothing else; the primary has migrated and runs the jobs. */
async function runWorker(config: AppConfig) {
  const db = createDb(config.databasePath);
  const server = await listen(config, db);
  onStopSignal(() => closeAndExit(server, db));
}

/**
 * Keeps `count` workers serving: one that dies is replaced, but one that dies
 * before it ever listened (a port in use, a broken build) stops everything,
 * since its replacement would die the same way.
 */
function superviseWorkers(count: number, onAllListening: () => void, onFatal: (why: string) => void) {
  const listening = new Set<number>();
  let stopping = false;
  let announced = false;
  const fork = (replacing = false) => {
    const worker = cluster.fork();
    worker.once("listening", () => {
      listening.add(worker.id);
      if (replacing) console.log("The replacement HTTP worker is serving.");
      if (!announced && listening.size === count) {
        announced = true;
        onAllListening();
      }
    });
    worker.once("exit", (code, signal) => {
      const hadListened = listening.delete(worker.id);
      if (stopping) return;
      const how = signal ? `signal ${signal}` : `code ${code}`;
      if (!hadListened) {
        onFatal(`An HTTP worker exited (${how}) before it could serve.`);
        return;
      }
      console.error(`An HTTP worker exited (${how}); starting another.`);
      fork(true);
    });
  };
  for (let i = 0; i < count; i++) fork(false);
  return {
    /** Asks every worker to finish its requests and stop; resolves when all have exited. */
    stop(): Promise<void> {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => w !== undefined);
      return Promise.all(
        workers.map(
          (w) =>
            new Promise<void>((resolve) => {
              if (w.isDead()) return resolve();
              w.once("exit", () => resolve());
              w.process.kill("SIGTERM");
            }),
        ),
      ).then(() => undefined);
    },
  };
}

async function main() {
  const config = loadConfig();
  if (cluster.isWorker) return runWorker(config);

  buildIfStale(PROJECT_ROOT);
  const db = createDb(config.databasePath);
  await migrateToLatest(db);
  const context: AppLoadContext = { db, config, now: () => new Date() };

  let seeded = false;
  if (!config.production && (await hasNoUsers(db))) {
    await seedDemo(context);
    seeded = true;
  }

  if (config.webConcurrency === 1) {
    const server = await listen(config, db);
    announce(config, seeded);
    const jobs = startJobLoop(context);
    onStopSignal((signal) => {
      console.log(`${signal}: stopping.`);
      jobs.stop();
      closeAndExit(server, db);
    });
    return;
  }

  let jobs: { stop(): void } | null = null;
  const workers = superviseWorkers(
    config.webConcurrency,
    () => {
      announce(config, seeded);
      jobs = startJobLoop(context);
    },
    (why) => {
      console.error(`Tautoko could not start: ${why} See its output above.`);
      void workers.stop().then(() => process.exit(1));
    },
  );
  onStopSignal((signal) => {
    console.log(`${signal}: stopping.`);
    jobs?.stop();
    setTimeout(() => process.exit(0), STOP_GRACE_MS + 1000).unref();
    void workers.stop().then(() => closeAndExit(null, db));
  });
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("Tautoko could not start:", error);
  }
  process.exit(1);
});
