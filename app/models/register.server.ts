import type { DB } from "#db/client";
import type { RequestType } from "#db/schema";
import { REVIEW_DUE_DAYS_BEFORE } from "~/jobs/sweeps.server";
import type { RegisterView } from "~/lists/registerViews";
import { calendarDay, instantMs, isoDate, nzDateOf } from "~/workflow/nzTime";

/**
 * The register of approved endorsements, in force or not: each with the text
 * of the version its approval is bound to (never the latest) and that hash,
 * who approved it and when.
 */
export const REGISTER_PAGE_SIZE = 50;

export type RegisterState = "approved" | "withdrawn" | "expired";
/** In force first: the order of the whole register. */
const REGISTER_STATES: readonly RegisterState[] = ["approved", "withdrawn", "expired"];

export type RegisterCursor = { state: RegisterState; validUntil: string; id: number };

export interface RegisterOptions {
  view?: RegisterView;
  /** For "review_due": enduring endorsements in force whose valid-until falls at or before this. */
  reviewDueBy?: string;
  after?: RegisterCursor;
  pageSize?: number;
}

function statesOf(view: RegisterView): readonly RegisterState[] {
  if (view === "all") return REGISTER_STATES;
  return view === "in_force" || view === "review_due" ? ["approved"] : [view];
}

/** One state's part of a view, soonest valid-until first; the approval row is the one bound to the approved version. */
function registerQuery(db: DB, state: RegisterState, options: RegisterOptions) {
  let query = db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .innerJoin("endorsement_versions as v", "v.id", "requests.approved_version_id")
    .leftJoin("version_reviews as approval", (join) =>
      join
        .onRef("approval.request_id", "=", "requests.id")
        .onRef("approval.version_id", "=", "requests.approved_version_id")
        .on("approval.outcome", "=", "approved"),
    )
    .leftJoin("users as approver", "approver.id", "approval.reviewer_id")
    .where("requests.state", "=", state)
    .where("requests.valid_until", "is not", null);
  if (options.view === "review_due" && options.reviewDueBy) {
    query = query.where("requests.enduring", "=", 1).where("requests.valid_until", "<=", options.reviewDueBy);
  }
  return query;
}

/**
 * A page of a register view; keyset on (state in register order, valid_until,
 * id). Each state's query walks the (state, valid_until) index in order, and
 * a page takes from the first state until it is full, so a page costs the
 * same however many endorsements there are.
 */
export async function listRegister(db: DB, options: RegisterOptions = {}) {
  const pageSize = options.pageSize ?? REGISTER_PAGE_SIZE;
  const { after } = options;
  const states = statesOf(options.view ?? "all");
  const startAt = after ? Math.max(0, states.indexOf(after.state)) : 0;
  const rows = [];
  for (const state of states.slice(startAt)) {
    if (rows.length > pageSize) break;
    let query = registerQuery(db, state, options).select([
      "requests.id",
      "requests.reference",
      "requests.request_type",
      "requests.enduring",
      "requests.state",
      "requests.valid_until",
      "requests.approved_sha256",
      "requests.permitted_use",
      "suppliers.id as supplier_id",
      "suppliers.name as supplier_name",
      "v.number as version_number",
      "v.text as approved_text",
      "v.sha256 as version_sha256",
      "approval.created_at as approved_at",
      "approver.name as approver_name",
    ]);
    if (after && state === after.state) {
      query = query.where((eb) =>
        eb.or([
          eb("requests.valid_until", ">", after.validUntil),
          eb.and([eb("requests.valid_until", "=", after.validUntil), eb("requests.id", ">", after.id)]),
        ]),
      );
    }
    rows.push(
      ...(await query
        .orderBy("requests.valid_until", "asc")
        .orderBy("requests.id", "asc")
        .limit(pageSize + 1 - rows.length)
        .execute()),
    );
  }
  const shown = rows.slice(0, pageSize);
  const last = shown.at(-1);
  return {
    rows: shown.map((r) => ({ ...r, state: r.state as RegisterState, request_type: r.request_type as RequestType })),
    next: rows.length > pageSize && last ? `${last.state}~${last.valid_until}~${last.id}` : null,
  };
}

export type RegisterEntry = Awaited<ReturnType<typeof listRegister>>["rows"][number];

/** How many entries a view holds, and how many come before the page after `after`. */
export async function tallyRegister(db: DB, options: RegisterOptions = {}): Promise<{ total: number; offset: number }> {
  const states = statesOf(options.view ?? "all");
  const { after } = options;
  let total = 0;
  let offset = 0;
  for (const [rank, state] of states.entries()) {
    const count = async (upTo?: RegisterCursor) => {
      let q = registerQuery(db, state, options).select((eb) => eb.fn.countAll<number | string>().as("n"));
      if (upTo) {
        q = q.where((eb) =>
          eb.or([
            eb("requests.valid_until", "<", upTo.validUntil),
            eb.and([eb("requests.valid_until", "=", upTo.validUntil), eb("requests.id", "<=", upTo.id)]),
          ]),
        );
      }
      return Number((await q.executeTakeFirstOrThrow()).n);
    };
    const inState = await count();
    total += inState;
    if (!after) continue;
    const cursorRank = states.indexOf(after.state);
    if (rank < cursorRank) offset += inState;
    else if (rank === cursorRank) offset += await count(after);
  }
  return { total, offset };
}

export function parseRegisterCursor(raw: string | null): RegisterCursor | undefined {
  const match = raw
    ? /^(approved|withdrawn|expired)~(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~(\d{1,15})$/.exec(raw)
    : null;
  // The pattern lets 2026-02-31 through; only an instant that round-trips is one we wrote.
  const instant = match ? new Date(match[2]!) : null;
  if (!match || !instant || Number.isNaN(instant.getTime()) || instant.toISOString() !== match[2]) return undefined;
  return { state: match[1] as RegisterState, validUntil: match[2]!, id: Number(match[3]) };
}

/**
 * The NZ day the managers are first reminded to review an enduring
 * endorsement: REVIEW_DUE_DAYS_BEFORE days before the day its valid-until ends
 * (remindReviewsDue sends once valid-until is within that many days).
 */
export function reviewDueFrom(validUntil: string): string {
  const lastDay = nzDateOf(new Date(instantMs(validUntil) - 1));
  return isoDate(calendarDay(lastDay).minus({ days: REVIEW_DUE_DAYS_BEFORE }));
}
