import fs from "node:fs";
import path from "node:path";
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { beforeAll, describe, expect, it } from "vitest";
import { PROJECT_ROOT } from "~/cli/paths";
import { call, createTestApp, type TestApp, type TestUser } from "../helpers/app";

/**
 * Every route's loader and action, for every role and for anonymous
 * visitors, against expectations written by hand. The routes come from the
 * files, so a new route without an entry here fails the test.
 *
 * ok: 200 with data · login: sent to sign in · redirect: sent elsewhere ·
 * 400/403/404: refused. Actions are posted with the session's CSRF token and
 * an empty form, so anyone allowed gets 400 (field errors) and nothing changes.
 *
 * One more person, not a column: an admin-only account that a manager named
 * acting delegate (a row made before that was refused). Admins act as nobody's
 * delegate, so they must get exactly what the admin column says, on every route.
 */
type Who = "anon" | "requester" | "otherStaff" | "manager" | "auditor" | "admin";
type Outcome = "ok" | "login" | "redirect" | "400" | "403" | "404";
type Row = [anon: Outcome, requester: Outcome, otherStaff: Outcome, manager: Outcome, auditor: Outcome, admin: Outcome];
const WHO: Who[] = ["anon", "requester", "otherStaff", "manager", "auditor", "admin"];
/** Each person signed in for the matrix, and the column whose expectations they are held to. */
const COLUMN_OF = {
  requester: "requester",
  otherStaff: "otherStaff",
  manager: "manager",
  auditor: "auditor",
  admin: "admin",
  adminDelegate: "admin",
} as const satisfies Record<string, Who>;
type Person = keyof typeof COLUMN_OF;

const admin: Row = ["login", "403", "403", "403", "403", "ok"];
const auditReaders: Row = ["login", "403", "403", "ok", "ok", "403"];
const adminPost: Row = ["login", "403", "403", "403", "403", "400"];

const EXPECTED: Record<string, { loader?: Row; action?: Row; form?: Record<string, string> }> = {
  _index: { loader: ["login", "redirect", "redirect", "redirect", "redirect", "redirect"] },
  login: {
    loader: ["ok", "redirect", "redirect", "redirect", "redirect", "redirect"],
    action: ["400", "400", "400", "400", "400", "400"],
  },
  // Without OIDC_ISSUER (as here) there is no provider to sign in at.
  "auth.oidc": { loader: ["404", "404", "404", "404", "404", "404"] },
  "auth.oidc_.callback": { loader: ["404", "404", "404", "404", "404", "404"] },
  logout: {
    loader: ["redirect", "redirect", "redirect", "redirect", "redirect", "redirect"],
    action: ["login", "login", "login", "login", "login", "login"],
  },
  queue: { loader: ["login", "403", "403", "ok", "403", "403"] },
  "requests._index": { loader: ["login", "ok", "ok", "ok", "ok", "ok"] },
  "requests.all": { loader: ["login", "403", "403", "ok", "ok", "403"] },
  "requests.new": {
    loader: ["login", "ok", "ok", "403", "403", "403"],
    action: ["login", "400", "400", "403", "403", "403"],
  },
  "requests.$reference": {
    loader: ["login", "ok", "404", "ok", "ok", "404"],
    action: ["login", "400", "404", "400", "403", "404"],
    form: { intent: "comment" },
  },
  "requests.$reference_.attachments.$attachmentId": { loader: ["login", "ok", "404", "ok", "ok", "404"] },
  "requests.$reference_.edit": {
    loader: ["login", "ok", "404", "403", "403", "404"],
    action: ["login", "400", "404", "403", "403", "404"],
  },
  "requests.$reference_.draft": {
    loader: ["login", "ok", "404", "ok", "403", "404"],
    action: ["login", "400", "404", "400", "403", "404"],
  },
  // "I'm handling this": only those who could decide it (the requester may not; the auditor never).
  "requests.$reference_.claim": { action: ["login", "403", "404", "400", "403", "404"] },
  "requests.$reference_.findings": { action: ["login", "400", "404", "400", "403", "404"] },
  "requests.$reference_.versions": { loader: ["login", "ok", "404", "ok", "ok", "404"] },
  "requests.$reference_.review": {
    loader: ["login", "403", "404", "ok", "403", "404"],
    action: ["login", "403", "404", "400", "403", "404"],
  },
  "requests.$reference_.endorsement-review": {
    loader: ["login", "403", "404", "ok", "403", "404"],
    action: ["login", "403", "404", "400", "403", "404"],
  },
  account: {
    loader: ["login", "ok", "ok", "ok", "ok", "ok"],
    action: ["login", "400", "400", "400", "400", "400"],
  },
  // A supplier's page lists its requests, so it is for those who see every request.
  "suppliers.$id": { loader: ["login", "403", "403", "ok", "ok", "403"] },
  register: { loader: ["login", "403", "403", "ok", "ok", "403"] },
  // Staff see where a manager named them delegate (and why it ended); only managers name one.
  delegation: {
    loader: ["login", "ok", "ok", "ok", "403", "403"],
    action: ["login", "403", "403", "400", "403", "403"],
  },
  "audit._index": { loader: auditReaders, action: ["login", "403", "403", "400", "400", "403"] },
  "audit.requests.$reference": { loader: auditReaders },
  "audit.verify": { loader: auditReaders, action: ["login", "403", "403", "400", "400", "403"] },
  "audit.figures": { loader: auditReaders },
  "audit.export[.]csv": { loader: auditReaders },
  "audit.export[.]json": { loader: auditReaders },
  "admin._index": { loader: admin },
  "admin.users._index": { loader: admin },
  "admin.users.new": { loader: admin, action: adminPost },
  "admin.users.$id": { loader: admin, action: adminPost },
  "admin.suppliers._index": { loader: admin },
  "admin.suppliers.$id": { loader: admin, action: adminPost },
  "admin.reassign": { loader: admin, action: adminPost },
  "admin.outbox._index": { loader: admin },
  "admin.outbox.$id": { loader: admin },
};

const routeFileNames = new Map(
  fs
    .readdirSync(path.join(PROJECT_ROOT, "app/routes"))
    .filter((f) => /\.tsx?$/.test(f))
    .map((f) => [f.replace(/\.tsx?$/, ""), f] as const),
);
const routeFiles = [...routeFileNames.keys()].sort();

function outcomeOf(result: unknown): Outcome {
  if (result instanceof Response) {
    if (result.status === 302) return result.headers.get("Location")?.startsWith("/login") ? "login" : "redirect";
    if (result.status === 200) return "ok";
    return String(result.status) as Outcome;
  }
  if (result && typeof result === "object" && "init" in result) {
    const status = (result as { init?: { status?: number } | null }).init?.status ?? 200;
    return status === 200 ? "ok" : (String(status) as Outcome);
  }
  return "ok";
}

describe("the access matrix", () => {
  let app: TestApp;
  let people: Record<Person, TestUser>;
  let params: Record<string, string>;

  beforeAll(async () => {
    app = await createTestApp();
    const requester = await app.addUser("aroha@tautoko.test", ["staff"]);
    people = {
      requester,
      otherStaff: await app.addUser("ben@tautoko.test", ["staff"]),
      manager: await app.addUser("mere@tautoko.test", ["procurement_manager"]),
      auditor: await app.addUser("hana@tautoko.test", ["auditor"]),
      admin: await app.addUser("tom@tautoko.test", ["admin"]),
      adminDelegate: await app.addUser("rangi@tautoko.test", ["admin"]),
    };
    await app.db
      .insertInto("delegations")
      .values({
        manager_id: people.manager.id,
        delegate_id: people.adminDelegate.id,
        starts_on: "2026-01-01",
        ends_on: "2027-12-31",
        created_at: "2026-01-01T00:00:00.000Z",
        revoked_at: null,
      })
      .execute();
    const { action } = await import("~/routes/requests.new");
    const form = new FormData();
    for (const [k, v] of Object.entries({
      csrf: requester.csrf,
      supplierName: "Acme Ltd",
      requestType: "case_study",
      enduring: "auto",
      channel: "email",
      receivedAt: "2026-11-20T09:00",
      asked: "A case study.",
      conflict: "none",
    }))
      form.set(k, v);
    form.append("attachments", new File(["letter"], "letter.txt"));
    await call(() =>
      action({
        request: app.request("/requests/new", { user: requester, body: form }),
        params: {},
        context: app.context,
      }),
    );
    const outbox = await app.db.selectFrom("outbox").select("id").executeTakeFirstOrThrow();
    params = { reference: "END-2026-0001", attachmentId: "1", id: String(outbox.id) };
  });

  it("has an expectation for every route file, and no stale ones", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(routeFiles);
  });

  it.each(routeFiles)("%s", async (file) => {
    const expected = EXPECTED[file];
    if (!expected) throw new Error(`No expectation for app/routes/${file}: add one by hand.`);
    const mod = (await import(path.join(PROJECT_ROOT, "app/routes", routeFileNames.get(file)!))) as {
      loader?: (args: LoaderFunctionArgs) => Promise<unknown>;
      action?: (args: ActionFunctionArgs) => Promise<unknown>;
    };
    expect(Boolean(mod.loader), `${file} has a loader`).toBe(Boolean(expected.loader));
    expect(Boolean(mod.action), `${file} has an action`).toBe(Boolean(expected.action));
    // A fresh session each time: the logout route's action ends the previous one.
    for (const who of Object.keys(people) as Array<keyof typeof people>) people[who] = await app.signIn(people[who]);
    const url = `/${file}`;
    const got: Record<string, { loader?: Outcome; action?: Outcome }> = {};
    const want: Record<string, { loader?: Outcome; action?: Outcome }> = {};
    const everyone: Array<["anon", null] | [Person, TestUser]> = [
      ["anon", null],
      ...(Object.entries(people) as Array<[Person, TestUser]>),
    ];
    for (const [who, user] of everyone) {
      const i = WHO.indexOf(who === "anon" ? "anon" : COLUMN_OF[who]);
      got[who] = {};
      want[who] = {};
      if (mod.loader && expected.loader) {
        const request = app.request(url, { user });
        got[who].loader = outcomeOf(await call(() => mod.loader!({ request, params, context: app.context })));
        want[who].loader = expected.loader[i];
      }
      if (mod.action && expected.action) {
        const body = new URLSearchParams({ ...(user ? { csrf: user.csrf } : {}), ...(expected.form ?? {}) });
        const request = app.request(url, { user, body });
        got[who].action = outcomeOf(await call(() => mod.action!({ request, params, context: app.context })));
        want[who].action = expected.action[i];
      }
    }
    expect(got).toEqual(want);
  });

  it("changed nothing: no request other than the one logged, and its revision is untouched", async () => {
    const requests = await app.db.selectFrom("requests").select(["reference", "state", "revision"]).execute();
    expect(requests).toEqual([{ reference: "END-2026-0001", state: "escalated", revision: 1 }]);
  });
});
