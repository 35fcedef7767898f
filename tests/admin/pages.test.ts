import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from "~/demo/demoData";
import { startApp, type RunningApp } from "../helpers/server";

/**
 * The administration pages as a browser without JavaScript meets them: served
 * by `npm start` over the seeded demo, forms posted as plain HTML forms.
 */
let app: RunningApp;
let cookie = "";

beforeAll(async () => {
  app = await startApp();
  const signIn = await fetch(`${app.url}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ email: "admin@tautoko.example", password: DEMO_PASSWORD }),
  });
  expect(signIn.status).toBe(302);
  cookie = (signIn.headers.get("Set-Cookie") ?? "").split(";")[0]!;
});

afterAll(async () => {
  await app?.stop();
});

async function page(path: string): Promise<{ status: number; html: string }> {
  const res = await fetch(`${app.url}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
  return { status: res.status, html: await res.text() };
}

function csrfIn(html: string): string {
  const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error("no CSRF field on the page");
  return token;
}

describe("the administration pages, served", () => {
  it("every section renders for the demo administrator", async () => {
    for (const [path, heading] of [
      ["/admin", "Administration"],
      ["/admin/users", "Users and roles"],
      ["/admin/users/new", "Create an account"],
      ["/admin/suppliers", "Suppliers"],
      ["/admin/reassign", "Reassign a leaver&#x27;s requests"],
      ["/admin/outbox", "Mail outbox"],
    ] as const) {
      const { status, html } = await page(path);
      expect(status, path).toBe(200);
      expect(html, path).toContain(`<h1>${heading}</h1>`);
    }
  });

  it("previews an email's HTML in a sandboxed frame that runs no scripts, and its text in a pre", async () => {
    const list = await page("/admin/outbox");
    const id = /href="\/admin\/outbox\/(\d+)"/.exec(list.html)?.[1];
    expect(id).toBeDefined();
    const { status, html } = await page(`/admin/outbox/${id}`);
    expect(status).toBe(200);
    const iframe = /<iframe[^>]*>/.exec(html)?.[0] ?? "";
    expect(iframe).toContain('sandbox=""');
    expect(iframe).toContain("srcDoc=");
    expect(iframe).not.toMatch(/allow-scripts|allow-same-origin/);
    expect(html).toMatch(/<pre class="quote">/);
  });

  it("creates an account with a plain form post and shows it in the list", async () => {
    const form = await page("/admin/users/new");
    const body = new URLSearchParams({
      csrf: csrfIn(form.html),
      name: "Hine Te Ao",
      email: "hine@tautoko.example",
      password: "a long initial pass",
    });
    body.append("roles", "staff");
    body.append("roles", "auditor");
    const res = await fetch(`${app.url}/admin/users/new`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: app.url, "Content-Type": "application/x-www-form-urlencoded" },
      body,
    });
    expect(res.status).toBe(302);
    expect(res.headers.get("Location")).toBe("/admin/users?created=hine%40tautoko.example");
    const list = await page("/admin/users?created=hine%40tautoko.example");
    expect(list.html).toContain("Hine Te Ao");
    expect(list.html).toContain("Staff, Auditor");
  });

  it("offers no role controls on the administrator's own page", async () => {
    const list = await page("/admin/users");
    const adminName = DEMO_ACCOUNTS.find((a) => a.email === "admin@tautoko.example")!.name;
    const ownId = new RegExp(`href="/admin/users/(\\d+)">${adminName}<`).exec(list.html)?.[1];
    expect(ownId).toBeDefined();
    const own = await page(`/admin/users/${ownId ?? "0"}`);
    expect(own.status).toBe(200);
    expect(own.html).toContain("Nobody may change their own roles.");
    expect(own.html).not.toContain('name="roles"');
    expect(own.html).not.toContain("Disable this account");
  });
});
