import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { deliverDueEmails } from "~/mail/dispatcher.server";
import { queueEmail } from "~/mail/outbox.server";
import { createEmlFolderTransport, createTransportFromConfig, type OutgoingEmail } from "~/mail/transport.server";
import { createTestDb } from "../helpers/db";
import { tempDir } from "../helpers/tempDir";
import { headerOf } from "./smtp-server";

const emlFolder = () => path.join(tempDir("eml"), "outbox");

const decision: OutgoingEmail = {
  messageId: "<3f1c9a52-7d2e-4b8a-9c61-0e5d4f2a8b17@tautoko.test>",
  from: "Tautoko <tautoko@agency.govt.nz>",
  to: ["sam@agency.govt.nz", "pem@agency.govt.nz"],
  subject: "END-2026-0042: declined",
  html: "<p>The request was declined.</p>",
  text: "The request was declined.",
};

describe("the .eml folder transport", () => {
  it("writes the email as one RFC 822 file named after its Message-ID", async () => {
    const dir = emlFolder();
    await createEmlFolderTransport(dir).send(decision);

    expect(fs.readdirSync(dir)).toEqual(["3f1c9a52-7d2e-4b8a-9c61-0e5d4f2a8b17@tautoko.test.eml"]);
    const raw = fs.readFileSync(path.join(dir, "3f1c9a52-7d2e-4b8a-9c61-0e5d4f2a8b17@tautoko.test.eml"), "utf8");
    expect(headerOf(raw, "To")).toBe("sam@agency.govt.nz, pem@agency.govt.nz");
    expect(headerOf(raw, "From")).toBe("Tautoko <tautoko@agency.govt.nz>");
    expect(headerOf(raw, "Subject")).toBe("END-2026-0042: declined");
    expect(headerOf(raw, "Message-ID")).toBe("<3f1c9a52-7d2e-4b8a-9c61-0e5d4f2a8b17@tautoko.test>");
    expect(headerOf(raw, "Date")).toBeDefined();
    expect(raw).toContain("The request was declined.");
  });

  it("overwrites the same file when a message is sent again", async () => {
    const dir = emlFolder();
    const transport = createEmlFolderTransport(dir);
    await transport.send(decision);
    await transport.send({ ...decision, text: "The request was declined (second attempt)." });

    expect(fs.readdirSync(dir)).toEqual(["3f1c9a52-7d2e-4b8a-9c61-0e5d4f2a8b17@tautoko.test.eml"]);
    const raw = fs.readFileSync(path.join(dir, "3f1c9a52-7d2e-4b8a-9c61-0e5d4f2a8b17@tautoko.test.eml"), "utf8");
    expect(raw).toContain("The request was declined (second attempt).");
  });

  it("is what the dispatcher uses when no SMTP server is configured: one file per email", async () => {
    const { db } = await createTestDb();
    const dir = emlFolder();
    for (const subject of ["First notice", "Second notice"]) {
      await queueEmail(db, {
        template: "declined",
        to: ["sam@agency.govt.nz"],
        subject,
        body: { html: `<p>${subject}</p>`, text: `${subject} for END-2026-0042.` },
        requestId: null,
        now: new Date("2026-11-24T01:00:00.000Z"),
        messageIdDomain: "tautoko.test",
      });
    }

    const result = await deliverDueEmails(db, createTransportFromConfig({ emlDir: dir }), {
      now: new Date("2026-11-24T01:00:05.000Z"),
      from: "tautoko@agency.govt.nz",
    });

    expect(result).toEqual({ sent: 2, failed: 0 });
    const files = fs.readdirSync(dir).sort();
    expect(files).toHaveLength(2);
    const bodies = files.map((name) => fs.readFileSync(path.join(dir, name), "utf8"));
    expect(bodies.map((raw) => headerOf(raw, "Subject")).sort()).toEqual(["First notice", "Second notice"]);
    expect(bodies.some((raw) => raw.includes("First notice for END-2026-0042."))).toBe(true);
    const stored = await db.selectFrom("outbox").select("message_id").orderBy("id").execute();
    expect(bodies.map((raw) => headerOf(raw, "Message-ID")).sort()).toEqual(stored.map((r) => r.message_id).sort());
  });
});
