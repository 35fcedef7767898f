import { describe, expect, it } from "vitest";

import { checkText } from "~/workflow/textChecks";
import { RULES } from "~/workflow/textChecks/rules";

import { CORPUS, FAIR_TEXTS, REFERENCE_FAIR_TEXT, formatScores, scoreCorpus } from "./corpus";

const matchesOf = (text: string, rule: string) =>
  checkText(text)
    .filter((finding) => finding.rule === rule)
    .map((finding) => finding.match);

describe("the text checks corpus", () => {
  it("has, for every rule, at least three texts where it fires and two near-misses", () => {
    for (const rule of RULES) {
      const cases = CORPUS.filter((corpusCase) => corpusCase.rule === rule.id && !corpusCase.knownLimitation);
      expect(cases.filter((corpusCase) => corpusCase.expected !== null).length, rule.id).toBeGreaterThanOrEqual(3);
      expect(cases.filter((corpusCase) => corpusCase.expected === null).length, rule.id).toBeGreaterThanOrEqual(2);
    }
  });

  for (const corpusCase of CORPUS.filter((candidate) => !candidate.knownLimitation)) {
    if (corpusCase.expected === null) {
      it(`${corpusCase.rule} does not fire on: ${corpusCase.text}`, () => {
        expect(matchesOf(corpusCase.text, corpusCase.rule)).toEqual([]);
      });
    } else {
      const expected = corpusCase.expected;
      it(`${corpusCase.rule} fires on "${expected}" in: ${corpusCase.text}`, () => {
        expect(matchesOf(corpusCase.text, corpusCase.rule)).toContain(expected.normalize("NFC"));
      });
    }
  }

  // Known limitations are asserted as they are, so fixing one shows up here and
  // the case can move into the corpus proper.
  for (const corpusCase of CORPUS.filter((candidate) => candidate.knownLimitation)) {
    it(`known limitation of ${corpusCase.rule}: ${corpusCase.knownLimitation}`, () => {
      const found = matchesOf(corpusCase.text, corpusCase.rule);
      if (corpusCase.expected === null) expect(found).not.toEqual([]);
      else expect(found).not.toContain(corpusCase.expected);
    });
  }

  it("finds nothing at all in the reference fair text", () => {
    expect(checkText(REFERENCE_FAIR_TEXT)).toEqual([]);
  });

  for (const text of FAIR_TEXTS) {
    it(`reports no error on the fair text: ${text.slice(0, 60)}…`, () => {
      expect(checkText(text).filter((finding) => finding.severity === "error")).toEqual([]);
    });
  }

  it("reports precision and recall per rule", () => {
    const scores = scoreCorpus();
    console.log(`Text checks, precision and recall over the corpus\n${formatScores(scores)}`);
    expect(scores.map((score) => score.rule)).toEqual(RULES.map((rule) => rule.id));
  });
});
