// The blind corpus: drafts written by someone who had not read the rules, with
// the problem phrases a careful reviewer would mark and the criterion they
// would give, and fair texts with near-misses. This module loads it, splits it
// into a tuning half and an untouched half by id, and measures the checker.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

import { checkText, normalizeText, type Criterion, type Finding } from "~/workflow/textChecks";
import { RULES, type RuleId } from "~/workflow/textChecks/rules";

export type MarkedProblem = { start: number; end: number; phrase: string; criterion: Criterion };
/** `own`: written by the engineer tuning the rules, so never blind; only ever in the tuning half. */
export type BlindText = { id: string; text: string; fair: boolean; own: boolean; problems: MarkedProblem[] };
export type Half = "tuning" | "untouched";

export const BLIND_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), "blind");

/** Which half a text belongs to, from its id alone, so adding texts never moves another. */
export function halfOf(id: string): Half {
  return createHash("sha256").update(id).digest()[0]! % 2 === 0 ? "tuning" : "untouched";
}

type DeliveredProblem = { phrase: string; criterion: Criterion };
type Delivered = { id: string; text: string; problems?: DeliveredProblem[] };

/** A phrase marks its first occurrence; an empty phrase marks something missing, so the whole text. */
function marked(text: string, problem: DeliveredProblem): MarkedProblem {
  const phrase = normalizeText(problem.phrase);
  if (phrase === "") return { start: 0, end: text.length, phrase, criterion: problem.criterion };
  const start = text.indexOf(phrase);
  if (start === -1) throw new Error(`The marked phrase is not in its text: ${phrase}`);
  return { start, end: start + phrase.length, phrase, criterion: problem.criterion };
}

function toBlindText(sample: Delivered, fair: boolean, own: boolean): BlindText {
  const text = normalizeText(sample.text);
  return { id: sample.id, text, fair, own, problems: (sample.problems ?? []).map((problem) => marked(text, problem)) };
}

const readJson = <T>(file: string) => JSON.parse(readFileSync(path.join(BLIND_DIR, file), "utf8")) as T;

/** The delivered drafts, then the tuner's own (own-tuning.json), which the test keeps in the tuning half. */
export function loadBlindCorpus(): BlindText[] {
  const own = readJson<{ problems: Delivered[]; fair: Delivered[] }>("own-tuning.json");
  return [
    ...readJson<Delivered[]>("problems.json").map((sample) => toBlindText(sample, false, false)),
    ...readJson<Delivered[]>("fair.json").map((sample) => toBlindText(sample, true, false)),
    ...own.problems.map((sample) => toBlindText(sample, false, true)),
    ...own.fair.map((sample) => toBlindText(sample, true, true)),
  ];
}

type Check = (text: string) => Finding[];

export type Miss = { id: string; phrase: string; criterion: Criterion; found: string[] };
export type RuleFigures = { rule: RuleId; criterion: Criterion; hits: number; falseFindings: number; caught: number };
export type Figures = {
  problems: number;
  caught: number;
  recall: number;
  fairTexts: number;
  fairWithError: string[];
  misses: Miss[];
  perRule: RuleFigures[];
  perCriterion: { criterion: Criterion; problems: number; caught: number }[];
};

const overlaps = (finding: Finding, problem: MarkedProblem) =>
  finding.start < problem.end && problem.start < finding.end;

/**
 * Recall: a marked problem counts as found when a finding at its criterion
 * overlaps its span. A rule's finding is a hit when it overlaps a problem
 * marked at the rule's criterion, otherwise a false finding (on a problem text
 * it may also be a real problem the writer did not mark).
 */
export function measure(texts: readonly BlindText[], check: Check = checkText): Figures {
  const perRule = new Map<RuleId, RuleFigures>(
    RULES.map((rule) => [rule.id, { rule: rule.id, criterion: rule.criterion, hits: 0, falseFindings: 0, caught: 0 }]),
  );
  const misses: Miss[] = [];
  const fairWithError: string[] = [];
  const perCriterion = new Map<Criterion, { criterion: Criterion; problems: number; caught: number }>();
  let problems = 0;
  let caught = 0;
  for (const sample of texts) {
    const findings = check(sample.text);
    if (sample.fair && findings.some((finding) => finding.severity === "error")) fairWithError.push(sample.id);
    for (const finding of findings) {
      const figures = perRule.get(finding.rule)!;
      const hit = sample.problems.some(
        (problem) => problem.criterion === finding.criterion && overlaps(finding, problem),
      );
      if (hit) figures.hits++;
      else figures.falseFindings++;
    }
    for (const problem of sample.problems) {
      problems++;
      const row = perCriterion.get(problem.criterion) ?? { criterion: problem.criterion, problems: 0, caught: 0 };
      perCriterion.set(problem.criterion, row);
      row.problems++;
      const catching = findings.filter(
        (finding) => finding.criterion === problem.criterion && overlaps(finding, problem),
      );
      for (const rule of new Set(catching.map((finding) => finding.rule))) perRule.get(rule)!.caught++;
      if (catching.length > 0) {
        caught++;
        row.caught++;
      } else
        misses.push({
          id: sample.id,
          phrase: problem.phrase,
          criterion: problem.criterion,
          found: findings.filter((finding) => overlaps(finding, problem)).map((f) => `${f.rule}:${f.match}`),
        });
    }
  }
  return {
    problems,
    caught,
    recall: problems === 0 ? 1 : caught / problems,
    fairTexts: texts.filter((sample) => sample.fair).length,
    fairWithError,
    misses,
    perRule: [...perRule.values()],
    perCriterion: [...perCriterion.values()].sort((a, b) => (a.criterion < b.criterion ? -1 : 1)),
  };
}

export function formatFigures(title: string, figures: Figures): string {
  const ratio = (part: number, whole: number) => (whole === 0 ? "  - " : (part / whole).toFixed(2));
  const lines = [
    `${title}: recall ${figures.recall.toFixed(2)} (${figures.caught}/${figures.problems} problem phrases at the right criterion with an overlapping span); ` +
      `fair texts with an error: ${figures.fairWithError.length}/${figures.fairTexts}${figures.fairWithError.length ? ` (${figures.fairWithError.join(", ")})` : ""}`,
    `${"criterion".padEnd(22)} marked caught recall`,
    ...figures.perCriterion.map(
      (row) =>
        `${row.criterion.padEnd(22)} ${String(row.problems).padStart(6)} ${String(row.caught).padStart(6)}   ${ratio(row.caught, row.problems)}`,
    ),
    `${"rule".padEnd(26)} hits false precision caught`,
    ...figures.perRule.map(
      (row) =>
        `${row.rule.padEnd(26)} ${String(row.hits).padStart(4)} ${String(row.falseFindings).padStart(5)}      ${ratio(row.hits, row.hits + row.falseFindings)} ${String(row.caught).padStart(6)}`,
    ),
  ];
  return lines.join("\n");
}
