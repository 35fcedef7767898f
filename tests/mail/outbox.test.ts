import { describe, expect, it } from "vitest";
import { previewProps, renderEmail } from "#emails/index";
import {
  emailsForRequest,
  getOutboxEmail,
  listOutbox,
  queueEmail,
  toMessageIdDomain,
  type EmailToQueue,
} from "~/mail/outbox.server";
import { createTestDb } from "../helpers/db";

const now = new Date("2026-11-24T01:00:00.000Z");

function email(overrides: Partial<EmailToQueue> = {}): EmailToQueue {
  return {
    template: "escalation",
    to: ["pem@agency.govt.nz"],
    subject: "Endorsement request END-2026-0042 escalated",
    body: { html: "<p>Please decide.</p>", text: "Please decide." },
    requestId: null,
    now,
    messageIdDomain: "tautoko.test",
    ...overrides,
  };
}

describe("queueEmail", () => {
  it("stores a pending email, due at once, with its Message-ID fixed", async () => {
    const { db } = await createTestDb();
    const { id, messageId } = await queueEmail(db, email({ to: ["pem@agency.govt.nz", "delegate@agency.govt.nz"] }));

    expect(messageId).toMatch(/^<[0-9a-f-]{36}@tautoko\.test>$/);
    const row = await db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      message_id: messageId,
      template: "escalation",
      to_addresses: '["pem@agency.govt.nz","delegate@agency.govt.nz"]',
      status: "pending",
      attempts: 0,
      created_at: "2026-11-24T01:00:00.000Z",
      next_attempt_at: "2026-11-24T01:00:00.000Z",
      claimed_until: null,
      sent_at: null,
    });
  });

  it("gives every email its own Message-ID", async () => {
    const { db } = await createTestDb();
    const first = await queueEmail(db, email());
    const second = await queueEmail(db, email());
    expect(first.messageId).not.toBe(second.messageId);
  });

  it("is undone with the transaction it was written in", async () => {
    const { db } = await createTestDb();
    await expect(
      db.transaction().execute(async (trx) => {
        await queueEmail(trx, email());
        throw new Error("the transition failed");
      }),
    ).rejects.toThrow("the transition failed");
    expect(await listOutbox(db, { limit: 10 })).toEqual([]);
  });

  it("refuses an email with no recipients", async () => {
    const { db } = await createTestDb();
    await expect(queueEmail(db, email({ to: [] }))).rejects.toThrow(/no recipients/);
    expect(await listOutbox(db, { limit: 10 })).toEqual([]);
  });
});

describe("toMessageIdDomain", () => {
  it("keeps a plain domain, spells an internationalised one in ASCII, and refuses what is not a domain", () => {
    expect(toMessageIdDomain("agency.govt.nz")).toBe("agency.govt.nz");
    expect(toMessageIdDomain("Māori.nz")).toBe("xn--mori-qsa.nz");
    expect(() => toMessageIdDomain("localhost:3000")).toThrow(/cannot be the domain of a Message-ID/);
    expect(() => toMessageIdDomain("")).toThrow(/cannot be the domain of a Message-ID/);
  });
});

describe("outbox queries", () => {
  it("lists newest first, a page at a time", async () => {
    const { db } = await createTestDb();
    for (const subject of ["one", "two", "three"]) await queueEmail(db, email({ subject }));

    const firstPage = await listOutbox(db, { limit: 2 });
    expect(firstPage.map((e) => e.subject)).toEqual(["three", "two"]);
    const secondPage = await listOutbox(db, { limit: 2, beforeId: firstPage[1]!.id });
    expect(secondPage.map((e) => e.subject)).toEqual(["one"]);
    expect(secondPage[0]).toMatchObject({ to: ["pem@agency.govt.nz"], status: "pending", attempts: 0 });
  });

  it("shows one email with its bodies, and nothing for an unknown id", async () => {
    const { db } = await createTestDb();
    const { id, messageId } = await queueEmail(db, email());
    expect(await getOutboxEmail(db, id)).toMatchObject({
      id,
      messageId,
      subject: "Endorsement request END-2026-0042 escalated",
      html: "<p>Please decide.</p>",
      text: "Please decide.",
    });
    expect(await getOutboxEmail(db, id + 100)).toBeUndefined();
  });

  it("queues a template's props without rendering, and shows the rendered bodies on demand", async () => {
    const { db } = await createTestDb();
    const props = previewProps("declined");
    const { id } = await queueEmail(db, { ...email(), template: "declined", body: { props } });
    const row = await db
      .selectFrom("outbox")
      .select(["html", "text", "props"])
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    expect(row.html).toBeNull();
    expect(JSON.parse(row.props!)).toEqual(props);
    const shown = await getOutboxEmail(db, id);
    const rendered = await renderEmail("declined", props);
    expect(shown).toMatchObject({ html: rendered.html, text: rendered.text });
  });

  it("finds the emails a request caused, in the order they were queued", async () => {
    const { db } = await createTestDb();
    // request_id has no foreign key to requests, so the query can be tested on the outbox alone.
    await queueEmail(db, email({ requestId: 7, subject: "escalated" }));
    await queueEmail(db, email({ requestId: 8, subject: "other request" }));
    await queueEmail(db, email({ requestId: 7, subject: "approved" }));
    expect((await emailsForRequest(db, 7)).map((e) => e.subject)).toEqual(["escalated", "approved"]);
  });
});
