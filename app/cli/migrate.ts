/** `npm run db:migrate`: brings the database at DATABASE_PATH up to date. */
import { openDatabase, migrateToLatest } from "#db/client";
import { loadConfig } from "~/config.server";

const config = loadConfig();
const db = openDatabase(config);
const applied = await migrateToLatest(db);
console.log(applied.length ? `Applied: ${applied.join(", ")}` : "The database is up to date.");
await db.destroy();
