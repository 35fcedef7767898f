import type { DB } from "#db/client";
import type { RequestState } from "#db/schema";
import { whereFound, type Place } from "~/search/whereFound";
import { formatNzDate } from "~/workflow/nzTime";

/**
 * For one page of search results, where the typed words were found when not
 * in a request's own fields (app/search/whereFound.ts): the texts the index
 * holds beyond them (migration 2026-12-03-40-search-everything), named as a
 * person would. A few queries for the page's ids, whatever the page size.
 */

/** What `decision_reason` is, by how the request ended. */
function reasonLabel(state: RequestState, byDefault: boolean): string {
  if (byDefault) return "the default-decline reason";
  if (state === "withdrawn") return "the withdrawal reason";
  if (state === "cancelled") return "the cancellation reason";
  return "the decision reason";
}

async function requestTexts(db: DB, ids: number[]) {
  return db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .select([
      "requests.id",
      "requests.reference",
      "requests.asked",
      "requests.original_message",
      "requests.state",
      "requests.declined_by_default",
      "requests.decision_reason",
      "requests.exception_ground",
      "requests.requester_conflict_note",
      "requests.impact_public_note",
      "requests.impact_performance_note",
      "suppliers.name as supplier_name",
    ])
    .where("requests.id", "in", ids)
    .execute();
}

type RequestTexts = Awaited<ReturnType<typeof requestTexts>>[number];

/** A request's own fields' places, in the order a person reads the record. */
function fieldPlaces(r: RequestTexts): Place[] {
  const places: Array<[string, string | null]> = [
    [reasonLabel(r.state, r.declined_by_default === 1), r.decision_reason],
    ["the exception ground", r.exception_ground],
    ["the conflict-of-interest note", r.requester_conflict_note],
    ["the impact notes", [r.impact_public_note, r.impact_performance_note].filter(Boolean).join(" ")],
  ];
  return places.filter((p): p is [string, string] => Boolean(p[1])).map(([label, text]) => ({ label, text }));
}

/** The deciders' conflict-of-interest notes, as the deciding events in the audit log record them (`payload.conflict`). */
async function decidersConflictNotes(db: DB, ids: number[]) {
  const events = await db
    .selectFrom("audit_events")
    .leftJoin("users", "users.id", "audit_events.actor_id")
    .select(["audit_events.request_id", "audit_events.payload", "audit_events.at", "users.name"])
    .where("audit_events.request_id", "in", ids)
    // Only events that can hold a note; the payload is read below.
    .where("audit_events.payload", "like", '%"note"%')
    .orderBy("audit_events.seq")
    .execute();
  return events.flatMap((e) => {
    const note = (JSON.parse(e.payload) as { conflict?: { note?: unknown } }).conflict?.note;
    return typeof note === "string" && note !== "" && e.request_id !== null
      ? [{ requestId: e.request_id, note, at: e.at, name: e.name ?? "someone" }]
      : [];
  });
}

/** Each comment, decider's conflict note and endorsement review of the requests, as places, oldest first. */
async function saidPlaces(db: DB, ids: number[]): Promise<Map<number, Place[]>> {
  const comments = await db
    .selectFrom("comments")
    .innerJoin("users", "users.id", "comments.author_id")
    .select(["comments.request_id", "comments.body", "comments.created_at", "users.name"])
    .where("comments.request_id", "in", ids)
    .orderBy("comments.id")
    .execute();
  const reviews = await db
    .selectFrom("endorsement_reviews")
    .select(["request_id", "performance_note", "reason", "created_at"])
    .where("request_id", "in", ids)
    .orderBy("id")
    .execute();
  const out = new Map<number, Place[]>();
  const add = (id: number, place: Place) => out.set(id, [...(out.get(id) ?? []), place]);
  for (const d of await decidersConflictNotes(db, ids)) {
    add(d.requestId, { label: `the conflict-of-interest note of ${d.name}, ${formatNzDate(d.at)}`, text: d.note });
  }
  for (const c of comments) {
    add(c.request_id, { label: `a comment by ${c.name}, ${formatNzDate(c.created_at)}`, text: c.body });
  }
  for (const r of reviews) {
    const text = [r.performance_note, r.reason].filter(Boolean).join(" ");
    add(r.request_id, { label: `the review of ${formatNzDate(r.created_at)}`, text });
  }
  return out;
}

/** Every version's text of the requests: their own field, like what was asked. */
async function versionTexts(db: DB, ids: number[]): Promise<Map<number, string>> {
  const rows = await db
    .selectFrom("endorsement_versions")
    .select(["request_id", "text"])
    .where("request_id", "in", ids)
    .execute();
  const out = new Map<number, string>();
  for (const v of rows) out.set(v.request_id, `${out.get(v.request_id) ?? ""}\n${v.text}`);
  return out;
}

/** For each request of the page found by more than its own fields, the sentence saying where; none without text. */
export async function placesFound(db: DB, ids: number[], typed: string | undefined): Promise<Record<number, string>> {
  if (!typed || ids.length === 0) return {};
  const [requests, said, versions] = await Promise.all([
    requestTexts(db, ids),
    saidPlaces(db, ids),
    versionTexts(db, ids),
  ]);
  const out: Record<number, string> = {};
  for (const r of requests) {
    const own = [r.reference, r.supplier_name, r.asked, r.original_message ?? "", versions.get(r.id) ?? ""].join("\n");
    const sentence = whereFound(typed, own, [...fieldPlaces(r), ...(said.get(r.id) ?? [])]);
    if (sentence) out[r.id] = sentence;
  }
  return out;
}
