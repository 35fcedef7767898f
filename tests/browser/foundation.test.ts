import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { checkAccessibility, openLoggingForm, recordPosts, signIn, tabTo, startBrowserApp } from "./helpers";

const browserApp = startBrowserApp();

/** A request page's address after logging: /requests/END-…?logged=1 */
const LOGGED_REQUEST_PAGE = /\/requests\/(END-[^/?]+)\?logged=1$/;

function referenceIn(page: Page): string {
  const reference = LOGGED_REQUEST_PAGE.exec(page.url())?.[1];
  if (!reference) throw new Error(`Not on a newly logged request's page: ${page.url()}`);
  return reference;
}

/** Fills every required field with valid values, as a member of staff would with the mouse. */
async function fillRequiredFields(page: Page, supplierName: string) {
  await page.getByLabel("Supplier name").fill(supplierName);
  await page.getByLabel("What did they ask for?").selectOption({ label: "Written reference" });
  await page.getByLabel("How did it arrive?").selectOption({ label: "Email" });
  await page
    .getByLabel("What exactly was asked?")
    .fill("A written reference for their tender to Porirua City Council.");
  await page.getByLabel("No conflict").check();
}

async function submitLoggingForm(page: Page) {
  await page.getByRole("button", { name: "Log request and escalate" }).click();
}

/** Submits the form as a browser without JavaScript does, resolving with the server's answer to the POST. */
async function postNatively(page: Page) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === "/requests/new"),
    submitLoggingForm(page),
  ]);
  await page.waitForLoadState();
  return response;
}

const DATETIME_LOCAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** 09:30 NZ time a few days ago, as a datetime-local value: safely in the past. */
function nzDateTimeLocalDaysAgo(days: number): string {
  const day = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Pacific/Auckland",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return `${day.format(new Date(Date.now() - days * 24 * 60 * 60 * 1000))}T09:30`;
}

/** The logging form's summary names each missing required field once, with or without JavaScript. */
async function expectEachRequiredFieldNamedOnce(page: Page): Promise<void> {
  for (const message of [
    "Enter the supplier's name.",
    "Choose what kind of endorsement was asked for.",
    "Choose how the request arrived.",
    "Describe exactly what the supplier asked for.",
    "Declare whether you have a conflict of interest with this supplier.",
  ]) {
    expect(await page.locator(".error-summary").getByText(message, { exact: true }).count(), message).toBe(1);
  }
}

/** Set by the first journey; the access checks below open that request. */
let firstReference: string | undefined;

describe("logging a request in the browser", () => {
  it("checks the form before sending it, then logs the request with its attachment, escalated and declined by default", async () => {
    const page = await browserApp.newPage();
    await signIn(page, "staff@tautoko.example");
    expect(new URL(page.url()).pathname).toBe("/requests");
    await checkAccessibility(page, "My requests");

    await page.getByRole("link", { name: "Log a request" }).first().click();
    await page.waitForURL((url) => url.pathname === "/requests/new");
    await openLoggingForm(page);
    await checkAccessibility(page, "Log a request");

    const posts = recordPosts(page);
    await submitLoggingForm(page);
    await page.getByRole("heading", { name: "Please fix these 5 problems" }).waitFor();
    await expectEachRequiredFieldNamedOnce(page);
    expect(await page.getByLabel("Supplier name").getAttribute("aria-invalid")).toBe("true");
    expect(posts, "nothing is sent while the form has errors").toEqual([]);
    await checkAccessibility(page, "Log a request, with errors shown");

    await fillRequiredFields(page, "Kōwhai Landscaping Ltd");
    const letter = Buffer.from("Kia ora, could Kāinga Ora write us a reference for our tender? Ngā mihi, Kōwhai\n");
    const letterSha256 = createHash("sha256").update(letter).digest("hex");
    await page
      .getByLabel("Attachments")
      .setInputFiles({ name: "kowhai-letter.txt", mimeType: "text/plain", buffer: letter });
    await submitLoggingForm(page);
    await page.waitForURL(LOGGED_REQUEST_PAGE);
    firstReference = referenceIn(page);

    await page.getByRole("heading", { level: 1, name: `${firstReference}: Kōwhai Landscaping Ltd` }).waitFor();
    expect(await page.getByText("Escalated", { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText("Decline (default)", { exact: true }).isVisible()).toBe(true);
    const attachmentRow = page.getByRole("row").filter({ has: page.getByRole("link", { name: "kowhai-letter.txt" }) });
    expect(await attachmentRow.innerText()).toContain(letterSha256);
    await checkAccessibility(page, "a request page");
  });

  it("refuses an attachment over 10 MB in the browser, before uploading it", async () => {
    const page = await browserApp.newPage();
    await signIn(page, "staff@tautoko.example");
    await openLoggingForm(page);
    await fillRequiredFields(page, "Southern Scaffolding Ltd");
    // From a file rather than an in-memory buffer: Chromium reads it directly instead of receiving 11 MB over the protocol.
    const oversize = path.join(browserApp.app.dir, "site-photos.zip");
    fs.writeFileSync(oversize, Buffer.alloc(11 * 1024 * 1024, 1));
    await page.getByLabel("Attachments").setInputFiles(oversize);
    const posts = recordPosts(page);
    await submitLoggingForm(page);
    await page.locator("#attachments-error").getByText('"site-photos.zip" is larger than 10 MB.').waitFor();
    expect(posts, "the 11 MB file is not sent").toEqual([]);
    expect(new URL(page.url()).pathname).toBe("/requests/new");
  });

  it("works without JavaScript: the server shows the field errors, then logs the request", async () => {
    const page = await browserApp.newPage({ javaScriptEnabled: false });
    await signIn(page, "staff@tautoko.example");
    await page.goto("/requests/new");
    // As with JavaScript, the received time starts as the current NZ time.
    expect
      .soft(await page.getByLabel("When was it received?").inputValue(), "received time prefilled")
      .toMatch(DATETIME_LOCAL);

    let response = await postNatively(page);
    expect(response.status()).toBe(400);
    await page.getByRole("heading", { name: /^Please fix these \d+ problems$/ }).waitFor();
    await expectEachRequiredFieldNamedOnce(page);

    await fillRequiredFields(page, "Tūī Electrical Ltd");
    await page.getByLabel("When was it received?").fill(nzDateTimeLocalDaysAgo(2));
    await page.getByLabel("NZBN").fill("94290412");
    response = await postNatively(page);
    expect(response.status()).toBe(400);
    await page.locator("#supplierNzbn-error").getByText("An NZBN has exactly 13 digits.").waitFor();
    // The action echoes what was typed so nobody types it twice.
    expect.soft(await page.getByLabel("Supplier name").inputValue(), "supplier name kept").toBe("Tūī Electrical Ltd");
    expect.soft(await page.getByLabel("NZBN").inputValue(), "NZBN kept").toBe("94290412");
    expect.soft(await page.getByLabel("No conflict").isChecked(), "conflict answer kept").toBe(true);

    await fillRequiredFields(page, "Tūī Electrical Ltd");
    await page.getByLabel("When was it received?").fill(nzDateTimeLocalDaysAgo(2));
    await page.getByLabel("NZBN").fill("9429030000017");
    await postNatively(page);
    await page.waitForURL(LOGGED_REQUEST_PAGE);
    const reference = referenceIn(page);
    await page.getByRole("heading", { level: 1, name: `${reference}: Tūī Electrical Ltd` }).waitFor();
    expect(await page.getByText("Escalated", { exact: true }).isVisible()).toBe(true);
    expect(await page.getByText("Decline (default)", { exact: true }).isVisible()).toBe(true);
    expect(await page.locator("dd").filter({ hasText: "9429030000017" }).count()).toBe(1);
  });

  it("can be filled in and submitted from the keyboard alone", async () => {
    const page = await browserApp.newPage();
    await signIn(page, "staff@tautoko.example");
    await openLoggingForm(page);

    await page.getByLabel("Supplier name").focus();
    await page.keyboard.type("Rātā Roofing Ltd");

    await tabTo(page, "#requestType");
    // From "Choose one" (not selectable), down twice: Written reference, then the promotional quote.
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#requestType").inputValue()).toBe("promotional_quote");

    await tabTo(page, 'input[name="enduring"]');
    // Tab lands on the ticked radio ("As usual"); an arrow key moves the tick to the next one.
    await page.keyboard.press("ArrowDown");
    expect(await page.getByLabel("Yes, enduring").isChecked()).toBe(true);

    await tabTo(page, "#channel");
    await page.keyboard.press("ArrowDown");
    expect(await page.locator("#channel").inputValue()).toBe("email");

    await tabTo(page, "#asked");
    await page.keyboard.type("A quote about our roofing work for their website.");

    await tabTo(page, 'input[name="conflict"]');
    await page.keyboard.press("Space");
    expect(await page.getByLabel("No conflict").isChecked()).toBe(true);

    await tabTo(page, "#main form button[type=submit]");
    await page.keyboard.press("Enter");
    await page.waitForURL(LOGGED_REQUEST_PAGE);
    const reference = referenceIn(page);
    await page.getByRole("heading", { level: 1, name: `${reference}: Rātā Roofing Ltd` }).waitFor();
    expect(await page.locator("dd").filter({ hasText: "Quote for promotional material" }).count()).toBe(1);
    expect(await page.getByText("Yes — it would last, so it must be reviewed").isVisible()).toBe(true);
  });
});

describe("who sees a logged request", () => {
  it("the manager finds it in the decision queue", async () => {
    expect(firstReference, "the first journey logged a request").toBeDefined();
    const page = await browserApp.newPage();
    await signIn(page, "manager@tautoko.example");
    expect(new URL(page.url()).pathname).toBe("/queue");
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: firstReference! }) });
    expect(await row.innerText()).toContain("Kōwhai Landscaping Ltd");
    expect(await row.innerText()).toContain("Decline (default)");
    await checkAccessibility(page, "Decision queue");

    await page.getByRole("link", { name: "All requests" }).click();
    await page.waitForURL((url) => url.pathname === "/requests/all");
    await page.getByRole("link", { name: firstReference!, exact: true }).waitFor();
    await checkAccessibility(page, "All requests");
  });

  it("another member of staff gets the not-found page for it", async () => {
    expect(firstReference, "the first journey logged a request").toBeDefined();
    const page = await browserApp.newPage();
    await signIn(page, "staff2@tautoko.example");
    const response = await page.goto(`/requests/${firstReference!}`);
    expect(response?.status()).toBe(404);
    await page.getByRole("heading", { level: 1, name: "Page not found" }).waitFor();
    expect(await page.getByText("Kōwhai Landscaping Ltd").count()).toBe(0);
  });

  it("someone not signed in is sent to sign in", async () => {
    const page = await browserApp.newPage();
    await page.goto("/queue");
    const url = new URL(page.url());
    expect(url.pathname).toBe("/login");
    expect(url.searchParams.get("redirectTo")).toBe("/queue");
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    await checkAccessibility(page, "Sign in");
  });

  it("the administrator's page is accessible", async () => {
    const page = await browserApp.newPage();
    await signIn(page, "admin@tautoko.example");
    expect(new URL(page.url()).pathname).toBe("/admin");
    await page.getByRole("heading", { level: 1, name: "Administration" }).waitFor();
    await checkAccessibility(page, "Administration");
  });
});
