import { sql, type Kysely } from "kysely";

/**
 * The auditors' search (issue 5). SQLite-only, kept in this one module
 * (DESIGN.md "Beyond one machine"): an FTS5 index over each request's
 * reference, supplier, what was asked, the supplier's message and every
 * version's text, kept in step by triggers; and the indexes that serve the
 * search's sorts (each ends in the rowid, so (value, id) keysets seek).
 *
 * `remove_diacritics 2` folds macrons, so "Kainga" finds "Kāinga".
 */
export async function up(db: Kysely<unknown>): Promise<void> {
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

  // The search's sorts: received, deadline, decision date (reference uses the unique (year, seq)).
  await db.schema.createIndex("requests_received").on("requests").column("received_at").execute();
  await db.schema.createIndex("requests_deadline").on("requests").column("deadline_at").execute();
  await db.schema.createIndex("requests_decided").on("requests").column("decided_at").execute();
  // Filters that are selective on their own: by decider, and the default declines.
  await db.schema.createIndex("requests_decider").on("requests").columns(["decided_by", "decided_at"]).execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
