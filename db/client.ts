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
  type SqliteStatement,
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

const STATEMENT_CACHE_SIZE = 500;

/** A prepared statement as Kysely's driver uses it, and whether it is still being iterated. */
type CachedStatement = SqliteStatement & { readonly busy: boolean };

/**
 * The database as Kysely's driver sees it, with prepared statements kept by
 * their SQL text. The driver prepares every query afresh, and compiling the
 * SQL is a good part of a small query's cost; the app's queries are a few
 * hundred fixed texts, so each is compiled once. A statement still being
 * iterated (a streamed query) is never handed out twice.
 */
export function withStatementCache(sqlite: SQLite.Database): SqliteDatabase {
  const statements = new Map<string, CachedStatement>();
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
      const statement = forKysely(sqlite.prepare(text), text);
      if (!cached) {
        if (statements.size >= STATEMENT_CACHE_SIZE) statements.delete(statements.keys().next().value!);
        statements.set(text, statement);
      }
      return statement;
    },
  };
}

/**
 * A statement for Kysely. A reader whose result columns are named by its SQL
 * text alone (no `*` anywhere in it) has SQLite's rows as arrays and makes
 * each object here, a copy of a template of its column names filled in
 * order: better-sqlite3 builds row objects natively a property at a time,
 * about 2 µs for the search page's 11 columns, more than SQLite's own work
 * per row. A `*` can mean other columns after a migration, under the same
 * cached text, so such statements keep better-sqlite3's objects.
 */
function forKysely(statement: SQLite.Statement, text: string): CachedStatement {
  if (!statement.reader || text.includes("*")) return statement;
  statement.raw(true);
  const names = statement.columns().map((column) => column.name);
  // Filled in column order, so a name given twice keeps its last value, as better-sqlite3 does.
  const template: Record<string, unknown> = Object.fromEntries(names.map((name) => [name, null]));
  const toObject = (row: unknown[]) => {
    const object = { ...template };
    for (let i = 0; i < names.length; i++) object[names[i]!] = row[i];
    return object;
  };
  return {
    reader: true,
    get busy() {
      return statement.busy;
    },
    all: (parameters) => (statement.all(parameters) as unknown[][]).map(toObject),
    run: (parameters) => statement.run(parameters),
    iterate: function* (parameters) {
      for (const row of statement.iterate(parameters) as IterableIterator<unknown[]>) yield toObject(row);
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
