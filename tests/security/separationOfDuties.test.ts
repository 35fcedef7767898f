import { describe, expect, it } from "vitest";
import { nameDelegate } from "~/commands/delegations.server";
import { timelineOf } from "~/models/timeline.server";
import { action as reassignAction } from "~/routes/admin.reassign";
import { action as userAction } from "~/routes/admin.users.$id";
import { action as delegationAction, loader as delegationLoader } from "~/routes/delegation";
import { action as requestAction } from "~/routes/requests.$reference";
import { describeEvent } from "~/workflow/timeline";
import {
  approvalFields,
  postReview,
  requestInDrafting,
  saveText,
  submitLatest,
  FAIR_TEXT,
} from "../endorsements/helpers";
import { call, createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { auditEvents, load, location, logRequestAs, post } from "../admin/kit";

/**
 * The walk-arounds an outside attack test found (issue 14, item 1), each
 * driven through the real routes: every one must answer 403 or 409, change
 * nothing, and leave the refusal in the audit log.
 */

function postToRequest(app: TestApp, user: TestUser, reference: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ csrf: user.csrf, ...fields });
  return call(() =>
    requestAction({
      request: app.request(`/requests/${reference}`, { user, body }),
      params: { reference },
      context: app.context,
    }),
  );
}

const declineAt = (revision: number) => ({
  intent: "decide",
  decision: "decline",
  revision: String(revision),
  conflict: "none",
  reason: "Our policy is to decline.",
});

async function row(app: TestApp, id: number) {
  return app.db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function refusalsOn(app: TestApp, requestId: number, actorId: number) {
  return (await auditEvents(app, "request.refused"))
    .filter((e) => e.request_id === requestId && e.actor_id === actorId)
    .map((e) => e.payload.code);
}

describe("a reassigned request's original logger", () => {
  async function world() {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"], "Ada Admin");
    const logger = await app.addUser("kahu@tautoko.test", ["staff", "procurement_manager"], "Kahu Rangi");
    const successor = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
    const id = await logRequestAs(app, logger, "Acme Ltd");
    return { app, admin, logger, successor, id, reference: (await row(app, id)).reference };
  }

  it("cannot have their requests reassigned while their account is active: 409, nothing moved, refusal audited", async () => {
    const { app, admin, logger, successor, id } = await world();
    const result = await post(app, reassignAction, "/admin/reassign", admin, {
      fromUserId: String(logger.id),
      toUserId: String(successor.id),
    });
    expect(statusOf(result)).toBe(409);
    expect(dataOf<{ formError: string }>(result).formError).toMatch(/still active/);
    expect(await row(app, id)).toMatchObject({ requester_id: logger.id, logged_by_id: logger.id, revision: 1 });
    const [refused] = await auditEvents(app, "admin.refused");
    expect(refused?.payload).toMatchObject({ attempted: "request.reassigned", status: 409 });
  });

  it("never decides it after a reassignment, even when their account comes back: 403, unchanged, audited", async () => {
    const { app, admin, logger, successor, id, reference } = await world();
    const moved = await post(app, reassignAction, "/admin/reassign", admin, {
      fromUserId: String(logger.id),
      toUserId: String(successor.id),
      disableFrom: "on",
    });
    expect(location(moved)).toBe("/admin/reassign?moved=1");
    const after = await row(app, id);
    expect(after).toMatchObject({ requester_id: successor.id, logged_by_id: logger.id, state: "escalated" });

    // The walk-around: the leaver's account is enabled again and they decline the request they logged.
    const enabled = await post(
      app,
      userAction,
      `/admin/users/${logger.id}`,
      admin,
      { intent: "enable" },
      {
        id: String(logger.id),
      },
    );
    expect(statusOf(enabled)).toBe(302);
    const back = await app.signIn(logger);
    const declined = await postToRequest(app, back, reference, declineAt(after.revision));
    expect(statusOf(declined)).toBe(403);
    expect(await row(app, id)).toEqual(after);
    expect(await refusalsOn(app, id, logger.id)).toEqual(["own_request"]);

    // The new follower, a member of staff, cannot decide it either.
    expect(statusOf(await postToRequest(app, successor, reference, declineAt(after.revision)))).toBe(403);
    expect(await row(app, id)).toEqual(after);
  });

  it("is named with the new follower in the audit event and the timeline, and the follower is emailed", async () => {
    const { app, admin, logger, successor, id } = await world();
    await post(app, reassignAction, "/admin/reassign", admin, {
      fromUserId: String(logger.id),
      toUserId: String(successor.id),
      disableFrom: "on",
    });
    const [event] = await auditEvents(app, "request.reassigned");
    expect(event?.payload).toEqual({
      fromUserId: logger.id,
      fromName: "Kahu Rangi",
      toUserId: successor.id,
      toName: "Aroha Ngata",
      loggedById: logger.id,
      loggedByName: "Kahu Rangi",
    });
    expect((await auditEvents(app, "user.disabled")).map((e) => e.payload)).toEqual([{ userId: logger.id }]);
    const reassigned = (await timelineOf(app.db, id)).find((e) => e.action === "request.reassigned");
    expect(reassigned && describeEvent(reassigned)).toBe(
      "Ada Admin passed the request from Kahu Rangi to Aroha Ngata, who now follows it. Kahu Rangi logged it and still can never decide it.",
    );
    const mail = await app.db.selectFrom("outbox").selectAll().where("template", "=", "request-reassigned").execute();
    expect(mail.map((m) => [JSON.parse(m.to_addresses), m.request_id])).toEqual([[["aroha@tautoko.test"], id]]);
  });
});

describe("an admin-only account named as delegate", () => {
  it("cannot be named (400 beside the field, nothing stored, refusal audited)", async () => {
    const app = await createTestApp();
    const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
    const admin = await app.addUser("admin@tautoko.test", ["admin"], "Ada Admin");
    const body = new URLSearchParams({
      csrf: manager.csrf,
      delegateId: String(admin.id),
      startsOn: "2026-11-25",
      endsOn: "2026-12-31",
    });
    const result = await call(() =>
      delegationAction({
        request: app.request("/delegation", { user: manager, body }),
        params: {},
        context: app.context,
      }),
    );
    expect(statusOf(result)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(result).fieldErrors.delegateId).toMatch(
      /administrators make no decisions/,
    );
    expect(await app.db.selectFrom("delegations").selectAll().execute()).toEqual([]);
    expect((await auditEvents(app, "delegation.refused")).map((e) => e.actor_id)).toEqual([manager.id]);
  });

  it("reads and decides nothing even when a delegation names them (as one made before this rule): 404, unchanged", async () => {
    const app = await createTestApp();
    const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
    const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"]);
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    await app.db
      .insertInto("delegations")
      .values({
        manager_id: manager.id,
        delegate_id: admin.id,
        starts_on: "2026-11-01",
        ends_on: "2026-12-31",
        created_at: "2026-11-01T00:00:00.000Z",
        revoked_at: null,
      })
      .execute();
    const id = await logRequestAs(app, staff, "Acme Ltd");
    const before = await row(app, id);
    const result = await postToRequest(app, admin, before.reference, declineAt(before.revision));
    // The old row gives an admin nothing, not even sight of the request (issue 14): as for any request they cannot see.
    expect(statusOf(result)).toBe(404);
    expect(await row(app, id)).toEqual(before);
  });
});

describe("a delegate and a version the manager they act for wrote", () => {
  it("cannot approve it (403, still in review, audited); another manager can", async () => {
    const s = await requestInDrafting();
    const hemi = await s.app.addUser("hemi@tautoko.test", ["staff"], "Hemi Walker");
    // Mere, the manager, writes the version herself and submits it.
    expect(statusOf(await saveText(s, s.manager, FAIR_TEXT))).toBe(302);
    expect(statusOf(await submitLatest(s, s.manager))).toBe(302);
    const named = await nameDelegate(s.app.context, s.manager, {
      delegateId: hemi.id,
      startsOn: "2026-11-25",
      endsOn: "2026-12-31",
    });
    expect(named.ok).toBe(true);
    const before = await row(s.app, s.requestId);
    expect(before.state).toBe("in_review");

    const refused = await postReview(s, hemi, await approvalFields(s));
    expect(statusOf(refused)).toBe(403);
    expect(await row(s.app, s.requestId)).toEqual(before);
    expect(await refusalsOn(s.app, s.requestId, hemi.id)).toEqual(["delegator_version"]);

    expect(statusOf(await postReview(s, s.manager2, await approvalFields(s)))).toBe(302);
    expect((await row(s.app, s.requestId)).state).toBe("approved");
  });
});

describe("a delegation whose manager leaves or stops being a manager", () => {
  // A member of staff who is also an auditor still sees every request once the delegation ends, so the
  // refusal comes from the core (a delegate with only the staff role would no longer even see it: 404).
  const SEES_EVERY_REQUEST: TestUser["roles"] = ["staff", "auditor"];

  async function world(delegateRoles: TestUser["roles"]) {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
    const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
    const delegate = await app.addUser("hemi@tautoko.test", delegateRoles, "Hemi Walker");
    const named = await nameDelegate(app.context, manager, {
      delegateId: delegate.id,
      startsOn: "2026-11-25",
      endsOn: "2026-12-31",
    });
    expect(named.ok).toBe(true);
    const first = await logRequestAs(app, staff, "Acme Ltd");
    const second = await logRequestAs(app, staff, "Kōwhai Plumbing Ltd");
    // While the delegation is in force the delegate decides.
    const firstRow = await row(app, first);
    expect(statusOf(await postToRequest(app, delegate, firstRow.reference, declineAt(firstRow.revision)))).toBe(302);
    return { app, admin, manager, delegate, second };
  }

  const statusesOnPage = async (app: TestApp, delegate: TestUser) =>
    dataOf<{ naming: Array<{ managerName: string; status: string }> }>(
      await load(app, delegationLoader, "/delegation", delegate),
    ).naming.map((d) => [d.managerName, d.status]);

  it("ends when the manager's account is disabled: 403, unchanged, audited, and the delegate's page says why", async () => {
    const { app, admin, manager, delegate, second } = await world(SEES_EVERY_REQUEST);
    const disabled = await post(
      app,
      userAction,
      `/admin/users/${manager.id}`,
      admin,
      { intent: "disable" },
      {
        id: String(manager.id),
      },
    );
    expect(statusOf(disabled)).toBe(302);
    const before = await row(app, second);
    expect(statusOf(await postToRequest(app, delegate, before.reference, declineAt(before.revision)))).toBe(403);
    expect(await row(app, second)).toEqual(before);
    expect(await refusalsOn(app, second, delegate.id)).toEqual(["not_decider"]);
    expect(await statusesOnPage(app, delegate)).toEqual([["Mere Parata", "manager_disabled"]]);
  });

  it("ends when the manager loses the manager role, the same way", async () => {
    const { app, admin, manager, delegate, second } = await world(SEES_EVERY_REQUEST);
    const demoted = await post(
      app,
      userAction,
      `/admin/users/${manager.id}`,
      admin,
      { intent: "roles", roles: ["staff"] },
      {
        id: String(manager.id),
      },
    );
    expect(statusOf(demoted)).toBe(302);
    const before = await row(app, second);
    expect(statusOf(await postToRequest(app, delegate, before.reference, declineAt(before.revision)))).toBe(403);
    expect(await row(app, second)).toEqual(before);
    expect(await refusalsOn(app, second, delegate.id)).toEqual(["not_decider"]);
    expect(await statusesOnPage(app, delegate)).toEqual([["Mere Parata", "manager_not_manager"]]);
  });
});
