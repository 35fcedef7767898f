import { sql, type Kysely } from "kysely";
import { engineOf } from "../engine";

/**
 * The audit table is append-only: the database itself refuses UPDATE and
 * DELETE (DESIGN.md, "Audit"). Each engine spells its triggers its own way;
 * PostgreSQL also refuses TRUNCATE and takes the privileges away.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (engineOf(db) === "postgres") return refuseOnPostgres(db);
  await sql`create trigger audit_events_no_update before update on audit_events
    begin select raise(abort, 'audit_events is append-only: UPDATE refused'); end`.execute(db);
  await sql`create trigger audit_events_no_delete before delete on audit_events
    begin select raise(abort, 'audit_events is append-only: DELETE refused'); end`.execute(db);
}

async function refuseOnPostgres(db: Kysely<unknown>): Promise<void> {
  await sql`create function audit_events_refuse() returns trigger language plpgsql as $$
    begin raise exception 'audit_events is append-only: % refused', tg_op; end $$`.execute(db);
  await sql`create trigger audit_events_no_update before update on audit_events
    for each row execute function audit_events_refuse()`.execute(db);
  await sql`create trigger audit_events_no_delete before delete on audit_events
    for each row execute function audit_events_refuse()`.execute(db);
  await sql`create trigger audit_events_no_truncate before truncate on audit_events
    for each statement execute function audit_events_refuse()`.execute(db);
  // The owner (the app's role, which ran this) keeps only SELECT and INSERT; a superuser bypasses grants, not triggers.
  await sql`revoke update, delete, truncate on audit_events from public, current_user`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
