// Matchers that read the words' grammar (from `analysis.ts`) rather than a
// list of phrases: comparatives and superlatives by their form, imperatives by
// their place in the sentence, names by capitalisation outside a company name.
import type { Analysis, Token } from "~/workflow/textChecks/analysis";
import type { RuleMatch } from "~/workflow/textChecks/matchers";

const spanOf = (first: Token, last: Token): RuleMatch => ({ start: first.start, end: last.end });

/** The last token of a hyphenated word the model split ("switched", "-", "on"). */
function hyphenatedEnd(analysis: Analysis, index: number): Token {
  let at = index;
  while (analysis.tokens[at + 1]?.text === "-" && analysis.tokens[at + 2]?.start === analysis.tokens[at + 1]!.end)
    at += 2;
  return analysis.tokens[at]!;
}

/** Up to `count` words after `index`, stopping at the end of the clause. */
function nextWords(analysis: Analysis, index: number, count: number): Token[] {
  const sentenceEnd = analysis.sentences[analysis.tokens[index]!.sentence]!.last;
  const following = analysis.tokens.slice(index + 1, Math.min(sentenceEnd, index + count) + 1);
  const clauseEnd = following.findIndex((word) => word.pos === "PUNCT" && word.text !== "'" && word.text !== "’");
  return clauseEnd === -1 ? following : following.slice(0, clauseEnd);
}

/** Words of a registered name ("Premier Roofing Ltd", "Leading Edge Electrical"): capitalised runs of two or more. */
export function inProperName(analysis: Analysis, index: number): boolean {
  const tokens = analysis.tokens;
  const token = tokens[index]!;
  if (!/^\p{Lu}/u.test(token.text)) return false;
  const capitalised = (other: Token | undefined) =>
    other !== undefined && other.sentence === token.sentence && /^\p{Lu}/u.test(other.text) && other.pos !== "PUNCT";
  const sentenceStart = analysis.sentences[token.sentence]!.first === index;
  // At the start of a sentence every word is capitalised, so only a following capital counts.
  return capitalised(tokens[index + 1]) || (!sentenceStart && capitalised(tokens[index - 1]));
}

// Comparisons with a plan, the past or a standard are facts about the contract, not about rivals.
const BASELINES = new Set(
  (
    "expected anticipated planned forecast budgeted estimated budget target before previously usual required " +
    "specified scheduled quoted agreed last originally initially promised ever normal standard average we you"
  ).split(" "),
);
const NOT_COMPARATIVE = new Set("other rather whether either neither".split(" "));

function isComparative(token: Token): boolean {
  if (NOT_COMPARATIVE.has(token.lower)) return false;
  if (token.pos !== "ADJ" && token.pos !== "ADV") return false;
  return token.lemma !== token.lower && /(?:er|better|worse)$/.test(token.lower);
}

/** "quicker than the previous contractor", "more reliable than Fletcher": a comparative and what it is weighed against. */
export function findComparisons(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  const tokens = analysis.tokens;
  tokens.forEach((token, index) => {
    if (token.lower !== "than" || index === 0) return;
    const before = tokens[index - 1]!;
    const twoBefore = tokens[index - 2];
    const periphrastic = twoBefore !== undefined && /^(?:more|less)$/.test(twoBefore.lower) && before.pos === "ADJ";
    if (!isComparative(before) && !periphrastic) return;
    const after = nextWords(analysis, index, 3).filter(
      (word) => !/^(?:the|a|an|was|were|had|is|it|any)$/.test(word.lower),
    );
    if (after.length === 0 || BASELINES.has(after[0]!.lower) || after[0]!.pos === "NUM") return;
    const last = after[Math.min(after.length, 2) - 1]!;
    spans.push(spanOf(periphrastic ? twoBefore! : before, last));
  });
  return spans;
}

// Superlatives by form, except those that describe time, place or effort rather than merit.
const PLAIN_SUPERLATIVES = new Set(
  (
    "latest earliest nearest closest least last next most west east honest modest interest forest " +
    "oldest newest lowest highest smallest shortest longest furthest coldest wettest worst"
  ).split(" "),
);

export function findSuperlatives(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  analysis.tokens.forEach((token, index) => {
    if (token.pos !== "ADJ" && token.pos !== "ADV") return;
    if (PLAIN_SUPERLATIVES.has(token.lower) || inProperName(analysis, index)) return;
    // "best practice" names a standard; "did their best" describes effort.
    const next = analysis.tokens[index + 1]?.lower ?? "";
    const previous = analysis.tokens[index - 1]?.lower ?? "";
    if (/^(?:practices?|endeavours?|efforts?)$/.test(next) || /^(?:their|his|her|its|our|my|at)$/.test(previous))
      return;
    const byForm = token.lemma !== token.lower && /(?:est|^best|^worst)$/.test(token.lower);
    if (byForm) spans.push(spanOf(token, token));
  });
  // "the most switched-on team": "most" before a describing word, not "most of" or "most homes".
  analysis.tokens.forEach((token, index) => {
    const next = analysis.tokens[index + 1];
    const previous = analysis.tokens[index - 1]?.lower ?? "";
    if (token.lower !== "most" || next === undefined || !/^(?:the|our|their|its|his|her)$/.test(previous)) return;
    if (
      (next.pos === "ADJ" || next.pos === "VERB" || next.text.includes("-")) &&
      !/^(?:recent|likely|part)$/.test(next.lower)
    )
      spans.push(spanOf(token, hyphenatedEnd(analysis, index + 1)));
  });
  return spans;
}

// Verbs that, said to the reader at the start of a sentence, tell them to use the supplier.
const ENGAGE_VERBS = new Set(
  "hire choose use engage pick select book get try trust employ contract appoint consider call contact ring phone give go look".split(
    " ",
  ),
);
const SENTENCE_OPENERS = new Set("so just please definitely honestly seriously simply and then".split(" "));

/** "Hire them", "Give them a call", "Go with Acme": an imperative addressed to the reader about the supplier. */
export function findImperatives(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  for (const sentence of analysis.sentences) {
    let index = sentence.first;
    while (index <= sentence.last && SENTENCE_OPENERS.has(analysis.tokens[index]!.lower)) index++;
    // A clause after a comma or "if you need X," also opens an imperative.
    const starts = [index];
    for (let at = index; at <= sentence.last; at++) {
      if (analysis.tokens[at]!.text === "," || analysis.tokens[at]!.text === ";") starts.push(at + 1);
    }
    for (const start of starts) {
      const verb = analysis.tokens[start];
      if (verb === undefined || start > sentence.last || !ENGAGE_VERBS.has(verb.lower)) continue;
      const object = nextWords(analysis, start, 3);
      const target = object.find(
        (word) => /^(?:them|these|this|him|her|us|acme|no)$/.test(word.lower) || word.pos === "PROPN",
      );
      if (target === undefined || object[0]!.pos === "PUNCT") continue;
      // "Call Aroha" is about a person's contact details, not a recommendation.
      if (/^(?:call|contact|ring|phone)$/.test(verb.lower) && target.pos === "PROPN" && object[0] === target) continue;
      spans.push(spanOf(verb, target));
    }
  }
  return spans;
}

/** The token that starts at `offset`, if one does. */
function tokenIndexAt(analysis: Analysis, offset: number): number {
  return analysis.tokens.findIndex((token) => token.start === offset);
}

/** A match that begins a registered name ("Best Start Cleaning", "Top Notch Cleaning Ltd") is not puffery. */
export function beginsProperName(analysis: Analysis, span: RuleMatch): boolean {
  const index = tokenIndexAt(analysis, span.start);
  return index !== -1 && inProperName(analysis, index);
}

/** The sentence around a span, as text. */
export function sentenceAround(analysis: Analysis, span: RuleMatch): string {
  const sentence = analysis.sentences.find((candidate) => candidate.start <= span.start && span.start < candidate.end);
  return sentence === undefined ? "" : analysis.text.slice(sentence.start, sentence.end);
}

// Past-tense verbs that describe the request or the draft, not work done for the agency.
const NOT_SUPPLY = new Set(
  "ask request draft prepare attach write present say tell impress please delight base name call want need let hope".split(
    " ",
  ),
);
const AGENCY_OR_US = /k[\p{L}\p{M}]{3,7}[\s-]*or[aāä]|\b(?:we|us|our)\b/iu;

/** "Sparks Aotearoa rewired 60 of our homes": a verb of work done, in a sentence that involves the agency. */
export function statesWorkDone(analysis: Analysis): boolean {
  return analysis.sentences.some((sentence) => {
    if (!AGENCY_OR_US.test(analysis.text.slice(sentence.start, sentence.end))) return false;
    return analysis.tokens
      .slice(sentence.first, sentence.last + 1)
      .some((token) => token.pos === "VERB" && token.lemma !== token.lower && !NOT_SUPPLY.has(token.lemma));
  });
}

const NEGATIONS = new Set(["not", "n't", "no", "nor", "neither"]);

/** A "not", "no" or "n't" among the three words before a span, in the same sentence. */
export function negatedBefore(analysis: Analysis, span: RuleMatch): boolean {
  const index = analysis.tokens.findIndex((token) => token.end > span.start);
  if (index === -1) return false;
  const sentence = analysis.tokens[index]!.sentence;
  return analysis.tokens
    .slice(Math.max(0, index - 3), index)
    .some((token) => token.sentence === sentence && NEGATIONS.has(token.lower));
}
