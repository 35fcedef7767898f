import type { BaseEmailProps } from "#emails/components/Layout";

/** The request types of DESIGN.md ("What a request holds"); kept here so emails/ depends on nothing else. */
export type RequestType =
  "written_reference" | "promotional_quote" | "case_study" | "logo_or_name_use" | "verbal" | "other";

/** The undecided states, each running against a deadline. */
export type UndecidedStage = "escalated" | "drafting" | "in_review";

/** Props shared by every message to staff about one request. */
export interface RequestEmailProps extends BaseEmailProps {
  /** The human reference, e.g. END-2026-0042. */
  reference: string;
  supplierName: string;
  /** Absolute URL of the request's page in Tautoko. */
  requestUrl: string;
}

/** Props shared by every message to a supplier's contact. No internal detail belongs here. */
export interface SupplierEmailProps extends BaseEmailProps {
  reference: string;
  supplierName: string;
  requestType: RequestType;
}

export const requestTypeLabel: Record<RequestType, string> = {
  written_reference: "Written reference",
  promotional_quote: "Quote for promotional material",
  case_study: "Case study",
  logo_or_name_use: "Use of the Kāinga Ora name or logo",
  verbal: "Verbal reference",
  other: "Other endorsement",
};

/** The same, as it reads inside a sentence: "your request for …". */
export const requestTypePhrase: Record<RequestType, string> = {
  written_reference: "a written reference",
  promotional_quote: "a quote for promotional material",
  case_study: "a case study",
  logo_or_name_use: "the use of the Kāinga Ora name or logo",
  verbal: "a verbal reference",
  other: "an endorsement",
};

export const stageLabel: Record<UndecidedStage, string> = {
  escalated: "Waiting for a decision on whether to allow an exception",
  drafting: "Exception allowed; the endorsement text is being drafted",
  in_review: "A version of the endorsement text is waiting for review",
};
