import type { DB } from "#db/client";
import { timeAlternately, type Timing } from "./timing";
import { getDossier } from "~/models/dossier.server";
import { listQueue } from "~/models/requests.server";
import { searchRequests } from "~/models/search.server";
import { listRegister } from "~/models/register.server";
import type { SearchQuery } from "~/search/searchParams";

/**
 * The queries behind the pages people use every day, each called through the
 * app's own exported function, timed in process.
 */

export const PAGE_NAMES = ["queue", "search_filter", "search_text", "search_deep", "dossier", "register"] as const;
export type PageName = (typeof PAGE_NAMES)[number];

/** The keyset page the deep search times (or the last page, when there are fewer). */
export const DEEP_PAGE = 200;

/** The searches timed: declines received in one quarter; the supplier term; every request by date received. */
export function searchFilterQuery(): SearchQuery {
  return {
    filters: { states: ["declined"], received: { from: "2024-01-01", to: "2024-03-31" } },
    sort: "received",
    direction: "desc",
  };
}
export function searchTextQuery(term: string): SearchQuery {
  return { filters: { text: term }, sort: "received", direction: "desc" };
}
export function searchAllQuery(after?: string): SearchQuery {
  return { filters: {}, sort: "received", direction: "desc", ...(after ? { after } : {}) };
}

/** The cursor that opens keyset page `page` of the unfiltered search (walked page by page, untimed). */
export async function cursorOfPage(db: DB, page: number): Promise<{ after: string | undefined; page: number }> {
  let after: string | undefined;
  let reached = 1;
  while (reached < page) {
    const result = await searchRequests(db, searchAllQuery(after));
    if (!result.next) break;
    after = result.next;
    reached++;
  }
  return { after, page: reached };
}

/** A request whose dossier has the most in it: approved, versions, reviews, then withdrawn. */
export async function dossierReference(db: DB): Promise<string> {
  const row = await db
    .selectFrom("requests")
    .select("reference")
    .where("state", "=", "withdrawn")
    .orderBy("id")
    .limit(1)
    .executeTakeFirst();
  if (!row) throw new Error("The bench database has no withdrawn request for the dossier.");
  return row.reference;
}

export interface PageTimings {
  timings: Record<PageName, Timing>;
  deepPage: number;
  dossierReference: string;
  textMatches: number;
}

/** The six page calls on one database, with what they need found first (untimed). */
async function pageCalls(db: DB, term: string) {
  const deep = await cursorOfPage(db, DEEP_PAGE);
  const reference = await dossierReference(db);
  const textQuery = searchTextQuery(term);
  const filterQuery = searchFilterQuery();
  const deepQuery = searchAllQuery(deep.after);
  const first = await searchRequests(db, textQuery, { pageSize: 1_000_000 });
  const calls: Record<PageName, () => Promise<unknown>> = {
    queue: () => listQueue(db),
    search_filter: () => searchRequests(db, filterQuery),
    search_text: () => searchRequests(db, textQuery),
    search_deep: () => searchRequests(db, deepQuery),
    dossier: () => getDossier(db, reference),
    register: () => listRegister(db),
  };
  return { calls, deepPage: deep.page, dossierReference: reference, textMatches: first.rows.length };
}

/**
 * Each page at both sizes, the two timed in turn (small, large, small, …):
 * whatever else the machine is doing then falls on both sizes alike, so
 * their ratio holds even when the absolute times wander.
 */
export async function timePages(
  small: DB,
  large: DB,
  term: string,
  options: { runs: number; maxMs: number },
): Promise<{ small: PageTimings; large: PageTimings }> {
  const [s, l] = [await pageCalls(small, term), await pageCalls(large, term)];
  const timings = { small: {} as Record<PageName, Timing>, large: {} as Record<PageName, Timing> };
  for (const name of PAGE_NAMES) {
    const [a, b] = await timeAlternately(s.calls[name], l.calls[name], options);
    timings.small[name] = a;
    timings.large[name] = b;
  }
  const { calls: _s, ...smallFacts } = s;
  const { calls: _l, ...largeFacts } = l;
  return { small: { timings: timings.small, ...smallFacts }, large: { timings: timings.large, ...largeFacts } };
}
