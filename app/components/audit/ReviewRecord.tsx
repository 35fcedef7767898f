import type { Criterion } from "~/workflow/textChecks/rules";
import { CRITERION_LABELS, PROBLEM_CRITERIA, type ReviewRecord } from "~/workflow/review";

/**
 * A version review as the manager made it, in words: each criterion met or
 * not with its evidence, what is known of problems, the findings waived or
 * acknowledged, and whether the impact was confirmed. Stored records may
 * predate a field, so each part is read defensively.
 */
export function ReviewRecordView({ record }: { record: Partial<ReviewRecord> }) {
  const criteria = Object.entries(record.criteria ?? {}) as Array<[Criterion, { met: boolean; note: string }]>;
  const waivers = record.waivers ?? [];
  return (
    <>
      <ul>
        {criteria.map(([key, c]) => (
          <li key={key}>
            <strong>{CRITERION_LABELS[key]?.title ?? key}</strong>: {c.met ? "met" : "not met"}
            {c.note ? <span className="prewrap"> — {c.note}</span> : null}
          </li>
        ))}
        {PROBLEM_CRITERIA.map((key) => {
          const p = record.knownProblems?.[key];
          return p ? (
            <li key={`problems-${key}`}>
              Known performance problems or disputes ({CRITERION_LABELS[key].title.toLowerCase()}):{" "}
              {p.known ? "yes" : "none known"}
              {p.howReflected ? <span className="prewrap"> — how the text reflects them: {p.howReflected}</span> : null}
            </li>
          ) : null;
        })}
      </ul>
      <p>
        {waivers.length === 0
          ? "No error finding was waived."
          : `Error findings waived: ${waivers.map((w) => `“${w.reason}”`).join("; ")}.`}{" "}
        Warnings acknowledged: {record.acknowledgements?.length ?? 0}. Impact on the agency confirmed against this text:{" "}
        {record.impactConfirmed ? "yes" : "no"}.
      </p>
    </>
  );
}
