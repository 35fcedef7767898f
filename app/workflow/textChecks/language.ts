// Matchers that read the words' grammar (from `analysis.ts`) rather than a
// list of phrases: comparatives and superlatives by their form, imperatives by
// their place in the sentence, names by capitalisation outside a company name.
import { wordClass, type Analysis, type Sentence, type Token } from "~/workflow/textChecks/analysis";
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
      // "Use of the logo" is a noun; the agency itself ("contact Kāinga Ora") is never the supplier.
      if (object[0] === undefined || object[0].pos === "PUNCT" || object[0].lower === "of") continue;
      const target = object.find(
        (word) =>
          /^(?:them|these|this|him|her|acme|no)$/.test(word.lower) ||
          (word.pos === "PROPN" && !/^(?:kainga|ora)$/.test(word.lower)),
      );
      if (target === undefined) continue;
      // "Call Aroha", "contact us", "call the Kāinga Ora contact centre" give a way to ask, not a recommendation.
      if (/^(?:call|contact|ring|phone)$/.test(verb.lower) && !/^(?:them|these)$/.test(target.lower)) continue;
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

const CAPITALISED_RUN = /^(?:\p{Lu}[\p{L}\p{M}'’-]*|&)(?:[ \t\u00A0]+(?:\p{Lu}[\p{L}\p{M}'’-]*\.?|&))*/u;
const LEGAL_DESIGNATOR = /^(?:ltd\.?|limited|co\.?|company|group|trust|inc\.?|nz)$/i;

/**
 * A word a business name is made of and a person's rarely is: a trade or an
 * activity ("Plumbing", "Builders", "Electrical", "Leading"), by its form and
 * class in the model's vocabulary, or a legal designator. Surnames that are
 * plain nouns or adjectives ("Smith", "Brown") do not count.
 */
function isBusinessWord(word: string): boolean {
  if (LEGAL_DESIGNATOR.test(word)) return true;
  const { known, pos, lemma } = wordClass(word);
  const lower = word.toLowerCase();
  if (pos === "NOUN" && lemma !== lower) return true;
  // Adjectives of a trade ("Electrical", "Collective"), not of colour or size ("Brown", "Young").
  // Nouns of a service ("Security", "Construction", "Joinery"), made with suffixes surnames rarely have.
  const serviceNoun = pos === "NOUN" && /(?:tion|sion|ance|ence|ment|age|ity|ware|ics|ery)$/.test(lower);
  return known && (lower.endsWith("ing") || serviceNoun || (pos === "ADJ" && /(?:al|ic|ive|ary)$/.test(lower)));
}

const runAt = (text: string, offset: number) =>
  CAPITALISED_RUN.exec(text.slice(offset))?.[0].split(/[ \t\u00A0]+/) ?? [];

/**
 * "Hutt Plumbing Services", "Ōkato Builders", and "Tapu" where the text also
 * says "Tapu Plumbing": a capitalised name that is a business's, not a person's.
 */
export function namesABusiness(text: string, start: number): boolean {
  const run = runAt(text, start);
  if (run.length > 1)
    return run.slice(1).some(isBusinessWord) || run.some(LEGAL_DESIGNATOR.test.bind(LEGAL_DESIGNATOR));
  const first = run[0];
  if (first === undefined) return false;
  // A one-word name is the business's short name when the text gives it in full elsewhere.
  for (const found of text.matchAll(new RegExp(`(?<![\\p{L}\\p{M}])${first}(?=[ \\t\\u00A0]+\\p{Lu})`, "gu"))) {
    const longer = runAt(text, found.index);
    if (longer.length > 1 && longer.slice(1).some(isBusinessWord)) return true;
  }
  return false;
}

const tokensOf = (analysis: Analysis, sentence: Sentence) => analysis.tokens.slice(sentence.first, sentence.last + 1);

/** The clause a token is in: the words between the nearest commas, semicolons or dashes, within its sentence. */
function clauseAround(analysis: Analysis, index: number): Token[] {
  const sentence = analysis.sentences[analysis.tokens[index]!.sentence]!;
  const isBreak = (token: Token) => /^(?:[,;:—–]|-)$/.test(token.text) && token.pos === "PUNCT";
  let first = index;
  while (first > sentence.first && !isBreak(analysis.tokens[first - 1]!)) first--;
  let last = index;
  while (last < sentence.last && !isBreak(analysis.tokens[last + 1]!)) last++;
  return analysis.tokens.slice(first, last + 1);
}

// Verbs that report what a group thinks of the supplier: a claim only a survey could back.
const REPORTING_VERBS = new Set("say tell describe reckon agree rave swear love adore praise rate sing".split(" "));
// Who is said to hold the view: people in general, not a source that can be checked.
const VAGUE_SOURCES = new Set("everyone everybody anyone anybody people others nobody they".split(" "));

/** A plural noun for people ("tenants", "whānau" aside): a plural by form that the model reads as a common noun. */
const isPluralNoun = (token: Token) =>
  (token.pos === "NOUN" || token.pos === "PROPN") && token.lemma !== token.lower && /s$/.test(token.lower);

// Feedback as the source: "feedback has been glowing" reports a view nobody quotes.
const FEEDBACK = new Set("feedback review response reaction word".split(" "));

/** "Tenants' feedback has been glowing", "the response was overwhelmingly positive": a report of praise with no source. */
export function findReportedPraise(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  analysis.tokens.forEach((token, index) => {
    if (!FEEDBACK.has(token.lemma) || token.pos !== "NOUN") return;
    const following = nextWords(analysis, index, 5);
    const copula = following.findIndex((word) => word.lemma === "be");
    const praise = following.slice(copula + 1).find((word) => word.pos === "ADJ");
    if (copula === -1 || praise === undefined) return;
    spans.push(spanOf(token, praise));
  });
  return spans;
}

/**
 * "Our tenants all say", "local families have been singing its praises",
 * "tenants we spoke to said": a group reported as holding a view. The subject
 * is a plural noun or an indefinite pronoun among the few words before the verb.
 */
export function findHearsay(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  analysis.tokens.forEach((verb, index) => {
    if (verb.pos !== "VERB" || !REPORTING_VERBS.has(verb.lemma)) return;
    const sentenceFirst = analysis.sentences[verb.sentence]!.first;
    for (let at = index - 1; at >= Math.max(sentenceFirst, index - 5); at--) {
      const word = analysis.tokens[at]!;
      if (word.pos === "PUNCT" || /^(?:i|we|you|he|she|it)$/.test(word.lower)) return;
      if (isPluralNoun(word) || VAGUE_SOURCES.has(word.lower)) {
        // "They told us" about the supplier's own plans is their word, not hearsay about them.
        if (word.lower === "they" && !/^(?:love|adore|rave|swear|praise|rate)$/.test(verb.lemma)) return;
        spans.push(spanOf(word, verb));
        return;
      }
    }
  });
  return spans;
}

const FUTURE_MODALS = new Set(["will", "'ll", "’ll", "shall", "wo"]);
// A contract's own dates are facts ("the contract will end in June"), not the agency's promise.
const SCHEDULED = new Set("contract agreement term programme project letter reference tender".split(" "));
const AGENCY_SUBJECT = /^(?:we|i|our|us|kainga|ora|agency)$/;

/**
 * "We'll be using them for every rewire", "Kāinga Ora is sure to bring them
 * back", "tenants can count on": the future told in the agency's name. A future
 * modal whose clause has the agency or the supplier ("they") as its subject.
 */
export function findPromises(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  analysis.tokens.forEach((token, index) => {
    const next = analysis.tokens[index + 1];
    const assured =
      (/^(?:sure|bound|certain|set)$/.test(token.lower) &&
        next?.lower === "to" &&
        analysis.tokens[index - 1]?.pos === "AUX") ||
      (/^(?:count|rely|depend)$/.test(token.lower) &&
        next?.lower === "on" &&
        analysis.tokens[index - 1]?.lower === "can");
    const future = FUTURE_MODALS.has(token.lower) && token.pos === "AUX";
    if (!assured && !future) return;
    const clause = clauseAround(analysis, index);
    const before = clause.filter((word) => word.start < token.start && word.pos !== "ADV" && word.pos !== "AUX");
    if (before.some((word) => SCHEDULED.has(word.lemma) || /^(?:if|when|once)$/.test(word.lower))) return;
    // Who the future is told of: the word just before the modal ("Kāinga Ora will", "we'll", "they will").
    const subject = before.at(-1);
    const bySpeaker = subject !== undefined && (AGENCY_SUBJECT.test(subject.lower) || subject.lower === "they");
    if (!bySpeaker && !assured) return;
    const from = before.find((word) => AGENCY_SUBJECT.test(word.lower) || word.lower === "they") ?? before[0] ?? token;
    spans.push(spanOf(from, assured ? next! : token));
  });
  return spans;
}

// Words for something that went wrong on the job.
const PROBLEMS = new Set(
  (
    "delay hiccup issue problem complaint defect incident mistake error warning near-miss accident injury overrun " +
    "leak breach niggle glitch setback fault damage dispute concern complain slip overrun"
  ).split(" "),
);
// Words that wave it away in the same sentence.
const DISMISSALS =
  /\b(?:nothing|forgotten|expected|minor|only|just|overall|sorted|harm|behind\s+us|didn['’]t\s+matter|not\s+worth|no\s+big|all\s+good|moved\s+on|water\s+under)\b/iu;
// A problem stated with how it was dealt with is complete, not glossed over.
const RESOLUTION =
  /\b(?:resolved|fixed|repaired|reprinted|settled|corrected|refunded|remedied|performance\s+process|at\s+(?:the\s+)?\S+\s+cost|within\s+(?:a|\d+|one|two)\s+\S+)\b/iu;

/**
 * "There were a few delays early on, but nothing that took away from the
 * result", "the near-miss was soon forgotten": a problem named and waved away in
 * one sentence, without what was done about it.
 */
export function findDismissedProblems(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  for (const sentence of analysis.sentences) {
    const text = analysis.text.slice(sentence.start, sentence.end);
    if (RESOLUTION.test(text)) continue;
    const words = tokensOf(analysis, sentence);
    const problem = words.find((word) => PROBLEMS.has(word.lemma) || PROBLEMS.has(word.lower));
    if (problem === undefined) continue;
    const dismissal = DISMISSALS.exec(analysis.text.slice(problem.end, sentence.end));
    if (dismissal === null) continue;
    spans.push({ start: problem.start, end: problem.end + dismissal.index + dismissal[0].length });
  }
  return spans;
}

// Who a supplier is weighed against: others in general, or the one before.
const RIVAL_BEFORE = /^(?:previous|last|former|old|other|rival|competing)$/;
// "than" is left to `findComparisons`, which knows a comparative from "rather than".
const CONTRAST = /^(?:unlike|compared|comparison|whereas|while|where|above|beyond|ahead|only|outperform\w*)$/;
// Nouns for who does the work ("painters", "builder", "contractors", "crew"), not the work itself.
const AGENT_NOUN =
  /(?:ers?|ors?|ists?|ians?|company|companies|firms?|crews?|teams?|suppliers?|providers?|lot|outfits?)$/;

/**
 * "above what other painters in the Hutt manage", "where the previous builder
 * struggled", "the only plumbers in Tairāwhiti who answer": the supplier set
 * against other suppliers in one clause, with or without a comparative.
 */
export function findRivalComparisons(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  analysis.tokens.forEach((token, index) => {
    const next = analysis.tokens[index + 1];
    const rivals =
      token.lower === "others" ||
      token.lower === "competitors" ||
      (RIVAL_BEFORE.test(token.lower) && next?.pos === "NOUN" && AGENT_NOUN.test(next.lower));
    if (!rivals) return;
    const clause = clauseAround(analysis, index).filter((word) => word.start < token.start);
    const marker = clause.slice(-8).find((word) => CONTRAST.test(word.lower) || isComparative(word));
    if (marker === undefined) return;
    spans.push(spanOf(marker, rivals && next !== undefined && token.lower !== "others" ? next : token));
  });
  // "the only plumbers in Tairāwhiti who answer": sole by contrast with every other supplier.
  analysis.tokens.forEach((token, index) => {
    if (token.lower !== "only" || analysis.tokens[index - 1]?.lower !== "the") return;
    const rest = nextWords(analysis, index, 8);
    const who = rest.findIndex((word) => /^(?:who|that)$/.test(word.lower));
    if (
      who < 1 ||
      !rest.slice(0, who).some((word) => isPluralNoun(word) || word.lower === "one" || word.lower === "firm")
    )
      return;
    spans.push(spanOf(analysis.tokens[index - 1]!, rest[who]!));
  });
  return spans;
}

/** "Nobody does it better", "no one could have done more": a negated comparative is a superlative. */
export function findNegatedComparatives(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  analysis.tokens.forEach((token, index) => {
    const noOne = token.lower === "no" && analysis.tokens[index + 1]?.lower === "one";
    if (!/^(?:nobody|noone|none)$/.test(token.lower) && !noOne) return;
    const comparative = nextWords(analysis, index, 5).find(
      (word) => isComparative(word) || /^(?:better|more)$/.test(word.lower),
    );
    if (comparative !== undefined) spans.push(spanOf(token, comparative));
  });
  return spans;
}

/**
 * "Sina, who has lived in her home", "Mere told us": a single word the model
 * has never seen, written as a name and followed by "who" or a verb of saying,
 * is a person's first name.
 */
export function findFirstNames(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  analysis.tokens.forEach((token, index) => {
    if (!/^\p{Lu}\p{Ll}+$/u.test(token.text.normalize("NFD").replace(/\p{M}/gu, "")) || wordClass(token.text).known)
      return;
    const previous = analysis.tokens[index - 1];
    // After a capitalised word it is part of a longer name; after a preposition ("in Naenae, who") it is a place.
    if (previous !== undefined && previous.sentence === token.sentence && /^\p{Lu}/u.test(previous.text)) return;
    if (previous?.pos === "ADP") return;
    const next = analysis.tokens[index + 1];
    const afterComma = next?.text === "," ? analysis.tokens[index + 2] : undefined;
    const person =
      afterComma?.lower === "who" ||
      (next !== undefined && next.pos === "VERB" && /^(?:say|tell|explain|mention|describe|share)$/.test(next.lemma));
    if (person && !inProperName(analysis, index) && !namesABusiness(analysis.text, token.start))
      spans.push(spanOf(token, token));
  });
  return spans;
}

const NUMBER_WORDS =
  "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty".split(
    " ",
  );
const MONTH = "(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\\s+)?";
const SINCE = new RegExp(`\\bsince\\s+${MONTH}((?:19|20)\\d{2})\\b`, "giu");
const RANGE = new RegExp(
  `\\b(?:from|between)\\s+${MONTH}((?:19|20)\\d{2})\\s+(?:to|and|until|till)\\s+${MONTH}((?:19|20)\\d{2})\\b`,
  "giu",
);
const DURATION = new RegExp(
  `\\b(?:for|in|over|during|after)\\s+(?:the|all|nearly|almost|about|some)?\\s*(?:(?:past|last|first)\\s+)?(\\d{1,2}|${NUMBER_WORDS.join("|")})\\s+years?\\b(?!['’]?\\s*(?:of\\s+)?experience)`,
  "giu",
);
const YEAR = /\b(?:19|20)\d{2}\b/g;

/**
 * "Since 2023" beside "in the six years they've worked for us": a length of
 * time longer than the dates allow. The latest year is the latest the text or
 * the ruleset names (so the check needs no clock), plus one for a year under way.
 */
export function findPeriodContradictions(text: string, rulesetYear: number): RuleMatch[] {
  const latest = Math.max(rulesetYear, ...[...text.matchAll(YEAR)].map((found) => Number(found[0]))) + 1;
  const allowed = [
    ...[...text.matchAll(SINCE)].map((found) => latest - Number(found[1])),
    ...[...text.matchAll(RANGE)].map((found) => Number(found[2]) - Number(found[1]) + 1),
  ];
  if (allowed.length === 0) return [];
  const longest = Math.max(...allowed);
  return [...text.matchAll(DURATION)]
    .filter((found) => {
      const years = /^\d/.test(found[1]!) ? Number(found[1]) : NUMBER_WORDS.indexOf(found[1]!.toLowerCase()) + 1;
      return years > longest;
    })
    .map((found) => ({ start: found.index, end: found.index + found[0].length }));
}

// Verbs of choosing or relying on a supplier: said of the agency, they claim a standing.
const CHOOSING = new Set("trust rely turn prefer favour favor choose pick select back depend".split(" "));

/**
 * "the builders we trust", "the crew Kāinga Ora always turns to", "the team we
 * rely on": a relative clause with the agency as its subject, choosing the supplier.
 */
export function findChosenBy(analysis: Analysis): RuleMatch[] {
  const spans: RuleMatch[] = [];
  analysis.tokens.forEach((token, index) => {
    if (token.lower !== "the" && token.lower !== "our") return;
    const rest = nextWords(analysis, index, 7);
    const head = rest.findIndex((word) => word.pos === "NOUN" && AGENT_NOUN.test(word.lower));
    if (head === -1) return;
    let at = head + 1;
    if (/^(?:that|who|whom)$/.test(rest[at]?.lower ?? "")) at++;
    // The agency as subject: "we", "I", or its name (read without macrons, "Kainga Ora").
    if (rest[at]?.lower === "kainga" && rest[at + 1]?.lower === "ora") at += 2;
    else if (/^(?:we|i)$/.test(rest[at]?.lower ?? "")) at++;
    else return;
    while (rest[at]?.pos === "ADV" || rest[at]?.pos === "AUX") at++;
    const verb = rest[at];
    if (verb === undefined || verb.pos !== "VERB" || !CHOOSING.has(verb.lemma)) return;
    spans.push(spanOf(token, verb));
  });
  return spans;
}
