import type { DB } from "#db/client";
import type { NewRequest } from "#db/schema";
import { recordAuditEvent } from "~/audit/audit.server";

/** Rows written straight into a test database, so each test states its own known answers. */

export async function addSupplier(db: DB, name: string): Promise<number> {
  const { id } = await db
    .insertInto("suppliers")
    .values({ name, created_at: "2026-01-01T00:00:00.000Z" })
    .returning("id")
    .executeTakeFirstOrThrow();
  return id;
}

let nextSeq = 1;

export async function addRequest(
  db: DB,
  fields: Partial<NewRequest> & Pick<NewRequest, "supplier_id" | "requester_id" | "received_at">,
): Promise<{ id: number; reference: string }> {
  const seq = fields.seq ?? nextSeq++;
  const year = fields.year ?? 2026;
  const logged = fields.logged_at ?? fields.received_at;
  const row = {
    reference: `END-${year}-${String(seq).padStart(4, "0")}`,
    year,
    seq,
    request_type: "written_reference",
    enduring: 1,
    channel: "email",
    asked: "A written reference",
    original_message: null,
    contract_ref: null,
    requester_conflict: 0,
    requester_conflict_note: null,
    logged_at: logged,
    state: "escalated",
    outcome: "decline",
    deadline_at: "2027-01-01T11:00:00.000Z",
    declined_by_default: 0,
    updated_at: logged,
    logged_by_id: fields.requester_id,
    ...fields,
  } as NewRequest;
  const { id } = await db.insertInto("requests").values(row).returning("id").executeTakeFirstOrThrow();
  return { id, reference: row.reference };
}

export async function addEvent(
  db: DB,
  requestId: number | null,
  action: string,
  payload: Record<string, unknown> = {},
  at = "2026-11-20T01:00:00.000Z",
) {
  return recordAuditEvent(db, {
    at,
    actorId: null,
    actorRole: "system",
    onBehalfOfId: null,
    action,
    requestId,
    fromState: null,
    toState: null,
    payload,
  });
}
