import { migrateToLatest, openDatabase } from "#db/client";
import { buildIfStale } from "~/server/build.server";
import { PROJECT_ROOT } from "~/cli/paths";
import { TEMPLATE_DATABASE, asSuperuser, databaseUrl, postgresUrl } from "./helpers/postgres";

/**
 * Build once before the suite, so tests that start the server never race to
 * build it; on the PostgreSQL run, migrate the template each test's database is copied from.
 */
export default async function setup() {
  buildIfStale(PROJECT_ROOT);
  if (postgresUrl !== null) await migrateTemplate();
}

async function migrateTemplate() {
  await asSuperuser(async (c) => {
    await c.query(`drop database if exists ${TEMPLATE_DATABASE} with (force)`);
    await c.query(`create database ${TEMPLATE_DATABASE}`);
  });
  const db = openDatabase({ databaseUrl: databaseUrl(TEMPLATE_DATABASE), databasePath: "" }, { max: 1 });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
