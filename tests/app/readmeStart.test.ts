import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";
import { startApp, type RunningApp } from "../helpers/server";

const readme = fs.readFileSync(path.join(PROJECT_ROOT, "README.md"), "utf8");

/** The demo accounts as the README lists them: rows of `| \`email\` | roles | … |`. */
function readmeAccounts(): string[] {
  return [...readme.matchAll(/^\| `([^`\s]+@[^`\s]+)` \|/gm)].map((m) => m[1]!);
}

describe("the README's first command", () => {
  let app: RunningApp;
  beforeAll(async () => {
    app = await startApp();
  }, 180_000);
  afterAll(async () => {
    await app?.stop();
  });

  it("serves the app and every demo account the README lists can sign in", async () => {
    const accounts = readmeAccounts();
    expect(accounts.length).toBeGreaterThanOrEqual(4);
    const password = /password for all of them is `([^`]+)`/.exec(readme)?.[1];
    expect(password).toBeDefined();
    for (const email of accounts) {
      const response = await fetch(`${app.url}/login`, {
        method: "POST",
        headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
        body: new URLSearchParams({ email, password: password! }),
        redirect: "manual",
      });
      expect(response.status, `${email} signs in`).toBe(302);
      const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
      const home = await fetch(new URL(response.headers.get("location")!, app.url), { headers: { Cookie: cookie } });
      expect(home.status, `${email} sees their start page`).toBe(200);
    }
  });

  it("seeds requests that start escalated, with outcome decline", async () => {
    const response = await fetch(`${app.url}/login`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: app.url },
      body: new URLSearchParams({ email: "manager@tautoko.example", password: "tautoko-demo-2026" }),
      redirect: "manual",
    });
    const cookie = response.headers.get("set-cookie")!.split(";")[0]!;
    const queue = await (await fetch(`${app.url}/queue`, { headers: { Cookie: cookie } })).text();
    expect(queue).toContain("END-");
    expect(queue).toContain("Decline (default)");
  });

  it("prints how to sign in", () => {
    expect(app.output()).toContain("manager@tautoko.example");
  });
});
