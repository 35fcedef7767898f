import type { Kysely } from "kysely";

/**
 * The link between an account here and a person at an OpenID provider: the
 * provider's issuer and its stable subject id (never the email, which can be
 * renamed or reassigned). One person per issuer and subject. The last ID
 * token the provider issued them is kept as the hint for signing out there
 * (RP-initiated logout: Okta and Keycloak need it to return people here).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("identities")
    .addColumn("issuer", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("linked_at", "text", (c) => c.notNull())
    .addColumn("last_id_token", "text")
    .addPrimaryKeyConstraint("identities_pk", ["issuer", "subject"])
    .execute();
  await db.schema.createIndex("identities_user").on("identities").column("user_id").execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
