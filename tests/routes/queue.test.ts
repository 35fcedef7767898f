import { describe, expect, it } from "vitest";
import { releaseLapsedClaims } from "~/commands/claims.server";
import { loader as queueLoader } from "~/routes/queue";
import { action as claimAction } from "~/routes/requests.$reference_.claim";
import { createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { auditEvents, load, location, logRequestAs, post } from "../admin/kit";

/** Two managers, a member of staff who logs, and an auditor; the clock is Wednesday 25 Nov 2026, 11 am NZ. */
async function queueWorld() {
  const app = await createTestApp();
  const staff = await app.addUser("staff@tautoko.test", ["staff"], "Aroha Staff");
  const mere = await app.addUser("mere@tautoko.test", ["procurement_manager", "staff"], "Mere Manager");
  const tama = await app.addUser("tama@tautoko.test", ["procurement_manager"], "Tama Manager");
  const auditor = await app.addUser("auditor@tautoko.test", ["auditor"], "Ana Auditor");
  return { app, staff, mere, tama, auditor };
}

async function referenceOf(app: TestApp, id: number): Promise<string> {
  const row = await app.db.selectFrom("requests").select("reference").where("id", "=", id).executeTakeFirstOrThrow();
  return row.reference;
}

function postClaim(app: TestApp, user: TestUser, reference: string, intent: string, back = "/queue?state=escalated") {
  return post(app, claimAction, `/requests/${reference}/claim`, user, { intent, back }, { reference });
}

async function queueOf(app: TestApp, user: TestUser, query = "") {
  const result = await load(app, queueLoader, `/queue${query}`, user);
  expect(statusOf(result)).toBe(200);
  return dataOf<Awaited<ReturnType<typeof queueLoader>>>(result);
}

async function bodyOf(result: unknown): Promise<string> {
  return result instanceof Response ? result.text() : "";
}

describe("I'm handling this", () => {
  it("shows the other managers who holds a request, refuses a second claim, and lets another manager release it", async () => {
    const { app, staff, mere, tama } = await queueWorld();
    const id = await logRequestAs(app, staff, "Acme Building Services Ltd");
    const reference = await referenceOf(app, id);

    const claimed = await postClaim(app, mere, reference, "claim");
    expect(statusOf(claimed)).toBe(302);
    expect(location(claimed)).toBe("/queue?state=escalated");

    const seenByTama = (await queueOf(app, tama)).rows.find((r) => r.reference === reference)!;
    expect(seenByTama.claimed_by_name).toBe("Mere Manager");
    expect(seenByTama.claimedByMe).toBe(false);
    expect(seenByTama.mayClaim).toBe(false);
    expect((await queueOf(app, mere)).rows.find((r) => r.reference === reference)!.claimedByMe).toBe(true);

    const second = await postClaim(app, tama, reference, "claim");
    expect(statusOf(second)).toBe(409);
    expect(await bodyOf(second)).toContain("Mere Manager is already handling this request");
    const refused = await auditEvents(app, "request.refused");
    expect(refused.at(-1)).toMatchObject({ actor_id: tama.id, request_id: id, payload: { code: "claimed_by_other" } });

    expect(statusOf(await postClaim(app, tama, reference, "release"))).toBe(302);
    expect((await queueOf(app, tama)).rows.find((r) => r.reference === reference)!.claimed_by_name).toBeNull();
    const [claimEvent] = await auditEvents(app, "request.claimed");
    expect(claimEvent).toMatchObject({ actor_id: mere.id, request_id: id, actor_role: "procurement_manager" });
    const [release] = await auditEvents(app, "request.claim_released");
    expect(release).toMatchObject({
      actor_id: tama.id,
      request_id: id,
      payload: { heldBy: mere.id, reason: "released by another decider" },
    });
  });

  it("is refused to whoever may not decide the request: its logger, an auditor, and after the deadline", async () => {
    const { app, mere, tama, auditor } = await queueWorld();
    const own = await referenceOf(app, await logRequestAs(app, mere, "Own Supplier Ltd"));

    const byLogger = await postClaim(app, mere, own, "claim");
    expect(statusOf(byLogger)).toBe(403);
    expect(await bodyOf(byLogger)).toContain("You logged this request");
    expect((await queueOf(app, mere)).rows.find((r) => r.reference === own)!.mayClaim).toBe(false);

    expect(statusOf(await postClaim(app, auditor, own, "claim"))).toBe(403);
    expect(statusOf(await postClaim(app, tama, own, "take"))).toBe(400);

    app.setNow("2026-12-20T00:00:00.000Z");
    const late = await postClaim(app, await app.signIn(tama), own, "claim");
    expect(statusOf(late)).toBe(409);
    expect(await bodyOf(late)).toContain("The deadline has passed");
    expect(await app.db.selectFrom("request_claims").selectAll().execute()).toEqual([]);
  });

  it("is released by the sweep once the request is decided, or after 3 working days without a decision", async () => {
    const { app, staff, mere, tama } = await queueWorld();
    const decided = await logRequestAs(app, staff, "Decided Supplier Ltd");
    const waiting = await logRequestAs(app, staff, "Waiting Supplier Ltd");
    expect(statusOf(await postClaim(app, mere, await referenceOf(app, decided), "claim"))).toBe(302);
    expect(statusOf(await postClaim(app, tama, await referenceOf(app, waiting), "claim"))).toBe(302);
    await app.db.updateTable("requests").set({ state: "declined" }).where("id", "=", decided).execute();

    expect(await releaseLapsedClaims(app.context)).toBe(1);
    const held = await app.db.selectFrom("request_claims").select(["request_id", "user_id"]).execute();
    expect(held).toEqual([{ request_id: waiting, user_id: tama.id }]);

    // Claimed on Wednesday 25 Nov; Thursday, Friday and Monday make 3 working days.
    app.setNow("2026-11-29T22:00:00.000Z"); // Monday 30 Nov, 11 am NZ: 3 working days held
    expect(await releaseLapsedClaims(app.context)).toBe(1);
    const reasons = (await auditEvents(app, "request.claim_released")).map((e) => [e.request_id, e.payload.reason]);
    expect(reasons).toEqual([
      [decided, "the request was decided"],
      [waiting, "no decision within 3 working days"],
    ]);
    expect(await releaseLapsedClaims(app.context)).toBe(0);
  });
});

describe("the queue as a work list", () => {
  it("says how many match and which page this is, filters by state and type, and marks what is due", async () => {
    const { app, staff, tama } = await queueWorld();
    const ids: number[] = [];
    for (let i = 0; i < 30; i++) ids.push(await logRequestAs(app, staff, `Supplier ${String(i).padStart(2, "0")}`));
    await app.db.updateTable("requests").set({ state: "in_review" }).where("id", "in", ids.slice(0, 4)).execute();
    await app.db
      .updateTable("requests")
      .set({ request_type: "case_study" })
      .where("id", "in", ids.slice(2, 7))
      .execute();
    // Due at the end of today (Wednesday 25 Nov) and at the end of Friday 27 Nov (2 working days on).
    await app.db
      .updateTable("requests")
      .set({ deadline_at: "2026-11-25T11:00:00.000Z" })
      .where("id", "=", ids[10]!)
      .execute();
    await app.db
      .updateTable("requests")
      .set({ deadline_at: "2026-11-27T11:00:00.000Z" })
      .where("id", "=", ids[11]!)
      .execute();

    const first = await queueOf(app, tama);
    expect(first.counts).toMatchObject({ total: 30, offset: 0, overdue: 0, dueToday: 1, dueSoon: 1 });
    expect(first.rows).toHaveLength(25);
    expect(first.rows[0]).toMatchObject({ id: ids[10], urgency: "today", workingDaysLeft: 0 });
    expect(first.rows[1]).toMatchObject({ id: ids[11], urgency: "soon", workingDaysLeft: 2 });
    expect(first.rows[2]).toMatchObject({ urgency: null, workingDaysLeft: 10 });

    const second = await queueOf(app, tama, `?after=${encodeURIComponent(first.next!)}`);
    expect(second.counts).toMatchObject({ total: 30, offset: 25 });
    expect(second.rows).toHaveLength(5);

    const inReview = await queueOf(app, tama, "?state=in_review");
    expect(inReview.counts.total).toBe(4);
    expect(inReview.rows.map((r) => r.state)).toEqual(["in_review", "in_review", "in_review", "in_review"]);
    expect(inReview.rows[0]!.decision).toEqual({
      href: `/requests/${inReview.rows[0]!.reference}/review`,
      label: "Review the version",
    });

    const both = await queueOf(app, tama, "?state=in_review&type=case_study");
    expect(both.rows.map((r) => r.id).sort((a, b) => a - b)).toEqual([ids[2], ids[3]]);
    expect(both.keep).toBe("state=in_review&type=case_study");

    // Past the deadline, before the sweep: marked, and offered to nobody.
    app.setNow("2026-11-25T11:30:00.000Z");
    const late = await queueOf(app, await app.signIn(tama));
    expect(late.counts.overdue).toBe(1);
    expect(late.rows[0]).toMatchObject({ id: ids[10], urgency: "overdue", mayClaim: false });
  });

  it("is only for the deciders", async () => {
    const { app, staff, auditor } = await queueWorld();
    expect(statusOf(await load(app, queueLoader, "/queue", staff))).toBe(403);
    expect(statusOf(await load(app, queueLoader, "/queue", auditor))).toBe(403);
  });
});
