import type SQLite from "better-sqlite3";
import { openSqlite } from "#db/client";
import {
  GENESIS_HASH,
  canonicalJsonOfStoredEvent,
  hashedTextOfStoredEvent,
  sha256Hex,
  type StoredAuditEvent,
} from "~/audit/chain";
import { verifyAuditChainInSqlite } from "~/audit/verifySqlite.server";
import { quantile, round } from "~/bench/timing";
import { timeSha256Floor } from "~/bench/verify.server";

/**
 * How fast would chain verification be if events were stored differently? The
 * issue asks for at least half the raw SHA-256 rate; the app's verifier
 * reaches about a third. Its cost beyond hashing is SQLite building each event's bytes from
 * the columns and checking the row may take the fast path. The cheapest
 * redesign removes both: store each event's `hash ‖ prev_hash ‖ C` as one blob
 * (the fields would become generated columns over it). This measures that
 * design on a copy of a database's events, against the app's verifier and the
 * same floor as `npm run bench`, so the figure can be re-measured, not taken
 * on trust. It also measures the leanest layout a chain can have: each event
 * only `seq, hash, C`, its prev_hash being by definition the hash stored
 * before it, so the bytes to hash lie side by side in the page and nothing is
 * checked but the hashes. It is an experiment: nothing in the app stores
 * events either way.
 */

export interface VerifyBound {
  events: number;
  rounds: number;
  /** Medians over the rounds, microseconds per event. */
  app_us_per_event: number;
  stored_bytes_us_per_event: number;
  lean_us_per_event: number;
  sha256_us_per_event: number;
  /** Verification rate over the raw SHA-256 rate (the target is at least 0.5). */
  app_ratio: number;
  stored_bytes_ratio: number;
  lean_ratio: number;
}

const PAGE = 5_000;
const SEPARATOR = 0x1e;

/**
 * Copies the events of the database at `source` into two tables in `target`:
 * `stored(seq, bytes)`, each event as `hash ‖ prev_hash ‖ C` in one blob, and
 * `lean(seq, hash, event_json)`, each as its hash and C, with C built by the
 * reference (`canonicalJsonOfStoredEvent`), so the stored bytes are exactly
 * what the chain hashes. Returns the number of events.
 */
export function storeHashedBytes(source: string, target: string): number {
  const from = openSqlite(source, { readonly: true });
  const to = openSqlite(target);
  try {
    to.exec(`drop table if exists stored; create table stored (seq integer primary key, bytes blob not null);
      drop table if exists lean; create table lean (seq integer primary key, hash text not null, event_json text not null)`);
    const insert = to.prepare("insert into stored (seq, bytes) values (?, ?)");
    const insertLean = to.prepare("insert into lean (seq, hash, event_json) values (?, ?, ?)");
    const page = from.prepare("select * from audit_events where seq > ? order by seq limit ?");
    let count = 0;
    for (let after = 0; ;) {
      const rows = page.all(after, PAGE) as StoredAuditEvent[];
      if (rows.length === 0) break;
      to.transaction(() => {
        for (const e of rows) {
          insert.run(e.seq, Buffer.from(e.hash + hashedTextOfStoredEvent(e), "utf8"));
          insertLean.run(e.seq, e.hash, canonicalJsonOfStoredEvent(e));
        }
      })();
      count += rows.length;
      after = rows.at(-1)!.seq;
    }
    return count;
  } finally {
    from.close();
    to.close();
  }
}

/**
 * Verifies the stored bytes as a real verifier would, page by page: seqs 1…n
 * with no gap, every value a blob, every link and every hash. One statement
 * per page joins the blobs; a separator inside a blob shows as a wrong count.
 * `firstBadSeq` is the first event that fails (or null).
 */
export function verifyStoredBytes(sqlite: SQLite.Database): { ok: boolean; count: number; firstBadSeq: number | null } {
  const [count, last] = sqlite.prepare("select count(*), ifnull(max(seq), 0) from stored").raw().get() as [
    number,
    number,
  ];
  if (count !== last) return { ok: false, count, firstBadSeq: 1 };
  const page = sqlite
    .prepare(
      `select count(*), count(*) filter (where bytes < x''), cast(group_concat(bytes, char(${SEPARATOR})) as blob) from stored where seq between ? and ?`,
    )
    .raw();
  let lastHash = GENESIS_HASH;
  for (let from = 1; from <= count; from += PAGE) {
    const [rows, notBlobs, events] = page.get(from, from + PAGE - 1) as [number, number, Buffer];
    if (notBlobs !== 0 || rows !== Math.min(PAGE, count - from + 1)) return { ok: false, count, firstBadSeq: from };
    let seq = from;
    for (let start = 0; start <= events.length; seq++) {
      let end = events.indexOf(SEPARATOR, start);
      if (end === -1) end = events.length;
      if (end - start < 128 || events.toString("latin1", start + 64, start + 128) !== lastHash)
        return { ok: false, count, firstBadSeq: seq };
      const recomputed = sha256Hex(new Uint8Array(events.buffer, events.byteOffset + start + 64, end - start - 64));
      if (events.toString("latin1", start, start + 64) !== recomputed) return { ok: false, count, firstBadSeq: seq };
      lastHash = recomputed;
      start = end + 1;
    }
    if (seq !== from + rows) return { ok: false, count, firstBadSeq: from };
  }
  return { ok: true, count, firstBadSeq: null };
}

/**
 * Verifies the lean table as a real verifier would, page by page: seqs 1…n
 * with no gap, every value a text, every hash. SQL joins a page as `C ‖ RS ‖
 * hash` per event; behind the hash before the page, event k's hashed bytes
 * (`hash of k - 1 ‖ C`) then lie side by side, so each is hashed where it
 * lies. Every hash must be 64 bytes, checked per row: the joined bytes cannot
 * show a character moved from a hash into the next event's C.
 */
export function verifyLean(sqlite: SQLite.Database): { ok: boolean; count: number; firstBadSeq: number | null } {
  const [count, last] = sqlite.prepare("select count(*), ifnull(max(seq), 0) from lean").raw().get() as [
    number,
    number,
  ];
  if (count !== last) return { ok: false, count, firstBadSeq: 1 };
  const page = sqlite
    .prepare(
      `select count(*), count(*) filter (where not (event_json < x'' and hash < x'' and octet_length(hash) = 64)),
      cast(group_concat(concat(event_json, char(${SEPARATOR}), hash), '') as blob) from lean where seq between ? and ?`,
    )
    .raw();
  let lastHash = Buffer.from(GENESIS_HASH, "latin1");
  for (let from = 1; from <= count; from += PAGE) {
    const [rows, irregular, joined] = page.get(from, from + PAGE - 1) as [number, number, Buffer];
    if (irregular !== 0 || rows !== Math.min(PAGE, count - from + 1)) return { ok: false, count, firstBadSeq: from };
    const events = Buffer.concat([lastHash, joined]);
    let seq = from;
    let start = 0;
    for (; start + 64 < events.length; seq++) {
      const separator = events.indexOf(SEPARATOR, start + 64);
      if (separator === -1 || separator + 65 > events.length) return { ok: false, count, firstBadSeq: seq };
      const recomputed = sha256Hex(new Uint8Array(events.buffer, events.byteOffset + start, separator - start));
      if (events.toString("latin1", separator + 1, separator + 65) !== recomputed)
        return { ok: false, count, firstBadSeq: seq };
      start = separator + 1;
    }
    if (seq !== from + rows || start + 64 !== events.length) return { ok: false, count, firstBadSeq: from };
    lastHash = events.subarray(start);
  }
  return { ok: true, count, firstBadSeq: null };
}

/**
 * Times, in turn for `rounds` rounds: the app's verifier on `source`, the
 * stored-bytes and lean verifiers on `stored` (made by storeHashedBytes), and SHA-256
 * alone over the same bytes: `npm run bench`'s own floor (timeSha256Floor).
 */
export function measureVerifyBound(source: string, stored: string, rounds: number): VerifyBound {
  const app = openSqlite(source, { readonly: true });
  const bytes = openSqlite(stored, { readonly: true });
  const samples = { app: [] as number[], stored: [] as number[], lean: [] as number[], sha256: [] as number[] };
  let events = 0;
  try {
    for (let r = 0; r < rounds; r++) {
      let start = performance.now();
      const verdict = verifyAuditChainInSqlite(app);
      samples.app.push(performance.now() - start);
      start = performance.now();
      const storedVerdict = verifyStoredBytes(bytes);
      samples.stored.push(performance.now() - start);
      start = performance.now();
      const leanVerdict = verifyLean(bytes);
      samples.lean.push(performance.now() - start);
      if (
        !verdict.ok ||
        !storedVerdict.ok ||
        !leanVerdict.ok ||
        verdict.count !== storedVerdict.count ||
        verdict.count !== leanVerdict.count
      ) {
        throw new Error(
          `The chains do not all verify: app ${JSON.stringify(verdict)}, stored bytes ${JSON.stringify(storedVerdict)}, lean ${JSON.stringify(leanVerdict)}.`,
        );
      }
      const floor = timeSha256Floor(source);
      if (floor.events !== verdict.count)
        throw new Error(`The floor hashed ${floor.events} events of ${verdict.count}.`);
      events = verdict.count;
      samples.sha256.push(floor.ms);
    }
  } finally {
    app.close();
    bytes.close();
  }
  const perEvent = (ms: number[]) =>
    (quantile(
      [...ms].sort((a, b) => a - b),
      0.5,
    ) *
      1000) /
    events;
  const [appUs, storedUs, leanUs, shaUs] = [
    perEvent(samples.app),
    perEvent(samples.stored),
    perEvent(samples.lean),
    perEvent(samples.sha256),
  ];
  return {
    events,
    rounds,
    app_us_per_event: round(appUs),
    stored_bytes_us_per_event: round(storedUs),
    lean_us_per_event: round(leanUs),
    sha256_us_per_event: round(shaUs),
    app_ratio: round(shaUs / appUs),
    stored_bytes_ratio: round(shaUs / storedUs),
    lean_ratio: round(shaUs / leanUs),
  };
}
