import { describe, expect, it } from "vitest";
import type { Role } from "#db/schema";
import { loader as homeLoader } from "~/routes/admin._index";
import { loader as outboxLoader } from "~/routes/admin.outbox._index";
import { loader as emailLoader } from "~/routes/admin.outbox.$id";
import { action as reassignAction, loader as reassignLoader } from "~/routes/admin.reassign";
import { loader as suppliersLoader } from "~/routes/admin.suppliers._index";
import { action as supplierAction, loader as supplierLoader } from "~/routes/admin.suppliers.$id";
import { loader as usersLoader } from "~/routes/admin.users._index";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$id";
import { action as newUserAction, loader as newUserLoader } from "~/routes/admin.users.new";
import { call, createTestApp, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { adminForm, auditCount, load, location, logRequestAs, post, type RouteFn } from "./kit";

type Fields = Record<string, string | readonly string[]>;
type LoaderCase = readonly [path: string, loader: RouteFn, params: Record<string, string>];
type ActionCase = readonly [path: string, action: RouteFn, params: Record<string, string>, fields: Fields];

/** A small world: an admin, a victim account, two suppliers with a request, one queued email. */
async function world(app: TestApp) {
  const admin = await app.addUser("admin@tautoko.test", ["admin"]);
  const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
  const other = await app.addUser("ben@tautoko.test", ["staff"]);
  await app.addUser("mere@tautoko.test", ["procurement_manager"]);
  await logRequestAs(app, staff, "Acme Ltd");
  await logRequestAs(app, staff, "ACME Limited");
  const email = await app.db.selectFrom("outbox").select("id").orderBy("id").executeTakeFirstOrThrow();
  return { admin, staff, other, emailId: String(email.id) };
}

function routes(w: Awaited<ReturnType<typeof world>>): { loaders: LoaderCase[]; actions: ActionCase[] } {
  const u = String(w.staff.id);
  return {
    loaders: [
      ["/admin", homeLoader, {}],
      ["/admin/users", usersLoader, {}],
      ["/admin/users/new", newUserLoader, {}],
      [`/admin/users/${u}`, userLoader, { id: u }],
      ["/admin/suppliers", suppliersLoader, {}],
      ["/admin/suppliers/1", supplierLoader, { id: "1" }],
      ["/admin/reassign", reassignLoader, {}],
      ["/admin/outbox", outboxLoader, {}],
      [`/admin/outbox/${w.emailId}`, emailLoader, { id: w.emailId }],
    ],
    actions: [
      [
        "/admin/users/new",
        newUserAction,
        {},
        { email: "new@tautoko.test", name: "New", roles: ["admin"], password: "long enough password" },
      ],
      [`/admin/users/${u}`, userAction, { id: u }, { intent: "roles", roles: ["admin"] }],
      [`/admin/users/${u}`, userAction, { id: u }, { intent: "disable" }],
      ["/admin/suppliers/2", supplierAction, { id: "2" }, { intent: "update", name: "Renamed" }],
      ["/admin/suppliers/2", supplierAction, { id: "2" }, { intent: "merge", intoId: "1" }],
      ["/admin/reassign", reassignAction, {}, { fromUserId: u, toUserId: String(w.other.id) }],
    ],
  };
}

async function snapshot(app: TestApp) {
  return {
    audit: await auditCount(app),
    users: await app.db.selectFrom("users").select(["id", "active"]).orderBy("id").execute(),
    roles: await app.db
      .selectFrom("user_roles")
      .select(["user_id", "role"])
      .orderBy("user_id")
      .orderBy("role")
      .execute(),
    suppliers: await app.db.selectFrom("suppliers").selectAll().orderBy("id").execute(),
    requests: await app.db
      .selectFrom("requests")
      .select(["id", "requester_id", "supplier_id", "revision"])
      .orderBy("id")
      .execute(),
  };
}

describe("only administrators reach the administration pages", () => {
  it.each<[string, Role[]]>([
    ["staff", ["staff"]],
    ["a manager", ["procurement_manager", "staff"]],
    ["an auditor", ["auditor"]],
  ])("%s gets 403 from every admin loader and action, and changes nothing", async (_label, roles) => {
    const app = await createTestApp();
    const w = await world(app);
    const outsider = await app.addUser("outsider@tautoko.test", roles);
    const before = await snapshot(app);
    const { loaders, actions } = routes(w);
    for (const [path, loader, params] of loaders) {
      expect(statusOf(await load(app, loader, path, outsider, params)), `GET ${path}`).toBe(403);
    }
    for (const [path, action, params, fields] of actions) {
      expect(
        statusOf(await post(app, action, path, outsider, fields, params)),
        `POST ${path} ${JSON.stringify(fields)}`,
      ).toBe(403);
    }
    // Each refused post is itself an audit event (DESIGN.md), and nothing else changed.
    const refusals = await app.db
      .selectFrom("audit_events")
      .select(["action", "actor_id"])
      .where("action", "=", "access.refused")
      .execute();
    expect(refusals).toEqual(actions.map(() => ({ action: "access.refused", actor_id: outsider.id })));
    expect(await snapshot(app)).toEqual({ ...before, audit: before.audit + actions.length });
  });

  it("an administrator reaches every loader", async () => {
    const app = await createTestApp();
    const w = await world(app);
    for (const [path, loader, params] of routes(w).loaders) {
      expect(statusOf(await load(app, loader, path, w.admin, params)), `GET ${path}`).toBe(200);
    }
  });

  it("anonymous visitors are sent to sign in", async () => {
    const app = await createTestApp();
    const w = await world(app);
    for (const [path, loader, params] of routes(w).loaders) {
      const result = await load(app, loader, path, null, params);
      expect(statusOf(result), `GET ${path}`).toBe(302);
      expect(location(result)).toBe(`/login?redirectTo=${encodeURIComponent(path)}`);
    }
  });

  it("an administrator's post from another origin or without the session's CSRF token is refused", async () => {
    const app = await createTestApp();
    const w = await world(app);
    const before = await snapshot(app);
    for (const [path, action, params, fields] of routes(w).actions) {
      const foreign = await call(() =>
        action({
          request: app.request(path, {
            user: w.admin,
            body: adminForm(w.admin, fields),
            origin: "https://evil.example",
          }),
          params,
          context: app.context,
        }),
      );
      expect(statusOf(foreign), `foreign POST ${path}`).toBe(403);
      const forged: TestUser = { ...w.admin, csrf: "forged" };
      expect(statusOf(await post(app, action, path, forged, fields, params)), `forged POST ${path}`).toBe(403);
    }
    expect(await snapshot(app)).toEqual(before);
  });
});
