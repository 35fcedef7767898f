import { endOfNzDay, instantMs, nzDateOf } from "~/workflow/nzTime";
import { REMINDER_WORKING_DAYS_BEFORE, addWorkingDays, workingDaysBetween } from "~/workflow/workingDays.server";

/** How close a deadline is, as the queue marks it: the same 2 working days the deciders' reminder uses. */
export type Urgency = "overdue" | "today" | "soon" | null;

/** The instants that separate the marks, from `now`: passed, ends today, ends within 2 working days. */
export function urgencyBounds(now: Date): { overdue: string; today: string; soon: string } {
  const today = nzDateOf(now);
  return {
    overdue: now.toISOString(),
    today: endOfNzDay(today),
    soon: endOfNzDay(addWorkingDays(today, REMINDER_WORKING_DAYS_BEFORE)),
  };
}

/** The NZ day a deadline ends: a midnight deadline closes the day before it. */
function deadlineDay(deadlineAt: string): string {
  return nzDateOf(new Date(instantMs(deadlineAt) - 1));
}

/** Working days left until the deadline's day (0 when it ends today) and how the queue marks it. */
export function deadlineStanding(deadlineAt: string, now: Date): { workingDaysLeft: number; urgency: Urgency } {
  const bounds = urgencyBounds(now);
  const workingDaysLeft = Math.max(0, workingDaysBetween(now, deadlineDay(deadlineAt)));
  const urgency: Urgency =
    deadlineAt <= bounds.overdue
      ? "overdue"
      : deadlineAt <= bounds.today
        ? "today"
        : deadlineAt <= bounds.soon
          ? "soon"
          : null;
  return { workingDaysLeft, urgency };
}
