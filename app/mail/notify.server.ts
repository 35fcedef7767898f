import type { AppLoadContext } from "@remix-run/node";
import type { DB } from "#db/client";
import { emailSubject, type EmailProps, type EmailTemplate } from "#emails/index";
import { queueEmail } from "~/mail/outbox.server";
import { activeDelegatesOn } from "~/models/delegations.server";
import { usersWithRole } from "~/models/users.server";
import { nzDateOf } from "~/workflow/nzTime";

/** Everyone who receives escalations: every manager and every delegate acting today. */
export async function managersAndDelegates(db: DB, now: Date): Promise<string[]> {
  const managers = await usersWithRole(db, "procurement_manager");
  const delegates = await activeDelegatesOn(db, nzDateOf(now));
  return [...new Set([...managers, ...delegates].map((u) => u.email))];
}

/**
 * Queues a template's email in the outbox, inside the caller's transaction,
 * so the email exists exactly when the change it reports does. The bodies are
 * rendered by the dispatcher, outside the transaction.
 */
export async function queueNotification<T extends EmailTemplate>(
  db: DB,
  context: Pick<AppLoadContext, "config">,
  email: { template: T; to: readonly string[]; props: EmailProps[T]; requestId: number | null; now: Date },
): Promise<void> {
  const to = [...new Set(email.to)].filter(Boolean);
  if (to.length === 0) return;
  await queueEmail(db, {
    template: email.template,
    to,
    subject: emailSubject(email.template, email.props),
    body: { props: email.props },
    requestId: email.requestId,
    now: email.now,
    messageIdDomain: context.config.mailDomain,
  });
}

export function requestUrl(context: Pick<AppLoadContext, "config">, reference: string): string {
  return `${context.config.appUrl}/requests/${reference}`;
}
