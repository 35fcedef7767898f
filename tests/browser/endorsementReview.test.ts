import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkAccessibility,
  clickAndWaitForURL,
  recordPosts,
  referenceByAsked,
  signIn,
  startBrowserApp,
  withDatabase,
} from "./helpers";

/**
 * Issue 21, items 2 and 9 on the periodic review of an approved endorsement:
 * withdrawing through the review asks first, as the withdraw form does, and
 * where the policy keeps a manager from acting the page says why.
 */
const browserApp = startBrowserApp();

const APPROVED = "A written reference about the insulation retrofit contract.";
const WITHDRAWN = "A written reference for a private housing developer.";
const EXPIRED = "A case study of the 2025 bathroom refit programme.";

async function signedIn(email: string, javaScriptEnabled = true): Promise<Page> {
  const page = await browserApp.newPage({ javaScriptEnabled });
  await signIn(page, email);
  return page;
}

const reviewForm = (page: Page) => page.locator("form", { has: page.locator('input[name="intent"][value="review"]') });

/** Opens the periodic review; with JavaScript, waits until its button has become the dialog's opener. */
async function openEndorsementReview(page: Page, reference: string, hydrated: boolean): Promise<void> {
  await page.goto(`/requests/${reference}/endorsement-review`);
  const button = reviewForm(page).getByRole("button", { name: "Record the review" });
  await (
    hydrated ? reviewForm(page).locator('button[type="button"]', { hasText: "Record the review" }) : button
  ).waitFor();
}

async function fillReview(page: Page, decision: "Confirm the endorsement" | "Withdraw it", note: string) {
  const form = reviewForm(page);
  await form.getByLabel("What is known of the supplier's performance since approval").fill(note);
  await form.getByLabel(decision).check();
  if (decision === "Withdraw it") await form.getByLabel("If withdrawing: the reason").fill(note);
  await form.getByLabel("I have no conflict of interest").check();
}

function stateOf(reference: string) {
  return withDatabase(browserApp.app, async (db) => {
    const row = await db.selectFrom("requests").select("state").where("reference", "=", reference).executeTakeFirst();
    return row?.state;
  });
}

function reviewCount(reference: string) {
  return withDatabase(browserApp.app, async (db) => {
    const rows = await db
      .selectFrom("endorsement_reviews")
      .innerJoin("requests", "requests.id", "endorsement_reviews.request_id")
      .select("endorsement_reviews.id")
      .where("requests.reference", "=", reference)
      .execute();
    return rows.length;
  });
}

describe("the periodic review of an endorsement", () => {
  it("without JavaScript, confirming records at once, and withdrawing asks on a confirmation step first", async () => {
    const reference = await referenceByAsked(browserApp.app, APPROVED);
    const plain = await signedIn("manager@tautoko.example", false);

    await openEndorsementReview(plain, reference, false);
    await fillReview(plain, "Confirm the endorsement", "No complaints since approval.");
    await clickAndWaitForURL(
      plain,
      reviewForm(plain).getByRole("button", { name: "Record the review" }),
      /\?done=reviewed$/,
    );
    expect(await reviewCount(reference), "confirming needs no confirmation step").toBe(1);

    await openEndorsementReview(plain, reference, false);
    await fillReview(plain, "Withdraw it", "The retrofit has unresolved complaints.");
    await reviewForm(plain).getByRole("button", { name: "Record the review" }).click();
    const step = plain.locator(".confirm-step");
    await step.waitFor();
    const said = await step.innerText();
    expect(said).toContain(`Withdraw the endorsement of ${reference}?`);
    expect(said).toContain("Aroha Ngata, the requester, is emailed the withdrawal and your reason.");
    expect(said).toContain("The supplier is not emailed");
    expect(await stateOf(reference), "nothing happens before yes").toBe("approved");
    expect(await reviewCount(reference)).toBe(1);
    await step.getByRole("link", { name: "No, go back" }).click();
    await reviewForm(plain).waitFor();
    expect(await stateOf(reference)).toBe("approved");
  }, 120_000);

  it("with JavaScript, withdrawing through the review opens the dialog; only its yes withdraws", async () => {
    const reference = await referenceByAsked(browserApp.app, APPROVED);
    const manager = await signedIn("manager@tautoko.example");
    await openEndorsementReview(manager, reference, true);
    await checkAccessibility(manager, "the periodic review of an endorsement in force");
    await fillReview(manager, "Withdraw it", "Two warranty claims are unresolved.");
    const posts = recordPosts(manager);

    await reviewForm(manager).getByRole("button", { name: "Record the review" }).click();
    const dialog = manager.getByRole("dialog");
    await dialog.waitFor();
    expect(await dialog.innerText()).toContain(
      "Aroha Ngata, the requester, is emailed the withdrawal and your reason.",
    );
    await checkAccessibility(manager, "the periodic review's withdraw dialog");
    await dialog.getByRole("button", { name: "No, go back" }).click();
    await dialog.waitFor({ state: "hidden" });
    expect(posts, "going back posts nothing").toEqual([]);

    await reviewForm(manager).getByRole("button", { name: "Record the review" }).click();
    await clickAndWaitForURL(manager, dialog.getByRole("button", { name: "Yes, withdraw" }), /\?done=reviewed$/);
    await expect.poll(() => stateOf(reference), { timeout: 10_000 }).toBe("withdrawn");

    // Withdrawn now: where the forms were, the page says why there are none.
    await manager.goto(`/requests/${reference}/endorsement-review`);
    const note = manager.getByRole("note");
    expect(await note.innerText()).toMatch(
      /^Review or withdraw — You can't record a review of this request: it is withdrawn\./,
    );
    expect(await manager.getByRole("button", { name: "Record the review" }).count()).toBe(0);
  }, 120_000);

  it("says why a withdrawn or expired endorsement cannot be reviewed, and who could act", async () => {
    const manager = await signedIn("manager2@tautoko.example");
    for (const [asked, state] of [
      [WITHDRAWN, "withdrawn"],
      [EXPIRED, "expired"],
    ] as const) {
      await manager.goto(`/requests/${await referenceByAsked(browserApp.app, asked)}/endorsement-review`);
      const note = await manager.getByRole("note").innerText();
      expect(note).toContain(`it is ${state}`);
      expect(note).toContain(
        "Nobody can: an endorsement no longer in force is not reviewed; a new one needs a new request.",
      );
      expect(await manager.locator("form textarea").count(), `no review form on a ${state} endorsement`).toBe(0);
      await checkAccessibility(manager, `the periodic review of a ${state} endorsement`);
    }
  }, 120_000);
});
