import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "#db/client";
import { startApp, type RunningApp } from "../helpers/server";

describe("security headers and cross-site posts (development server)", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("sends a CSP whose nonce is on every script, and the other headers", async () => {
    const response = await fetch(`${app.url}/login`);
    const csp = response.headers.get("content-security-policy")!;
    const nonce = /script-src 'self' 'nonce-([A-Za-z0-9+/=]+)'/.exec(csp)?.[1];
    expect(nonce).toBeDefined();
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("referrer-policy")).toBe("same-origin");
    expect(response.headers.get("strict-transport-security")).toBeNull(); // only in production
    const html = await response.text();
    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    // A second response gets a different nonce.
    const again = (await fetch(`${app.url}/login`)).headers.get("content-security-policy")!;
    expect(again).not.toContain(nonce!);
  });

  it("refuses a cross-site form post with 403, audits it, and changes nothing", async () => {
    const response = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ email: "staff@tautoko.example", password: "tautoko-demo-2026" }),
      redirect: "manual",
    });
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
    const noOrigin = await fetch(`${app.url}/requests/new`, {
      method: "POST",
      body: new URLSearchParams({ supplierName: "x" }),
      redirect: "manual",
    });
    expect(noOrigin.status).toBe(403);

    const db = openDatabase(app);
    try {
      const refused = await db
        .selectFrom("audit_events")
        .select(["payload"])
        .where("action", "=", "security.cross_site_post_refused")
        .execute();
      expect(refused.map((r) => JSON.parse(r.payload) as { path: string; origin: string | null })).toEqual([
        expect.objectContaining({ path: "/login", origin: "https://evil.example" }),
        expect.objectContaining({ path: "/requests/new", origin: null }),
      ]);
      const signIns = await db.selectFrom("sessions").select("id").execute();
      expect(signIns).toHaveLength(0);
    } finally {
      await db.destroy();
    }
  });

  it("answers a missing page or build file with a plain 404, and does not log it as an unexpected error", async () => {
    const page = await fetch(`${app.url}/no-such-page`);
    expect(page.status).toBe(404);
    expect(await page.text()).toContain("Page not found");
    const asset = await fetch(`${app.url}/build/no-such-file.js`);
    expect(asset.status).toBe(404);
    expect(asset.headers.get("content-type")).toMatch(/^text\/plain/);
    expect(app.output()).not.toContain("Unexpected error");
  });

  it("changes nothing on GET: visiting the logout address does not sign anyone out", async () => {
    const login = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ email: "staff@tautoko.example", password: "tautoko-demo-2026" }),
      redirect: "manual",
    });
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    await fetch(`${app.url}/logout`, { headers: { Cookie: cookie }, redirect: "manual" });
    const mine = await fetch(`${app.url}/requests`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(mine.status).toBe(200);
  });
});

describe("production headers", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp({ NODE_ENV: "production", SESSION_SECRET: "p".repeat(48) });
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("adds HSTS, and seeds nothing", async () => {
    const response = await fetch(`${app.url}/login`);
    expect(response.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
    const db = openDatabase(app);
    try {
      expect(await db.selectFrom("users").select("id").execute()).toHaveLength(0);
    } finally {
      await db.destroy();
    }
  });
});
