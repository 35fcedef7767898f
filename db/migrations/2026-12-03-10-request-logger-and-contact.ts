import type { Kysely } from "kysely";

/**
 * Who logged a request, kept apart from who follows it now: separation of
 * duties is decided on the logger, which a reassignment must never change.
 * Backfilled from each request's `request.logged` audit event, the history's
 * own record, since a reassignment before this migration rewrote
 * `requester_id`. Also the supplier contact a request arrived with, so
 * logging never has to touch the shared supplier record.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a migration runs against the schema as it was, not as `DB` types it now
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable("requests")
    .addColumn("logged_by_id", "integer", (c) => c.references("users.id"))
    .execute();
  await db.schema.alterTable("requests").addColumn("contact_email", "text").execute();
  await db
    .updateTable("requests")
    .set((eb) => ({
      logged_by_id: eb.fn.coalesce(
        eb
          .selectFrom("audit_events")
          .select("audit_events.actor_id")
          .whereRef("audit_events.request_id", "=", "requests.id")
          .where("audit_events.action", "=", "request.logged")
          .orderBy("audit_events.seq")
          .limit(1),
        eb.ref("requests.requester_id"),
      ),
    }))
    .execute();
  await db.schema.createIndex("requests_logged_by").on("requests").column("logged_by_id").execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
