import { sql, type Kysely } from "kysely";

/** Users, sessions, suppliers, requests, attachments, comments, delegations, audit chain, outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable("users")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull().unique())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("password_hash", "text", (c) => c.notNull())
    .addColumn("active", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("disabled_at", "text")
    .execute();

  await db.schema
    .createTable("user_roles")
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("role", "text", (c) =>
      c.notNull().check(sql`role in ('staff', 'procurement_manager', 'auditor', 'admin')`),
    )
    .addColumn("granted_at", "text", (c) => c.notNull())
    .addColumn("granted_by", "integer", (c) => c.references("users.id"))
    .addPrimaryKeyConstraint("user_roles_pk", ["user_id", "role"])
    .execute();

  await db.schema
    .createTable("sessions")
    .addColumn("id", "text", (c) => c.primaryKey())
    .addColumn("user_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("csrf_token", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("last_seen_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sessions_user").on("sessions").column("user_id").execute();

  await db.schema
    .createTable("sign_in_attempts")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("email", "text", (c) => c.notNull())
    .addColumn("ip", "text", (c) => c.notNull())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("succeeded", "integer", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("sign_in_attempts_email").on("sign_in_attempts").columns(["email", "at"]).execute();
  await db.schema.createIndex("sign_in_attempts_ip").on("sign_in_attempts").columns(["ip", "at"]).execute();

  await db.schema
    .createTable("suppliers")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("name", "text", (c) => c.notNull())
    .addColumn("nzbn", "text")
    .addColumn("contact_email", "text")
    .addColumn("merged_into_id", "integer", (c) => c.references("suppliers.id"))
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("suppliers_name").on("suppliers").column("name").execute();

  await db.schema
    .createTable("reference_counters")
    .addColumn("year", "integer", (c) => c.primaryKey())
    .addColumn("last_seq", "integer", (c) => c.notNull())
    .execute();

  await db.schema
    .createTable("requests")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("reference", "text", (c) => c.notNull().unique())
    .addColumn("year", "integer", (c) => c.notNull())
    .addColumn("seq", "integer", (c) => c.notNull())
    .addColumn("supplier_id", "integer", (c) => c.notNull().references("suppliers.id"))
    .addColumn("request_type", "text", (c) => c.notNull())
    .addColumn("enduring", "integer", (c) => c.notNull())
    .addColumn("channel", "text", (c) => c.notNull())
    .addColumn("received_at", "text", (c) => c.notNull())
    .addColumn("asked", "text", (c) => c.notNull())
    .addColumn("original_message", "text")
    .addColumn("contract_ref", "text")
    .addColumn("requester_conflict", "integer", (c) => c.notNull())
    .addColumn("requester_conflict_note", "text")
    .addColumn("requester_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("logged_at", "text", (c) => c.notNull())
    .addColumn("state", "text", (c) =>
      c
        .notNull()
        .check(
          sql`state in ('escalated', 'drafting', 'in_review', 'approved', 'declined', 'cancelled', 'withdrawn', 'expired')`,
        ),
    )
    .addColumn("outcome", "text", (c) => c.notNull().check(sql`outcome in ('decline', 'endorse')`))
    .addColumn("deadline_at", "text", (c) => c.notNull())
    .addColumn("reminder_sent_for", "text")
    .addColumn("declined_by_default", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("decided_at", "text")
    .addColumn("decided_by", "integer", (c) => c.references("users.id"))
    .addColumn("decision_reason", "text")
    .addColumn("exception_ground", "text")
    .addColumn("impact_public_risk", "text")
    .addColumn("impact_public_note", "text")
    .addColumn("impact_performance_risk", "text")
    .addColumn("impact_performance_note", "text")
    .addColumn("drafting_allowed_at", "text")
    .addColumn("revision", "integer", (c) => c.notNull().defaultTo(1))
    .addColumn("updated_at", "text", (c) => c.notNull())
    .addUniqueConstraint("requests_year_seq", ["year", "seq"])
    .execute();
  // "My requests", the managers' queue (undecided, nearest deadline first) and the sweeps.
  await db.schema.createIndex("requests_requester").on("requests").columns(["requester_id", "logged_at"]).execute();
  await db.schema.createIndex("requests_state_deadline").on("requests").columns(["state", "deadline_at"]).execute();
  await db.schema.createIndex("requests_supplier").on("requests").column("supplier_id").execute();

  await db.schema
    .createTable("attachments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id"))
    .addColumn("filename", "text", (c) => c.notNull())
    .addColumn("content_type", "text", (c) => c.notNull())
    .addColumn("size", "integer", (c) => c.notNull())
    .addColumn("sha256", "text", (c) => c.notNull())
    .addColumn("content", "blob", (c) => c.notNull())
    .addColumn("uploaded_at", "text", (c) => c.notNull())
    .addColumn("uploaded_by", "integer", (c) => c.notNull().references("users.id"))
    .execute();
  await db.schema.createIndex("attachments_request").on("attachments").column("request_id").execute();

  await db.schema
    .createTable("comments")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("request_id", "integer", (c) => c.notNull().references("requests.id"))
    .addColumn("author_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("body", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("comments_request").on("comments").columns(["request_id", "id"]).execute();

  await db.schema
    .createTable("delegations")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("manager_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("delegate_id", "integer", (c) => c.notNull().references("users.id"))
    .addColumn("starts_on", "text", (c) => c.notNull())
    .addColumn("ends_on", "text", (c) => c.notNull())
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("revoked_at", "text")
    .execute();
  await db.schema.createIndex("delegations_delegate").on("delegations").columns(["delegate_id", "ends_on"]).execute();

  await db.schema
    .createTable("audit_events")
    .addColumn("seq", "integer", (c) => c.primaryKey())
    .addColumn("at", "text", (c) => c.notNull())
    .addColumn("actor_id", "integer")
    .addColumn("actor_role", "text")
    .addColumn("on_behalf_of_id", "integer")
    .addColumn("action", "text", (c) => c.notNull())
    .addColumn("request_id", "integer")
    .addColumn("from_state", "text")
    .addColumn("to_state", "text")
    .addColumn("payload", "text", (c) => c.notNull())
    .addColumn("prev_hash", "text", (c) => c.notNull())
    .addColumn("hash", "text", (c) => c.notNull())
    .execute();
  await db.schema.createIndex("audit_events_request").on("audit_events").columns(["request_id", "seq"]).execute();

  await db.schema
    .createTable("outbox")
    .addColumn("id", "integer", (c) => c.primaryKey().autoIncrement())
    .addColumn("message_id", "text", (c) => c.notNull().unique())
    .addColumn("template", "text", (c) => c.notNull())
    .addColumn("to_addresses", "text", (c) => c.notNull())
    .addColumn("subject", "text", (c) => c.notNull())
    // Rendered from `props` by the dispatcher when left null at queue time (rendering is kept out of the decision's transaction).
    .addColumn("html", "text")
    .addColumn("text", "text")
    .addColumn("props", "text")
    .addColumn("request_id", "integer")
    .addColumn("created_at", "text", (c) => c.notNull())
    .addColumn("status", "text", (c) => c.notNull().check(sql`status in ('pending', 'sent')`))
    .addColumn("attempts", "integer", (c) => c.notNull().defaultTo(0))
    .addColumn("next_attempt_at", "text", (c) => c.notNull())
    .addColumn("claimed_until", "text")
    .addColumn("last_error", "text")
    .addColumn("sent_at", "text")
    .execute();
  await db.schema.createIndex("outbox_due").on("outbox").columns(["status", "next_attempt_at"]).execute();
  await db.schema.createIndex("outbox_request").on("outbox").columns(["request_id", "id"]).execute();

  await db.schema
    .createTable("job_runs")
    .addColumn("key", "text", (c) => c.primaryKey())
    .addColumn("ran_at", "text", (c) => c.notNull())
    .execute();
}

export async function down(): Promise<void> {
  throw new Error("Migrations are forward-only: restore a backup instead.");
}
