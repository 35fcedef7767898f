import { spawn } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { AxeResults, ImpactValue } from "axe-core";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { openDatabase, type DB } from "#db/client";
import { launchChromium } from "~/cli/chromium";
import { PROJECT_ROOT } from "~/cli/paths";
import { startApp, type RunningApp } from "../helpers/server";

/** The password of every demo account (README, "The two commands"). */
export const DEMO_PASSWORD = "tautoko-demo-2026";

export interface BrowserApp {
  readonly url: string;
  readonly app: RunningApp;
  readonly browser: Browser;
  /** A page in a fresh browser context (its own cookies), 1280 px wide. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
}

/**
 * One `npm start` (own database, demo seed) and one Chromium for the calling
 * test file, both stopped after its last test.
 */
export function startBrowserApp(): BrowserApp {
  let app: RunningApp | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    [app, browser] = await Promise.all([startApp(), launchChromium()]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await app?.stop();
  });
  const started = () => {
    if (!app || !browser) throw new Error("The app and browser start in beforeAll; use them inside a test.");
    return { app, browser };
  };
  return {
    get url() {
      return started().app.url;
    },
    get app() {
      return started().app;
    },
    get browser() {
      return started().browser;
    },
    async newPage(options: BrowserContextOptions = {}) {
      const context = await started().browser.newContext({
        baseURL: started().app.url,
        viewport: { width: 1280, height: 900 },
        locale: "en-NZ",
        timezoneId: "Pacific/Auckland",
        ...options,
      });
      // Shorter than the test's own limit, so a failure names the step that waited.
      context.setDefaultTimeout(10_000);
      return context.newPage();
    },
  };
}

/** Signs in through the login form (works with JavaScript on or off) and waits for the start page. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/login"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

/**
 * Opens "Log a request" and waits for React to hydrate it, so the form runs
 * its client-side checks instead of posting natively. The conflict note is
 * rendered for browsers without JavaScript and hidden once hydrated (until a
 * conflict is declared), so its removal is the sign.
 */
export async function openLoggingForm(page: Page): Promise<void> {
  await page.goto("/requests/new");
  await page.locator("#conflictNote").waitFor({ state: "detached" });
}

const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const BLOCKING_IMPACTS: readonly ImpactValue[] = ["serious", "critical"];

interface Violation {
  id: string;
  impact: ImpactValue | undefined;
  help: string;
  helpUrl: string;
  nodes: { target: string; html: string; failureSummary: string }[];
}

/** axe-core's WCAG 2.0/2.1 A and AA violations on the page as it is now. */
export async function axeViolations(page: Page): Promise<Violation[]> {
  // Evaluated through the DevTools protocol, which the app's nonce-only CSP does not block
  // (a <script> tag without the nonce would be refused).
  const present = await page.evaluate(() => "axe" in window);
  if (!present) await page.evaluate(`${axeSource}\n;undefined`);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (context: Document, options: object) => Promise<AxeResults> } })
      .axe;
    const results = await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] },
    });
    return results.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? undefined,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({
        target: n.target.map(String).join(" "),
        html: n.html,
        failureSummary: n.failureSummary ?? "",
      })),
    }));
  });
}

function describeViolations(label: string, url: string, violations: readonly Violation[]): string {
  const lines = [`${violations.length} serious or critical accessibility problem(s) on ${label} (${url}):`];
  for (const v of violations) {
    lines.push(`- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
    for (const node of v.nodes) {
      lines.push(`    at ${node.target}: ${node.html.slice(0, 200)}`);
      for (const line of node.failureSummary.split("\n")) lines.push(`      ${line}`);
    }
  }
  return lines.join("\n");
}

/**
 * Asserts axe-core finds no serious or critical WCAG 2.1 A/AA violation. The
 * assertion is soft, so one journey reports every page's problems at once.
 */
export async function checkAccessibility(page: Page, label: string): Promise<void> {
  const blocking = (await axeViolations(page)).filter((v) => v.impact && BLOCKING_IMPACTS.includes(v.impact));
  const report = blocking.length === 0 ? "" : describeViolations(label, page.url(), blocking);
  expect.soft(report, `accessibility of ${label}`).toBe("");
}

/**
 * On the review page: every criterion marked met row by row (as without
 * JavaScript, where there is no "mark all" button) and no known performance
 * problems or disputes.
 */
export async function markEveryCriterionMet(page: Page): Promise<void> {
  for (const row of await page.locator(".criterion").all()) await row.getByLabel("Met", { exact: true }).check();
  await page
    .getByRole("group", { name: /performance problems or disputes/ })
    .getByLabel("No", { exact: true })
    .check();
}

/** POSTs the page sends from now on (form submissions, fetcher and data requests). */
export function recordPosts(page: Page): string[] {
  const posts: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "POST") posts.push(request.url());
  });
  return posts;
}

/**
 * Presses Tab until the focused element matches `selector`, as a keyboard user
 * moves forward through the page; fails if it is not reached within `maxPresses`.
 */
export async function tabTo(page: Page, selector: string, maxPresses = 30): Promise<void> {
  for (let i = 0; i < maxPresses; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
  }
  const focused = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200) ?? "nothing");
  throw new Error(`Tab did not reach ${selector} within ${maxPresses} presses; focus is on ${focused}`);
}

/** Opens the app's SQLite file (the app keeps running), runs `read` and closes it again. */
export async function withDatabase<T>(app: RunningApp, read: (db: DB) => Promise<T>): Promise<T> {
  const db = openDatabase(app);
  try {
    return await read(db);
  } finally {
    await db.destroy();
  }
}

/** The reference of the request whose "what was asked" is exactly `asked`: how a test finds a demo request. */
export function referenceByAsked(app: RunningApp, asked: string): Promise<string> {
  return withDatabase(app, async (db) => {
    const row = await db.selectFrom("requests").select("reference").where("asked", "=", asked).executeTakeFirst();
    if (!row) throw new Error(`No request asked "${asked}"; has the demo seed changed?`);
    return row.reference;
  });
}

/**
 * Logs a request through the form with JavaScript on, as a member of staff
 * (already signed in on `page`) would, and returns its reference.
 */
export async function logRequestInBrowser(
  page: Page,
  request: {
    supplierName: string;
    asked: string;
    supplierContactEmail?: string;
    files?: { name: string; mimeType: string; buffer: Buffer }[];
  },
): Promise<string> {
  await openLoggingForm(page);
  await page.getByLabel("Supplier name").fill(request.supplierName);
  if (request.supplierContactEmail) await page.getByLabel("Supplier contact email").fill(request.supplierContactEmail);
  if (request.files) await page.getByLabel("Attachments").setInputFiles(request.files);
  await page.getByLabel("What did they ask for?").selectOption({ label: "Written reference" });
  await page.getByLabel("How did it arrive?").selectOption({ label: "Email" });
  await page.getByLabel("What exactly was asked?").fill(request.asked);
  await page.getByLabel("No conflict").check();
  await Promise.all([
    page.waitForURL(/\/requests\/END-[^/?]+\?logged=1$/),
    page.getByRole("button", { name: "Log request and escalate" }).click(),
  ]);
  const reference = /\/requests\/(END-[^/?]+)\?logged=1$/.exec(page.url())?.[1];
  if (!reference) throw new Error(`Not on a newly logged request's page: ${page.url()}`);
  return reference;
}

export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `npm run -s jobs:once -- ARGS` for real, against the app's database, with
 * emails written to a folder of the app's own; `env` overrides (for example
 * NODE_ENV=production). Killed if it has not finished within 60 s.
 */
export function runJobsOnce(
  app: RunningApp,
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<CommandResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("npm", ["run", "-s", "jobs:once", "--", ...args], {
      cwd: PROJECT_ROOT,
      env: {
        ...process.env,
        // vitest sets NODE_ENV=test; an operator's shell would have development (or production).
        NODE_ENV: "development",
        DATABASE_PATH: app.databasePath,
        ...(app.databaseUrl === null ? {} : { DATABASE_URL: app.databaseUrl }),
        EMAIL_DIR: path.join(app.dir, "jobs-eml"),
        SMTP_URL: "",
        ...env,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000);
    child.on("error", (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Clicks (a submit button, say) and waits for the address to match; if it
 * does not, the error names what the page says instead (its error summary or alert).
 */
export async function clickAndWaitForURL(page: Page, target: ReturnType<Page["locator"]>, url: RegExp): Promise<void> {
  try {
    await Promise.all([page.waitForURL(url), target.click()]);
  } catch (error) {
    const said = await page
      .locator(".error-summary, [role=alert]")
      .allInnerTexts()
      .catch(() => []);
    const shown = said.map((text) => text.replace(/\s+/g, " ").trim()).join(" | ");
    throw new Error(`Expected to reach ${url} but stayed on ${page.url()}; the page says: ${shown || "nothing"}`, {
      cause: error,
    });
  }
}

/**
 * Presses a final action's button (decline, withdraw, cancel), says yes to
 * its confirmation — the dialog with JavaScript, the server's confirmation
 * step without — and waits for the address to match.
 */
export async function confirmAndWaitForURL(
  page: Page,
  target: ReturnType<Page["locator"]>,
  url: RegExp,
): Promise<void> {
  await target.click();
  const yes = page.locator("dialog[open], .confirm-step").getByRole("button", { name: /^Yes, / });
  await clickAndWaitForURL(page, yes, url);
}
