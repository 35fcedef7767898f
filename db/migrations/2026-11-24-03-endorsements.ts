import { sql, type Kysely } from "kysely";

/** Endorsement versions, their consents, review attestations, approvals and periodic reviews. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("endorsement_versions")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id"))
    .addColumn("number", "integer", (c) => c.notNull())
    .addColumn("based_on", "integer")
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("text", "text", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("findings", "text", (c) => c.notNull())
    .addColumn("ruleset_version", "text", (c) => c.notNull())
    .addUniqueConstraint("endorsement_versions_number", ["request_id", "number"])
    .execute();

  await db.schema
    .createTable("version_consents")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("version_id", "integer", (c) => c.notNull().references("endorsement_versions.id"))
    .addColumn("person_name", "text", (c) => c.notNull())
    .addColumn("relation", "text", (c) => c.notNull().check(sql`relation in ('colleague', 'customer', 'contractor')`))
    .addColumn("consent", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("version_consents_version").on("version_consents").column("version_id").execute();

  // A manager's review of one version: attestations, waivers and acknowledgements (JSON), made at approval.
  await db.schema
    .createTable("version_reviews")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id"))
    .addColumn("version_id", "integer", (c) => c.notNull().references("endorsement_versions.id"))
    .addColumn("reviewer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("outcome", "text", (c) =>
      c.notNull().check(sql`outcome in ('approved', 'changes_requested', 'declined')`),
    )
    .addColumn("review", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("version_reviews_request").on("version_reviews").columns(["request_id", "id"]).execute();

  // Periodic reviews of an approved, enduring endorsement.
  await db.schema
    .createTable("endorsement_reviews")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id"))
    .addColumn("reviewer_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("performance_note", "text", (c) => c.notNull())
    .addColumn("confirmed", "integer", (c) => c.notNull())
    .addColumn("previous_valid_until", "text")
    .addColumn("new_valid_until", "text")
    .addColumn("reason", "text")
    .execute();
  await db.schema
    .createIndex("endorsement_reviews_request")
    .on("endorsement_reviews")
    .columns(["request_id", "id"])
    .execute();

  await db.schema.alterTable("requests").addColumn("approved_version_id", "integer").execute();
  await db.schema.alterTable("requests").addColumn("approved_sha256", "text").execute();
  await db.schema.alterTable("requests").addColumn("valid_until", "text").execute();
  await db.schema.alterTable("requests").addColumn("review_reminder_sent_for", "text").execute();
  // The register (approved endorsements by valid-until) and the expiry sweep.
  await db.schema.createIndex("requests_state_valid_until").on("requests").columns(["state", "valid_until"]).execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
