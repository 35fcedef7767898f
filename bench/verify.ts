import type { DB } from "#db/client";
import type { BenchDatabase } from "./engines";
import { hashedTextOfStoredEvent, sha256Hex, type StoredAuditEvent } from "~/audit/chain";
import { verifyAuditChain } from "~/audit/audit.server";

/**
 * Chain verification (the app's verifyAuditChain, reading every event from
 * the database) against the raw SHA-256 rate over the very bytes it hashes,
 * in the same process: each event's `prev_hash + C` as UTF-8 in a buffer,
 * prepared outside the timer, so only the hashing is timed.
 */

export interface VerifyFigures {
  events: number;
  ok: boolean;
  verify_events_per_s: number;
  sha256_events_per_s: number;
}

const PAGE = 5_000;

export async function timeVerification(target: BenchDatabase): Promise<VerifyFigures> {
  const db = target.open();
  let verified;
  let verifySeconds;
  let floor;
  try {
    const start = performance.now();
    verified = await verifyAuditChain(db);
    verifySeconds = (performance.now() - start) / 1000;
    floor = await timeSha256Floor(db);
  } finally {
    await db.destroy();
  }

  return {
    events: verified.count,
    ok: verified.ok && floor.events === verified.count,
    verify_events_per_s: Math.round(verified.count / verifySeconds),
    sha256_events_per_s: Math.round(floor.events / (floor.ms / 1000)),
  };
}

/**
 * The floor: SHA-256 alone over every event's `prev_hash + C`, as UTF-8 in
 * buffers prepared a page at a time outside the timer, so only the hashing is
 * timed. Returns the events hashed and the milliseconds spent hashing them.
 */
export async function timeSha256Floor(db: DB): Promise<{ events: number; ms: number }> {
  let events = 0;
  let ms = 0;
  let sink = 0;
  for (let after = 0; ;) {
    const rows: StoredAuditEvent[] = await db
      .selectFrom("audit_events")
      .selectAll()
      .where("seq", ">", after)
      .orderBy("seq")
      .limit(PAGE)
      .execute();
    if (rows.length === 0) break;
    // The very bytes the chain hashes, as UTF-8, ready in memory: the floor is SHA-256 and nothing else.
    const texts = rows.map((e) => Buffer.from(hashedTextOfStoredEvent(e), "utf8"));
    const start = performance.now();
    for (const text of texts) sink += sha256Hex(text).charCodeAt(0);
    ms += performance.now() - start;
    events += rows.length;
    after = rows.at(-1)!.seq;
  }
  if (sink < 0) throw new Error("unreachable");
  return { events, ms };
}
