import { describe, expect, it } from "vitest";
import { verifyAuditChain } from "~/audit/audit.server";
import { expireEndorsements, remindReviewsDue } from "~/jobs/sweeps.server";
import { getEndorsementSummary } from "~/models/versions.server";
import { loader as registerLoader } from "~/routes/register";
import { call, dataOf, statusOf, type TestUser } from "../helpers/app";
import {
  approvalFields,
  FAIR_SHA256,
  FAIR_TEXT,
  latestVersion,
  moveClock,
  postEndorsementReview,
  postReview,
  requestInReview,
  requestRow,
  revisionOf,
  type Setup,
} from "./helpers";

/** The endorsement-review form posted as `user` at the request's current revision, declaring no conflict. */
async function reviewAtRevision(s: Setup, user: TestUser, fields: Record<string, string>) {
  return postEndorsementReview(s, user, {
    revision: String(await revisionOf(s.app, s.requestId)),
    conflict: "none",
    ...fields,
  });
}

/** Approved on Wed 25 Nov 2026 (NZ) with the default: valid until the end of 25 Nov 2027 (NZDT). */
async function approvedEndorsement(): Promise<Setup> {
  const s = await requestInReview(FAIR_TEXT);
  expect(statusOf(await postReview(s, s.manager, await approvalFields(s)))).toBe(302);
  expect((await requestRow(s)).valid_until).toBe("2027-11-25T11:00:00.000Z");
  return s;
}

describe("periodic review of an approved endorsement", () => {
  it("reminds the managers once before valid-until; a confirmed review moves valid-until and is in the chain", async () => {
    const s = await approvedEndorsement();
    // Two months before valid-until: not yet due.
    await moveClock(s, "2027-09-25T00:00:00.000Z");
    expect(await remindReviewsDue(s.app.context)).toBe(0);
    // Sat 30 Oct 2027, 13:00 NZDT: within 30 days of valid-until.
    await moveClock(s, "2027-10-30T00:00:00.000Z");
    expect(await remindReviewsDue(s.app.context)).toBe(1);
    expect(await remindReviewsDue(s.app.context)).toBe(0);
    const reminders = await s.app.db.selectFrom("outbox").selectAll().where("template", "=", "review-due").execute();
    expect(reminders).toHaveLength(1);
    expect(JSON.parse(reminders[0]!.to_addresses).sort()).toEqual(["mere@tautoko.test", "tama@tautoko.test"]);

    // More than 12 months on is refused before the lifecycle runs.
    const tooLong = await reviewAtRevision(s, s.manager, {
      intent: "review",
      performanceNote: "No complaints; the contract closed on time.",
      decision: "confirm",
      newValidUntil: "2028-10-31",
    });
    expect(statusOf(tooLong)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(tooLong).fieldErrors.newValidUntil).toBe(
      "A review may extend the endorsement by at most 12 months: choose 2028-10-30 or earlier.",
    );

    const confirmed = await reviewAtRevision(s, s.manager, {
      intent: "review",
      performanceNote: "No complaints; the contract closed on time.",
      decision: "confirm",
      newValidUntil: "",
    });
    expect(statusOf(confirmed)).toBe(302);
    // The default: the end of 30 Oct 2028 NZDT.
    expect(await requestRow(s)).toMatchObject({
      state: "approved",
      outcome: "endorse",
      valid_until: "2028-10-30T11:00:00.000Z",
    });
    expect(await s.app.db.selectFrom("endorsement_reviews").selectAll().executeTakeFirstOrThrow()).toMatchObject({
      reviewer_id: s.manager.id,
      confirmed: 1,
      performance_note: "No complaints; the contract closed on time.",
      previous_valid_until: "2027-11-25T11:00:00.000Z",
      new_valid_until: "2028-10-30T11:00:00.000Z",
    });
    const event = await s.app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.recordReview")
      .executeTakeFirstOrThrow();
    expect(JSON.parse(event.payload)).toMatchObject({
      confirm: true,
      previousValidUntil: "2027-11-25T11:00:00.000Z",
      newValidUntil: "2028-10-30T11:00:00.000Z",
    });
    const chain = await verifyAuditChain(s.app.db);
    expect(chain).toMatchObject({
      ok: true,
      head: (await s.app.db.selectFrom("audit_events").select("hash").orderBy("seq", "desc").executeTakeFirstOrThrow())
        .hash,
    });
    expect(await verifyAuditChain(s.app.db, { head: event.hash })).toMatchObject({ ok: true, containsHead: true });

    // The old valid-until passing no longer expires it; no reminder until the new one nears.
    await moveClock(s, "2027-11-26T00:00:00.000Z");
    expect(await expireEndorsements(s.app.context)).toBe(0);
    expect(await remindReviewsDue(s.app.context)).toBe(0);
  });

  it("marks an endorsement expired when valid-until passes unreviewed, and refuses a late review", async () => {
    const s = await approvedEndorsement();
    await moveClock(s, "2027-11-25T10:59:59.000Z");
    expect(await expireEndorsements(s.app.context)).toBe(0);
    await moveClock(s, "2027-11-25T11:00:00.000Z");
    const late = await reviewAtRevision(s, s.manager, {
      intent: "review",
      performanceNote: "Fine.",
      decision: "confirm",
    });
    expect(statusOf(late)).toBe(409);
    expect(await expireEndorsements(s.app.context)).toBe(1);
    expect(await expireEndorsements(s.app.context)).toBe(0);
    // Outcome stays endorse in the history; the state says it is no longer in force.
    expect(await requestRow(s)).toMatchObject({ state: "expired", outcome: "endorse" });
    const event = await s.app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.expire")
      .executeTakeFirstOrThrow();
    expect(event).toMatchObject({ actor_id: null, from_state: "approved", to_state: "expired" });
  });

  it("a manager may withdraw at any time, with a reason and an optional supplier notice", async () => {
    const s = await approvedEndorsement();
    const missing = await reviewAtRevision(s, s.manager, {
      intent: "withdraw",
      reason: " ",
    });
    expect(statusOf(missing)).toBe(400);
    const withdrawn = await reviewAtRevision(s, s.manager2, {
      intent: "withdraw",
      reason: "Serious defects reported in the Porirua homes.",
      notifySupplier: "on",
    });
    expect(statusOf(withdrawn)).toBe(302);
    expect(await requestRow(s)).toMatchObject({
      state: "withdrawn",
      outcome: "endorse",
      decision_reason: "Serious defects reported in the Porirua homes.",
    });
    const templates = (
      await s.app.db
        .selectFrom("outbox")
        .select("template")
        .where("template", "in", ["withdrawn", "supplier-withdrawal-notice"])
        .execute()
    ).map((e) => e.template);
    expect(templates.sort()).toEqual(["supplier-withdrawal-notice", "withdrawn"]);
  });
});

describe("the register of approved endorsements", () => {
  it("lists each approved endorsement with its bound text and hash, to managers and auditors only", async () => {
    const s = await approvedEndorsement();
    const bound = await latestVersion(s);
    // Even if a later version existed, the register shows the bound one.
    await s.app.db
      .insertInto("endorsement_versions")
      .values({
        ...bound,
        id: undefined,
        number: 2,
        based_on: 1,
        text: "A later text nobody approved.",
        sha256: "0".repeat(64),
      })
      .execute();
    const auditor = await s.app.addUser("hana@tautoko.test", ["auditor"]);
    const read = (user: typeof auditor) =>
      call(() => registerLoader({ request: s.app.request("/register", { user }), params: {}, context: s.app.context }));

    const body = dataOf<{ entries: Array<Record<string, unknown>> }>(await read(auditor));
    expect(body.entries).toEqual([
      {
        reference: s.reference,
        supplierId: expect.any(Number),
        supplierName: "Acme Ltd",
        requestType: "written_reference",
        enduring: true,
        state: "approved",
        validUntil: "2027-11-25T11:00:00.000Z",
        // The reminder to review goes 30 days before the last day of validity (Thursday 25 Nov 2027).
        reviewDue: "2027-10-26",
        approvedAt: "2026-11-24T22:00:00.000Z",
        approverName: "Mere Parata",
        permittedUse: null,
        versionNumber: 1,
        approvedText: FAIR_TEXT,
        sha256: FAIR_SHA256,
      },
    ]);
    expect(statusOf(await read(s.manager))).toBe(200);
    expect(statusOf(await read(s.requester))).toBe(403);

    const summary = await getEndorsementSummary(s.app.db, s.requestId);
    expect(summary.approved).toEqual({
      number: 1,
      text: FAIR_TEXT,
      sha256: FAIR_SHA256,
      validUntil: "2027-11-25T11:00:00.000Z",
    });
    expect(summary.latest?.number).toBe(2);
  });
});
