import { describe, expect, it } from "vitest";
import { logRequest } from "~/commands/logRequest.server";
import { action as requestAction } from "~/routes/requests.$reference";
import { action as logAction } from "~/routes/requests.new";
import { logRequestSchema } from "~/workflow/requestForm";
import { call, createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import {
  approvalFields,
  CRITERIA_KEYS,
  FAIR_TEXT,
  FLAWED_TEXT,
  form,
  latestVersion,
  postReview,
  requestInReview,
  revisionOf,
} from "../endorsements/helpers";

/**
 * Issue 20, item 9: a form says everything that is wrong with it in one
 * answer. Each case posts a form with problems of every kind (missing
 * choices, missing text, a cross-field rule, an oversized file) and expects
 * all of them in the first 400, so nobody fixes one round only to meet another.
 */

interface Invalid {
  fieldErrors: Record<string, string>;
}

function fieldsOf(result: unknown): string[] {
  expect(statusOf(result)).toBe(400);
  return Object.keys(dataOf<Invalid>(result).fieldErrors).sort();
}

/** An escalated request logged by staff, and the manager who decides it. */
async function escalatedRequest() {
  const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
  const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
  const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
  const input = logRequestSchema(app.context.now).parse({
    supplierName: "Acme Ltd",
    supplierContactEmail: "marketing@acme.example",
    requestType: "written_reference",
    channel: "email",
    receivedAt: "2026-11-20T09:30",
    asked: "A written reference for their tender.",
    conflict: "none",
  });
  const { reference } = await logRequest(app.context, staff, input, []);
  return { app, manager, reference };
}

async function postOnRequest(app: TestApp, user: TestUser, reference: string, fields: Record<string, string>) {
  return call(() =>
    requestAction({
      request: app.request(`/requests/${reference}`, { user, body: form({ csrf: user.csrf, ...fields }) }),
      params: { reference },
      context: app.context,
    }),
  );
}

describe("every error of a form in one round", () => {
  it("approval: every criterion, the known-problems question, the conflict note, where it may be used and valid-until at once", async () => {
    const s = await requestInReview(FAIR_TEXT);
    const version = await latestVersion(s);
    const result = await postReview(s, s.manager, {
      intent: "approve",
      versionId: String(version.id),
      sha256: version.sha256,
      revision: String(await revisionOf(s.app, s.requestId)),
      conflict: "declared",
      notifySupplier: "on",
      validUntil: "2040-01-01",
    });
    const expected = [
      // A note is asked for only where it carries information (issue 21): nothing is marked yet.
      ...CRITERIA_KEYS.map((c) => `criteria.${c}.met`),
      "knownProblems.known",
      // The cross-field rules, which used to appear only once everything above was fixed:
      "conflictNote",
      "permittedUse",
      "validUntil",
      // What the core would refuse, listed with them (the impact is not confirmed).
      "impactConfirmed",
    ].sort();
    expect(fieldsOf(result)).toEqual(expected);
    expect(dataOf<Invalid>(result).fieldErrors.validUntil).toMatch(/at most 24 months/);
    expect((await s.app.db.selectFrom("version_reviews").selectAll().execute()).length).toBe(0);
  });

  it("approval: field errors and the core's blockers in the first answer, the same blockers the core refuses", async () => {
    const s = await requestInReview(FLAWED_TEXT);
    const fields = await approvalFields(s);
    // Two field errors, and three things only the core weighs: a criterion not met, an error not waived, a warning not acknowledged.
    delete fields.conflict;
    fields["knownProblems.known"] = "yes";
    fields["criteria.fair.met"] = "not_met";
    fields["findings.0.waiver"] = "";
    delete fields["findings.1.acknowledged"];
    const first = await postReview(s, s.manager, fields);
    expect(fieldsOf(first)).toEqual(
      [
        "conflict",
        "knownProblems.howReflected",
        "criteria.fair.met",
        "findings.0.waiver",
        "findings.1.acknowledged",
      ].sort(),
    );
    const said = dataOf<Invalid>(first).fieldErrors;
    expect(said["criteria.fair.met"]).toBe('The criterion "Fair" is not attested as met.');
    expect(said["findings.0.waiver"]).toMatch(/^The error "best" \(superlative, line 1, column \d+\) is not waived/);
    expect(said["findings.1.acknowledged"]).toMatch(/^The warning "arguably" .* is not acknowledged\.$/);

    // With the field errors put right, the transition itself refuses exactly those blockers.
    const second = await postReview(s, s.manager, { ...fields, conflict: "none", "knownProblems.known": "no" });
    expect(statusOf(second)).toBe(409);
    const refusal = dataOf<{ formError: string }>(second).formError;
    for (const blocker of ["criteria.fair.met", "findings.0.waiver", "findings.1.acknowledged"]) {
      const words = said[blocker]?.replace(/^The /, "the ").replace(/\.$/, "");
      expect(refusal).toContain(words);
    }
    expect((await s.app.db.selectFrom("version_reviews").selectAll().execute()).length).toBe(0);
  });

  it("extending a deadline: the missing declaration's note, the date and the reason at once", async () => {
    const { app, manager, reference } = await escalatedRequest();
    const result = await postOnRequest(app, manager, reference, {
      intent: "extend",
      revision: "1",
      conflict: "declared",
    });
    expect(fieldsOf(result)).toEqual(["conflictNote", "newDeadlineDate", "reason"]);
  });

  it("allowing drafting with nothing filled in: the declaration, the ground and all four impact fields at once", async () => {
    const { app, manager, reference } = await escalatedRequest();
    const result = await postOnRequest(app, manager, reference, {
      intent: "decide",
      revision: "1",
      decision: "allowDrafting",
    });
    expect(fieldsOf(result)).toEqual(
      ["conflict", "exceptionGround", "performanceNote", "performanceRisk", "publicNote", "publicRisk"].sort(),
    );
  });

  it("logging: an 11 MB file is reported with the missing fields and the conflict note, not after them", async () => {
    const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
    const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
    const body = form({ csrf: staff.csrf, supplierName: "", asked: "", receivedAt: "", conflict: "declared" });
    body.append("attachments", new File([new Uint8Array(11 * 1024 * 1024)], "quote.pdf", { type: "application/pdf" }));
    const result = await call(() =>
      logAction({ request: app.request("/requests/new", { user: staff, body }), params: {}, context: app.context }),
    );
    expect(fieldsOf(result)).toEqual(
      ["asked", "attachments", "channel", "conflictNote", "receivedAt", "requestType", "supplierName"].sort(),
    );
    expect(dataOf<Invalid>(result).fieldErrors.attachments).toMatch(/"quote\.pdf" is larger than 10 MB/);
    expect((await app.db.selectFrom("requests").selectAll().execute()).length).toBe(0);
  });
});
