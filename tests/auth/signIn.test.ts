import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { startSession } from "~/auth/session.server";
import { ConfigError, loadConfig } from "~/config.server";
import { action as loginAction } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { loader as myRequestsLoader } from "~/routes/requests._index";
import { PROJECT_ROOT } from "~/cli/paths";
import { call, createTestApp, dataOf, statusOf, TEST_PASSWORD, type TestApp } from "../helpers/app";

function loginForm(email: string, password: string) {
  return new URLSearchParams({ email, password, redirectTo: "" });
}

async function login(app: TestApp, email: string, password: string) {
  return call(() =>
    loginAction({
      request: app.request("/login", { body: loginForm(email, password) }),
      params: {},
      context: app.context,
    }),
  );
}

async function myRequests(app: TestApp, cookie: string) {
  const request = new Request("http://tautoko.test/requests", { headers: { Cookie: cookie } });
  return call(() => myRequestsLoader({ request, params: {}, context: app.context }));
}

describe("passwords and sign-in", () => {
  it("stores argon2id hashes with the parameters asked for", async () => {
    const app = await createTestApp();
    const user = await app.addUser("aroha@tautoko.test", ["staff"]);
    const { password_hash } = await app.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", user.id)
      .executeTakeFirstOrThrow();
    expect(password_hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
  });

  it("signs in with a new session id every time, and signing out deletes the session row", async () => {
    const app = await createTestApp();
    await app.addUser("aroha@tautoko.test", ["staff"]);
    await app.db.deleteFrom("sessions").execute();
    const first = (await login(app, "Aroha@Tautoko.test", TEST_PASSWORD)) as Response;
    const second = (await login(app, "aroha@tautoko.test", TEST_PASSWORD)) as Response;
    expect(first.status).toBe(302);
    expect(first.headers.get("Location")).toBe("/requests");
    const cookieA = first.headers.get("Set-Cookie")!;
    const cookieB = second.headers.get("Set-Cookie")!;
    expect(cookieA).toMatch(/HttpOnly/);
    expect(cookieA).toMatch(/SameSite=Lax/);
    expect(cookieA).not.toMatch(/Secure/); // plain http outside production
    expect(cookieA.split(";")[0]).not.toBe(cookieB.split(";")[0]);
    expect(await app.db.selectFrom("sessions").select("id").execute()).toHaveLength(2);

    const cookie = cookieA.split(";")[0]!;
    expect(statusOf(await myRequests(app, cookie))).toBe(200);
    const out = (await call(() =>
      logoutAction({
        request: new Request("http://tautoko.test/logout", {
          method: "POST",
          headers: { Cookie: cookie, Origin: "http://tautoko.test" },
        }),
        params: {},
        context: app.context,
      }),
    )) as Response;
    expect(out.headers.get("Location")).toBe("/login");
    expect(await app.db.selectFrom("sessions").select("id").execute()).toHaveLength(1);
    expect(statusOf(await myRequests(app, cookie))).toBe(302); // back to sign-in
  });

  it("answers the same for an unknown account and a wrong password, and audits both", async () => {
    const app = await createTestApp();
    await app.addUser("aroha@tautoko.test", ["staff"]);
    const wrong = await login(app, "aroha@tautoko.test", "not the password");
    const unknown = await login(app, "nobody@tautoko.test", "not the password");
    expect(statusOf(wrong)).toBe(401);
    expect(statusOf(unknown)).toBe(401);
    expect(dataOf(wrong)).toEqual(dataOf(unknown));
    const failures = await app.db
      .selectFrom("audit_events")
      .select("action")
      .where("action", "=", "auth.sign_in_failed")
      .execute();
    expect(failures).toHaveLength(2);
  });

  it("ends a session after 30 idle minutes", async () => {
    const app = await createTestApp();
    const user = await app.addUser("aroha@tautoko.test", ["staff"]);
    app.advance(29 * 60 * 1000);
    expect(statusOf(await myRequests(app, user.cookie))).toBe(200);
    app.advance(29 * 60 * 1000); // 29 minutes after the last visit: still fine
    expect(statusOf(await myRequests(app, user.cookie))).toBe(200);
    app.advance(31 * 60 * 1000);
    expect(statusOf(await myRequests(app, user.cookie))).toBe(302);
    expect(await app.db.selectFrom("sessions").select("id").where("user_id", "=", user.id).execute()).toHaveLength(0);
  });

  it("ends a session 12 hours after sign-in however active it is", async () => {
    const app = await createTestApp();
    const user = await app.addUser("aroha@tautoko.test", ["staff"]);
    for (let minutes = 20; minutes < 12 * 60; minutes += 20) {
      app.advance(20 * 60 * 1000);
      expect(statusOf(await myRequests(app, user.cookie))).toBe(200);
    }
    app.advance(21 * 60 * 1000); // 12 h 1 min after sign-in
    expect(statusOf(await myRequests(app, user.cookie))).toBe(302);
  });

  it("uses a Secure __Host- cookie in production", async () => {
    const app = await createTestApp();
    const user = await app.addUser("aroha@tautoko.test", ["staff"]);
    const production = loadConfig({
      NODE_ENV: "production",
      SESSION_SECRET: "s".repeat(40),
      APP_URL: "https://tautoko.example.govt.nz",
    });
    const cookie = await startSession({ ...app.context, config: production }, user.id);
    expect(cookie).toMatch(/^__Host-tautoko_session=/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).toMatch(/; HttpOnly/);
  });
});

describe("configuration", () => {
  it("refuses production without SESSION_SECRET and APP_URL, saying so", () => {
    expect(() => loadConfig({ NODE_ENV: "production" })).toThrow(ConfigError);
    try {
      loadConfig({ NODE_ENV: "production" });
    } catch (e) {
      expect((e as Error).message).toMatch(/SESSION_SECRET is required/);
      expect((e as Error).message).toMatch(/APP_URL is required/);
    }
    expect(() =>
      loadConfig({ NODE_ENV: "production", SESSION_SECRET: "s".repeat(40), APP_URL: "https://x.example" }),
    ).not.toThrow();
    expect(() => loadConfig({ PORT: "ninety" })).toThrow(/PORT/);
    expect(() => loadConfig({ SMTP_URL: "http://mail" })).toThrow(/SMTP_URL/);
  });

  it("`npm start` with NODE_ENV=production and no secrets exits with the message", () => {
    const result = spawnSync("npm", ["start"], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        NODE_ENV: "production",
        SESSION_SECRET: "",
        APP_URL: "",
        DATABASE_PATH: "/nonexistent/never.sqlite",
      },
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/SESSION_SECRET is required when NODE_ENV=production/);
    expect(result.stderr).toMatch(/APP_URL is required when NODE_ENV=production/);
  });
});
