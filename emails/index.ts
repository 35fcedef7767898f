import { createElement, type ReactElement } from "react";
import { render } from "@react-email/render";
import type { EmailTemplateName } from "~/workflow/vocabulary";

import Approved, { subject as approvedSubject, type ApprovedEmailProps } from "#emails/approved";
import ChangesRequested, {
  subject as changesRequestedSubject,
  type ChangesRequestedEmailProps,
} from "#emails/changes-requested";
import Comment, { subject as commentSubject, type CommentEmailProps } from "#emails/comment";
import DailyHead, { subject as dailyHeadSubject, type DailyHeadEmailProps } from "#emails/daily-head";
import DeadlineReminder, {
  subject as deadlineReminderSubject,
  type DeadlineReminderEmailProps,
} from "#emails/deadline-reminder";
import Declined, { subject as declinedSubject, type DeclinedEmailProps } from "#emails/declined";
import DeclinedByDefault, {
  subject as declinedByDefaultSubject,
  type DeclinedByDefaultEmailProps,
} from "#emails/declined-by-default";
import DelegationNamed, {
  subject as delegationNamedSubject,
  type DelegationNamedEmailProps,
} from "#emails/delegation-named";
import DraftingAllowed, {
  subject as draftingAllowedSubject,
  type DraftingAllowedEmailProps,
} from "#emails/drafting-allowed";
import Escalation, { subject as escalationSubject, type EscalationEmailProps } from "#emails/escalation";
import Expired, { subject as expiredSubject, type ExpiredEmailProps } from "#emails/expired";
import RequestReassigned, {
  subject as requestReassignedSubject,
  type RequestReassignedEmailProps,
} from "#emails/request-reassigned";
import ReviewDue, { subject as reviewDueSubject, type ReviewDueEmailProps } from "#emails/review-due";
import SupplierApprovalTerms, {
  subject as supplierApprovalTermsSubject,
  type SupplierApprovalTermsEmailProps,
} from "#emails/supplier-approval-terms";
import SupplierDeclineNotice, {
  subject as supplierDeclineNoticeSubject,
  type SupplierDeclineNoticeEmailProps,
} from "#emails/supplier-decline-notice";
import SupplierWithdrawalNotice, {
  subject as supplierWithdrawalNoticeSubject,
  type SupplierWithdrawalNoticeEmailProps,
} from "#emails/supplier-withdrawal-notice";
import VersionSubmitted, {
  subject as versionSubmittedSubject,
  type VersionSubmittedEmailProps,
} from "#emails/version-submitted";
import Withdrawn, { subject as withdrawnSubject, type WithdrawnEmailProps } from "#emails/withdrawn";

export type { RequestType, UndecidedStage } from "#emails/components/request";
export type {
  ApprovedEmailProps,
  ChangesRequestedEmailProps,
  CommentEmailProps,
  DailyHeadEmailProps,
  DeadlineReminderEmailProps,
  DeclinedByDefaultEmailProps,
  DeclinedEmailProps,
  DelegationNamedEmailProps,
  DraftingAllowedEmailProps,
  EscalationEmailProps,
  ExpiredEmailProps,
  RequestReassignedEmailProps,
  ReviewDueEmailProps,
  SupplierApprovalTermsEmailProps,
  SupplierDeclineNoticeEmailProps,
  SupplierWithdrawalNoticeEmailProps,
  VersionSubmittedEmailProps,
  WithdrawnEmailProps,
};

/** Each template's name (as stored in the outbox's `template` column) and the props it takes. */
export interface EmailProps {
  escalation: EscalationEmailProps;
  "version-submitted": VersionSubmittedEmailProps;
  "deadline-reminder": DeadlineReminderEmailProps;
  "drafting-allowed": DraftingAllowedEmailProps;
  declined: DeclinedEmailProps;
  "declined-by-default": DeclinedByDefaultEmailProps;
  "changes-requested": ChangesRequestedEmailProps;
  approved: ApprovedEmailProps;
  "review-due": ReviewDueEmailProps;
  expired: ExpiredEmailProps;
  withdrawn: WithdrawnEmailProps;
  comment: CommentEmailProps;
  "supplier-decline-notice": SupplierDeclineNoticeEmailProps;
  "supplier-approval-terms": SupplierApprovalTermsEmailProps;
  "supplier-withdrawal-notice": SupplierWithdrawalNoticeEmailProps;
  "daily-head": DailyHeadEmailProps;
  "delegation-named": DelegationNamedEmailProps;
  "request-reassigned": RequestReassignedEmailProps;
}

export type EmailTemplate = keyof EmailProps;

// The vocabulary's list of template names and this module's templates must stay the same set.
type SameSet<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const templateNamesAgree: SameSet<EmailTemplate, EmailTemplateName> = true;
void templateNamesAgree;

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

interface TemplateEntry<P> {
  Component: ((props: P) => ReactElement) & { PreviewProps: P };
  subject: (props: P) => string;
}

const templates: { [T in EmailTemplate]: TemplateEntry<EmailProps[T]> } = {
  escalation: { Component: Escalation, subject: escalationSubject },
  "version-submitted": { Component: VersionSubmitted, subject: versionSubmittedSubject },
  "deadline-reminder": { Component: DeadlineReminder, subject: deadlineReminderSubject },
  "drafting-allowed": { Component: DraftingAllowed, subject: draftingAllowedSubject },
  declined: { Component: Declined, subject: declinedSubject },
  "declined-by-default": { Component: DeclinedByDefault, subject: declinedByDefaultSubject },
  "changes-requested": { Component: ChangesRequested, subject: changesRequestedSubject },
  approved: { Component: Approved, subject: approvedSubject },
  "review-due": { Component: ReviewDue, subject: reviewDueSubject },
  expired: { Component: Expired, subject: expiredSubject },
  withdrawn: { Component: Withdrawn, subject: withdrawnSubject },
  comment: { Component: Comment, subject: commentSubject },
  "supplier-decline-notice": { Component: SupplierDeclineNotice, subject: supplierDeclineNoticeSubject },
  "supplier-approval-terms": { Component: SupplierApprovalTerms, subject: supplierApprovalTermsSubject },
  "supplier-withdrawal-notice": { Component: SupplierWithdrawalNotice, subject: supplierWithdrawalNoticeSubject },
  "daily-head": { Component: DailyHead, subject: dailyHeadSubject },
  "delegation-named": { Component: DelegationNamed, subject: delegationNamedSubject },
  "request-reassigned": { Component: RequestReassigned, subject: requestReassignedSubject },
};

/** Every template name, in the order an admin's preview page lists them. */
export const emailTemplates = Object.keys(templates) as EmailTemplate[];

export function isEmailTemplate(name: string): name is EmailTemplate {
  return Object.hasOwn(templates, name);
}

/** Sample props for a template, for the admin preview page and the tests. */
export function previewProps<T extends EmailTemplate>(template: T): EmailProps[T] {
  const entry: TemplateEntry<EmailProps[T]> = templates[template];
  return entry.Component.PreviewProps;
}

// Headings keep their case (html-to-text upper-cases them by default), so names like "Kāinga Ora" read as written.
const plainTextOptions = {
  selectors: ["h1", "h2", "h3"].map((selector) => ({ selector, options: { uppercase: false } })),
};

/** Renders one message: its subject line, HTML part and plain-text part. */
/** The subject alone: cheap, so it can be stored when the email is queued. */
export function emailSubject<T extends EmailTemplate>(template: T, props: EmailProps[T]): string {
  const entry: TemplateEntry<EmailProps[T]> = templates[template];
  // A subject is one header line: no line breaks from user-entered names.
  return entry.subject(props).replace(/\s+/g, " ").trim();
}

export async function renderEmail<T extends EmailTemplate>(template: T, props: EmailProps[T]): Promise<RenderedEmail> {
  const entry: TemplateEntry<EmailProps[T]> = templates[template];
  const element = createElement(entry.Component, props);
  const [html, text] = await Promise.all([
    render(element),
    render(element, { plainText: true, htmlToTextOptions: plainTextOptions }),
  ]);
  return { subject: emailSubject(template, props), html, text };
}
