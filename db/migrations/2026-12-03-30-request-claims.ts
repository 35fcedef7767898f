import type { Kysely } from "kysely";

/**
 * "I'm handling this" (issue 21, item 4): at most one manager or acting
 * delegate holds a request at a time, so the others see who is on it. A
 * release deletes the row; the audit log keeps who held it and when.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("request_claims")
    .addColumn("request_id", "integer", (c) => c.primaryKey().references("requests.id"))
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("claimed_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
