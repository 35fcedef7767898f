import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import {
  CompiledQuery,
  Kysely,
  Migrator,
  SqliteDialect,
  SqliteDriver,
  type DatabaseConnection,
  type SqliteDatabase,
  type SqliteDialectConfig,
} from "kysely";
export { engineOf, type Engine } from "./engine";
import { migrations } from "./migrations/index";
import { isPostgresUrl, postgresDialect, type PostgresOptions } from "./postgres";
import type { Database } from "./schema";

export type DB = Kysely<Database>;

/**
 * Every transaction here reads, then writes. SQLite must take the write lock
 * at BEGIN for that, or another process's write fails it at once with
 * SQLITE_BUSY; Kysely's driver sends a plain BEGIN.
 */
class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw("begin immediate"));
  }
}

class ImmediateSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver() {
    return new ImmediateSqliteDriver(this.#config);
  }
}

export interface OpenOptions {
  /** `FULL` by default; the benchmark also measures `NORMAL`. */
  synchronous?: "FULL" | "NORMAL";
  readonly?: boolean;
}

/** Opens the SQLite file with the pragmas the app relies on. */
export function openSqlite(file: string, options: OpenOptions = {}): SQLite.Database {
  if (!options.readonly) fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new SQLite(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false });
  sqlite.pragma("busy_timeout = 10000");
  if (!options.readonly) sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`synchronous = ${options.synchronous ?? "FULL"}`);
  return sqlite;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * The database as Kysely's driver sees it, with prepared statements kept by
 * their SQL text. The driver prepares every query afresh, and compiling the
 * SQL is a good part of a small query's cost; the app's queries are a few
 * hundred fixed texts, so each is compiled once. Safe by construction: the
 * key is the whole SQL text and the statement is better-sqlite3's own, so a
 * cached statement is exactly the one `prepare` would make; one still being
 * iterated (a streamed query) is never handed out twice.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, SQLite.Statement>();
  return {
    close: () => {
      statements.clear();
      sqlite.close();
    },
    prepare: (text: string) => {
      const cached = statements.get(text);
      if (cached && !cached.busy) {
        // Most recently used last, so the oldest is the first to go when full.
        statements.delete(text);
        statements.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

// The handle under each Kysely that createDb made, for the rare reader that needs better-sqlite3 itself.
const handles = new WeakMap<DB, SQLite.Database>();

export function createDb(file: string, options: OpenOptions = {}): DB {
  const sqlite = openSqlite(file, options);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: withStatementCache(sqlite) }) });
  handles.set(db, sqlite);
  return db;
}

/** Where the database is: a PostgreSQL server when `databaseUrl` is set, else the SQLite file at `databasePath`. */
export interface DatabaseTarget {
  databaseUrl: string | null;
  databasePath: string;
}

/** The app's database: PostgreSQL for a postgres:// DATABASE_URL, else SQLite (the embedded default). */
export function openDatabase(target: DatabaseTarget, options: OpenOptions & PostgresOptions = {}): DB {
  const { databaseUrl: url, databasePath } = target;
  if (url === null) return createDb(databasePath, options);
  if (!isPostgresUrl(url)) throw new Error("DATABASE_URL must start with postgres:// or postgresql://");
  return new Kysely<Database>({ dialect: postgresDialect(url, options) });
}

/** Where the database is, for a start-up line: never the password in a DATABASE_URL. */
export function describeDatabase(target: DatabaseTarget): string {
  if (target.databaseUrl === null) return target.databasePath;
  const url = new URL(target.databaseUrl);
  return `PostgreSQL ${url.host}${url.pathname}`;
}

/** The better-sqlite3 handle under `db` when createDb made it; undefined for a transaction or any other Kysely. */
export function sqliteHandleOf(db: DB): SQLite.Database | undefined {
  return handles.get(db);
}

export async function migrateToLatest(db: DB): Promise<string[]> {
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === "Success").map((r) => r.migrationName);
}

/** True before anyone has an account: the embedded default then seeds demo data. */
export async function hasNoUsers(db: DB): Promise<boolean> {
  const row = await db.selectFrom("users").select("id").limit(1).executeTakeFirst();
  return row === undefined;
}
