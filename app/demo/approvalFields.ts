import { CRITERIA, type Finding } from "~/workflow/textChecks";

type Criterion = (typeof CRITERIA)[number];

/**
 * The review page's fields for a complete approval of `version`: impact
 * confirmed, no conflict, every criterion met with a note, every error
 * waived and every warning acknowledged. The demo seed and the tests approve
 * through it, so both go the way a manager's form does.
 */
export function completeApprovalFields(
  version: { id: number; sha256: string; findings: readonly Finding[] },
  revision: number,
  notes: { criterion: (c: Criterion) => string; waiver: string },
): Record<string, string> {
  const fields: Record<string, string> = {
    versionId: String(version.id),
    sha256: version.sha256,
    revision: String(revision),
    impactConfirmed: "on",
    conflict: "none",
    "knownProblems.known": "no",
  };
  for (const c of CRITERIA) {
    fields[`criteria.${c}.met`] = "met";
    fields[`criteria.${c}.note`] = notes.criterion(c);
  }
  version.findings
    .filter((f) => f.severity !== "suggestion")
    .forEach((f, i) => {
      fields[`findings.${i}.key`] = `${f.rule}:${f.start}:${f.end}`;
      if (f.severity === "error") fields[`findings.${i}.waiver`] = notes.waiver;
      else fields[`findings.${i}.acknowledged`] = "on";
    });
  return fields;
}
