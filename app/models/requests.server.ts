import type { DB } from "#db/client";
import { UNDECIDED_STATES } from "~/workflow/vocabulary";
import type { RequestState, RequestType } from "#db/schema";
import { supplierNoticeAddress } from "~/workflow/policy";

export const UNDECIDED: readonly RequestState[] = UNDECIDED_STATES;
export const PAGE_SIZE = 25;

/** Allocates the next reference of the year (END-2026-0042), safely under concurrent logging. */
export async function allocateReference(db: DB, year: number): Promise<{ reference: string; seq: number }> {
  const { last_seq } = await db
    .insertInto("reference_counters")
    .values({ year, last_seq: 1 })
    .onConflict((oc) =>
      oc.column("year").doUpdateSet((eb) => ({ last_seq: eb("reference_counters.last_seq", "+", 1) })),
    )
    .returning("last_seq")
    .executeTakeFirstOrThrow();
  return { reference: `END-${year}-${String(last_seq).padStart(4, "0")}`, seq: last_seq };
}

function requestSummaryQuery(db: DB) {
  return db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .innerJoin("users as requester", "requester.id", "requests.requester_id")
    .select([
      "requests.id",
      "requests.reference",
      "requests.request_type",
      "requests.state",
      "requests.outcome",
      "requests.deadline_at",
      "requests.logged_at",
      "requests.received_at",
      "requests.declined_by_default",
      "requests.supplier_id",
      "suppliers.name as supplier_name",
      "requester.name as requester_name",
    ]);
}

export type RequestSummary = Awaited<ReturnType<ReturnType<typeof requestSummaryQuery>["execute"]>>[number];

/** A member of staff's own requests, newest first; keyset on id. */
export async function listRequestsOf(db: DB, requesterId: number, options: { before?: number } = {}) {
  let q = requestSummaryQuery(db).where("requests.requester_id", "=", requesterId);
  if (options.before) q = q.where("requests.id", "<", options.before);
  const rows = await q
    .orderBy("requests.id", "desc")
    .limit(PAGE_SIZE + 1)
    .execute();
  return page(rows, (r) => String(r.id));
}

/**
 * How many requests a newest-first list holds (one requester's, one
 * supplier's, or every one), and how many of them come before the page that starts below `before`.
 */
export async function tallyRequests(
  db: DB,
  options: { requesterId?: number; supplierId?: number; before?: number } = {},
): Promise<{ total: number; offset: number }> {
  const count = async (fromId?: number) => {
    let q = db.selectFrom("requests").select((eb) => eb.fn.countAll<number | string>().as("n"));
    if (options.requesterId !== undefined) q = q.where("requests.requester_id", "=", options.requesterId);
    if (options.supplierId !== undefined) q = q.where("requests.supplier_id", "=", options.supplierId);
    if (fromId !== undefined) q = q.where("requests.id", ">=", fromId);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };
  const [total, offset] = await Promise.all([count(), options.before ? count(options.before) : Promise.resolve(0)]);
  return { total, offset };
}

/** Every request (or one supplier's), newest first (managers and auditors); keyset on id. */
export async function listAllRequests(db: DB, options: { before?: number; supplierId?: number } = {}) {
  let q = requestSummaryQuery(db);
  if (options.supplierId !== undefined) q = q.where("requests.supplier_id", "=", options.supplierId);
  if (options.before) q = q.where("requests.id", "<", options.before);
  const rows = await q
    .orderBy("requests.id", "desc")
    .limit(PAGE_SIZE + 1)
    .execute();
  return page(rows, (r) => String(r.id));
}

export interface QueueFilter {
  /** One undecided state, or all three. */
  state?: RequestState;
  type?: RequestType;
}

export type QueueCursor = { deadlineAt: string; id: number };

function queueStates(filter: QueueFilter): readonly RequestState[] {
  return filter.state ? UNDECIDED.filter((s) => s === filter.state) : UNDECIDED;
}

/** Rows of the queue in one undecided state, with who is handling each (if anyone). */
function queueQuery(db: DB, state: RequestState, filter: QueueFilter) {
  let q = requestSummaryQuery(db)
    .leftJoin("request_claims as claim", "claim.request_id", "requests.id")
    .leftJoin("users as claimant", "claimant.id", "claim.user_id")
    .select([
      "requests.requester_id",
      "requests.logged_by_id",
      "claim.user_id as claimed_by_id",
      "claimant.name as claimed_by_name",
      "claim.claimed_at",
    ])
    .where("requests.state", "=", state);
  if (filter.type) q = q.where("requests.request_type", "=", filter.type);
  return q;
}

/**
 * The managers' queue: undecided requests, nearest deadline first. Keyset on
 * (deadline_at, id). One query per undecided state, each walking the
 * (state, deadline_at) index in order, merged here: a single `state in (…)`
 * query would sort every undecided request on each page.
 */
export async function listQueue(db: DB, options: { after?: QueueCursor; filter?: QueueFilter } = {}) {
  const { after, filter = {} } = options;
  const perState = [];
  for (const state of queueStates(filter)) {
    let q = queueQuery(db, state, filter);
    if (after) {
      q = q.where((eb) =>
        eb.or([
          eb("requests.deadline_at", ">", after.deadlineAt),
          eb.and([eb("requests.deadline_at", "=", after.deadlineAt), eb("requests.id", ">", after.id)]),
        ]),
      );
    }
    perState.push(
      ...(await q
        .orderBy("requests.deadline_at", "asc")
        .orderBy("requests.id", "asc")
        .limit(PAGE_SIZE + 1)
        .execute()),
    );
  }
  const rows = perState
    .sort((a, b) => (a.deadline_at === b.deadline_at ? a.id - b.id : a.deadline_at < b.deadline_at ? -1 : 1))
    .slice(0, PAGE_SIZE + 1);
  return page(rows, (r) => `${r.deadline_at}~${r.id}`);
}

/**
 * How many undecided requests match, and how many of them come before the
 * cursor (so the page can say "26–50 of 112"); `dueBy` counts those whose
 * deadline falls at or before it instead.
 */
export async function countQueue(
  db: DB,
  filter: QueueFilter = {},
  bound: { before?: QueueCursor; dueBy?: string } = {},
): Promise<number> {
  let q = db
    .selectFrom("requests")
    .select((eb) => eb.fn.countAll<number | string>().as("n"))
    .where("requests.state", "in", queueStates(filter));
  if (filter.type) q = q.where("requests.request_type", "=", filter.type);
  const { before, dueBy } = bound;
  if (before) {
    q = q.where((eb) =>
      eb.or([
        eb("requests.deadline_at", "<", before.deadlineAt),
        eb.and([eb("requests.deadline_at", "=", before.deadlineAt), eb("requests.id", "<=", before.id)]),
      ]),
    );
  }
  if (dueBy) q = q.where("requests.deadline_at", "<=", dueBy);
  const { n } = await q.executeTakeFirstOrThrow();
  return Number(n);
}

function page<T>(rows: T[], cursorOf: (row: T) => string): { rows: T[]; next: string | null } {
  const hasMore = rows.length > PAGE_SIZE;
  const shown = hasMore ? rows.slice(0, PAGE_SIZE) : rows;
  const last = shown[shown.length - 1];
  return { rows: shown, next: hasMore && last ? cursorOf(last) : null };
}

/** A request with its supplier and people; `notice_email` is where a supplier notice would go. */
export async function getRequestByReference(db: DB, reference: string) {
  const row = await db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .innerJoin("users as requester", "requester.id", "requests.requester_id")
    .innerJoin("users as logger", "logger.id", "requests.logged_by_id")
    .leftJoin("users as decider", "decider.id", "requests.decided_by")
    .selectAll("requests")
    .select([
      "suppliers.name as supplier_name",
      "suppliers.nzbn as supplier_nzbn",
      "suppliers.contact_email as supplier_contact_email",
      "requester.name as requester_name",
      "requester.email as requester_email",
      "logger.name as logger_name",
      "decider.name as decider_name",
    ])
    .where("requests.reference", "=", reference)
    .executeTakeFirst();
  return row && { ...row, notice_email: supplierNoticeAddress(row.contact_email, row.supplier_contact_email) };
}

export type RequestDetail = NonNullable<Awaited<ReturnType<typeof getRequestByReference>>>;

export async function listAttachments(db: DB, requestId: number) {
  return db
    .selectFrom("attachments")
    .select(["id", "filename", "content_type", "size", "sha256", "uploaded_at"])
    .where("request_id", "=", requestId)
    .orderBy("id")
    .execute();
}

export async function getAttachment(db: DB, requestId: number, attachmentId: number) {
  return db
    .selectFrom("attachments")
    .selectAll()
    .where("request_id", "=", requestId)
    .where("id", "=", attachmentId)
    .executeTakeFirst();
}
