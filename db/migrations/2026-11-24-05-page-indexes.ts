import type { Kysely } from "kysely";

/** Indexes that let the filtered search pages walk one state in date order (found by the benchmark). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex("requests_state_received").on("requests").columns(["state", "received_at"]).execute();
  await db.schema.createIndex("requests_state_logged").on("requests").columns(["state", "logged_at"]).execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
