import { DateTime, IANAZone } from "luxon";

// Times are stored as UTC and shown to people in New Zealand time (DESIGN.md).
// This module needs only luxon, so pages that merely show times do not pull
// the holiday tables of workingDays.ts into the browser bundle.

export const NZ_ZONE = "Pacific/Auckland";

const nzZone = IANAZone.create(NZ_ZONE);
const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME_LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?$/;

const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];
const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

type WallTime = {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** 1 = Monday … 7 = Sunday */
  weekday: number;
};

/** The form every instant is stored in: `Date.prototype.toISOString()`, UTC. */
const STORED_INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,3}))?Z$/;

/** A stored instant read without luxon (pages show dozens; luxon's parser is the slow part). */
function storedInstantMs(text: string): number | null {
  const m = STORED_INSTANT.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [1, 2, 3, 4, 5, 6].map((i) => Number(m[i]));
  const check = new Date(0);
  // setUTCFullYear, unlike Date.UTC, reads the years 0–99 as written, not as 1900–1999.
  check.setUTCFullYear(year!, month! - 1, day!);
  const ms = check.setUTCHours(hour!, minute!, second!, Number((m[7] ?? "0").padEnd(3, "0")));
  // Both roll 2027-02-30 or 24:00 over into the next day; such a text is not an instant.
  const same =
    check.getUTCFullYear() === year &&
    check.getUTCMonth() === month! - 1 &&
    check.getUTCDate() === day &&
    check.getUTCHours() === hour &&
    check.getUTCMinutes() === minute &&
    check.getUTCSeconds() === second;
  return same ? ms : Number.NaN;
}

/** True when `text` begins with a UTC second that exists, "YYYY-MM-DDTHH:MM:SS" (not 31 February, not 24:00). */
export function startsWithRealUtcSecond(text: string): boolean {
  const ms = storedInstantMs(`${text.slice(0, 19)}Z`);
  return ms !== null && !Number.isNaN(ms);
}

/** Milliseconds since the epoch of an ISO-8601 instant (or a Date); throws on anything else. */
export function instantMs(instant: Date | string): number {
  const ms =
    instant instanceof Date
      ? instant.getTime()
      : // A stored instant without an offset is UTC, as everything is stored.
        (storedInstantMs(instant) ?? DateTime.fromISO(instant, { zone: "utc" }).toMillis());
  if (!Number.isFinite(ms)) throw new RangeError(`Not a valid instant: ${String(instant)}`);
  return ms;
}

const HOUR_MS = 3_600_000;
const offsetByHour = new Map<number, number>();

/**
 * The NZ offset (minutes) in force at an instant. Asking the zone database
 * costs microseconds a time, and a page asks for dozens, so offsets are kept
 * per UTC hour — but only for an hour whose start and end share one offset,
 * so an hour with a clock change in it is always asked exactly.
 */
export function nzOffsetMinutes(ms: number): number {
  const hour = Math.floor(ms / HOUR_MS);
  const known = offsetByHour.get(hour);
  if (known !== undefined) return known;
  const start = nzZone.offset(hour * HOUR_MS);
  if (start !== nzZone.offset((hour + 1) * HOUR_MS - 1)) return nzZone.offset(ms);
  if (offsetByHour.size >= 50_000) offsetByHour.clear();
  offsetByHour.set(hour, start);
  return start;
}

function nzWallTime(instant: Date | string): WallTime {
  const ms = instantMs(instant);
  // Shift by the NZ offset in force at that instant and read the fields as UTC.
  const shifted = new Date(ms + nzOffsetMinutes(ms) * MINUTE_MS);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    millisecond: shifted.getUTCMilliseconds(),
    weekday: ((shifted.getUTCDay() + 6) % 7) + 1,
  };
}

/**
 * The instant at which NZ clocks show this wall time, or null when they never
 * do (the hour skipped when daylight saving starts). A wall time shown twice
 * (the hour repeated when it ends) resolves to its first occurrence. Resolved
 * here rather than by luxon, whose guess depends on the current clock.
 */
function nzWallTimeToMs(
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
  second = 0,
): number | null {
  const asIfUtc = Date.UTC(year, month - 1, day, hour, minute, second);
  const nearbyOffsets = new Set([nzOffsetMinutes(asIfUtc - DAY_MS), nzOffsetMinutes(asIfUtc + DAY_MS)]);
  const matches = [...nearbyOffsets]
    .map((offset) => asIfUtc - offset * MINUTE_MS)
    .filter((ms) => asIfUtc - nzOffsetMinutes(ms) * MINUTE_MS === ms);
  return matches.length === 0 ? null : Math.min(...matches);
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}

/** Years a date may name: wide enough for any record, narrow enough that a day after it still has four digits. */
const FIRST_YEAR = 1900;
const LAST_YEAR = 2999;

function parseCalendarDate(nzDate: string): { year: number; month: number; day: number } | null {
  const match = CALENDAR_DATE.exec(nzDate);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < FIRST_YEAR || year > LAST_YEAR) return null;
  const check = new Date(Date.UTC(year, month - 1, day));
  // Rejects dates such as 2027-02-30 that Date.UTC would roll over.
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) {
    return null;
  }
  return { year, month, day };
}

/** A real calendar day ("YYYY-MM-DD", 1900–2999): not 2026-02-31, 2027-13-01, 0000-01-01 or 9999-12-31. */
export function isCalendarDate(text: string): boolean {
  return parseCalendarDate(text) !== null;
}

function requireCalendarDate(nzDate: string): { year: number; month: number; day: number } {
  const parsed = parseCalendarDate(nzDate);
  if (!parsed) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${nzDate}`);
  return parsed;
}

/** The New Zealand calendar day ("YYYY-MM-DD") on which an instant falls. */
export function nzDateOf(instant: Date | string): string {
  const t = nzWallTime(instant);
  return `${t.year}-${pad2(t.month)}-${pad2(t.day)}`;
}

/** The instant (ISO UTC) at which the NZ calendar day begins: 00:00 NZ time. */
export function startOfNzDay(nzDate: string): string {
  const { year, month, day } = requireCalendarDate(nzDate);
  // NZ clocks change at 02:00/03:00, so midnight always exists exactly once.
  const ms = nzWallTimeToMs(year, month, day, 0, 0);
  if (ms === null) throw new RangeError(`Midnight does not exist in NZ on ${nzDate}`);
  return new Date(ms).toISOString();
}

/** "End of day" is the following midnight in Pacific/Auckland (DESIGN.md "Deadlines"), as ISO UTC. */
export function endOfNzDay(nzDate: string): string {
  const { year, month, day } = requireCalendarDate(nzDate);
  const next = new Date(Date.UTC(year, month - 1, day + 1));
  return startOfNzDay(next.toISOString().slice(0, 10));
}

function formatTime(t: WallTime): string {
  const hour12 = t.hour % 12 === 0 ? 12 : t.hour % 12;
  return `${hour12}:${pad2(t.minute)} ${t.hour < 12 ? "am" : "pm"}`;
}

function shortMonth(month: number): string {
  return (MONTHS[month - 1] ?? "").slice(0, 3);
}

/** e.g. "Wed 23 Dec 2026, 2:15 pm" in NZ time. */
export function formatNzDateTime(iso: string): string {
  const t = nzWallTime(iso);
  const weekday = (WEEKDAYS[t.weekday - 1] ?? "").slice(0, 3);
  return `${weekday} ${t.day} ${shortMonth(t.month)} ${t.year}, ${formatTime(t)}`;
}

/** e.g. "23 Dec 2026": the NZ calendar day of the instant. */
export function formatNzDate(iso: string): string {
  const t = nzWallTime(iso);
  return `${t.day} ${shortMonth(t.month)} ${t.year}`;
}

/**
 * Deadlines fall at NZ midnight, so they read as the day that ends then:
 * "end of Tuesday 12 January 2027". Any other instant is shown as a date and time.
 */
export function formatDeadline(iso: string): string {
  const t = nzWallTime(iso);
  if (t.hour !== 0 || t.minute !== 0 || t.second !== 0 || t.millisecond !== 0) {
    return formatNzDateTime(iso);
  }
  const dayEnding = nzWallTime(new Date(instantMs(iso) - 1));
  const weekday = WEEKDAYS[dayEnding.weekday - 1] ?? "";
  const month = MONTHS[dayEnding.month - 1] ?? "";
  return `end of ${weekday} ${dayEnding.day} ${month} ${dayEnding.year}`;
}

/**
 * The value for an `<input type="date">` showing this instant's NZ day. With
 * `endOfDay`, a midnight instant shows the day that ends at it (as stored by
 * `nzDateInputToIso(value, true)`), so the pair round-trips.
 */
export function toNzDateInputValue(iso: string, endOfDay = false): string {
  return endOfDay ? nzDateOf(new Date(instantMs(iso) - 1)) : nzDateOf(iso);
}

/**
 * An `<input type="date">` value read as an NZ day: its start (00:00 NZ), or
 * with `endOfDay` its end (the following NZ midnight). Null when not a real date.
 */
export function nzDateInputToIso(value: string, endOfDay = false): string | null {
  if (!parseCalendarDate(value)) return null;
  return endOfDay ? endOfNzDay(value) : startOfNzDay(value);
}

/**
 * An `<input type="datetime-local">` value ("YYYY-MM-DDTHH:mm", seconds
 * optional) read as NZ time, as ISO UTC. Null when it is not a valid value or
 * names a time NZ clocks skip when daylight saving starts.
 */
export function nzDateTimeLocalToIso(value: string): string | null {
  const match = DATETIME_LOCAL.exec(value);
  if (!match) return null;
  if (!parseCalendarDate(`${match[1]}-${match[2]}-${match[3]}`)) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const [hour, minute, second] = [Number(match[4]), Number(match[5]), Number(match[6] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const ms = nzWallTimeToMs(year, month, day, hour, minute, second);
  return ms === null ? null : new Date(ms).toISOString();
}

/** A calendar date with no time of day or zone, for day arithmetic that daylight saving cannot disturb. */
export function calendarDay(nzDate: string): DateTime {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(nzDate) ? DateTime.fromISO(nzDate, { zone: "utc" }) : null;
  if (!day?.isValid) throw new RangeError(`Not a calendar date (YYYY-MM-DD): ${nzDate}`);
  return day;
}

/** A date field's value as people write it: "Saturday 4 December 2027"; anything else is shown as it is. */
export function formatCalendarDay(nzDate: string): string {
  if (!isCalendarDate(nzDate)) return nzDate;
  const day = calendarDay(nzDate);
  return `${WEEKDAYS[day.weekday - 1] ?? ""} ${day.day} ${MONTHS[day.month - 1] ?? ""} ${day.year}`;
}

export function isoDate(day: DateTime): string {
  return day.toFormat("yyyy-MM-dd");
}

export function requireCount(n: number, what: string): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${what} must be a whole number ≥ 0, got ${n}`);
}

/**
 * Valid-until for approvals and reviews: the end of the NZ day `months`
 * calendar months after the instant's NZ day (31 Jan + 1 month → end of 28/29 Feb).
 */
export function addMonthsNz(instant: Date | string, months: number): string {
  requireCount(months, "Months");
  return endOfNzDay(isoDate(calendarDay(nzDateOf(instant)).plus({ months })));
}

/** The end of the NZ day `days` calendar days after the instant's NZ day. */
export function addDaysNz(instant: Date | string, days: number): string {
  requireCount(days, "Days");
  return endOfNzDay(isoDate(calendarDay(nzDateOf(instant)).plus({ days })));
}
