import { sql, type ExpressionBuilder, type SelectQueryBuilder } from "kysely";
import type { DB } from "#db/client";
import type { Database } from "#db/schema";
import { ftsQueryOf, requestMatches } from "~/search/fts.server";
import type { DayRange, SearchFilters, SearchOrder, SearchQuery, SortKey } from "~/search/searchParams";
import { endOfNzDay, startOfNzDay } from "~/workflow/nzTime";

/**
 * The auditors' search over every request: filters, four sorts, and keyset
 * pagination on (sort value, id), each sort served by an index of the
 * migration 2026-11-24-04-search, so a page costs the same at row 200,000
 * as at row 1.
 */

export const SEARCH_PAGE_SIZE = 25;

type Requests = ExpressionBuilder<Database, "requests">;

function searchBase(db: DB) {
  return db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .innerJoin("users as requester", "requester.id", "requests.requester_id")
    .leftJoin("users as decider", "decider.id", "requests.decided_by")
    .select([
      "requests.id",
      "requests.reference",
      "requests.year",
      "requests.seq",
      "requests.request_type",
      "requests.enduring",
      "requests.channel",
      "requests.state",
      "requests.outcome",
      "requests.received_at",
      "requests.logged_at",
      "requests.deadline_at",
      "requests.decided_at",
      "requests.declined_by_default",
      "requests.decision_reason",
      "requests.exception_ground",
      "requests.asked",
      "requests.contract_ref",
      "requests.approved_sha256",
      "requests.valid_until",
      "suppliers.name as supplier_name",
      "suppliers.nzbn as supplier_nzbn",
      "requester.name as requester_name",
      "decider.name as decider_name",
    ]);
}

export type SearchRow = Awaited<ReturnType<ReturnType<typeof searchBase>["execute"]>>[number];

type Column = "requests.received_at" | "requests.logged_at" | "requests.decided_at";

function inDays<QB extends SelectQueryBuilder<Database, "requests", unknown>>(q: QB, column: Column, days: DayRange | undefined): QB {
  let out = q;
  if (days?.from) out = out.where(column, ">=", startOfNzDay(days.from)) as QB;
  // The "to" day is included: up to the following NZ midnight.
  if (days?.to) out = out.where(column, "<", endOfNzDay(days.to)) as QB;
  return out;
}

/** The requests matching the filters (no order, no paging). */
function applyFilters<QB extends SelectQueryBuilder<Database, "requests", unknown>>(q: QB, f: SearchFilters): QB {
  let out = q;
  if (f.text) {
    const fts = ftsQueryOf(f.text);
    // Typed text with nothing searchable in it (only punctuation) filters nothing out.
    if (fts) out = out.where(requestMatches(fts)) as QB;
  }
  if (f.states?.length) out = out.where("requests.state", "in", f.states) as QB;
  if (f.outcome) out = out.where("requests.outcome", "=", f.outcome) as QB;
  if (f.type) out = out.where("requests.request_type", "=", f.type) as QB;
  if (f.supplierId) {
    const id = f.supplierId;
    // A supplier an admin merged into this one counts as this one.
    out = out.where("requests.supplier_id", "in", (eb: Requests) =>
      eb.selectFrom("suppliers as s").select("s.id").where((w) => w.or([w("s.id", "=", id), w("s.merged_into_id", "=", id)])),
    ) as QB;
  }
  if (f.deciderId) out = out.where("requests.decided_by", "=", f.deciderId) as QB;
  out = inDays(out, "requests.received_at", f.received);
  out = inDays(out, "requests.logged_at", f.logged);
  out = inDays(out, "requests.decided_at", f.decided);
  if (f.declinedByDefault) out = out.where("requests.declined_by_default", "=", 1) as QB;
  if (f.hasWaivers) {
    // An approval that waived at least one error finding (ReviewRecord.waivers in app/workflow/review.ts).
    out = out.where((eb: Requests) =>
      eb.exists(
        eb
          .selectFrom("version_reviews as vr")
          .select(sql`1`.as("one"))
          .whereRef("vr.request_id", "=", "requests.id")
          .where("vr.outcome", "=", "approved")
          .where(sql<boolean>`json_array_length(vr.review, '$.waivers') > 0`),
      ),
    ) as QB;
  }
  if (f.upToId) out = out.where("requests.id", "<=", f.upToId) as QB;
  return out;
}

/** How many requests match, and the last request id counted, so an export can be bounded to what was counted. */
export async function countMatching(db: DB, filters: SearchFilters): Promise<{ count: number; upToId: number }> {
  const last = await db.selectFrom("requests").select("id").orderBy("id", "desc").limit(1).executeTakeFirst();
  const upToId = last?.id ?? 0;
  const q = applyFilters(
    db.selectFrom("requests").select(sql<number>`count(*)`.as("n")),
    { ...filters, upToId },
  );
  const { n } = await q.executeTakeFirstOrThrow();
  return { count: Number(n), upToId };
}

const SORT_COLUMN = {
  received: "requests.received_at",
  deadline: "requests.deadline_at",
  decided: "requests.decided_at",
} as const;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/;

/** Where a page ends, as text for the next page's link: the sort value and the id. */
export function cursorOf(row: Pick<SearchRow, "id" | "reference" | "received_at" | "deadline_at" | "decided_at">, sort: SortKey): string {
  const value = sort === "reference" ? row.reference : sort === "received" ? row.received_at : sort === "deadline" ? row.deadline_at : row.decided_at;
  return `${value ?? ""}~${row.id}`;
}

type Cursor = { kind: "time"; value: string; id: number } | { kind: "reference"; year: number; seq: number };

/** A cursor from a URL; null when malformed (the search then starts at the first page). */
function parseCursor(text: string | undefined, sort: SortKey): Cursor | null {
  const m = text ? /^(.+)~(\d{1,15})$/.exec(text) : null;
  if (!m) return null;
  const [, value = "", id] = m;
  if (sort === "reference") {
    const ref = /^END-(\d{4})-(\d{1,9})$/.exec(value);
    return ref ? { kind: "reference", year: Number(ref[1]), seq: Number(ref[2]) } : null;
  }
  return ISO.test(value) ? { kind: "time", value, id: Number(id) } : null;
}

function ordered<QB extends SelectQueryBuilder<Database, "requests", unknown>>(q: QB, order: SearchOrder, after: string | undefined): QB {
  const { sort, direction } = order;
  const cmp = direction === "asc" ? ">" : "<";
  const cursor = parseCursor(after, sort);
  if (sort === "reference") {
    // (year, seq) is unique and indexed: END-2026-10000 comes after END-2026-9999, unlike the text.
    let out = q;
    if (cursor?.kind === "reference") {
      out = out.where((eb: Requests) => eb(eb.refTuple("requests.year", "requests.seq"), cmp, eb.tuple(cursor.year, cursor.seq))) as QB;
    }
    return out.orderBy("requests.year", direction).orderBy("requests.seq", direction) as QB;
  }
  const column = SORT_COLUMN[sort];
  let out = q;
  // By decision date, only decided requests have a place in the order.
  if (sort === "decided") out = out.where("requests.decided_at", "is not", null) as QB;
  if (cursor?.kind === "time") {
    out = out.where((eb: Requests) => eb(eb.refTuple(column, "requests.id"), cmp, eb.tuple(cursor.value, cursor.id))) as QB;
  }
  return out.orderBy(column, direction).orderBy("requests.id", direction) as QB;
}

/** The query for one page (exported so a test can ask SQLite how it runs). */
export function searchPageQuery(db: DB, query: SearchQuery, limit: number) {
  return ordered(applyFilters(searchBase(db), query.filters), query, query.after).limit(limit);
}

/** One page of the search, and the cursor of the next (null on the last page). */
export async function searchRequests(
  db: DB,
  query: SearchQuery,
  options: { pageSize?: number } = {},
): Promise<{ rows: SearchRow[]; next: string | null }> {
  const size = options.pageSize ?? SEARCH_PAGE_SIZE;
  const rows = await searchPageQuery(db, query, size + 1).execute();
  const shown = rows.slice(0, size);
  const last = shown.at(-1);
  return { rows: shown, next: rows.length > size && last ? cursorOf(last, query.sort) : null };
}

/** Every matching request, a page at a time, for the exports: memory stays flat however many match. */
export async function* eachMatchingRequest(db: DB, query: Omit<SearchQuery, "after">, pageSize = 500): AsyncGenerator<SearchRow[]> {
  let after: string | undefined;
  for (;;) {
    const page = await searchRequests(db, { ...query, ...(after ? { after } : {}) }, { pageSize });
    if (page.rows.length > 0) yield page.rows;
    if (!page.next) return;
    after = page.next;
  }
}

/** The choices for the supplier and decider filters. */
export async function searchChoices(db: DB) {
  const suppliers = await db
    .selectFrom("suppliers")
    .select(["id", "name"])
    .where("merged_into_id", "is", null)
    .orderBy("name")
    .execute();
  // Whoever has decided something, managers and acting delegates alike (served by requests_decider).
  const deciders = await db
    .selectFrom("users")
    .select(["users.id", "users.name"])
    .where("users.id", "in", (eb) => eb.selectFrom("requests").select("requests.decided_by").where("requests.decided_by", "is not", null).$narrowType<{ decided_by: number }>())
    .orderBy("users.name")
    .execute();
  return { suppliers, deciders };
}

/** Who may use the audit workspace: auditors, and managers (who see every request anyway). */
export const AUDIT_READERS = ["auditor", "procurement_manager"] as const;
