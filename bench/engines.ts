import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { createDb, openDatabase, openSqlite, type DB, type Engine } from "#db/client";
import { WRITE_LOCK_KEY } from "#db/postgres";
import type { BuiltDatabase } from "./build";
import { loadIntoPostgres } from "./loadPostgres";
import { ensurePostgres, removeAbandonedClusters, startCluster } from "../tests/setup/prepare";
import { freePort } from "~/cli/runApp";

/**
 * The two engines the bench runs on, behind one shape: SQLite reads the
 * cached build itself; PostgreSQL loads it into a database of a server
 * (DATABASE_URL, TEST_DATABASE_URL, or a throwaway cluster started here).
 */

/** SQLite's `synchronous`; on PostgreSQL FULL is `synchronous_commit = on`, NORMAL is `off` (docs/benchmark.md). */
export type Synchronous = "FULL" | "NORMAL";

/** Raw statements with `?` placeholders, for the transitions floor: no Kysely, no app code. */
export interface RawDb {
  get<T>(text: string, params: readonly unknown[]): Promise<T | undefined>;
  /** The number of rows the statement changed. */
  run(text: string, params: readonly unknown[]): Promise<number>;
  /** One write transaction as the app takes it: BEGIN IMMEDIATE on SQLite, the write lock on PostgreSQL. */
  transaction(work: () => Promise<void>): Promise<void>;
  close(): Promise<void>;
}

export interface BenchDatabase {
  engine: Engine;
  /** The SQLite file, or the PostgreSQL database's name. */
  name: string;
  open(synchronous?: Synchronous): DB;
  raw(synchronous?: Synchronous): Promise<RawDb>;
  /** What `npm start` needs in its environment to serve this database. */
  serverEnv: Record<string, string>;
}

export interface BenchEngine {
  engine: Engine;
  /** The built (cached SQLite) database, ready to read. */
  reading(built: BuiltDatabase): Promise<BenchDatabase>;
  /** A copy of a database for the commands to write to, so the built one stays as built. */
  writableCopy(source: BenchDatabase): Promise<BenchDatabase>;
  close(): Promise<void>;
}

/** The SQLite file itself, for the bench and its tests. */
export function sqliteDatabase(file: string): BenchDatabase {
  return {
    engine: "sqlite",
    name: file,
    open: (synchronous) => createDb(file, { synchronous }),
    raw: async (synchronous) => sqliteRaw(openSqlite(file, { synchronous })),
    // Empty, so a DATABASE_URL of the person's own cannot send the server elsewhere.
    serverEnv: { DATABASE_PATH: file, DATABASE_URL: "" },
  };
}

function sqliteRaw(sqlite: ReturnType<typeof openSqlite>): RawDb {
  const statements = new Map<string, ReturnType<typeof sqlite.prepare>>();
  const prepared = (text: string) => {
    let statement = statements.get(text);
    if (!statement) statements.set(text, (statement = sqlite.prepare(text)));
    return statement;
  };
  return {
    get: async <T>(text: string, params: readonly unknown[]) => prepared(text).get([...params]) as T | undefined,
    run: async (text, params) => prepared(text).run([...params]).changes,
    transaction: async (work) => {
      sqlite.prepare("begin immediate").run();
      try {
        await work();
        sqlite.prepare("commit").run();
      } catch (error) {
        sqlite.prepare("rollback").run();
        throw error;
      }
    },
    close: async () => void sqlite.close(),
  };
}

export function sqliteEngine(): BenchEngine {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-bench-run-"));
  return {
    engine: "sqlite",
    reading: async (built) => sqliteDatabase(built.file),
    writableCopy: async (source) => {
      const file = path.join(work, "tautoko.sqlite");
      fs.copyFileSync(source.name, file);
      return sqliteDatabase(file);
    },
    close: async () => fs.rmSync(work, { recursive: true, force: true }),
  };
}

/** `url` with another database name, and with `synchronous_commit = off` for NORMAL. */
function postgresUrl(server: string, name: string, synchronous: Synchronous = "FULL"): string {
  const url = new URL(server);
  url.pathname = `/${name}`;
  if (synchronous === "NORMAL") url.searchParams.set("options", "-c synchronous_commit=off");
  return url.toString();
}

/** Numbers the `?` placeholders as PostgreSQL's `$1, $2, …`. */
function numbered(text: string): string {
  let n = 0;
  return text.replace(/\?/g, () => `$${++n}`);
}

async function postgresRaw(url: string): Promise<RawDb> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Named statements are prepared once per connection, as the SQLite floor's are.
  const names = new Map<string, string>();
  const query = (text: string, params: readonly unknown[]) => {
    let name = names.get(text);
    if (!name) names.set(text, (name = `floor_${names.size}`));
    return client.query({ name, text: numbered(text), values: params as unknown[] });
  };
  return {
    get: async <T>(text: string, params: readonly unknown[]) => (await query(text, params)).rows[0] as T | undefined,
    run: async (text, params) => (await query(text, params)).rowCount ?? 0,
    transaction: async (work) => {
      await client.query("begin");
      try {
        await client.query(`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
        await work();
        await client.query("commit");
      } catch (error) {
        await client.query("rollback");
        throw error;
      }
    },
    close: () => client.end(),
  };
}

function postgresDatabase(server: string, name: string): BenchDatabase {
  return {
    engine: "postgres",
    name,
    open: (synchronous) => openDatabase({ databaseUrl: postgresUrl(server, name, synchronous), databasePath: "" }),
    raw: (synchronous) => postgresRaw(postgresUrl(server, name, synchronous)),
    serverEnv: { DATABASE_URL: postgresUrl(server, name) },
  };
}

/** The server the bench uses: the person's (DATABASE_URL or TEST_DATABASE_URL), else a throwaway cluster. */
async function postgresServer(log: (line: string) => void): Promise<{ url: string; stop: () => void }> {
  const given = process.env.DATABASE_URL || process.env.TEST_DATABASE_URL;
  if (given) return { url: given, stop: () => undefined };
  const bin = ensurePostgres();
  removeAbandonedClusters(bin);
  // Durable, unlike the suite's cluster: commits wait for the disk, as SQLite's synchronous=FULL does.
  const cluster = startCluster(bin, await freePort(), { durable: true });
  log(`PostgreSQL: a throwaway cluster on 127.0.0.1:${cluster.port} (${cluster.dir}), stopped after the run.`);
  return cluster;
}

export async function postgresEngine(log: (line: string) => void): Promise<BenchEngine> {
  const server = await postgresServer(log);
  const created: string[] = [];
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: server.url });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  const newDatabase = async (label: string, template?: string) => {
    const name = `tautoko_bench_${process.pid}_${label}`;
    // FILE_COPY: one checkpoint and a copy of the files, rather than the template's every page through the WAL.
    await admin(`create database ${name}${template ? ` template ${template} strategy = file_copy` : ""}`);
    created.push(name);
    return name;
  };
  let copies = 0;
  return {
    engine: "postgres",
    reading: async (built) => {
      const name = await newDatabase(String(built.size));
      log(`Loading the ${built.size.toLocaleString("en-NZ")}-request build into PostgreSQL (${name})…`);
      await loadIntoPostgres(built.file, postgresUrl(server.url, name));
      return postgresDatabase(server.url, name);
    },
    writableCopy: async (source) => {
      return postgresDatabase(server.url, await newDatabase(`copy${++copies}`, source.name));
    },
    close: async () => {
      try {
        for (const name of created) await admin(`drop database if exists ${name} with (force)`);
      } finally {
        server.stop();
      }
    },
  };
}
