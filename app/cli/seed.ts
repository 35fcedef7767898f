/** `npm run db:seed`: seeds the demo accounts and data into an empty database (refused in production). */
import { openDatabase, hasNoUsers, migrateToLatest } from "#db/client";
import { loadConfig } from "~/config.server";
import { seedDemo } from "~/demo/seedDemo.server";

const config = loadConfig();
if (config.production) {
  console.error("Refusing to seed demo data with NODE_ENV=production. Create accounts with `npm run user:create`.");
  process.exit(2);
}
const db = openDatabase(config);
await migrateToLatest(db);
if (!(await hasNoUsers(db))) {
  console.error("The database already has users; demo data is only seeded into an empty database.");
  process.exitCode = 1;
} else {
  await seedDemo({ db, config, now: () => new Date() });
  console.log("Seeded the demo accounts and requests.");
}
await db.destroy();
