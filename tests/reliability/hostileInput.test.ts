import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { action as reassignAction } from "~/routes/admin.reassign";
import { action as supplierAction } from "~/routes/admin.suppliers.$id";
import { action as userAction } from "~/routes/admin.users.$id";
import { action as newUserAction } from "~/routes/admin.users.new";
import { action as delegationAction } from "~/routes/delegation";
import { action as loginAction } from "~/routes/login";
import { action as requestAction } from "~/routes/requests.$reference";
import { action as editAction } from "~/routes/requests.$reference_.edit";
import { action as logAction } from "~/routes/requests.new";
import { createTestApp, TEST_PASSWORD, type TestApp, type TestUser } from "../helpers/app";
import {
  answerOf,
  auditSince,
  encode,
  encodings,
  fingerprint,
  hostileForm,
  hostileText,
  postRequest,
  type Answer,
  type Encoding,
  type Fields,
} from "./hostile";
import { checkDatabase, soakFactor } from "./invariants";
import { logDirectly } from "../helpers/logDirectly";
import { CHANNELS, REQUEST_TYPES } from "~/workflow/vocabulary";

const RUNS = 40 * soakFactor();
/** Answers seen, per form: label → status → count. */
const tried = new Map<string, Map<number, number>>();

afterAll(() => {
  const per = [...tried].map(([label, statuses]) => {
    const n = [...statuses.values()].reduce((a, b) => a + b, 0);
    return {
      label,
      n,
      detail: [...statuses]
        .sort(([a], [b]) => a - b)
        .map(([status, c]) => `${status}×${c}`)
        .join(" "),
    };
  });
  const total = per.reduce((a, p) => a + p.n, 0);
  console.log(
    `[reliability] hostile input: ${total} inputs tried, 0 answered 5xx\n${per.map((p) => `  ${p.label}: ${p.n} (${p.detail})`).join("\n")}`,
  );
});

interface Sent {
  fields: Fields;
  encoding: Encoding;
  breakAt: number;
}

const sent = (form: fc.Arbitrary<Fields>): fc.Arbitrary<Sent> =>
  fc.record({ fields: form, encoding: encodings, breakAt: fc.nat(100) });

/**
 * The property every form action must keep: the answer is a redirect (a
 * valid submission, checked by `onValid`) or a 4xx with a message for the
 * person — never a 500 — and a refused input changes nothing but the audit
 * record of the refusal.
 */
async function expectSafeAnswer(
  app: TestApp,
  label: string,
  send: () => Promise<unknown>,
  onValid: (answer: Answer) => Promise<void> = async () => {},
): Promise<Answer> {
  const before = await fingerprint(app.db);
  const answer = await answerOf(send);
  const statuses = tried.get(label) ?? new Map<number, number>();
  statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
  tried.set(label, statuses);
  if (answer.status === 302) {
    await onValid(answer);
    return answer;
  }
  expect(answer.status, answer.message).toBeGreaterThanOrEqual(400);
  expect(answer.status, answer.message).toBeLessThan(500);
  expect(answer.message.trim().length, `status ${answer.status} without a message`).toBeGreaterThan(0);
  const after = await fingerprint(app.db);
  expect(after.rows).toBe(before.rows);
  for (const action of await auditSince(app.db, before.auditSeq)) expect(action).toMatch(/refused|failed/);
  return answer;
}

function first(fields: Fields, name: string): string | undefined {
  return fields.find(([k]) => k === name)?.[1];
}

/** An undecided request to aim at, logged afresh when the last one was decided. */
async function openRequest(app: TestApp, staff: TestUser) {
  const open = await app.db
    .selectFrom("requests")
    .selectAll()
    .where("state", "in", ["escalated", "drafting"])
    .orderBy("id", "desc")
    .executeTakeFirst();
  if (open) return open;
  const { id } = await logDirectly(app.context, staff);
  return app.db.selectFrom("requests").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

async function people() {
  const app = await createTestApp();
  const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
  const staff2 = await app.addUser("ben@tautoko.test", ["staff"], "Ben Taylor");
  const manager = await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
  const admin = await app.addUser("tui@tautoko.test", ["admin"], "Tui Admin");
  return { app, staff, staff2, manager, admin };
}

const sensibleText = fc.constantFrom(
  "A written reference for their tender.",
  "Kia ora — a case study, please.",
  "Quote for the brochure",
);

describe("hostile input to every form action: 4xx with a message, never a 500, and nothing stored", () => {
  it(
    "logging a request (multipart and urlencoded, with uploads)",
    async () => {
      const { app, staff } = await people();
      const upload = fc.record({
        name: fc.oneof(
          fc.constantFrom("letter.txt", "../../etc/passwd", "a\u0000b.pdf", "CON", "x".repeat(400), "photo.png.exe"),
          hostileText,
        ),
        type: fc.constantFrom(
          "text/plain",
          "image/png",
          "application/x-msdownload",
          "",
          "text/html; charset=utf-7",
          "multipart/form-data; boundary=x",
        ),
        bytes: fc.uint8Array({ maxLength: 64 }),
      });
      const arb = fc.record({
        sent: sent(
          hostileForm(staff.csrf, {
            supplierName: fc.constantFrom("Acme Ltd", "Ngā Mahi Ltd"),
            supplierNzbn: fc.constantFrom("", "9429041234567"),
            supplierContactEmail: fc.constantFrom("", "sales@acme.example"),
            requestType: fc.constantFrom(...REQUEST_TYPES),
            enduring: fc.constantFrom("auto", "yes", "no"),
            channel: fc.constantFrom(...CHANNELS),
            receivedAt: "2026-11-20T09:30",
            asked: sensibleText,
            originalMessage: fc.constantFrom("", "Kia ora, could you write us a reference?"),
            contractRef: fc.constantFrom("", "C-123"),
            conflict: fc.constantFrom("none", "declared"),
            conflictNote: fc.constantFrom("", "My cousin works there."),
          }),
        ),
        uploads: fc.array(upload, { maxLength: 2 }),
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ sent: s, uploads }) => {
          const { body, contentType } = encode(s.fields, s.encoding, s.breakAt);
          if (body instanceof FormData)
            for (const u of uploads) body.append("attachments", new File([u.bytes], u.name, { type: u.type }));
          const requestsBefore = (await app.db.selectFrom("requests").select("id").execute()).length;
          await expectSafeAnswer(
            app,
            "log",
            () =>
              logAction({
                request: postRequest("/requests/new", staff, body, contentType),
                params: {},
                context: app.context,
              }),
            async (answer) => {
              // A valid submission: exactly one request, stored as sent.
              expect(answer.location).toMatch(/^\/requests\/END-2026-\d{4}\?logged=1$/);
              const rows = await app.db.selectFrom("requests").selectAll().orderBy("id").execute();
              expect(rows).toHaveLength(requestsBefore + 1);
              const stored = rows.at(-1)!;
              expect(stored.asked.length).toBeGreaterThan(0);
              expect(stored.asked.length).toBeLessThanOrEqual(5000);
              if (s.encoding === "urlencoded")
                expect(stored.asked).toBe(
                  Buffer.from(first(s.fields, "asked") ?? "", "utf8")
                    .toString()
                    .trim(),
                );
              const files = await app.db
                .selectFrom("attachments")
                .selectAll()
                .where("request_id", "=", stored.id)
                .execute();
              for (const f of files) expect(f.size).toBeGreaterThan(0);
            },
          );
        }),
        { numRuns: RUNS * 2 },
      );

      // Deterministic edge cases for uploads: oversized, too many, empty.
      const withFiles = (files: File[]) => {
        const form = new FormData();
        for (const [k, v] of Object.entries({
          csrf: staff.csrf,
          supplierName: "Acme Ltd",
          requestType: "written_reference",
          enduring: "auto",
          channel: "email",
          receivedAt: "2026-11-20T09:30",
          asked: "A reference.",
          conflict: "none",
        }))
          form.set(k, v);
        for (const f of files) form.append("attachments", f);
        return form;
      };
      const cases: Array<[string, File[], RegExp]> = [
        [
          "a file over 10 MB",
          [new File([new Uint8Array(10 * 1024 * 1024 + 1)], "big.pdf", { type: "application/pdf" })],
          /larger than 10 MB/,
        ],
        ["eleven files", Array.from({ length: 11 }, (_, i) => new File(["x"], `f${i}.txt`)), /at most 10 files/],
        ["an empty file labelled as a PDF", [new File([], "empty.pdf", { type: "application/pdf" })], /is empty/],
      ];
      for (const [, files, message] of cases) {
        const answer = await expectSafeAnswer(app, "log", () =>
          logAction({
            request: postRequest("/requests/new", staff, withFiles(files)),
            params: {},
            context: app.context,
          }),
        );
        expect(answer.status).toBe(400);
        expect(answer.message).toMatch(message);
      }
      expect((await checkDatabase(app.config)).problems).toEqual([]);
    },
    120_000 * soakFactor(),
  );

  it(
    "the request page: decide, extend, cancel and comment",
    async () => {
      const { app, staff, manager } = await people();
      const arb = fc.record({
        asManager: fc.boolean(),
        sent: sent(
          hostileForm("CSRF", {
            intent: fc.constantFrom("decide", "extend", "cancel", "comment"),
            decision: fc.constantFrom("decline", "allowDrafting"),
            revision: "REVISION",
            conflict: fc.constantFrom("none", "declared"),
            conflictNote: fc.constantFrom("", "I know them."),
            reason: sensibleText,
            notifySupplier: fc.constantFrom("", "on"),
            exceptionGround: sensibleText,
            publicRisk: fc.constantFrom("low", "medium", "high"),
            publicNote: sensibleText,
            performanceRisk: fc.constantFrom("low", "medium", "high"),
            performanceNote: sensibleText,
            newDeadlineDate: fc.constantFrom("2026-12-20", "2027-02-01"),
            body: sensibleText,
          }),
        ),
      });
      await fc.assert(
        fc.asyncProperty(arb, async ({ asManager, sent: s }) => {
          const target = await openRequest(app, staff);
          const user = asManager ? manager : staff;
          const fields = s.fields.map(([k, v]): [string, string] => [
            k,
            k === "csrf" && v === "CSRF" ? user.csrf : v === "REVISION" ? String(target.revision) : v,
          ]);
          const { body, contentType } = encode(fields, s.encoding, s.breakAt);
          const path = `/requests/${target.reference}`;
          await expectSafeAnswer(
            app,
            "request page",
            () =>
              requestAction({
                request: postRequest(path, user, body, contentType),
                params: { reference: target.reference },
                context: app.context,
              }),
            async (answer) => {
              expect(answer.location).toMatch(new RegExp(`^${path}\\?done=(decide|extend|cancel|comment)$`));
            },
          );
        }),
        { numRuns: RUNS * 2 },
      );
      // Every change that went through is whole: state, revision, audit, comments and emails agree.
      expect((await checkDatabase(app.config)).problems).toEqual([]);
    },
    120_000 * soakFactor(),
  );

  it(
    "the correction page",
    async () => {
      const { app, staff } = await people();
      const arb = sent(
        hostileForm(staff.csrf, {
          revision: "REVISION",
          requestType: fc.constantFrom(...REQUEST_TYPES),
          enduring: fc.constantFrom("auto", "yes", "no"),
          channel: fc.constantFrom(...CHANNELS),
          receivedAt: "2026-11-20T09:30",
          asked: sensibleText,
          originalMessage: fc.constantFrom("", "Kia ora"),
          contractRef: fc.constantFrom("", "C-9"),
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async (s) => {
          const target = await openRequest(app, staff);
          const fields = s.fields.map(([k, v]): [string, string] => [
            k,
            v === "REVISION" ? String(target.revision) : v,
          ]);
          const { body, contentType } = encode(fields, s.encoding, s.breakAt);
          await expectSafeAnswer(
            app,
            "correction",
            () =>
              editAction({
                request: postRequest(`/requests/${target.reference}/edit`, staff, body, contentType),
                params: { reference: target.reference },
                context: app.context,
              }),
            async (answer) => expect(answer.location).toBe(`/requests/${target.reference}?done=correct`),
          );
        }),
        { numRuns: RUNS },
      );
      expect((await checkDatabase(app.config)).problems).toEqual([]);
    },
    120_000 * soakFactor(),
  );

  it(
    "signing in, including hostile redirect targets",
    async () => {
      const { app } = await people();
      const arb = sent(
        hostileForm("", {
          email: fc.constantFrom("aroha@tautoko.test", "AROHA@tautoko.test ", "nobody@tautoko.test"),
          password: fc.constantFrom(TEST_PASSWORD, "wrong password"),
          redirectTo: fc.oneof(
            fc.constantFrom("/requests", "", "//evil.example", "/\\evil.example", "https://evil.example/"),
            hostileText,
          ),
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async (s) => {
          // A fresh clock hour each time, so throttling (itself a 429 with a message) does not hide the rest.
          app.advance(60 * 60 * 1000);
          const { body, contentType } = encode(s.fields, s.encoding, s.breakAt);
          await expectSafeAnswer(
            app,
            "sign-in",
            () =>
              loginAction({
                request: postRequest("/login", null, body, contentType),
                params: {},
                context: app.context,
              }),
            async (answer) => {
              // Only ever back into Tautoko: a path on this site, never another host.
              expect(answer.location).toMatch(/^\/(?![/\\])/);
              expect(new URL(answer.location!, "http://tautoko.test").origin).toBe("http://tautoko.test");
            },
          );
        }),
        { numRuns: RUNS },
      );
    },
    120_000 * soakFactor(),
  );

  it.each([
    ["a header break", "/requests\r\nSet-Cookie: stolen=1"],
    ["a NUL", "/requests\u0000"],
    ["a tab that browsers drop, making //evil.example", "/\t/evil.example"],
    ["a newline that browsers drop", "/\n/evil.example"],
  ])("a correct sign-in with %s in redirectTo still lands inside Tautoko", async (_what, redirectTo) => {
    const { app } = await people();
    const body = new URLSearchParams({ email: "aroha@tautoko.test", password: TEST_PASSWORD, redirectTo });
    const answer = await expectSafeAnswer(app, "sign-in", () =>
      loginAction({ request: postRequest("/login", null, body), params: {}, context: app.context }),
    );
    expect(answer.status).toBe(302);
    expect(new URL(answer.location!, "http://tautoko.test").origin).toBe("http://tautoko.test");
  });

  it(
    "naming and revoking a delegate",
    async () => {
      const { app, manager, staff2 } = await people();
      const arb = sent(
        hostileForm(manager.csrf, {
          intent: fc.constantFrom("name", "revoke", ""),
          delegateId: fc.constantFrom(String(staff2.id), String(manager.id), "999"),
          startsOn: fc.constantFrom("2026-11-25", "2026-12-01"),
          endsOn: fc.constantFrom("2026-11-30", "2026-12-24"),
          delegationId: fc.constantFrom("1", "2", "0"),
        }),
      );
      await fc.assert(
        fc.asyncProperty(arb, async (s) => {
          const { body, contentType } = encode(s.fields, s.encoding, s.breakAt);
          await expectSafeAnswer(
            app,
            "delegation",
            () =>
              delegationAction({
                request: postRequest("/delegation", manager, body, contentType),
                params: {},
                context: app.context,
              }),
            async (answer) => expect(answer.location).toBe("/delegation"),
          );
        }),
        { numRuns: RUNS },
      );
    },
    120_000 * soakFactor(),
  );

  it(
    "the administration pages: new user, a user's roles and status, suppliers, reassigning",
    async () => {
      const { app, staff, staff2, admin } = await people();
      await logDirectly(app.context, staff);
      const other = await app.db
        .insertInto("suppliers")
        .values({ name: "Other Ltd", nzbn: null, contact_email: null, created_at: "2026-11-20T00:00:00.000Z" })
        .returning("id")
        .executeTakeFirstOrThrow()
        .catch(() => ({ id: 2 }));
      const roles = fc.constantFrom("staff", "procurement_manager", "auditor", "admin");
      const ids = (valid: string[]) =>
        fc.oneof(
          { weight: 4, arbitrary: fc.constantFrom(...valid) },
          { weight: 1, arbitrary: fc.constantFrom("0", "-1", "1.5", "99999999999999999999") },
          { weight: 1, arbitrary: hostileText },
        );
      const forms: Array<{
        label: string;
        arb: fc.Arbitrary<{ id: string; s: Sent }>;
        send: (id: string, r: Request) => Promise<unknown>;
        path: (id: string) => string;
      }> = [
        {
          label: "admin: new user",
          arb: fc.record({
            id: fc.constant(""),
            s: sent(
              hostileForm(admin.csrf, {
                email: fc.constantFrom("new@tautoko.test", "not-an-email"),
                name: fc.constantFrom("Hana Kerei", ""),
                roles,
                password: fc.constantFrom("a long enough passphrase", "short"),
              }),
            ),
          }),
          send: (_id, request) => newUserAction({ request, params: {}, context: app.context }),
          path: () => "/admin/users/new",
        },
        {
          label: "admin: a user",
          arb: fc.record({
            id: ids([String(staff2.id), String(admin.id)]),
            s: sent(hostileForm(admin.csrf, { intent: fc.constantFrom("roles", "disable", "enable"), roles })),
          }),
          send: (id, request) => userAction({ request, params: { id }, context: app.context }),
          path: (id) => `/admin/users/${encodeURIComponent(id)}`,
        },
        {
          label: "admin: a supplier",
          arb: fc.record({
            id: ids(["1", String(other.id)]),
            s: sent(
              hostileForm(admin.csrf, {
                intent: fc.constantFrom("update", "merge"),
                name: fc.constantFrom("Acme Limited", ""),
                nzbn: fc.constantFrom("", "9429041234567", "123"),
                contactEmail: fc.constantFrom("", "a@b.example"),
                intoId: fc.constantFrom("1", String(other.id), "0"),
              }),
            ),
          }),
          send: (id, request) => supplierAction({ request, params: { id }, context: app.context }),
          path: (id) => `/admin/suppliers/${encodeURIComponent(id)}`,
        },
        {
          label: "admin: reassign",
          arb: fc.record({
            id: fc.constant(""),
            s: sent(
              hostileForm(admin.csrf, {
                fromUserId: fc.constantFrom(String(staff.id), "0"),
                toUserId: fc.constantFrom(String(staff2.id), String(staff.id), "0"),
              }),
            ),
          }),
          send: (_id, request) => reassignAction({ request, params: {}, context: app.context }),
          path: () => "/admin/reassign",
        },
      ];
      for (const form of forms) {
        await fc.assert(
          fc.asyncProperty(form.arb, async ({ id, s }) => {
            const { body, contentType } = encode(s.fields, s.encoding, s.breakAt);
            await expectSafeAnswer(
              app,
              form.label,
              () => form.send(id, postRequest(form.path(id), admin, body, contentType)),
              async (answer) => {
                expect(answer.location).toMatch(/^\/admin\//);
              },
            );
          }),
          { numRuns: RUNS },
        );
      }
      expect((await checkDatabase(app.config)).problems).toEqual([]);
    },
    180_000 * soakFactor(),
  );
});
