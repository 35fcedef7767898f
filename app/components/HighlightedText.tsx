import type { Finding } from "~/workflow/textChecks";

const SEVERITY_ORDER = { error: 0, warning: 1, suggestion: 2 } as const;

/**
 * The text with each finding's span marked, so the author sees where it is.
 * The text is cut wherever a finding starts or ends, and each piece is marked
 * with the most severe finding over it, so overlapping findings all stay visible.
 */
export function HighlightedText({ text, findings }: { text: string; findings: readonly Finding[] }) {
  const spans = findings.filter((f) => f.end > f.start && f.end - f.start !== text.length);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((f) => [f.start, f.end])])].sort((a, b) => a - b);
  const parts = cuts.slice(0, -1).map((from, i) => {
    const to = cuts[i + 1]!;
    const covering = spans.filter((f) => f.start <= from && to <= f.end);
    if (covering.length === 0) return <span key={from}>{text.slice(from, to)}</span>;
    const worst = covering.reduce((a, b) => (SEVERITY_ORDER[b.severity] < SEVERITY_ORDER[a.severity] ? b : a));
    return (
      <mark
        key={from}
        className={`finding finding--${worst.severity}`}
        title={covering.map((f) => `${f.severity}: ${f.message}`).join("\n")}
      >
        {text.slice(from, to)}
      </mark>
    );
  });
  return (
    // A named region: aria-label is not allowed on a plain div (axe: aria-prohibited-attr).
    <div className="quote prewrap" role="region" aria-label="Your text with findings highlighted">
      {parts}
    </div>
  );
}
