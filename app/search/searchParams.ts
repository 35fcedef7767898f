import type { Outcome, RequestState, RequestType } from "#db/schema";
import { OUTCOMES, REQUEST_STATES as STATES, REQUEST_TYPES } from "~/workflow/vocabulary";
import { z } from "zod";
import { parseQuery, queryChoice, queryChoices, queryDay, queryFlag, queryNumber, queryText } from "~/http/query";

/**
 * The auditors' search as a URL (pure, shared by the search page, its links
 * and the exports): every filter is a query parameter, and anything malformed
 * is refused in words (400) rather than dropped, so a filter is never
 * silently ignored and no address answers 500.
 */

export { OUTCOMES, STATES };
export const SORTS = ["received", "deadline", "decided", "reference"] as const;
export type SortKey = (typeof SORTS)[number];
export type Direction = "asc" | "desc";

export const SORT_LABELS: Record<SortKey, string> = {
  received: "Date received",
  deadline: "Deadline",
  decided: "Decision date",
  reference: "Reference",
};

/** NZ calendar days, both ends included. */
export interface DayRange {
  from?: string;
  to?: string;
}

export interface SearchFilters {
  text?: string;
  states?: RequestState[];
  outcome?: Outcome;
  type?: RequestType;
  supplierId?: number;
  deciderId?: number;
  received?: DayRange;
  logged?: DayRange;
  decided?: DayRange;
  declinedByDefault?: boolean;
  hasWaivers?: boolean;
  /** Never from a URL: an export's bound, the last request id when it began. */
  upToId?: number;
}

export interface SearchOrder {
  sort: SortKey;
  direction: Direction;
}

export interface SearchQuery extends SearchOrder {
  filters: SearchFilters;
  /** The cursor of the last row of the previous page. */
  after?: string;
}

const DAY_RANGES = ["received", "logged", "decided"] as const;

/** The search's parameters, each of a kind the shared query parser refuses in words when it is not one. */
export const SEARCH_QUERY = z.object({
  q: queryText("q", 200),
  state: queryChoices("state", STATES),
  outcome: queryChoice("outcome", OUTCOMES),
  type: queryChoice("type", REQUEST_TYPES),
  supplier: queryNumber("supplier"),
  decider: queryNumber("decider"),
  receivedFrom: queryDay("receivedFrom"),
  receivedTo: queryDay("receivedTo"),
  loggedFrom: queryDay("loggedFrom"),
  loggedTo: queryDay("loggedTo"),
  decidedFrom: queryDay("decidedFrom"),
  decidedTo: queryDay("decidedTo"),
  declinedByDefault: queryFlag("declinedByDefault"),
  hasWaivers: queryFlag("hasWaivers"),
  sort: queryChoice("sort", SORTS),
  dir: queryChoice("dir", ["asc", "desc"] as const),
  after: queryText("after", 200),
});

function range(from: string | undefined, to: string | undefined): DayRange | undefined {
  return from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined;
}

/** The search a URL asks for; a date, number or choice that is not one is a thrown 400 that names it. */
export function searchQueryOf(address: URL | URLSearchParams): SearchQuery {
  return searchQueryFrom(parseQuery(address, SEARCH_QUERY));
}

/** The search from its parsed parameters (for a loader that reads more than the search). */
export function searchQueryFrom(p: z.output<typeof SEARCH_QUERY>): SearchQuery {
  const filters: SearchFilters = {};
  if (p.q) filters.text = p.q;
  if (p.state?.length) filters.states = [...new Set(p.state)];
  if (p.outcome) filters.outcome = p.outcome;
  if (p.type) filters.type = p.type;
  if (p.supplier) filters.supplierId = p.supplier;
  if (p.decider) filters.deciderId = p.decider;
  for (const name of DAY_RANGES) {
    const r = range(p[`${name}From`], p[`${name}To`]);
    if (r) filters[name] = r;
  }
  if (p.declinedByDefault) filters.declinedByDefault = true;
  if (p.hasWaivers) filters.hasWaivers = true;
  const sort = p.sort ?? "received";
  const direction = p.dir ?? (sort === "deadline" ? "asc" : "desc");
  return { filters, sort, direction, ...(p.after ? { after: p.after } : {}) };
}

/** The URL parameters of a search; `after` only when given. */
export function searchParamsOf(query: SearchFilters & Partial<SearchOrder> & { after?: string }): URLSearchParams {
  const p = new URLSearchParams();
  if (query.text) p.set("q", query.text);
  for (const s of query.states ?? []) p.append("state", s);
  if (query.outcome) p.set("outcome", query.outcome);
  if (query.type) p.set("type", query.type);
  if (query.supplierId) p.set("supplier", String(query.supplierId));
  if (query.deciderId) p.set("decider", String(query.deciderId));
  for (const name of DAY_RANGES) {
    if (query[name]?.from) p.set(`${name}From`, query[name].from);
    if (query[name]?.to) p.set(`${name}To`, query[name].to);
  }
  if (query.declinedByDefault) p.set("declinedByDefault", "1");
  if (query.hasWaivers) p.set("hasWaivers", "1");
  if (query.sort) p.set("sort", query.sort);
  if (query.direction) p.set("dir", query.direction);
  if (query.after) p.set("after", query.after);
  return p;
}
