import type { AppLoadContext } from "@remix-run/node";
import { sql } from "kysely";
import { engineOf, type DB } from "#db/client";
import { releaseLapsedClaims } from "~/commands/claims.server";
import { deliverDueEmails } from "~/mail/dispatcher.server";
import { mergeSearchIndex } from "~/search/fts.server";
import { createTransportFromConfig, type MailTransport } from "~/mail/transport.server";
import {
  declineOverdueRequests,
  expireEndorsements,
  remindBeforeDeadlines,
  remindReviewsDue,
  sendDailyHead,
} from "~/jobs/sweeps.server";

export interface JobReport {
  declinedByDefault: number;
  remindersSent: number;
  expired: number;
  reviewRemindersSent: number;
  claimsReleased: number;
  dailyHeadSent: boolean;
  emails: { sent: number; failed: number };
}

/**
 * One pass of every background job at `context.now()`. Each job is safe to run
 * from two processes at once: sweeps re-check state inside their transaction,
 * and the dispatcher claims each email before sending it.
 */
export async function runJobsOnce(context: AppLoadContext, transport?: MailTransport): Promise<JobReport> {
  const now = context.now();
  const mail = transport ?? transportOf(context);
  try {
    // Sweeps first, so the emails they queue go out in the same pass.
    const declinedByDefault = await declineOverdueRequests(context);
    const remindersSent = await remindBeforeDeadlines(context);
    const expired = await expireEndorsements(context);
    const reviewRemindersSent = await remindReviewsDue(context);
    // After the sweeps that decide, so a request declined by default releases its claim in the same pass.
    const claimsReleased = await releaseLapsedClaims(context);
    const dailyHeadSent = await sendDailyHead(context);
    const emails = await deliverDueEmails(context.db, mail, { now, from: context.config.mailFrom });
    // Last, and not reported: housekeeping that keeps free-text search quick as requests are logged.
    if (engineOf(context.db) === "sqlite") await mergeSearchIndex(context.db);
    return { declinedByDefault, remindersSent, expired, reviewRemindersSent, claimsReleased, dailyHeadSent, emails };
  } finally {
    // A transport made for this one pass goes with it; one passed in belongs to the caller.
    if (!transport) mail.close();
  }
}

function transportOf(context: AppLoadContext): MailTransport {
  return createTransportFromConfig({ smtpUrl: context.config.smtpUrl ?? undefined, emlDir: context.config.emailDir });
}

// The key of the PostgreSQL advisory lock held while one server runs its pass of the jobs.
const JOBS_LOCK_KEY = 0x6a6f_6273; // "jobs"

/**
 * Runs `work` unless another app server is running its jobs: on PostgreSQL it
 * holds a session advisory lock for the pass, released by the server even if
 * this process dies. SQLite serves one server, whose passes never overlap.
 * Null when another server had the lock.
 */
export async function onOneServerAtATime<T>(db: DB, work: () => Promise<T>): Promise<T | null> {
  if (engineOf(db) === "sqlite") return work();
  return db.connection().execute(async (connection) => {
    const { rows } = await sql<{ locked: boolean }>`select pg_try_advisory_lock(${JOBS_LOCK_KEY}) as locked`.execute(
      connection,
    );
    if (!rows[0]?.locked) return null;
    try {
      return await work();
    } finally {
      await sql`select pg_advisory_unlock(${JOBS_LOCK_KEY})`.execute(connection);
    }
  });
}

/** Runs the jobs every JOBS_INTERVAL_SECONDS inside the app process; passes never overlap, on one server or many. */
export function startJobLoop(context: AppLoadContext): { stop(): void } {
  const transport = transportOf(context);
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await onOneServerAtATime(context.db, () => runJobsOnce(context, transport));
    } catch (error) {
      console.error("Background jobs failed; they will run again at the next interval:", error);
    } finally {
      running = false;
    }
  };
  const first = setTimeout(() => void tick(), 1000);
  const timer = setInterval(() => void tick(), context.config.jobsIntervalSeconds * 1000);
  first.unref();
  timer.unref();
  return {
    stop() {
      clearTimeout(first);
      clearInterval(timer);
      transport.close();
    },
  };
}
