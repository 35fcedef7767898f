import { sql, type Kysely } from "kysely";
import { engineOf } from "../engine";

/**
 * The auditors' search (issue 5). SQLite-only, kept in this one module
 * (DESIGN.md "Beyond one machine"): an FTS5 index over each request's
 * reference, supplier, what was asked, the supplier's message and every
 * version's text, kept in step by triggers; and the indexes that serve the
 * search's sorts (each ends in the rowid, so (value, id) keysets seek).
 *
 * `remove_diacritics 2` folds macrons, so "Kainga" finds "Kāinga".
 * PostgreSQL has its own index instead (postgresSearch below).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await createSortIndexes(db);
  if (engineOf(db) === "postgres") return postgresSearch(db);
  await sql`create virtual table request_search using fts5(
    reference, supplier, asked, message, versions,
    tokenize = 'unicode61 remove_diacritics 2'
  )`.execute(db);

  const row = (r: string) =>
    sql.raw(`${r}.id, ${r}.reference,
      (select name from suppliers where id = ${r}.supplier_id),
      ${r}.asked, coalesce(${r}.original_message, ''),
      coalesce((select group_concat(text, char(10)) from endorsement_versions where request_id = ${r}.id), '')`);

  await sql`insert into request_search (rowid, reference, supplier, asked, message, versions)
    select ${row("requests")} from requests`.execute(db);

  await sql`create trigger request_search_insert after insert on requests begin
    insert into request_search (rowid, reference, supplier, asked, message, versions) values (${row("new")});
  end`.execute(db);
  await sql`create trigger request_search_update
    after update of reference, supplier_id, asked, original_message on requests begin
    delete from request_search where rowid = old.id;
    insert into request_search (rowid, reference, supplier, asked, message, versions) values (${row("new")});
  end`.execute(db);
  await sql`create trigger request_search_delete after delete on requests begin
    delete from request_search where rowid = old.id;
  end`.execute(db);
  await sql`create trigger request_search_supplier_renamed after update of name on suppliers begin
    update request_search set supplier = new.name
      where rowid in (select id from requests where supplier_id = new.id);
  end`.execute(db);
  await sql`create trigger request_search_version_saved after insert on endorsement_versions begin
    update request_search
      set versions = (select group_concat(text, char(10)) from endorsement_versions where request_id = new.request_id)
      where rowid = new.request_id;
  end`.execute(db);
}

async function createSortIndexes(db: Kysely<unknown>): Promise<void> {
  // The search's sorts: received, deadline, decision date (reference uses the unique (year, seq)).
  await db.schema.createIndex("requests_received").on("requests").column("received_at").execute();
  await db.schema.createIndex("requests_deadline").on("requests").column("deadline_at").execute();
  await db.schema.createIndex("requests_decided").on("requests").column("decided_at").execute();
  // Filters that are selective on their own: by decider, and the default declines.
  await db.schema.createIndex("requests_decider").on("requests").columns(["decided_by", "decided_at"]).execute();
}

/**
 * PostgreSQL's free-text search (app/search/tsvector.server.ts): one tsvector
 * per request over the same five texts, kept in step by triggers, in a GIN
 * index. Words are split at every character that is not a letter or digit,
 * as FTS5's unicode61 does, and `unaccent` folds macrons ("Kainga" finds
 * "Kāinga"); the database's LC_CTYPE must be a UTF-8 locale for the split.
 */
async function postgresSearch(db: Kysely<unknown>): Promise<void> {
  await sql`create extension if not exists unaccent`.execute(db);
  await sql`create text search configuration tautoko_search (copy = simple)`.execute(db);
  await sql`alter text search configuration tautoko_search
    alter mapping for asciiword, word, numword, asciihword, hword, numhword, hword_asciipart, hword_part, hword_numpart
    with unaccent, simple`.execute(db);
  await sql`create table request_search (
    request_id integer primary key references requests (id) on delete cascade,
    document tsvector not null
  )`.execute(db);
  await sql`create index request_search_document on request_search using gin (document)`.execute(db);
  await sql`create function request_search_document(rid integer) returns tsvector language sql stable as $$
    select to_tsvector('tautoko_search', regexp_replace(concat_ws(' ', r.reference, s.name, r.asked,
        coalesce(r.original_message, ''),
        (select string_agg(v.text, ' ' order by v.number) from endorsement_versions v where v.request_id = r.id)),
      '[^[:alnum:]]+', ' ', 'g'))
    from requests r join suppliers s on s.id = r.supplier_id where r.id = rid $$`.execute(db);
  await sql`create function request_search_refresh() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'requests' then
        insert into request_search (request_id, document) values (new.id, request_search_document(new.id))
          on conflict (request_id) do update set document = excluded.document;
      elsif tg_table_name = 'endorsement_versions' then
        update request_search set document = request_search_document(new.request_id) where request_id = new.request_id;
      else
        update request_search set document = request_search_document(request_id)
          where request_id in (select id from requests where supplier_id = new.id);
      end if;
      return null;
    end $$`.execute(db);
  await sql`create trigger request_search_insert after insert or update of reference, supplier_id, asked, original_message
    on requests for each row execute function request_search_refresh()`.execute(db);
  await sql`create trigger request_search_version_saved after insert on endorsement_versions
    for each row execute function request_search_refresh()`.execute(db);
  await sql`create trigger request_search_supplier_renamed after update of name on suppliers
    for each row execute function request_search_refresh()`.execute(db);
  await sql`insert into request_search (request_id, document) select id, request_search_document(id) from requests`.execute(
    db,
  );
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
