import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { checkAccessibility, referenceByAsked, signIn, startBrowserApp } from "./helpers";

/**
 * Issue 21 item 11: every page, as each role sees it, on a 390 px phone. The
 * page never scrolls sideways (tables become cards, long hashes and addresses
 * wrap) and axe finds nothing serious or critical.
 */
const browserApp = startBrowserApp();
const PHONE = { width: 390, height: 844 };

/** The demo requests, one in each state, by what was asked (app/demo/seedDemo.server.ts). */
const ASKED = {
  escalated:
    "Acme would like a quote from Kāinga Ora for their website and brochure, saying we are happy with their maintenance work in Porirua.",
  drafting: "Kōwhai Plumbing asked to publish a case study about the Hutt Valley hot-water cylinder replacements.",
  inReview: "A case study of the Porirua repairs for Acme's website.",
  approved: "A written reference about the insulation retrofit contract.",
  withdrawn: "A written reference for a private housing developer.",
  expired: "A case study of the 2025 bathroom refit programme.",
  declinedByDefault: "A written reference for an Auckland Council tender.",
  cancelled: "Use of our logo on their van signage.",
  declined: "Asked at a site meeting whether we would be a verbal reference for a council tender.",
} as const;

type Refs = Record<keyof typeof ASKED, string>;

async function references(): Promise<Refs> {
  const entries = await Promise.all(
    Object.entries(ASKED).map(async ([state, asked]) => [state, await referenceByAsked(browserApp.app, asked)]),
  );
  return Object.fromEntries(entries) as Refs;
}

/** What a page's widest part sticks out past the window, in CSS pixels (0 when nothing does). */
const overflow = (page: Page) =>
  page.evaluate(() => (document.scrollingElement ?? document.documentElement).scrollWidth - window.innerWidth);

/**
 * Buttons, links and fields that reach past the window's right edge: a control
 * a phone user could not press even though the page does not scroll (clipped
 * by a box that hides its overflow, say). Those inside a scrolling region are
 * reachable by scrolling it, so they are left out.
 */
const controlsOffScreen = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll<HTMLElement>("button, a[href], input, select, textarea, summary")]
      .filter((el) => el.offsetParent !== null && !el.closest(".table-wrap") && !el.closest("dialog"))
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .map((el) => (el.textContent?.trim() || el.getAttribute("name") || el.tagName).slice(0, 60)),
  );

async function phoneAs(email: string): Promise<Page> {
  const page = await browserApp.newPage({ viewport: PHONE, isMobile: true, hasTouch: true });
  await signIn(page, email);
  return page;
}

/** Visits each path and holds it to the phone's width and to axe; every failure is reported, not only the first. */
async function walk(page: Page, who: string, paths: readonly string[]): Promise<void> {
  for (const path of paths) {
    const response = await page.goto(path, { waitUntil: "networkidle" });
    expect.soft(response?.status(), `${who}: ${path} answers`).toBeLessThan(400);
    expect.soft(await overflow(page), `${who}: ${path} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
    expect.soft(await controlsOffScreen(page), `${who}: ${path} has controls past the edge`).toEqual([]);
    await checkAccessibility(page, `${who}: ${path} at 390 px`);
  }
}

/** The first link's address in the first list row, or of the first element matching `selector`. */
async function firstHref(page: Page, path: string, selector: string): Promise<string> {
  await page.goto(path, { waitUntil: "networkidle" });
  const href = await page.locator(selector).first().getAttribute("href");
  if (!href) throw new Error(`No ${selector} link at ${path}; has the demo seed changed?`);
  return href;
}

describe("every page at 390 px", () => {
  it("as a member of staff", async () => {
    const refs = await references();
    const page = await phoneAs("staff@tautoko.example");
    await walk(page, "staff", ["/requests", "/requests/new", "/account", `/requests/${refs.approved}`]);
    const drafter = await phoneAs("staff2@tautoko.example");
    await walk(drafter, "staff2", [`/requests/${refs.drafting}`, `/requests/${refs.drafting}/draft`]);
  }, 240_000);

  it("as a manager: the queue, the register, each state of a request, the review pages", async () => {
    const refs = await references();
    const page = await phoneAs("manager@tautoko.example");
    const supplier = await firstHref(page, "/register", 'td[data-label="Supplier"] a');
    await walk(page, "manager", [
      "/queue",
      "/register",
      "/register?view=review_due",
      "/requests/all",
      "/delegation",
      "/account",
      supplier,
      ...Object.values(refs).map((reference) => `/requests/${reference}`),
      `/requests/${refs.inReview}/review`,
      `/requests/${refs.inReview}/versions`,
      `/requests/${refs.approved}/endorsement-review`,
    ]);
  }, 300_000);

  it("as an auditor: the search, a dossier, the figures", async () => {
    const refs = await references();
    const page = await phoneAs("auditor@tautoko.example");
    await walk(page, "auditor", [
      "/audit",
      "/audit?q=performance",
      `/audit/requests/${refs.approved}`,
      `/audit/requests/${refs.withdrawn}`,
      "/audit/figures",
      "/audit/verify",
    ]);
  }, 240_000);

  it("as an administrator", async () => {
    const page = await phoneAs("admin@tautoko.example");
    const user = await firstHref(page, "/admin/users", 'a[href^="/admin/users/"]:not([href$="/new"])');
    const supplier = await firstHref(page, "/admin/suppliers", 'a[href^="/admin/suppliers/"]');
    await walk(page, "admin", [
      "/admin",
      "/admin/users",
      "/admin/users/new",
      user,
      "/admin/suppliers",
      supplier,
      "/admin/outbox",
      "/admin/reassign",
    ]);
  }, 240_000);
});
