import type { DB } from "#db/client";
import type { TimelineEvent } from "~/workflow/timeline";

/** A request's audit events in order, with names for who acted and on whose behalf. */
export async function timelineOf(db: DB, requestId: number): Promise<Array<TimelineEvent & { hash: string }>> {
  const rows = await db
    .selectFrom("audit_events")
    .leftJoin("users as actor", "actor.id", "audit_events.actor_id")
    .leftJoin("users as principal", "principal.id", "audit_events.on_behalf_of_id")
    .select([
      "audit_events.seq",
      "audit_events.at",
      "audit_events.action",
      "audit_events.from_state",
      "audit_events.to_state",
      "audit_events.payload",
      "audit_events.hash",
      "actor.name as actor_name",
      "principal.name as principal_name",
    ])
    .where("audit_events.request_id", "=", requestId)
    .orderBy("audit_events.seq")
    .execute();
  return rows.map((r) => ({
    seq: r.seq,
    at: r.at,
    action: r.action,
    actorName: r.actor_name,
    onBehalfOfName: r.principal_name,
    fromState: r.from_state,
    toState: r.to_state,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
    hash: r.hash,
  }));
}

export async function commentsOf(db: DB, requestId: number) {
  return db
    .selectFrom("comments")
    .innerJoin("users", "users.id", "comments.author_id")
    .select([
      "comments.id",
      "comments.body",
      "comments.created_at",
      "users.name as author_name",
      "users.id as author_id",
    ])
    .where("comments.request_id", "=", requestId)
    .orderBy("comments.id")
    .execute();
}
