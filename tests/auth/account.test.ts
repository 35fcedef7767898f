import { describe, expect, it } from "vitest";
import { FREE_FAILURES, signIn } from "~/auth/signIn.server";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { action as adminUserAction, loader as adminUserLoader } from "~/routes/admin.users.$id";
import { loader as myRequestsLoader } from "~/routes/requests._index";
import { TEST_PASSWORD, createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";
import { auditEvents, load, location, post } from "../admin/kit";

const NEW_PASSWORD = "kōwhai tree in spring 2027";

function changePassword(app: TestApp, user: TestUser, fields: Record<string, string>) {
  return post(app, accountAction, "/account", user, fields);
}

const passwordWorks = (app: TestApp, email: string, password: string) =>
  signIn(app.context, { email, password }).then((r) => r.ok);

describe("changing one's own password", () => {
  it("asks for the current one, stores the new one, ends the other sessions and records it", async () => {
    const app = await createTestApp();
    const aroha = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha");
    const otherDevice = await app.signIn(aroha);

    const wrong = await changePassword(app, aroha, {
      currentPassword: "not my password",
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(statusOf(wrong)).toBe(400);
    expect(dataOf<{ fieldErrors: Record<string, string> }>(wrong).fieldErrors).toEqual({
      currentPassword: "That is not your current password.",
    });
    expect(await passwordWorks(app, aroha.email, TEST_PASSWORD)).toBe(true);

    const changed = await changePassword(app, aroha, {
      currentPassword: TEST_PASSWORD,
      newPassword: NEW_PASSWORD,
      confirmPassword: NEW_PASSWORD,
    });
    expect(statusOf(changed)).toBe(302);
    expect(location(changed)).toBe("/account?changed=1");
    expect(await passwordWorks(app, aroha.email, NEW_PASSWORD)).toBe(true);
    expect(await passwordWorks(app, aroha.email, TEST_PASSWORD)).toBe(false);
    const stored = await app.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", aroha.id)
      .executeTakeFirst();
    expect(stored?.password_hash).toMatch(/^\$argon2id\$/);

    // This browser stays signed in; the other device is signed out.
    expect(statusOf(await load(app, accountLoader, "/account", aroha))).toBe(200);
    expect(statusOf(await load(app, myRequestsLoader, "/requests", otherDevice))).toBe(302);

    expect((await auditEvents(app, "account.password_change_refused")).map((e) => e.payload.reason)).toEqual([
      "wrong current password",
    ]);
    const [event] = await auditEvents(app, "account.password_changed");
    expect(event).toMatchObject({ actor_id: aroha.id, payload: { otherSessionsEnded: 1 } });
    expect(JSON.stringify(event)).not.toContain(NEW_PASSWORD);
  });

  it("answers every problem beside its field, and changes nothing", async () => {
    const app = await createTestApp();
    const aroha = await app.addUser("aroha@tautoko.test", ["staff"]);
    const cases: Array<[Record<string, string>, Record<string, string>]> = [
      [{}, { currentPassword: "Enter your current password." }],
      [
        { currentPassword: TEST_PASSWORD, newPassword: "short", confirmPassword: "short" },
        { newPassword: "The new password must be at least 12 characters." },
      ],
      [
        { currentPassword: TEST_PASSWORD, newPassword: NEW_PASSWORD, confirmPassword: `${NEW_PASSWORD}!` },
        { confirmPassword: "The two new passwords are not the same." },
      ],
      [
        { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD, confirmPassword: TEST_PASSWORD },
        { newPassword: "Choose a new password that differs from the current one." },
      ],
    ];
    for (const [fields, expected] of cases) {
      const result = await changePassword(app, aroha, fields);
      expect(statusOf(result)).toBe(400);
      expect(dataOf<{ fieldErrors: Record<string, string> }>(result).fieldErrors).toMatchObject(expected);
    }
    expect(await passwordWorks(app, aroha.email, TEST_PASSWORD)).toBe(true);
  });

  it("is throttled like signing in, so it is no way round the pause", async () => {
    const app = await createTestApp();
    const aroha = await app.addUser("aroha@tautoko.test", ["staff"]);
    const guess = { currentPassword: "guess", newPassword: NEW_PASSWORD, confirmPassword: NEW_PASSWORD };
    for (let i = 0; i < FREE_FAILURES; i++) expect(statusOf(await changePassword(app, aroha, guess))).toBe(400);
    const paused = await changePassword(app, aroha, { ...guess, currentPassword: TEST_PASSWORD });
    expect(statusOf(paused)).toBe(429);
    expect(await passwordWorks(app, aroha.email, NEW_PASSWORD)).toBe(false);
  });
});

describe("an admin sees and lifts a sign-in pause", () => {
  it("shows where the account is paused, lifts it, and records who lifted it", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    const aroha = await app.addUser("aroha@tautoko.test", ["staff"]);
    const page = async () =>
      dataOf<Awaited<ReturnType<typeof adminUserLoader>>>(
        await load(app, adminUserLoader, `/admin/users/${aroha.id}`, admin, { id: String(aroha.id) }),
      );
    expect((await page()).pauses).toEqual([]);

    for (let i = 0; i < FREE_FAILURES; i++) await signIn(app.context, { email: aroha.email, password: "guess" });
    expect(await signIn(app.context, { email: aroha.email, password: TEST_PASSWORD })).toMatchObject({
      ok: false,
      reason: "throttled",
    });
    const { pauses } = await page();
    expect(pauses).toEqual([{ ip: "127.0.0.1", failures: FREE_FAILURES, until: expect.any(String) }]);

    const lifted = await post(
      app,
      adminUserAction,
      `/admin/users/${aroha.id}`,
      admin,
      { intent: "liftPause" },
      {
        id: String(aroha.id),
      },
    );
    expect(location(lifted)).toBe(`/admin/users/${aroha.id}?done=unpaused`);
    expect((await page()).pauses).toEqual([]);
    expect(await passwordWorks(app, aroha.email, TEST_PASSWORD)).toBe(true);

    const [event] = await auditEvents(app, "auth.sign_in_pause_lifted");
    expect(event).toMatchObject({
      actor_id: admin.id,
      actor_role: "admin",
      payload: { userId: aroha.id, addresses: ["127.0.0.1"], failuresForgotten: FREE_FAILURES },
    });
    // The failures themselves stay in the audit log.
    expect((await auditEvents(app, "auth.sign_in_failed")).length).toBeGreaterThan(0);
  });
});
