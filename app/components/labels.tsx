import type { Outcome, RequestState } from "#db/schema";

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

export function StateBadge({ state }: { state: RequestState }) {
  return <span className={`badge badge--${state}`}>{STATE_LABELS[state]}</span>;
}

/** The outcome is decline from the moment of logging until a version is approved. */
export function OutcomeBadge({ outcome, state }: { outcome: Outcome; state: RequestState }) {
  const undecided = state === "escalated" || state === "drafting" || state === "in_review";
  const label = outcome === "endorse" ? "Endorse" : undecided ? "Decline (default)" : "Decline";
  return <span className={`badge badge--outcome-${outcome}`}>{label}</span>;
}
