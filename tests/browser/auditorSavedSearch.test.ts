import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { checkAccessibility, referenceByAsked, signIn, startBrowserApp } from "./helpers";

const browserApp = startBrowserApp();

/** The demo request whose comments say "Acme rang again today" (app/demo/seedDemo.server.ts). */
const ACME_QUOTE_ASKED =
  "Acme would like a quote from Kāinga Ora for their website and brochure, saying we are happy with their maintenance work in Porirua.";

const resultReferences = (page: Page) => page.locator("table.list tbody tr td:first-child a").allInnerTexts();
const savedSearches = (page: Page) => page.locator(".saved-searches li a").allInnerTexts();

/** Searches from the plain /audit page and waits for the results' address. */
async function search(page: Page) {
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/audit" && url.search !== ""),
    page.getByRole("button", { name: "Search", exact: true }).click(),
  ]);
  await page.getByRole("heading", { level: 1, name: "Audit: search requests" }).waitFor();
}

describe("the auditor's saved searches", () => {
  it("finds a request by words only in a comment, saves the search, and runs and deletes it after signing in again", async () => {
    const page = await browserApp.newPage();
    const acmeQuote = await referenceByAsked(browserApp.app, ACME_QUOTE_ASKED);
    await signIn(page, "auditor@tautoko.example");
    await page.goto("/audit");
    await page.getByLabel(/^Words/).fill("rang again");
    await search(page);
    expect(await resultReferences(page)).toEqual([acmeQuote]);
    const row = page.locator("table.list tbody tr").first();
    expect(await row.innerText()).toMatch(/Found in a comment by Aroha Ngata, \d{1,2} [A-Z][a-z]{2} \d{4}/);
    expect(await page.locator(".list-count").innerText()).toBe("Showing 1–1 of 1 matching requests.");

    await page.getByLabel("Save this search as").fill("Acme chasing");
    // The address does not change (the same search), so wait for what the post leads to.
    await page.getByRole("button", { name: "Save search", exact: true }).click();
    await page.getByRole("link", { name: "Acme chasing", exact: true }).waitFor();
    expect(await savedSearches(page)).toEqual(["Acme chasing"]);
    await checkAccessibility(page, "the audit search with a saved search, 1280 px");
    await page.setViewportSize({ width: 390, height: 844 });
    await checkAccessibility(page, "the audit search with a saved search, 390 px");
    await page.setViewportSize({ width: 1280, height: 900 });

    // Signed out and in again: the saved search is still theirs, and runs in a click.
    await Promise.all([
      page.waitForURL((url) => url.pathname === "/login"),
      page.getByRole("button", { name: "Sign out" }).click(),
    ]);
    await signIn(page, "auditor@tautoko.example");
    await page.goto("/audit");
    expect(await resultReferences(page)).not.toEqual([acmeQuote]);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("q") === "rang again"),
      page.getByRole("link", { name: "Acme chasing", exact: true }).click(),
    ]);
    await page.locator("table.list tbody tr").first().waitFor();
    expect(await resultReferences(page)).toEqual([acmeQuote]);
    expect(await page.getByLabel(/^Words/).inputValue()).toBe("rang again");

    // Nobody else sees it: a manager, who can use /audit too, has none.
    const manager = await browserApp.newPage();
    await signIn(manager, "manager@tautoko.example");
    await manager.goto("/audit");
    await manager.getByRole("heading", { level: 2, name: "Your saved searches" }).waitFor();
    expect(await savedSearches(manager)).toEqual([]);
    await manager.context().close();

    await page.getByRole("button", { name: "Delete the saved search Acme chasing", exact: true }).click();
    await page.getByText("None yet.").waitFor();
    expect(await savedSearches(page)).toEqual([]);
    await page.context().close();
  }, 90_000);
});
