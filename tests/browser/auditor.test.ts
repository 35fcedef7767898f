import fs from "node:fs";
import { parse } from "csv-parse/sync";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { checkAccessibility, referenceByAsked, signIn, startBrowserApp, withDatabase } from "./helpers";

const browserApp = startBrowserApp();

/** Demo requests (app/demo/seedDemo.server.ts), found by what was asked. */
const ACME_QUOTE_ASKED =
  "Acme would like a quote from Kāinga Ora for their website and brochure, saying we are happy with their maintenance work in Porirua.";
const IN_REVIEW_ASKED = "A case study of the Porirua repairs for Acme's website.";
const DECLINED_BY_DEFAULT_ASKED = "A written reference for an Auckland Council tender.";
const SITE_MEETING_ASKED = "Asked at a site meeting whether we would be a verbal reference for a council tender.";

/** The auditor's page, signed in by the first test and kept for the rest of the walk through the workspace. */
let auditorPage: Page | undefined;
function auditor(): Page {
  if (!auditorPage) throw new Error("The first test signs the auditor in.");
  return auditorPage;
}

/** The references in the search results table, in order. */
function resultReferences(page: Page): Promise<string[]> {
  return page.locator("table.list tbody tr td:first-child a").allInnerTexts();
}

async function search(page: Page, fill: () => Promise<void>) {
  await page.goto("/audit");
  await fill();
  await Promise.all([
    page.waitForURL((url) => url.pathname === "/audit" && url.search !== ""),
    page.getByRole("button", { name: "Search", exact: true }).click(),
  ]);
  await page.getByRole("heading", { level: 1, name: "Audit: search requests" }).waitFor();
}

describe("the auditor's workspace", () => {
  it("finds requests by words without macrons, and by a filter", async () => {
    auditorPage = await browserApp.newPage();
    await signIn(auditor(), "auditor@tautoko.example");
    await auditor().getByRole("link", { name: "Audit", exact: true }).click();
    await auditor().waitForURL((url) => url.pathname === "/audit");
    await checkAccessibility(auditor(), "Audit: search requests");

    const [acmeQuote, siteMeeting, declinedByDefault] = await Promise.all(
      [ACME_QUOTE_ASKED, SITE_MEETING_ASKED, DECLINED_BY_DEFAULT_ASKED].map((asked) =>
        referenceByAsked(browserApp.app, asked),
      ),
    );

    await search(auditor(), () =>
      auditor()
        .getByLabel(/^Words/)
        .fill("Kainga"),
    );
    const found = await resultReferences(auditor());
    expect(found, "Kainga finds the request whose text says Kāinga").toContain(acmeQuote);
    expect(found, "a request that never mentions the agency is not found").not.toContain(siteMeeting);

    await search(auditor(), () => auditor().getByLabel("Declined by default only").check());
    expect(await resultReferences(auditor())).toEqual([declinedByDefault]);
    expect(await auditor().locator("table.list tbody tr").first().innerText()).toContain("(by default)");
  }, 45_000);

  it("opens a dossier and compares two versions of its text", async () => {
    const page = auditor();
    const inReview = await referenceByAsked(browserApp.app, IN_REVIEW_ASKED);
    await search(page, () => page.getByLabel(/^Words/).fill("Porirua repairs"));
    await Promise.all([
      page.waitForURL((url) => url.pathname === `/audit/requests/${inReview}`),
      page.getByRole("link", { name: inReview }).click(),
    ]);
    await page.getByRole("heading", { level: 1, name: `Dossier ${inReview}: Acme Building Services Ltd` }).waitFor();
    expect(await page.getByRole("heading", { level: 3, name: "Version 2 (based on version 1)" }).isVisible()).toBe(
      true,
    );
    await checkAccessibility(page, "a dossier");

    await page.goto(`/requests/${inReview}/versions`);
    const compare = page.locator('section[aria-labelledby="compare-heading"]');
    await compare.getByLabel("From").selectOption({ label: "Version 1" });
    await compare.getByLabel("to").selectOption({ label: "Version 2" });
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("a") === "1" && url.searchParams.get("b") === "2"),
      compare.getByRole("button", { name: "Compare" }).click(),
    ]);
    const deleted = (await compare.locator(".diff del").allInnerTexts()).join(" ");
    const inserted = (await compare.locator(".diff ins").allInnerTexts()).join(" ");
    // Version 1: "Acme is the best contractor we have ever used and we recommend them to everyone."
    expect(deleted).toContain("best");
    expect(deleted).toContain("recommend");
    expect(inserted).toContain("C-2024-118");
    expect(inserted).toContain("Porirua");
    await checkAccessibility(page, "comparing two versions");
  }, 45_000);

  it("verifies the chain, and learns that the head it shows is contained", async () => {
    const page = auditor();
    await page.goto("/audit/verify");
    const result = page.locator('section[aria-labelledby="result-heading"]');
    await result.getByText("The chain is intact:").waitFor();
    const count = Number(await result.locator("dt:has-text('Events stored') + dd").innerText());
    const head = await result.locator("dt:has-text('Head hash') + dd").innerText();
    expect(head).toMatch(/^[0-9a-f]{64}$/);
    const stored = await withDatabase(browserApp.app, (db) =>
      db.selectFrom("audit_events").select("seq").where("hash", "=", head).executeTakeFirst(),
    );
    expect(stored?.seq, "the head is the hash of the event counted last").toBe(count);
    await checkAccessibility(page, "Verify the audit chain");

    await page.getByLabel(/^Head hash/).fill(head);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("head") === head),
      page.getByRole("button", { name: "Check" }).click(),
    ]);
    expect(await result.getByRole("status").filter({ hasText: "Contained:" }).innerText()).toContain(head);

    const neverAHead = "0123456789abcdef".repeat(4);
    await page.getByLabel(/^Head hash/).fill(neverAHead);
    await Promise.all([
      page.waitForURL((url) => url.searchParams.get("head") === neverAHead),
      page.getByRole("button", { name: "Check" }).click(),
    ]);
    expect(await result.getByRole("alert").innerText()).toContain("NOT contained:");
  }, 45_000);

  it("downloads the CSV of every request, which parses and lists them", async () => {
    const page = auditor();
    await page.goto("/audit");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "CSV", exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/\.csv$/);
    const file = await download.path();
    // The first line states the chain head (docs/audit-chain.md); the table starts on the second.
    const rows = parse(fs.readFileSync(file), {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      from_line: 2,
    }) as Record<string, string>[];

    const [acmeQuote, inReview, declinedByDefault] = await Promise.all(
      [ACME_QUOTE_ASKED, IN_REVIEW_ASKED, DECLINED_BY_DEFAULT_ASKED].map((asked) =>
        referenceByAsked(browserApp.app, asked),
      ),
    );
    const byReference = new Map(rows.map((r) => [r.reference, r]));
    expect(byReference.get(acmeQuote)).toMatchObject({
      supplier: "Acme Building Services Ltd",
      asked: ACME_QUOTE_ASKED,
      state: "escalated",
    });
    expect(byReference.get(inReview)).toMatchObject({ state: "in_review", outcome: "decline" });
    expect(byReference.get(declinedByDefault)).toMatchObject({ state: "declined", declined_by_default: "yes" });
    const requestCount = await withDatabase(browserApp.app, async (db) =>
      Number(
        (
          await db
            .selectFrom("requests")
            .select((eb) => eb.fn.countAll<number>().as("n"))
            .executeTakeFirstOrThrow()
        ).n,
      ),
    );
    expect(rows.length, "one row per request").toBe(requestCount);
  }, 45_000);
});
