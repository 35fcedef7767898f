import crypto from "node:crypto";
import canonicalize from "canonicalize";

/**
 * The audit hash chain (DESIGN.md, "Audit"), pure: no database, no clock.
 *
 *   hash = lowercase hex SHA-256 of the UTF-8 bytes of (prev_hash + C)
 *
 * where C is the RFC 8785 canonical JSON of the event's other fields, keyed by
 * their column names, and the first event's prev_hash is 64 zeros.
 */

export const GENESIS_HASH = "0".repeat(64);

/** The fields that C covers, under their column names; `payload` parsed. */
export interface AuditEventFields {
  seq: number;
  at: string;
  actor_id: number | null;
  actor_role: string | null;
  on_behalf_of_id: number | null;
  action: string;
  request_id: number | null;
  from_state: string | null;
  to_state: string | null;
  payload: Record<string, unknown>;
}

/** An event as stored: `payload` is its canonical JSON text. */
export interface StoredAuditEvent extends Omit<AuditEventFields, "payload"> {
  payload: string;
  prev_hash: string;
  hash: string;
}

export interface VerifyResult {
  /** Every link intact. */
  ok: boolean;
  /** Events stored. */
  count: number;
  /** Stored hash of the last event; null when there is none. */
  head: string | null;
  /** The first event whose link is broken (after a gap: the first seq after it). */
  firstBadSeq: number | null;
  /** Only when a head was given: it is stored and every link up to it is intact. */
  containsHead?: boolean;
}

/** C: RFC 8785 canonical JSON of the event's fields, by the maintained package. */
export function canonicalEventJson(fields: AuditEventFields): string {
  // Picked one by one so a stray property can never slip into the hash.
  const c = canonicalize({
    seq: fields.seq,
    at: fields.at,
    actor_id: fields.actor_id,
    actor_role: fields.actor_role,
    on_behalf_of_id: fields.on_behalf_of_id,
    action: fields.action,
    request_id: fields.request_id,
    from_state: fields.from_state,
    to_state: fields.to_state,
    payload: fields.payload,
  });
  if (c === undefined) throw new Error("Audit event fields have no JSON form");
  return c;
}

export function computeEventHash(prevHash: string, fields: AuditEventFields): string {
  return sha256Hex(prevHash + canonicalEventJson(fields));
}

/**
 * C built from a stored row without parsing its payload: the payload text is
 * already canonical, the other values are strings, integers or null, for which
 * RFC 8785 serialises exactly as JSON.stringify does, and the keys are written
 * in RFC 8785 order (UTF-16 code units). Every other value is self-delimiting
 * JSON, so different rows never give the same C: a payload text altered even
 * to an equivalent non-canonical form changes C and the hash, and the
 * verifier reports that event.
 */
export function canonicalJsonOfStoredEvent(event: Omit<StoredAuditEvent, "hash">): string {
  return (
    `{"action":${JSON.stringify(event.action)}` +
    `,"actor_id":${scalarJson(event.actor_id)}` +
    `,"actor_role":${scalarJson(event.actor_role)}` +
    `,"at":${JSON.stringify(event.at)}` +
    `,"from_state":${scalarJson(event.from_state)}` +
    `,"on_behalf_of_id":${scalarJson(event.on_behalf_of_id)}` +
    `,"payload":${event.payload}` +
    `,"request_id":${scalarJson(event.request_id)}` +
    `,"seq":${scalarJson(event.seq)}` +
    `,"to_state":${scalarJson(event.to_state)}}`
  );
}

/** What the chain hashes for a stored row: `prev_hash + C`. */
export function hashedTextOfStoredEvent(event: Omit<StoredAuditEvent, "hash">): string {
  return event.prev_hash + canonicalJsonOfStoredEvent(event);
}

/** The hash of a row as it will be stored: its payload text must be canonicalize's output. */
export function computeStoredEventHash(event: Omit<StoredAuditEvent, "hash">): string {
  return sha256Hex(hashedTextOfStoredEvent(event));
}

function scalarJson(value: string | number | null): string {
  return value === null ? "null" : JSON.stringify(value);
}

// One-shot hashing (Node >= 20.12) skips the Hash object: measurably faster per event.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string | Uint8Array, encoding: "hex") => string })
  .hash;

/** Lowercase hex SHA-256 of a text (as UTF-8) or of bytes: the chain's hash. */
export function sha256Hex(data: string | Uint8Array): string {
  return oneShotHash ? oneShotHash("sha256", data, "hex") : crypto.createHash("sha256").update(data).digest("hex");
}

/**
 * Consumes stored events in seq order, one at a time, so a million events
 * verify in flat memory. A link is bad when its seq is not the previous + 1
 * (the first must be 1), its prev_hash is not the previous stored hash, or its
 * stored hash is not the recomputed one.
 */
export class AuditChainVerifier {
  readonly #head: string | undefined;
  #count = 0;
  #lastSeq = 0;
  #lastHash: string = GENESIS_HASH;
  #firstBadSeq: number | null = null;
  #headFound = false;

  /** `head`: a hash recorded earlier (e.g. by the auditors) to look for. */
  constructor(options: { head?: string } = {}) {
    this.#head = options.head;
  }

  /** No bad link so far. */
  get intact(): boolean {
    return this.#firstBadSeq === null;
  }

  /** The seq and stored hash of the last event accepted (0 and 64 zeros before the first). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  get lastHash(): string {
    return this.#lastHash;
  }

  /**
   * Events that a faster reader has already checked by this same rule, while
   * the chain was intact: seqs lastSeq + 1 … lastSeq + count, every link good.
   * `containsHead`: the head looked for is one of their hashes.
   */
  acceptIntactRun(run: { count: number; lastHash: string; containsHead: boolean }): void {
    if (!this.intact) throw new Error("acceptIntactRun: the chain is already broken");
    if (run.count === 0) return;
    this.#count += run.count;
    this.#lastSeq += run.count;
    this.#lastHash = run.lastHash;
    if (run.containsHead) this.#headFound = true;
  }

  accept(event: StoredAuditEvent): void {
    this.#count++;
    // Past the first bad link nothing more can be proved; only count and head remain.
    if (this.#firstBadSeq === null) {
      const intact =
        event.seq === this.#lastSeq + 1 &&
        // A payload stored as a blob hashes like its text, but is no longer the event that was written.
        typeof event.payload === "string" &&
        event.prev_hash === this.#lastHash &&
        event.hash === computeStoredEventHash(event);
      if (!intact) this.#firstBadSeq = event.seq;
      else if (event.hash === this.#head) this.#headFound = true;
    }
    this.#lastSeq = event.seq;
    this.#lastHash = event.hash;
  }

  result(): VerifyResult {
    const result: VerifyResult = {
      ok: this.#firstBadSeq === null,
      count: this.#count,
      head: this.#count === 0 ? null : this.#lastHash,
      firstBadSeq: this.#firstBadSeq,
    };
    if (this.#head !== undefined) result.containsHead = this.#headFound;
    return result;
  }
}

/** Verifies events already in memory, e.g. an export. */
export function verifyAuditEvents(events: Iterable<StoredAuditEvent>, options: { head?: string } = {}): VerifyResult {
  const verifier = new AuditChainVerifier(options);
  for (const event of events) verifier.accept(event);
  return verifier.result();
}

/** The one JSON line `audit:verify` prints. */
export function formatVerifyResult(result: VerifyResult): string {
  const { ok, count, head, firstBadSeq, containsHead } = result;
  return JSON.stringify(
    containsHead === undefined ? { ok, count, head, firstBadSeq } : { ok, count, head, firstBadSeq, containsHead },
  );
}
