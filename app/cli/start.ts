/**
 * `npm start`: builds when needed, migrates, seeds the demo on an empty
 * embedded database (never in production), serves, and runs the background
 * jobs (deadline sweeps, reminders, email delivery) in the same process.
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { AppLoadContext, ServerBuild } from "@remix-run/node";
import { createDb, hasNoUsers, migrateToLatest } from "#db/client";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "#db/seed";
import { buildIfStale } from "~/cli/build.server";
import { PROJECT_ROOT } from "~/cli/paths";
import { ConfigError, loadConfig } from "~/config.server";
import { seedDemo } from "~/demo/seedDemo.server";
import { startJobLoop } from "~/jobs/runner.server";
import { createHttpApp } from "~/server/http.server";

async function main() {
  const config = loadConfig();
  buildIfStale(PROJECT_ROOT);
  const db = createDb(config.databasePath);
  await migrateToLatest(db);
  const context: AppLoadContext = { db, config, now: () => new Date() };

  let seeded = false;
  if (!config.production && (await hasNoUsers(db))) {
    await seedDemo(context);
    seeded = true;
  }

  const build = (await import(pathToFileURL(path.join(PROJECT_ROOT, "build", "index.js")).href)) as ServerBuild;
  const app = createHttpApp({ build, db, config, publicDir: path.join(PROJECT_ROOT, "public") });
  const server = app.listen(config.port, config.host, () => {
    console.log(`Tautoko is running at ${config.appUrl} (listening on ${config.host}:${config.port}).`);
    console.log(`Database: ${config.databasePath}`);
    console.log(config.smtpUrl ? "Email: delivered by SMTP." : `Email: written as .eml files to ${config.emailDir}`);
    if (!config.production) {
      console.log(`${seeded ? "Seeded demo accounts" : "Demo accounts"} (password "${DEMO_PASSWORD}"):`);
      for (const a of DEMO_ACCOUNTS) console.log(`  ${a.email.padEnd(28)} ${a.roles.join(", ").padEnd(30)} ${a.what}`);
    }
  });
  const jobs = startJobLoop(context);

  const shutdown = (signal: string) => {
    console.log(`${signal}: stopping.`);
    jobs.stop();
    server.close(() => {
      void db.destroy().then(() => process.exit(0));
    });
    setTimeout(() => process.exit(0), 5000).unref();
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
  } else {
    console.error("Tautoko could not start:", error);
  }
  process.exit(1);
});
