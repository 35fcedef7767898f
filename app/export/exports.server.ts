import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { recordAuditEvent } from "~/audit/audit.server";
import { csvRow } from "~/export/csv";
import { countMatching, eachMatchingRequest, type SearchRow } from "~/models/search.server";
import type { SearchFilters, SearchOrder } from "~/search/searchParams";

/**
 * Exports of the auditors' filtered set, CSV and JSON, streamed a page of
 * requests at a time so a large export never sits in memory. Every export is
 * an audit event, recorded before the first byte is sent.
 */

export type ExportFormat = "csv" | "json";

export interface ExportRequest extends SearchOrder {
  filters: SearchFilters;
  format: ExportFormat;
  user: { id: number; roles: readonly Role[] };
  now: Date;
}

export interface RecordedExport {
  rowCount: number;
  upToId: number;
  event: { seq: number; hash: string };
}

/** Counts what will be exported and records the export in the audit chain. */
export async function recordExport(db: DB, request: ExportRequest): Promise<RecordedExport> {
  const { filters, sort, direction, format, user, now } = request;
  const { count, upToId } = await countMatching(db, filters);
  const event = await recordAuditEvent(db, {
    at: now.toISOString(),
    actorId: user.id,
    actorRole: user.roles.includes("auditor") ? "auditor" : "procurement_manager",
    onBehalfOfId: null,
    action: "audit.exported",
    requestId: null,
    fromState: null,
    toState: null,
    // Only what is set: the canonical JSON has no place for undefined.
    payload: JSON.parse(
      JSON.stringify({ format, filters, sort, direction, rowCount: count, upToRequestId: upToId }),
    ) as Record<string, unknown>,
  });
  return { rowCount: count, upToId, event };
}

export const CSV_COLUMNS: ReadonlyArray<[string, (r: SearchRow) => string | number | boolean | null]> = [
  ["reference", (r) => r.reference],
  ["supplier", (r) => r.supplier_name],
  ["supplier_nzbn", (r) => r.supplier_nzbn],
  ["request_type", (r) => r.request_type],
  ["enduring", (r) => r.enduring === 1],
  ["channel", (r) => r.channel],
  ["received_at_utc", (r) => r.received_at],
  ["logged_at_utc", (r) => r.logged_at],
  ["requester", (r) => r.requester_name],
  ["state", (r) => r.state],
  ["outcome", (r) => r.outcome],
  ["declined_by_default", (r) => r.declined_by_default === 1],
  ["deadline_at_utc", (r) => r.deadline_at],
  ["decided_at_utc", (r) => r.decided_at],
  ["decider", (r) => r.decider_name],
  ["decision_reason", (r) => r.decision_reason],
  ["exception_ground", (r) => r.exception_ground],
  ["asked", (r) => r.asked],
  ["contract_ref", (r) => r.contract_ref],
  ["approved_sha256", (r) => r.approved_sha256],
  ["valid_until_utc", (r) => r.valid_until],
];

const encoder = new TextEncoder();

/** A byte stream that pulls the next chunk only when the reader asks for it. */
function streamOf(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { value, done } = await chunks.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

/** UTF-8 with a byte-order mark, so spreadsheets read the macrons right. */
export function csvExportStream(db: DB, request: ExportRequest, recorded: RecordedExport): ReadableStream<Uint8Array> {
  const { filters, sort, direction } = request;
  async function* chunks() {
    yield `\uFEFF${csvRow(CSV_COLUMNS.map(([name]) => name))}`;
    for await (const rows of eachMatchingRequest(db, {
      filters: { ...filters, upToId: recorded.upToId },
      sort,
      direction,
    })) {
      yield rows.map((r) => csvRow(CSV_COLUMNS.map(([, value]) => value(r)))).join("");
    }
  }
  return streamOf(chunks());
}

/** An event as exported: every column, the payload as JSON, so the README's recipe re-verifies it. */
export interface ExportedEvent {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_role: string | null;
  on_behalf_of_id: number | null;
  action: string;
  request_id: number | null;
  from_state: string | null;
  to_state: string | null;
  payload: unknown;
  prev_hash: string;
  hash: string;
}

async function eventsOf(db: DB, requestIds: number[]): Promise<Map<number, ExportedEvent[]>> {
  const byRequest = new Map<number, ExportedEvent[]>();
  if (requestIds.length === 0) return byRequest;
  const rows = await db
    .selectFrom("audit_events")
    .selectAll()
    .where("request_id", "in", requestIds)
    .orderBy("request_id")
    .orderBy("seq")
    .execute();
  for (const row of rows) {
    const list = byRequest.get(row.request_id ?? 0) ?? [];
    list.push({ ...row, payload: JSON.parse(row.payload) as unknown });
    byRequest.set(row.request_id ?? 0, list);
  }
  return byRequest;
}

export const CHAIN_RECIPE =
  "hash = lowercase hex SHA-256 of the UTF-8 bytes of (prev_hash + C), where C is the RFC 8785 canonical JSON of " +
  "{seq, at, actor_id, actor_role, on_behalf_of_id, action, request_id, from_state, to_state, payload}; the first event's prev_hash is 64 zeros.";

/**
 * `{ exportedAt, exportEvent, filters, rowCount, recipe, requests: [...] }`;
 * each request carries its audit events with their chain fields. The export
 * event's hash is the chain's head when the export began: compare it with the
 * daily head emails.
 */
export function jsonExportStream(db: DB, request: ExportRequest, recorded: RecordedExport): ReadableStream<Uint8Array> {
  const { filters, sort, direction, now } = request;
  async function* chunks() {
    const head = {
      exportedAt: now.toISOString(),
      exportEvent: recorded.event,
      filters,
      sort,
      direction,
      rowCount: recorded.rowCount,
      recipe: CHAIN_RECIPE,
    };
    yield `${JSON.stringify(head, null, 1).slice(0, -2)},\n "requests": [`;
    let first = true;
    for await (const rows of eachMatchingRequest(db, {
      filters: { ...filters, upToId: recorded.upToId },
      sort,
      direction,
    })) {
      const events = await eventsOf(
        db,
        rows.map((r) => r.id),
      );
      const parts = rows.map((r) => {
        const { id, ...fields } = r;
        const text = JSON.stringify({ id, ...fields, events: events.get(id) ?? [] });
        const out = `${first ? "\n" : ",\n"}${text}`;
        first = false;
        return out;
      });
      yield parts.join("");
    }
    yield "\n]}\n";
  }
  return streamOf(chunks());
}

export function exportFilename(format: ExportFormat, now: Date): string {
  return `tautoko-requests-${now.toISOString().slice(0, 10)}.${format}`;
}
