import type { Outcome, RequestState } from "#db/schema";
import { formatDeadline, formatNzDateTime } from "~/workflow/nzTime";
import { isUndecided } from "~/workflow/policy";

export interface BannerFacts {
  state: RequestState;
  outcome: Outcome;
  deadlineAt: string;
  declinedByDefault: boolean;
  decisionReason: string | null;
  deciderName: string | null;
  decidedAt: string | null;
  /** When the request last changed: the date of a cancellation or an expiry. */
  updatedAt: string;
  validUntil: string | null;
}

const by = (name: string | null) => (name ? ` by ${name}` : "");
const on = (at: string | null) => (at ? ` on ${formatNzDateTime(at)}` : "");
const because = (reason: string | null) => (reason ? `: ${reason}` : "");
const NO_LONGER_IN_FORCE = " The endorsement is no longer in force.";
/** A full stop after a reason, unless the reason already ends its sentence. */
const stop = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/**
 * The request's state first, in words nobody misreads: a final state with
 * its reason and date, never "Endorse" for an endorsement no longer in force.
 */
export function StateBanner({ facts: f }: { facts: BannerFacts }) {
  const [tone, title, rest] = bannerWords(f);
  return (
    <section className={`notice state-banner state-banner--${tone}`} aria-label="Where this request stands">
      <p>
        <strong>{title}</strong>
        {rest}
      </p>
    </section>
  );
}

function bannerWords(f: BannerFacts): [tone: "open" | "final" | "endorsed", title: string, rest: string] {
  if (isUndecided(f.state)) {
    return [
      "open",
      "Outcome: Decline (default).",
      ` Unless the Procurement Excellence Manager approves an exception by the ${formatDeadline(f.deadlineAt)}, this request is declined.`,
    ];
  }
  switch (f.state) {
    case "withdrawn":
      return [
        "final",
        "Withdrawn",
        `${stop(`${by(f.deciderName)}${on(f.decidedAt)}${because(f.decisionReason)}`)}${NO_LONGER_IN_FORCE}`,
      ];
    case "expired":
      return [
        "final",
        "Expired",
        `${on(f.updatedAt)}: its valid-until date${f.validUntil ? `, the ${formatDeadline(f.validUntil)},` : ""} passed without a review.${NO_LONGER_IN_FORCE}`,
      ];
    case "cancelled":
      return ["final", "Cancelled", ` by the requester${on(f.updatedAt)}${because(f.decisionReason)}`];
    case "declined":
      return f.declinedByDefault
        ? ["final", "Declined by default", `${on(f.decidedAt)}${because(f.decisionReason)}`]
        : ["final", "Declined", `${by(f.deciderName)}${on(f.decidedAt)}${because(f.decisionReason)}`];
    default:
      return [
        "endorsed",
        "Endorsed",
        `${by(f.deciderName)}${on(f.decidedAt)}${f.validUntil ? `, valid until the ${formatDeadline(f.validUntil)}` : ""}. The approved text is in force.`,
      ];
  }
}
