import {
  expressionBuilder,
  sql,
  type Expression,
  type RawBuilder,
  type SelectQueryBuilder,
  type SqlBool,
} from "kysely";
import { engineOf, type DB, type Engine } from "#db/client";
import type { Database } from "#db/schema";
import { ftsQueryOf, requestMatches, requestMatchesByReceipt, type ReceivedBounds } from "~/search/fts.server";
import { requestMatchesTsQuery, tsQueryOf } from "~/search/tsvector.server";
import type { DayRange, SearchFilters, SearchOrder, SearchQuery, SortKey } from "~/search/searchParams";
import { endOfNzDay, startOfNzDay, startsWithRealUtcSecond } from "~/workflow/nzTime";

/**
 * The auditors' search over every request: filters, four sorts, and keyset
 * pagination on (sort value, id), each sort served by an index of the
 * migration 2026-11-24-04-search, so a page costs the same at row 200,000
 * as at row 1. Free text sorted by date received is read from the search
 * index in that order (requestMatchesByReceipt).
 */

export const SEARCH_PAGE_SIZE = 25;

/** Conditions on the `requests` row in scope (in a page, a count, or the search index's own walk). */
const eb = expressionBuilder<Database, "requests">();

function searchBase(db: DB) {
  return db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .leftJoin("users as decider", "decider.id", "requests.decided_by");
}

type SearchBase = ReturnType<typeof searchBase>;

/** What the search page shows, and what its cursors need: the page sends no more to the browser. */
const pageColumns = (q: SearchBase) =>
  q.select([
    "requests.id",
    "requests.reference",
    "requests.request_type",
    "requests.state",
    "requests.outcome",
    "requests.received_at",
    "requests.deadline_at",
    "requests.decided_at",
    "requests.declined_by_default",
    "suppliers.name as supplier_name",
    "decider.name as decider_name",
  ]);

/** Everything an export writes (CSV_COLUMNS in app/export/exports.server.ts). */
const exportColumns = (q: SearchBase) =>
  q
    .innerJoin("users as requester", "requester.id", "requests.requester_id")
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

/** A request as the search page lists it. */
export type SearchPageRow = Awaited<ReturnType<ReturnType<typeof pageColumns>["execute"]>>[number];
/** A request as an export writes it. */
export type SearchRow = Awaited<ReturnType<ReturnType<typeof exportColumns>["execute"]>>[number];

type Column = "requests.received_at" | "requests.logged_at" | "requests.decided_at";

function inDays(column: Column, days: DayRange | undefined): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (days?.from) out.push(eb(column, ">=", startOfNzDay(days.from)));
  // The "to" day is included: up to the following NZ midnight.
  if (days?.to) out.push(eb(column, "<", endOfNzDay(days.to)));
  return out;
}

/** The JSON array `review.waivers` is not empty, as each engine reads JSON text. */
function hasWaivers(engine: Engine): RawBuilder<boolean> {
  return engine === "postgres"
    ? sql<boolean>`json_array_length(vr.review::json -> 'waivers') > 0`
    : sql<boolean>`json_array_length(vr.review, '$.waivers') > 0`;
}

/** Every filter but the free text, as conditions on `requests`. */
function filterConditions(f: SearchFilters, engine: Engine): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  if (f.states?.length) out.push(eb("requests.state", "in", f.states));
  if (f.outcome) out.push(eb("requests.outcome", "=", f.outcome));
  if (f.type) out.push(eb("requests.request_type", "=", f.type));
  if (f.supplierId) {
    const id = f.supplierId;
    // A supplier an admin merged into this one counts as this one.
    out.push(
      eb(
        "requests.supplier_id",
        "in",
        eb
          .selectFrom("suppliers as s")
          .select("s.id")
          .where((w) => w.or([w("s.id", "=", id), w("s.merged_into_id", "=", id)])),
      ),
    );
  }
  if (f.deciderId) out.push(eb("requests.decided_by", "=", f.deciderId));
  out.push(...inDays("requests.received_at", f.received));
  out.push(...inDays("requests.logged_at", f.logged));
  out.push(...inDays("requests.decided_at", f.decided));
  if (f.declinedByDefault) out.push(eb("requests.declined_by_default", "=", 1));
  if (f.hasWaivers) {
    // An approval that waived at least one error finding (ReviewRecord.waivers in app/workflow/review.ts).
    out.push(
      eb.exists(
        eb
          .selectFrom("version_reviews as vr")
          .select(sql`1`.as("one"))
          .whereRef("vr.request_id", "=", "requests.id")
          .where("vr.outcome", "=", "approved")
          .where(hasWaivers(engine)),
      ),
    );
  }
  if (f.upToId) out.push(eb("requests.id", "<=", f.upToId));
  return out;
}

/** The FTS5 query of the typed text on SQLite; null when there is none, or nothing searchable in it. */
const ftsOf = (f: SearchFilters, engine: Engine) => (f.text && engine === "sqlite" ? ftsQueryOf(f.text) : null);

/** The typed text as a condition on the engine's own index; null when it filters nothing out. */
function textMatches(f: SearchFilters, engine: Engine): RawBuilder<boolean> | null {
  if (!f.text) return null;
  const query = engine === "postgres" ? tsQueryOf(f.text) : ftsQueryOf(f.text);
  if (query === null) return null;
  return engine === "postgres" ? requestMatchesTsQuery(query) : requestMatches(query);
}

function where<QB extends SelectQueryBuilder<Database, "requests", unknown>>(
  q: QB,
  conditions: Expression<SqlBool>[],
): QB {
  return conditions.reduce((out, c) => out.where(c) as QB, q);
}

/** The requests matching the filters (no order, no paging). */
function applyFilters<QB extends SelectQueryBuilder<Database, "requests", unknown>>(
  q: QB,
  f: SearchFilters,
  engine: Engine,
): QB {
  const text = textMatches(f, engine);
  return where(text ? (q.where(text) as QB) : q, filterConditions(f, engine));
}

/** How many requests match, and the last request id counted, so an export can be bounded to what was counted. */
export async function countMatching(db: DB, filters: SearchFilters): Promise<{ count: number; upToId: number }> {
  const last = await db.selectFrom("requests").select("id").orderBy("id", "desc").limit(1).executeTakeFirst();
  const upToId = last?.id ?? 0;
  const q = applyFilters(
    db.selectFrom("requests").select(sql<number>`count(*)`.as("n")),
    { ...filters, upToId },
    engineOf(db),
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
type CursorFields = Pick<SearchPageRow, "id" | "reference" | "received_at" | "deadline_at" | "decided_at">;

export function cursorOf(row: CursorFields, sort: SortKey): string {
  const value =
    sort === "reference"
      ? row.reference
      : sort === "received"
        ? row.received_at
        : sort === "deadline"
          ? row.deadline_at
          : row.decided_at;
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
  // A time that exists: "2026-02-31" would otherwise be read as 3 March by some and not by others.
  return ISO.test(value) && startsWithRealUtcSecond(value) ? { kind: "time", value, id: Number(id) } : null;
}

/** What a page of this order keeps beyond the filters: rows after the cursor, and only decided rows by decision date. */
function orderConditions(order: SearchOrder, cursor: Cursor | null): Expression<SqlBool>[] {
  const { sort, direction } = order;
  const cmp = direction === "asc" ? ">" : "<";
  if (sort === "reference") {
    // (year, seq) is unique and indexed: END-2026-10000 comes after END-2026-9999, unlike the text.
    return cursor?.kind === "reference"
      ? [eb(eb.refTuple("requests.year", "requests.seq"), cmp, eb.tuple(cursor.year, cursor.seq))]
      : [];
  }
  const column = SORT_COLUMN[sort];
  const out: Expression<SqlBool>[] = [];
  // By decision date, only decided requests have a place in the order.
  if (sort === "decided") out.push(eb("requests.decided_at", "is not", null));
  if (cursor?.kind === "time") out.push(eb(eb.refTuple(column, "requests.id"), cmp, eb.tuple(cursor.value, cursor.id)));
  return out;
}

function ordered<QB extends SelectQueryBuilder<Database, "requests", unknown>>(q: QB, order: SearchOrder): QB {
  const { sort, direction } = order;
  if (sort === "reference") return q.orderBy("requests.year", direction).orderBy("requests.seq", direction) as QB;
  return q.orderBy(SORT_COLUMN[sort], direction).orderBy("requests.id", direction) as QB;
}

/** What the day filter and the cursor say about `received_at` before anything is read. */
function receivedBounds(f: SearchFilters, order: SearchOrder, cursor: Cursor | null): ReceivedBounds {
  const from = f.received?.from ? startOfNzDay(f.received.from) : undefined;
  const to = f.received?.to ? endOfNzDay(f.received.to) : undefined;
  if (cursor?.kind !== "time") return { from, to };
  // ISO times compare as text, which is also how the search orders them.
  if (order.direction === "desc") return { from, to: to === undefined || cursor.value < to ? cursor.value : to };
  return { from: from === undefined || cursor.value > from ? cursor.value : from, to };
}

/** The rows of one page, without their columns. */
function pageQuery(db: DB, query: SearchQuery, limit: number): SearchBase {
  const cursor = parseCursor(query.after, query.sort);
  const engine = engineOf(db);
  const fts = ftsOf(query.filters, engine);
  const keeps = [...filterConditions(query.filters, engine), ...orderConditions(query, cursor)];
  if (fts && query.sort === "received") {
    // Read from the search index in order of receipt, so the page costs the same however many match.
    const meets = keeps.length > 0 ? eb.and(keeps) : null;
    const matches = requestMatchesByReceipt(fts, {
      direction: query.direction,
      count: limit,
      meets,
      bounds: receivedBounds(query.filters, query, cursor),
    });
    // `+`: sort the short list of matches rather than walk an index of every request for the order.
    return searchBase(db)
      .where(matches)
      .orderBy(sql`+${sql.ref("requests.received_at")}`, query.direction)
      .orderBy(sql`+${sql.ref("requests.id")}`, query.direction)
      .limit(limit);
  }
  const text = textMatches(query.filters, engine);
  const base = text ? searchBase(db).where(text) : searchBase(db);
  return ordered(where(base, keeps), query).limit(limit);
}

/** The query for one page of the search page (exported so a test can ask SQLite how it runs). */
export function searchPageQuery(db: DB, query: SearchQuery, limit: number) {
  return pageColumns(pageQuery(db, query, limit));
}

/** The first `size` of `rows` (fetched with one more), and the cursor of the next page. */
function pageOf<R extends CursorFields>(rows: R[], size: number, sort: SortKey): { rows: R[]; next: string | null } {
  const shown = rows.slice(0, size);
  const last = shown.at(-1);
  return { rows: shown, next: rows.length > size && last ? cursorOf(last, sort) : null };
}

/** One page of the search, and the cursor of the next (null on the last page). */
export async function searchRequests(
  db: DB,
  query: SearchQuery,
  options: { pageSize?: number } = {},
): Promise<{ rows: SearchPageRow[]; next: string | null }> {
  const size = options.pageSize ?? SEARCH_PAGE_SIZE;
  return pageOf(await searchPageQuery(db, query, size + 1).execute(), size, query.sort);
}

/** How many rows this order lists from `cursor` on (all of them without one). */
async function countInOrder(db: DB, query: SearchQuery, cursor: Cursor | null): Promise<number> {
  const engine = engineOf(db);
  const text = textMatches(query.filters, engine);
  const base = db.selectFrom("requests").select(sql<number>`count(*)`.as("n"));
  const keeps = [...filterConditions(query.filters, engine), ...orderConditions(query, cursor)];
  const { n } = await where(text ? base.where(text) : base, keeps).executeTakeFirstOrThrow();
  return Number(n);
}

/** How many match, and how many come before this page: the page says "26–50 of 1,034". */
export async function searchTally(db: DB, query: SearchQuery): Promise<{ total: number; offset: number }> {
  const cursor = parseCursor(query.after, query.sort);
  const total = await countInOrder(db, query, null);
  return { total, offset: cursor ? total - (await countInOrder(db, query, cursor)) : 0 };
}

/** Every matching request with every column, a page at a time, for the exports: memory stays flat however many match. */
export async function* eachMatchingRequest(
  db: DB,
  query: Omit<SearchQuery, "after">,
  pageSize = 500,
): AsyncGenerator<SearchRow[]> {
  let after: string | undefined;
  for (;;) {
    const rows = await exportColumns(pageQuery(db, { ...query, ...(after ? { after } : {}) }, pageSize + 1)).execute();
    const page = pageOf(rows, pageSize, query.sort);
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
    .where("users.id", "in", (eb) =>
      eb
        .selectFrom("requests")
        .select("requests.decided_by")
        .where("requests.decided_by", "is not", null)
        .$narrowType<{ decided_by: number }>(),
    )
    .orderBy("users.name")
    .execute();
  return { suppliers, deciders };
}

/** Who may use the audit workspace: auditors, and managers (who see every request anyway). */
export const AUDIT_READERS = ["auditor", "procurement_manager"] as const;
