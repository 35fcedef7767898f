import { performance } from "node:perf_hooks";
import type { Kysely } from "kysely";
import { engineOf } from "#db/client";
import type { Database, OutboxRow } from "#db/schema";
import { bodiesOf, parseRecipients } from "~/mail/outbox.server";
import type { MailTransport } from "~/mail/transport.server";

const FIRST_RETRY_MS = 30_000;
const LONGEST_RETRY_MS = 60 * 60_000;

/** How long to wait after the n-th failed attempt: 30 s, 1 min, 2 min, … at most an hour. Never gives up. */
export function deliveryBackoffMs(failedAttempts: number): number {
  const doublings = Math.max(0, failedAttempts - 1);
  // 2^7 × 30 s already passes the hour; stop there so large counts cannot overflow.
  return Math.min(FIRST_RETRY_MS * 2 ** Math.min(doublings, 7), LONGEST_RETRY_MS);
}

export interface DispatchOptions {
  /** When this run starts; the run's clock moves on from here as real time passes. */
  now: Date;
  from: string;
  /** Most emails one run attempts; by default, every email that is due. */
  batchSize?: number;
  /**
   * After this long a run claims no more emails and the rest wait for the next
   * pass, so a large backlog does not hold the other jobs back for long.
   */
  maxRunMs?: number;
  /** How long a claimed email is held from other dispatchers while it is delivered. */
  claimForMs?: number;
}

/**
 * Delivers the emails that are due, one at a time, and records each outcome.
 * A failure is recorded for a later retry and never thrown: the decision that
 * queued the email has already been committed (DESIGN.md, "Email").
 * Pass the database itself, never a transaction: each claim and outcome must
 * commit on its own, and no lock may be held while SMTP is talked to.
 */
export async function deliverDueEmails(
  db: Kysely<Database>,
  transport: MailTransport,
  options: DispatchOptions,
): Promise<{ sent: number; failed: number }> {
  // A burst (a busy morning's requests, each with its notices) goes out in one pass, not fifty every interval.
  const batchSize = options.batchSize ?? Number.POSITIVE_INFINITY;
  const maxRunMs = options.maxRunMs ?? 30_000;
  const claimForMs = options.claimForMs ?? 2 * 60_000;
  const started = performance.now();
  const clock = () => new Date(options.now.getTime() + Math.round(performance.now() - started));

  let sent = 0;
  let failed = 0;
  for (let i = 0; i < batchSize && performance.now() - started < maxRunMs; i++) {
    // Claimed just before its delivery, so the claim is fresh however long the run has taken.
    const email = await claimNextDueEmail(db, clock(), claimForMs);
    if (!email) break;
    try {
      const bodies = await bodiesOf(email);
      if (email.html === null) {
        // Kept with the row, so the outbox shows exactly what was sent and every retry sends the same bytes.
        await db.updateTable("outbox").set(bodies).where("id", "=", email.id).execute();
      }
      await transport.send({
        messageId: email.message_id,
        from: options.from,
        to: parseRecipients(email.to_addresses),
        subject: email.subject,
        html: bodies.html,
        text: bodies.text,
        date: new Date(email.created_at),
      });
    } catch (error) {
      failed++;
      await recordFailedAttempt(db, email, error, clock());
      continue;
    }
    // A crash between the acknowledgement and this write means one more attempt, with the same Message-ID.
    await markSent(db, email.id, clock());
    sent++;
  }
  return { sent, failed };
}

/**
 * Takes the oldest due email and holds it until `now + claimForMs`. One
 * UPDATE … RETURNING is its own short transaction, so two dispatchers (in two
 * processes, or on two connections in one) never claim the same email; on
 * PostgreSQL the row is locked as it is picked (FOR UPDATE SKIP LOCKED), or
 * two servers could pick the same one before either had claimed it.
 */
async function claimNextDueEmail(db: Kysely<Database>, now: Date, claimForMs: number): Promise<OutboxRow | undefined> {
  const at = now.toISOString();
  return db
    .updateTable("outbox")
    .set((eb) => ({
      claimed_until: new Date(now.getTime() + claimForMs).toISOString(),
      attempts: eb("attempts", "+", 1),
    }))
    .where("id", "in", (eb) =>
      eb
        .selectFrom("outbox")
        .select("id")
        .where("status", "=", "pending")
        .where("next_attempt_at", "<=", at)
        .where((w) => w.or([w("claimed_until", "is", null), w("claimed_until", "<=", at)]))
        .orderBy("id")
        .limit(1)
        .$if(engineOf(db) === "postgres", (q) => q.forUpdate().skipLocked()),
    )
    .returningAll()
    .executeTakeFirst();
}

async function markSent(db: Kysely<Database>, id: number, now: Date): Promise<void> {
  await db
    .updateTable("outbox")
    .set({ status: "sent", sent_at: now.toISOString(), claimed_until: null, last_error: null })
    .where("id", "=", id)
    .execute();
}

async function recordFailedAttempt(db: Kysely<Database>, email: OutboxRow, error: unknown, now: Date): Promise<void> {
  const message = (error instanceof Error ? error.message : String(error)).slice(0, 2000);
  const nextAttemptAt = new Date(now.getTime() + deliveryBackoffMs(email.attempts)).toISOString();
  console.error(
    `outbox: email ${email.id} ${email.message_id} (${email.template}) not delivered on attempt ${email.attempts}; ` +
      `next attempt at ${nextAttemptAt}: ${message}`,
  );
  await db
    .updateTable("outbox")
    .set({ last_error: message, next_attempt_at: nextAttemptAt, claimed_until: null })
    .where("id", "=", email.id)
    // Another dispatcher may have sent it after this claim lapsed; never turn that back into pending.
    .where("status", "=", "pending")
    .execute();
}
