import pg from "pg";
import { migrateToLatest, openDatabase, openSqlite } from "#db/client";

/**
 * A built SQLite database copied row for row into an empty PostgreSQL
 * database migrated by the app's own migrations: the two engines are timed
 * on the very same data. Triggers and foreign-key checks are off while it
 * loads (`session_replication_role = replica`, which needs a superuser); the
 * search index is then built once, as its migration does.
 */

/** PostgreSQL takes at most 65,535 parameters in one statement. */
const MAX_PARAMETERS = 60_000;

interface Column {
  table_name: string;
  column_name: string;
  is_identity: "YES" | "NO";
}

export async function loadIntoPostgres(file: string, url: string): Promise<void> {
  const db = openDatabase({ databaseUrl: url, databasePath: "" });
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
  const client = new pg.Client({ connectionString: url });
  const sqlite = openSqlite(file, { readonly: true });
  await client.connect();
  try {
    await client.query("set session_replication_role = replica");
    const columns = await copiedColumns(client);
    for (const [table, names] of columns) await copyTable(sqlite, client, table, names);
    await client.query("set session_replication_role = origin");
    await client.query(
      "insert into request_search (request_id, document) select id, request_search_document(id) from requests",
    );
    await restartIdentities(client, columns);
    await client.query("analyze");
  } finally {
    sqlite.close();
    await client.end();
  }
}

/** The app's tables and their columns (not Kysely's own, nor the search index, which is derived). */
async function copiedColumns(client: pg.Client): Promise<Map<string, Column[]>> {
  const { rows } =
    await client.query<Column>(`select table_name, column_name, is_identity from information_schema.columns
    where table_schema = 'public' and table_name not like 'kysely%' and table_name <> 'request_search'
      and table_name in (select table_name from information_schema.tables where table_type = 'BASE TABLE')
    order by table_name, ordinal_position`);
  const tables = new Map<string, Column[]>();
  for (const row of rows) tables.set(row.table_name, [...(tables.get(row.table_name) ?? []), row]);
  return tables;
}

async function copyTable(
  sqlite: ReturnType<typeof openSqlite>,
  client: pg.Client,
  table: string,
  columns: Column[],
): Promise<void> {
  const names = columns.map((c) => `"${c.column_name}"`).join(", ");
  const read = sqlite.prepare(`select ${names} from "${table}"`).raw();
  const perInsert = Math.floor(MAX_PARAMETERS / columns.length);
  let batch: unknown[][] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const rows = batch.map((row, r) => `(${row.map((_, c) => `$${r * columns.length + c + 1}`).join(", ")})`);
    await client.query(`insert into "${table}" (${names}) values ${rows.join(", ")}`, batch.flat());
    batch = [];
  };
  for (const row of read.iterate() as Iterable<unknown[]>) {
    batch.push(row);
    if (batch.length === perInsert) await flush();
  }
  await flush();
}

/** Identity columns continue after the copied rows, so the commands' inserts get fresh ids. */
async function restartIdentities(client: pg.Client, tables: Map<string, Column[]>): Promise<void> {
  for (const [table, columns] of tables) {
    for (const { column_name: column } of columns.filter((c) => c.is_identity === "YES")) {
      await client.query(
        `select setval(pg_get_serial_sequence('"${table}"', '${column}'), coalesce(max("${column}"), 0) + 1, false) from "${table}"`,
      );
    }
  }
}
