import type { AppLoadContext } from "@remix-run/node";
import { UNDECIDED_STATES } from "~/workflow/vocabulary";
import { sql } from "kysely";
import { appendAuditEvent, chainHead } from "~/audit/audit.server";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { managersAndDelegates, queueNotification, requestUrl } from "~/mail/notify.server";
import { usersWithRole } from "~/models/users.server";
import { addDaysNz, formatDeadline, formatNzDate, nzDateOf } from "~/workflow/nzTime";
import { reminderDueAt } from "~/workflow/workingDays.server";

const UNDECIDED = UNDECIDED_STATES;
/** Reminders go 2 working days ahead; 21 calendar days covers any run of holidays. */
const REMINDER_HORIZON_DAYS = 21;
/** Managers are reminded to review an enduring endorsement this long before its valid-until. */
export const REVIEW_DUE_DAYS_BEFORE = 30;

/**
 * Raises a sweep's event on each request in turn and counts those the core
 * let through: another process may have raised it first, or the request moved on.
 */
async function raiseOnEach(
  context: AppLoadContext,
  requests: ReadonlyArray<{ id: number }>,
  type: "declineByDefault" | "remindDeadline" | "expire",
): Promise<number> {
  let raised = 0;
  for (const { id } of requests) {
    if ((await applyRequestEvent(context, id, { type }, "system")).ok) raised++;
  }
  return raised;
}

/** Declines by default every undecided request whose deadline has passed (DESIGN.md "Default to decline"). */
export async function declineOverdueRequests(context: AppLoadContext): Promise<number> {
  const now = context.now().toISOString();
  const due = await context.db
    .selectFrom("requests")
    .select("id")
    .where("state", "in", UNDECIDED)
    .where("deadline_at", "<=", now)
    .orderBy("deadline_at")
    .execute();
  return raiseOnEach(context, due, "declineByDefault");
}

/** Reminds the deciders 2 working days before each undecided request's deadline, once per deadline. */
export async function remindBeforeDeadlines(context: AppLoadContext): Promise<number> {
  const now = context.now();
  const horizon = addDaysNz(now, REMINDER_HORIZON_DAYS);
  const candidates = await context.db
    .selectFrom("requests")
    .select(["id", "deadline_at"])
    .where("state", "in", UNDECIDED)
    .where("deadline_at", ">", now.toISOString())
    .where("deadline_at", "<=", horizon)
    .where((eb) => eb.or([eb("reminder_sent_for", "is", null), eb("reminder_sent_for", "!=", eb.ref("deadline_at"))]))
    .execute();
  const due = candidates.filter((r) => Date.parse(reminderDueAt(r.deadline_at)) <= now.getTime());
  return raiseOnEach(context, due, "remindDeadline");
}

/** Marks expired every approved endorsement whose valid-until has passed unreviewed. */
export async function expireEndorsements(context: AppLoadContext): Promise<number> {
  const due = await context.db
    .selectFrom("requests")
    .select("id")
    .where("state", "=", "approved")
    .where("valid_until", "<=", context.now().toISOString())
    .execute();
  return raiseOnEach(context, due, "expire");
}

/** Reminds the managers to review an enduring endorsement before its valid-until, once per valid-until. */
export async function remindReviewsDue(context: AppLoadContext): Promise<number> {
  const now = context.now();
  const horizon = addDaysNz(now, REVIEW_DUE_DAYS_BEFORE);
  const due = await context.db
    .selectFrom("requests")
    .select("id")
    .where("state", "=", "approved")
    .where("enduring", "=", 1)
    .where("valid_until", ">", now.toISOString())
    .where("valid_until", "<=", horizon)
    .where((eb) =>
      eb.or([eb("review_reminder_sent_for", "is", null), eb("review_reminder_sent_for", "!=", eb.ref("valid_until"))]),
    )
    .execute();
  let sent = 0;
  for (const { id } of due) {
    const queued = await context.db.transaction().execute(async (trx) => {
      // Re-read inside the write lock: another process may have sent it meanwhile.
      const r = await trx
        .selectFrom("requests")
        .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
        .leftJoin("endorsement_versions as v", "v.id", "requests.approved_version_id")
        .select([
          "requests.id",
          "requests.reference",
          "requests.state",
          "requests.valid_until",
          "requests.review_reminder_sent_for",
          "suppliers.name as supplier_name",
          "v.number as version_number",
        ])
        .where("requests.id", "=", id)
        .executeTakeFirstOrThrow();
      if (r.state !== "approved" || !r.valid_until || r.review_reminder_sent_for === r.valid_until) return false;
      await trx.updateTable("requests").set({ review_reminder_sent_for: r.valid_until }).where("id", "=", id).execute();
      await appendAuditEvent(trx, {
        at: now.toISOString(),
        actorId: null,
        actorRole: "system",
        onBehalfOfId: null,
        action: "request.reviewReminder",
        requestId: id,
        fromState: "approved",
        toState: "approved",
        payload: { validUntil: r.valid_until },
      });
      await queueNotification(trx, context, {
        template: "review-due",
        to: await managersAndDelegates(trx, now),
        requestId: id,
        now,
        props: {
          reference: r.reference,
          supplierName: r.supplier_name,
          requestUrl: requestUrl(context, r.reference),
          versionNumber: r.version_number ?? 0,
          validUntilText: formatDeadline(r.valid_until),
        },
      });
      return true;
    });
    if (queued) sent++;
  }
  return sent;
}

/**
 * Once a day, emails the auditors the audit chain's head hash and count: an
 * anchor kept outside the database, so a rewrite or truncation is caught
 * against their copy (DESIGN.md "Audit").
 */
export async function sendDailyHead(context: AppLoadContext): Promise<boolean> {
  const now = context.now();
  const day = nzDateOf(now);
  return context.db.transaction().execute(async (trx) => {
    const key = `daily-head:${day}`;
    const done = await trx.selectFrom("job_runs").select("key").where("key", "=", key).executeTakeFirst();
    if (done) return false;
    await trx.insertInto("job_runs").values({ key, ran_at: now.toISOString() }).execute();
    const head = await chainHead(trx);
    const count = await trx
      .selectFrom("audit_events")
      .select(sql<number>`count(*)`.as("n"))
      .executeTakeFirstOrThrow();
    const auditors = await usersWithRole(trx, "auditor");
    if (auditors.length === 0) return true;
    await queueNotification(trx, context, {
      template: "daily-head",
      to: auditors.map((a) => a.email),
      requestId: null,
      now,
      props: {
        dateText: formatNzDate(now.toISOString()),
        headHash: head?.hash ?? null,
        eventCount: Number(count.n),
        verifyUrl: `${context.config.appUrl}/audit/verify`,
      },
    });
    return true;
  });
}
