import type { DB } from "#db/client";
import { timeRuns, type Timing } from "~/bench/timing";
import { getDossier } from "~/models/dossier.server";
import { listQueue } from "~/models/requests.server";
import { searchRequests } from "~/models/search.server";
import { listRegister } from "~/models/versions.server";
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
  return { filters: { states: ["declined"], received: { from: "2024-01-01", to: "2024-03-31" } }, sort: "received", direction: "desc" };
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

export async function timePages(db: DB, term: string, options: { runs: number; maxMs: number }): Promise<PageTimings> {
  const deep = await cursorOfPage(db, DEEP_PAGE);
  const reference = await dossierReference(db);
  const textQuery = searchTextQuery(term);
  const filterQuery = searchFilterQuery();
  const deepQuery = searchAllQuery(deep.after);
  const first = await searchRequests(db, textQuery, { pageSize: 1_000_000 });
  const runs = { runs: options.runs, maxMs: options.maxMs };
  const timings = {
    queue: await timeRuns(() => listQueue(db), runs),
    search_filter: await timeRuns(() => searchRequests(db, filterQuery), runs),
    search_text: await timeRuns(() => searchRequests(db, textQuery), runs),
    search_deep: await timeRuns(() => searchRequests(db, deepQuery), runs),
    dossier: await timeRuns(() => getDossier(db, reference), runs),
    register: await timeRuns(() => listRegister(db), runs),
  };
  return { timings, deepPage: deep.page, dossierReference: reference, textMatches: first.rows.length };
}
