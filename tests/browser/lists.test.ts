import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { DEMO_PASSWORD, checkAccessibility, signIn, startBrowserApp, withDatabase } from "./helpers";

/**
 * A manager's and an auditor's week (issue 21, items 4, 6, 10 and 11): the
 * queue as a work list with claims, lists that say how many, the register's
 * views, accounts, and the same pages on a 390 px phone.
 */

const browserApp = startBrowserApp();
/** expect.poll waits 1 s by default; a page on a busy machine may take longer to answer. */
const POLL = { timeout: 15_000 };
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

/** The page scrolls sideways when its content is wider than the window. */
const sidewaysOverflow = (page: Page) =>
  page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

/** axe at 1280 px and at 390 px, and no sideways scrolling on the phone; leaves the page at 1280 px. */
async function checkBothWidths(page: Page, label: string): Promise<void> {
  await page.setViewportSize(DESKTOP);
  await checkAccessibility(page, `${label} at 1280 px`);
  await page.setViewportSize(PHONE);
  await checkAccessibility(page, `${label} at 390 px`);
  expect(await sidewaysOverflow(page), `${label} scrolls sideways at 390 px`).toBe(0);
  await page.setViewportSize(DESKTOP);
}

/** Every cell of the first row is inside the window (what a phone user sees without scrolling sideways). */
async function firstRowCellsFit(page: Page, labels: readonly string[]): Promise<void> {
  for (const label of labels) {
    const box = await page.locator(`table.list tbody tr`).first().locator(`td[data-label="${label}"]`).boundingBox();
    expect(box, `${label} is shown`).not.toBeNull();
    expect(box!.x + box!.width, `${label} fits the width`).toBeLessThanOrEqual(PHONE.width);
  }
}

describe("the decision queue as a work list", () => {
  it("shows who is handling what to the other managers, filters, and fits a phone", async () => {
    const mere = await browserApp.newPage();
    await signIn(mere, "manager@tautoko.example");
    await mere.goto("/queue");
    const countLine = await mere.locator(".list-count").innerText();
    const waiting = Number(/of (\d+) requests waiting/.exec(countLine)?.[1]);
    expect(waiting).toBeGreaterThan(0);
    expect(await mere.locator("table.list tbody tr").count()).toBe(waiting);
    // The navigation says the same number.
    const navItem = mere
      .getByRole("navigation", { name: "Main" })
      .getByRole("listitem")
      .filter({ hasText: "Decision queue" });
    expect(await navItem.locator(".nav-count").first().innerText()).toMatch(new RegExp(`^${waiting}\\b`));
    expect(await mere.locator("tbody tr").first().innerText()).toMatch(/working days? left/);

    const first = mere.locator("table.list tbody tr").first();
    const reference = await first.getByRole("link").first().innerText();
    await first.getByRole("button", { name: `I'm handling this ${reference}` }).click();
    await expect
      .poll(() => first.locator('td[data-label="Handled by"]').innerText(), POLL)
      .toContain("You are handling this");

    const tama = await browserApp.newPage();
    await signIn(tama, "manager2@tautoko.example");
    await tama.goto("/queue");
    const seen = tama.locator("table.list tbody tr", { hasText: reference });
    expect(await seen.innerText()).toContain("Mere Parata is handling this");
    await seen.getByRole("button", { name: `Release ${reference}` }).click();
    await expect.poll(() => seen.innerText(), POLL).toContain("Nobody yet");
    const released = await withDatabase(browserApp.app, (db) =>
      db.selectFrom("audit_events").select(["action", "payload"]).where("action", "like", "request.claim%").execute(),
    );
    expect(released.map((e) => e.action)).toEqual(["request.claimed", "request.claim_released"]);

    await mere.goto("/queue");
    await mere.getByLabel("State").selectOption({ label: "In review" });
    await mere.getByRole("button", { name: "Show" }).click();
    await mere.waitForURL(/state=in_review/);
    await expect
      .poll(() => mere.locator("p.meta", { hasText: "Showing" }).innerText(), { timeout: 10_000 })
      .toContain("In review");
    const states = await mere.locator('td[data-label="State"]').allInnerTexts();
    expect(states.length).toBeGreaterThan(0);
    expect(new Set(states)).toEqual(new Set(["In review"]));
    // The decision is one click away: the version review.
    await mere
      .getByRole("link", { name: /Review the version/ })
      .first()
      .click();
    await mere.waitForURL(/\/requests\/END-[^/]+\/review$/);

    await mere.goto("/queue");
    await checkBothWidths(mere, "the decision queue");
    await mere.setViewportSize(PHONE);
    await firstRowCellsFit(mere, ["Reference", "Supplier", "State", "Deadline"]);
  });
});

describe("lists with numbers, and the register", () => {
  it("says how many match on every list, and the register leads with what is in force", async () => {
    const page = await browserApp.newPage();
    await signIn(page, "manager@tautoko.example");
    for (const path of ["/requests/all", "/audit?q=Acme", "/register"]) {
      await page.goto(path);
      expect(await page.locator(".list-count").innerText(), path).toMatch(/^Showing 1–\d+ of \d+ /);
    }
    const states = await page.locator('table.register td[data-label="State"]').allInnerTexts();
    const firstNotInForce = states.findIndex((s) => s !== "In force");
    expect(states[0]).toBe("In force");
    expect(states.slice(firstNotInForce).includes("In force")).toBe(false);
    expect(await page.locator("table.register thead").innerText()).toMatch(
      /Approved by[\s\S]*Valid until[\s\S]*Review due/,
    );
    await checkBothWidths(page, "the register");

    await page.getByRole("link", { name: "Expired" }).click();
    await page.waitForURL(/view=expired/);
    // The view's data arrives a moment after the address changes on a loaded machine.
    await expect
      .poll(() => page.getByRole("link", { name: "Expired" }).getAttribute("aria-current"), { timeout: 10_000 })
      .toBe("page");
    expect(new Set(await page.locator('td[data-label="State"]').allInnerTexts())).toEqual(new Set(["Expired"]));

    // On a phone the register shows the approved text itself.
    await page.goto("/register");
    await page.setViewportSize(PHONE);
    const quote = page.locator("table.register blockquote").first();
    expect((await quote.innerText()).length).toBeGreaterThan(20);
    const box = await quote.boundingBox();
    expect(box!.x + box!.width).toBeLessThanOrEqual(PHONE.width);

    for (const path of ["/requests/all", "/audit?q=Acme"]) {
      await page.goto(path);
      await checkBothWidths(page, path);
    }

    // A supplier's page lists its requests, counted.
    await page.goto("/register");
    const supplier = page.locator('table.register td[data-label="Supplier"] a').first();
    const name = await supplier.innerText();
    await supplier.click();
    await page.waitForURL(/\/suppliers\/\d+$/);
    // A client-side navigation: the address changes before the new page is shown.
    await expect.poll(() => page.getByRole("heading", { level: 1 }).innerText(), POLL).toBe(name);
    expect(await page.locator(".list-count").innerText()).toMatch(/^Showing 1–\d+ of \d+ requests\.$/);
    const suppliers = new Set(await page.locator('td[data-label="Supplier"]').allInnerTexts());
    expect(suppliers).toEqual(new Set([name]));
    await checkBothWidths(page, "a supplier's requests");
  });

  it("fits the dossier on a phone", async () => {
    const page = await browserApp.newPage();
    await signIn(page, "auditor@tautoko.example");
    await page.goto("/audit?q=Acme");
    await page.locator("table.list tbody tr").first().getByRole("link").first().click();
    await page.waitForURL(/\/audit\/requests\/END-/);
    await checkBothWidths(page, "the dossier");
  });
});

describe("accounts", () => {
  it("a person changes their own password, and signs in with the new one", async () => {
    const page = await browserApp.newPage();
    await signIn(page, "staff2@tautoko.example");
    // Their name in the header leads to their account.
    await page.locator("a.site-nav__user").click();
    await page.waitForURL(/\/account$/);
    await checkBothWidths(page, "your account");
    await page.getByLabel("Current password").fill("not it at all");
    await page.locator("#newPassword").fill("harakeke in the wind 2027");
    await page.getByLabel("New password again").fill("harakeke in the wind 2027");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect
      .poll(() => page.locator("#currentPassword-error").innerText(), POLL)
      .toBe("That is not your current password.");

    await page.getByLabel("Current password").fill(DEMO_PASSWORD);
    await page.locator("#newPassword").fill("harakeke in the wind 2027");
    await page.getByLabel("New password again").fill("harakeke in the wind 2027");
    await page.getByRole("button", { name: "Change password" }).click();
    await expect.poll(() => page.locator("[role=status]").innerText(), POLL).toContain("Your password was changed.");

    const again = await browserApp.newPage();
    await signIn(again, "staff2@tautoko.example", "harakeke in the wind 2027");
    expect(new URL(again.url()).pathname).not.toBe("/login");
  });

  it("an admin sees a sign-in pause and lifts it", async () => {
    const guesser = await browserApp.newPage();
    for (let i = 0; i < 5; i++) {
      await guesser.goto("/login");
      await guesser.getByLabel("Email address").fill("auditor@tautoko.example");
      await guesser.getByLabel("Password").fill(`wrong guess ${i}`);
      await guesser.getByRole("button", { name: "Sign in" }).click();
      await guesser.locator("[role=alert]").first().waitFor();
    }

    const admin = await browserApp.newPage();
    await signIn(admin, "admin@tautoko.example");
    const id = await withDatabase(browserApp.app, async (db) => {
      const row = await db
        .selectFrom("users")
        .select("id")
        .where("email", "=", "auditor@tautoko.example")
        .executeTakeFirstOrThrow();
      return row.id;
    });
    await admin.goto(`/admin/users/${id}`);
    const panel = admin.locator("section", { has: admin.getByRole("heading", { name: "Sign-in pause" }) });
    expect(await panel.innerText()).toMatch(/5 wrong passwords, paused until/);
    await checkBothWidths(admin, "an account with a sign-in pause");
    await panel.getByRole("button", { name: "Lift the pause" }).click();
    await expect.poll(() => admin.locator("[role=status]").innerText(), POLL).toContain("The sign-in pause was lifted");
    expect(await panel.innerText()).toContain("Not paused");

    const auditor = await browserApp.newPage();
    await signIn(auditor, "auditor@tautoko.example");
    expect(new URL(auditor.url()).pathname).not.toBe("/login");
  });
});
