import fc from "fast-check";
import { DateTime, IANAZone } from "luxon";
import { describe, expect, it } from "vitest";

import {
  formatCalendarDay,
  formatDeadline,
  formatNzDate,
  formatNzDateTime,
  instantMs,
  NZ_ZONE,
  nzDateInputToIso,
  nzOffsetMinutes,
  startsWithRealUtcSecond,
  nzDateTimeLocalToIso,
  toNzDateInputValue,
} from "~/workflow/nzTime";

// Expected values worked out by hand: NZDT is UTC+13 (late September to early
// April), NZST is UTC+12; 23 Dec 2026 is a Wednesday, 12 Jan 2027 a Tuesday,
// 1 Jul 2027 a Thursday, 16 Apr 2027 a Friday.

describe("formatNzDateTime", () => {
  it("shows the NZ date and time, 12-hour clock", () => {
    expect(formatNzDateTime("2026-12-23T01:15:00.000Z")).toBe("Wed 23 Dec 2026, 2:15 pm"); // NZDT
    expect(formatNzDateTime("2027-07-01T00:05:00.000Z")).toBe("Thu 1 Jul 2027, 12:05 pm"); // NZST
  });

  it("shows the NZ day just after NZ midnight, not the UTC day", () => {
    expect(formatNzDateTime("2026-12-22T11:30:00.000Z")).toBe("Wed 23 Dec 2026, 12:30 am");
  });
});

describe("formatNzDate", () => {
  it("shows the NZ calendar day", () => {
    expect(formatNzDate("2026-12-22T11:30:00.000Z")).toBe("23 Dec 2026");
    expect(formatNzDate("2026-12-23T01:15:00.000Z")).toBe("23 Dec 2026");
  });
});

describe("formatCalendarDay", () => {
  it("writes a date field's value as people in NZ write a date", () => {
    expect(formatCalendarDay("2027-01-03")).toBe("Sunday 3 January 2027");
    expect(formatCalendarDay("2028-02-29")).toBe("Tuesday 29 February 2028");
  });
  it("leaves what is not a real calendar day as it is", () => {
    expect(formatCalendarDay("")).toBe("");
    expect(formatCalendarDay("2027-02-31")).toBe("2027-02-31");
  });
});

describe("formatDeadline", () => {
  it("names the NZ day that ends at a midnight deadline", () => {
    // 2027-01-12T11:00Z is 00:00 on Wed 13 Jan NZDT: the end of Tuesday 12 January.
    expect(formatDeadline("2027-01-12T11:00:00.000Z")).toBe("end of Tuesday 12 January 2027");
    // 2027-04-16T12:00Z is 00:00 on Sat 17 Apr NZST.
    expect(formatDeadline("2027-04-16T12:00:00.000Z")).toBe("end of Friday 16 April 2027");
  });

  it("shows any other instant as a date and time", () => {
    // 11:30Z is half an hour after NZ midnight.
    expect(formatDeadline("2027-01-12T11:30:00.000Z")).toBe("Wed 13 Jan 2027, 12:30 am");
  });
});

describe("date inputs", () => {
  it("toNzDateInputValue gives the NZ day, or with endOfDay the day a midnight ends", () => {
    expect(toNzDateInputValue("2026-12-22T11:30:00.000Z")).toBe("2026-12-23");
    expect(toNzDateInputValue("2027-01-12T11:00:00.000Z")).toBe("2027-01-13");
    expect(toNzDateInputValue("2027-01-12T11:00:00.000Z", true)).toBe("2027-01-12");
  });

  it("nzDateInputToIso reads the value as an NZ day: its start, or its end", () => {
    expect(nzDateInputToIso("2027-01-12")).toBe("2027-01-11T11:00:00.000Z"); // 00:00 NZDT on the 12th
    expect(nzDateInputToIso("2027-01-12", true)).toBe("2027-01-12T11:00:00.000Z"); // 00:00 NZDT on the 13th
    expect(nzDateInputToIso("2027-07-01", true)).toBe("2027-07-01T12:00:00.000Z"); // 00:00 NZST on 2 Jul
  });

  it("nzDateInputToIso answers null for something that is not a date", () => {
    expect(nzDateInputToIso("")).toBeNull();
    expect(nzDateInputToIso("2027-02-30")).toBeNull();
    expect(nzDateInputToIso("12/01/2027")).toBeNull();
  });
});

describe("nzDateTimeLocalToIso", () => {
  it("reads a datetime-local value as NZ time", () => {
    expect(nzDateTimeLocalToIso("2026-12-23T14:15")).toBe("2026-12-23T01:15:00.000Z"); // NZDT
    expect(nzDateTimeLocalToIso("2027-07-01T09:00")).toBe("2027-06-30T21:00:00.000Z"); // NZST
    expect(nzDateTimeLocalToIso("2027-07-01T09:00:30")).toBe("2027-06-30T21:00:30.000Z");
  });

  it("refuses the hour NZ clocks skip when daylight saving starts", () => {
    // At 2 am on Sun 27 Sep 2026 clocks jump to 3 am.
    expect(nzDateTimeLocalToIso("2026-09-27T02:30")).toBeNull();
    expect(nzDateTimeLocalToIso("2026-09-27T01:59")).toBe("2026-09-26T13:59:00.000Z"); // NZST
    expect(nzDateTimeLocalToIso("2026-09-27T03:00")).toBe("2026-09-26T14:00:00.000Z"); // NZDT
  });

  it("takes the first of the hour shown twice when daylight saving ends", () => {
    // At 3 am NZDT on Sun 4 Apr 2027 clocks go back to 2 am: 2:30 am happens at 13:30Z and 14:30Z.
    expect(nzDateTimeLocalToIso("2027-04-04T02:30")).toBe("2027-04-03T13:30:00.000Z");
    expect(nzDateTimeLocalToIso("2027-04-04T03:00")).toBe("2027-04-03T15:00:00.000Z"); // NZST
  });

  it("answers null for something that is not a date and time", () => {
    expect(nzDateTimeLocalToIso("")).toBeNull();
    expect(nzDateTimeLocalToIso("nonsense")).toBeNull();
    expect(nzDateTimeLocalToIso("2027-13-01T10:00")).toBeNull();
    expect(nzDateTimeLocalToIso("2027-02-30T10:00")).toBeNull();
    expect(nzDateTimeLocalToIso("2027-01-01T24:00")).toBeNull();
    expect(nzDateTimeLocalToIso("2027-01-01")).toBeNull();
  });
});

describe("reading instants and offsets without luxon on the hot path", () => {
  // The fast paths must give exactly what luxon gives, for any instant from 1900 to 2100,
  // including the hours either side of every daylight-saving change.
  const from = Date.UTC(1900, 0, 1);
  const to = Date.UTC(2100, 0, 1);

  it("knows the offset luxon knows, at random instants and around clock changes", () => {
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        expect(nzOffsetMinutes(ms)).toBe(IANAZone.create(NZ_ZONE).offset(ms));
      }),
      { numRuns: 5_000 },
    );
    // A change in the middle of a UTC hour: 6 Nov 1927, +11:30 → +12:30 at 14:30Z.
    for (const iso of [
      "1927-11-05T14:00:00.000Z",
      "1927-11-05T14:29:59.999Z",
      "1927-11-05T14:30:00.000Z",
      "1927-11-05T14:59:59.999Z",
    ]) {
      const ms = Date.parse(iso);
      expect(nzOffsetMinutes(ms), iso).toBe(IANAZone.create(NZ_ZONE).offset(ms));
    }
    // 27 Sep 2026, 02:00 NZST → 03:00 NZDT (13:59:59.999Z and 14:00Z); 4 Apr 2027, 03:00 NZDT → 02:00 NZST.
    for (const iso of [
      "2026-09-26T13:59:59.999Z",
      "2026-09-26T14:00:00.000Z",
      "2027-04-03T13:59:59.999Z",
      "2027-04-03T14:00:00.000Z",
    ]) {
      const ms = Date.parse(iso);
      expect(nzOffsetMinutes(ms), iso).toBe(IANAZone.create(NZ_ZONE).offset(ms));
    }
  });

  it("reads every stored instant as luxon reads it", () => {
    fc.assert(
      fc.property(fc.integer({ min: from, max: to }), (ms) => {
        const iso = new Date(ms).toISOString();
        expect(instantMs(iso)).toBe(ms);
        expect(instantMs(iso.replace(/\.\d{3}Z$/, "Z"))).toBe(
          DateTime.fromISO(iso.replace(/\.\d{3}Z$/, "Z"), { zone: "utc" }).toMillis(),
        );
      }),
      { numRuns: 5_000 },
    );
  });

  it("tells a real UTC second from one that rolls over, as search cursors and bounds need", () => {
    expect(startsWithRealUtcSecond("2026-11-20T09:30:00.123456Z")).toBe(true);
    expect(startsWithRealUtcSecond("0050-06-01T00:00:00")).toBe(true);
    for (const text of ["2026-02-31T00:00:00Z", "2026-01-01T24:00:00Z", "2026-01-01", "20261-01-01T00:00:00Z", ""]) {
      expect(startsWithRealUtcSecond(text), text).toBe(false);
    }
  });

  it("still refuses a text that is not a real instant", () => {
    for (const text of [
      "2027-02-30T00:00:00.000Z",
      "2026-01-01T24:00:00.000Z",
      "2026-13-01T00:00:00.000Z",
      "2026-01-01T00:60:00Z",
      "yesterday",
    ]) {
      expect(() => instantMs(text), text).toThrow(RangeError);
    }
    // Years before 100 are read as written, not as 1900–1999.
    expect(instantMs("0050-06-01T00:00:00.000Z")).toBe(
      DateTime.fromISO("0050-06-01T00:00:00.000Z", { zone: "utc" }).toMillis(),
    );
    // Other ISO forms still go through luxon.
    expect(instantMs("2026-12-23T14:15:00+13:00")).toBe(Date.parse("2026-12-23T01:15:00.000Z"));
  });
});
