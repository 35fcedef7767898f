import { sql, type Kysely } from "kysely";
import { engineOf } from "../engine";

/**
 * The search index in the order of the default sort, so a page of free-text
 * matches by date received costs the same however many requests match. Each
 * row of `request_search` has as its rowid a key that sorts like
 * `received_at`: the request's bucket of receipt (whole seconds >> 14, about
 * 4½ hours) in the high bits and its id in the low 31. FTS5 then hands out
 * matches newest first, a few at a time, where the search used to collect
 * every match and walk the sort index. `app/search/fts.server.ts` uses the
 * same formula (bucketOf); the key need only never decrease as `received_at`
 * increases, since the exact order within a bucket is restored there.
 *
 * Prefix indexes for prefixes of 1 to 8 characters: every typed word is a
 * prefix term (ftsQueryOf), and without an index FTS5 reads and merges every
 * matching term's whole list before it can return the first match.
 *
 * SQLite's FTS5 only: PostgreSQL's index (2026-11-24-04-search) is unchanged.
 */

/** The key of a requests row `r` (an alias or new/old), as SQL text. */
const key = (r: string) => `((unixepoch(substr(${r}.received_at, 1, 19)) >> 14) << 31) | ${r}.id`;

/** Refuses a row the key cannot be made for: the order would silently be wrong. */
const refuseUnkeyable = (r: string) =>
  sql.raw(`select raise(abort, 'requests.received_at must be an ISO 8601 UTC time and requests.id below 2^31')
    where coalesce(strftime('%Y-%m-%dT%H:%M:%S', substr(${r}.received_at, 1, 19)), '') <> substr(${r}.received_at, 1, 19)
       or ${r}.id > 2147483647;`);

const row = (r: string) =>
  sql.raw(`${key(r)}, ${r}.reference,
      (select name from suppliers where id = ${r}.supplier_id),
      ${r}.asked, coalesce(${r}.original_message, ''),
      coalesce((select group_concat(text, char(10)) from endorsement_versions where request_id = ${r}.id), '')`);

export async function up(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === "postgres") return;
  const unkeyable = await sql<{ reference: string }>`select reference from requests
    where coalesce(strftime('%Y-%m-%dT%H:%M:%S', substr(received_at, 1, 19)), '') <> substr(received_at, 1, 19)
       or id > 2147483647 limit 5`.execute(db);
  if (unkeyable.rows.length > 0) {
    throw new Error(
      `Cannot index requests whose received_at is not an ISO 8601 UTC time: ${unkeyable.rows.map((r) => r.reference).join(", ")}.`,
    );
  }

  for (const trigger of [
    "request_search_insert",
    "request_search_update",
    "request_search_delete",
    "request_search_supplier_renamed",
    "request_search_version_saved",
  ]) {
    await sql`drop trigger ${sql.id(trigger)}`.execute(db);
  }
  await sql`drop table request_search`.execute(db);

  await sql`create virtual table request_search using fts5(
    reference, supplier, asked, message, versions,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8'
  )`.execute(db);
  await sql`insert into request_search (rowid, reference, supplier, asked, message, versions)
    select ${row("requests")} from requests`.execute(db);
  // One b-tree per term rather than one per batch of inserts: fewer places to look per term.
  await sql`insert into request_search (request_search) values ('optimize')`.execute(db);

  await sql`create trigger request_search_insert after insert on requests begin
    ${refuseUnkeyable("new")}
    insert into request_search (rowid, reference, supplier, asked, message, versions) values (${row("new")});
  end`.execute(db);
  await sql`create trigger request_search_update
    after update of reference, supplier_id, asked, original_message, received_at on requests begin
    ${refuseUnkeyable("new")}
    delete from request_search where rowid = ${sql.raw(key("old"))};
    insert into request_search (rowid, reference, supplier, asked, message, versions) values (${row("new")});
  end`.execute(db);
  await sql`create trigger request_search_delete after delete on requests begin
    delete from request_search where rowid = ${sql.raw(key("old"))};
  end`.execute(db);
  await sql`create trigger request_search_supplier_renamed after update of name on suppliers begin
    update request_search set supplier = new.name
      where rowid in (select ${sql.raw(key("r"))} from requests r where r.supplier_id = new.id);
  end`.execute(db);
  await sql`create trigger request_search_version_saved after insert on endorsement_versions begin
    update request_search
      set versions = (select group_concat(text, char(10)) from endorsement_versions where request_id = new.request_id)
      where rowid = (select ${sql.raw(key("r"))} from requests r where r.id = new.request_id);
  end`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
