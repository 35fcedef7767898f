import fs from "node:fs";
import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestApp, TEST_ORIGIN, type TestApp, type TestUser } from "../helpers/app";
import { serveInProcess, type InProcessServer } from "../helpers/inProcess";
import { auditSince, fingerprint } from "./hostile";
import { logDirectly } from "../helpers/logDirectly";
import {
  DATE_FIELDS,
  hostileBodies,
  GOOD_QUERY_VALUES,
  IMPOSSIBLE_DATES,
  JUNK_QUERY_VALUES,
  leaksInternals,
  QUERY_PARAMETERS,
  queryFilters,
  routeFiles,
  type RouteFile,
} from "./hostileHttp";

/**
 * The whole HTTP stack (the server layer, Remix, the error pages) probed with
 * what a stranger sends, on every route found in app/routes: non-form bodies to
 * every action as every role, impossible dates in every date field and query
 * parameter, old-style ?_data= requests, and methods no route takes. Every
 * answer is below 500, holds no stack trace or server path, and stores nothing.
 */

interface Answer {
  status: number;
  location: string | null;
  text: string;
}

let app: TestApp;
let server: InProcessServer;
let people: Record<"staff" | "manager" | "admin" | "auditor", TestUser>;
let routes: Array<RouteFile & { hasAction: boolean }>;
let reference: string;
const tally = new Map<string, { probes: number; fivexx: number }>();

function send(method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer) {
  return new Promise<Answer>((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port: server.port, method, path, headers: { ...headers, Connection: "close" } },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (d: string) => (text += d));
        response.on("end", () =>
          resolve({ status: response.statusCode ?? 0, location: response.headers.location ?? null, text }),
        );
      },
    );
    request.on("error", reject);
    request.end(body);
  });
}

function count(kind: string, answer: Answer) {
  const t = tally.get(kind) ?? { probes: 0, fivexx: 0 };
  t.probes += 1;
  if (answer.status >= 500) t.fivexx += 1;
  tally.set(kind, t);
}

/** The answer is below 500 and shows nothing of the server's insides. */
function expectPlainAnswer(kind: string, what: string, answer: Answer) {
  count(kind, answer);
  expect(answer.status, `${what}: ${answer.text.slice(0, 300)}`).toBeLessThan(500);
  expect(leaksInternals(answer.text), `${what} showed`).toBeNull();
}

/**
 * A post that must be refused: a 4xx, or a redirect within the site (a stranger
 * to sign in; someone signed in away from the sign-in page), with nothing
 * stored and only refusals audited.
 */
async function expectRefusedPost(
  kind: string,
  what: string,
  user: TestUser | null,
  send: () => Promise<Answer>,
  path = "",
) {
  const before = await fingerprint(app.db);
  const answer = await send();
  expectPlainAnswer(kind, what, answer);
  // The live-findings check answers in place (200) to any text it can read; it stores nothing, as checked below.
  const answersInPlace = user !== null && CHECKS_ONLY.test(path) && answer.status === 200;
  if (answer.status < 400 && !answersInPlace) {
    expect(answer.status, what).toBeGreaterThanOrEqual(300);
    expect(answer.location ?? "", what).toMatch(user ? /^\/(?![/\\])/ : /^\/login/);
  }
  expect((await fingerprint(app.db)).rows, `${what} changed something`).toBe(before.rows);
  for (const action of await auditSince(app.db, before.auditSeq)) expect(action).toMatch(/refused|failed|throttled/);
}

/** Posts that check what they are sent and store nothing. */
const CHECKS_ONLY = /\/findings$/;

function headersFor(user: TestUser | null, contentType?: string): Record<string, string> {
  const headers: Record<string, string> = { Origin: TEST_ORIGIN };
  if (user) headers.Cookie = user.cookie;
  if (contentType) headers["Content-Type"] = contentType;
  return headers;
}

beforeAll(async () => {
  app = await createTestApp();
  const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
  people = {
    staff,
    manager: await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata"),
    admin: await app.addUser("tui@tautoko.test", ["admin"], "Tui Admin"),
    auditor: await app.addUser("ari@tautoko.test", ["auditor"], "Ari Auditor"),
  };
  ({ reference } = await logDirectly(app.context, staff));
  const files = routeFiles({ reference, id: "1", attachmentId: "1" });
  routes = await Promise.all(
    files.map(async (r) => ({
      ...r,
      hasAction: typeof ((await import(r.file)) as { action?: unknown }).action === "function",
    })),
  );
  server = await serveInProcess(app);
}, 120_000);

afterAll(async () => {
  await server?.close();
  const lines = [...tally].map(([kind, t]) => `  ${kind}: ${t.probes} probes, ${t.fivexx} answered 5xx`);
  const total = [...tally.values()].reduce((n, t) => n + t.probes, 0);
  console.log(`[reliability] hostile HTTP: ${total} probes over ${routes?.length ?? 0} routes\n${lines.join("\n")}`);
});

describe("hostile requests to every route over HTTP: below 500, no stack trace, nothing stored", () => {
  it("finds the routes and their actions in app/routes", () => {
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.filter((r) => r.hasAction).map((r) => r.path)).toEqual(
      expect.arrayContaining(["/login", "/requests/new", "/requests/END-2026-0001/edit", "/delegation"]),
    );
  });

  it("every kind of non-form body, posted to every action as every role and as a stranger", async () => {
    for (const route of routes.filter((r) => r.hasAction)) {
      // Signing out takes no body and ends the session whatever is sent; only a stranger's is probed.
      const users = route.path === "/logout" ? [null] : [null, ...Object.values(people)];
      for (const user of users) {
        for (const body of hostileBodies(user?.csrf ?? "")) {
          await expectRefusedPost(
            "non-form bodies",
            `${body.label} to ${route.path} as ${user?.email ?? "a stranger"}`,
            user,
            () => send("POST", route.path, headersFor(user, body.contentType), body.body),
            route.path,
          );
        }
      }
    }
  }, 300_000);

  it("impossible dates in every date field of every action", async () => {
    const { revision } = await app.db.selectFrom("requests").select("revision").executeTakeFirstOrThrow();
    for (const route of routes.filter((r) => r.hasAction && r.path !== "/logout" && r.path !== "/login")) {
      for (const user of [people.staff, people.manager, people.admin]) {
        for (const date of IMPOSSIBLE_DATES) {
          for (const intent of ["extend", "name", "approve"]) {
            const form = new URLSearchParams({
              csrf: user.csrf,
              intent,
              revision: String(revision),
              conflict: "none",
              reason: "The supplier asked for more time.",
              delegateId: String(people.staff.id),
            });
            for (const field of DATE_FIELDS) form.set(field, date);
            await expectRefusedPost(
              "impossible dates in forms",
              `${date} (${intent}) to ${route.path} as ${user.email}`,
              user,
              () => send("POST", route.path, headersFor(user, "application/x-www-form-urlencoded"), form.toString()),
              route.path,
            );
          }
        }
      }
    }
  }, 300_000);

  it("impossible dates and hostile values in every query parameter of every page, search and export", async () => {
    for (const route of routes) {
      // A stranger, and the two roles that see the searches, exports and figures.
      for (const user of [null, people.manager, people.auditor]) {
        for (const value of [...IMPOSSIBLE_DATES, "\u0000%ZZ'; drop table requests; --"]) {
          const query = new URLSearchParams(QUERY_PARAMETERS.map((p) => [p, value])).toString();
          const answer = await send("GET", `${route.path}?${query}`, user ? { Cookie: user.cookie } : {});
          expectPlainAnswer(
            "impossible dates in filters",
            `${route.path}?… = ${value} as ${user?.email ?? "a stranger"}`,
            answer,
          );
        }
      }
    }
  }, 300_000);

  it("every loader reads its query through the shared parser, and each reader of it is probed below", () => {
    const listed = Object.keys(queryFilters(reference));
    for (const route of routes) {
      const source = fs.readFileSync(route.file, "utf8");
      expect(/\.searchParams\b/.test(source), `${route.file} reads the query itself`).toBe(false);
      if (/\b(parseQuery|searchQueryOf)\(/.test(source))
        expect(listed, `${route.path} is not probed`).toContain(route.path);
    }
  });

  it("impossible dates and junk in every filter of every loader: 400 naming the filter, nothing stored", async () => {
    for (const [path, { as, parameters }] of Object.entries(queryFilters(reference))) {
      const user = people[as];
      for (const [name, kind] of Object.entries(parameters)) {
        const junk = typeof kind === "string" ? JUNK_QUERY_VALUES[kind] : JUNK_QUERY_VALUES.choice;
        // The same parameter twice, where the page sends it once, is as unreadable as junk.
        const probes = [
          ...junk.map((v) => [[name, v]]),
          ...(name === "state"
            ? []
            : [
                [
                  [name, "1"],
                  [name, "2"],
                ],
              ]),
        ];
        for (const pairs of probes) {
          const what = `${path}?${new URLSearchParams(pairs).toString()} as ${user.email}`;
          const before = await fingerprint(app.db);
          const answer = await send("GET", `${path}?${new URLSearchParams(pairs).toString()}`, { Cookie: user.cookie });
          expectPlainAnswer("junk in loader filters", what, answer);
          expect(answer.status, `${what}: ${answer.text.slice(0, 200)}`).toBe(400);
          expect(answer.text, what).toContain(name);
          expect(answer.text, what).toMatch(/nothing was done/);
          expect((await fingerprint(app.db)).rows, `${what} stored something`).toBe(before.rows);
          expect(await auditSince(app.db, before.auditSeq), `${what} was recorded`).toEqual([]);
        }
        const good = typeof kind === "string" ? GOOD_QUERY_VALUES[kind] : kind.choice;
        const answer = await send("GET", `${path}?${name}=${encodeURIComponent(good)}`, { Cookie: user.cookie });
        expect(answer.status, `${path}?${name}=${good} is refused, so the probe above proves nothing`).not.toBe(400);
      }
    }
  }, 300_000);

  it("old-style ?_data= requests to every route's loader: a 400 that says so", async () => {
    for (const route of routes) {
      for (const user of [null, people.manager]) {
        const answer = await send(
          "GET",
          `${route.path}?_data=${encodeURIComponent(route.id)}`,
          user ? { Cookie: user.cookie } : {},
        );
        expectPlainAnswer("?_data= requests", `${route.path}?_data`, answer);
        expect(answer.status).toBe(400);
        expect(answer.text).toMatch(/do not answer this kind of data request/);
      }
    }
  }, 120_000);

  it("TRACE, PUT, DELETE, PATCH, OPTIONS and made-up methods on every route: 405 with Allow", async () => {
    for (const route of routes) {
      for (const method of ["TRACE", "PUT", "DELETE", "PATCH", "OPTIONS", "PROPFIND", "FOO"]) {
        const answer = await send(method, route.path, headersFor(people.manager));
        expectPlainAnswer("unknown methods", `${method} ${route.path}`, answer);
        // Node's own HTTP parser answers a method it has never heard of with 400 before the app sees it.
        expect(answer.status).toBe(method === "FOO" ? 400 : 405);
        if (answer.status === 405) expect(answer.text).toMatch(/nothing here answers that method/);
      }
    }
  }, 120_000);

  it("a post whose Host differs from its Origin (a proxy that rewrites Host) is answered as APP_URL", async () => {
    const body = new URLSearchParams({ email: "aroha@tautoko.test", password: "not it" }).toString();
    const type = "application/x-www-form-urlencoded";
    for (const host of ["evil.example", "127.0.0.1:1", "a b", "[::1", ""]) {
      const fromApp = await send("POST", "/login", { Host: host, Origin: TEST_ORIGIN, "Content-Type": type }, body);
      expectPlainAnswer("Host differs from Origin", `Host ${host}`, fromApp);
      expect(fromApp.status === 401 || fromApp.status === 400, `Host "${host}": ${fromApp.status}`).toBe(true);
      const fromElsewhere = await send(
        "POST",
        "/login",
        { Host: host, Origin: `http://${host}`, "Content-Type": type },
        body,
      );
      expectPlainAnswer("Host differs from Origin", `Host and Origin ${host}`, fromElsewhere);
      expect(fromElsewhere.status).toBeGreaterThanOrEqual(400);
    }
  });
});
