import { describe, expect, it } from "vitest";
import { queueEmail } from "~/mail/outbox.server";
import { loader as outboxLoader } from "~/routes/admin.outbox._index";
import { loader as emailLoader } from "~/routes/admin.outbox.$id";
import { createTestApp, dataOf, statusOf, type TestApp } from "../helpers/app";
import { load } from "./kit";

async function queue(app: TestApp, n: number) {
  for (let i = 1; i <= n; i++) {
    await queueEmail(app.db, {
      template: "escalation",
      to: [`manager${i}@tautoko.test`],
      subject: `Email number ${i}`,
      body: { html: `<p>Body ${i}</p><script>alert(${i})</script>`, text: `Body ${i}` },
      requestId: null,
      now: new Date(Date.UTC(2026, 10, 24, 20, i)),
      messageIdDomain: "tautoko.test",
    });
  }
}

interface OutboxPage {
  emails: Array<{ id: number; subject: string; to: string[]; status: string; attempts: number }>;
  next: string | null;
  isFirst: boolean;
}

describe("the mail outbox", () => {
  it("lists emails newest first, fifty a page, paging on by id", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    await queue(app, 51);
    await app.db
      .updateTable("outbox")
      .set({ status: "sent", attempts: 1, sent_at: "2026-11-24T21:00:00.000Z" })
      .where("id", "=", 51)
      .execute();
    await app.db
      .updateTable("outbox")
      .set({ attempts: 2, last_error: "connect ECONNREFUSED 127.0.0.1:25" })
      .where("id", "=", 50)
      .execute();

    const first = dataOf<OutboxPage>(await load(app, outboxLoader, "/admin/outbox", admin));
    expect(first.emails).toHaveLength(50);
    expect(first.emails[0]).toMatchObject({
      id: 51,
      subject: "Email number 51",
      to: ["manager51@tautoko.test"],
      status: "sent",
      attempts: 1,
    });
    expect(first.emails[1]).toMatchObject({
      id: 50,
      status: "pending",
      attempts: 2,
      lastError: "connect ECONNREFUSED 127.0.0.1:25",
    });
    expect(first.emails.at(-1)?.id).toBe(2);
    expect(first.next).toBe("2");
    expect(first.isFirst).toBe(true);
    // The list carries no bodies.
    expect(JSON.stringify(first)).not.toContain("Body");

    const second = dataOf<OutboxPage>(await load(app, outboxLoader, "/admin/outbox?before=2", admin));
    expect(second.emails.map((e) => e.id)).toEqual([1]);
    expect(second.next).toBeNull();
    expect(second.isFirst).toBe(false);

    // A cursor that is not an id is refused in words (issue 14, item 5), not silently read as the first page.
    const odd = await load(app, outboxLoader, "/admin/outbox?before=abc", admin);
    expect(statusOf(odd)).toBe(400);
    expect(await (odd as Response).text()).toMatch(/before must be a whole number/);
  });

  it("shows one email with its plain text and HTML parts", async () => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    await queue(app, 2);
    const { email } = dataOf<{ email: { subject: string; text: string; html: string; to: string[] } }>(
      await load(app, emailLoader, "/admin/outbox/2", admin, { id: "2" }),
    );
    expect(email).toMatchObject({
      subject: "Email number 2",
      to: ["manager2@tautoko.test"],
      text: "Body 2",
      html: "<p>Body 2</p><script>alert(2)</script>",
    });
  });

  it.each(["abc", "0", "3", "2.0"])("answers 404 for the email id %j", async (id) => {
    const app = await createTestApp();
    const admin = await app.addUser("admin@tautoko.test", ["admin"]);
    await queue(app, 2);
    expect(statusOf(await load(app, emailLoader, `/admin/outbox/${id}`, admin, { id }))).toBe(404);
  });
});
