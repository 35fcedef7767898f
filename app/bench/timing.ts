/** Timers for the benchmark: many runs of one thing, summarised as median and p95. */

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

/**
 * Runs `fn` a few times to warm caches and the JIT, then `runs` times timed
 * (or until `maxMs` has passed, whichever is first, with at least 5 runs).
 */
export async function timeRuns(fn: () => Promise<unknown>, options: { runs: number; warmup?: number; maxMs?: number }): Promise<Timing> {
  for (let i = 0; i < (options.warmup ?? 3); i++) await fn();
  const samples: number[] = [];
  const until = performance.now() + (options.maxMs ?? Number.POSITIVE_INFINITY);
  while (samples.length < options.runs && (samples.length < 5 || performance.now() < until)) {
    const start = performance.now();
    await fn();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return { median_ms: round(quantile(samples, 0.5)), p95_ms: round(quantile(samples, 0.95)), runs: samples.length };
}

/**
 * Like timeRuns for two things at once, timed in turn (a, b, a, b, …) after
 * warming both, so a burst of other work on the machine falls on both alike.
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
  const summary = (list: number[]): Timing => {
    list.sort((x, y) => x - y);
    return { median_ms: round(quantile(list, 0.5)), p95_ms: round(quantile(list, 0.95)), runs: list.length };
  };
  return [summary(samples[0]), summary(samples[1])];
}
