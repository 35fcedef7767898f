import type { Kysely } from "kysely";

/**
 * What the journeys walk found missing (issue 20):
 * - `form_keys`: the idempotency key minted with each rendered form, claimed
 *   once by the post that used it, so a second identical post stores nothing;
 * - `requests.permitted_use`: where the manager approved the endorsement may
 *   be used, the only thing the supplier's terms say about use;
 * - `requests.supplier_notice_sent_at`: when the supplier's contact was sent
 *   the decline notice, so it is offered, and sent, at most once.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("form_keys")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("form_key", "text", (c) => c.notNull())
    .addColumn("used_at", "text", (c) => c.notNull())
    .addPrimaryKeyConstraint("form_keys_pk", ["user_id", "form_key"])
    .execute();
  await db.schema.createIndex("form_keys_used_at").on("form_keys").column("used_at").execute();
  await db.schema.alterTable("requests").addColumn("permitted_use", "text").execute();
  await db.schema.alterTable("requests").addColumn("supplier_notice_sent_at", "text").execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
