import { createHash } from "node:crypto";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkAccessibility,
  clickAndWaitForURL,
  markEveryCriterionMet,
  recordPosts,
  referenceByAsked,
  signIn,
  startBrowserApp,
  withDatabase,
} from "./helpers";

const browserApp = startBrowserApp();

/** The demo's escalated request logged by staff@ (app/demo/seedDemo.server.ts), with its supplier's contact. */
const ACME_QUOTE_ASKED =
  "Acme would like a quote from Kāinga Ora for their website and brochure, saying we are happy with their maintenance work in Porirua.";

const PUFFERY = "Acme is the best contractor and we recommend them";
const FAIR_TEXT =
  "Kāinga Ora engaged Acme Building Services Ltd under contract C-2024-118 from March 2024 to February 2025 to repair 120 homes in Porirua. The work was completed on schedule.";

/** One signed-in page per person, kept across the steps of the journey (each test below is one step). */
let staffPage: Page | undefined;
let managerPage: Page | undefined;
let reference = "";

function staff(): Page {
  if (!staffPage) throw new Error("The first step signs staff in.");
  return staffPage;
}
function manager(): Page {
  if (!managerPage) throw new Error("The first step signs the manager in.");
  return managerPage;
}

async function openRequest(page: Page) {
  await page.goto(`/requests/${reference}`);
  await page.getByRole("heading", { level: 1, name: `${reference}: Acme Building Services Ltd` }).waitFor();
}

/** Adds a comment and waits for the page to confirm it. */
async function addComment(page: Page, body: string) {
  await page.getByLabel("Add a comment").fill(body);
  await Promise.all([page.waitForURL(/\?done=comment$/), page.getByRole("button", { name: "Add comment" }).click()]);
}

/** The request's state, as the badge beside its heading says it. */
const stateBadge = (page: Page) => page.locator(".page-header .badge").first().innerText();

const discussion = (page: Page) => page.locator('section[aria-labelledby="discussion-heading"]');

interface ShownFinding {
  severity: string;
  /** "line L:C", as the list shows where the finding is. */
  position: string;
  rule: string;
  text: string;
}

/** The live findings list as the author sees it. */
function shownFindings(page: Page): Promise<ShownFinding[]> {
  return page.locator('section[aria-labelledby="findings-heading"] ol.findings > li').evaluateAll((items) =>
    items.map((li) => ({
      severity: li.querySelector("strong")?.textContent?.trim() ?? "",
      position: li.querySelector("button, .finding-item__where")?.textContent?.trim() ?? "",
      // The rule is not shown (people read the criterion's name); the item carries it for tests and tools.
      rule: li.getAttribute("data-rule") ?? "",
      text: li.textContent ?? "",
    })),
  );
}

interface StoredFinding {
  rule: string;
  severity: "error" | "warning" | "suggestion";
  line: number;
  column: number;
  message: string;
}

function storedFindings(versionNumber: number): Promise<StoredFinding[]> {
  return withDatabase(browserApp.app, async (db) => {
    const row = await db
      .selectFrom("endorsement_versions")
      .innerJoin("requests", "requests.id", "endorsement_versions.request_id")
      .select("endorsement_versions.findings")
      .where("requests.reference", "=", reference)
      .where("endorsement_versions.number", "=", versionNumber)
      .executeTakeFirstOrThrow();
    return JSON.parse(row.findings) as StoredFinding[];
  });
}

/** What was stored, in the terms the list shows it. */
function asShown(stored: readonly StoredFinding[]) {
  const label = { error: "Error", warning: "Warning", suggestion: "Suggestion" } as const;
  return stored.map((f) => ({
    severity: label[f.severity],
    position: `line ${f.line}, column ${f.column}`,
    rule: f.rule,
  }));
}

const findingsHeading = (page: Page, summary: string) =>
  page.getByRole("heading", { level: 3, name: `Findings: ${summary}` });

/** The 15th of the month six months from now (NZ), as typed into a date field and as the app writes the end of that day. */
function validUntilChoice(): { input: string; shown: string } {
  const [year, month] = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Pacific/Auckland",
    year: "numeric",
    month: "2-digit",
  })
    .format(new Date())
    .split("-")
    .map(Number) as [number, number];
  const monthIndex = (month - 1 + 6) % 12;
  const chosenYear = year + Math.floor((month - 1 + 6) / 12);
  // Named by Intl, independently of the app's own formatting (app/workflow/nzTime.ts).
  const name = (part: "weekday" | "month") =>
    new Intl.DateTimeFormat("en-NZ", { [part]: "long", timeZone: "UTC" }).format(
      new Date(Date.UTC(chosenYear, monthIndex, 15)),
    );
  const [weekday, monthName] = [name("weekday"), name("month")];
  return {
    input: `${chosenYear}-${String(monthIndex + 1).padStart(2, "0")}-15`,
    shown: `end of ${weekday} 15 ${monthName} ${chosenYear}`,
  };
}
const validUntil = validUntilChoice();

describe("an exception, from discussion to the approved text", () => {
  it("staff and the manager exchange comments on an escalated request, each seeing the other's", async () => {
    reference = await referenceByAsked(browserApp.app, ACME_QUOTE_ASKED);
    [staffPage, managerPage] = await Promise.all([browserApp.newPage(), browserApp.newPage()]);
    await Promise.all([signIn(staff(), "staff@tautoko.example"), signIn(manager(), "manager@tautoko.example")]);

    await openRequest(staff());
    await addComment(staff(), "Acme have asked again; they would like an answer by Friday.");

    await openRequest(manager());
    await discussion(manager()).getByText("Acme have asked again; they would like an answer by Friday.").waitFor();
    expect(await discussion(manager()).getByText("Aroha Ngata").count(), "the staff member is named").toBeGreaterThan(
      0,
    );
    await addComment(manager(), "I will allow a factual text only; no quote about being happy with them.");

    await openRequest(staff());
    await discussion(staff())
      .getByText("I will allow a factual text only; no quote about being happy with them.")
      .waitFor();
    expect(await discussion(staff()).getByText("Mere Parata").count(), "the manager is named").toBeGreaterThan(0);
  }, 45_000);

  it("the manager's decision form opens with decline chosen; they allow drafting with a ground and the impact", async () => {
    const page = manager();
    await openRequest(page);
    const form = page.locator('form[aria-labelledby="decide-heading"]');
    // Hydrated: only the chosen decision's fields remain (without JavaScript every field shows).
    await form.locator("#exceptionGround").waitFor({ state: "detached" });
    expect(await form.getByLabel("Decline (the default)").isChecked(), "decline is preselected").toBe(true);
    expect(await form.getByLabel("Allow an exception: drafting may begin").isChecked()).toBe(false);
    expect(await form.getByRole("button", { name: "Decline request" }).isVisible()).toBe(true);
    await checkAccessibility(page, "a request page with the decision form");

    await form.getByLabel("Allow an exception: drafting may begin").check();
    await form
      .getByLabel("Exception ground")
      .fill("The Porirua repairs are a public programme; a factual text about the contract is acceptable.");
    await form.getByLabel("Risk of adverse public reaction").selectOption("low");
    await form.locator("#publicNote").fill("The programme was reported in our annual report.");
    await form.getByLabel("Risk the supplier's performance declines while it is in use").selectOption("medium");
    await form.locator("#performanceNote").fill("Performance reports are reviewed quarterly.");
    await form.getByLabel("I have no conflict of interest").check();
    await checkAccessibility(page, "the decision form, allowing drafting");
    await clickAndWaitForURL(page, form.getByRole("button", { name: "Allow drafting" }), /\?done=decide$/);

    await page.getByRole("status").getByText("Your decision is recorded").waitFor();
    const exception = page.locator('section[aria-labelledby="exception-heading"]');
    expect(await exception.innerText()).toContain(
      "The Porirua repairs are a public programme; a factual text about the contract is acceptable.",
    );
    expect(await exception.innerText()).toContain("Low risk: The programme was reported in our annual report.");
    expect(await stateBadge(page)).toBe("Drafting allowed");
  }, 45_000);

  it("staff sees findings live while typing, checked by the server without saving, and each saved version keeps exactly those findings", async () => {
    const page = staff();
    await openRequest(page);
    await Promise.all([page.waitForURL(/\/draft$/), page.getByRole("link", { name: "Write the text" }).click()]);
    // Hydrated once the client-only "Add a person" button appears; the live checks run from then on.
    await page.getByRole("button", { name: "Add a person" }).waitFor();

    const posts = recordPosts(page);
    await page.getByLabel("Endorsement text").pressSequentially(PUFFERY);
    await findingsHeading(page, "2 errors, 1 warning, 0 suggestions").waitFor();
    expect(posts.length, "live findings come from the server while typing").toBeGreaterThan(0);
    expect(
      posts.filter((url) => !/\/findings(?:\.data)?$/.test(new URL(url).pathname)),
      "typing only asks for findings: nothing is saved",
    ).toEqual([]);
    const liveFirst = await shownFindings(page);
    expect(liveFirst.map(({ severity, position, rule }) => ({ severity, position, rule }))).toEqual([
      { severity: "Warning", position: "line 1, column 1", rule: "period-not-stated" },
      { severity: "Error", position: "line 1, column 13", rule: "superlative" },
      { severity: "Error", position: "line 1, column 33", rule: "agency-recommendation" },
    ]);
    expect(await page.locator("mark.finding").allInnerTexts(), "the puffery is highlighted in the text").toEqual([
      "best",
      "we recommend",
    ]);
    await checkAccessibility(page, "the draft page with live findings");

    await clickAndWaitForURL(page, page.getByRole("button", { name: "Save as version 1" }), /\/draft\?saved=1$/);
    const storedFirst = await storedFindings(1);
    expect(asShown(storedFirst), "version 1 stores the findings shown live before saving").toEqual(
      liveFirst.map(({ severity, position, rule }) => ({ severity, position, rule })),
    );
    storedFirst.forEach((f, i) => expect(liveFirst[i]?.text, `the message of ${f.rule}`).toContain(f.message));

    await page.getByRole("status").getByText("Saved as version 1.").waitFor();
    // The author keeps writing on the same page after saving: the next save is version 2, based on version 1.
    await page.getByRole("button", { name: "Add a person" }).waitFor();
    const postsWhileFixing = recordPosts(page);
    await page.getByLabel("Endorsement text").fill(FAIR_TEXT);
    await findingsHeading(page, "0 errors, 0 warnings, 0 suggestions").waitFor();
    await page.getByText("No findings: the checker found nothing to raise.").waitFor();
    expect(
      postsWhileFixing.filter((url) => !/\/findings(?:\.data)?$/.test(new URL(url).pathname)),
      "nothing is saved while fixing the text",
    ).toEqual([]);
    expect(await shownFindings(page)).toEqual([]);

    await clickAndWaitForURL(page, page.getByRole("button", { name: "Save as version 2" }), /\/draft\?saved=2$/);
    expect(await storedFindings(2), "version 2 stores no findings, as shown live").toEqual([]);

    await Promise.all([
      page.waitForURL(/\/requests\/END-[^/]+\?done=submitted$/),
      page.getByRole("button", { name: "Submit version 2 for review" }).click(),
    ]);
    await page.getByRole("status").getByText("The version is submitted for review").waitFor();
    expect(await stateBadge(page)).toBe("In review");
  }, 45_000);

  it("the manager reviews every criterion, waives nothing, confirms the impact and approves version 2", async () => {
    const page = manager();
    await openRequest(page);
    await Promise.all([page.waitForURL(/\/review$/), page.getByRole("link", { name: "Review version 2" }).click()]);
    await page.getByRole("heading", { level: 1, name: "Review version 2" }).waitFor();
    expect(await page.locator("#reviewed-text").innerText()).toBe(FAIR_TEXT);
    expect(await page.getByText("The checker raised no findings on this version.").isVisible()).toBe(true);
    expect(await page.getByText("The checker's errors and warnings").count(), "nothing to waive or acknowledge").toBe(
      0,
    );

    expect(await page.locator(".criterion").count(), "the policy's criteria are each asked").toBeGreaterThanOrEqual(8);
    // The performance question is asked once for the whole review, not per criterion.
    await markEveryCriterionMet(page);
    await page.getByLabel(/I confirm this impact assessment against the final text of version 2/).check();
    await page.locator("#validUntil").fill(validUntil.input);
    await page.locator("#conflict").check();
    await checkAccessibility(page, "the review page, filled in");
    await clickAndWaitForURL(page, page.getByRole("button", { name: "Approve version 2" }), /\?done=approved$/);
    await page
      .getByRole("status")
      .getByText("The endorsement is approved for this exact version of the text.")
      .waitFor();
    expect(await stateBadge(page)).toBe("Approved");

    await page.goto("/register");
    const row = page.getByRole("row").filter({ has: page.getByRole("link", { name: reference }) });
    expect(await row.innerText()).toContain(FAIR_TEXT);
    await checkAccessibility(page, "the register");
  }, 45_000);

  it("staff sees the approved text with its SHA-256 and valid-until", async () => {
    const page = staff();
    await openRequest(page);
    const section = page.locator('section[aria-labelledby="endorsement-heading"]');
    await section.getByText("Approved text (version 2)").waitFor();
    expect(await section.locator("blockquote").innerText()).toBe(FAIR_TEXT);
    const sha256 = createHash("sha256").update(FAIR_TEXT.normalize("NFC"), "utf8").digest("hex");
    expect(await section.locator("dt:has-text('SHA-256') + dd").innerText()).toBe(sha256);
    expect(await section.locator("dt:has-text('Valid until') + dd").innerText()).toBe(validUntil.shown);
    await checkAccessibility(page, "a request page with the approved text");
  }, 45_000);
});
