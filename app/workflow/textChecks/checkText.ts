// Turns an endorsement text into findings. Pure (no I/O, no clock): the server
// runs it for the drafting page's live findings and again on each saved version.
import { analyse } from "~/workflow/textChecks/analysis";
import { MATCHERS, type RuleMatch } from "~/workflow/textChecks/matchers";
import { RULES, type Criterion, type RuleId, type Severity } from "~/workflow/textChecks/rules";
import { normalizeText } from "~/workflow/textChecks/normalize";

export type Finding = {
  rule: RuleId;
  criterion: Criterion;
  severity: Severity;
  message: string;
  /** Offset into the NFC-normalised text, in UTF-16 code units. */
  start: number;
  /** Exclusive. */
  end: number;
  /** 1-based. */
  line: number;
  /** 1-based, in UTF-16 code units from the start of the line. */
  column: number;
  /** Exactly `normalizeText(text).slice(start, end)`. */
  match: string;
  /** Present only when the rule has a replacement to offer. */
  suggestion?: string;
};

export { normalizeText };

export function checkText(text: string): Finding[] {
  const normalised = normalizeText(text);
  const lineStarts = lineStartOffsets(normalised);
  const analysis = analyse(normalised);
  const findings: Finding[] = [];
  for (const rule of RULES) {
    for (const span of withoutOverlaps(MATCHERS[rule.id](normalised, analysis))) {
      const match = normalised.slice(span.start, span.end);
      const { line, column } = position(lineStarts, span.start);
      findings.push({
        rule: rule.id,
        criterion: rule.criterion,
        severity: rule.severity,
        message: span.missing ? rule.description : `"${match}": ${rule.description}`,
        start: span.start,
        end: span.end,
        line,
        column,
        match,
        // The key is left out, not set to undefined, so JSON output has no empty field.
        ...(span.suggestion === undefined ? {} : { suggestion: span.suggestion }),
      });
    }
  }
  return findings.sort(
    (a, b) => a.start - b.start || a.end - b.end || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0),
  );
}

/** One finding per occurrence: where a rule's patterns overlap, the earliest, longest span stands. */
function withoutOverlaps(spans: RuleMatch[]): RuleMatch[] {
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: RuleMatch[] = [];
  let keptUntil = -1;
  for (const span of ordered) {
    // A zero-length whole-text span (an empty text) must still be kept.
    if (span.start < keptUntil) continue;
    kept.push(span);
    keptUntil = Math.max(span.end, span.start + 1);
  }
  return kept;
}

// "\r\n", "\n" and "\r" each end a line, as editors count them.
function lineStartOffsets(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === "\r" && text[index + 1] === "\n") continue;
    if (char === "\n" || char === "\r") starts.push(index + 1);
  }
  return starts;
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (lineStarts[middle]! <= offset) low = middle;
    else high = middle - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low]! + 1 };
}
