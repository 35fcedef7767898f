import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  checkAccessibility,
  confirmAndWaitForURL,
  logRequestInBrowser,
  runJobsOnce,
  signIn,
  startBrowserApp,
  withDatabase,
} from "./helpers";

const browserApp = startBrowserApp();

/** The request's state, as the badge beside its heading says it. */
const stateBadge = (page: Page) => page.locator(".page-header .badge").first().innerText();
const outcome = (page: Page) => page.getByRole("region", { name: "Where this request stands" }).innerText();

/** Everything a sweep could change: the audit log, the outbox and the requests' states. */
function snapshotOfDatabase() {
  return withDatabase(browserApp.app, async (db) => ({
    auditEvents: (
      await db
        .selectFrom("audit_events")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
    emails: (
      await db
        .selectFrom("outbox")
        .select((eb) => eb.fn.countAll<number>().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
    states: await db
      .selectFrom("requests")
      .select(["reference", "state", "declined_by_default"])
      .orderBy("reference")
      .execute(),
  }));
}

function deadlineOf(reference: string): Promise<string> {
  return withDatabase(browserApp.app, async (db) => {
    const row = await db
      .selectFrom("requests")
      .select("deadline_at")
      .where("reference", "=", reference)
      .executeTakeFirstOrThrow();
    return row.deadline_at;
  });
}

const minutes = (iso: string, n: number) => new Date(Date.parse(iso) + n * 60_000).toISOString();

describe("declined requests", () => {
  it("the manager declines a request with a reason, and the member of staff sees it", async () => {
    const [staff, manager] = await Promise.all([browserApp.newPage(), browserApp.newPage()]);
    await Promise.all([signIn(staff, "staff@tautoko.example"), signIn(manager, "manager@tautoko.example")]);
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Harakeke Fencing Ltd",
      asked: "A written reference for their tender to Wellington City Council.",
    });

    await manager.goto(`/requests/${reference}`);
    const form = manager.locator('form[aria-labelledby="decide-heading"]');
    await form.locator("#exceptionGround").waitFor({ state: "detached" });
    expect(await form.getByLabel("Decline (the default)").isChecked(), "decline is preselected").toBe(true);
    await form.getByLabel("Reason for declining").fill("We do not give references for tenders to other agencies.");
    await form.getByLabel("I have no conflict of interest").check();
    await confirmAndWaitForURL(manager, form.getByRole("button", { name: "Decline request" }), /\?done=decide$/);
    await manager.getByRole("status").getByText("Your decision is recorded").waitFor();
    expect(await stateBadge(manager)).toBe("Declined");

    await staff.goto(`/requests/${reference}`);
    expect(await stateBadge(staff)).toBe("Declined");
    const shown = await outcome(staff);
    expect(shown).toContain("Declined by Mere Parata on ");
    expect(shown).toContain("We do not give references for tenders to other agencies.");
    await checkAccessibility(staff, "a declined request, as its requester sees it");
  }, 45_000);

  it("a request nobody decides is declined by default once its deadline passes (time moved by jobs:once)", async () => {
    const staff = await browserApp.newPage();
    await signIn(staff, "staff@tautoko.example");
    const reference = await logRequestInBrowser(staff, {
      supplierName: "Pōhutukawa Painters Ltd",
      asked: "Use of our name in their list of clients.",
    });
    const deadline = await deadlineOf(reference);

    const before = await runJobsOnce(browserApp.app, ["--now", minutes(deadline, -1)]);
    expect(before.code, before.stderr).toBe(0);
    await staff.goto(`/requests/${reference}`);
    expect(await stateBadge(staff), "a minute before the deadline it is still waiting").toBe("Escalated");
    expect(await outcome(staff)).toContain("Outcome: Decline (default).");

    const after = await runJobsOnce(browserApp.app, ["--now", minutes(deadline, 1)]);
    expect(after.code, after.stderr).toBe(0);
    expect(JSON.parse(after.stdout.trim().split("\n").at(-1) ?? "{}")).toMatchObject({ now: minutes(deadline, 1) });
    await staff.goto(`/requests/${reference}`);
    expect(await stateBadge(staff)).toBe("Declined");
    expect(await outcome(staff)).toMatch(
      /^Declined by default on .+: No decision was made by the deadline, so the request was declined by default, as the policy requires\.$/,
    );
    await checkAccessibility(staff, "a request declined by default");
  }, 45_000);

  it("jobs:once refuses to move time in production, and changes nothing", async () => {
    const before = await snapshotOfDatabase();
    const refused = await runJobsOnce(browserApp.app, ["--now", "2099-01-01T00:00:00Z"], {
      NODE_ENV: "production",
      SESSION_SECRET: "a-production-secret-of-at-least-32-characters",
      APP_URL: "https://tautoko.example.govt.nz",
    });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("Refusing --now with NODE_ENV=production: time cannot be moved on a live system.");
    expect(refused.stdout.trim()).toBe("");
    expect(await snapshotOfDatabase()).toEqual(before);
  }, 45_000);
});
