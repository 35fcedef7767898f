import { describe, expect, it } from "vitest";
import { refusalFolderFor } from "~/audit/folding.server";
import { delayAfterFailures, MAX_FAILURES_PER_IP } from "~/auth/signIn.server";
import { action as loginAction } from "~/routes/login";
import { loader as myRequestsLoader } from "~/routes/requests._index";
import { call, createTestApp, dataOf, statusOf, TEST_ORIGIN, TEST_PASSWORD, type TestApp } from "../helpers/app";

const STRANGER = "203.0.113.66";
const OWNER = "198.51.100.7";
const OFFICE = "192.0.2.10";

/** A sign-in from `ip`, as the form posts it; `cookie` is what the browser already holds. */
async function login(app: TestApp, ip: string, email: string, password: string, cookie?: string) {
  const headers = new Headers({ Origin: TEST_ORIGIN, "Content-Type": "application/x-www-form-urlencoded" });
  if (cookie) headers.set("Cookie", cookie);
  const request = new Request(`${TEST_ORIGIN}/login`, {
    method: "POST",
    headers,
    body: new URLSearchParams({ email, password, redirectTo: "" }),
  });
  const result = await call(() => loginAction({ request, params: {}, context: { ...app.context, clientIp: ip } }));
  const retryAfter = result instanceof Response ? null : (result as { init?: ResponseInit | null }).init?.headers;
  return {
    status: statusOf(result),
    error: result instanceof Response ? undefined : dataOf<{ error?: string }>(result).error,
    retryAfter: retryAfter ? Number(new Headers(retryAfter).get("Retry-After")) : null,
    cookie: result instanceof Response ? result.headers.get("Set-Cookie")?.split(";")[0] : undefined,
  };
}

async function audited(app: TestApp, action: string) {
  const rows = await app.db.selectFrom("audit_events").select("payload").where("action", "=", action).execute();
  return rows.map((r) => JSON.parse(r.payload) as Record<string, unknown>);
}

describe("sign-in throttling slows a guesser without locking anyone out", () => {
  it("the delay doubles with each failure past five, for that account from that address only", () => {
    expect([0, 4, 5, 6, 7, 8, 9, 10, 30].map((n) => delayAfterFailures(n) / 1000)).toEqual([
      0, 0, 30, 60, 120, 240, 480, 900, 900,
    ]);
  });

  it("a stranger's failures do not stop the owner's correct sign-in, from the owner's address", async () => {
    const app = await createTestApp();
    await app.addUser("mere@tautoko.test", ["procurement_manager"]);
    const answers: number[] = [];
    for (let i = 0; i < 40; i++) answers.push((await login(app, STRANGER, "mere@tautoko.test", `guess ${i}`)).status);
    expect(answers.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(answers.slice(5).every((s) => s === 429)).toBe(true);

    const owner = await login(app, OWNER, "mere@tautoko.test", TEST_PASSWORD);
    expect(owner.status).toBe(302);
    // Again after 15 minutes of guessing, and a day of it: never paused from the owner's side.
    app.advance(15 * 60 * 1000);
    for (let i = 0; i < 5; i++) await login(app, STRANGER, "mere@tautoko.test", `guess ${i}`);
    expect((await login(app, OWNER, "mere@tautoko.test", TEST_PASSWORD)).status).toBe(302);
  });

  it("the guesser waits longer after each failure, is told how long, and the right password then still works", async () => {
    const app = await createTestApp();
    await app.addUser("aroha@tautoko.test", ["staff"]);
    for (let i = 0; i < 5; i++) expect((await login(app, STRANGER, "aroha@tautoko.test", `g${i}`)).status).toBe(401);
    const waits: number[] = [];
    for (let round = 0; round < 4; round++) {
      const paused = await login(app, STRANGER, "aroha@tautoko.test", "again");
      expect(paused.status).toBe(429);
      expect(paused.error).toMatch(
        /Too many unsuccessful sign-ins\. For your security, try again in \d+ (second|minute)s?\./,
      );
      waits.push(paused.retryAfter!);
      app.advance(paused.retryAfter! * 1000);
      expect((await login(app, STRANGER, "aroha@tautoko.test", `late guess ${round}`)).status).toBe(401);
    }
    expect(waits).toEqual([30, 60, 120, 240]);
    // The same answers for an account that does not exist: the pause reveals nothing.
    for (let i = 0; i < 5; i++) await login(app, STRANGER, "ghost@tautoko.test", `g${i}`);
    expect((await login(app, STRANGER, "ghost@tautoko.test", "x")).retryAfter).toBe(30);

    app.advance(8 * 60 * 1000);
    expect((await login(app, STRANGER, "aroha@tautoko.test", TEST_PASSWORD)).status).toBe(302);
    // A success clears the count for that address.
    expect((await login(app, STRANGER, "aroha@tautoko.test", "typo")).status).toBe(401);
  });

  it("a shared address is not blocked by one bad actor, and past its bound still lets in those who signed in there before", async () => {
    const app = await createTestApp();
    await app.addUser("hana@tautoko.test", ["staff"]);
    await app.addUser("ben@tautoko.test", ["staff"]);
    await app.addUser("new@tautoko.test", ["staff"]);
    // One colleague has signed in from the office before.
    expect((await login(app, OFFICE, "hana@tautoko.test", TEST_PASSWORD)).status).toBe(302);
    // A bad actor in the same office guesses at accounts, through the real action.
    for (let i = 0; i < 10; i++) await login(app, OFFICE, `victim${i % 3}@tautoko.test`, `guess ${i}`);
    expect((await login(app, OFFICE, "ben@tautoko.test", TEST_PASSWORD)).status).toBe(302);

    // Far more failures from that address than one actor makes (rows written directly, not hashed one by one).
    const at = app.context.now().toISOString();
    await app.db
      .insertInto("sign_in_attempts")
      .values(
        Array.from({ length: MAX_FAILURES_PER_IP }, (_, i) => ({
          email: `sprayed${i}@x.test`,
          ip: OFFICE,
          at,
          succeeded: 0,
        })),
      )
      .execute();
    expect((await login(app, OFFICE, "hana@tautoko.test", TEST_PASSWORD)).status).toBe(302);
    expect((await login(app, OFFICE, "ben@tautoko.test", TEST_PASSWORD)).status).toBe(302);
    // Someone who never signed in there waits for the address's window; elsewhere they are not affected.
    expect((await login(app, OFFICE, "new@tautoko.test", TEST_PASSWORD)).status).toBe(429);
    expect((await login(app, OWNER, "new@tautoko.test", TEST_PASSWORD)).status).toBe(302);
  });

  it("failures stay audited: the first of each account and address as it happens, repeats as one counted event", async () => {
    const app = await createTestApp();
    await app.addUser("mere@tautoko.test", ["procurement_manager"]);
    for (let i = 0; i < 12; i++) await login(app, STRANGER, "mere@tautoko.test", `guess ${i}`);
    expect(await audited(app, "auth.sign_in_failed")).toEqual([{ email: "mere@tautoko.test", ip: STRANGER }]);
    expect(await audited(app, "auth.sign_in_throttled")).toHaveLength(1);
    await refusalFolderFor(app.db).flush();
    const failed = await audited(app, "auth.sign_in_failed");
    expect(failed).toHaveLength(2);
    expect(failed[1]).toMatchObject({ email: "mere@tautoko.test", ip: STRANGER, repeats: 4 });
    expect((await audited(app, "auth.sign_in_throttled"))[1]).toMatchObject({ ip: STRANGER, repeats: 6 });
  });
});

describe("signing in again in the same browser", () => {
  it("ends the session that browser had, so its old cookie no longer works", async () => {
    const app = await createTestApp();
    await app.addUser("aroha@tautoko.test", ["staff"]);
    await app.addUser("ben@tautoko.test", ["staff"]);
    await app.db.deleteFrom("sessions").execute();
    const first = await login(app, OWNER, "aroha@tautoko.test", TEST_PASSWORD);
    const second = await login(app, OWNER, "ben@tautoko.test", TEST_PASSWORD, first.cookie);
    expect(second.status).toBe(302);
    const page = (cookie: string) =>
      call(() =>
        myRequestsLoader({
          request: new Request(`${TEST_ORIGIN}/requests`, { headers: { Cookie: cookie } }),
          params: {},
          context: app.context,
        }),
      );
    expect(statusOf(await page(first.cookie!))).toBe(302);
    expect(statusOf(await page(second.cookie!))).toBe(200);
    expect(await app.db.selectFrom("sessions").select("user_id").execute()).toHaveLength(1);
  });
});
