import { sql, type Kysely } from "kysely";
import { engineOf } from "../engine";

/**
 * The auditors' search reaches everything said about a request (issue 21,
 * item 7): besides its own fields, its comments, decision, withdrawal and
 * cancellation reasons (all kept in `decision_reason`), exception ground,
 * the requester's and the deciders' conflict-of-interest notes (the latter
 * read from the audit log), impact notes, and endorsement reviews'
 * performance notes and reasons. On SQLite they are one more FTS5 column,
 * `said`, under the same rowid key as 2026-11-25-01 (sorting like
 * `received_at`); on PostgreSQL they join the tsvector document. Triggers keep
 * both in step when a comment, a review or a decision is written.
 *
 * And `saved_searches`: an auditor's or manager's own named searches, as the
 * query string of /audit (re-parsed whenever one is run).
 */

/** What differs between the engines in building the text: joining many rows, and reading JSON text. */
interface Dialect {
  aggregate: (text: string, order: string) => string;
  /** A deciding audit event's conflict-of-interest note (`payload.conflict.note`), from alias `a`. */
  conflictNote: string;
}
const SQLITE: Dialect = {
  aggregate: (text) => `group_concat(${text}, char(10))`,
  conflictNote: `json_extract(a.payload, '$.conflict.note')`,
};
const POSTGRES: Dialect = {
  aggregate: (text, order) => `string_agg(${text}, ' ' order by ${order})`,
  conflictNote: `(a.payload::json #>> '{conflict,note}')`,
};

/**
 * What is said about request `r` (an alias or new/old) beyond its own fields,
 * as SQL text: the deciders' conflict notes are only in the audit log, read
 * here and never changed (served by the index audit_events_request).
 */
const said = (r: string, d: Dialect) =>
  `concat_ws(' ', ${r}.decision_reason, ${r}.exception_ground, ${r}.requester_conflict_note,
      ${r}.impact_public_note, ${r}.impact_performance_note,
      (select ${d.aggregate("c.body", "c.id")} from comments c where c.request_id = ${r}.id),
      (select ${d.aggregate("concat_ws(' ', e.performance_note, e.reason)", "e.id")}
        from endorsement_reviews e where e.request_id = ${r}.id),
      (select ${d.aggregate(d.conflictNote, "a.seq")}
        from audit_events a where a.request_id = ${r}.id and ${d.conflictNote} <> ''))`;

export async function up(db: Kysely<unknown>): Promise<void> {
  await createSavedSearches(db);
  if (engineOf(db) === "postgres") return postgresDocument(db);
  await sqliteIndex(db);
}

async function createSavedSearches(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("saved_searches")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("name", "text", (c) => c.notNull().check(sql`length(name) between 1 and 80`))
    .addColumn("query", "text", (c) => c.notNull().check(sql`length(query) <= 2000`))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addUniqueConstraint("saved_searches_user_name", ["user_id", "name"])
    .execute();
}

/** The key of 2026-11-25-01-search-received-order, unchanged: bucket of receipt in the high bits, id in the low 31. */
const key = (r: string) => `((unixepoch(substr(${r}.received_at, 1, 19)) >> 14) << 31) | ${r}.id`;

/** A requests row `r`'s key and every column of the index, as SQL text. */
const row = (r: string) =>
  sql.raw(`${key(r)}, ${r}.reference,
      (select name from suppliers where id = ${r}.supplier_id),
      ${r}.asked, coalesce(${r}.original_message, ''),
      coalesce((select group_concat(text, char(10)) from endorsement_versions where request_id = ${r}.id), ''),
      ${said(r, SQLITE)}`);

const COLUMNS = sql.raw("rowid, reference, supplier, asked, message, versions, said");

/** Sets the `said` column of request `id`'s row (SQL text for a trigger body). */
const refreshSaid = (id: string) =>
  sql.raw(`update request_search set said = (select ${said("r", SQLITE)} from requests r where r.id = ${id})
      where rowid = (select ${key("r")} from requests r where r.id = ${id});`);

async function sqliteIndex(db: Kysely<unknown>): Promise<void> {
  // FTS5 cannot add a column: the table and its triggers are made again, with the same key and prefixes.
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
    reference, supplier, asked, message, versions, said,
    tokenize = 'unicode61 remove_diacritics 2',
    prefix = '1 2 3 4 5 6 7 8'
  )`.execute(db);
  await sql`insert into request_search (${COLUMNS}) select ${row("requests")} from requests`.execute(db);
  await sql`insert into request_search (request_search) values ('optimize')`.execute(db);

  // Every request has a key by now: 2026-11-25-01 refused the rest, and its insert trigger still would.
  await sql`create trigger request_search_insert after insert on requests begin
    select raise(abort, 'requests.received_at must be an ISO 8601 UTC time and requests.id below 2^31')
      where coalesce(strftime('%Y-%m-%dT%H:%M:%S', substr(new.received_at, 1, 19)), '') <> substr(new.received_at, 1, 19)
         or new.id > 2147483647;
    insert into request_search (${COLUMNS}) values (${row("new")});
  end`.execute(db);
  await sql`create trigger request_search_update
    after update of reference, supplier_id, asked, original_message, received_at, decision_reason,
      exception_ground, requester_conflict_note, impact_public_note, impact_performance_note on requests begin
    select raise(abort, 'requests.received_at must be an ISO 8601 UTC time and requests.id below 2^31')
      where coalesce(strftime('%Y-%m-%dT%H:%M:%S', substr(new.received_at, 1, 19)), '') <> substr(new.received_at, 1, 19)
         or new.id > 2147483647;
    delete from request_search where rowid = ${sql.raw(key("old"))};
    insert into request_search (${COLUMNS}) values (${row("new")});
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
  await sql`create trigger request_search_comment_added after insert on comments begin
    ${refreshSaid("new.request_id")}
  end`.execute(db);
  await sql`create trigger request_search_review_added after insert on endorsement_reviews begin
    ${refreshSaid("new.request_id")}
  end`.execute(db);
  // Reads the new audit event, never writes it: the log stays append-only.
  await sql`create trigger request_search_conflict_declared after insert on audit_events
    when new.request_id is not null and coalesce(json_extract(new.payload, '$.conflict.note'), '') <> '' begin
    ${refreshSaid("new.request_id")}
  end`.execute(db);
}

/** PostgreSQL: the document of 2026-11-24-04-search, and what is said, in step by the same kind of triggers. */
async function postgresDocument(db: Kysely<unknown>): Promise<void> {
  await sql`create or replace function request_search_document(rid integer) returns tsvector language sql stable as $$
    select to_tsvector('tautoko_search', regexp_replace(concat_ws(' ', r.reference, s.name, r.asked,
        coalesce(r.original_message, ''),
        (select string_agg(v.text, ' ' order by v.number) from endorsement_versions v where v.request_id = r.id),
        ${sql.raw(said("r", POSTGRES))}),
      '[^[:alnum:]]+', ' ', 'g'))
    from requests r join suppliers s on s.id = r.supplier_id where r.id = rid $$`.execute(db);
  await sql`create or replace function request_search_refresh() returns trigger language plpgsql as $$
    begin
      if tg_table_name = 'requests' then
        insert into request_search (request_id, document) values (new.id, request_search_document(new.id))
          on conflict (request_id) do update set document = excluded.document;
      elsif tg_table_name in ('endorsement_versions', 'comments', 'endorsement_reviews', 'audit_events') then
        update request_search set document = request_search_document(new.request_id) where request_id = new.request_id;
      else
        update request_search set document = request_search_document(request_id)
          where request_id in (select id from requests where supplier_id = new.id);
      end if;
      return null;
    end $$`.execute(db);
  await sql`drop trigger request_search_insert on requests`.execute(db);
  await sql`create trigger request_search_insert after insert or update of reference, supplier_id, asked,
      original_message, decision_reason, exception_ground, requester_conflict_note, impact_public_note,
      impact_performance_note
    on requests for each row execute function request_search_refresh()`.execute(db);
  await sql`create trigger request_search_comment_added after insert on comments
    for each row execute function request_search_refresh()`.execute(db);
  await sql`create trigger request_search_review_added after insert on endorsement_reviews
    for each row execute function request_search_refresh()`.execute(db);
  // Reads the new audit event, never writes it: the log stays append-only.
  await sql`create trigger request_search_conflict_declared after insert on audit_events
    for each row when (new.request_id is not null and coalesce(new.payload::json #>> '{conflict,note}', '') <> '')
    execute function request_search_refresh()`.execute(db);
  await sql`update request_search set document = request_search_document(request_id)`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
