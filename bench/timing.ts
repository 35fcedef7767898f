/** Timers for the benchmark: many runs, summarised as median and p95. */

export interface Timing {
  median_ms: number;
  p95_ms: number;
  runs: number;
}

/** The q-quantile of sorted numbers (nearest rank). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[rank]!;
}

export function round(value: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Median and p95 of a run's samples (sorted in place). */
function summarise(samples: number[]): Timing {
  samples.sort((x, y) => x - y);
  return { median_ms: round(quantile(samples, 0.5)), p95_ms: round(quantile(samples, 0.95)), runs: samples.length };
}

/**
 * Two things timed in turn (a, b, a, b, …) after warming both, `runs` times
 * each (or until `maxMs` has passed, with at least 5 runs), so a burst of
 * other work on the machine falls on both alike.
 */
export async function timeAlternately(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
  options: { runs: number; warmup?: number; maxMs?: number },
): Promise<[Timing, Timing]> {
  for (let i = 0; i < (options.warmup ?? 3); i++) {
    await a();
    await b();
  }
  const samples: [number[], number[]] = [[], []];
  const until = performance.now() + (options.maxMs ?? Number.POSITIVE_INFINITY);
  while (samples[0].length < options.runs && (samples[0].length < 5 || performance.now() < until)) {
    for (const [i, fn] of [a, b].entries()) {
      const start = performance.now();
      await fn();
      samples[i]!.push(performance.now() - start);
    }
  }
  return [summarise(samples[0]), summarise(samples[1])];
}
