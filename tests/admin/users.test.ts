import { describe, expect, it } from "vitest";
import { verifyPassword } from "~/auth/password.server";
import { changeUserRoles, disableUser } from "~/commands/admin.server";
import { getRoles } from "~/models/users.server";
import { action as userAction, loader as userLoader } from "~/routes/admin.users.$id";
import { action as newUserAction } from "~/routes/admin.users.new";
import { loader as myRequestsLoader } from "~/routes/requests._index";
import { createTestApp, dataOf, statusOf } from "../helpers/app";
import { auditCount, auditEvents, load, location, post } from "./kit";

const NEW_USER = {
  email: "Tane.Mahuta@Kaingaora.example",
  name: "Tāne Mahuta",
  roles: ["staff", "auditor"],
  password: "a long initial pass",
};

describe("creating an account", () => {
  it("stores the person with an argon2id hash and their roles, and audits the creation and each grant", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);

    const result = await post(app, newUserAction, "/admin/users/new", admin, NEW_USER);
    expect(statusOf(result)).toBe(302);
    expect(location(result)).toBe("/admin/users?created=tane.mahuta%40kaingaora.example");

    const stored = await app.db
      .selectFrom("users")
      .selectAll()
      .where("email", "=", "tane.mahuta@kaingaora.example")
      .executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ name: "Tāne Mahuta", active: 1, disabled_at: null });
    expect(stored.password_hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
    expect(await verifyPassword(stored.password_hash, "a long initial pass")).toBe(true);
    expect(await getRoles(app.db, stored.id)).toEqual(["staff", "auditor"]);

    const created = await auditEvents(app, "user.created");
    expect(created.at(-1)).toMatchObject({
      actor_id: admin.id,
      actor_role: "admin",
      payload: { userId: stored.id, email: "tane.mahuta@kaingaora.example", name: "Tāne Mahuta" },
    });
    const grants = (await auditEvents(app, "user.role_granted")).filter((e) => e.payload.userId === stored.id);
    expect(grants.map((e) => [e.actor_id, e.payload.role])).toEqual([
      [admin.id, "staff"],
      [admin.id, "auditor"],
    ]);
  });

  const badInput: Array<[string, Record<string, string | string[]>, string, RegExp]> = [
    ["an email that is not one", { email: "tane at kaingaora" }, "email", /valid email/],
    ["a missing name", { name: "  " }, "name", /full name/],
    ["an 11-character password", { password: "elevenchars" }, "password", /at least 12 characters/],
    ["a missing password", { password: "" }, "password", /at least 12 characters/],
    ["an unknown role", { roles: ["staff", "superuser"] }, "roles", /Choose roles from the list/],
    ["no role at all", { roles: [] }, "roles", /at least one role/],
  ];

  it.each(badInput)(
    "refuses %s with 400 and a message beside the field, creating nothing",
    async (_label, override, field, message) => {
      const app = await createTestApp();
      const admin = await app.addUser("admin@tautoko.test", ["admin"]);
      const before = await auditCount(app);
      const result = await post(app, newUserAction, "/admin/users/new", admin, { ...NEW_USER, ...override });
      expect(statusOf(result)).toBe(400);
      expect(dataOf<{ fieldErrors: Record<string, string> }>(result).fieldErrors[field]).toMatch(message);
      // The password typed is never sent back into the page.
      expect(JSON.stringify(dataOf(result))).not.toContain("a long initial pass");
      expect(await app.db.selectFrom("users").select("id").where("email", "like", "tane%").execute()).toEqual([]);
      expect(await auditCount(app)).toBe(before);
    },
  );

  it("refuses an email address that already has an account", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    await app.addUser("tane.mahuta@kaingaora.example", ["staff"]);
    const result = await post(app, newUserAction, "/admin/users/new", admin, NEW_USER);
    expect(statusOf(result)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(result).fieldErrors.email).toBe(
      "An account with this email address already exists.",
    );
  });
});

describe("changing roles", () => {
  it("grants and removes roles, each its own audit event naming the person and the role", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    const aroha = await app.addUser("aroha@tautoko.test", ["staff", "auditor"]);

    const result = await post(
      app,
      userAction,
      `/admin/users/${aroha.id}`,
      admin,
      { intent: "roles", roles: ["staff", "procurement_manager"] },
      { id: String(aroha.id) },
    );
    expect(statusOf(result)).toBe(302);
    expect(location(result)).toBe(`/admin/users/${aroha.id}?done=roles`);
    expect(await getRoles(app.db, aroha.id)).toEqual(["staff", "procurement_manager"]);

    const granted = (await auditEvents(app, "user.role_granted")).filter((e) => e.actor_id === admin.id);
    const removed = await auditEvents(app, "user.role_removed");
    expect(granted.map((e) => ({ role: e.actor_role, payload: e.payload }))).toEqual([
      { role: "admin", payload: { userId: aroha.id, role: "procurement_manager" } },
    ]);
    expect(removed.map((e) => ({ actor: e.actor_id, role: e.actor_role, payload: e.payload }))).toEqual([
      { actor: admin.id, role: "admin", payload: { userId: aroha.id, role: "auditor" } },
    ]);
    const row = await app.db
      .selectFrom("user_roles")
      .selectAll()
      .where("user_id", "=", aroha.id)
      .where("role", "=", "procurement_manager")
      .executeTakeFirstOrThrow();
    expect(row.granted_by).toBe(admin.id);
  });

  it("nobody changes their own roles: 403, nothing changed, and the page offers no controls", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin", "staff"]);
    await app.addUser("other-admin@tautoko.test", ["admin"]);

    const page = dataOf<{ isSelf: boolean }>(
      await load(app, userLoader, `/admin/users/${admin.id}`, admin, { id: String(admin.id) }),
    );
    expect(page.isSelf).toBe(true);

    for (const roles of [["admin", "staff", "procurement_manager"], ["staff"]]) {
      const result = await post(
        app,
        userAction,
        `/admin/users/${admin.id}`,
        admin,
        { intent: "roles", roles },
        { id: String(admin.id) },
      );
      expect(statusOf(result)).toBe(403);
      expect(await (result as Response).text()).toBe(
        "Nobody may change their own roles. Ask another administrator to do it.",
      );
    }
    expect(await getRoles(app.db, admin.id)).toEqual(["staff", "admin"]);
    expect((await auditEvents(app, "user.role_granted")).filter((e) => e.actor_id === admin.id)).toEqual([]);
    expect(await auditEvents(app, "user.role_removed")).toEqual([]);
    // The refusal itself is on the record.
    const refused = await auditEvents(app, "admin.refused");
    expect(refused.map((e) => [e.actor_id, e.payload.attempted, e.payload.userId, e.payload.status])).toEqual([
      [admin.id, "user.roles_changed", admin.id, 403],
      [admin.id, "user.roles_changed", admin.id, 403],
    ]);
  });

  it("another admin may remove an administrator's role while one active administrator remains", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    const rangi = await app.addUser("rangi@tautoko.test", ["admin"]);
    const result = await post(
      app,
      userAction,
      `/admin/users/${rangi.id}`,
      admin,
      { intent: "roles", roles: ["auditor"] },
      { id: String(rangi.id) },
    );
    expect(statusOf(result)).toBe(302);
    expect(await getRoles(app.db, rangi.id)).toEqual(["auditor"]);
  });

  it("the last active administrator keeps the role and the account (rule checked in the command)", async () => {
    const app = await createTestApp();
    const onlyAdmin = await app.addUser("admin@tautoko.test", ["admin"]);
    // A disabled administrator does not count.
    const formerAdmin = await app.addUser("former@tautoko.test", ["admin"]);
    await app.db.updateTable("users").set({ active: 0 }).where("id", "=", formerAdmin.id).execute();

    const removed = await changeUserRoles(app.context, { id: formerAdmin.id }, onlyAdmin.id, ["staff"]);
    expect(removed).toMatchObject({ ok: false, status: 409 });
    const disabled = await disableUser(app.context, { id: formerAdmin.id }, onlyAdmin.id);
    expect(disabled).toMatchObject({ ok: false, status: 409 });

    expect(await getRoles(app.db, onlyAdmin.id)).toEqual(["admin"]);
    const row = await app.db
      .selectFrom("users")
      .select("active")
      .where("id", "=", onlyAdmin.id)
      .executeTakeFirstOrThrow();
    expect(row.active).toBe(1);
  });

  it("answers 400 for an unknown role or no roles, and for an unknown intent", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    const aroha = await app.addUser("aroha@tautoko.test", ["staff"]);
    const params = { id: String(aroha.id) };
    const unknown = await post(
      app,
      userAction,
      `/admin/users/${aroha.id}`,
      admin,
      { intent: "roles", roles: ["root"] },
      params,
    );
    expect(statusOf(unknown)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(unknown).fieldErrors.roles).toBe(
      "Choose roles from the list.",
    );
    const none = await post(app, userAction, `/admin/users/${aroha.id}`, admin, { intent: "roles" }, params);
    expect(statusOf(none)).toBe(400);
    const oddIntent = await post(app, userAction, `/admin/users/${aroha.id}`, admin, { intent: "promote" }, params);
    expect(statusOf(oddIntent)).toBe(400);
    expect(await getRoles(app.db, aroha.id)).toEqual(["staff"]);
  });

  it.each(["abc", "0", "-1", "1.5", "99999", "1e3"])("answers 404 for the user id %j in the address", async (id) => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    expect(statusOf(await load(app, userLoader, `/admin/users/${id}`, admin, { id }))).toBe(404);
    const posted = await post(app, userAction, `/admin/users/${id}`, admin, { intent: "disable" }, { id });
    expect(statusOf(posted)).toBe(404);
  });
});

describe("disabling and re-enabling an account", () => {
  it("a disabled person's sessions stop working at once, and re-enabling does not revive them", async () => {
    const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    const aroha = await app.addUser("aroha@tautoko.test", ["staff"]);
    expect(statusOf(await load(app, myRequestsLoader, "/requests", aroha))).toBe(200);

    app.advance(5 * 60 * 1000);
    const result = await post(
      app,
      userAction,
      `/admin/users/${aroha.id}`,
      admin,
      { intent: "disable" },
      { id: String(aroha.id) },
    );
    expect(statusOf(result)).toBe(302);
    expect(location(result)).toBe(`/admin/users/${aroha.id}?done=disabled`);

    const after = await load(app, myRequestsLoader, "/requests", aroha);
    expect(statusOf(after)).toBe(302);
    expect(location(after)).toBe("/login?redirectTo=%2Frequests");
    expect(await app.db.selectFrom("sessions").select("id").where("user_id", "=", aroha.id).execute()).toEqual([]);
    const row = await app.db
      .selectFrom("users")
      .select(["active", "disabled_at"])
      .where("id", "=", aroha.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ active: 0, disabled_at: "2026-11-24T22:05:00.000Z" });
    expect((await auditEvents(app, "user.disabled")).map((e) => [e.actor_id, e.actor_role, e.payload])).toEqual([
      [admin.id, "admin", { userId: aroha.id }],
    ]);

    const enabled = await post(
      app,
      userAction,
      `/admin/users/${aroha.id}`,
      admin,
      { intent: "enable" },
      { id: String(aroha.id) },
    );
    expect(statusOf(enabled)).toBe(302);
    const again = await app.db
      .selectFrom("users")
      .select(["active", "disabled_at"])
      .where("id", "=", aroha.id)
      .executeTakeFirstOrThrow();
    expect(again).toEqual({ active: 1, disabled_at: null });
    expect((await auditEvents(app, "user.enabled")).map((e) => [e.actor_id, e.payload])).toEqual([
      [admin.id, { userId: aroha.id }],
    ]);
    // The old cookie's session was deleted: they sign in again.
    expect(statusOf(await load(app, myRequestsLoader, "/requests", aroha))).toBe(302);
  });

  it("an administrator cannot disable themselves", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    await app.addUser("other-admin@tautoko.test", ["admin"]);
    const page = dataOf<{ disableBlockedBy: string | null }>(
      await load(app, userLoader, `/admin/users/${admin.id}`, admin, { id: String(admin.id) }),
    );
    expect(page.disableBlockedBy).toBe("You cannot disable your own account. Ask another administrator to do it.");

    const result = await post(
      app,
      userAction,
      `/admin/users/${admin.id}`,
      admin,
      { intent: "disable" },
      { id: String(admin.id) },
    );
    expect(statusOf(result)).toBe(403);
    expect(await (result as Response).text()).toBe(
      "You cannot disable your own account. Ask another administrator to do it.",
    );
    const row = await app.db
      .selectFrom("users")
      .select(["active", "disabled_at"])
      .where("id", "=", admin.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ active: 1, disabled_at: null });
    expect(await auditEvents(app, "user.disabled")).toEqual([]);
    expect(statusOf(await load(app, userLoader, `/admin/users/${admin.id}`, admin, { id: String(admin.id) }))).toBe(
      200,
    );
  });
});
