import { sql } from "kysely";
import type { DB } from "#db/client";
import type { RequestState, RequestType } from "#db/schema";
import { workingDaysBetween } from "~/workflow/workingDays.server";
import { addDaysNz, nzDateOf } from "~/workflow/nzTime";
import { REQUEST_TYPES } from "~/workflow/vocabulary";

/**
 * Figures for auditors: counts by outcome and type per NZ calendar quarter
 * (by the day a request was logged), the declined-by-default rate, the median
 * working days to decision, and endorsements due for review or expiring soon.
 *
 * NZ time is UTC plus whole hours, so grouping by the UTC hour in SQL and
 * placing each hour in its NZ day afterwards is exact, and keeps the rows
 * read back few however many requests there are.
 */

export const DUE_SOON_DAYS = 90;

export interface QuarterFigures {
  /** e.g. "2026 Q4" (calendar quarters, NZ time). */
  quarter: string;
  total: number;
  /** Approved, whether still in force, withdrawn or expired since. */
  endorse: number;
  /** Declined by a manager's decision. */
  declinedByManager: number;
  /** Declined because the deadline passed undecided. */
  declinedByDefault: number;
  /** Still waiting for a decision. */
  undecided: number;
  /** Cancelled by the person who logged it. */
  cancelled: number;
  byType: Record<RequestType, number>;
}

const hourInstant = (hour: string) => `${hour}:00:00.000Z`;

export function nzQuarterOf(instant: string): string {
  const day = nzDateOf(instant);
  return `${day.slice(0, 4)} Q${Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1}`;
}

/** The median of values given with how often each occurs; null when there are none. */
export function weightedMedian(counts: ReadonlyMap<number, number>): number | null {
  const values = [...counts.entries()].sort(([a], [b]) => a - b);
  const total = values.reduce((sum, [, n]) => sum + n, 0);
  if (total === 0) return null;
  const at = (k: number) => {
    let seen = 0;
    for (const [value, n] of values) {
      seen += n;
      if (k < seen) return value;
    }
    throw new Error("unreachable");
  };
  return total % 2 === 1 ? at((total - 1) / 2) : (at(total / 2 - 1) + at(total / 2)) / 2;
}

/** Which figure a request counts in: each request in exactly one. */
function outcomeColumn(r: {
  outcome: string;
  state: RequestState;
  declined_by_default: number;
}): "endorse" | "declinedByManager" | "declinedByDefault" | "undecided" | "cancelled" {
  if (r.outcome === "endorse") return "endorse";
  if (r.state === "cancelled") return "cancelled";
  if (r.state === "declined") return r.declined_by_default === 1 ? "declinedByDefault" : "declinedByManager";
  return "undecided";
}

export async function quarterlyFigures(db: DB): Promise<QuarterFigures[]> {
  const rows = await db
    .selectFrom("requests")
    .select([
      sql<string>`substr(logged_at, 1, 13)`.as("hour"),
      "outcome",
      "state",
      "request_type",
      "declined_by_default",
      sql<number>`count(*)`.as("n"),
    ])
    .groupBy([sql`substr(logged_at, 1, 13)`, "outcome", "state", "request_type", "declined_by_default"])
    .execute();
  const byQuarter = new Map<string, QuarterFigures>();
  for (const r of rows) {
    const quarter = nzQuarterOf(hourInstant(r.hour));
    let q = byQuarter.get(quarter);
    if (!q) {
      q = {
        quarter,
        total: 0,
        endorse: 0,
        declinedByManager: 0,
        declinedByDefault: 0,
        undecided: 0,
        cancelled: 0,
        byType: Object.fromEntries(REQUEST_TYPES.map((t) => [t, 0])) as Record<RequestType, number>,
      };
      byQuarter.set(quarter, q);
    }
    const n = Number(r.n);
    q.total += n;
    q[outcomeColumn(r)] += n;
    q.byType[r.request_type] += n;
  }
  return [...byQuarter.values()].sort((a, b) => a.quarter.localeCompare(b.quarter));
}

/**
 * Of the requests that reached an outcome (approved, declined, withdrawn,
 * expired — not the undecided, not the cancelled), the share the default decided.
 */
export async function declinedByDefaultRate(
  db: DB,
): Promise<{ declinedByDefault: number; decided: number; rate: number | null }> {
  const row = await db
    .selectFrom("requests")
    .select([
      sql<number>`coalesce(sum(case when declined_by_default = 1 then 1 else 0 end), 0)`.as("byDefault"),
      sql<number>`coalesce(sum(case when state in ('approved', 'declined', 'withdrawn', 'expired') then 1 else 0 end), 0)`.as(
        "decided",
      ),
    ])
    .executeTakeFirstOrThrow();
  const decided = Number(row.decided);
  const declinedByDefault = Number(row.byDefault);
  return { declinedByDefault, decided, rate: decided === 0 ? null : declinedByDefault / decided };
}

/** Working days from logging to decision (a default decline included), over every decided request. */
export async function medianWorkingDaysToDecision(db: DB): Promise<{ median: number | null; count: number }> {
  const rows = await db
    .selectFrom("requests")
    .select([
      sql<string>`substr(logged_at, 1, 13)`.as("logged"),
      sql<string>`substr(decided_at, 1, 13)`.as("decided"),
      sql<number>`count(*)`.as("n"),
    ])
    .where("decided_at", "is not", null)
    .groupBy([sql`substr(logged_at, 1, 13)`, sql`substr(decided_at, 1, 13)`])
    .execute();
  const counts = new Map<number, number>();
  const byDays = new Map<string, number>();
  let count = 0;
  for (const r of rows) {
    const from = nzDateOf(hourInstant(r.logged));
    const to = nzDateOf(hourInstant(r.decided));
    const key = `${from}/${to}`;
    let days = byDays.get(key);
    if (days === undefined) {
      days = workingDaysBetween(hourInstant(r.logged), hourInstant(r.decided));
      byDays.set(key, days);
    }
    const n = Number(r.n);
    counts.set(days, (counts.get(days) ?? 0) + n);
    count += n;
  }
  return { median: weightedMedian(counts), count };
}

/** Approved endorsements whose valid-until falls within the next 90 days: enduring ones are due for review. */
export async function endorsementsDueSoon(db: DB, now: Date) {
  return db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .select([
      "requests.id",
      "requests.reference",
      "requests.enduring",
      "requests.valid_until",
      "suppliers.name as supplier_name",
    ])
    .where("requests.state", "=", "approved")
    .where("requests.valid_until", ">", now.toISOString())
    .where("requests.valid_until", "<=", addDaysNz(now, DUE_SOON_DAYS))
    .orderBy("requests.valid_until")
    .orderBy("requests.id")
    .execute();
}

export async function auditFigures(db: DB, now: Date) {
  return {
    quarters: await quarterlyFigures(db),
    defaultRate: await declinedByDefaultRate(db),
    toDecision: await medianWorkingDaysToDecision(db),
    dueSoon: await endorsementsDueSoon(db, now),
  };
}

export type AuditFigures = Awaited<ReturnType<typeof auditFigures>>;
