import type { AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { getSignedInUser } from "~/auth/session.server";
import { loadConfig } from "~/config.server";
import { setUserActive } from "~/models/users.server";
import { loader as callbackLoader } from "~/routes/auth.oidc_.callback";
import { loader as startLoader } from "~/routes/auth.oidc";
import { action as loginAction, loader as loginLoader } from "~/routes/login";
import { action as logoutAction } from "~/routes/logout";
import { freePort } from "../helpers/server";
import { createTestDb } from "../helpers/db";
import { call, createTestApp, dataOf, statusOf, TEST_PASSWORD } from "../helpers/app";
import {
  signInAtProvider,
  startTestProvider,
  TEST_GROUPS,
  TEST_ROLE_MAP,
  type TestProvider,
} from "../helpers/oidcProvider";

const APP_URL = "http://tautoko.test";

let provider: TestProvider;
beforeAll(async () => {
  provider = await startTestProvider({
    appUrl: APP_URL,
    people: {
      aroha: { email: "aroha@agency.govt.nz", name: "Aroha Ngata", groups: [TEST_GROUPS.staff] },
      mere: { email: "mere@agency.govt.nz", name: "Mere Tane", groups: [TEST_GROUPS.manager, "grp-unrelated"] },
      rawiri: { email: "rawiri@agency.govt.nz", name: "Rawiri Paki", groups: ["grp-unrelated"] },
      nameless: { email: "", name: "No Email", groups: [TEST_GROUPS.staff] },
    },
  });
});
afterAll(() => provider.stop());
beforeEach(() => {
  provider.tamper = null;
});

async function appContext(issuer = provider.issuer): Promise<AppLoadContext> {
  const { db, dir, file } = await createTestDb();
  const config = loadConfig({
    NODE_ENV: "test",
    APP_URL,
    DATABASE_PATH: file,
    EMAIL_DIR: `${dir}/eml`,
    OIDC_ISSUER: issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_ROLE_MAP: TEST_ROLE_MAP,
    OIDC_NAME: "Agency account",
  });
  return { db, config, now: () => new Date(), clientIp: "127.0.0.1" };
}

/** The app's redirect to the provider, with the cookie that binds the attempt to this browser. */
async function start(context: AppLoadContext) {
  const result = await startLoader({ request: new Request(`${APP_URL}/auth/oidc`), params: {}, context });
  if (!(result instanceof Response)) return { result, location: "", cookie: "" };
  return {
    result,
    location: result.headers.get("Location") ?? "",
    cookie: result.headers.get("Set-Cookie")!.split(";")[0]!,
  };
}

async function callback(context: AppLoadContext, url: string, cookie: string) {
  const request = new Request(url.replace(/^http:\/\/tautoko\.test/, APP_URL), { headers: { Cookie: cookie } });
  return callbackLoader({ request, params: {}, context });
}

/** A whole sign-in as `login`, with `alter` changing the authorization address or the callback on the way. */
async function signInAs(
  context: AppLoadContext,
  login: string,
  alter: { authorization?: (url: URL) => void; callback?: (url: URL) => void } = {},
) {
  const { location, cookie } = await start(context);
  const authorization = new URL(location);
  alter.authorization?.(authorization);
  const back = new URL(await signInAtProvider(authorization.href, login));
  alter.callback?.(back);
  return { result: await callback(context, back.href, cookie), authorization, callbackUrl: back.href, cookie };
}

async function counts(context: AppLoadContext) {
  const count = async (table: "users" | "identities" | "sessions" | "user_roles") =>
    Number(
      (
        await context.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    users: await count("users"),
    identities: await count("identities"),
    sessions: await count("sessions"),
    roles: await count("user_roles"),
  };
}

async function events(context: AppLoadContext) {
  const rows = await context.db
    .selectFrom("audit_events")
    .select(["action", "actor_id", "payload"])
    .orderBy("seq")
    .execute();
  return rows.map((r) => ({
    action: r.action,
    actorId: r.actor_id,
    payload: JSON.parse(r.payload) as Record<string, unknown>,
  }));
}

async function rolesOf(context: AppLoadContext, email: string) {
  const rows = await context.db
    .selectFrom("user_roles")
    .innerJoin("users", "users.id", "user_roles.user_id")
    .select("role")
    .where("users.email", "=", email)
    .orderBy("role")
    .execute();
  return rows.map((r) => r.role);
}

function sessionCookieOf(result: unknown): string {
  const cookies = (result as Response).headers.getSetCookie();
  return cookies.find((c) => c.startsWith("tautoko_session="))!.split(";")[0]!;
}

describe("signing in at the agency's OpenID provider", () => {
  it("creates the account at the first sign-in with the mapped roles, audited with the provider as source", async () => {
    const context = await appContext();
    const { result } = await signInAs(context, "aroha");

    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe("/requests");
    const request = new Request(`${APP_URL}/requests`, { headers: { Cookie: sessionCookieOf(result) } });
    const user = await getSignedInUser(request, context);
    expect(user).toMatchObject({ email: "aroha@agency.govt.nz", name: "Aroha Ngata", roles: ["staff"] });

    const identity = await context.db.selectFrom("identities").selectAll().executeTakeFirstOrThrow();
    expect(identity).toMatchObject({ issuer: provider.issuer, subject: "aroha", user_id: user!.id });
    const log = await events(context);
    expect(log.map((e) => e.action)).toEqual([
      "user.created",
      "user.role_granted",
      "user.identity_linked",
      "auth.signed_in",
    ]);
    expect(log[1]!.payload).toEqual({ userId: user!.id, role: "staff", source: "identity provider" });
    expect(log[3]).toMatchObject({ actorId: user!.id, payload: { method: "oidc", issuer: provider.issuer } });
  });

  it("re-syncs roles at every sign-in: a group removed at the provider removes the role, audited", async () => {
    const context = await appContext();
    await signInAs(context, "mere");
    expect(await rolesOf(context, "mere@agency.govt.nz")).toEqual(["procurement_manager", "staff"]);

    const mere = provider.people.get("mere")!;
    provider.people.set("mere", { ...mere, groups: [TEST_GROUPS.staff, TEST_GROUPS.auditor] });
    try {
      const { result } = await signInAs(context, "mere");
      expect(statusOf(result)).toBe(302);
    } finally {
      provider.people.set("mere", mere);
    }
    expect(await rolesOf(context, "mere@agency.govt.nz")).toEqual(["auditor", "staff"]);
    const changes = (await events(context)).filter((e) => e.action.startsWith("user.role_")).slice(-2);
    expect(changes).toEqual([
      {
        action: "user.role_granted",
        actorId: null,
        payload: expect.objectContaining({ role: "auditor", source: "identity provider" }),
      },
      {
        action: "user.role_removed",
        actorId: null,
        payload: expect.objectContaining({ role: "procurement_manager", source: "identity provider" }),
      },
    ]);
    expect(await counts(context)).toMatchObject({ users: 1, identities: 1, sessions: 2 });
  });

  it("makes no account for someone with no mapped role, and says whom to ask", async () => {
    const context = await appContext();
    const { result } = await signInAs(context, "rawiri");

    expect(statusOf(result)).toBe(403);
    expect(dataOf(result)).toMatchObject({ kind: "no_mapped_role", providerName: "Agency account" });
    expect(await counts(context)).toEqual({ users: 0, identities: 0, sessions: 0, roles: 0 });
    expect(await events(context)).toEqual([
      {
        action: "auth.oidc_sign_in_refused",
        actorId: null,
        payload: expect.objectContaining({
          reason: "no_mapped_role",
          subject: "rawiri",
          email: "rawiri@agency.govt.nz",
        }),
      },
    ]);
  });

  it("makes no account when the provider sends no email address", async () => {
    const context = await appContext();
    const { result } = await signInAs(context, "nameless");
    expect(statusOf(result)).toBe(403);
    expect(dataOf(result)).toMatchObject({ kind: "no_email" });
    expect(await counts(context)).toEqual({ users: 0, identities: 0, sessions: 0, roles: 0 });
    expect((await events(context)).map((e) => e.payload.reason)).toEqual(["no_email"]);
  });

  it("keeps an account disabled here disabled, whatever the provider says", async () => {
    const context = await appContext();
    await signInAs(context, "mere");
    const { id } = await context.db.selectFrom("users").select("id").executeTakeFirstOrThrow();
    await setUserActive(context.db, id, false, new Date());
    const before = await counts(context);

    const { result } = await signInAs(context, "mere");
    expect(statusOf(result)).toBe(403);
    expect(dataOf(result)).toMatchObject({ kind: "account_disabled" });
    expect(await counts(context)).toEqual(before);
    expect((await events(context)).at(-1)).toMatchObject({
      action: "auth.oidc_sign_in_refused",
      actorId: id,
      payload: { reason: "account_disabled" },
    });
  });
});

describe("signing out", () => {
  it("ends the session here, then sends the browser to sign out at the provider with the ID token as hint", async () => {
    const context = await appContext();
    const { result } = await signInAs(context, "aroha");
    const cookie = sessionCookieOf(result);
    const request = new Request(`${APP_URL}/logout`, { method: "POST", headers: { Cookie: cookie, Origin: APP_URL } });
    const signedOut = (await logoutAction({ request, params: {}, context })) as Response;

    const location = new URL(signedOut.headers.get("Location")!);
    expect(location.origin).toBe(provider.issuer);
    expect(location.searchParams.get("post_logout_redirect_uri")).toBe(`${APP_URL}/login`);
    const { last_id_token } = await context.db
      .selectFrom("identities")
      .select("last_id_token")
      .executeTakeFirstOrThrow();
    expect(location.searchParams.get("id_token_hint")).toBe(last_id_token);
    expect(await counts(context)).toMatchObject({ sessions: 0 });
  });

  it("keeps someone who signed in with a password on this site", async () => {
    const app = await createTestApp();
    const user = await app.addUser("kahu@agency.govt.nz", ["staff"]);
    const context = { ...app.context, config: { ...(await appContext()).config } };
    const signedOut = (await logoutAction({
      request: app.request("/logout", { method: "POST", user }),
      params: {},
      context,
    })) as Response;
    expect(signedOut.headers.get("Location")).toBe("/login");
  });
});

describe("hostile and broken answers end on a plain page, with nothing created and the refusal audited", () => {
  async function expectRefused(context: AppLoadContext, result: unknown, kind = "not_completed", status = 400) {
    expect(statusOf(result)).toBe(status);
    expect(dataOf(result)).toMatchObject({ kind });
    expect(await counts(context)).toEqual({ users: 0, identities: 0, sessions: 0, roles: 0 });
    const log = await events(context);
    expect(log.map((e) => e.action)).toEqual(["auth.oidc_sign_in_refused"]);
    return log[0]!.payload;
  }

  it("refuses a tampered state", async () => {
    const context = await appContext();
    const { result } = await signInAs(context, "aroha", { callback: (url) => url.searchParams.set("state", "forged") });
    expect(await expectRefused(context, result)).toMatchObject({
      reason: "response_refused",
      detail: expect.stringMatching(/state/i),
    });
  });

  it("refuses an ID token with a nonce other than the one this attempt sent", async () => {
    const context = await appContext();
    const { result } = await signInAs(context, "aroha", {
      authorization: (url) => url.searchParams.set("nonce", "a-nonce-of-the-attackers-choosing"),
    });
    expect(await expectRefused(context, result)).toMatchObject({ detail: expect.stringMatching(/nonce/i) });
  });

  it("refuses an ID token replaying the nonce of an earlier sign-in", async () => {
    const earlier = await appContext();
    const { authorization } = await signInAs(earlier, "aroha");
    const context = await appContext();
    const { result } = await signInAs(context, "aroha", {
      authorization: (url) => url.searchParams.set("nonce", authorization.searchParams.get("nonce")!),
    });
    expect(await expectRefused(context, result)).toMatchObject({ detail: expect.stringMatching(/nonce/i) });
  });

  it("refuses a callback replayed after it was used, and one this browser never started", async () => {
    const context = await appContext();
    const { callbackUrl, cookie } = await signInAs(context, "rawiri");
    const replayed = await callback(context, callbackUrl, cookie);
    expect(statusOf(replayed)).toBe(400);
    const foreign = await callback(context, callbackUrl, "");
    expect(dataOf(foreign)).toMatchObject({ kind: "not_completed" });
    const reasons = (await events(context)).map((e) => e.payload.reason);
    expect(reasons).toEqual(["no_mapped_role", "response_refused", "no_pending_sign_in"]);
    expect(await counts(context)).toEqual({ users: 0, identities: 0, sessions: 0, roles: 0 });
  });

  it.each([
    ["for another audience", (c: Record<string, unknown>) => ({ ...c, aud: "another-application" }), /aud/],
    ["from another issuer", (c: Record<string, unknown>) => ({ ...c, iss: "https://login.example.com/other" }), /iss/],
    [
      "that has expired",
      (c: Record<string, unknown>) => ({
        ...c,
        iat: Math.floor(Date.now() / 1000) - 7200,
        exp: Math.floor(Date.now() / 1000) - 3600,
      }),
      /exp/,
    ],
  ])("refuses an ID token %s, though signed with the provider's key", async (_what, change, detail) => {
    const context = await appContext();
    provider.tamper = { kind: "claims", change };
    const issued = provider.tokensIssued;
    const { result } = await signInAs(context, "aroha");
    expect(provider.tokensIssued).toBe(issued + 1);
    expect(await expectRefused(context, result)).toMatchObject({ detail: expect.stringMatching(detail) });
  });

  it("refuses an ID token signed with a key the provider does not publish", async () => {
    const context = await appContext();
    provider.tamper = { kind: "foreign-key" };
    const { result } = await signInAs(context, "aroha");
    expect(await expectRefused(context, result)).toMatchObject({ detail: expect.stringMatching(/signature/i) });
  });

  it("says the provider cannot be reached when it is down", async () => {
    const context = await appContext(`http://127.0.0.1:${await freePort()}`);
    const { result } = await start(context);
    expect(await expectRefused(context, result, "unreachable", 502)).toMatchObject({ reason: "provider_unreachable" });
  });
});

describe("LOCAL_PASSWORDS=off", () => {
  it("offers only the provider, and refuses a correct password posted anyway", async () => {
    const app = await createTestApp();
    const user = await app.addUser("kahu@agency.govt.nz", ["staff"]);
    const context = { ...app.context, config: { ...(await appContext()).config, localPasswords: false } };
    const page = await loginLoader({ request: app.request("/login"), params: {}, context });
    expect(page).toEqual({ providerName: "Agency account", localPasswords: false });

    const body = new URLSearchParams({ email: user.email, password: TEST_PASSWORD, redirectTo: "" });
    const result = await call(() => loginAction({ request: app.request("/login", { body }), params: {}, context }));
    expect(statusOf(result)).toBe(403);
    const signIns = await app.db
      .selectFrom("audit_events")
      .select("action")
      .where("action", "=", "auth.signed_in")
      .execute();
    expect(signIns).toEqual([]);
  });
});
