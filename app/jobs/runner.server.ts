import type { AppLoadContext } from "@remix-run/node";
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
  const mail =
    transport ??
    createTransportFromConfig({ smtpUrl: context.config.smtpUrl ?? undefined, emlDir: context.config.emailDir });
  // Sweeps first, so the emails they queue go out in the same pass.
  const declinedByDefault = await declineOverdueRequests(context);
  const remindersSent = await remindBeforeDeadlines(context);
  const expired = await expireEndorsements(context);
  const reviewRemindersSent = await remindReviewsDue(context);
  const dailyHeadSent = await sendDailyHead(context);
  const emails = await deliverDueEmails(context.db, mail, { now, from: context.config.mailFrom });
  // Last, and not reported: housekeeping that keeps free-text search quick as requests are logged.
  await mergeSearchIndex(context.db);
  return { declinedByDefault, remindersSent, expired, reviewRemindersSent, dailyHeadSent, emails };
}

/** Runs the jobs every JOBS_INTERVAL_SECONDS inside the app process; passes never overlap. */
export function startJobLoop(context: AppLoadContext): { stop(): void } {
  const transport = createTransportFromConfig({
    smtpUrl: context.config.smtpUrl ?? undefined,
    emlDir: context.config.emailDir,
  });
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await runJobsOnce(context, transport);
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
    },
  };
}
