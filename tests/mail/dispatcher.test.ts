import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDatabase, type DB, type DatabaseTarget } from "#db/client";
import { deliverDueEmails, deliveryBackoffMs } from "~/mail/dispatcher.server";
import { queueEmail } from "~/mail/outbox.server";
import { createSmtpTransport } from "~/mail/transport.server";
import { previewProps, renderEmail } from "#emails/index";
import { createTestDb } from "../helpers/db";
import { headerOf, startSmtpServer, unusedPort } from "./smtp-server";

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const from = "Tautoko <tautoko@agency.govt.nz>";
const queuedAt = new Date("2026-11-24T01:00:00.000Z");
const at = (iso: string) => new Date(iso);

const extraConnections: DB[] = [];
afterEach(async () => {
  for (const db of extraConnections.splice(0)) await db.destroy();
  vi.restoreAllMocks();
});

/** A second connection to the same database, as another process or a restarted one would have. */
function openAgain(target: DatabaseTarget): DB {
  const db = openDatabase(target);
  extraConnections.push(db);
  return db;
}

function queueEscalation(db: DB, subject = "Endorsement request END-2026-0042 escalated") {
  return queueEmail(db, {
    template: "escalation",
    to: ["pem@agency.govt.nz"],
    subject,
    body: {
      html: "<p>A supplier asked for an endorsement. Please decide by Friday.</p>",
      text: "A supplier asked for an endorsement. Please decide by Friday.",
    },
    requestId: null,
    now: queuedAt,
    messageIdDomain: "tautoko.test",
  });
}

function outboxRow(db: DB, id: number) {
  return db.selectFrom("outbox").selectAll().where("id", "=", id).executeTakeFirstOrThrow();
}

/** Failed attempts are logged on purpose; keep the test output readable and check what was said. */
function captureErrorLog() {
  return vi.spyOn(console, "error").mockImplementation(() => {});
}

describe("an email queued as template props", () => {
  it("is rendered at delivery, sent with those bodies, and keeps them for the outbox and any retry", async () => {
    const { db } = await createTestDb();
    const server = await startSmtpServer();
    const props = previewProps("escalation");
    const { id } = await queueEmail(db, {
      template: "escalation",
      to: ["pem@agency.govt.nz"],
      subject: "END-2026-0042 escalated",
      body: { props },
      requestId: null,
      now: queuedAt,
      messageIdDomain: "tautoko.test",
    });
    expect(await deliverDueEmails(db, createSmtpTransport(server.url), { now: queuedAt, from })).toEqual({
      sent: 1,
      failed: 0,
    });
    const rendered = await renderEmail("escalation", props);
    const row = await outboxRow(db, id);
    expect(row).toMatchObject({ status: "sent", html: rendered.html, text: rendered.text });
    expect(server.accepted()[0]!.raw).toContain(props.reference);
  });
});

describe("deliveryBackoffMs", () => {
  it("waits 30 s after the first failure, doubling each time, never more than an hour", () => {
    expect(deliveryBackoffMs(1)).toBe(30_000);
    expect(deliveryBackoffMs(2)).toBe(60_000);
    expect(deliveryBackoffMs(3)).toBe(120_000);
    expect(deliveryBackoffMs(7)).toBe(1_920_000);
    expect(deliveryBackoffMs(8)).toBe(3_600_000);
    expect(deliveryBackoffMs(500)).toBe(3_600_000);
  });
});

describe("deliverDueEmails over SMTP", () => {
  it("delivers a queued email to its recipient with the stored Message-ID, and marks it sent", async () => {
    const { db } = await createTestDb();
    const server = await startSmtpServer();
    const { id, messageId } = await queueEscalation(db);

    const result = await deliverDueEmails(db, createSmtpTransport(server.url), {
      now: at("2026-11-24T01:00:05Z"),
      from,
    });

    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(server.messages).toHaveLength(1);
    const message = server.messages[0]!;
    expect(message.rcptTo).toEqual(["pem@agency.govt.nz"]);
    expect(message.mailFrom).toBe("tautoko@agency.govt.nz");
    expect(headerOf(message.raw, "Subject")).toBe("Endorsement request END-2026-0042 escalated");
    expect(headerOf(message.raw, "Message-ID")).toBe(messageId);
    expect(headerOf(message.raw, "To")).toBe("pem@agency.govt.nz");
    expect(message.raw).toContain("A supplier asked for an endorsement. Please decide by Friday.");
    expect(await outboxRow(db, id)).toMatchObject({
      status: "sent",
      attempts: 1,
      claimed_until: null,
      last_error: null,
    });
    expect((await outboxRow(db, id)).sent_at).not.toBeNull();
  });

  it("keeps the email when the SMTP server is down, backs off, and delivers it once the server is back", async () => {
    const { db } = await createTestDb();
    const port = await unusedPort();
    const transport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
    const { id, messageId } = await queueEscalation(db);
    const errorLog = captureErrorLog();

    const whileDown = await deliverDueEmails(db, transport, { now: at("2026-11-24T01:00:05Z"), from });

    expect(whileDown).toEqual({ sent: 0, failed: 1 });
    const afterFailure = await outboxRow(db, id);
    expect(afterFailure).toMatchObject({ status: "pending", attempts: 1, claimed_until: null, sent_at: null });
    expect(afterFailure.last_error).toMatch(/ECONNREFUSED/);
    expect(afterFailure.next_attempt_at > "2026-11-24T01:00:05.000Z").toBe(true);
    expect(errorLog).toHaveBeenCalledWith(expect.stringContaining(`email ${id} ${messageId}`));

    const server = await startSmtpServer({ port });
    // Still inside the back-off: not tried again yet.
    expect(await deliverDueEmails(db, transport, { now: at("2026-11-24T01:00:15Z"), from })).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(server.messages).toHaveLength(0);

    expect(await deliverDueEmails(db, transport, { now: at("2026-11-24T01:02:00Z"), from })).toEqual({
      sent: 1,
      failed: 0,
    });
    expect(await deliverDueEmails(db, transport, { now: at("2026-11-24T03:00:00Z"), from })).toEqual({
      sent: 0,
      failed: 0,
    });
    expect(server.messages).toHaveLength(1);
    expect(headerOf(server.messages[0]!.raw, "Message-ID")).toBe(messageId);
    expect(await outboxRow(db, id)).toMatchObject({ status: "sent", attempts: 2, last_error: null });
  });

  it("never sends an acknowledged email again, even after a restart", async () => {
    const testDb = await createTestDb();
    const { db } = testDb;
    const server = await startSmtpServer();
    await queueEscalation(db);
    await deliverDueEmails(db, createSmtpTransport(server.url), { now: at("2026-11-24T01:00:05Z"), from });
    await db.destroy();

    const restarted = openAgain(testDb);
    const result = await deliverDueEmails(restarted, createSmtpTransport(server.url), {
      now: at("2026-11-25T01:00:00Z"),
      from,
    });

    expect(result).toEqual({ sent: 0, failed: 0 });
    expect(server.messages).toHaveLength(1);
  });

  it("retries an unacknowledged email with the same Message-ID", async () => {
    const { db } = await createTestDb();
    const server = await startSmtpServer({ rejectFirst: 1 });
    const transport = createSmtpTransport(server.url);
    const { id, messageId } = await queueEscalation(db);
    captureErrorLog();

    expect(await deliverDueEmails(db, transport, { now: at("2026-11-24T01:00:05Z"), from })).toEqual({
      sent: 0,
      failed: 1,
    });
    expect((await outboxRow(db, id)).last_error).toMatch(/451/);
    expect(await deliverDueEmails(db, transport, { now: at("2026-11-24T01:05:00Z"), from })).toEqual({
      sent: 1,
      failed: 0,
    });

    expect(server.messages.map((m) => m.accepted)).toEqual([false, true]);
    expect(server.messages.map((m) => headerOf(m.raw, "Message-ID"))).toEqual([messageId, messageId]);
    expect(await outboxRow(db, id)).toMatchObject({ status: "sent", attempts: 2 });
  });

  it("loses no email when the process that queued it is killed before delivering it", async () => {
    const testDb = await createTestDb();
    const { db } = testDb;
    const server = await startSmtpServer();

    // Its own process group, so the kill reaches tsx's node process and not only npx.
    const child = spawn("npx", ["tsx", "tests/mail/fixtures/queue-then-hang.ts"], {
      cwd: projectRoot,
      env: { ...process.env, ...testDb.env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    await new Promise<void>((resolve, reject) => {
      let output = "";
      child.stdout.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("committed")) resolve();
      });
      child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
      child.on("exit", (code) => reject(new Error(`fixture exited (${code}) before committing: ${output}`)));
    });
    process.kill(-child.pid!, "SIGKILL");
    expect(await exited).toBe("SIGKILL");

    const result = await deliverDueEmails(db, createSmtpTransport(server.url), {
      now: at("2026-11-24T01:00:05Z"),
      from,
    });

    expect(result).toEqual({ sent: 1, failed: 0 });
    expect(server.messages).toHaveLength(1);
    expect(headerOf(server.messages[0]!.raw, "Subject")).toBe("Queued before the crash");
    expect(server.messages[0]!.rcptTo).toEqual(["pem@agency.govt.nz"]);
  });

  it("sends a whole backlog in one pass, and stops claiming once its time is up", async () => {
    const { db } = await createTestDb();
    const server = await startSmtpServer();
    for (let n = 1; n <= 120; n++) await queueEscalation(db, `Backlog ${n}`);
    const transport = createSmtpTransport(server.url);
    const now = at("2026-11-24T01:00:05Z");

    expect(await deliverDueEmails(db, transport, { now, from, maxRunMs: 0 })).toEqual({ sent: 0, failed: 0 });
    expect(await deliverDueEmails(db, transport, { now, from })).toEqual({ sent: 120, failed: 0 });
    expect(server.messages).toHaveLength(120);
  });

  it("delivers each email exactly once when two dispatchers run at the same time", async () => {
    const testDb = await createTestDb();
    const { db } = testDb;
    const server = await startSmtpServer();
    const queued: string[] = [];
    for (let n = 1; n <= 20; n++) queued.push((await queueEscalation(db, `Email ${n}`)).messageId);
    const other = openAgain(testDb);
    const transport = createSmtpTransport(server.url);

    // Small batches, run until nothing is due, so the two keep claiming in between each other's deliveries.
    const drain = async (handle: DB) => {
      let sent = 0;
      for (;;) {
        const result = await deliverDueEmails(handle, transport, {
          now: at("2026-11-24T01:00:05Z"),
          from,
          batchSize: 3,
        });
        if (result.sent + result.failed === 0) return sent;
        sent += result.sent;
      }
    };
    const [sentByFirst, sentBySecond] = await Promise.all([drain(db), drain(other)]);

    expect(sentByFirst + sentBySecond).toBe(20);
    const delivered = server.messages.map((m) => headerOf(m.raw, "Message-ID"));
    expect(delivered).toHaveLength(20);
    expect([...delivered].sort()).toEqual([...queued].sort());
    const rows = await db.selectFrom("outbox").select(["status", "attempts"]).execute();
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });
});
