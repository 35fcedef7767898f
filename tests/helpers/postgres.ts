import { randomBytes } from "node:crypto";
import pg from "pg";

/**
 * The PostgreSQL run of the suite: tests/setup/run.ts starts a throwaway
 * cluster and sets TEST_DATABASE_URL to its superuser's address; each test
 * gets a database of its own, copied from a migrated template.
 */
export const postgresUrl: string | null = process.env.TEST_DATABASE_URL || null;

/** Made and migrated once per run of the suite (tests/globalSetup.ts). */
export const TEMPLATE_DATABASE = "tautoko_template";

function clusterUrl(): string {
  if (postgresUrl === null) throw new Error("TEST_DATABASE_URL is not set: this is the SQLite run of the suite.");
  return postgresUrl;
}

/** The address of database `name` on the test cluster. */
export function databaseUrl(name: string): string {
  const url = new URL(clusterUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/** Runs statements as the cluster's superuser, on its `postgres` database. */
export async function asSuperuser<T>(work: (client: pg.Client) => Promise<T>, database = "postgres"): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrl(database) });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const newName = () => `tautoko_t${process.pid}_${randomBytes(4).toString("hex")}`;

/** A new database copied from the migrated template; its name. */
export async function createDatabaseFromTemplate(): Promise<string> {
  const name = newName();
  await asSuperuser((c) => c.query(`create database ${name} template ${TEMPLATE_DATABASE}`));
  return name;
}

/** A new empty database, as a fresh install has (`npm start` migrates it); its name. */
export async function createEmptyDatabase(): Promise<string> {
  const name = newName();
  await asSuperuser((c) => c.query(`create database ${name}`));
  return name;
}

export async function dropDatabase(name: string): Promise<void> {
  await asSuperuser((c) => c.query(`drop database if exists ${name} with (force)`));
}
