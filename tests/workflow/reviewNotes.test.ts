import { describe, expect, it } from "vitest";
import { approvalSchema, occurrenceKey } from "~/workflow/review";
import { checkText } from "~/workflow/textChecks";
import { CRITERIA } from "~/workflow/textChecks/rules";

/**
 * Issue 21, item 1: the approval form asks for a note only where it carries
 * information, and asks about known performance problems once. The server
 * parses posts with this same schema.
 */
const now = () => new Date("2026-12-03T00:00:00.000Z");
const text = "Acme is the best contractor and we recommend them to everyone.";
const findings = checkText(text);
const setAside = findings.filter((f) => f.severity !== "suggestion");

function form(overrides: Record<string, unknown> = {}) {
  return {
    versionId: "4",
    sha256: "a".repeat(64),
    revision: "2",
    impactConfirmed: "on",
    conflict: "none",
    knownProblems: { known: "no" },
    criteria: Object.fromEntries(CRITERIA.map((c) => [c, { met: "met" }])),
    findings: [],
    ...overrides,
  };
}

const problems = (value: unknown) => {
  const parsed = approvalSchema({ enduring: true, now, findings }).safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};

describe("which notes an approval needs", () => {
  it("none when every criterion is met and no finding is set aside", () => {
    expect(problems(form())).toEqual([]);
  });

  it("one for a criterion that is not met", () => {
    const criteria = Object.fromEntries(CRITERIA.map((c) => [c, { met: c === "fair" ? "not_met" : "met" }]));
    expect(problems(form({ criteria }))).toEqual([
      'criteria.fair.note: Give a note for "Fair": it is not met, or a finding of it is set aside.',
    ]);
  });

  it("one for each criterion with a finding waived or acknowledged, until it is given", () => {
    expect(setAside.length, "the text has findings to set aside").toBeGreaterThan(0);
    const rows = setAside.map((f) =>
      f.severity === "error"
        ? { key: occurrenceKey(f), waiver: "Acceptable here." }
        : { key: occurrenceKey(f), acknowledged: "on" },
    );
    const needing = [...new Set(setAside.map((f) => f.criterion))].sort();
    expect(
      problems(form({ findings: rows }))
        .map((p) => p.split(".")[1])
        .sort(),
    ).toEqual(needing);

    const criteria = Object.fromEntries(
      CRITERIA.map((c) => [c, { met: "met", note: needing.includes(c) ? "Weighed the finding." : "" }]),
    );
    expect(problems(form({ findings: rows, criteria }))).toEqual([]);
  });

  it("asks about known problems once, and how the text reflects them when there are some", () => {
    expect(problems(form({ knownProblems: {} }))).toEqual([
      "knownProblems.known: Say whether performance problems or disputes with this supplier are known.",
    ]);
    expect(problems(form({ knownProblems: { known: "yes" } }))).toEqual([
      "knownProblems.howReflected: Say how the text reflects the known problems or disputes.",
    ]);
  });
});
