import { randomBytes } from "node:crypto";
import fs from "node:fs/promises";
import path from "node:path";
import nodemailer from "nodemailer";

export interface OutgoingEmail {
  /** `<uuid@domain>`, fixed when the email was queued. */
  messageId: string;
  from: string;
  to: string[];
  subject: string;
  html: string;
  text: string;
  /** The Date header; the time of sending when absent. */
  date?: Date;
}

/**
 * Where emails go. `send` resolves only once the message is accepted (for
 * SMTP, when the server acknowledged it) and rejects otherwise.
 */
export interface MailTransport {
  send(message: OutgoingEmail): Promise<void>;
  /** Lets go of any connection kept open between emails, so a one-off run can exit. */
  close(): void;
}

/** Long enough for a slow relay, short enough that a dead one does not hold a dispatcher's claim. */
const SMTP_TIMEOUT_MS = 10_000;

function toMailOptions(message: OutgoingEmail) {
  return {
    messageId: message.messageId,
    date: message.date ?? new Date(),
    from: message.from,
    to: message.to,
    subject: message.subject,
    html: message.html,
    text: message.text,
  };
}

/** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://host:465` (TLS from the start). */
export function createSmtpTransport(smtpUrl: string): MailTransport {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error("SMTP_URL is not a URL; expected smtp://host:port or smtps://host:port");
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:") {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`);
  }
  // One pooled connection, reused from email to email: a new connection for each costs ~100 ms, which
  // turned a burst of a few hundred notices into minutes of backlog. Options in the URL cannot change that.
  for (const option of ["pool", "maxConnections"]) url.searchParams.delete(option);
  const transporter = nodemailer.createTransport({
    url: url.toString(),
    pool: true,
    maxConnections: 1,
    connectionTimeout: SMTP_TIMEOUT_MS,
    greetingTimeout: SMTP_TIMEOUT_MS,
    socketTimeout: SMTP_TIMEOUT_MS,
  });
  return {
    async send(message) {
      // Resolves on the server's 250 after DATA; any earlier failure rejects.
      await transporter.sendMail(toMailOptions(message));
    },
    close: () => transporter.close(),
  };
}

/** A Message-ID as a file name: the angle brackets dropped, anything unusual replaced. */
export function emlFileName(messageId: string): string {
  return `${messageId.replace(/^<|>$/g, "").replace(/[^A-Za-z0-9@._-]/g, "_")}.eml`;
}

/**
 * Writes each email as `<message-id>.eml` in `dir`. The file is written whole
 * and renamed into place, so a reader never sees half a message and a retry
 * replaces the file instead of adding a second one.
 */
export function createEmlFolderTransport(dir: string): MailTransport {
  const composer = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "windows" });
  return {
    async send(message) {
      const info = await composer.sendMail(toMailOptions(message));
      if (!Buffer.isBuffer(info.message)) throw new Error("eml transport: expected the message as a buffer");
      await fs.mkdir(dir, { recursive: true });
      const target = path.join(dir, emlFileName(message.messageId));
      const temporary = path.join(dir, `.${randomBytes(8).toString("hex")}.tmp`);
      try {
        const file = await fs.open(temporary, "w");
        try {
          await file.writeFile(info.message);
          await file.sync();
        } finally {
          await file.close();
        }
        await fs.rename(temporary, target);
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
      // The rename itself is durable only once the folder is synced.
      const folder = await fs.open(dir, "r");
      try {
        await folder.sync();
      } finally {
        await folder.close();
      }
    },
    close: () => composer.close(),
  };
}

export interface MailConfig {
  /** SMTP when set; otherwise the .eml folder. */
  smtpUrl?: string;
  emlDir: string;
}

export function createTransportFromConfig(config: MailConfig): MailTransport {
  return config.smtpUrl ? createSmtpTransport(config.smtpUrl) : createEmlFolderTransport(config.emlDir);
}
