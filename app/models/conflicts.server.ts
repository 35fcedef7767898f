import type { DB } from "#db/client";

/** A decider's own conflict-of-interest declaration for one request, as their last action recorded it. */
export interface ConflictDeclarationView {
  declared: boolean;
  note: string;
  at: string;
}

/** How far back to look: a person's actions on one request are few. */
const RECENT_EVENTS = 50;

function declarationIn(action: string, payloadJson: string): { declared: boolean; note: string } | null {
  const payload = JSON.parse(payloadJson) as { conflict?: { hasConflict?: boolean; note?: string }; code?: string };
  if (payload.conflict && typeof payload.conflict.hasConflict === "boolean") {
    return { declared: payload.conflict.hasConflict, note: payload.conflict.note ?? "" };
  }
  // A declared conflict is refused by the core, so only the refusal records it (without the note).
  if (action === "request.refused" && payload.code === "conflict_declared") return { declared: true, note: "" };
  return null;
}

/**
 * The declaration this person last made on this request, read from the audit
 * log (each deciding event records it), so the next form starts from it
 * instead of asking again. Null when they have not declared on it yet.
 */
export async function lastConflictDeclaration(
  db: DB,
  requestId: number,
  userId: number,
): Promise<ConflictDeclarationView | null> {
  const rows = await db
    .selectFrom("audit_events")
    .select(["action", "payload", "at"])
    .where("request_id", "=", requestId)
    .where("actor_id", "=", userId)
    .orderBy("seq", "desc")
    .limit(RECENT_EVENTS)
    .execute();
  for (const row of rows) {
    const found = declarationIn(row.action, row.payload);
    if (found) return { ...found, at: row.at };
  }
  return null;
}
