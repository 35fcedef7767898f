import { launchChromium } from "~/cli/chromium";
import { startApp } from "~/cli/runApp";
import { DEMO_PASSWORD } from "~/demo/demoData";
const app = await startApp();
const browser = await launchChromium();
try {
  const ctx = await browser.newContext({ baseURL: app.url, viewport: { width: 1280, height: 900 } });
  const page = await ctx.newPage();
  await page.goto("/login");
  await page.getByLabel("Email address").fill("manager@tautoko.example");
  await page.getByLabel("Password").fill(DEMO_PASSWORD);
  await Promise.all([page.waitForURL((u) => u.pathname !== "/login"), page.getByRole("button", { name: "Sign in" }).click()]);
  await page.goto("/requests/all", { waitUntil: "networkidle" });
  const href = await page.locator("table.list tbody tr").filter({ hasText: "In review" }).first().getByRole("link").first().getAttribute("href");
  await page.goto(`${href}/review`, { waitUntil: "networkidle" });
  await page.getByRole("button", { name: "Mark all nine as met" }).waitFor();
  const m = await page.evaluate(() => ({
    height: document.scrollingElement!.scrollHeight,
    textLength: document.getElementById("reviewed-text")?.textContent?.length,
    approveBottom: [...document.querySelectorAll("button")].find((b) => /^Approve/.test(b.textContent ?? ""))?.getBoundingClientRect().bottom,
  }));
  console.log(JSON.stringify(m));
  await page.screenshot({ path: "/tmp/review-now.png", fullPage: true });
} finally {
  await browser.close();
  await app.stop();
}
