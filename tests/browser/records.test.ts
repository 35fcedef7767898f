import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkAccessibility,
  logRequestInBrowser,
  openLoggingForm,
  recordPosts,
  signIn,
  startBrowserApp,
  withDatabase,
} from "./helpers";

/**
 * Records that stay true (issue 20, items 1 and 2): a typed NZBN never files
 * a request under another supplier without the person choosing it, and a
 * leaver's reassigned request still says who logged it.
 */

const browserApp = startBrowserApp();

/** Acme Building Services Ltd's NZBN in the demo data. */
const ACME_NZBN = "9429041234567";
const HELD = 'This NZBN is already "Acme Building Services Ltd": use it, or correct the NZBN.';

async function fillKowhai(page: Page, asked: string) {
  await page.getByLabel("Supplier name").fill("Kōwhai Ridge Engineering Ltd");
  await page.locator("#supplierNzbn").fill(ACME_NZBN);
  await page.getByLabel("Supplier contact email").fill("hello@kowhairidge.example");
  await page.getByLabel("What did they ask for?").selectOption({ label: "Case study" });
  await page.getByLabel("How did it arrive?").selectOption({ label: "Email" });
  await page.getByLabel("What exactly was asked?").fill(asked);
  await page.getByLabel("No conflict").check();
}

const logButton = (page: Page) => page.getByRole("button", { name: "Log request and escalate" });
const detail = (page: Page, term: string) => page.locator(`dt:text-is("${term}") + dd`).innerText();

function acmeRecord() {
  return withDatabase(browserApp.app, (db) =>
    db
      .selectFrom("suppliers")
      .select(["name", "nzbn", "contact_email"])
      .where("nzbn", "=", ACME_NZBN)
      .executeTakeFirstOrThrow(),
  );
}

describe("a typed NZBN that belongs to another supplier", () => {
  it("without JavaScript: the form says whose it is before saving, keeps what was typed, and a corrected NZBN logs it", async () => {
    const page = await browserApp.newPage({ javaScriptEnabled: false });
    await signIn(page, "staff@tautoko.example");
    await page.goto("/requests/new");
    await fillKowhai(page, "A case study of the Kōwhai Ridge retaining walls.");
    await logButton(page).click();
    await page.waitForLoadState();

    expect(new URL(page.url()).pathname).toBe("/requests/new");
    expect(await page.locator("#supplierNzbn-error").innerText()).toContain(HELD);
    expect(await page.getByLabel("Supplier name").inputValue()).toBe("Kōwhai Ridge Engineering Ltd");
    expect(await page.getByLabel("Supplier contact email").inputValue()).toBe("hello@kowhairidge.example");
    expect(await page.getByLabel("What exactly was asked?").inputValue()).toBe(
      "A case study of the Kōwhai Ridge retaining walls.",
    );

    await page.locator("#supplierNzbn").fill("");
    await Promise.all([page.waitForURL(/\/requests\/END-[^/?]+\?logged=1$/), logButton(page).click()]);
    expect(await detail(page, "Supplier")).toBe("Kōwhai Ridge Engineering Ltd");
    expect(await detail(page, "Contact the request arrived with")).toBe("hello@kowhairidge.example");
  }, 45_000);

  it("with JavaScript: says so as it is typed, posts nothing until the person chooses, then files it under the holder", async () => {
    const before = await acmeRecord();
    const page = await browserApp.newPage();
    await signIn(page, "staff@tautoko.example");
    await openLoggingForm(page);
    const posts = recordPosts(page);
    await fillKowhai(page, "A case study for the Kōwhai Ridge brochure.");
    await expect.poll(() => page.locator("#supplierNzbn-error").innerText()).toContain(HELD);
    await checkAccessibility(page, "logging form with a held NZBN");

    await logButton(page).click();
    await page.waitForTimeout(300);
    expect(posts).toEqual([]);

    await page.getByLabel(/File this request under .Acme Building Services Ltd./).check();
    await Promise.all([page.waitForURL(/\/requests\/END-[^/?]+\?logged=1$/), logButton(page).click()]);
    const reference = /\/requests\/(END-[^/?]+)/.exec(page.url())![1]!;
    expect(await detail(page, "Supplier")).toBe("Acme Building Services Ltd");
    expect(await detail(page, "Contact the request arrived with")).toBe("hello@kowhairidge.example");
    expect(await acmeRecord()).toEqual(before);

    // The correction page can move it to the right supplier; the timeline says from which to which.
    await page.goto(`/requests/${reference}/edit`);
    await page.locator("#supplierId").selectOption({ label: "Southern Insulation Co" });
    await Promise.all([
      page.waitForURL(new RegExp(`/requests/${reference}\\?done=correct$`)),
      page.getByRole("button", { name: "Save corrections" }).click(),
    ]);
    expect(await detail(page, "Supplier")).toBe("Southern Insulation Co");
    expect(await page.locator("body").innerText()).toContain(
      "corrected the supplier (from Acme Building Services Ltd to Southern Insulation Co)",
    );
  }, 60_000);
});

describe("reassigning a leaver's requests", () => {
  it("keeps who logged it, shows who follows it now, tells the timeline from whom to whom, and emails the new owner", async () => {
    const [leaver, admin, manager] = await Promise.all([
      browserApp.newPage(),
      browserApp.newPage(),
      browserApp.newPage(),
    ]);
    await Promise.all([
      signIn(leaver, "staff2@tautoko.example"),
      signIn(admin, "admin@tautoko.example"),
      signIn(manager, "manager@tautoko.example"),
    ]);
    const reference = await logRequestInBrowser(leaver, {
      supplierName: "Tōtara Scaffolding Ltd",
      asked: "A written reference from Ben's last project.",
    });

    const idOf = (email: string) =>
      withDatabase(browserApp.app, async (db) =>
        String((await db.selectFrom("users").select("id").where("email", "=", email).executeTakeFirstOrThrow()).id),
      );
    await admin.goto("/admin/reassign");
    await admin.getByLabel("Whose requests").selectOption(await idOf("staff2@tautoko.example"));
    await admin.getByLabel("Pass them to").selectOption(await idOf("staff@tautoko.example"));
    // Ben is still active: refused until the same step disables the account.
    await admin.getByRole("button", { name: "Reassign their undecided requests" }).click();
    await expect.poll(() => admin.getByRole("alert").first().innerText()).toContain("still active");
    await admin.getByLabel(/Also disable their account now/).check();
    await Promise.all([
      admin.waitForURL(/\/admin\/reassign\?moved=\d+$/),
      admin.getByRole("button", { name: "Reassign their undecided requests" }).click(),
    ]);
    await checkAccessibility(admin, "reassign page after moving");

    await manager.goto(`/requests/${reference}`);
    const header = await manager.locator(".page-header p").first().innerText();
    expect(header).toContain("logged by Ben Taylor");
    expect(header).toContain("now followed by Aroha Ngata");
    expect(await detail(manager, "Logged")).toContain("by Ben Taylor");
    expect(await detail(manager, "Now followed by")).toContain("Aroha Ngata");
    expect(await detail(manager, "Conflict of interest declared by Ben Taylor when logging")).toBe("None declared");
    expect(await manager.locator("body").innerText()).toContain(
      "passed the request from Ben Taylor to Aroha Ngata, who now follows it.",
    );

    const emails = await withDatabase(browserApp.app, (db) =>
      db
        .selectFrom("outbox")
        .innerJoin("requests", "requests.id", "outbox.request_id")
        .select(["outbox.to_addresses", "outbox.subject"])
        .where("outbox.template", "=", "request-reassigned")
        .where("requests.reference", "=", reference)
        .execute(),
    );
    expect(emails.map((e) => JSON.parse(e.to_addresses))).toEqual([["staff@tautoko.example"]]);
    expect(emails[0]?.subject).toContain(`${reference}: you now follow`);
  }, 60_000);
});
