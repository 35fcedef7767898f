import { describe, expect, it } from "vitest";
import { getOutboxEmail } from "~/mail/outbox.server";
import { action as logAction } from "~/routes/requests.new";
import { loader as requestLoader } from "~/routes/requests.$reference";
import { loader as attachmentLoader } from "~/routes/requests.$reference_.attachments.$attachmentId";
import { call, createTestApp, dataOf, statusOf, type TestApp, type TestUser } from "../helpers/app";

function validForm(user: TestUser, overrides: Record<string, string | null> = {}): FormData {
  const fields: Record<string, string> = {
    csrf: user.csrf,
    supplierName: "Acme Building Services Ltd",
    supplierNzbn: "9429041234567",
    supplierContactEmail: "marketing@acme.example",
    requestType: "written_reference",
    enduring: "auto",
    channel: "email",
    receivedAt: "2026-11-20T09:30",
    asked: "A written reference for their tender to Wellington City Council.",
    originalMessage: "Kia ora, could Kāinga Ora write us a reference?",
    contractRef: "C-123",
    conflict: "none",
  };
  const form = new FormData();
  for (const [k, v] of Object.entries({ ...fields, ...overrides })) if (v !== null) form.set(k, v);
  return form;
}

async function postLog(app: TestApp, user: TestUser, form: FormData) {
  return call(() =>
    logAction({ request: app.request("/requests/new", { user, body: form }), params: {}, context: app.context }),
  );
}

async function counts(app: TestApp) {
  const n = async (table: "requests" | "attachments" | "suppliers" | "outbox") =>
    Number(
      (
        await app.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as("n"))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    requests: await n("requests"),
    attachments: await n("attachments"),
    suppliers: await n("suppliers"),
    outbox: await n("outbox"),
  };
}

describe("logging a request through the route's action", () => {
  it("stores it escalated with outcome decline, a reference, its attachment and the escalation email", async () => {
    // Logged on Wednesday 2026-12-23 at 10:00 NZ time (NZDT, UTC+13).
    const app = await createTestApp({ now: "2026-12-22T21:00:00.000Z" });
    const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
    await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
    const form = validForm(staff);
    form.append(
      "attachments",
      new File([new TextEncoder().encode("the supplier's letter")], "letter.txt", { type: "text/plain" }),
    );

    const result = await postLog(app, staff, form);
    expect(result).toBeInstanceOf(Response);
    const response = result as Response;
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toBe("/requests/END-2026-0001?logged=1");

    const stored = await app.db.selectFrom("requests").selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      reference: "END-2026-0001",
      state: "escalated",
      outcome: "decline",
      requester_id: staff.id,
      enduring: 1,
      received_at: "2026-11-19T20:30:00.000Z", // 09:30 NZDT on 20 Nov
      revision: 1,
    });
    // The end of Tuesday 2027-01-12, midnight NZDT.
    expect(stored.deadline_at).toBe("2027-01-12T11:00:00.000Z");

    const attachment = await app.db.selectFrom("attachments").selectAll().executeTakeFirstOrThrow();
    // sha256("the supplier's letter"), computed independently with `printf %s ... | sha256sum`.
    expect(attachment.sha256).toBe("d759540b545ad5b0357cf5dd3dacf897bbb02aca2cb590b82052092dcddcd5e0");
    expect(attachment.size).toBe(21);

    const email = await app.db.selectFrom("outbox").selectAll().executeTakeFirstOrThrow();
    expect(JSON.parse(email.to_addresses)).toEqual(["mere@tautoko.test"]);
    expect(email.subject).toContain("END-2026-0001");
    expect((await getOutboxEmail(app.db, email.id))!.text).toContain("http://tautoko.test/requests/END-2026-0001");

    const audit = await app.db
      .selectFrom("audit_events")
      .selectAll()
      .where("action", "=", "request.logged")
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ actor_id: staff.id, request_id: stored.id, from_state: null, to_state: "escalated" });
  });

  it.each([
    // Saturday 2027-03-06, 11:00 NZDT → ten working days from Monday 8 March → the end of Friday 19 March.
    ["logged on Saturday 2027-03-06", "2027-03-05T22:00:00.000Z", "2027-03-19T11:00:00.000Z"],
    // Sunday 2027-04-04, the day daylight saving ends (03:00 NZDT → 02:00 NZST), logged 14:00 NZST →
    // Mon 5 … Fri 16 April; midnight NZST (UTC+12) is 12:00 UTC, not 11:00.
    ["logged the day daylight saving ends", "2027-04-04T02:00:00.000Z", "2027-04-16T12:00:00.000Z"],
  ])("sets the response deadline exactly when %s", async (_label, loggedAt, due) => {
    const app = await createTestApp({ now: loggedAt });
    const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
    const result = await postLog(app, staff, validForm(staff, { receivedAt: "2027-03-01T09:00" }));
    expect(statusOf(result)).toBe(302);
    const stored = await app.db.selectFrom("requests").select(["deadline_at", "reference"]).executeTakeFirstOrThrow();
    expect(stored.deadline_at).toBe(due);
    expect(stored.reference).toBe("END-2027-0001");
  });

  it("keeps an emoji file name as long as a file system allows whole, and refuses a longer one with a message", async () => {
    // Found by the hostile-input property test: cutting the name at 255 code units split an emoji's
    // surrogate pair, and the audit event's canonical JSON refused the lone half (a 500). Names are
    // now never cut: up to 255 UTF-16 units (NTFS's limit, the widest) are kept as sent.
    const app = await createTestApp({ now: "2026-12-22T21:00:00.000Z" });
    const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
    await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
    const longest = `${"😀".repeat(125)}.txt`;
    const form = validForm(staff);
    form.append("attachments", new File(["x"], longest, { type: "text/plain" }));
    expect(statusOf(await postLog(app, staff, form))).toBe(302);
    const attachment = await app.db.selectFrom("attachments").selectAll().executeTakeFirstOrThrow();
    expect(attachment.filename).toBe(longest);

    const tooLong = validForm(staff);
    tooLong.append("attachments", new File(["x"], `${"😀".repeat(200)}.txt`, { type: "text/plain" }));
    const refused = await postLog(app, staff, tooLong);
    expect(statusOf(refused)).toBe(400);
    expect(dataOf<{ fieldErrors: { attachments: string } }>(refused).fieldErrors.attachments).toMatch(
      /longer than 255 characters/,
    );
    expect(await app.db.selectFrom("attachments").select("id").execute()).toHaveLength(1);
  });

  it.each([
    ["a quoted name with a semicolon and an equals sign", 'filename="Quote; final=v2.txt"', "Quote; final=v2.txt"],
    ["only an RFC 5987 filename*", "filename*=UTF-8''T%C4%81mata%20%E6%97%A5%E6%9C%AC.txt", "Tāmata 日本.txt"],
    ["a raw UTF-8 name, as browsers send it", 'filename="Kāinga Ora — brief.pdf"', "Kāinga Ora — brief.pdf"],
  ])("stores a file sent with %s under the name as sent", async (_what, disposition, stored) => {
    const app = await createTestApp({ now: "2026-12-22T21:00:00.000Z" });
    const staff = await app.addUser("aroha@tautoko.test", ["staff"], "Aroha Ngata");
    await app.addUser("mere@tautoko.test", ["procurement_manager"], "Mere Parata");
    // Written by hand: FormData would quote the name its own way.
    const boundary = "----tautoko-test-boundary";
    const parts = [...validForm(staff).entries()].map(
      ([k, v]) => `--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${String(v)}\r\n`,
    );
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; ${disposition}\r\nContent-Type: text/plain\r\n\r\nquote\r\n`,
      `--${boundary}--\r\n`,
    );
    const request = new Request("http://tautoko.test/requests/new", {
      method: "POST",
      headers: {
        Cookie: staff.cookie,
        Origin: "http://tautoko.test",
        "Content-Type": `multipart/form-data; boundary=${boundary}`,
      },
      body: Buffer.from(parts.join(""), "utf8"),
    });
    const result = await call(() => logAction({ request, params: {}, context: app.context }));
    expect(statusOf(result)).toBe(302);
    const attachments = await app.db.selectFrom("attachments").select(["filename", "size"]).execute();
    expect(attachments).toEqual([{ filename: stored, size: 5 }]);
  });

  it("numbers references sequentially per year, also when two are logged at once", async () => {
    const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
    const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
    const results = await Promise.all(Array.from({ length: 5 }, () => postLog(app, staff, validForm(staff))));
    expect(results.map(statusOf)).toEqual([302, 302, 302, 302, 302]);
    const refs = (await app.db.selectFrom("requests").select("reference").orderBy("reference").execute()).map(
      (r) => r.reference,
    );
    expect(refs).toEqual(["END-2026-0001", "END-2026-0002", "END-2026-0003", "END-2026-0004", "END-2026-0005"]);
    // A verbal request is not enduring by default.
    await postLog(app, staff, validForm(staff, { requestType: "verbal" }));
    const verbal = await app.db
      .selectFrom("requests")
      .select("enduring")
      .where("reference", "=", "END-2026-0006")
      .executeTakeFirstOrThrow();
    expect(verbal.enduring).toBe(0);
  });
});

describe("bad input answers 400 with field errors and stores nothing", () => {
  const cases: Array<[string, Record<string, string | null>, string, RegExp]> = [
    ["a missing supplier name", { supplierName: null }, "supplierName", /supplier's name/],
    ["missing what was asked", { asked: "   " }, "asked", /what the supplier asked/],
    ["a missing conflict declaration", { conflict: null }, "conflict", /conflict of interest/],
    ["a 12-digit NZBN", { supplierNzbn: "942904123456" }, "supplierNzbn", /13 digits/],
    ["an email that is not one", { supplierContactEmail: "marketing at acme" }, "supplierContactEmail", /valid email/],
    ["a 1 MB description", { asked: "x".repeat(1024 * 1024) }, "asked", /too long|5,000 characters/],
    ["an unknown request type", { requestType: "billboard" }, "requestType", /what kind of endorsement/],
    ["a received date in the future", { receivedAt: "2026-12-25T09:00" }, "receivedAt", /future/],
    ["a received date that is not a date", { receivedAt: "yesterday-ish" }, "receivedAt", /date and time/],
    ["a declared conflict with no description", { conflict: "declared" }, "conflictNote", /Describe the conflict/],
  ];

  it.each(cases)("%s", async (_label, overrides, field, message) => {
    const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
    const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
    const result = await postLog(app, staff, validForm(staff, overrides));
    expect(statusOf(result)).toBe(400);
    const body = dataOf<{ fieldErrors: Record<string, string> }>(result);
    expect(body.fieldErrors[field]).toMatch(message);
    expect(await counts(app)).toEqual({ requests: 0, attachments: 0, suppliers: 0, outbox: 0 });
  });

  it("an 11 MB attachment, and an empty one", async () => {
    const app = await createTestApp({ now: "2026-11-24T22:00:00.000Z" });
    const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
    const form = validForm(staff);
    form.append(
      "attachments",
      new File([new Uint8Array(11 * 1024 * 1024)], "brochure.pdf", { type: "application/pdf" }),
    );
    form.append("attachments", new File([], "empty.txt"));
    const result = await postLog(app, staff, form);
    expect(statusOf(result)).toBe(400);
    const errors = dataOf<{ fieldErrors: Record<string, string> }>(result).fieldErrors;
    expect(errors.attachments).toContain('"brochure.pdf" is larger than 10 MB.');
    expect(errors.attachments).toContain('"empty.txt" is empty.');
    expect(await counts(app)).toEqual({ requests: 0, attachments: 0, suppliers: 0, outbox: 0 });
  });

  it("a malformed multipart body is a 400, not a 500", async () => {
    const app = await createTestApp();
    const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
    const request = new Request("http://tautoko.test/requests/new", {
      method: "POST",
      headers: {
        Cookie: staff.cookie,
        Origin: "http://tautoko.test",
        "Content-Type": "multipart/form-data; boundary=xyz",
      },
      body: '--xyz\r\nContent-Disposition: form-data; name="supplierName"\r\n\r\nAcme\r\n--x',
    });
    const result = await call(() => logAction({ request, params: {}, context: app.context }));
    expect(statusOf(result)).toBeGreaterThanOrEqual(400);
    expect(statusOf(result)).toBeLessThan(500);
    expect((await counts(app)).requests).toBe(0);
  });
});

describe("who may log and read", () => {
  it("sends anonymous visitors to sign in", async () => {
    const app = await createTestApp();
    await app.addUser("aroha@tautoko.test", ["staff"]);
    const result = await call(() =>
      requestLoader({
        request: app.request("/requests/END-2026-0001"),
        params: { reference: "END-2026-0001" },
        context: app.context,
      }),
    );
    expect(statusOf(result)).toBe(302);
    expect((result as Response).headers.get("Location")).toBe("/login?redirectTo=%2Frequests%2FEND-2026-0001");
  });

  it("a member of staff cannot read another's request or its attachments, and cannot tell they exist", async () => {
    const app = await createTestApp();
    const aroha = await app.addUser("aroha@tautoko.test", ["staff"]);
    const ben = await app.addUser("ben@tautoko.test", ["staff"]);
    const auditor = await app.addUser("hana@tautoko.test", ["auditor"]);
    const form = validForm(aroha);
    form.append("attachments", new File(["secret"], "secret.txt"));
    expect(statusOf(await postLog(app, aroha, form))).toBe(302);
    const { id: attachmentId } = await app.db.selectFrom("attachments").select("id").executeTakeFirstOrThrow();

    const read = (user: TestUser, reference: string) =>
      call(() =>
        requestLoader({
          request: app.request(`/requests/${reference}`, { user }),
          params: { reference },
          context: app.context,
        }),
      );
    const download = (user: TestUser, reference: string, id: number) =>
      call(() =>
        attachmentLoader({
          request: app.request(`/requests/${reference}/attachments/${id}`, { user }),
          params: { reference, attachmentId: String(id) },
          context: app.context,
        }),
      );

    const theirs = await read(ben, "END-2026-0001");
    const missing = await read(ben, "END-2026-0999");
    expect(statusOf(theirs)).toBe(404);
    expect(statusOf(missing)).toBe(404);
    expect(await (theirs as Response).text()).toBe(await (missing as Response).text());
    expect(statusOf(await download(ben, "END-2026-0001", attachmentId))).toBe(404);

    // The requester and an auditor can.
    const own = dataOf<{ request: { outcome: string; state: string } }>(await read(aroha, "END-2026-0001"));
    expect(own.request).toMatchObject({ outcome: "decline", state: "escalated" });
    expect(statusOf(await read(auditor, "END-2026-0001"))).toBe(200);
    const file = (await download(aroha, "END-2026-0001", attachmentId)) as Response;
    expect(file.status).toBe(200);
    expect(await file.text()).toBe("secret");
    expect(file.headers.get("Content-Disposition")).toContain("attachment;");
  });

  it("an auditor cannot post the form", async () => {
    const app = await createTestApp();
    const auditor = await app.addUser("hana@tautoko.test", ["auditor"]);
    const result = await postLog(app, auditor, validForm(auditor));
    expect(statusOf(result)).toBe(403);
    expect((await counts(app)).requests).toBe(0);
  });

  it("refuses a post from another origin or without the session's CSRF token", async () => {
    const app = await createTestApp();
    const staff = await app.addUser("aroha@tautoko.test", ["staff"]);
    const foreign = await call(() =>
      logAction({
        request: app.request("/requests/new", { user: staff, body: validForm(staff), origin: "https://evil.example" }),
        params: {},
        context: app.context,
      }),
    );
    expect(statusOf(foreign)).toBe(403);
    const noToken = await postLog(app, staff, validForm(staff, { csrf: "forged" }));
    expect(statusOf(noToken)).toBe(403);
    expect((await counts(app)).requests).toBe(0);
  });
});
