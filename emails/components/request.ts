import type { BaseEmailProps } from "#emails/components/Layout";
import type { RequestType, UndecidedState } from "~/workflow/vocabulary";

export type { RequestType };
/** The undecided states, each running against a deadline. */
export type UndecidedStage = UndecidedState;

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
