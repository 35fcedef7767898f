import { describe, expect, it } from "vitest";
import type { RequestUpdate } from "#db/schema";
import { recordAuditEvent } from "~/audit/audit.server";
import { action as searchAction, loader as searchLoader } from "~/routes/audit._index";
import { call, createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { addRequest, addSupplier } from "./seed";

/**
 * The search reaches everything said about a request (issue 21, item 7):
 * each kind of text written after the request was logged finds it, the
 * result says where, and the count counts it. And each auditor's saved
 * searches: saved, listed only to their owner, run, and deleted.
 *
 *   ref  own fields                   said later
 *   0001 "A written reference"        comment by Aroha: "Check the Pōneke tender first"
 *   0002 "A written reference"        decision reason (withdrawn): "Supplier misrepresented xylophone"
 *   0003 "A written reference"        exception ground "urgent quarantine", conflict note "cousin Wiremu"
 *   0004 "A written reference"        impact note "harbour dredging", endorsement review "zeppelin"
 *   0005 "Poneke harbour brochure"    (nothing): found by its own field, so no "found in"
 *   0006 "A written reference"        decision reason (cancelled): "duplicate of 0001"
 *                                     and Mere's conflict note in the audit log: "Ōtaki neighbour"
 */
async function seeded() {
  const app = await createTestApp();
  const aroha = await app.addUser("aroha@agency.test", ["staff"], "Aroha");
  const auditor = await app.addUser("auditor@agency.test", ["auditor"], "Ari Auditor");
  const manager = await app.addUser("manager@agency.test", ["procurement_manager"], "Mere Manager");
  const staff = await app.addUser("staff@agency.test", ["staff"], "Sam Staff");
  const supplier = await addSupplier(app.db, "Acme Plumbing");
  const base = { requester_id: aroha.id, supplier_id: supplier };
  const at = (day: number) => `2026-11-0${day}T00:00:00.000Z`;
  const ids: number[] = [];
  for (let seq = 1; seq <= 6; seq++) {
    const asked = seq === 5 ? "Poneke harbour brochure" : "A written reference";
    ids.push((await addRequest(app.db, { ...base, seq, received_at: at(seq), asked })).id);
  }
  const [r1, r2, r3, r4, , r6] = ids as [number, number, number, number, number, number];
  // Written after logging, as the app does: each must reach the index by its trigger.
  await app.db
    .insertInto("comments")
    .values({ request_id: r1, author_id: aroha.id, body: "Check the Pōneke tender first", created_at: at(8) })
    .execute();
  const set = (id: number, fields: RequestUpdate) =>
    app.db.updateTable("requests").set(fields).where("id", "=", id).execute();
  await set(r2, { state: "withdrawn", decision_reason: "Supplier misrepresented xylophone" });
  await set(r3, {
    exception_ground: "urgent quarantine",
    requester_conflict: 1,
    requester_conflict_note: "cousin Wiremu",
  });
  await set(r4, { impact_public_risk: "low", impact_public_note: "harbour dredging" });
  await app.db
    .insertInto("endorsement_reviews")
    .values({
      request_id: r4,
      reviewer_id: manager.id,
      created_at: at(9),
      performance_note: "Delivered the zeppelin hangar on time",
      confirmed: 1,
      previous_valid_until: null,
      new_valid_until: null,
      reason: null,
    })
    .execute();
  await set(r6, { state: "cancelled", decision_reason: "A duplicate, logged twice" });
  // A decider's conflict note is only in the audit log, in the deciding event's payload.
  await recordAuditEvent(app.db, {
    at: at(9),
    actorId: manager.id,
    actorRole: "procurement_manager",
    onBehalfOfId: null,
    action: "request.cancelled",
    requestId: r6,
    fromState: "escalated",
    toState: "cancelled",
    payload: { conflict: { hasConflict: false, note: "Ōtaki neighbour, not a conflict" }, reason: "A duplicate" },
  });
  return { app, auditor, manager, staff };
}

interface Page {
  rows: Array<{ id: number; reference: string }>;
  foundIn: Record<number, string>;
  tally: { total: number; offset: number };
  saved: Array<{ id: number; name: string; query: string }>;
}

async function page(app: TestApp, user: TestUser, path: string): Promise<Page> {
  const result = await call(() =>
    searchLoader({ request: app.request(path, { user }), params: {}, context: app.context }),
  );
  if (result instanceof Response) throw new Error(`${path} answered ${result.status}`);
  return result as unknown as Page;
}

/** References found for the words, with where each was found ("" for its own fields). */
async function found(app: TestApp, user: TestUser, q: string): Promise<Record<string, string>> {
  const p = await page(app, user, `/audit?${new URLSearchParams({ q, sort: "reference", dir: "asc" }).toString()}`);
  return Object.fromEntries(p.rows.map((r) => [r.reference, p.foundIn[r.id] ?? ""]));
}

const post = (app: TestApp, user: TestUser, fields: Record<string, string>) =>
  call(() =>
    searchAction({
      request: app.request("/audit", { user, body: new URLSearchParams({ csrf: user.csrf, ...fields }) }),
      params: {},
      context: app.context,
    }),
  );

describe("the search reaches everything said about a request", () => {
  it("finds a request by its comments, reasons and notes, macrons optional, and says where", async () => {
    const { app, auditor } = await seeded();
    expect(await found(app, auditor, "poneke tender")).toEqual({
      "END-2026-0001": "Found in a comment by Aroha, 8 Nov 2026",
    });
    expect(await found(app, auditor, "xylo")).toEqual({ "END-2026-0002": "Found in the withdrawal reason" });
    expect(await found(app, auditor, "quarantine")).toEqual({ "END-2026-0003": "Found in the exception ground" });
    expect(await found(app, auditor, "Wiremu")).toEqual({ "END-2026-0003": "Found in the conflict-of-interest note" });
    expect(await found(app, auditor, "dredging")).toEqual({ "END-2026-0004": "Found in the impact notes" });
    expect(await found(app, auditor, "zeppelin")).toEqual({ "END-2026-0004": "Found in the review of 9 Nov 2026" });
    expect(await found(app, auditor, "duplicate twice")).toEqual({
      "END-2026-0006": "Found in the cancellation reason",
    });
    expect(await found(app, auditor, "otaki")).toEqual({
      "END-2026-0006": "Found in the conflict-of-interest note of Mere Manager, 9 Nov 2026",
    });
    // Words split across places: both named. Words in its own fields: nothing to add.
    expect(await found(app, auditor, "harbour zeppelin")).toEqual({
      "END-2026-0004": "Found in the impact notes and the review of 9 Nov 2026",
    });
    expect(await found(app, auditor, "harbour")).toEqual({
      "END-2026-0004": "Found in the impact notes",
      "END-2026-0005": "",
    });
    // One word in its own field and one in a comment: only the comment is named.
    expect(await found(app, auditor, "written tender")).toEqual({
      "END-2026-0001": "Found in a comment by Aroha, 8 Nov 2026",
    });
  });

  it("counts what it finds by what was said, and follows a comment added later", async () => {
    const { app, auditor } = await seeded();
    expect((await page(app, auditor, "/audit?q=reference")).tally).toEqual({ total: 5, offset: 0 });
    expect((await page(app, auditor, "/audit?q=kakapo")).tally.total).toBe(0);
    const { id } = await app.db
      .selectFrom("requests")
      .select("id")
      .where("reference", "=", "END-2026-0005")
      .executeTakeFirstOrThrow();
    await app.db
      .insertInto("comments")
      .values({ request_id: id, author_id: auditor.id, body: "Kākāpō", created_at: "2026-11-20T00:00:00.000Z" })
      .execute();
    const p = await page(app, auditor, "/audit?q=kakapo");
    expect(p.tally.total).toBe(1);
    expect(p.foundIn[id]).toBe("Found in a comment by Ari Auditor, 20 Nov 2026");
  });
});

describe("saved searches", () => {
  it("are saved under a name, listed to their owner only, run as the page reads them, and deleted", async () => {
    const { app, auditor, manager } = await seeded();
    const saved = await post(app, auditor, { intent: "save", name: "  Withdrawn  ", query: "q=xylo&state=withdrawn" });
    expect(statusOf(saved)).toBe(302);
    expect((saved as Response).headers.get("Location")).toBe("/audit?q=xylo&state=withdrawn&sort=received&dir=desc");
    const mine = (await page(app, auditor, "/audit")).saved;
    expect(mine.map((s) => s.name)).toEqual(["Withdrawn"]);
    // Run: the stored query is the page's own address.
    const run = await page(app, auditor, `/audit?${mine[0]!.query}`);
    expect(run.rows.map((r) => r.reference)).toEqual(["END-2026-0002"]);
    // A manager can use /audit too, and sees none of the auditor's.
    expect((await page(app, manager, "/audit")).saved).toEqual([]);
    expect(statusOf(await post(app, manager, { intent: "delete", id: String(mine[0]!.id), query: "" }))).toBe(404);
    expect(statusOf(await post(app, manager, { intent: "save", name: "Withdrawn", query: "q=x" }))).toBe(302);
    // The same name twice for one person is refused beside the field.
    const again = await post(app, auditor, { intent: "save", name: "Withdrawn", query: "q=other" });
    expect(statusOf(again)).toBe(409);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(again).fieldErrors.name).toMatch(/already have/);
    expect(statusOf(await post(app, auditor, { intent: "delete", id: String(mine[0]!.id), query: "q=xylo" }))).toBe(
      302,
    );
    expect((await page(app, auditor, "/audit")).saved).toEqual([]);
    expect((await page(app, manager, "/audit")).saved.map((s) => s.name)).toEqual(["Withdrawn"]);
  });

  it("refuse a bad name, an unreadable filter, an oversized query and a made-up id, never a 500", async () => {
    const { app, auditor } = await seeded();
    const answers = [
      await post(app, auditor, { intent: "save", name: "", query: "q=x" }),
      await post(app, auditor, { intent: "save", name: "n".repeat(81), query: "q=x" }),
      await post(app, auditor, { intent: "save", name: "Bad day", query: "receivedFrom=2026-02-31" }),
      await post(app, auditor, { intent: "save", name: "Long", query: `q=${"x".repeat(2001)}` }),
      await post(app, auditor, { intent: "delete", id: "99999999999999", query: "" }),
      await post(app, auditor, { intent: "rename", name: "x", query: "" }),
    ];
    expect(answers.map(statusOf)).toEqual([400, 400, 400, 400, 400, 400]);
    expect(statusOf(await post(app, auditor, { intent: "delete", id: "12345", query: "" }))).toBe(404);
    expect((await page(app, auditor, "/audit")).saved).toEqual([]);
  });

  it("are refused to staff", async () => {
    const { app, staff } = await seeded();
    expect(statusOf(await post(app, staff, { intent: "save", name: "Mine", query: "q=x" }))).toBe(403);
  });
});
