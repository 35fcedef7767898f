import type { Outcome, RequestState, RequestType } from "#db/schema";
import { OUTCOMES, REQUEST_STATES as STATES } from "~/workflow/vocabulary";
import { REQUEST_TYPES } from "~/workflow/requestForm";
import { truncate } from "~/http/truncate";
import { isCalendarDate } from "~/workflow/nzTime";

/**
 * The auditors' search as a URL (pure, shared by the search page, its links
 * and the exports): every filter is a query parameter, and anything malformed
 * is dropped rather than refused, so no address answers 500.
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

const oneOf = <T extends string>(values: readonly T[], raw: string | null): T | undefined =>
  raw !== null && (values as readonly string[]).includes(raw) ? (raw as T) : undefined;

const positiveId = (raw: string | null): number | undefined =>
  raw && /^\d{1,15}$/.test(raw) && Number(raw) > 0 ? Number(raw) : undefined;

function day(raw: string | null): string | undefined {
  return raw && isCalendarDate(raw) ? raw : undefined;
}

function range(params: URLSearchParams, name: string): DayRange | undefined {
  const from = day(params.get(`${name}From`));
  const to = day(params.get(`${name}To`));
  return from || to ? { ...(from ? { from } : {}), ...(to ? { to } : {}) } : undefined;
}

const flag = (raw: string | null) => raw === "1" || raw === "on" || raw === "true";

export function searchQueryOf(params: URLSearchParams): SearchQuery {
  const filters: SearchFilters = {};
  const text = truncate((params.get("q") ?? "").trim(), 200);
  if (text) filters.text = text;
  const states = params.getAll("state").flatMap((s) => oneOf(STATES, s) ?? []);
  if (states.length > 0) filters.states = [...new Set(states)];
  const outcome = oneOf(OUTCOMES, params.get("outcome"));
  if (outcome) filters.outcome = outcome;
  const type = oneOf(REQUEST_TYPES, params.get("type"));
  if (type) filters.type = type;
  const supplierId = positiveId(params.get("supplier"));
  if (supplierId) filters.supplierId = supplierId;
  const deciderId = positiveId(params.get("decider"));
  if (deciderId) filters.deciderId = deciderId;
  for (const name of ["received", "logged", "decided"] as const) {
    const r = range(params, name);
    if (r) filters[name] = r;
  }
  if (flag(params.get("declinedByDefault"))) filters.declinedByDefault = true;
  if (flag(params.get("hasWaivers"))) filters.hasWaivers = true;
  const sort = oneOf(SORTS, params.get("sort")) ?? "received";
  const direction = oneOf(["asc", "desc"] as const, params.get("dir")) ?? (sort === "deadline" ? "asc" : "desc");
  const after = params.get("after");
  return { filters, sort, direction, ...(after && after.length <= 200 ? { after } : {}) };
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
  for (const name of ["received", "logged", "decided"] as const) {
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
