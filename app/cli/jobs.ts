/**
 * `npm run jobs:once [-- --now ISO-TIME]`: one pass of the sweeps, reminders
 * and email delivery, for cron-style deployments. `--now` moves time for
 * demonstrations and tests and is refused in production.
 */
import { parseArgs } from "node:util";
import { openDatabase, migrateToLatest } from "#db/client";
import { ConfigError, loadConfig } from "~/config.server";
import { runJobsOnce } from "~/jobs/runner.server";

function fail(message: string, code = 2): never {
  console.error(message);
  process.exit(code);
}

let config;
try {
  config = loadConfig();
} catch (e) {
  if (e instanceof ConfigError) fail(e.message, 1);
  throw e;
}
let values;
try {
  values = parseArgs({ options: { now: { type: "string" } } }).values;
} catch (e) {
  fail(`${(e as Error).message}\nUsage: npm run jobs:once [-- --now 2027-01-13T00:00:00Z]`);
}
let now = () => new Date();
if (values.now !== undefined) {
  if (config.production) fail("Refusing --now with NODE_ENV=production: time cannot be moved on a live system.");
  const at = new Date(values.now);
  if (Number.isNaN(at.getTime()))
    fail(`--now must be an ISO-8601 time, like 2027-01-13T00:00:00Z; got "${values.now}".`);
  now = () => at;
}

const db = openDatabase(config);
await migrateToLatest(db);
const report = await runJobsOnce({ db, config, now });
console.log(JSON.stringify({ now: now().toISOString(), ...report }));
await db.destroy();
