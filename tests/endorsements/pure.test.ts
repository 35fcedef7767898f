import { describe, expect, it } from "vitest";
import type { RequestSnapshot } from "~/workflow/lifecycle";
import { approvalBlockers, type ReviewRecord } from "~/workflow/review";
import { checkText } from "~/workflow/textChecks";
import { maySaveVersion } from "~/workflow/versions";
import { CRITERIA_KEYS, FLAWED_TEXT } from "./helpers";

const request: RequestSnapshot = {
  id: 1,
  state: "drafting",
  outcome: "decline",
  revision: 3,
  requesterId: 10,
  loggedById: 10,
  deadlineAt: "2026-12-23T11:00:00.000Z",
  enduring: true,
  validUntil: null,
  latestVersion: null,
  supplierHasContact: false,
  supplierContact: null,
  supplierNoticeSent: false,
};
const before = new Date("2026-12-01T00:00:00.000Z");

describe("maySaveVersion", () => {
  it.each([
    ["the requester", { userId: 10, roles: ["staff"], delegatedBy: [] }, "drafting", before, null],
    ["a manager", { userId: 20, roles: ["procurement_manager"], delegatedBy: [] }, "drafting", before, null],
    ["an acting delegate", { userId: 30, roles: ["staff"], delegatedBy: [20] }, "drafting", before, null],
    [
      "a delegate of the manager who logged it",
      { userId: 30, roles: ["staff"], delegatedBy: [10] },
      "drafting",
      before,
      403,
    ],
    ["another member of staff", { userId: 40, roles: ["staff"], delegatedBy: [] }, "drafting", before, 403],
    ["an auditor", { userId: 50, roles: ["auditor"], delegatedBy: [] }, "drafting", before, 403],
    ["the requester, in review", { userId: 10, roles: ["staff"], delegatedBy: [] }, "in_review", before, 409],
    ["the requester, when escalated", { userId: 10, roles: ["staff"], delegatedBy: [] }, "escalated", before, 409],
    [
      "the requester, at the deadline",
      { userId: 10, roles: ["staff"], delegatedBy: [] },
      "drafting",
      new Date("2026-12-23T11:00:00.000Z"),
      409,
    ],
  ] as const)("%s", (_who, actor, state, now, status) => {
    const refusal = maySaveVersion({ ...request, state }, actor, now);
    expect(refusal === null ? null : refusal.status).toBe(status);
  });
});

describe("approvalBlockers", () => {
  const allMet = Object.fromEntries(
    CRITERIA_KEYS.map((c) => [c, { met: true, note: "ok" }]),
  ) as ReviewRecord["criteria"];
  const findings = checkText(FLAWED_TEXT);

  it("none when every criterion is met, each error waived with a reason and each warning acknowledged", () => {
    const review = {
      criteria: allMet,
      waivers: [{ rule: "superlative", start: 126, end: 130, reason: "Ranked first in the panel." }],
      acknowledgements: [{ rule: "weasel-words", start: 143, end: 151 }],
    };
    expect(approvalBlockers(review, findings, true)).toEqual([]);
  });

  it("names each thing missing", () => {
    const review = {
      criteria: { ...allMet, privacy: { met: false, note: "A tenant is named." } },
      waivers: [{ rule: "superlative", start: 126, end: 130, reason: "" }],
      acknowledgements: [],
    };
    expect(approvalBlockers(review, findings, false)).toEqual([
      'the criterion "Discloses no personal information" is not attested as met',
      'the error "best" (superlative, line 1, column 127) is not waived with a reason',
      'the warning "arguably" (weasel-words, line 1, column 144) is not acknowledged',
      "the impact assessment is not confirmed against the final text",
    ]);
  });
});
