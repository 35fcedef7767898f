import { sql, type Expression, type RawBuilder, type SqlBool } from "kysely";
import type { DB } from "#db/client";
import { startsWithRealUtcSecond } from "~/workflow/nzTime";

/**
 * Free-text search over requests: the only module that knows SQLite's FTS5
 * (DESIGN.md "Beyond one machine"); the index and its triggers are in the
 * migrations 2026-11-24-04-search and 2026-11-25-01-search-received-order.
 *
 * The index's rowid is not the request id but a key that sorts like the
 * request's `received_at`: its bucket of receipt (whole seconds >> 14, about
 * 4½ hours) in the high bits, its id in the low 31 bits. FTS5 hands out
 * matches in rowid order, a few at a time, so a page by date received reads
 * about a page of matches however many there are (requestMatchesByReceipt);
 * the other sorts probe the set of all matches (requestMatches).
 */

const MAX_TERMS = 12;

/**
 * What a person typed, as a safe FTS5 query: each run of letters, digits or
 * marks becomes a quoted prefix term, all of them required. Operators,
 * quotes, parentheses and stars are never passed through, so no input can
 * make the query invalid. Null when nothing searchable is left.
 */
export function ftsQueryOf(typed: string): string | null {
  const terms = typed.normalize("NFC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  if (terms.length === 0) return null;
  return terms
    .slice(0, MAX_TERMS)
    .map((term) => `"${term.replaceAll('"', '""')}"*`)
    .join(" ");
}

/** The low 31 bits of a key: the request id. */
const ID_BITS = sql.lit(2147483647);
const NO_KEY_BELOW = sql.raw("-9223372036854775807");
const NO_KEY_ABOVE = sql.raw("9223372036854775807");

/** The bucket of an ISO time, by the migration's formula: never decreases as the text increases. */
const bucketOf = (iso: string) => sql<number>`(unixepoch(substr(${iso}, 1, 19)) >> 14)`;

/** A bound is only used when SQLite reads it as the time it says (no 31 February, no 5-digit year). */
const usable = (iso: string | undefined): iso is string => iso !== undefined && startsWithRealUtcSecond(iso);

/** The first key of a bucket. */
const firstKeyOf = (bucket: Expression<number | null>) => sql<number | null>`(${bucket} << 31)`;

/** A condition on `requests.id`: the request matches the typed text (see ftsQueryOf). */
export function requestMatches(ftsQuery: string): RawBuilder<boolean> {
  // The unary + stops SQLite driving the query from the matches (then sorting them in a temporary
  // B-tree): it walks the sort's index and probes the match set, so pages stay in order.
  return sql<boolean>`+${sql.ref("requests.id")} in (select rowid & ${ID_BITS} from request_search where request_search match ${ftsQuery})`;
}

/** Times known before searching, inclusive: every request wanted has `from <= received_at <= to`. */
export interface ReceivedBounds {
  from?: string | undefined;
  to?: string | undefined;
}

/**
 * A condition on `requests.id`, for one page by date received: the request
 * matches the typed text, meets `meets`, and was received no further along
 * than the `count`-th request, in that order, that does both. So all of the
 * first `count` are in, and at most the rest of the last one's bucket
 * besides: the caller sorts them exactly (`+` on the sort columns, so SQLite
 * drives from this short list rather than walking an index) and keeps `count`.
 *
 * `meets` (null: no other condition) refers to `requests` and is checked
 * per match, in key order; `bounds` only narrows where FTS5 reads.
 */
export function requestMatchesByReceipt(
  ftsQuery: string,
  options: { direction: "asc" | "desc"; count: number; meets: Expression<SqlBool> | null; bounds: ReceivedBounds },
): RawBuilder<boolean> {
  const { direction, count, meets, bounds } = options;
  const from = usable(bounds.from) ? firstKeyOf(bucketOf(bounds.from)) : NO_KEY_BELOW;
  const until = usable(bounds.to) ? firstKeyOf(sql`${bucketOf(bounds.to)} + 1`) : NO_KEY_ABOVE;
  // FTS5 outermost (CROSS JOIN keeps it there), read in key order: nothing collects or sorts every match.
  const matching = (columns: RawBuilder<unknown>, low: Expression<unknown>, high: Expression<unknown>) =>
    meets === null
      ? sql`select ${columns} from request_search
          where request_search match ${ftsQuery} and request_search.rowid >= ${low} and request_search.rowid < ${high}`
      : sql`select ${columns}
          from request_search cross join requests on requests.id = request_search.rowid & ${ID_BITS}
          where request_search match ${ftsQuery} and request_search.rowid >= ${low} and request_search.rowid < ${high} and ${meets}`;
  const lastBucket = sql<number | null>`(${matching(sql`request_search.rowid >> 31`, from, until)}
    order by request_search.rowid ${sql.raw(direction)} limit 1 offset ${count - 1})`;
  // Fewer than count: everything within the bounds.
  const [low, high] =
    direction === "desc"
      ? [sql`coalesce(${firstKeyOf(lastBucket)}, ${from})`, until]
      : [from, sql`coalesce(${firstKeyOf(sql`${lastBucket} + 1`)}, ${until})`];
  // In the page's direction too: FTS5 walks a match list from the end it starts at, so reading upwards
  // would pass every older match first (docs/benchmark.md, "What got the pages, transitions and HTTP there").
  return sql<boolean>`${sql.ref("requests.id")} in (${matching(sql`request_search.rowid & ${ID_BITS}`, low, high)}
    order by request_search.rowid ${sql.raw(direction)})`;
}

/** Pages of merging per call: enough to keep up with logging, little enough to hold the write lock briefly. */
const MERGE_PAGES = 500;

/**
 * One step of merging the search index towards a single b-tree per term.
 * FTS5 adds a b-tree (segment) for every write transaction and merges them
 * only now and then, and every segment is one more place each search reads;
 * the job runner calls this on every pass. A negative page count means merge
 * whatever segments there are, not only full levels (FTS5 'merge' command).
 */
export async function mergeSearchIndex(db: DB): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await sql`insert into request_search (request_search, rank) values ('merge', ${-MERGE_PAGES})`.execute(trx);
  });
}

/** How many segments the search index is in (FTS5's structure, read through its `_idx` table). */
export async function searchIndexSegments(db: DB): Promise<number> {
  const row = await sql<{ n: number }>`select count(distinct segid) as n from request_search_idx`.execute(db);
  return row.rows[0]?.n ?? 0;
}
