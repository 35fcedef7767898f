import net from "node:net";
import { afterEach } from "vitest";
import { SMTPServer } from "smtp-server";

/** One DATA the server was sent, whether it accepted it or not. */
export interface ReceivedMessage {
  mailFrom: string | null;
  rcptTo: string[];
  raw: string;
  accepted: boolean;
}

export interface TestSmtpServer {
  port: number;
  url: string;
  /** Every DATA, in order; `accepted` is false for the ones answered with 451. */
  messages: ReceivedMessage[];
  /** Only the messages the server acknowledged. */
  accepted(): ReceivedMessage[];
  close(): Promise<void>;
}

const running: TestSmtpServer[] = [];

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

/**
 * A real SMTP server on loopback, closed after the test. `rejectFirst` answers
 * that many DATA commands with "451 try again later" after reading them whole.
 */
export async function startSmtpServer(options: { port?: number; rejectFirst?: number } = {}): Promise<TestSmtpServer> {
  const messages: ReceivedMessage[] = [];
  let rejectsLeft = options.rejectFirst ?? 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    // No DNS here: a reverse lookup of 127.0.0.1 would only add a wait to every connection.
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 1000,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        const accepted = rejectsLeft === 0;
        messages.push({
          mailFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
          rcptTo: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          accepted,
        });
        if (accepted) return callback();
        rejectsLeft--;
        callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("SMTP test server has no port");
  let closed = false;
  const handle: TestSmtpServer = {
    port: address.port,
    url: `smtp://127.0.0.1:${address.port}`,
    messages,
    accepted: () => messages.filter((m) => m.accepted),
    close: () =>
      closed
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            closed = true;
            server.close(() => resolve());
          }),
  };
  running.push(handle);
  return handle;
}

/** A loopback port with nothing listening on it: connecting is refused. */
export async function unusedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", () => resolve()));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (!address || typeof address === "string") throw new Error("no port");
  return address.port;
}

/** The value of one header of a raw message (folded lines joined). */
export function headerOf(raw: string, name: string): string | undefined {
  const end = raw.search(/\r?\n\r?\n/);
  const head = (end === -1 ? raw : raw.slice(0, end)).replace(/\r?\n[ \t]+/g, " ");
  const wanted = name.toLowerCase();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(":");
    if (colon > 0 && line.slice(0, colon).trim().toLowerCase() === wanted) return line.slice(colon + 1).trim();
  }
  return undefined;
}
