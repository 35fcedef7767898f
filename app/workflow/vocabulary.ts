/**
 * The domain's words, defined once: roles, states, outcomes, request types,
 * channels, risk levels, consent relations, email template names, and the
 * labels people read. db/schema.ts takes its column types from here, emails/
 * its labels, and the pages both. Pure data, safe for the browser.
 */

export const ROLES = ["staff", "procurement_manager", "auditor", "admin"] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  staff: "Staff",
  procurement_manager: "Procurement Excellence Manager",
  auditor: "Auditor",
  admin: "Administrator",
};

export const REQUEST_STATES = [
  "escalated",
  "drafting",
  "in_review",
  "approved",
  "declined",
  "cancelled",
  "withdrawn",
  "expired",
] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

/** The states that run against a deadline (DESIGN.md "Deadlines"). */
export const UNDECIDED_STATES = ["escalated", "drafting", "in_review"] as const satisfies readonly RequestState[];
export type UndecidedState = (typeof UNDECIDED_STATES)[number];
export const FINAL_STATES = [
  "declined",
  "cancelled",
  "withdrawn",
  "expired",
] as const satisfies readonly RequestState[];

/** A state as a badge names it. */
export const STATE_LABELS: Record<RequestState, string> = {
  escalated: "Escalated",
  drafting: "Drafting allowed",
  in_review: "In review",
  approved: "Approved",
  declined: "Declined",
  cancelled: "Cancelled",
  withdrawn: "Withdrawn",
  expired: "Expired",
};

/** A state in a sentence, as pages and emails say it ("it is in review"). */
export const STATE_WORDS: Record<RequestState, string> = {
  escalated: "escalated and awaiting a decision",
  drafting: "in drafting",
  in_review: "in review",
  approved: "approved",
  declined: "declined",
  cancelled: "cancelled",
  withdrawn: "withdrawn",
  expired: "expired",
};

/** Where an undecided request is, as a reminder tells the deciders. */
export const UNDECIDED_STAGE_WORDS: Record<UndecidedState, string> = {
  escalated: "Waiting for a decision on whether to allow an exception",
  drafting: "Exception allowed; the endorsement text is being drafted",
  in_review: "A version of the endorsement text is waiting for review",
};

export const OUTCOMES = ["decline", "endorse"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const REQUEST_TYPES = [
  "written_reference",
  "promotional_quote",
  "case_study",
  "logo_or_name_use",
  "verbal",
  "other",
] as const;
export type RequestType = (typeof REQUEST_TYPES)[number];

/** A request type as staff read it on the agency's pages. */
export const REQUEST_TYPE_LABELS: Record<RequestType, string> = {
  written_reference: "Written reference",
  promotional_quote: "Quote for promotional material",
  case_study: "Case study",
  logo_or_name_use: "Use of our name or logo",
  verbal: "Verbal reference",
  other: "Other",
};

/** A request type as an email names it, where "our" would be unclear. */
export const REQUEST_TYPE_EMAIL_LABELS: Record<RequestType, string> = {
  written_reference: "Written reference",
  promotional_quote: "Quote for promotional material",
  case_study: "Case study",
  logo_or_name_use: "Use of the Kāinga Ora name or logo",
  verbal: "Verbal reference",
  other: "Other endorsement",
};

/** A request type inside a sentence: "your request for …". */
export const REQUEST_TYPE_PHRASES: Record<RequestType, string> = {
  written_reference: "a written reference",
  promotional_quote: "a quote for promotional material",
  case_study: "a case study",
  logo_or_name_use: "the use of the Kāinga Ora name or logo",
  verbal: "a verbal reference",
  other: "an endorsement",
};

export const CHANNELS = ["email", "phone", "in_person", "letter", "other"] as const;
export type Channel = (typeof CHANNELS)[number];

export const CHANNEL_LABELS: Record<Channel, string> = {
  email: "Email",
  phone: "Phone",
  in_person: "In person",
  letter: "Letter",
  other: "Other",
};

/** A request's details as people name them, where a timeline says what a correction changed. */
export const REQUEST_DETAIL_WORDS = {
  supplier_id: "the supplier",
  contact_email: "the supplier's contact email",
  request_type: "the type of request",
  enduring: "whether it is enduring",
  channel: "how it arrived",
  received_at: "when it arrived",
  asked: "what was asked",
  original_message: "the supplier's message",
  contract_ref: "the contract reference",
} as const;

export const RISK_LEVELS = ["low", "medium", "high"] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** An impact assessment's risk and its note as people read it: "Low risk: a factual statement…". */
export function riskWords(risk: string | null, note: string | null): string {
  if (!risk) return "Not recorded";
  const level = `${risk[0]!.toUpperCase()}${risk.slice(1)} risk`;
  return note ? `${level}: ${note}` : level;
}

export const CONSENT_RELATIONS = ["colleague", "customer", "contractor"] as const;
export type ConsentRelation = (typeof CONSENT_RELATIONS)[number];

export const CONSENT_RELATION_LABELS: Record<ConsentRelation, string> = {
  colleague: "Colleague",
  customer: "Customer",
  contractor: "Contractor",
};

/** Every email the app sends, one React Email template each in emails/ (checked against emails/index.ts). */
export const EMAIL_TEMPLATES = [
  "escalation",
  "version-submitted",
  "deadline-reminder",
  "drafting-allowed",
  "declined",
  "declined-by-default",
  "changes-requested",
  "approved",
  "review-due",
  "expired",
  "withdrawn",
  "comment",
  "supplier-decline-notice",
  "supplier-approval-terms",
  "supplier-withdrawal-notice",
  "daily-head",
  "delegation-named",
  "request-reassigned",
] as const;
export type EmailTemplateName = (typeof EMAIL_TEMPLATES)[number];
