import type { Finding } from "~/workflow/textChecks";

const SEVERITY_ORDER = { error: 0, warning: 1, suggestion: 2 } as const;

/**
 * The text with each finding's span marked, so the author sees where it is.
 * The text is cut wherever a finding starts or ends, and each piece is marked
 * with the most severe finding over it, so overlapping findings all stay visible.
 */
export function HighlightedText({
  text,
  findings,
  id,
  label = "Your text with findings highlighted",
}: {
  text: string;
  findings: readonly Finding[];
  id?: string;
  label?: string;
}) {
  const spans = findings.filter((f) => f.end > f.start && f.end - f.start !== text.length);
  const cuts = [...new Set([0, text.length, ...spans.flatMap((f) => [f.start, f.end])])].sort((a, b) => a - b);
  const parts = cuts.slice(0, -1).map((from, i) => {
    const to = cuts[i + 1]!;
    const covering = spans.filter((f) => f.start <= from && to <= f.end);
    if (covering.length === 0)
      return (
        <span key={from} data-from={from}>
          {text.slice(from, to)}
        </span>
      );
    const worst = covering.reduce((a, b) => (SEVERITY_ORDER[b.severity] < SEVERITY_ORDER[a.severity] ? b : a));
    return (
      <mark
        key={from}
        data-from={from}
        className={`finding finding--${worst.severity}`}
        title={covering.map((f) => `${f.severity}: ${f.message}`).join("\n")}
      >
        {text.slice(from, to)}
      </mark>
    );
  });
  return (
    // A named region: aria-label is not allowed on a plain div (axe: aria-prohibited-attr).
    <div className="quote prewrap" role="region" aria-label={label} id={id} tabIndex={id ? -1 : undefined}>
      {parts}
    </div>
  );
}

/** The DOM point of offset `at` in a HighlightedText, whose pieces carry their start as `data-from`. */
function pointAt(container: HTMLElement, at: number): { node: Node; offset: number } | null {
  const pieces = [...container.querySelectorAll<HTMLElement>("[data-from]")];
  const piece = pieces.filter((p) => Number(p.dataset.from) <= at).pop();
  const node = piece?.firstChild;
  if (!piece || !node) return null;
  return { node, offset: Math.min(at - Number(piece.dataset.from), node.textContent?.length ?? 0) };
}

/** Selects the words of one finding in a HighlightedText, as a reader's own selection, and shows them. */
export function selectWords(container: HTMLElement, start: number, end: number): void {
  const from = pointAt(container, start);
  const to = pointAt(container, end);
  const selection = window.getSelection();
  if (!from || !to || !selection) return;
  // Focus first: moving focus afterwards could collapse the selection.
  container.focus({ preventScroll: true });
  const range = document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  selection.removeAllRanges();
  selection.addRange(range);
  (from.node.parentElement ?? container).scrollIntoView({ block: "center" });
}
