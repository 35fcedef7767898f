import canonicalize from "canonicalize";
import { sql, type Kysely, type QueryResult, type RawBuilder } from "kysely";
import { sqliteHandleOf } from "#db/client";
import type { Database } from "#db/schema";
import {
  AuditChainVerifier,
  GENESIS_HASH,
  computeStoredEventHash,
  type StoredAuditEvent,
  type VerifyResult,
} from "~/audit/chain";
import { verifyAuditChainInSqlite } from "~/audit/verifySqlite.server";

export { formatVerifyResult, type VerifyResult } from "~/audit/chain";

export interface AuditEventInput {
  /** ISO-8601 UTC with milliseconds, as `Date.prototype.toISOString()` writes it. */
  at: string;
  actorId: number | null;
  actorRole: string | null;
  onBehalfOfId: number | null;
  action: string;
  requestId: number | null;
  fromState: string | null;
  toState: string | null;
  payload: Record<string, unknown>;
}

const LONE_SURROGATE = /\p{Cs}/u;
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The last event of the chain (its seq and hash); undefined while the chain is empty. */
export async function chainHead(db: Kysely<Database>): Promise<{ seq: number; hash: string } | undefined> {
  return db.selectFrom("audit_events").select(["seq", "hash"]).orderBy("seq", "desc").limit(1).executeTakeFirst();
}

/**
 * Appends the next event to the chain. Runs inside the caller's transaction,
 * so the state change and its audit event commit together (DESIGN.md, "Audit");
 * the transaction's write lock keeps seq contiguous and the chain unforked
 * however many app servers append: SQLite's BEGIN IMMEDIATE, or on PostgreSQL
 * the advisory lock every transaction takes first (db/postgres.ts).
 */
export async function appendAuditEvent(
  db: Kysely<Database>,
  event: AuditEventInput,
): Promise<{ seq: number; hash: string }> {
  if (!db.isTransaction) {
    throw new Error("appendAuditEvent must run inside a transaction; use recordAuditEvent for a standalone event");
  }
  // A chained event can never be corrected afterwards, so refuse a malformed one now.
  if (!ISO_UTC.test(event.at))
    throw new Error(`Audit event time must be ISO-8601 UTC, got ${JSON.stringify(event.at)}`);
  // SQLite cannot store a lone UTF-16 surrogate as written, so the hash would no longer match what is read back.
  const texts = {
    actorRole: event.actorRole,
    action: event.action,
    fromState: event.fromState,
    toState: event.toState,
  };
  for (const [name, text] of Object.entries(texts)) {
    if (text !== null && LONE_SURROGATE.test(text)) throw new Error(`Audit event ${name} has a lone UTF-16 surrogate`);
  }
  const payload = canonicalize(event.payload);
  if (payload === undefined || !payload.startsWith("{")) throw new Error("Audit event payload must be a JSON object");

  const last = await chainHead(db);
  const row = {
    seq: (last?.seq ?? 0) + 1,
    at: event.at,
    actor_id: event.actorId,
    actor_role: event.actorRole,
    on_behalf_of_id: event.onBehalfOfId,
    action: event.action,
    request_id: event.requestId,
    from_state: event.fromState,
    to_state: event.toState,
    // Hash what will be stored and read back (canonical text), not the caller's object (toJSON, undefined keys).
    payload,
    prev_hash: last?.hash ?? GENESIS_HASH,
  };
  const hash = computeStoredEventHash(row);
  await db
    .insertInto("audit_events")
    .values({ ...row, hash })
    .execute();
  return { seq: row.seq, hash };
}

/** A standalone event (a sign-in, a refused action) in its own transaction. */
export async function recordAuditEvent(
  db: Kysely<Database>,
  event: AuditEventInput,
): Promise<{ seq: number; hash: string }> {
  return db.transaction().execute((trx) => appendAuditEvent(trx, event));
}

const PAGE_SIZE = 5_000;

/**
 * Re-verifies the whole chain, a page at a time (keyset on seq) so memory
 * stays flat however long the chain grows. With `head`, also reports whether
 * that earlier-recorded hash is still in the chain with every link up to it
 * intact: a rewrite from some event on, or a truncation, is caught only so.
 * On a database createDb opened, SQLite's fast path does the reading
 * (verifySqlite.server.ts); this loop serves any other handle.
 */
export async function verifyAuditChain(db: Kysely<Database>, options: { head?: string } = {}): Promise<VerifyResult> {
  const sqlite = sqliteHandleOf(db);
  if (sqlite !== undefined) {
    // Holding Kysely's one connection keeps these direct reads out of a transaction another caller has open on it.
    return db.connection().execute(async () => verifyAuditChainInSqlite(sqlite, options));
  }
  const verifier = new AuditChainVerifier(options);
  let afterSeq: number | null = null;
  for (;;) {
    // No lower bound on the first page: a row slipped in below seq 1 must be seen.
    const after: RawBuilder<unknown> = afterSeq === null ? sql`` : sql`where seq > ${afterSeq}`;
    const page: QueryResult<StoredAuditEvent> = await sql<StoredAuditEvent>`select * from audit_events ${after}
      order by seq limit ${PAGE_SIZE}`.execute(db);
    for (const event of page.rows) verifier.accept(event);
    const last = page.rows.at(-1);
    if (last === undefined || page.rows.length < PAGE_SIZE) break;
    afterSeq = last.seq;
  }
  return verifier.result();
}
