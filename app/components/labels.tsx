import type { Outcome, RequestState } from "#db/schema";
import { isUndecided } from "~/workflow/policy";
import { STATE_LABELS } from "~/workflow/vocabulary";

export { STATE_LABELS };

export function StateBadge({ state }: { state: RequestState }) {
  return <span className={`badge badge--${state}`}>{STATE_LABELS[state]}</span>;
}

/** The outcome is decline from the moment of logging until a version is approved. */
export function OutcomeBadge({ outcome, state }: { outcome: Outcome; state: RequestState }) {
  const label = outcome === "endorse" ? "Endorse" : isUndecided(state) ? "Decline (default)" : "Decline";
  return <span className={`badge badge--outcome-${outcome}`}>{label}</span>;
}

/** "1 error", "2 errors": counts in plain English. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A version's findings as people read them: "1 error, 2 warnings, 0 suggestions". */
export function findingCountsText(c: { error: number; warning: number; suggestion: number }): string {
  return `${plural(c.error, "error")}, ${plural(c.warning, "warning")}, ${plural(c.suggestion, "suggestion")}`;
}
