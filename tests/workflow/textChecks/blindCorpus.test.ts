// The checker measured on the blind corpus (tests/workflow/textChecks/blind/).
// The tuning half is what the rules were tuned on; the untouched half was only
// ever measured. The tuner's own drafts (own-tuning.json) are not blind, so they
// count only in the tuning half and are reported apart. Floors are the figures
// reached, so a change that loses recall or raises an error on a fair text fails here.
import { describe, expect, it } from "vitest";

import { formatFigures, halfOf, loadBlindCorpus, measure, type BlindText } from "./blindCorpus";

const corpus = loadBlindCorpus();

const SETS = {
  tuning: (sample: BlindText) => !sample.own && halfOf(sample.id) === "tuning",
  "tuner's own": (sample: BlindText) => sample.own,
  untouched: (sample: BlindText) => halfOf(sample.id) === "untouched",
} as const;

const FLOORS: Record<keyof typeof SETS, { recall: number; fairWithError: number }> = {
  tuning: { recall: 0.98, fairWithError: 0 },
  "tuner's own": { recall: 0.94, fairWithError: 0 },
  untouched: { recall: 0.74, fairWithError: 3 },
};

// Analysing some 200 drafts on a loaded 2-core machine can take far longer than the default 30 s.
describe("the blind corpus", { timeout: 180_000 }, () => {
  it("splits by id into two halves of about the same size, each with fair texts", () => {
    const delivered = corpus.filter((sample) => !sample.own);
    for (const half of ["tuning", "untouched"] as const) {
      const texts = delivered.filter((sample) => halfOf(sample.id) === half);
      expect(texts.length).toBeGreaterThan(delivered.length * 0.4);
      expect(texts.filter((sample) => sample.fair).length).toBeGreaterThanOrEqual(15);
    }
  });

  it("keeps the tuner's own drafts in the tuning half, with ids of their own", () => {
    const own = corpus.filter((sample) => sample.own);
    expect(own.length).toBeGreaterThan(0);
    expect(own.filter((sample) => halfOf(sample.id) !== "tuning").map((sample) => sample.id)).toEqual([]);
    expect(new Set(corpus.map((sample) => sample.id)).size).toBe(corpus.length);
  });

  for (const [name, inSet] of Object.entries(SETS) as [keyof typeof SETS, (sample: BlindText) => boolean][]) {
    it(`${name}: recall at the right criterion and errors on fair texts stay at their floors`, () => {
      const figures = measure(corpus.filter(inSet));
      console.log(formatFigures(`Blind corpus, ${name}`, figures));
      // Misses are printed only where tuning may read the texts.
      if (name !== "untouched")
        console.log(
          figures.misses
            .map((miss) => `  missed ${miss.id} ${miss.criterion}: ${miss.phrase} [${miss.found.join("; ")}]`)
            .join("\n"),
        );
      expect(figures.recall).toBeGreaterThanOrEqual(FLOORS[name].recall);
      expect(figures.fairWithError.length).toBeLessThanOrEqual(FLOORS[name].fairWithError);
    });
  }
});
