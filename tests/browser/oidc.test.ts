import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startApp, type RunningApp } from "../helpers/server";
import { startTestProvider, TEST_GROUPS, TEST_ROLE_MAP, type TestProvider } from "../helpers/oidcProvider";
import { launchChromium } from "~/cli/chromium";
import { checkAccessibility, signIn, withDatabase } from "./helpers";
import type { Browser } from "playwright-core";

/**
 * The journeys through a real OpenID provider's login page: `npm start` with
 * the OIDC settings, the provider (oidc-provider) on loopback, Chromium.
 */

let app: RunningApp;
let provider: TestProvider;
let browser: Browser;

beforeAll(async () => {
  const providerPort = await freePort();
  const issuer = `http://127.0.0.1:${providerPort}`;
  [app, browser] = await Promise.all([
    startApp({
      OIDC_ISSUER: issuer,
      OIDC_CLIENT_ID: "tautoko-test",
      OIDC_CLIENT_SECRET: "tautoko-test-secret-0123456789abcdef",
      OIDC_ROLE_MAP: TEST_ROLE_MAP,
      OIDC_NAME: "Agency account",
      OIDC_ACCESS_CONTACT: "the Procurement team's directory administrator",
    }),
    launchChromium(),
  ]);
  provider = await startTestProvider({
    appUrl: app.url,
    port: providerPort,
    people: {
      aroha: { email: "aroha@agency.govt.nz", name: "Aroha Ngata", groups: [TEST_GROUPS.staff] },
      mere: { email: "mere@agency.govt.nz", name: "Mere Tane", groups: [TEST_GROUPS.manager] },
      tane: { email: "tane@agency.govt.nz", name: "Tāne Rua", groups: [TEST_GROUPS.auditor] },
      rawiri: { email: "rawiri@agency.govt.nz", name: "Rawiri Paki", groups: ["grp-unrelated"] },
    },
  });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await provider?.stop();
  await app?.stop();
});

async function newPage(): Promise<Page> {
  const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(10_000);
  return context.newPage();
}

/** From the sign-in page, through the provider's own login page, back to Tautoko. */
async function signInAtProvider(page: Page, login: string): Promise<void> {
  await page.goto("/login");
  await page.getByRole("link", { name: "Sign in with Agency account" }).click();
  await page.waitForURL((url) => url.origin === provider.issuer);
  await page.locator("input[name=login]").fill(login);
  await page.locator("input[name=password]").fill("any password");
  await Promise.all([
    // The callback redirects on success, so the page commits where the sign-in lands.
    page.waitForURL((url) => url.origin === app.url),
    page.getByRole("button", { name: "Sign-in" }).click(),
  ]);
}

async function navigationOf(page: Page): Promise<string[]> {
  // The menu's items; the signed-in person's name beside them links to their account.
  return page.getByRole("navigation", { name: "Main" }).getByRole("list").getByRole("link").allInnerTexts();
}

function rolesOf(email: string) {
  return withDatabase(app, async (db) => {
    const rows = await db
      .selectFrom("user_roles")
      .innerJoin("users", "users.id", "user_roles.user_id")
      .select("role")
      .where("users.email", "=", email)
      .execute();
    return rows.map((r) => r.role).sort();
  });
}

describe("signing in with the agency's account", () => {
  it("lands a member of staff on their requests, as staff", async () => {
    const page = await newPage();
    await signInAtProvider(page, "aroha");
    expect(new URL(page.url()).pathname).toBe("/requests");
    await expect(page.locator(".site-nav__user").innerText()).resolves.toBe("Aroha Ngata");
    expect(await navigationOf(page)).toEqual(["Log a request", "My requests"]);
    expect(await rolesOf("aroha@agency.govt.nz")).toEqual(["staff"]);
  });

  it("lands an auditor with the auditor's pages only", async () => {
    const page = await newPage();
    await signInAtProvider(page, "tane");
    expect(await navigationOf(page)).toEqual(["All requests", "Register", "Audit"]);
    expect(await rolesOf("tane@agency.govt.nz")).toEqual(["auditor"]);
  });

  it("lands a manager as a manager; signs out at the provider too; a group removed there is gone at the next sign-in, audited", async () => {
    const page = await newPage();
    await signInAtProvider(page, "mere");
    expect(await navigationOf(page)).toContain("Decision queue");
    expect(await rolesOf("mere@agency.govt.nz")).toEqual(["procurement_manager", "staff"]);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL((url) => url.origin === provider.issuer);
    await Promise.all([
      page.waitForURL((url) => url.origin === app.url && url.pathname === "/login"),
      page.getByRole("button", { name: "Yes, sign me out" }).click(),
    ]);
    await page.goto("/queue");
    expect(new URL(page.url()).pathname).toBe("/login");

    provider.people.set("mere", { ...provider.people.get("mere")!, groups: [TEST_GROUPS.staff] });
    await signInAtProvider(page, "mere");
    expect(await navigationOf(page)).not.toContain("Decision queue");
    expect(await rolesOf("mere@agency.govt.nz")).toEqual(["staff"]);
    const removal = await withDatabase(app, (db) =>
      db
        .selectFrom("audit_events")
        .select("payload")
        .where("action", "=", "user.role_removed")
        .orderBy("seq", "desc")
        .executeTakeFirstOrThrow(),
    );
    expect(JSON.parse(removal.payload)).toMatchObject({ role: "procurement_manager", source: "identity provider" });
  });

  it("still signs in the demo's local accounts with their passwords beside the provider", async () => {
    const page = await newPage();
    await signIn(page, "auditor@tautoko.example");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Audit" }).waitFor();
    expect(await navigationOf(page)).toEqual(["All requests", "Register", "Audit"]);
  });
});

describe("when the provider does not let someone in", () => {
  it("tells someone with no mapped group whom to ask, and makes no account", async () => {
    const page = await newPage();
    await signInAtProvider(page, "rawiri");
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe(
      "You do not have access to Tautoko yet",
    );
    await expect(page.getByRole("alert").innerText()).resolves.toContain(
      "Ask the Procurement team's directory administrator to add you to the right group",
    );
    await checkAccessibility(page, "the no-access page");
    const account = await withDatabase(app, (db) =>
      db.selectFrom("users").select("id").where("email", "=", "rawiri@agency.govt.nz").executeTakeFirst(),
    );
    expect(account).toBeUndefined();
  });

  it("shows a plain page for a callback this browser never started (a forged or replayed one)", async () => {
    const page = await newPage();
    const response = await page.goto("/auth/oidc/callback?code=stolen&state=forged");
    expect(response?.status()).toBe(400);
    await expect(page.getByRole("heading", { level: 1 }).innerText()).resolves.toBe("Your sign-in did not complete");
    await page.getByRole("link", { name: "Back to the sign-in page" }).click();
    await page.waitForURL((url) => url.pathname === "/login");
  });
});
