import { describe, expect, it } from "vitest";
import { getOutboxEmail } from "~/mail/outbox.server";
import { dataOf, statusOf } from "../helpers/app";
import {
  approvalFields,
  FAIR_SHA256,
  FAIR_TEXT,
  FLAWED_SHA256,
  FLAWED_TEXT,
  latestVersion,
  moveClock,
  postReview,
  requestInDrafting,
  requestInReview,
  requestRow,
  saveText,
  submitLatest,
  type Setup,
} from "./helpers";

async function expectNothingApproved(s: Setup) {
  const r = await requestRow(s);
  expect(r).toMatchObject({
    state: "in_review",
    outcome: "decline",
    approved_version_id: null,
    approved_sha256: null,
    valid_until: null,
  });
  expect(await s.app.db.selectFrom("version_reviews").select("id").execute()).toHaveLength(0);
}

async function refusal(result: unknown): Promise<{ status: number; formError: string; code: string }> {
  const body = dataOf<{ formError: string; code: string }>(result);
  return { status: statusOf(result), formError: body.formError, code: body.code };
}

describe("approving a version is refused, each case on its own", () => {
  it("when a criterion is not met", async () => {
    const s = await requestInReview(FAIR_TEXT);
    const fields = await approvalFields(s);
    fields["criteria.balanced.met"] = "not_met";
    const r = await refusal(await postReview(s, s.manager, fields));
    expect(r).toMatchObject({ status: 409, code: "blocked_by_review" });
    expect(r.formError).toContain('the criterion "Balanced" is not attested as met');
    await expectNothingApproved(s);
    const audit = await s.app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.refused")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(audit.payload)).toMatchObject({ event: "approveVersion", code: "blocked_by_review" });
  });

  it("when an error finding is not waived with a reason", async () => {
    const s = await requestInReview(FLAWED_TEXT);
    const fields = await approvalFields(s);
    expect(fields["findings.0.key"]).toBe("superlative:126:130");
    fields["findings.0.waiver"] = "   ";
    const r = await refusal(await postReview(s, s.manager, fields));
    expect(r).toMatchObject({ status: 409, code: "blocked_by_review" });
    expect(r.formError).toContain('the error "best" (superlative, line 1, column 127) is not waived with a reason');
    await expectNothingApproved(s);
  });

  it("when a waiver names another occurrence than the finding's", async () => {
    const s = await requestInReview(FLAWED_TEXT);
    const fields = await approvalFields(s);
    fields["findings.0.key"] = "superlative:0:4";
    expect(await refusal(await postReview(s, s.manager, fields))).toMatchObject({
      status: 409,
      code: "blocked_by_review",
    });
    await expectNothingApproved(s);
  });

  it("when a warning is not acknowledged", async () => {
    const s = await requestInReview(FLAWED_TEXT);
    const fields = await approvalFields(s);
    expect(fields["findings.1.key"]).toBe("weasel-words:143:151");
    delete fields["findings.1.acknowledged"];
    const r = await refusal(await postReview(s, s.manager, fields));
    expect(r).toMatchObject({ status: 409, code: "blocked_by_review" });
    expect(r.formError).toContain('the warning "arguably" (weasel-words, line 1, column 144) is not acknowledged');
    await expectNothingApproved(s);
  });

  it("when the impact assessment is not confirmed against the final text", async () => {
    const s = await requestInReview(FAIR_TEXT);
    const fields = await approvalFields(s);
    delete fields.impactConfirmed;
    const r = await refusal(await postReview(s, s.manager, fields));
    expect(r.formError).toContain("the impact assessment is not confirmed against the final text");
    await expectNothingApproved(s);
  });

  it("when the posted hash is not the latest version's", async () => {
    const s = await requestInReview(FAIR_TEXT);
    const fields = await approvalFields(s);
    fields.sha256 = FLAWED_SHA256;
    expect(await refusal(await postReview(s, s.manager, fields))).toMatchObject({
      status: 409,
      code: "version_not_latest",
    });
    await expectNothingApproved(s);
  });

  it("when the posted version is not the latest: a newer version needs a new review", async () => {
    const s = await requestInReview(FLAWED_TEXT);
    const oldFields = await approvalFields(s);
    // The manager sends it back; the requester saves version 2 and submits it.
    const changes = await postReview(s, s.manager, {
      intent: "requestChanges",
      versionId: oldFields.versionId,
      revision: oldFields.revision,
      comments: "Drop the superlative.",
      conflict: "none",
    });
    expect(statusOf(changes)).toBe(302);
    const changeReview = await s.app.db.selectFrom("version_reviews").selectAll().executeTakeFirstOrThrow();
    expect(changeReview).toMatchObject({
      outcome: "changes_requested",
      version_id: Number(oldFields.versionId),
      reviewer_id: s.manager.id,
    });
    expect(statusOf(await saveText(s, s.requester, FAIR_TEXT))).toBe(302);
    expect(statusOf(await submitLatest(s, s.requester))).toBe(302);

    const stale = { ...(await approvalFields(s)), versionId: oldFields.versionId, sha256: FLAWED_SHA256 };
    expect(await refusal(await postReview(s, s.manager, stale))).toMatchObject({
      status: 409,
      code: "version_not_latest",
    });
    expect((await requestRow(s)).approved_version_id).toBeNull();
    // The latest, reviewed afresh, can be approved.
    expect(statusOf(await postReview(s, s.manager, await approvalFields(s)))).toBe(302);
    expect((await requestRow(s)).approved_sha256).toBe(FAIR_SHA256);
  });

  it("when the revision number is stale", async () => {
    const s = await requestInReview(FAIR_TEXT);
    const fields = await approvalFields(s);
    fields.revision = String(Number(fields.revision) - 1);
    const r = await refusal(await postReview(s, s.manager, fields));
    expect(r).toMatchObject({ status: 409, code: "stale_revision" });
    await expectNothingApproved(s);
  });

  it("when the approver wrote the version", async () => {
    const s = await requestInDrafting();
    // The manager writes the text; the requester submits it.
    expect(statusOf(await saveText(s, s.manager, FAIR_TEXT))).toBe(302);
    expect(statusOf(await submitLatest(s, s.requester))).toBe(302);
    const r = await refusal(await postReview(s, s.manager, await approvalFields(s)));
    expect(r).toMatchObject({ status: 403, code: "own_version" });
    await expectNothingApproved(s);
    // Another manager may approve it.
    expect(statusOf(await postReview(s, s.manager2, await approvalFields(s)))).toBe(302);
  });

  it("when the approver logged the request", async () => {
    const s = await requestInReview(FAIR_TEXT);
    // Aroha, who logged it, is made a manager too, and tries to approve her own request.
    await s.app.db
      .insertInto("user_roles")
      .values({
        user_id: s.requester.id,
        role: "procurement_manager",
        granted_at: "2026-11-24T22:00:00.000Z",
        granted_by: null,
      })
      .execute();
    const r = await refusal(await postReview(s, s.requester, await approvalFields(s)));
    expect(r).toMatchObject({ status: 403, code: "own_request" });
    await expectNothingApproved(s);
  });

  it("when the approver declares a conflict", async () => {
    const s = await requestInReview(FAIR_TEXT);
    const fields = { ...(await approvalFields(s)), conflict: "declared", conflictNote: "My brother works at Acme." };
    expect(await refusal(await postReview(s, s.manager, fields))).toMatchObject({
      status: 403,
      code: "conflict_declared",
    });
    await expectNothingApproved(s);
  });

  it("when the deadline has passed, even before the sweep runs", async () => {
    const s = await requestInReview(FAIR_TEXT);
    const fields = await approvalFields(s);
    await moveClock(s, (await requestRow(s)).deadline_at);
    expect(await refusal(await postReview(s, s.manager, fields))).toMatchObject({
      status: 409,
      code: "deadline_passed",
    });
    await expectNothingApproved(s);
  });

  it("when the valid-until is more than 24 months away (400, before the lifecycle)", async () => {
    const s = await requestInReview(FAIR_TEXT);
    // Today is 25 Nov 2026 in NZ: 24 months on is 25 Nov 2028.
    const late = await postReview(s, s.manager, { ...(await approvalFields(s)), validUntil: "2028-11-26" });
    expect(statusOf(late)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(late).fieldErrors.validUntil).toBe(
      "An enduring endorsement may be approved for at most 24 months: choose 2028-11-25 or earlier.",
    );
    await expectNothingApproved(s);
    expect(statusOf(await postReview(s, s.manager, { ...(await approvalFields(s)), validUntil: "2028-11-25" }))).toBe(
      302,
    );
    // The end of 25 Nov 2028 NZDT.
    expect((await requestRow(s)).valid_until).toBe("2028-11-25T11:00:00.000Z");
  });
});

describe("approving a version", () => {
  it("binds the request to the version's id and hash, records the review, audits and emails", async () => {
    const s = await requestInReview(FLAWED_TEXT);
    const version = await latestVersion(s);
    const withoutUse = await postReview(s, s.manager, { ...(await approvalFields(s)), notifySupplier: "on" });
    expect(statusOf(withoutUse), "the terms cannot be sent without saying where it may be used").toBe(400);
    await expectNothingApproved(s);
    const result = await postReview(s, s.manager, {
      ...(await approvalFields(s)),
      notifySupplier: "on",
      permittedUse: "In Acme's tender responses",
    });
    expect(statusOf(result)).toBe(302);

    const r = await requestRow(s);
    expect(r).toMatchObject({
      state: "approved",
      outcome: "endorse",
      approved_version_id: version.id,
      approved_sha256: FLAWED_SHA256,
      decided_by: s.manager.id,
      // Default 12 months: the end of 25 Nov 2027 in NZ (NZDT, UTC+13).
      valid_until: "2027-11-25T11:00:00.000Z",
    });
    const audit = await s.app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.approveVersion")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: s.manager.id, from_state: "in_review", to_state: "approved" });
    expect(JSON.parse(audit.payload)).toMatchObject({ versionId: version.id, versionNumber: 1, sha256: FLAWED_SHA256 });

    const review = await s.app.db.selectFrom("version_reviews").selectAll().executeTakeFirstOrThrow();
    expect(review).toMatchObject({ outcome: "approved", version_id: version.id, reviewer_id: s.manager.id });
    const stored = JSON.parse(review.review);
    expect(stored.criteria.accurate).toEqual({ met: true, note: "Checked accurate against the contract file." });
    expect(stored.knownProblems.complete).toEqual({ known: false, howReflected: "" });
    expect(stored.waivers).toEqual([
      { rule: "superlative", start: 126, end: 130, reason: "The supplier ranked first in the panel evaluation." },
    ]);
    expect(stored.acknowledgements).toEqual([{ rule: "weasel-words", start: 143, end: 151 }]);
    expect(stored.impactConfirmed).toBe(true);

    const emails = await s.app.db
      .selectFrom("outbox")
      .select(["id", "template", "to_addresses"])
      .where("template", "in", ["approved", "supplier-approval-terms"])
      .execute();
    expect(emails.map((e) => [e.template, JSON.parse(e.to_addresses)])).toEqual([
      ["approved", ["aroha@tautoko.test"]],
      ["supplier-approval-terms", ["marketing@acme.example"]],
    ]);
    const terms = await s.app.db
      .selectFrom("outbox")
      .select("props")
      .where("template", "=", "supplier-approval-terms")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(terms.props ?? "{}").permittedUse).toBe("In Acme's tender responses");
    // Rendered as the dispatcher will send it.
    expect((await getOutboxEmail(s.app.db, emails[0]!.id))!.text).toContain("Acme is the best builder");
  });

  it("a single-use (non-enduring) endorsement is valid for 30 days, not editable", async () => {
    const s = await requestInReview(FAIR_TEXT, { enduring: "no" });
    const longer = await postReview(s, s.manager, { ...(await approvalFields(s)), validUntil: "2027-01-31" });
    expect(statusOf(longer)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(longer).fieldErrors.validUntil).toMatch(/30 days/);
    expect(statusOf(await postReview(s, s.manager, await approvalFields(s)))).toBe(302);
    // 25 Nov + 30 days: the end of 25 Dec 2026 NZDT.
    expect((await requestRow(s)).valid_until).toBe("2026-12-25T11:00:00.000Z");
  });

  it("declining from review records the review and sets the request declined", async () => {
    const s = await requestInReview(FAIR_TEXT);
    const version = await latestVersion(s);
    const fields = await approvalFields(s);
    const result = await postReview(s, s.manager, {
      intent: "decline",
      versionId: String(version.id),
      revision: fields.revision,
      reason: "The contract is still under dispute.",
      conflict: "none",
    });
    expect(statusOf(result)).toBe(302);
    expect(await requestRow(s)).toMatchObject({ state: "declined", outcome: "decline", approved_version_id: null });
    expect(await s.app.db.selectFrom("version_reviews").selectAll().executeTakeFirstOrThrow()).toMatchObject({
      outcome: "declined",
      version_id: version.id,
    });
  });
});
