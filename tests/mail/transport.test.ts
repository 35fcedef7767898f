import { describe, expect, it } from "vitest";
import { createSmtpTransport, createTransportFromConfig, emlFileName } from "~/mail/transport.server";
import { headerOf, startSmtpServer } from "./smtp-server";

describe("createSmtpTransport", () => {
  it("refuses a URL that is not smtp:// or smtps://", () => {
    expect(() => createSmtpTransport("http://mail.agency.govt.nz")).toThrow(/smtp:\/\/ or smtps:\/\//);
    expect(() => createSmtpTransport("mail.agency.govt.nz:25")).toThrow(/smtp:\/\/ or smtps:\/\//);
  });

  it("resolves once the server has acknowledged the message, and rejects when it refuses it", async () => {
    const server = await startSmtpServer({ rejectFirst: 1 });
    const transport = createTransportFromConfig({ smtpUrl: server.url, emlDir: "/nonexistent/never-used" });
    const message = {
      messageId: "<0b7e1d2c-5a4f-4e3b-8c9d-1f2a3b4c5d6e@tautoko.test>",
      from: "tautoko@agency.govt.nz",
      to: ["pem@agency.govt.nz"],
      subject: "Reminder: END-2026-0042 is due tomorrow",
      html: "<p>Due tomorrow.</p>",
      text: "Due tomorrow.",
      date: new Date("2026-11-24T01:00:00.000Z"),
    };

    await expect(transport.send(message)).rejects.toThrow(/451/);
    await transport.send(message);

    expect(server.accepted()).toHaveLength(1);
    expect(headerOf(server.accepted()[0]!.raw, "Date")).toBe("Tue, 24 Nov 2026 01:00:00 +0000");
  });
});

describe("emlFileName", () => {
  it("drops the angle brackets and replaces characters a file name should not hold", () => {
    expect(emlFileName("<abc-123@tautoko.test>")).toBe("abc-123@tautoko.test.eml");
    expect(emlFileName("<../../etc/passwd@x>")).toBe(".._.._etc_passwd@x.eml");
  });
});
