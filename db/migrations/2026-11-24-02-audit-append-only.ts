import { sql, type Kysely } from "kysely";

/**
 * The audit table is append-only: the database itself refuses UPDATE and
 * DELETE (DESIGN.md, "Audit"). SQLite-only syntax, kept in this one module.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`create trigger audit_events_no_update before update on audit_events
    begin select raise(abort, 'audit_events is append-only: UPDATE refused'); end`.execute(db);
  await sql`create trigger audit_events_no_delete before delete on audit_events
    begin select raise(abort, 'audit_events is append-only: DELETE refused'); end`.execute(db);
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
