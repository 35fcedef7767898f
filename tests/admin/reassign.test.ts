import { describe, expect, it } from "vitest";
import type { RequestState } from "#db/schema";
import { action as reassignAction } from "~/routes/admin.reassign";
import { createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { auditEvents, location, logRequestAs, post } from "./kit";

async function requestIn(app: TestApp, requester: TestUser, state: RequestState): Promise<number> {
  const id = await logRequestAs(app, requester, `Supplier in ${state}`);
  // Set directly: how a request reached this state is not what these tests are about.
  await app.db.updateTable("requests").set({ state }).where("id", "=", id).execute();
  return id;
}

async function reassignWorld(app: TestApp) {
  const admin = await app.addUser("admin@tautoko.test", ["admin"]);
  const leaver = await app.addUser("leaver@tautoko.test", ["staff"]);
  const successor = await app.addUser("successor@tautoko.test", ["staff"]);
  const bystander = await app.addUser("bystander@tautoko.test", ["staff"]);
  const ids = {
    escalated: await requestIn(app, leaver, "escalated"),
    drafting: await requestIn(app, leaver, "drafting"),
    inReview: await requestIn(app, leaver, "in_review"),
    approved: await requestIn(app, leaver, "approved"),
    declined: await requestIn(app, leaver, "declined"),
    cancelled: await requestIn(app, leaver, "cancelled"),
    bystanders: await requestIn(app, bystander, "escalated"),
  };
  await app.db
    .updateTable("users")
    .set({ active: 0, disabled_at: "2026-11-24T21:00:00.000Z" })
    .where("id", "=", leaver.id)
    .execute();
  return { admin, leaver, successor, bystander, ids };
}

const owners = (app: TestApp) =>
  app.db.selectFrom("requests").select(["id", "requester_id", "revision"]).orderBy("id").execute();

describe("reassigning a leaver's requests", () => {
  it("moves only their undecided requests, bumps each revision, and audits each one in its state", async () => {
    const app = await createTestApp();
    const { admin, leaver, successor, bystander, ids } = await reassignWorld(app);

    const result = await post(app, reassignAction, "/admin/reassign", admin, {
      fromUserId: String(leaver.id),
      toUserId: String(successor.id),
    });
    expect(statusOf(result)).toBe(302);
    expect(location(result)).toBe("/admin/reassign?moved=3");

    expect(await owners(app)).toEqual([
      { id: ids.escalated, requester_id: successor.id, revision: 2 },
      { id: ids.drafting, requester_id: successor.id, revision: 2 },
      { id: ids.inReview, requester_id: successor.id, revision: 2 },
      { id: ids.approved, requester_id: leaver.id, revision: 1 },
      { id: ids.declined, requester_id: leaver.id, revision: 1 },
      { id: ids.cancelled, requester_id: leaver.id, revision: 1 },
      { id: ids.bystanders, requester_id: bystander.id, revision: 1 },
    ]);
    // Who logged each request is history: the reassignment leaves it as it was.
    const loggers = await app.db.selectFrom("requests").select("logged_by_id").orderBy("id").execute();
    expect(loggers.map((r) => r.logged_by_id)).toEqual([...Array(6).fill(leaver.id), bystander.id]);
    const events = await auditEvents(app, "request.reassigned");
    const named = {
      fromUserId: leaver.id,
      fromName: "leaver",
      toUserId: successor.id,
      toName: "successor",
      loggedById: leaver.id,
      loggedByName: "leaver",
    };
    expect(events.map((e) => [e.actor_id, e.actor_role, e.request_id, e.from_state, e.to_state, e.payload])).toEqual([
      [admin.id, "admin", ids.escalated, "escalated", "escalated", named],
      [admin.id, "admin", ids.drafting, "drafting", "drafting", named],
      [admin.id, "admin", ids.inReview, "in_review", "in_review", named],
    ]);

    // Nothing left to move: a second run moves nothing and records nothing.
    const again = await post(app, reassignAction, "/admin/reassign", admin, {
      fromUserId: String(leaver.id),
      toUserId: String(successor.id),
    });
    expect(location(again)).toBe("/admin/reassign?moved=0");
    expect(await auditEvents(app, "request.reassigned")).toHaveLength(3);
  });

  it("refuses the same person, someone without the staff role, a disabled account, and ids that are not people", async () => {
    const app = await createTestApp();
    const { admin, leaver, successor } = await reassignWorld(app);
    const auditor = await app.addUser("auditor@tautoko.test", ["auditor"]);
    const manager = await app.addUser("manager@tautoko.test", ["procurement_manager"]);
    const disabledStaff = await app.addUser("gone@tautoko.test", ["staff"]);
    await app.db.updateTable("users").set({ active: 0 }).where("id", "=", disabledStaff.id).execute();
    const before = await owners(app);

    const cases: Array<[Record<string, string>, string, RegExp]> = [
      [{ fromUserId: String(leaver.id), toUserId: String(leaver.id) }, "toUserId", /different person/],
      [{ fromUserId: String(leaver.id), toUserId: String(auditor.id) }, "toUserId", /does not have the staff role/],
      [{ fromUserId: String(leaver.id), toUserId: String(manager.id) }, "toUserId", /does not have the staff role/],
      [{ fromUserId: String(leaver.id), toUserId: String(disabledStaff.id) }, "toUserId", /disabled/],
      [{ fromUserId: String(leaver.id), toUserId: "9999" }, "toUserId", /from the list/],
      [{ fromUserId: "9999", toUserId: String(successor.id) }, "fromUserId", /from the list/],
      [{ fromUserId: "abc", toUserId: String(successor.id) }, "fromUserId", /whose requests/],
      [{ fromUserId: String(leaver.id), toUserId: "" }, "toUserId", /who takes the requests over/],
      [{ fromUserId: String(leaver.id) }, "toUserId", /who takes the requests over/],
    ];
    for (const [fields, field, message] of cases) {
      const result = await post(app, reassignAction, "/admin/reassign", admin, fields);
      expect(statusOf(result), JSON.stringify(fields)).toBe(400);
      expect(
        dataOf<{ fieldErrors: Record<string, string> }>(result).fieldErrors[field],
        JSON.stringify(fields),
      ).toMatch(message);
    }
    expect(await owners(app)).toEqual(before);
    expect(await auditEvents(app, "request.reassigned")).toEqual([]);
  });
});
