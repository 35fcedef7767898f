import { describe, expect, it } from "vitest";

import {
  DRAFTING_WORKING_DAYS,
  REMINDER_WORKING_DAYS_BEFORE,
  RESPONSE_WORKING_DAYS,
  addWorkingDays,
  draftingDeadline,
  isWorkingDay,
  publicHolidayName,
  reminderDueAt,
  responseDeadline,
  subtractWorkingDays,
  workingDaysBetween,
} from "~/workflow/workingDays.server";
import { NZ_ZONE, addDaysNz, addMonthsNz, endOfNzDay, nzDateOf, startOfNzDay } from "~/workflow/nzTime";

// Every expected value below was worked out by hand from a printed calendar,
// the NZ holiday rules and NZ offsets: NZDT (+13) from the last Sunday of
// September to the first Sunday of April, NZST (+12) otherwise.

describe("the policy's numbers", () => {
  it("are those of DESIGN.md", () => {
    expect(NZ_ZONE).toBe("Pacific/Auckland");
    expect(RESPONSE_WORKING_DAYS).toBe(10);
    expect(DRAFTING_WORKING_DAYS).toBe(20);
    expect(REMINDER_WORKING_DAYS_BEFORE).toBe(2);
  });
});

describe("responseDeadline: end of the 10th NZ working day after the day of logging", () => {
  it("logged Wed 2026-12-23 is due at the end of Tue 2027-01-12 (DESIGN.md example)", () => {
    // Thu 24 (1); Fri 25 Christmas; Sat 26, Sun 27; Mon 28 Boxing Day Mondayised;
    // Tue 29 (2), Wed 30 (3), Thu 31 (4); Fri 1 Jan; Sat 2, Sun 3; Mon 4 Jan
    // (2 Jan Mondayised); Tue 5 (5) … Fri 8 (8), Mon 11 (9), Tue 12 (10).
    // End of Tue 12 = Wed 13 Jan 00:00 NZDT (+13) = 12 Jan 11:00 UTC.
    expect(responseDeadline("2026-12-23T01:15:00.000Z")).toBe("2027-01-12T11:00:00.000Z"); // 2:15 pm NZ
    expect(responseDeadline(new Date("2026-12-23T01:15:00.000Z"))).toBe("2027-01-12T11:00:00.000Z");
  });

  it("counts from the NZ day of logging, not the UTC day", () => {
    // 2026-12-22T11:30Z is 00:30 on Wed 23 Dec in NZ; 10:59Z on the 23rd is 11:59 pm the same NZ day.
    expect(responseDeadline("2026-12-22T11:30:00.000Z")).toBe("2027-01-12T11:00:00.000Z");
    expect(responseDeadline("2026-12-23T10:59:00.000Z")).toBe("2027-01-12T11:00:00.000Z");
  });

  it("logged Sat 2027-03-06 is due at the end of Fri 2027-03-19", () => {
    // Mon 8 (1) … Fri 12 (5), Mon 15 (6) … Fri 19 (10); no holidays in between.
    // End of Fri 19 = Sat 20 Mar 00:00 NZDT (+13) = 19 Mar 11:00 UTC.
    expect(responseDeadline("2027-03-05T22:00:00.000Z")).toBe("2027-03-19T11:00:00.000Z"); // Sat 11 am NZ
  });

  it("logged on 2027-04-04, the day daylight saving ends, is due at NZ midnight in NZST", () => {
    // Mon 5 Apr (1) … Fri 9 (5), Mon 12 (6) … Fri 16 (10).
    // End of Fri 16 = Sat 17 Apr 00:00 NZST (+12) = 16 Apr 12:00 UTC, not 11:00.
    expect(responseDeadline("2027-04-03T12:30:00.000Z")).toBe("2027-04-16T12:00:00.000Z"); // 1:30 am NZDT
    expect(responseDeadline("2027-04-04T10:00:00.000Z")).toBe("2027-04-16T12:00:00.000Z"); // 10 pm NZST
  });

  it("across the start of daylight saving (Sun 2026-09-27) is due at NZ midnight in NZDT", () => {
    // Logged Fri 25 Sep or Sun 27 Sep: Mon 28 (1), Tue 29, Wed 30, Thu 1 Oct, Fri 2 (5),
    // Mon 5 (6) … Fri 9 Oct (10). End of Fri 9 = Sat 10 Oct 00:00 NZDT (+13) = 9 Oct 11:00 UTC.
    expect(responseDeadline("2026-09-25T03:00:00.000Z")).toBe("2026-10-09T11:00:00.000Z"); // Fri 3 pm NZST
    expect(responseDeadline("2026-09-27T01:00:00.000Z")).toBe("2026-10-09T11:00:00.000Z"); // Sun 2 pm NZDT
  });
});

describe("draftingDeadline: end of the 20th NZ working day after drafting was allowed", () => {
  it("skips King's Birthday and Matariki", () => {
    // Allowed Tue 1 Jun 2027: Wed 2 (1), Thu 3 (2), Fri 4 (3), Mon 7 King's Birthday,
    // Tue 8 (4) … Fri 11 (7), Mon 14 (8) … Fri 18 (12), Mon 21 (13) … Thu 24 (16),
    // Fri 25 Matariki, Mon 28 (17), Tue 29 (18), Wed 30 (19), Thu 1 Jul (20).
    // End of Thu 1 Jul = Fri 2 Jul 00:00 NZST (+12) = 1 Jul 12:00 UTC.
    expect(draftingDeadline("2027-05-31T22:00:00.000Z")).toBe("2027-07-01T12:00:00.000Z"); // Tue 10 am NZ
  });

  it("skips Easter and lands in NZST after daylight saving ends", () => {
    // Allowed Mon 22 Mar 2027: Tue 23 (1), Wed 24 (2), Thu 25 (3), Fri 26 Good Friday,
    // Mon 29 Easter Monday, Tue 30 (4), Wed 31 (5), Thu 1 Apr (6), Fri 2 (7), Mon 5 (8)
    // … Fri 9 (12), Mon 12 (13) … Fri 16 (17), Mon 19 (18), Tue 20 (19), Wed 21 (20).
    // End of Wed 21 Apr = Thu 22 Apr 00:00 NZST (+12) = 21 Apr 12:00 UTC.
    expect(draftingDeadline("2027-03-21T21:00:00.000Z")).toBe("2027-04-21T12:00:00.000Z"); // Mon 10 am NZDT
  });
});

describe("reminderDueAt: 00:00 NZ on the working day 2 working days before the deadline's day", () => {
  it("deadline end of Tue 2027-01-12 → from the start of Fri 2027-01-08", () => {
    // Mon 11 is 1 working day before Tue 12, Fri 8 is 2. Fri 8 Jan 00:00 NZDT = 7 Jan 11:00 UTC.
    expect(reminderDueAt("2027-01-12T11:00:00.000Z")).toBe("2027-01-07T11:00:00.000Z");
  });

  it("skips the weekend before a Monday deadline", () => {
    // Deadline end of Mon 8 Mar 2027: Fri 5 (1), Thu 4 (2). Thu 4 Mar 00:00 NZDT = 3 Mar 11:00 UTC.
    expect(reminderDueAt("2027-03-08T11:00:00.000Z")).toBe("2027-03-03T11:00:00.000Z");
  });

  it("skips Easter", () => {
    // Deadline end of Wed 31 Mar 2027: Tue 30 (1), Mon 29 Easter Monday, Sat/Sun,
    // Fri 26 Good Friday, Thu 25 (2). Thu 25 Mar 00:00 NZDT = 24 Mar 11:00 UTC.
    expect(reminderDueAt("2027-03-31T11:00:00.000Z")).toBe("2027-03-24T11:00:00.000Z");
  });

  it("uses the NZ offset in force on the reminder day", () => {
    // Deadline end of Fri 16 Apr 2027 (NZST): Thu 15 (1), Wed 14 (2). Wed 14 Apr 00:00 NZST = 13 Apr 12:00 UTC.
    expect(reminderDueAt("2027-04-16T12:00:00.000Z")).toBe("2027-04-13T12:00:00.000Z");
  });

  it("for an extended deadline that is not at midnight, counts from the day it falls in", () => {
    // 2027-01-12T03:00Z is 4 pm on Tue 12 Jan NZ: the deadline's day is Tue 12, as above.
    expect(reminderDueAt("2027-01-12T03:00:00.000Z")).toBe("2027-01-07T11:00:00.000Z");
  });
});

describe("national public holidays (Mondayised days included) are not working days", () => {
  it.each([
    ["2027-02-08", "Waitangi Day: Sat 6 Feb 2027 → Mondayised Mon 8 Feb"],
    ["2027-04-26", "ANZAC Day: Sun 25 Apr 2027 → Mondayised Mon 26 Apr"],
    ["2027-06-25", "Matariki: Fri 25 Jun 2027 (Te Kāhui o Matariki Public Holiday Act schedule)"],
    ["2027-12-27", "Christmas Day: Sat 25 Dec 2027 → Mon 27 Dec"],
    ["2027-12-28", "Boxing Day: Sun 26 Dec 2027 → Tue 28 Dec"],
    ["2027-03-26", "Good Friday 2027 (Easter Sunday is 28 Mar)"],
    ["2027-03-29", "Easter Monday 2027"],
    ["2027-06-07", "King's Birthday: first Monday of June 2027"],
    ["2027-10-25", "Labour Day: fourth Monday of October 2027 (4, 11, 18, 25)"],
    ["2027-01-01", "New Year's Day: Fri 1 Jan 2027"],
    ["2027-01-04", "Day after New Year's Day: Sat 2 Jan 2027 → Mon 4 Jan"],
    ["2026-12-28", "Boxing Day: Sat 26 Dec 2026 → Mon 28 Dec"],
    ["2026-04-27", "ANZAC Day: Sat 25 Apr 2026 → Mon 27 Apr"],
    ["2026-07-10", "Matariki: Fri 10 Jul 2026"],
    ["2028-07-14", "Matariki: Fri 14 Jul 2028"],
  ])("%s is a holiday (%s)", (date) => {
    expect(isWorkingDay(date)).toBe(false);
    expect(publicHolidayName(date)).not.toBeNull();
  });

  it("names the holiday, including a Mondayised one", () => {
    expect(publicHolidayName("2027-02-08")).toMatch(/Waitangi Day/);
    expect(publicHolidayName("2027-04-26")).toMatch(/ANZAC Day/);
    expect(publicHolidayName("2027-06-25")).toMatch(/Matariki/);
    expect(publicHolidayName("2027-03-26")).toMatch(/Good Friday/);
  });

  it.each([
    ["2027-01-25", "Wellington Anniversary 2027 (Monday nearest Fri 22 Jan)"],
    ["2027-01-18", "the Monday before it"],
    ["2027-02-01", "Auckland Anniversary 2027 (Monday nearest Fri 29 Jan)"],
    ["2027-07-02", "Fri 2 Jul 2027, which is not Matariki in 2027"],
    ["2027-02-09", "the Tuesday after Mondayised Waitangi Day"],
    ["2027-04-27", "the Tuesday after Mondayised ANZAC Day"],
    ["2027-03-25", "the Thursday before Good Friday"],
    ["2027-03-30", "the Tuesday after Easter Monday"],
    ["2027-12-29", "the Wednesday after Christmas 2027"],
  ])("%s is a working day (%s)", (date) => {
    expect(isWorkingDay(date)).toBe(true);
    expect(publicHolidayName(date)).toBeNull();
  });

  it("weekends are not working days, holiday or not", () => {
    expect(isWorkingDay("2027-03-06")).toBe(false); // Saturday
    expect(isWorkingDay("2027-03-07")).toBe(false); // Sunday
    expect(isWorkingDay("2027-02-06")).toBe(false); // Saturday, Waitangi Day itself
  });

  it("refuses something that is not a calendar date", () => {
    expect(() => isWorkingDay("2027-02-30")).toThrow(RangeError);
    expect(() => isWorkingDay("6/2/2027")).toThrow(RangeError);
  });
});

describe("addWorkingDays / subtractWorkingDays", () => {
  it("does not count the starting day, and n = 0 is the day itself", () => {
    expect(addWorkingDays("2027-03-10", 0)).toBe("2027-03-10");
    expect(subtractWorkingDays("2027-03-10", 0)).toBe("2027-03-10");
    expect(addWorkingDays("2027-03-10", 1)).toBe("2027-03-11");
  });

  it("steps over weekends and Mondayised holidays", () => {
    // Fri 5 Feb 2027 → Sat, Sun, Mon 8 (Waitangi Mondayised) → Tue 9.
    expect(addWorkingDays("2027-02-05", 1)).toBe("2027-02-09");
    // Wed 29 Dec 2027 ← Tue 28, Mon 27 (both Mondayised), Sun, Sat ← Fri 24.
    expect(subtractWorkingDays("2027-12-29", 1)).toBe("2027-12-24");
  });

  it("refuses a negative or fractional count", () => {
    expect(() => addWorkingDays("2027-02-05", -1)).toThrow(RangeError);
    expect(() => subtractWorkingDays("2027-02-05", 1.5)).toThrow(RangeError);
  });
});

describe("workingDaysBetween", () => {
  it("is 10 from logging to the response deadline's day", () => {
    // Wed 23 Dec 2026 2:15 pm NZ → Tue 12 Jan 2027 11:59 pm NZ, counted above.
    expect(workingDaysBetween("2026-12-23T01:15:00.000Z", "2027-01-12T10:59:00.000Z")).toBe(10);
  });

  it("is 0 within one NZ day, even when the UTC dates differ", () => {
    // 00:30 and 11 pm on Wed 23 Dec NZ.
    expect(workingDaysBetween("2026-12-22T11:30:00.000Z", "2026-12-23T10:00:00.000Z")).toBe(0);
  });

  it("counts only working days after the first day", () => {
    // Good Friday 26 Mar 2027 → Tue 30 Mar: Sat, Sun, Easter Monday, then Tue 30 (1).
    expect(workingDaysBetween("2027-03-25T22:00:00.000Z", "2027-03-29T22:00:00.000Z")).toBe(1);
    // Fri 5 Mar → Mon 8 Mar 2027: 1.
    expect(workingDaysBetween(new Date("2027-03-04T22:00:00.000Z"), new Date("2027-03-07T22:00:00.000Z"))).toBe(1);
  });

  it("is negative when the second instant is earlier", () => {
    expect(workingDaysBetween("2027-03-29T22:00:00.000Z", "2027-03-25T22:00:00.000Z")).toBe(-1);
  });
});

describe("calendar periods for valid-until", () => {
  it("addMonthsNz: 12 months on is the end of the same NZ day a year later", () => {
    // Wed 23 Dec 2026 2:15 pm NZ → end of 23 Dec 2027 = 24 Dec 00:00 NZDT = 23 Dec 11:00 UTC.
    expect(addMonthsNz("2026-12-23T01:15:00.000Z", 12)).toBe("2027-12-23T11:00:00.000Z");
  });

  it("addMonthsNz clamps to the end of a shorter month, from the NZ day", () => {
    // 31 Jan 2027 3 pm NZ (+1 month) → 28 Feb 2027 (not a leap year); end = 1 Mar 00:00 NZDT.
    expect(addMonthsNz("2027-01-31T02:00:00.000Z", 1)).toBe("2027-02-28T11:00:00.000Z");
    // 2027-01-30T12:00Z is already 1 am on 31 Jan in NZ, so the same answer.
    expect(addMonthsNz("2027-01-30T12:00:00.000Z", 1)).toBe("2027-02-28T11:00:00.000Z");
    // 29 Feb 2028 (leap) + 12 months → 28 Feb 2029; end = 1 Mar 2029 00:00 NZDT.
    expect(addMonthsNz("2028-02-29T01:00:00.000Z", 12)).toBe("2029-02-28T11:00:00.000Z");
  });

  it("addMonthsNz ends at NZ midnight on the far side of a daylight-saving change", () => {
    // 15 Mar 2027 2 pm NZDT → 15 Apr 2027; end = 16 Apr 00:00 NZST (+12) = 15 Apr 12:00 UTC.
    expect(addMonthsNz("2027-03-15T01:00:00.000Z", 1)).toBe("2027-04-15T12:00:00.000Z");
  });

  it("addDaysNz: 30 days on is the end of that NZ day", () => {
    // Sat 20 Mar 2027 2 pm NZDT + 30 days: 11 to 31 Mar, 19 more to Mon 19 Apr;
    // end = 20 Apr 00:00 NZST = 19 Apr 12:00 UTC.
    expect(addDaysNz("2027-03-20T01:00:00.000Z", 30)).toBe("2027-04-19T12:00:00.000Z");
  });
});

describe("NZ calendar days", () => {
  it("nzDateOf gives the NZ day around NZ midnight", () => {
    expect(nzDateOf("2026-12-22T10:59:59.999Z")).toBe("2026-12-22"); // 11:59:59 pm NZDT
    expect(nzDateOf("2026-12-22T11:00:00.000Z")).toBe("2026-12-23"); // midnight NZDT
    expect(nzDateOf("2026-12-22T11:30:00.000Z")).toBe("2026-12-23"); // 00:30 NZDT
    expect(nzDateOf("2027-06-30T11:59:59.000Z")).toBe("2027-06-30"); // 11:59:59 pm NZST
    expect(nzDateOf(new Date("2027-06-30T12:00:00.000Z"))).toBe("2027-07-01"); // midnight NZST
  });

  it("endOfNzDay / startOfNzDay follow the offset of each day at both daylight-saving changes", () => {
    // Clocks go forward at 2 am on Sun 27 Sep 2026, so that day's start is still NZST.
    expect(endOfNzDay("2026-09-26")).toBe("2026-09-26T12:00:00.000Z");
    expect(startOfNzDay("2026-09-27")).toBe("2026-09-26T12:00:00.000Z");
    expect(endOfNzDay("2026-09-27")).toBe("2026-09-27T11:00:00.000Z");
    // Clocks go back at 3 am on Sun 4 Apr 2027, so that day starts in NZDT and ends in NZST.
    expect(endOfNzDay("2027-04-03")).toBe("2027-04-03T11:00:00.000Z");
    expect(startOfNzDay("2027-04-04")).toBe("2027-04-03T11:00:00.000Z");
    expect(endOfNzDay("2027-04-04")).toBe("2027-04-04T12:00:00.000Z");
  });

  it("endOfNzDay crosses month and year ends", () => {
    expect(endOfNzDay("2026-12-31")).toBe("2026-12-31T11:00:00.000Z"); // 1 Jan 2027 00:00 NZDT
    expect(endOfNzDay("2027-02-28")).toBe("2027-02-28T11:00:00.000Z"); // 1 Mar 00:00 NZDT
  });
});
