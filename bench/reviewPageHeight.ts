/**
 * `npx tsx bench/reviewPageHeight.ts`: how tall the review page of the demo's
 * version in review (a short text with no findings) is at 1280 px in Chromium,
 * and where its approve button ends (issue 21 item 1: one screen for a short
 * text). Starts its own app with the demo seed; prints one JSON line.
 */
import { launchChromium } from "~/cli/chromium";
import { startApp } from "~/cli/runApp";
import { DEMO_PASSWORD } from "~/demo/demoData";

const app = await startApp();
const browser = await launchChromium();
try {
  const context = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill("manager@tautoko.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await Promise.all([
    page.waitForURL((url) => url.pathname !== "/login"),
    page.getByRole("button", { name: "Sign in" }).click(),
  ]);
  await page.goto("/requests/all", { waitUntil: "networkidle" });
  const row = page.locator("table.list tbody tr").filter({ hasText: "In review" }).first();
  const href = await row.getByRole("link").first().getAttribute("href");
  await page.goto(`${href}/review`, { waitUntil: "networkidle" });
  // Measured once hydrated, as a manager sees it.
  await page.getByRole("button", { name: "Mark all nine as met" }).waitFor();
  const figures = await page.evaluate(() => ({
    pageHeightPx: (document.scrollingElement ?? document.documentElement).scrollHeight,
    textChars: document.getElementById("reviewed-text")?.textContent?.length ?? null,
    approveButtonBottomPx: [...document.querySelectorAll("button")]
      .find((b) => (b.textContent ?? "").startsWith("Approve version"))
      ?.getBoundingClientRect().bottom,
  }));
  console.log(JSON.stringify({ width: 1280, ...figures }));
} finally {
  await browser.close();
  await app.stop();
}
