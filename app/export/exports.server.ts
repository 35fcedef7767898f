import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { recordAuditEvent } from "~/audit/audit.server";
import { csvRow } from "~/export/csv";
import { countMatching, eachMatchingRequest, type SearchRow } from "~/models/search.server";
import type { SearchFilters, SearchOrder } from "~/search/searchParams";
import { nzDateOf } from "~/workflow/nzTime";

/**
 * Exports of the auditors' filtered set, CSV and JSON, streamed a page at a
 * time so a large export never sits in memory. Every export is an audit
 * event, recorded before the first byte is sent; its hash is the chain head
 * the export states (docs/audit-chain.md).
 */

export type ExportFormat = "csv" | "json";

export interface ExportRequest extends SearchOrder {
  filters: SearchFilters;
  format: ExportFormat;
  user: { id: number; roles: readonly Role[] };
  now: Date;
  /** JSON only: a head hash the auditor already holds; the exported chain then starts right after it. */
  fromHead?: string;
}

/** Where the exported stretch of the chain starts: after seq 0 (the whole chain), or after the held head. */
export interface ChainStart {
  afterSeq: number;
  afterHash: string | null;
}

export interface RecordedExport {
  rowCount: number;
  upToId: number;
  start: ChainStart;
  event: { seq: number; hash: string };
}

function headNotInChain(head: string): Response {
  return new Response(
    `The head ${head} is not in this audit chain: it was never a head of this log, or the log has been rewritten ` +
      "or truncated since it was recorded. Export the whole chain (without fromHead) and verify it.",
    { status: 409, headers: { "Content-Type": "text/plain; charset=utf-8" } },
  );
}

/** The event a held head names; a 409 when no stored event has that hash. */
async function chainStartAfter(db: DB, fromHead: string | undefined): Promise<ChainStart> {
  if (fromHead === undefined) return { afterSeq: 0, afterHash: null };
  const held = await db.selectFrom("audit_events").select("seq").where("hash", "=", fromHead).executeTakeFirst();
  if (held === undefined) throw headNotInChain(fromHead);
  return { afterSeq: held.seq, afterHash: fromHead };
}

/** Counts what will be exported and records the export in the audit chain. */
export async function recordExport(db: DB, request: ExportRequest): Promise<RecordedExport> {
  const { filters, sort, direction, format, user, now, fromHead } = request;
  const start = await chainStartAfter(db, fromHead);
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
      JSON.stringify({ format, filters, sort, direction, rowCount: count, upToRequestId: upToId, fromHead }),
    ) as Record<string, unknown>,
  });
  return { rowCount: count, upToId, start, event };
}

/** A request as exported: its search row and who approved its endorsement, kept after a withdrawal or expiry. */
export type ExportRow = SearchRow & { approver_name: string | null; approved_at: string | null };

/** The approving review of each request's approved version, for a page of requests. */
async function approvalsOf(db: DB, rows: SearchRow[]): Promise<ExportRow[]> {
  const ids = rows.map((r) => r.id);
  const approvals =
    ids.length === 0
      ? []
      : await db
          .selectFrom("requests")
          .innerJoin("version_reviews as approval", (join) =>
            join
              .onRef("approval.version_id", "=", "requests.approved_version_id")
              .on("approval.outcome", "=", "approved"),
          )
          .innerJoin("users as approver", "approver.id", "approval.reviewer_id")
          .select(["requests.id", "approver.name", "approval.created_at"])
          .where("requests.id", "in", ids)
          .orderBy("approval.created_at")
          .execute();
  // Ordered by time: should a version ever have two approving reviews, the later one is shown.
  const byRequest = new Map(approvals.map((a) => [a.id, a]));
  return rows.map((r) => ({
    ...r,
    approver_name: byRequest.get(r.id)?.name ?? null,
    approved_at: byRequest.get(r.id)?.created_at ?? null,
  }));
}

/** The filtered set bounded to what was counted, a page at a time, with each request's approver. */
async function* exportPages(db: DB, request: ExportRequest, recorded: RecordedExport) {
  const { filters, sort, direction } = request;
  for await (const rows of eachMatchingRequest(db, {
    filters: { ...filters, upToId: recorded.upToId },
    sort,
    direction,
  })) {
    yield await approvalsOf(db, rows);
  }
}

export const CSV_COLUMNS: ReadonlyArray<[string, (r: ExportRow) => string | number | boolean | null]> = [
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
  ["approver", (r) => r.approver_name],
  ["approved_at_utc", (r) => r.approved_at],
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

/** The CSV's first line: the chain head at export, so a spreadsheet can be tied to a verified head. */
export function csvHeadLine(recorded: RecordedExport, now: Date): string {
  return csvRow([
    "audit chain head at export",
    `seq ${recorded.event.seq}`,
    recorded.event.hash,
    `exported ${now.toISOString()}`,
  ]);
}

/** UTF-8 with a byte-order mark, so spreadsheets read the macrons right; the head line, then the table. */
export function csvExportStream(db: DB, request: ExportRequest, recorded: RecordedExport): ReadableStream<Uint8Array> {
  async function* chunks() {
    yield `\uFEFF${csvHeadLine(recorded, request.now)}${csvRow(CSV_COLUMNS.map(([name]) => name))}`;
    for await (const rows of exportPages(db, request, recorded)) {
      yield rows.map((r) => csvRow(CSV_COLUMNS.map(([, value]) => value(r)))).join("");
    }
  }
  return streamOf(chunks());
}

const CHAIN_PAGE = 2_000;

/**
 * The stored events after `start` through `throughSeq`, in seq order, a page
 * at a time (keyset on seq, so both dialects serve it and memory stays flat).
 * The whole chain has no lower bound: a row slipped in below seq 1 must show.
 */
async function* chainPages(db: DB, start: ChainStart, throughSeq: number) {
  let after: number | null = start.afterHash === null ? null : start.afterSeq;
  for (;;) {
    const from = after;
    const page = await db
      .selectFrom("audit_events")
      .selectAll()
      .$if(from !== null, (q) => q.where("seq", ">", from!))
      .where("seq", "<=", throughSeq)
      .orderBy("seq")
      .limit(CHAIN_PAGE)
      .execute();
    if (page.length > 0) yield page;
    if (page.length < CHAIN_PAGE) return;
    after = page.at(-1)!.seq;
  }
}

/** The payload as the recipe hashes it (the parsed object); a text that is not JSON stays text, and fails there. */
function payloadOf(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** The seqs of each request's events up to the export's own, so the auditor can find them in the chain. */
async function eventSeqsOf(db: DB, requestIds: number[], throughSeq: number): Promise<Map<number, number[]>> {
  const byRequest = new Map<number, number[]>();
  if (requestIds.length === 0) return byRequest;
  const rows = await db
    .selectFrom("audit_events")
    .select(["request_id", "seq"])
    .where("request_id", "in", requestIds)
    .where("seq", "<=", throughSeq)
    .orderBy("request_id")
    .orderBy("seq")
    .execute();
  for (const { request_id, seq } of rows) {
    const list = byRequest.get(request_id ?? 0) ?? [];
    list.push(seq);
    byRequest.set(request_id ?? 0, list);
  }
  return byRequest;
}

export const CHAIN_RECIPE =
  "Verify `events` with the README's recipe (section 'The audit chain'): hash = lowercase hex SHA-256 of the UTF-8 " +
  "bytes of (prev_hash + C), C the RFC 8785 canonical JSON of {seq, at, actor_id, actor_role, on_behalf_of_id, " +
  "action, request_id, from_state, to_state, payload}; the first event's prev_hash is 64 zeros, or the head you " +
  "passed as fromHead. The events are the proof; `requests` is the app's current view, tied to the chain by event_seqs.";

/** Items of a JSON array written one by one: a comma before every item but the first. */
function arrayItems() {
  let first = true;
  return (text: string) => {
    const out = `${first ? "\n" : ",\n"}${text}`;
    first = false;
    return out;
  };
}

/**
 * `{ exportedAt, exportEvent, chain, filters, …, recipe, requests: [...], events: [...] }`.
 * `events` is every stored event in seq order from the first (or right after
 * the held head) through the export's own event; each request names its
 * events by `event_seqs`.
 */
export function jsonExportStream(db: DB, request: ExportRequest, recorded: RecordedExport): ReadableStream<Uint8Array> {
  const { filters, sort, direction, now } = request;
  const throughSeq = recorded.event.seq;
  async function* chunks() {
    const head = {
      exportedAt: now.toISOString(),
      exportEvent: recorded.event,
      chain: { afterSeq: recorded.start.afterSeq, afterHead: recorded.start.afterHash, throughSeq },
      filters,
      sort,
      direction,
      rowCount: recorded.rowCount,
      recipe: CHAIN_RECIPE,
    };
    yield `${JSON.stringify(head, null, 1).slice(0, -2)},\n "requests": [`;
    const item = arrayItems();
    for await (const rows of exportPages(db, request, recorded)) {
      const seqs = await eventSeqsOf(
        db,
        rows.map((r) => r.id),
        throughSeq,
      );
      yield rows.map((r) => item(JSON.stringify({ ...r, event_seqs: seqs.get(r.id) ?? [] }))).join("");
    }
    yield '\n],\n "events": [';
    const event = arrayItems();
    for await (const page of chainPages(db, recorded.start, throughSeq)) {
      yield page.map((e) => event(JSON.stringify({ ...e, payload: payloadOf(e.payload) }))).join("");
    }
    yield "\n]}\n";
  }
  return streamOf(chunks());
}

/** Named by the New Zealand date, the day the auditor downloaded it. */
export function exportFilename(format: ExportFormat, now: Date): string {
  return `tautoko-requests-${nzDateOf(now)}.${format}`;
}
