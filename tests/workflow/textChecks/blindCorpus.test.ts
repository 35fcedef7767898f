// The checker measured on the blind corpus (tests/workflow/textChecks/blind/).
// The tuning half is what the rules were tuned on; the untouched half was only
// ever measured. Floors are the figures reached, so a change that loses recall
// or raises an error on a fair text fails here.
import { describe, expect, it } from "vitest";

import { formatFigures, halfOf, loadBlindCorpus, measure, type Half } from "./blindCorpus";

const corpus = loadBlindCorpus();

const FLOORS: Record<Half, { recall: number; fairWithError: number }> = {
  tuning: { recall: 0.95, fairWithError: 0 },
  untouched: { recall: 0.69, fairWithError: 6 },
};

describe("the blind corpus", () => {
  it("splits by id into two halves of about the same size, each with fair texts", () => {
    for (const half of ["tuning", "untouched"] as const) {
      const texts = corpus.filter((sample) => halfOf(sample.id) === half);
      expect(texts.length).toBeGreaterThan(corpus.length * 0.4);
      expect(texts.filter((sample) => sample.fair).length).toBeGreaterThanOrEqual(15);
    }
  });

  for (const half of ["tuning", "untouched"] as const) {
    it(`${half} half: recall at the right criterion and errors on fair texts stay at their floors`, () => {
      const figures = measure(corpus.filter((sample) => halfOf(sample.id) === half));
      console.log(formatFigures(`Blind corpus, ${half} half`, figures));
      if (half === "tuning")
        console.log(
          figures.misses
            .map((miss) => `  missed ${miss.id} ${miss.criterion}: ${miss.phrase} [${miss.found.join("; ")}]`)
            .join("\n"),
        );
      expect(figures.recall).toBeGreaterThanOrEqual(FLOORS[half].recall);
      expect(figures.fairWithError.length).toBeLessThanOrEqual(FLOORS[half].fairWithError);
    });
  }
});
