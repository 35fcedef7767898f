import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { checkAccessibility, signIn, startBrowserApp, withDatabase } from "../browser/helpers";

/**
 * An auditor who runs no scripts, in a real browser: downloads the JSON
 * export from the workspace and uploads it on the verify page.
 */

const browserApp = startBrowserApp();

describe("verifying a downloaded export on the verify page", () => {
  it("the page verifies the file and shows the export's own event as the head", async () => {
    const page = await browserApp.newPage();
    await signIn(page, "auditor@tautoko.example");
    await page.goto("/audit");
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("link", { name: "JSON with the audit chain" }).click(),
    ]);
    const file = await download.path();
    const exported = JSON.parse(fs.readFileSync(file, "utf8")) as { exportEvent: { seq: number; hash: string } };
    const stored = await withDatabase(browserApp.app, (db) =>
      db.selectFrom("audit_events").select("hash").where("seq", "=", exported.exportEvent.seq).executeTakeFirst(),
    );
    expect(stored?.hash).toBe(exported.exportEvent.hash);

    await page.goto("/audit/verify");
    await page.getByLabel("Export file (JSON)").setInputFiles(file);
    await page.getByRole("button", { name: "Verify the file" }).click();
    const verdict = page.getByRole("status").filter({ hasText: "The export verifies:" });
    await verdict.waitFor();
    expect(await verdict.innerText()).toContain(`seq 1 to ${exported.exportEvent.seq}`);
    const section = page.locator('section[aria-labelledby="upload-heading"]');
    expect(await section.locator("dt:has-text('Head hash') + dd").innerText()).toBe(exported.exportEvent.hash);
    await checkAccessibility(page, "an export verified on the verify page");

    // The same file with one event's contents changed names that event.
    const changed = JSON.parse(fs.readFileSync(file, "utf8")) as { events: Array<{ action: string }> };
    changed.events[2]!.action = "edited";
    await page.getByLabel("Export file (JSON)").setInputFiles({
      name: "changed.json",
      mimeType: "application/json",
      buffer: Buffer.from(JSON.stringify(changed)),
    });
    await page.getByRole("button", { name: "Verify the file" }).click();
    await page.getByRole("alert").filter({ hasText: "chain broken at seq 3" }).waitFor();
  }, 90_000);
});
