import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Locator, Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";
import { startApp } from "../helpers/server";
import {
  checkAccessibility,
  clickAndWaitForURL,
  confirmAndWaitForURL,
  logRequestInBrowser,
  markEveryCriterionMet,
  referenceByAsked,
  signIn,
  startBrowserApp,
  withDatabase,
} from "./helpers";

/**
 * Issue 20's walk, item by item: what a manager, a member of staff and a
 * supplier are told must match what the record holds, with JavaScript and
 * without.
 */
const browserApp = startBrowserApp();

/** A 1×1 transparent PNG. */
const PNG_1X1 = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
  "base64",
);

const stateBadge = (page: Page) => page.locator(".page-header .badge").first().innerText();
const decisionForm = (page: Page) => page.locator('form[aria-labelledby="decide-heading"]');

/** The exception ground and both considered impacts, as a manager allowing drafting fills them in. */
async function fillException(form: Locator): Promise<void> {
  await form.getByLabel("Exception ground").fill("The programme is public; a factual case study helps others.");
  await form.getByLabel("Risk of adverse public reaction").selectOption("low");
  await form.getByLabel("What you considered").first().fill("Already reported in the news.");
  await form.getByLabel("Risk the supplier's performance declines while it is in use").selectOption("low");
  await form.getByLabel("What you considered").nth(1).fill("Five years of on-time work.");
}

async function signedIn(email: string, javaScriptEnabled = true): Promise<Page> {
  const page = await browserApp.newPage({ javaScriptEnabled });
  await signIn(page, email);
  return page;
}

/** Logs a request whose supplier has a contact email, through the form, as staff signed in on `page`. */
function logWithContact(page: Page, supplierName: string, supplierContactEmail: string, asked: string) {
  return logRequestInBrowser(page, { supplierName, asked, supplierContactEmail });
}

function outboxOf(reference: string) {
  return withDatabase(browserApp.app, (db) =>
    db
      .selectFrom("outbox")
      .innerJoin("requests", "requests.id", "outbox.request_id")
      .select(["outbox.template", "outbox.to_addresses", "outbox.props"])
      .where("requests.reference", "=", reference)
      .orderBy("outbox.id")
      .execute(),
  );
}

function commentsOf(reference: string) {
  return withDatabase(browserApp.app, (db) =>
    db
      .selectFrom("comments")
      .innerJoin("requests", "requests.id", "comments.request_id")
      .select("comments.body")
      .where("requests.reference", "=", reference)
      .execute(),
  );
}

/** The form's fields exactly as the browser would post them, sent again by the same signed-in browser. */
async function postAgain(page: Page, form: Locator): Promise<{ status: number; body: string }> {
  const fields = await form.evaluate((f: HTMLFormElement) =>
    Object.fromEntries([...new FormData(f)].map(([k, v]) => [k, String(v)])),
  );
  const response = await page.request.post(page.url(), {
    form: fields,
    headers: { Origin: new URL(browserApp.url).origin },
    maxRedirects: 0,
  });
  return { status: response.status(), body: await response.text() };
}

describe("comments are posted once (item 3)", () => {
  it("with JavaScript: the box is empty after posting, and a double click stores and emails one comment", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Rātā Scaffolding Ltd",
      asked: "A quote for their brochure about the Naenae scaffolding.",
    });
    const before = (await outboxOf(reference)).filter((e) => e.template === "comment").length;
    await staff.getByLabel("Add a comment").fill("They rang again this morning.");
    await Promise.all([
      staff.waitForURL(/\?done=comment$/),
      staff.getByRole("button", { name: "Add comment" }).dblclick(),
    ]);
    await staff.locator(".timeline").getByText("They rang again this morning.").first().waitFor();
    expect(await staff.getByLabel("Add a comment").inputValue(), "the posted text is cleared").toBe("");
    expect(await commentsOf(reference)).toEqual([{ body: "They rang again this morning." }]);
    const emails = (await outboxOf(reference)).filter((e) => e.template === "comment");
    expect(emails.length - before, "the managers are emailed once").toBe(1);
    await checkAccessibility(staff, "a request page after a comment");
  }, 60_000);

  it("without JavaScript: the same form sent twice is refused the second time with a plain message, storing nothing", async () => {
    const staff = await signedIn("staff@tautoko.example", false);
    const reference = await referenceByAsked(
      browserApp.app,
      "Acme would like a quote from Kāinga Ora for their website and brochure, saying we are happy with their maintenance work in Porirua.",
    );
    await staff.goto(`/requests/${reference}`);
    const before = await commentsOf(reference);
    const form = staff.locator("form", { has: staff.getByLabel("Add a comment") });
    await form.getByLabel("Add a comment").fill("Checking in on this one.");
    const first = await postAgain(staff, form);
    expect(first.status, "the first post is saved and redirects").toBe(302);
    const second = await postAgain(staff, form);
    expect(second.status).toBe(409);
    expect(second.body).toContain("This form was already sent and saved once; the repeat was not stored again.");
    expect((await commentsOf(reference)).length - before.length).toBe(1);
  }, 60_000);
});

describe("the decision form without JavaScript (item 4)", () => {
  it("opens with decline chosen, a button per choice, and the pressed button is what happens", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const manager = await signedIn("manager@tautoko.example", false);
    const toDecline = await logWithContact(
      staff,
      "Tōtara Joinery Ltd",
      "hello@totara-joinery.example",
      "A reference for a private developer's tender.",
    );
    await manager.goto(`/requests/${toDecline}`);
    const form = decisionForm(manager);
    expect(await form.getByLabel("Decline (the default)").isChecked(), "decline is preselected").toBe(true);
    expect(await form.getByRole("button").allInnerTexts()).toEqual([
      "Decline request",
      "Allow drafting (an exception)",
    ]);

    // The walk's case: "Allow an exception" chosen, "Decline request" pressed. The button says what happens.
    await form.getByLabel("Allow an exception: drafting may begin").check();
    await form.getByLabel("Reason for declining").fill("We do not give references for private tenders.");
    await form.getByLabel("I have no conflict of interest").check();
    await confirmAndWaitForURL(manager, form.getByRole("button", { name: "Decline request" }), /\?done=decide$/);
    await expect.poll(() => stateBadge(manager), { timeout: 10_000 }).toBe("Declined");

    const toAllow = await logRequestInBrowser(staff, {
      supplierName: "Kauri Cladding Ltd",
      asked: "A factual case study of the Ōtara recladding.",
    });
    await manager.goto(`/requests/${toAllow}`);
    const second = decisionForm(manager);
    await fillException(second);
    await second.getByLabel("I have no conflict of interest").check();
    await clickAndWaitForURL(
      manager,
      second.getByRole("button", { name: "Allow drafting (an exception)" }),
      /\?done=decide$/,
    );
    await expect.poll(() => stateBadge(manager), { timeout: 10_000 }).toBe("Drafting allowed");
    // axe runs in the page, which these pages do not allow: the same states are checked with JavaScript on.
  }, 90_000);
});

describe("telling the supplier of a decline (item 6)", () => {
  it("after a decline without a notice, the manager sends it once to the address shown, and the emails say so", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const manager = await signedIn("manager@tautoko.example");
    const reference = await logWithContact(
      staff,
      "Miro Drainage Ltd",
      "office@miro-drainage.example",
      "Use of our name on their website's client list.",
    );
    await manager.goto(`/requests/${reference}`);
    const form = decisionForm(manager);
    await form.locator("#exceptionGround").waitFor({ state: "detached" });
    await form.getByLabel("Reason for declining").fill("We do not lend our name to client lists.");
    await form.getByLabel("I have no conflict of interest").check();
    await confirmAndWaitForURL(manager, form.getByRole("button", { name: "Decline request" }), /\?done=decide$/);

    const declined = (await outboxOf(reference)).find((e) => e.template === "declined");
    expect(JSON.parse(declined?.props ?? "{}").supplier, "the requester is told the supplier was not").toEqual({
      told: false,
      contact: "office@miro-drainage.example",
    });
    const panel = manager.getByRole("region", { name: "Telling the supplier" });
    expect(await panel.innerText()).toContain("The supplier has not been sent a decline notice.");
    await checkAccessibility(manager, "a declined request, before the supplier is told");
    await clickAndWaitForURL(
      manager,
      panel.getByRole("button", { name: "Send the decline notice to office@miro-drainage.example" }),
      /\?done=declineNotice$/,
    );
    // The page renders the revalidated request a moment after the address changes.
    await expect
      .poll(() => panel.innerText(), { timeout: 10_000 })
      .toContain("The decline notice was sent to office@miro-drainage.example on ");
    expect(await panel.getByRole("button").count(), "it is offered once").toBe(0);
    await manager.locator(".timeline").getByText("the decline notice.").first().waitFor();
    const notices = (await outboxOf(reference)).filter((e) => e.template === "supplier-decline-notice");
    expect(notices.map((e) => e.to_addresses)).toEqual([JSON.stringify(["office@miro-drainage.example"])]);
    await checkAccessibility(manager, "a declined request after the supplier is told");

    await staff.goto(`/requests/${reference}`);
    expect(await staff.getByRole("region", { name: "Telling the supplier" }).getByRole("button").count()).toBe(0);
  }, 60_000);
});

describe("the supplier's terms say only the approved use (item 5)", () => {
  it("the manager fills in where it may be used; the terms email carries that, never the requester's note", async () => {
    const manager = await signedIn("manager@tautoko.example");
    const asked = "A case study of the Porirua repairs for Acme's website.";
    const reference = await referenceByAsked(browserApp.app, asked);
    await manager.goto(`/requests/${reference}/review`);
    await markEveryCriterionMet(manager);
    const findings = manager.locator(".finding-item textarea");
    for (let i = 0; i < (await findings.count()); i++) await findings.nth(i).fill("Reviewed: acceptable here.");
    const warnings = manager.locator(".finding-item input[type=checkbox]");
    for (let i = 0; i < (await warnings.count()); i++) await warnings.nth(i).check();
    // A criterion with a finding set aside needs its note; its box appears once the finding is waived.
    const notes = manager.locator(".criterion textarea");
    for (let i = 0; i < (await notes.count()); i++) await notes.nth(i).fill("Waived finding weighed: acceptable.");
    await manager.getByLabel(/I confirm this impact assessment/).check();
    await manager.locator("#conflict").check();
    await manager.getByLabel(/the approval terms/).check();
    await manager.getByRole("button", { name: /^Approve version/ }).click();
    const summary = manager.locator(".error-summary");
    await summary.getByText("Say where the endorsement may be used").waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement), "the summary takes focus").toBe(true);
    await checkAccessibility(manager, "the review page asking where it may be used");

    await manager
      .getByRole("textbox", { name: "Where it may be used" })
      .fill("On Acme's website, on the Porirua projects page only");
    await clickAndWaitForURL(manager, manager.getByRole("button", { name: /^Approve version/ }), /\?done=approved$/);
    const terms = (await outboxOf(reference)).filter((e) => e.template === "supplier-approval-terms");
    expect(terms).toHaveLength(1);
    const props = JSON.parse(terms[0]?.props ?? "{}") as { permittedUse: string };
    expect(props.permittedUse).toBe("On Acme's website, on the Porirua projects page only");
    expect(terms[0]?.props).not.toContain(asked);
    const details = manager.getByRole("region", { name: "Details" });
    expect(await details.innerText()).toContain("On Acme's website, on the Porirua projects page only");
    await checkAccessibility(manager, "an approved request with where it may be used");
  }, 90_000);
});

describe("forms that stay true to the page (items 7, 8)", () => {
  it("after allowing drafting the panel offers what is possible now: decline, chosen, and nothing of the exception", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const manager = await signedIn("manager@tautoko.example");
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Pūriri Fencing Ltd",
      asked: "A case study of the Whanganui fencing programme.",
    });
    await manager.goto(`/requests/${reference}`);
    const form = decisionForm(manager);
    await form.locator("#exceptionGround").waitFor({ state: "detached" });
    await form.getByLabel("Allow an exception: drafting may begin").check();
    await fillException(form);
    await form.getByLabel("I have no conflict of interest").check();
    await clickAndWaitForURL(manager, form.getByRole("button", { name: "Allow drafting" }), /\?done=decide$/);
    // The page renders the revalidated request a moment after the address changes.
    await expect.poll(() => stateBadge(manager), { timeout: 10_000 }).toBe("Drafting allowed");
    const now = decisionForm(manager);
    expect(await now.getByLabel("Decline (the default)").isChecked(), "decline is chosen, not a lone empty radio").toBe(
      true,
    );
    expect(await now.getByLabel("Allow an exception: drafting may begin").count()).toBe(0);
    expect(await now.getByLabel("Reason for declining").isVisible()).toBe(true);
    expect(await now.getByRole("button").allInnerTexts()).toEqual(["Decline request"]);
    await checkAccessibility(manager, "the decision panel in drafting");
  }, 60_000);

  it("after a 409 the page shows the request as it is now, and a retry on it is saved", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const [first, second] = [await signedIn("manager@tautoko.example"), await signedIn("manager2@tautoko.example")];
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Tawa Roofing Ltd",
      asked: "A quote for their roofing brochure.",
    });
    await Promise.all([first.goto(`/requests/${reference}`), second.goto(`/requests/${reference}`)]);
    const revisionBefore = await first.locator('input[name="revision"]').first().inputValue();

    // The second manager extends the deadline while the first is still reading.
    await second.locator("#newDeadlineDate").fill("2099-12-24");
    await second.locator("#extendReason").fill("Waiting on the contract manager's view.");
    const extend = second.getByRole("region", { name: "Extend the deadline" });
    await extend.getByLabel("I have no conflict of interest").check();
    await clickAndWaitForURL(second, second.getByRole("button", { name: "Extend deadline" }), /\?done=extend$/);

    const form = decisionForm(first);
    await form.locator("#exceptionGround").waitFor({ state: "detached" });
    await form.getByLabel("Reason for declining").fill("We do not give promotional quotes.");
    await form.getByLabel("I have no conflict of interest").check();
    await form.getByRole("button", { name: "Decline request" }).click();
    await first.getByRole("dialog").getByRole("button", { name: "Yes, decline request" }).click();
    const alert = first.locator(".notice--danger");
    await alert.getByText("This request changed since you opened it").waitFor();
    const revisionInput = first.locator('input[name="revision"]').first();
    await expect
      .poll(async () => Number(await revisionInput.inputValue()), {
        message: "the page holds the current revision",
        timeout: 10_000,
      })
      .toBe(Number(revisionBefore) + 1);
    const revisionNow = await revisionInput.inputValue();
    expect(await alert.innerText()).toContain(`revision ${revisionNow}`);
    expect(await first.getByRole("region", { name: "Where this request stands" }).innerText()).toContain(
      "24 December 2099",
    );
    await checkAccessibility(first, "a request page after a stale post");

    const retry = decisionForm(first);
    await retry.getByLabel("Reason for declining").fill("We do not give promotional quotes.");
    await retry.getByLabel("I have no conflict of interest").check();
    await confirmAndWaitForURL(first, retry.getByRole("button", { name: "Decline request" }), /\?done=decide$/);
    await expect.poll(() => stateBadge(first), { timeout: 10_000 }).toBe("Declined");
  }, 60_000);
});

describe("smaller defects (items 13, 14, 16)", () => {
  it("saving unchanged text is refused with a message, and no version is made", async () => {
    const staff2 = await signedIn("staff2@tautoko.example");
    const reference = await referenceByAsked(
      browserApp.app,
      "Kōwhai Plumbing asked to publish a case study about the Hutt Valley hot-water cylinder replacements.",
    );
    await staff2.goto(`/requests/${reference}/draft`);
    await staff2.getByRole("button", { name: "Add a person" }).waitFor();
    await checkAccessibility(staff2, "the draft page as first opened (item 12)");
    const text = "Between March and June 2026, Kōwhai Plumbing Ltd replaced 40 hot-water cylinders for Kāinga Ora.";
    await staff2.getByLabel("Endorsement text").fill(text);
    const save = staff2.getByRole("button", { name: /^Save as version \d+$/ });
    const number = Number(/(\d+)$/.exec(await save.innerText())?.[1]);
    await clickAndWaitForURL(staff2, save, new RegExp(`/draft\\?saved=${number}$`));
    await staff2.getByRole("button", { name: "Add a person" }).waitFor();
    await staff2.getByLabel("Endorsement text").fill(text);
    await staff2.getByRole("button", { name: `Save as version ${number + 1}` }).click();
    await staff2
      .getByRole("alert")
      .getByText(`This text is exactly the text of version ${number}, so no new version was saved.`)
      .first()
      .waitFor();
    const versions = await withDatabase(browserApp.app, (db) =>
      db
        .selectFrom("endorsement_versions")
        .innerJoin("requests", "requests.id", "endorsement_versions.request_id")
        .select("endorsement_versions.number")
        .where("requests.reference", "=", reference)
        .execute(),
    );
    expect(Math.max(...versions.map((v) => v.number))).toBe(number);
    await checkAccessibility(staff2, "the draft page refusing unchanged text");
  }, 60_000);

  it("attachments are served as the PDF or image their bytes show, still as a download, and anything else as bytes", async () => {
    const staff = await signedIn("staff@tautoko.example");
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Horoeka Surveys Ltd",
      asked: "A reference for their survey work.",
      files: [
        { name: "quote.pdf", mimeType: "application/pdf", buffer: Buffer.from("%PDF-1.4\n%âãÏÓ\n1 0 obj\n", "latin1") },
        { name: "site.png", mimeType: "image/png", buffer: PNG_1X1 },
        // An HTML page that claims to be a PDF: its bytes decide, so it is served as bytes.
        { name: "invoice.pdf", mimeType: "application/pdf", buffer: Buffer.from("<html><script>alert(1)</script>") },
      ],
    });
    await staff.goto(`/requests/${reference}`);
    const served: Record<string, { type: string; disposition: string }> = {};
    const csp: Record<string, string> = {};
    for (const link of await staff.locator('a[href*="/attachments/"]').all()) {
      const response = await staff.request.get((await link.getAttribute("href")) ?? "");
      const headers = response.headers();
      served[await link.innerText()] = {
        type: headers["content-type"] ?? "",
        disposition: (headers["content-disposition"] ?? "").split(";")[0] ?? "",
      };
      csp[await link.innerText()] = headers["content-security-policy"] ?? "";
    }
    // The app's own policy comes first; this one, added for attachments, only narrows it.
    for (const [name, policy] of Object.entries(csp)) expect(policy, name).toContain("default-src 'none'; sandbox");
    const download = { disposition: "attachment" };
    expect(served).toEqual({
      "quote.pdf": { type: "application/pdf", ...download },
      "site.png": { type: "image/png", ...download },
      "invoice.pdf": { type: "application/octet-stream", ...download },
    });
  }, 60_000);

  it("a manager who logs a request is not asked to decide it; the other managers are", async () => {
    const manager = await signedIn("manager@tautoko.example");
    const reference = await logRequestInBrowser(manager, {
      supplierName: "Nīkau Landscaping Ltd",
      asked: "A written reference for a school's landscaping tender.",
    });
    const escalation = (await outboxOf(reference)).find((e) => e.template === "escalation");
    const to = JSON.parse(escalation?.to_addresses ?? "[]") as string[];
    expect(to).toContain("manager2@tautoko.example");
    expect(to).not.toContain("manager@tautoko.example");
    expect(await decisionForm(manager).count(), "nor offered the decision on the page").toBe(0);
  }, 60_000);
});

/** Whether every cell of every table on the page ends inside the page's width: nothing cut off or scrolled away. */
function cellsOutsideWidth(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll("table td, table th")]
      .filter((cell) => cell.getBoundingClientRect().right > width + 1)
      .map((cell) => (cell.textContent ?? "").slice(0, 40));
  });
}

describe("pages that fit (item 12)", () => {
  it("the admin outbox shows all its columns at 1280 px", async () => {
    const admin = await signedIn("admin@tautoko.example");
    await admin.goto("/admin/outbox");
    await admin.getByRole("columnheader", { name: "Sent" }).waitFor();
    expect(await cellsOutsideWidth(admin)).toEqual([]);
    const wrap = await admin.locator(".table-wrap").evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(wrap, "no sideways scrolling").toBeLessThanOrEqual(0);
    await checkAccessibility(admin, "the admin outbox");
  }, 60_000);

  it("the dossier prints on A4 with its hash column whole", async () => {
    const auditor = await browserApp.newPage({ viewport: { width: 703, height: 1000 } }); // A4 less 12 mm margins, at 96 dpi
    await signIn(auditor, "auditor@tautoko.example");
    const reference = await referenceByAsked(browserApp.app, "A case study of the Porirua repairs for Acme's website.");
    await auditor.goto(`/audit/requests/${reference}`);
    await auditor.emulateMedia({ media: "print" });
    expect(await cellsOutsideWidth(auditor)).toEqual([]);
    const hashes = await auditor.locator(".dossier td.mono").count();
    expect(hashes, "the timeline has its hash column").toBeGreaterThan(0);
    await auditor.emulateMedia({ media: "screen" });
    await checkAccessibility(auditor, "the dossier");
  }, 60_000);
});

describe("the start message (item 14)", () => {
  it("lists no demo accounts for a database made without the demo, whose own account signs in", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "tautoko-nodemo-"));
    const databasePath = path.join(dir, "own.sqlite");
    const created = spawnSync(
      "npm",
      ["run", "-s", "user:create", "--", "--email", "rawiri@agency.govt.nz", "--name", "Rāwiri", "--role", "staff"],
      {
        cwd: PROJECT_ROOT,
        env: { ...process.env, NODE_ENV: "development", DATABASE_PATH: databasePath },
        input: "a long enough password\n",
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    expect(created.status, created.stderr).toBe(0);
    // The SQLite file user:create made, on either run of the suite (an empty DATABASE_URL selects SQLite).
    const own = await startApp({ DATABASE_PATH: databasePath, DATABASE_URL: "" });
    try {
      expect(own.output()).toContain("Tautoko is running at");
      expect(own.output()).not.toContain("Demo accounts");
      expect(own.output()).not.toContain("staff@tautoko.example");
      const context = await browserApp.browser.newContext({ baseURL: own.url });
      const page = await context.newPage();
      await signIn(page, "rawiri@agency.govt.nz", "a long enough password");
      expect(new URL(page.url()).pathname).not.toBe("/login");
      await checkAccessibility(page, "the start page of a database without the demo");
      await context.close();
    } finally {
      await own.stop();
    }
    expect(browserApp.app.output(), "the demo database still lists its accounts").toContain("Seeded demo accounts");
  }, 120_000);
});
