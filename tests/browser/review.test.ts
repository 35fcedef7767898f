import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkAccessibility,
  clickAndWaitForURL,
  confirmAndWaitForURL,
  logRequestInBrowser,
  markEveryCriterionMet,
  recordPosts,
  referenceByAsked,
  signIn,
  startBrowserApp,
  withDatabase,
} from "./helpers";

/**
 * Issue 21, items 1, 2, 3, 5 and 9: the manager's review page, controls that
 * say why they are missing, states that read as what they are, the conflict
 * declaration asked once per request, and final actions that confirm.
 */
const browserApp = startBrowserApp();

const IN_REVIEW = "A case study of the Porirua repairs for Acme's website.";
const DRAFTING = "Kōwhai Plumbing asked to publish a case study about the Hutt Valley hot-water cylinder replacements.";
const APPROVED = "A written reference about the insulation retrofit contract.";
const PUFFERY = "Kōwhai Plumbing is the best plumber in the Hutt Valley and we recommend them to everyone.";

async function signedIn(email: string, javaScriptEnabled = true, width = 1280): Promise<Page> {
  const page = await browserApp.newPage({ javaScriptEnabled, viewport: { width, height: 900 } });
  await signIn(page, email);
  return page;
}

/** The review page, hydrated: its "Mark all nine as met" button exists only once React runs. */
async function openReview(page: Page, reference: string): Promise<void> {
  await page.goto(`/requests/${reference}/review`);
  await page.getByRole("button", { name: "Mark all nine as met" }).waitFor();
}

const banner = (page: Page) => page.getByRole("region", { name: "Where this request stands" }).innerText();
const stateBadge = (page: Page) => page.locator(".page-header .badge").first().innerText();

function storedReviewOf(reference: string) {
  return withDatabase(browserApp.app, async (db) => {
    const row = await db
      .selectFrom("version_reviews")
      .innerJoin("endorsement_versions", "endorsement_versions.id", "version_reviews.version_id")
      .innerJoin("requests", "requests.id", "endorsement_versions.request_id")
      .select("version_reviews.review")
      .where("requests.reference", "=", reference)
      .executeTakeFirst();
    return row ? (JSON.parse(row.review) as Record<string, unknown>) : null;
  });
}

function auditPayloadsOf(reference: string, action: string) {
  return withDatabase(browserApp.app, async (db) => {
    const rows = await db
      .selectFrom("audit_events")
      .innerJoin("requests", "requests.id", "audit_events.request_id")
      .select("audit_events.payload")
      .where("requests.reference", "=", reference)
      .where("audit_events.action", "=", action)
      .orderBy("audit_events.seq")
      .execute();
    return rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
  });
}

describe("reviewing a version (item 1)", () => {
  it("a clean version is approved in at most 12 form interactions, its text beside the checklist at 1280 px", async () => {
    const manager = await signedIn("manager@tautoko.example");
    const reference = await referenceByAsked(browserApp.app, IN_REVIEW);
    await openReview(manager, reference);
    expect(await manager.getByText("The checker's errors and warnings").count(), "a clean version").toBe(0);

    const text = await manager.locator(".review-text").boundingBox();
    const checklist = await manager.locator(".checklist").boundingBox();
    if (!text || !checklist) throw new Error("The text and the checklist are both on the page.");
    expect(checklist.x, "the checklist is beside the text").toBeGreaterThan(text.x + text.width - 1);
    expect(checklist.y, "side by side, not one under the other").toBeLessThan(text.y + text.height);

    const blockers = manager.locator(".decision-bar .blockers");
    expect(await blockers.innerText()).toContain("9 criteria are not yet marked as met");
    await checkAccessibility(manager, "the review page at 1280 px");

    let interactions = 0;
    const act = async (step: () => Promise<void>) => {
      interactions += 1;
      await step();
    };
    await act(() => manager.getByRole("button", { name: "Mark all nine as met" }).click());
    await act(() =>
      manager
        .getByRole("group", { name: /performance problems or disputes/ })
        .getByLabel("No", { exact: true })
        .check(),
    );
    await act(() => manager.getByLabel(/I confirm this impact assessment/).check());
    // Counted even when the manager's earlier declaration on this request already answers it.
    await act(() => manager.locator("#approve-form").getByLabel("I have no conflict of interest").check());
    expect(await blockers.innerText()).toBe("Nothing blocks the approval.");
    await act(() =>
      clickAndWaitForURL(manager, manager.getByRole("button", { name: /^Approve version/ }), /\?done=approved$/),
    );
    expect(interactions).toBeLessThanOrEqual(12);
    // The page renders the revalidated request a moment after the address changes.
    await expect.poll(() => stateBadge(manager), { timeout: 10_000 }).toBe("Approved");

    const review = (await storedReviewOf(reference)) as {
      criteria: Record<string, { met: boolean; note: string }>;
      knownProblems: Record<string, { known: boolean }>;
    };
    expect(Object.values(review.criteria).every((c) => c.met && c.note === "")).toBe(true);
    expect(Object.keys(review.criteria)).toHaveLength(9);
    // Asked once, recorded for both criteria it concerns, as older reviews were.
    expect(review.knownProblems).toEqual({
      complete: { known: false, howReflected: "" },
      balanced: { known: false, howReflected: "" },
    });
  }, 90_000);

  it("a finding selects its words; a set-aside finding or an unmet criterion needs a note, in the browser and on the server", async () => {
    const author = await signedIn("staff2@tautoko.example");
    const reference = await referenceByAsked(browserApp.app, DRAFTING);
    await author.goto(`/requests/${reference}/draft`);
    await author.getByRole("button", { name: "Add a person" }).waitFor();
    await author.getByLabel("Endorsement text").fill(PUFFERY);
    await clickAndWaitForURL(author, author.getByRole("button", { name: "Save as version 1" }), /saved=1/);
    // The form starts afresh on the saved version; wait for that render before submitting it.
    await author.getByRole("status").getByText("Saved as version 1").waitFor();
    await author.getByRole("button", { name: "Save as version 2" }).waitFor();
    await clickAndWaitForURL(
      author,
      author.getByRole("button", { name: "Submit version 1 for review" }),
      /\?done=submitted$/,
    );

    const manager = await signedIn("manager@tautoko.example");
    await openReview(manager, reference);
    // Three actions, each plainly named.
    for (const name of [/^Approve version 1$/, /^Request changes$/, /^Decline the request$/]) {
      expect(await manager.getByText(name).count(), String(name)).toBe(1);
    }
    const item = manager
      .locator(".finding-item")
      .filter({ has: manager.getByRole("button", { name: "Show in the text" }) })
      .first();
    const match = /“(.+)”/.exec(await item.innerText())?.[1];
    expect(match, "the finding quotes its words").toBeTruthy();
    await item.getByRole("button", { name: "Show in the text" }).click();
    await expect.poll(() => manager.evaluate(() => window.getSelection()?.toString())).toBe(match);

    // The manager's earlier "no conflict" (when allowing drafting) is reused, and says so.
    expect(await manager.locator("#approve-form").getByLabel("I have no conflict of interest").isChecked()).toBe(true);
    expect(await manager.getByText(/You declared no conflict on .*; this action records it again/).count()).toBe(3);

    await manager.getByRole("button", { name: "Mark all nine as met" }).click();
    await manager
      .getByRole("group", { name: /performance problems or disputes/ })
      .getByLabel("No", { exact: true })
      .check();
    await manager.getByLabel(/I confirm this impact assessment/).check();
    const warnings = manager.locator(".finding-item input[type=checkbox]");
    for (let i = 0; i < (await warnings.count()); i++) await warnings.nth(i).check();
    const waivers = manager.locator(".finding-item textarea");
    for (let i = 0; i < (await waivers.count()); i++) await waivers.nth(i).fill("Reviewed: acceptable here.");
    const notes = manager.locator(".criterion textarea");
    expect(await notes.count(), "a note is asked for each criterion with a finding set aside").toBeGreaterThan(0);
    expect(await manager.locator(".criterion .field__required").count()).toBe(await notes.count());
    await manager.getByRole("button", { name: /^Approve version/ }).click();
    await manager
      .locator(".blockers")
      .getByText(/a note on ".+" is needed/)
      .first()
      .waitFor();
    expect(manager.url(), "nothing is posted while a note is missing").toMatch(/\/review$/);
    await checkAccessibility(manager, "the review page with findings set aside");

    // Without JavaScript every note box shows, and the server applies the same rule.
    const plain = await signedIn("manager@tautoko.example", false);
    await plain.goto(`/requests/${reference}/review`);
    await plain.getByRole("button", { name: "Approve version 1" }).waitFor();
    await markEveryCriterionMet(plain);
    await plain.locator('.criterion input[name="criteria.accurate.met"][value="not_met"]').check();
    await plain.getByLabel(/I confirm this impact assessment/).check();
    for (const box of await plain.locator(".finding-item input[type=checkbox]").all()) await box.check();
    for (const box of await plain.locator(".finding-item textarea").all()) await box.fill("Reviewed: acceptable.");
    await plain.getByRole("button", { name: "Approve version 1" }).click();
    const summary = plain.locator(".error-summary");
    await summary.waitFor();
    expect(await summary.innerText()).toContain('Give a note for "Accurate"');
    expect(await stateBadge(plain)).toBe("In review");
  }, 120_000);
});

describe("controls that are missing say why (item 2) and the conflict declaration (item 5)", () => {
  it("staff see who decides in place of the decision form; a declared conflict keeps a manager's forms away", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Mānuka Glazing Ltd",
      asked: "A reference for their glazing tender.",
    });
    const note = staff.getByRole("note").filter({ hasText: "Decide this request" });
    expect(await note.innerText()).toContain(
      "The Procurement Excellence Manager, or their acting delegate, decides it.",
    );
    await checkAccessibility(staff, "a request page with a control explained");

    const manager = await signedIn("manager2@tautoko.example");
    await manager.goto(`/requests/${reference}`);
    const extend = manager.getByRole("region", { name: "Extend the deadline" });
    expect(await extend.getByLabel("Describe the conflict").isVisible(), "hidden until a conflict is declared").toBe(
      false,
    );
    await extend.getByLabel(/I have a conflict/).check();
    expect(await extend.getByLabel("Describe the conflict").isVisible()).toBe(true);
    await extend.getByLabel("Describe the conflict").fill("My cousin owns Mānuka Glazing.");
    await manager.locator("#newDeadlineDate").fill("2099-12-24");
    await manager.locator("#extendReason").fill("Waiting for the contract file.");
    await manager.getByRole("button", { name: "Extend deadline" }).click();
    await manager.locator(".notice--danger").getByText("You declared a conflict of interest").waitFor();

    await manager.goto(`/requests/${reference}`);
    const kept = manager.getByRole("note").filter({ hasText: "Decide or extend the deadline" });
    expect(await kept.innerText()).toContain("You declared a conflict of interest for this request");
    expect(await kept.innerText()).toContain("Another Procurement Excellence Manager");
    expect(await manager.locator('form[aria-labelledby="decide-heading"]').count()).toBe(0);

    // Without JavaScript, "Describe the conflict" follows the choice all the same.
    const plain = await signedIn("manager@tautoko.example", false);
    await plain.goto(`/requests/${reference}`);
    const form = plain.locator('form[aria-labelledby="decide-heading"]');
    expect(await form.getByLabel("Describe the conflict").isVisible()).toBe(false);
    await form.getByLabel(/I have a conflict/).check();
    expect(await form.getByLabel("Describe the conflict").isVisible()).toBe(true);
  }, 90_000);

  it("a manager's declaration is asked once: the next form starts from it, and each event still records it", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Harakeke Decks Ltd",
      asked: "A quote for their decking brochure.",
      supplierContactEmail: "hello@harakeke-decks.example",
    });
    const manager = await signedIn("manager@tautoko.example");
    await manager.goto(`/requests/${reference}`);
    await manager.locator("#newDeadlineDate").fill("2099-12-24");
    await manager.locator("#extendReason").fill("Waiting for the contract file.");
    const extend = manager.getByRole("region", { name: "Extend the deadline" });
    await extend.getByLabel("I have no conflict of interest").check();
    await clickAndWaitForURL(manager, manager.getByRole("button", { name: "Extend deadline" }), /\?done=extend$/);

    const form = manager.locator('form[aria-labelledby="decide-heading"]');
    await expect.poll(() => form.getByLabel("I have no conflict of interest").isChecked()).toBe(true);
    expect(await form.getByText(/You declared no conflict on /).count()).toBe(1);
    await form.getByLabel("Reason for declining").fill("We do not give promotional quotes.");

    // Item 9: the dialog says who is emailed; "No" posts nothing.
    const posts = recordPosts(manager);
    await form.getByLabel(/Also send a courteous decline notice/).check();
    await form.getByRole("button", { name: "Decline request" }).click();
    const dialog = manager.getByRole("dialog", { name: `Decline ${reference}?` });
    const said = await dialog.innerText();
    expect(said).toContain("Aroha Ngata, the requester, is emailed the decision and your reason.");
    expect(said).toContain("The supplier's contact, hello@harakeke-decks.example, is sent a courteous decline notice");
    await checkAccessibility(manager, "the decline confirmation dialog");
    await dialog.getByRole("button", { name: "No, go back" }).click();
    expect(posts, "going back posts nothing").toEqual([]);
    expect(await stateBadge(manager)).toBe("Escalated");
    await confirmAndWaitForURL(manager, form.getByRole("button", { name: "Decline request" }), /\?done=decide$/);
    await expect.poll(() => stateBadge(manager), { timeout: 10_000 }).toBe("Declined");

    const decided = [
      ...(await auditPayloadsOf(reference, "request.extendDeadline")),
      ...(await auditPayloadsOf(reference, "request.decline")),
    ];
    expect(decided.map((p) => p.conflict)).toEqual([{ hasConflict: false }, { hasConflict: false }]);
  }, 90_000);
});

describe("final actions confirm (item 9) and states read as they are (item 3)", () => {
  it("without JavaScript, cancelling asks on a confirmation step, then the banner says cancelled, why and when", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Kawakawa Lawns Ltd",
      asked: "Use of our name on their van.",
    });
    const plain = await signedIn("staff@tautoko.example", false);
    await plain.goto(`/requests/${reference}`);
    await plain.getByLabel("Cancel this request: why?").fill("The supplier withdrew the request.");
    await plain.getByRole("button", { name: "Cancel request" }).click();
    const step = plain.locator(".confirm-step");
    await step.waitFor();
    expect(await step.innerText()).toContain("Nobody is emailed.");
    expect(await stateBadge(plain), "nothing happens before yes").toBe("Escalated");
    await clickAndWaitForURL(plain, step.getByRole("button", { name: /^Yes, / }), /\?done=cancel$/);
    expect(await stateBadge(plain)).toBe("Cancelled");
    expect(await banner(plain)).toMatch(/^Cancelled by the requester on .+: The supplier withdrew the request\.$/);
    expect(await plain.getByText("Response deadline").count(), "a decided request has no deadline to meet").toBe(0);
  }, 90_000);

  it("withdrawing confirms in a dialog; afterwards nothing reads as in force", async () => {
    const manager = await signedIn("manager@tautoko.example");
    const reference = await referenceByAsked(browserApp.app, APPROVED);
    await manager.goto(`/requests/${reference}`);
    expect(await banner(manager)).toMatch(
      /^Endorsed by .+ on .+, valid until the .+\. The approved text is in force\.$/,
    );
    await manager.goto(`/requests/${reference}/endorsement-review`);
    const form = manager.locator("form", { has: manager.locator('input[name="intent"][value="withdraw"]') });
    await form.getByLabel("Reason (the requester will see it)").fill("Complaints about the retrofit are unresolved.");
    await form.getByLabel("I have no conflict of interest").check();
    await form.getByRole("button", { name: "Withdraw" }).click();
    const dialog = manager.getByRole("dialog");
    expect(await dialog.innerText()).toContain(
      "Aroha Ngata, the requester, is emailed the withdrawal and your reason.",
    );
    await clickAndWaitForURL(manager, dialog.getByRole("button", { name: "Yes, withdraw" }), /\?done=withdrawn$/);
    await expect.poll(() => stateBadge(manager), { timeout: 10_000 }).toBe("Withdrawn");
    const shown = await banner(manager);
    expect(shown).toMatch(/^Withdrawn by Mere Parata on .+: Complaints about the retrofit are unresolved\./);
    expect(shown).toContain("The endorsement is no longer in force.");
    expect(await manager.locator(".page-header").innerText()).not.toContain("Endorse\n");
    expect(await manager.locator(".page-header").innerText()).toContain("Endorsement no longer in force");
  }, 90_000);

  it("expired, declined-by-default and withdrawn requests say so first, with reason and date, at 1280 and 390 px", async () => {
    const cases = [
      { asked: "A case study of the 2025 bathroom refit programme.", starts: /^Expired on .+: its valid-until date/ },
      {
        asked: "A written reference for an Auckland Council tender.",
        starts: /^Declined by default on .+: No decision/,
      },
      { asked: "A written reference for a private housing developer.", starts: /^Withdrawn by .+ on .+: Two overdue/ },
      { asked: "Use of our logo on their van signage.", starts: /^Cancelled by the requester on .+: The supplier/ },
    ];
    for (const width of [1280, 390]) {
      const manager = await signedIn("manager@tautoko.example", true, width);
      for (const c of cases) {
        await manager.goto(`/requests/${await referenceByAsked(browserApp.app, c.asked)}`);
        expect(await banner(manager)).toMatch(c.starts);
        expect(await manager.getByText("Response deadline").count()).toBe(0);
        expect(await manager.locator(".badge--outcome-endorse").count(), "never reads as in force").toBe(0);
        await checkAccessibility(manager, `${c.asked} at ${width} px`);
      }
      if (width === 390) {
        const reference = await referenceByAsked(browserApp.app, DRAFTING);
        await manager.goto(`/requests/${reference}`);
        await checkAccessibility(manager, "a request in drafting at 390 px");
      }
    }
  }, 120_000);
});
