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
  type SqliteDialectConfig,
} from "kysely";
import { migrations } from "./migrations/index";
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

// The handle under each Kysely that createDb made, for the rare reader that needs better-sqlite3 itself.
const handles = new WeakMap<DB, SQLite.Database>();

export function createDb(file: string, options: OpenOptions = {}): DB {
  const sqlite = openSqlite(file, options);
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  handles.set(db, sqlite);
  return db;
}

/** The better-sqlite3 handle under `db` when createDb made it; undefined for a transaction or any other Kysely. */
export function sqliteHandleOf(db: DB): SQLite.Database | undefined {
  return handles.get(db);
}

export async function migrateToLatest(db: Kysely<any>): Promise<string[]> {
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
