import { randomUUID } from "node:crypto";
import { domainToASCII } from "node:url";
import type { Kysely } from "kysely";
import type { Database, OutboxRow, OutboxStatus } from "#db/schema";
import { isEmailTemplate, renderEmail, type EmailProps } from "#emails/index";

export interface EmailToQueue {
  /** The emails/ template it was rendered from, e.g. "escalation". */
  template: string;
  to: readonly string[];
  subject: string;
  /**
   * Either the rendered bodies, or the template's props for the dispatcher to
   * render at delivery (React rendering costs more than the rest of a decision).
   */
  body: { html: string; text: string } | { props: unknown };
  requestId: number | null;
  now: Date;
  /** The right-hand side of the Message-ID: the domain of MAIL_FROM. */
  messageIdDomain: string;
}

/**
 * The domain as it may stand in a Message-ID: ASCII (punycode for an
 * internationalised name). Throws for anything else; config can call this at
 * start so a bad MAIL_FROM fails there rather than in a decision's transaction.
 */
export function toMessageIdDomain(domain: string): string {
  const ascii = domainToASCII(domain);
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(ascii)) {
    throw new Error(`"${domain}" cannot be the domain of a Message-ID`);
  }
  return ascii.toLowerCase();
}

type PendingEmail = Pick<
  OutboxRow,
  "message_id" | "template" | "to_addresses" | "subject" | "html" | "text" | "props" | "request_id"
>;

/**
 * Writes an email to the outbox. Call it inside the transition's transaction,
 * so the email exists exactly when the decision does (DESIGN.md, "Email").
 * The Message-ID is fixed here, once: every delivery attempt carries it, so a
 * receiving system can drop a duplicate after an unacknowledged attempt.
 */
export async function queueEmail(
  db: Kysely<Database>,
  email: EmailToQueue,
): Promise<{ id: number; messageId: string }> {
  if (email.to.length === 0) {
    // Recipients are resolved by the caller; an empty list is a bug there, not a send to nobody.
    throw new Error(`queueEmail: no recipients for the "${email.template}" email`);
  }
  const messageId = `<${randomUUID()}@${toMessageIdDomain(email.messageIdDomain)}>`;
  const at = email.now.toISOString();
  const pending: PendingEmail = {
    message_id: messageId,
    template: email.template,
    to_addresses: JSON.stringify(email.to),
    subject: email.subject,
    html: "html" in email.body ? email.body.html : null,
    text: "text" in email.body ? email.body.text : null,
    props: "props" in email.body ? JSON.stringify(email.body.props) : null,
    request_id: email.requestId,
  };
  const row = await db
    .insertInto("outbox")
    .values({ ...pending, created_at: at, status: "pending", attempts: 0, next_attempt_at: at })
    .returning("id")
    .executeTakeFirstOrThrow();
  return { id: row.id, messageId };
}

/** One outbox row as the admin pages show it: recipients parsed, bodies left out. */
export interface OutboxEmailSummary {
  id: number;
  messageId: string;
  template: string;
  to: string[];
  subject: string;
  requestId: number | null;
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
}

export interface OutboxEmail extends OutboxEmailSummary {
  html: string;
  text: string;
}

const summaryColumns = [
  "id",
  "message_id",
  "template",
  "to_addresses",
  "subject",
  "request_id",
  "created_at",
  "status",
  "attempts",
  "next_attempt_at",
  "last_error",
  "sent_at",
] as const;

type SummaryRow = Pick<OutboxRow, (typeof summaryColumns)[number]>;

/** The recipients as stored: a JSON array of addresses. */
export function parseRecipients(toAddresses: string): string[] {
  const parsed: unknown = JSON.parse(toAddresses);
  if (!Array.isArray(parsed) || !parsed.every((a): a is string => typeof a === "string")) {
    throw new Error(`outbox: recipients are not a list of addresses: ${toAddresses}`);
  }
  return parsed;
}

function toSummary(row: SummaryRow): OutboxEmailSummary {
  return {
    id: row.id,
    messageId: row.message_id,
    template: row.template,
    to: parseRecipients(row.to_addresses),
    subject: row.subject,
    requestId: row.request_id,
    createdAt: row.created_at,
    status: row.status,
    attempts: row.attempts,
    nextAttemptAt: row.next_attempt_at,
    lastError: row.last_error,
    sentAt: row.sent_at,
  };
}

/** Newest first; pass the last id shown as `beforeId` for the next page. */
export async function listOutbox(
  db: Kysely<Database>,
  page: { limit: number; beforeId?: number },
): Promise<OutboxEmailSummary[]> {
  let query = db.selectFrom("outbox").select(summaryColumns).orderBy("id", "desc").limit(page.limit);
  if (page.beforeId !== undefined) query = query.where("id", "<", page.beforeId);
  const rows = await query.execute();
  return rows.map(toSummary);
}

/** The bodies of an email: as stored once rendered, else rendered now from its template and props. */
export async function bodiesOf(
  row: Pick<OutboxRow, "template" | "html" | "text" | "props">,
): Promise<{ html: string; text: string }> {
  if (row.html !== null && row.text !== null) return { html: row.html, text: row.text };
  if (!isEmailTemplate(row.template) || row.props === null) {
    throw new Error(`outbox: the "${row.template}" email has neither bodies nor template props`);
  }
  const rendered = await renderEmail(row.template, JSON.parse(row.props) as EmailProps[typeof row.template]);
  return { html: rendered.html, text: rendered.text };
}

export async function getOutboxEmail(db: Kysely<Database>, id: number): Promise<OutboxEmail | undefined> {
  const row = await db
    .selectFrom("outbox")
    .select([...summaryColumns, "html", "text", "props"])
    .where("id", "=", id)
    .executeTakeFirst();
  return row ? { ...toSummary(row), ...(await bodiesOf(row)) } : undefined;
}

/** The emails a request caused, in the order they were queued. */
export async function emailsForRequest(db: Kysely<Database>, requestId: number): Promise<OutboxEmailSummary[]> {
  const rows = await db
    .selectFrom("outbox")
    .select(summaryColumns)
    .where("request_id", "=", requestId)
    .orderBy("id", "asc")
    .execute();
  return rows.map(toSummary);
}
