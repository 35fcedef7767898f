import Holidays from "date-holidays";

import { calendarDay, endOfNzDay, instantMs, isoDate, nzDateOf, requireCount, startOfNzDay } from "~/workflow/nzTime";

// DESIGN.md "Deadlines": the response deadline is the end of the 10th NZ
// working day after the day of logging; allowing drafting sets the end of the
// 20th; a reminder goes to the deciders 2 working days before a deadline.
export const RESPONSE_WORKING_DAYS = 10;
export const DRAFTING_WORKING_DAYS = 20;
export const REMINDER_WORKING_DAYS_BEFORE = 2;

// National holidays only: constructed without a region, date-holidays leaves
// out the provincial anniversary days, which are working days for this policy.
const nzHolidays = new Holidays("NZ");
const publicHolidaysByYear = new Map<number, ReadonlyMap<string, string>>();

/** NZ national public holidays of a year, Mondayised substitute days included, keyed by date. */
function publicHolidaysIn(year: number): ReadonlyMap<string, string> {
  const cached = publicHolidaysByYear.get(year);
  if (cached) return cached;
  const byDate = new Map<string, string>();
  for (const holiday of nzHolidays.getHolidays(year)) {
    // 'observance' entries such as Easter Sunday are not days off.
    if (holiday.type !== "public") continue;
    // `date` is the local calendar date, "YYYY-MM-DD hh:mm:ss".
    const date = holiday.date.slice(0, 10);
    if (!byDate.has(date)) byDate.set(date, holiday.name);
  }
  publicHolidaysByYear.set(year, byDate);
  return byDate;
}

/** The name of the national public holiday on this NZ day, or null. */
export function publicHolidayName(nzDate: string): string | null {
  const day = calendarDay(nzDate);
  return publicHolidaysIn(day.year).get(isoDate(day)) ?? null;
}

/** Not a Saturday, Sunday or national public holiday (Mondayised days included). */
export function isWorkingDay(nzDate: string): boolean {
  const day = calendarDay(nzDate);
  const weekend = day.weekday === 6 || day.weekday === 7;
  return !weekend && !publicHolidaysIn(day.year).has(isoDate(day));
}

function stepWorkingDays(nzDate: string, n: number, direction: 1 | -1): string {
  let day = calendarDay(nzDate);
  let counted = 0;
  while (counted < n) {
    day = day.plus({ days: direction });
    if (isWorkingDay(isoDate(day))) counted += 1;
  }
  return isoDate(day);
}

/** The n-th working day after nzDate (nzDate itself is not counted; n = 0 gives nzDate). */
export function addWorkingDays(nzDate: string, n: number): string {
  requireCount(n, "Working days");
  return stepWorkingDays(nzDate, n, 1);
}

/** The n-th working day before nzDate (nzDate itself is not counted; n = 0 gives nzDate). */
export function subtractWorkingDays(nzDate: string, n: number): string {
  requireCount(n, "Working days");
  return stepWorkingDays(nzDate, n, -1);
}

/** End of the 10th NZ working day after the NZ day of logging, as ISO UTC. */
export function responseDeadline(loggedAt: Date | string): string {
  return endOfNzDay(addWorkingDays(nzDateOf(loggedAt), RESPONSE_WORKING_DAYS));
}

/** End of the 20th NZ working day after the NZ day drafting was allowed, as ISO UTC. */
export function draftingDeadline(allowedAt: Date | string): string {
  return endOfNzDay(addWorkingDays(nzDateOf(allowedAt), DRAFTING_WORKING_DAYS));
}

/**
 * When the deciders' reminder falls due: 00:00 NZ on the working day 2
 * working days before the deadline's day (the NZ day that ends at the
 * deadline). Pure: a caller whose clock is already past it sends it at once.
 */
export function reminderDueAt(deadline: string): string {
  // A midnight deadline ends the day before it; any other instant lies within its day.
  const deadlineDay = nzDateOf(new Date(instantMs(deadline) - 1));
  const reminderDay = subtractWorkingDays(deadlineDay, REMINDER_WORKING_DAYS_BEFORE);
  return startOfNzDay(reminderDay);
}

/**
 * Working days after from's NZ day up to and including to's NZ day (0 on the
 * same day; negative when `to` is earlier). Used for "working days to decision".
 */
export function workingDaysBetween(from: Date | string, to: Date | string): number {
  const fromDay = nzDateOf(from);
  const toDay = nzDateOf(to);
  if (toDay < fromDay) return -workingDaysBetween(to, from);
  let count = 0;
  for (let day = calendarDay(fromDay).plus({ days: 1 }); isoDate(day) <= toDay; day = day.plus({ days: 1 })) {
    if (isWorkingDay(isoDate(day))) count += 1;
  }
  return count;
}
