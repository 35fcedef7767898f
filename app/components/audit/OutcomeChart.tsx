import type { QuarterFigures } from "~/models/figures.server";

/** Outcomes per quarter as stacked bars, inline SVG (no script): endorsed, declined by a manager, declined by default, undecided, cancelled. */
export function OutcomeChart({ quarters }: { quarters: readonly QuarterFigures[] }) {
  const barWidth = 36;
  const gap = 20;
  const height = 160;
  const top = 10;
  const bottom = 30;
  const max = Math.max(1, ...quarters.map((q) => q.total));
  const width = Math.max(200, quarters.length * (barWidth + gap) + gap);
  const h = (n: number) => (n / max) * (height - top - bottom);
  const segments = [
    { key: "endorse", label: "Endorsed", fill: "#2e7d32", value: (q: QuarterFigures) => q.endorse },
    {
      key: "decline",
      label: "Declined by a manager",
      fill: "#6d4c41",
      value: (q: QuarterFigures) => q.declinedByManager,
    },
    {
      key: "default",
      label: "Declined by default",
      fill: "#c62828",
      value: (q: QuarterFigures) => q.declinedByDefault,
    },
    { key: "undecided", label: "Undecided", fill: "#1565c0", value: (q: QuarterFigures) => q.undecided },
    { key: "cancelled", label: "Cancelled", fill: "#9e9e9e", value: (q: QuarterFigures) => q.cancelled },
  ];
  return (
    <figure className="audit-chart">
      <svg
        role="img"
        aria-labelledby="outcome-chart-title"
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
      >
        <title id="outcome-chart-title">Requests by outcome per quarter</title>
        {quarters.map((q, i) => {
          const x = gap + i * (barWidth + gap);
          let y = height - bottom;
          return (
            <g key={q.quarter}>
              {segments.map((s) => {
                const size = h(s.value(q));
                y -= size;
                return size > 0 ? (
                  <rect key={s.key} x={x} y={y} width={barWidth} height={size} fill={s.fill}>
                    <title>{`${q.quarter}: ${s.label} ${s.value(q)}`}</title>
                  </rect>
                ) : null;
              })}
              <text x={x + barWidth / 2} y={height - bottom + 14} textAnchor="middle" fontSize="10">
                {q.quarter}
              </text>
              <text x={x + barWidth / 2} y={height - bottom - h(q.total) - 2} textAnchor="middle" fontSize="10">
                {q.total}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        {segments.map((s) => (
          <span key={s.key} className="audit-chart__key">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={s.fill} />
            </svg>{" "}
            {s.label}{" "}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}
