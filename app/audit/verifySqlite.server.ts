import { isUtf8 } from "node:buffer";
import type SQLite from "better-sqlite3";
import { AuditChainVerifier, sha256Hex, type StoredAuditEvent, type VerifyResult } from "~/audit/chain";

/**
 * verifyAuditChain on SQLite, reading better-sqlite3 directly (DESIGN.md,
 * "Beyond one machine": what only SQLite has stays in one module).
 *
 * Most of a verification's time went on handing each row's twelve values to
 * JavaScript one by one. Here SQLite writes a whole page (a range of seqs) as
 * one buffer of `hash ‖ prev_hash ‖ C` per event, and JavaScript only hashes
 * slices of it. A page is taken on this fast path only when every byte is
 * provably what the reference check (AuditChainVerifier.accept on the stored
 * row) would hash; on anything else — a link that does not hold, an unusual
 * value, a gap — the page is read again as rows and checked by the reference,
 * which then decides and reports. So the result is always the reference's.
 * Why this is the one fast path: docs/decisions/2026-11-25-verification-fast-path.md
 */

/** Events per page, on the fast path and the reference's. */
export const VERIFY_PAGE_SIZE = 5_000;
const RECORD_SEPARATOR = 0x1e;
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/**
 * C as SQL, keys in RFC 8785 order. json_quote escapes a text exactly as
 * JSON.stringify does (every code point is checked in tests/audit) and writes
 * NULL as null; the ids, checked below to be integers or NULL, and seq (the
 * integer primary key) are written in decimal; the payload text is spliced as
 * stored, as canonicalJsonOfStoredEvent does.
 */
const C_SQL = `'{"action":', json_quote(action), ',"actor_id":', ifnull(actor_id, 'null'),
  ',"actor_role":', json_quote(actor_role), ',"at":', json_quote(at), ',"from_state":', json_quote(from_state),
  ',"on_behalf_of_id":', ifnull(on_behalf_of_id, 'null'), ',"payload":', payload,
  ',"request_id":', ifnull(request_id, 'null'), ',"seq":', seq, ',"to_state":', json_quote(to_state), '}'`;

// NULL, or an integer (a real or a text is not equal to its cast) that JavaScript holds exactly.
const safeIntegerOrNull = (column: string) =>
  `(${column} is null or (${column} = cast(${column} as integer) and ${column} between -${MAX_SAFE} and ${MAX_SAFE}))`;

/**
 * A row whose SQL-built bytes are the reference's bytes: hash and prev_hash
 * are texts of 64 bytes (so the parts cannot shift into one another), the
 * payload is a text, the ids are integers JavaScript holds exactly. Every
 * text sorts before every blob, hence `< x''`. Any other row — a blob, a
 * real, a huge integer, a NULL where none can be — goes to the reference; so
 * does a blob in a text column, which makes json_quote fail.
 */
const FAST_ROW = [
  "octet_length(hash) = 64 and hash < x''",
  "octet_length(prev_hash) = 64 and prev_hash < x''",
  "payload < x''",
  safeIntegerOrNull("actor_id"),
  safeIntegerOrNull("on_behalf_of_id"),
  safeIntegerOrNull("request_id"),
].join(" and ");

// Rows come in rowid (= seq) order from the range scan; were they not, the links would fail and the reference decide.
const FAST_PAGE_SQL = `select count(*),
  cast(group_concat(iif(${FAST_ROW}, concat(hash, prev_hash, ${C_SQL}), ''), char(${RECORD_SEPARATOR})) as blob)
  from audit_events where seq between ? and ?`;

// Prepared once per connection: compiling the page query costs about as much as hashing a hundred events.
const prepared = new WeakMap<
  SQLite.Database,
  { fastPage: SQLite.Statement; anyFrom: SQLite.Statement; utf8: boolean }
>();
function statementsOf(sqlite: SQLite.Database) {
  let statements = prepared.get(sqlite);
  if (statements === undefined) {
    statements = {
      fastPage: sqlite.prepare(FAST_PAGE_SQL).raw(),
      anyFrom: sqlite.prepare("select exists(select 1 from audit_events where seq >= ?)").pluck(),
      // A database's encoding is fixed when it is created, so asking once per connection is enough.
      utf8: sqlite.pragma("encoding", { simple: true }) === "UTF-8",
    };
    prepared.set(sqlite, statements);
  }
  return statements;
}

export interface IntactRun {
  count: number;
  lastHash: string;
  containsHead: boolean;
}

/**
 * The fast path's verdict on the page of seqs from … from + VERIFY_PAGE_SIZE
 * - 1, in a chain intact up to from - 1 whose hash there is `prevHash`: the
 * run, when every event in it is provably intact and a short page is the end
 * of the chain; undefined when the reference must judge the page.
 */
export function checkChainPage(
  sqlite: SQLite.Database,
  from: number,
  prevHash: string,
  head?: string,
): IntactRun | undefined {
  const { fastPage, anyFrom, utf8 } = statementsOf(sqlite);
  // The fast path hashes SQLite's bytes as they are; in a UTF-16 database those are not the recipe's.
  if (!utf8) return undefined;
  let count: number;
  let events: Buffer | null;
  try {
    [count, events] = fastPage.get(from, from + VERIFY_PAGE_SIZE - 1) as [number, Buffer | null];
  } catch {
    // A value SQLite cannot quote (a blob): the reference re-reads this page and reports it, or throws what is wrong.
    return undefined;
  }
  // A short page is the end only when nothing lies beyond it; otherwise there is a gap.
  if (count < VERIFY_PAGE_SIZE && anyFrom.get(from + count)) {
    return undefined;
  }
  if (count === 0) return { count: 0, lastHash: prevHash, containsHead: false };
  // Text that is not UTF-8 reads back into JavaScript changed; only the reference may judge it.
  if (events === null || !isUtf8(events)) return undefined;

  let lastHash = prevHash;
  let containsHead = false;
  let seen = 0;
  for (let start = 0; start <= events.length; seen++) {
    let end = events.indexOf(RECORD_SEPARATOR, start);
    if (end === -1) end = events.length;
    // A separator inside a stored value would split an event in two: the count below then fails.
    if (end - start < 128 + 2) return undefined;
    if (events.toString("latin1", start + 64, start + 128) !== lastHash) return undefined;
    // A plain view: cheaper to make than a Buffer from subarray.
    const recomputed = sha256Hex(new Uint8Array(events.buffer, events.byteOffset + start + 64, end - start - 64));
    if (events.toString("latin1", start, start + 64) !== recomputed) return undefined;
    lastHash = recomputed;
    if (recomputed === head) containsHead = true;
    start = end + 1;
  }
  return seen === count ? { count, lastHash, containsHead } : undefined;
}

/** verifyAuditChain's result for the SQLite database behind `sqlite`, from one snapshot. */
export function verifyAuditChainInSqlite(sqlite: SQLite.Database, options: { head?: string } = {}): VerifyResult {
  const verify = (): VerifyResult => {
    const verifier = new AuditChainVerifier(options);
    const firstRows = sqlite.prepare("select * from audit_events order by seq limit ?");
    const nextRows = sqlite.prepare("select * from audit_events where seq > ? order by seq limit ?");

    // A row slipped in below seq 1 must be seen: then the reference reads from the very first row.
    let after: number | null = sqlite.prepare("select exists(select 1 from audit_events where seq < 1)").pluck().get()
      ? null
      : 0;
    for (;;) {
      if (after !== null && verifier.intact) {
        const run = checkChainPage(sqlite, verifier.lastSeq + 1, verifier.lastHash, options.head);
        if (run !== undefined) {
          verifier.acceptIntactRun(run);
          if (run.count < VERIFY_PAGE_SIZE) break;
          after = verifier.lastSeq;
          continue;
        }
      }
      const rows = (
        after === null ? firstRows.all(VERIFY_PAGE_SIZE) : nextRows.all(after, VERIFY_PAGE_SIZE)
      ) as StoredAuditEvent[];
      for (const event of rows) verifier.accept(event);
      const last = rows.at(-1);
      if (last === undefined || rows.length < VERIFY_PAGE_SIZE) break;
      after = last.seq;
    }
    return verifier.result();
  };
  // One read transaction, so the count and head belong to one moment even while others append.
  return sqlite.inTransaction ? verify() : sqlite.transaction(verify)();
}
