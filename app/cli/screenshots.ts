/**
 * `npm run screenshots [-- --url http://127.0.0.1:3000] [-- --out DIR]`: signs
 * in as each demo role in Debian's Chromium and saves full-page PNGs of the
 * main pages, 1280 px wide, to `public/screenshots/` (or DIR); the pages
 * marked `phone` also at 390 px, as NAME-390.png, and those taken at both
 * widths as NAME-1280.png and NAME-390.png.
 *
 * With `--url` it photographs an app already running with the demo seed;
 * without, it starts one itself (`npm start` on a free loopback port with a
 * throwaway database) and stops it afterwards.
 */
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import type { Browser, Page } from "playwright-core";
import { DEMO_PASSWORD } from "~/demo/demoData";
import { CHROMIUM_PATH, launchChromium } from "~/cli/chromium";
import { PROJECT_ROOT } from "~/cli/paths";
import { startApp } from "~/cli/runApp";

const USAGE = "Usage: npm run screenshots [-- --url http://127.0.0.1:3000] [-- --out public/screenshots]";
interface Shot {
  file: string;
  /** The demo account to sign in as, or null for someone not signed in. */
  account: string | null;
  /** Opens the page to photograph. */
  open: (page: Page) => Promise<void>;
  /** The window's width in CSS pixels; 1280 unless a phone's (390) is wanted. */
  width?: number;
  /** Also photographed 390 px wide, as a phone shows it. */
  phone?: boolean;
}

const PHONE_WIDTH = 390;

const goTo = (pathname: string) => async (page: Page) => {
  await page.goto(pathname, { waitUntil: "networkidle" });
};

/** Text with the puffery the checker flags, for the draft page's live findings. */
const PUFFERY = "Acme is the best contractor and we recommend them to everyone.";

/** The first link in the first row of the list at `listPath` whose text includes `rowText` (a state, say). */
async function rowLink(page: Page, listPath: string, rowText: string): Promise<string> {
  await page.goto(listPath, { waitUntil: "networkidle" });
  const href = await page
    .locator("table.list tbody tr")
    .filter({ hasText: rowText })
    .first()
    .getByRole("link")
    .first()
    .getAttribute("href");
  if (!href) throw new Error(`No row with "${rowText}" at ${listPath}; is the demo seeded?`);
  return href;
}

/** The same page at a desktop's 1280 px and a phone's 390 px: `NAME-1280.png`, `NAME-390.png`. */
function bothWidths(name: string, account: string, open: Shot["open"]): Shot[] {
  return [1280, 390].map((width) => ({ file: `${name}-${width}.png`, account, open, width }));
}

const SHOTS: readonly Shot[] = [
  { file: "login.png", account: null, open: goTo("/login") },
  { file: "my-requests.png", account: "staff@tautoko.example", open: goTo("/requests") },
  { file: "log-request.png", account: "staff@tautoko.example", open: goTo("/requests/new") },
  {
    file: "request.png",
    account: "staff@tautoko.example",
    // The escalated demo request: the supplier's message, an attachment, a discussion and a timeline.
    open: async (page) => {
      await page.goto(await rowLink(page, "/requests", "Escalated"), { waitUntil: "networkidle" });
    },
  },
  { file: "queue.png", account: "manager@tautoko.example", open: goTo("/queue"), phone: true },
  { file: "all-requests.png", account: "manager@tautoko.example", open: goTo("/requests/all"), phone: true },
  { file: "account.png", account: "manager@tautoko.example", open: goTo("/account"), phone: true },
  { file: "admin.png", account: "admin@tautoko.example", open: goTo("/admin") },
  {
    file: "admin-user.png",
    account: "admin@tautoko.example",
    // A member of staff's account: roles, the sign-in pause, disabling.
    open: async (page) => {
      await page.goto(await rowLink(page, "/admin/users", "staff@tautoko.example"), { waitUntil: "networkidle" });
    },
    phone: true,
  },
  {
    file: "draft-live-findings.png",
    account: "staff2@tautoko.example",
    // The demo request where drafting is allowed, with puffery typed (not saved) so the live findings show.
    open: async (page) => {
      await page.goto(`${await rowLink(page, "/requests", "Drafting allowed")}/draft`, { waitUntil: "networkidle" });
      // The button only exists once React has hydrated the page, and the live checks with it.
      await page.getByRole("button", { name: "Add a person" }).waitFor();
      await page.getByLabel("Endorsement text").fill(PUFFERY);
      await page.locator("mark.finding").first().waitFor();
    },
  },
  {
    file: "versions.png",
    account: "manager@tautoko.example",
    open: async (page) => {
      await page.goto(`${await rowLink(page, "/requests/all", "In review")}/versions?a=1&b=2`, {
        waitUntil: "networkidle",
      });
    },
  },
  ...bothWidths("review", "manager@tautoko.example", async (page) => {
    await page.goto(`${await rowLink(page, "/requests/all", "In review")}/review`, { waitUntil: "networkidle" });
  }),
  // The periodic review of the endorsement in force: record a review (withdrawing asks first) or withdraw.
  ...bothWidths("endorsement-review", "manager@tautoko.example", async (page) => {
    await page.goto(`${await rowLink(page, "/requests/all", "Approved")}/endorsement-review`, {
      waitUntil: "networkidle",
    });
  }),
  ...bothWidths("request-escalated-manager", "manager@tautoko.example", async (page) => {
    await page.goto(await rowLink(page, "/requests/all", "Escalated"), { waitUntil: "networkidle" });
  }),
  ...bothWidths("request-withdrawn", "manager@tautoko.example", async (page) => {
    await page.goto(await rowLink(page, "/requests/all", "Withdrawn"), { waitUntil: "networkidle" });
  }),
  ...bothWidths("request-expired", "manager@tautoko.example", async (page) => {
    await page.goto(await rowLink(page, "/requests/all", "Expired"), { waitUntil: "networkidle" });
  }),
  ...bothWidths("draft", "staff2@tautoko.example", async (page) => {
    await page.goto(`${await rowLink(page, "/requests", "Drafting allowed")}/draft`, { waitUntil: "networkidle" });
    await page.getByRole("button", { name: "Add a person" }).waitFor();
    await page.getByLabel("Endorsement text").fill(PUFFERY);
    await page.locator("mark.finding").first().waitFor();
  }),
  { file: "register.png", account: "manager@tautoko.example", open: goTo("/register"), phone: true },
  {
    file: "supplier.png",
    account: "manager@tautoko.example",
    // A supplier's page: every request it made, counted.
    open: async (page) => {
      await page.goto("/register", { waitUntil: "networkidle" });
      const href = await page.locator('td[data-label="Supplier"] a').first().getAttribute("href");
      if (!href) throw new Error("No supplier link in the register; is the demo seeded?");
      await page.goto(href, { waitUntil: "networkidle" });
    },
    phone: true,
  },
  {
    file: "register-review-due.png",
    account: "manager@tautoko.example",
    open: goTo("/register?view=review_due"),
  },
  { file: "audit-search.png", account: "auditor@tautoko.example", open: goTo("/audit?q=Kainga"), phone: true },
  {
    file: "audit-search-saved.png",
    account: "auditor@tautoko.example",
    // Words only in a comment, the result saying so, and the search saved under a name.
    open: async (page) => {
      await page.goto("/audit?q=rang+again", { waitUntil: "networkidle" });
      await page.getByLabel("Save this search as").fill("Acme chasing");
      await page.getByRole("button", { name: "Save search", exact: true }).click();
      await page.getByRole("link", { name: "Acme chasing", exact: true }).waitFor();
    },
    phone: true,
  },
  {
    file: "dossier.png",
    account: "auditor@tautoko.example",
    // The in-review request: two versions, a diff, findings and a timeline.
    open: async (page) => {
      await page.goto(await rowLink(page, "/audit?state=in_review", "In review"), { waitUntil: "networkidle" });
    },
    phone: true,
  },
  { file: "audit-verify.png", account: "auditor@tautoko.example", open: goTo("/audit/verify") },
  { file: "audit-figures.png", account: "auditor@tautoko.example", open: goTo("/audit/figures") },
];

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto("/login");
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/login"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
}

async function photograph(browser: Browser, baseURL: string, outDir: string): Promise<string[]> {
  const saved: string[] = [];
  // One browser context per account and width, so each role signs in once per width.
  const pages = new Map<string, Page>();
  for (const shot of SHOTS) {
    const width = shot.width ?? 1280;
    const key = `${shot.account ?? "anonymous"}@${width}`;
    let page = pages.get(key);
    if (!page) {
      // Dates and times as a member of staff in Aotearoa sees them.
      const context = await browser.newContext({
        baseURL,
        viewport: { width, height: 800 },
        locale: "en-NZ",
        timezoneId: "Pacific/Auckland",
      });
      context.setDefaultTimeout(15_000);
      page = await context.newPage();
      if (shot.account) await signIn(page, shot.account);
      pages.set(key, page);
    }
    await shot.open(page);
    const files = [path.join(outDir, shot.file)];
    await page.screenshot({ path: files[0], fullPage: true });
    if (shot.phone) {
      const desktop = page.viewportSize();
      await page.setViewportSize({ width: PHONE_WIDTH, height: 844 });
      files.push(path.join(outDir, shot.file.replace(/\.png$/, `-${PHONE_WIDTH}.png`)));
      await page.screenshot({ path: files[1], fullPage: true });
      if (desktop) await page.setViewportSize(desktop);
    }
    for (const file of files) {
      saved.push(file);
      const shown = path.relative(process.cwd(), file).startsWith("..") ? file : path.relative(process.cwd(), file);
      console.log(`Saved ${shown} (${shot.account ?? "not signed in"}: ${new URL(page.url()).pathname})`);
    }
  }
  return saved;
}

async function main(argv: string[]): Promise<number> {
  let options: { url?: string; out?: string };
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: { url: { type: "string" }, out: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    console.error(`screenshots: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (!fs.existsSync(CHROMIUM_PATH)) {
    console.error(
      `screenshots: no Chromium at ${CHROMIUM_PATH}; install it with \`apt-get install chromium\` or set CHROMIUM_PATH.`,
    );
    return 2;
  }
  // A relative --out is relative to where the command was typed (npm run moves to the package root).
  const outDir = options.out
    ? path.resolve(process.env.INIT_CWD ?? process.cwd(), options.out)
    : path.join(PROJECT_ROOT, "public", "screenshots");
  fs.mkdirSync(outDir, { recursive: true });

  const app = options.url
    ? { url: options.url.replace(/\/+$/, ""), stop: async () => {} }
    : await startApp({}, { timeoutMs: 180_000 });
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    await photograph(browser, app.url, outDir);
    return 0;
  } finally {
    await browser?.close();
    await app.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error("screenshots failed:", error);
    process.exitCode = 1;
  },
);
