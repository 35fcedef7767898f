// How each rule in `rules.ts` finds its matches. Browser-safe: no node: imports.
// Every matcher takes the NFC-normalised text and returns spans as UTF-16 offsets.
// The "max" metadata validates numbers fully, so a year range such as
// "2024-2025" is not mistaken for a phone number, as it is with the default.
import { findPhoneNumbersInText } from "libphonenumber-js/max";

import type { Analysis } from "~/workflow/textChecks/analysis";
import { findComparisons, findImperatives, findSuperlatives } from "~/workflow/textChecks/language";
import type { RuleId } from "~/workflow/textChecks/rules";

export type RuleMatch = {
  start: number;
  end: number;
  suggestion?: string;
  /** The finding is about something the text lacks, so it spans the whole text. */
  missing?: true;
};

type Matcher = (text: string, analysis: Analysis) => RuleMatch[];

// Word boundaries that understand macrons: `\b` only knows ASCII letters, so
// "Kāinga" would otherwise break at the "ā".
const NOT_AFTER_WORD = "(?<![\\p{L}\\p{M}\\p{N}_])";
const NOT_BEFORE_WORD = "(?![\\p{L}\\p{M}\\p{N}_])";

/**
 * One regex per phrase, matched as whole words; `flags` "gu" makes them case-sensitive.
 * Separate regexes rather than one alternation, so that the longest phrase at a
 * place wins ("best-in-class", not "best") when overlaps are resolved.
 */
function words(alternatives: readonly string[], flags: "giu" | "gu" = "giu"): RegExp[] {
  return alternatives.map((phrase) => new RegExp(`${NOT_AFTER_WORD}(?:${phrase})${NOT_BEFORE_WORD}`, flags));
}

function spansOf(text: string, ...patternGroups: (RegExp | RegExp[])[]): RuleMatch[] {
  const spans: RuleMatch[] = [];
  for (const pattern of patternGroups.flat()) {
    for (const found of text.matchAll(pattern)) {
      if (found[0].length > 0) spans.push({ start: found.index, end: found.index + found[0].length });
    }
  }
  return spans;
}

function containsAny(text: string, patterns: RegExp[]): boolean {
  // `search` ignores the global flag's lastIndex, so a shared regex is safe to reuse.
  return patterns.some((pattern) => text.search(pattern) !== -1);
}

/** A finding about something missing spans the whole text (DESIGN.md). */
function wholeText(text: string): RuleMatch[] {
  return [{ start: 0, end: text.length, missing: true }];
}

// The agency's name, loosely, so that rules about its voice still fire when it is misspelt.
const AGENCY = "k[\\p{L}\\p{M}]{3,7}[\\s\\-]*or[aāä]";
// Who speaks for the agency in an endorsement.
const AGENCY_VOICE = `(?:we|i|${AGENCY}|our\\s+(?:team|organisation|organization|agency|staff))`;
const SENTENCE_REST = "(?:(?![.!?](?:\\s|$))[^\\n!?]){0,60}?";

const superlative = words([
  // "best practice" names a recognised standard, not a claim about the supplier.
  "best(?![\\s\\-]+practices?)",
  "finest",
  "greatest",
  "fastest",
  "cheapest",
  "biggest",
  "largest",
  "strongest",
  "(?:world|first|top|best[\\s\\-]+in)[\\s\\-]+class",
  "world[\\s\\-]+(?:leading|leaders?|renowned)",
  "(?:market|industry|sector)[\\s\\-]+(?:leading|leaders?)",
  "(?:a|the)\\s+leader\\s+in",
  // "leading to", "leading up to" describe consequences, not market position.
  "leading(?![\\s\\-]+(?:to|up|on|into|from)(?![\\p{L}]))",
  "number\\s+(?:one|1)",
  // "#1" and "No. 1" also number stages and contracts, so only as a rank.
  "(?:#|no\\.?)\\s?1\\s+(?:supplier|provider|contractor|builder|choice|company|firm|in)",
  "top[\\s\\-]+(?:notch|tier|rated|quality|performing)",
  "unrivall?ed",
  "unparall?el+ed",
  "unmatched",
  "unbeatable",
  "unsurpassed",
  "second\\s+to\\s+none",
  "without\\s+(?:equal|peer)",
  "premier",
  "pre-?eminent",
  "highest[\\s\\-]+(?:quality|standards?|calibre|caliber|level)",
  "above\\s+and\\s+beyond",
  "(?:could\\s+not|couldn['’]t)\\s+be\\s+(?:happier|more\\s+\\p{L}+)",
  "than\\s+ever(?:\\s+before)?",
  "the\\s+only\\s+(?:supplier|provider|contractor|builder|company|firm|choice|partner)",
  "(?:the\\s+)?most\\s+(?:reliable|trusted|experienced|professional|innovative|efficient|effective|capable|qualified|respected|skilled|competent|dependable|responsive)",
]);

const absoluteClaim = words([
  "always",
  "never",
  "guaranteed",
  "guarantees?(?=\\s+(?:that|to|you|your|satisfaction|quality|results|success))",
  "100\\s?%",
  "100\\s+(?:per\\s?cent|percent)",
  "one\\s+hundred\\s+(?:per\\s?cent|percent)",
  "all(?:\\s+of)?(?:\\s+(?:our|your|its|their|the))?\\s+(?:tenants|customers|clients|residents|whānau|users|people)",
  "every(?:\\s+single)?\\s+(?:time|tenant|customer|client|resident|job|project|occasion)",
  "without\\s+(?:exception|fail)",
  "flawless(?:ly)?",
  "faultless(?:ly)?",
  "perfect(?:ly|ion)?",
  "impeccabl[ey]",
  "zero\\s+(?:defects|complaints|issues|problems|faults)",
  "no\\s+complaints",
  "not\\s+(?:a|one)\\s+single\\s+(?:complaint|issue|problem|defect|fault)",
  "not\\s+once",
  "nothing\\s+but",
]);

const COMPETITORS =
  "(?:(?:other|another|any\\s+other|rival|competing)\\s+(?:suppliers?|providers?|contractors?|companies|company|firms?|vendors?|builders?|businesses|operators?)" +
  "|(?:the|its|their|our)\\s+(?:competitors|competition|rivals|peers|alternatives)" +
  "|the\\s+(?:rest|others)|(?:most|many)\\s+others|others\\s+in\\s+the\\s+(?:market|industry|sector)|anyone(?:\\s+else)?|any\\s+other)";
const competitorComparison = words([
  // Any comparative ("-er"), except the words that only look like one.
  `(?:better|cheaper|faster|quicker|stronger|safer|more\\s+\\p{L}+|less\\s+\\p{L}+|(?!(?:other|rather|whether|either|neither)\\s)\\p{L}+er)\\s+than\\s+${COMPETITORS}`,
  // "cheaper than budgeted" or "better than before" compare with plans or the past, not with rivals.
  "(?:better|cheaper)\\s+than(?!\\s+(?:expected|anticipated|planned|forecast|budgeted|estimated|budget|target|before|previously|last\\s+year|the\\s+(?:budget|estimate|forecast|target|previous)))",
  "unlike\\s+(?:(?:many|most|some|other|its|their|the)\\s+)+(?:\\p{L}+\\s+)?(?:suppliers|providers|contractors|companies|firms|vendors|builders|competitors|rivals|businesses|others)",
  `(?:compared|in\\s+comparison)\\s+(?:to|with)\\s+${COMPETITORS}`,
  "outperform(?:s|ed|ing)?",
  "(?:ahead\\s+of|above|beats?|beating|beat)\\s+(?:the\\s+)?(?:competition|competitors|rest)",
  "head\\s+and\\s+shoulders\\s+above",
  "stands?\\s+out\\s+from\\s+(?:the\\s+(?:rest|crowd|competition)|other)",
  "competitors?",
  "rivals",
]);

const agencyRecommendation = words([
  `${AGENCY_VOICE}(?:\\s+(?:would|can|could|do|will|are|am|is|have|has|fully|happily|highly|strongly|thoroughly|wholeheartedly|certainly|definitely|gladly|unreservedly|no\\s+hesitation\\s+in|not\\s+hesitate\\s+to|happy\\s+to|pleased\\s+to|glad\\s+to|proud\\s+to))*\\s+(?:recommend(?:s|ing)?|endorse[sd]?|endorsing|vouch(?:es|ing)?\\s+for)`,
  "(?:highly|strongly|thoroughly|wholeheartedly|unreservedly)\\s+recommend(?:ed|s|ing)?",
  "not\\s+hesitate\\s+(?:to|in)\\s+recommend(?:ing)?",
  "(?:our|my)\\s+(?:recommendation|endorsement)",
]);

const STATUS_ROLE = "(?:suppliers?|providers?|contractors?|partners?|vendors?|installers?|builders?)";
const officialStatus = words([
  `(?:preferred|official|approved|accredited|endorsed|exclusive|recommended|nominated|certified|trusted)\\s+(?:\\p{L}+\\s+)?${STATUS_ROLE}`,
  `(?:approved|accredited|endorsed|certified|recommended|sanctioned|vetted|backed)\\s+by\\s+${AGENCY}`,
  `${AGENCY}(?:['’]s)?\\s+(?:preferred|official|approved|accredited|endorsed|trusted|chosen|recommended|go-to)(?:\\s+(?:\\p{L}+\\s+)?${STATUS_ROLE})?`,
  `${AGENCY}[\\s\\-]+(?:approved|accredited|endorsed|certified)`,
  "(?:partner|supplier|provider|contractor)\\s+of\\s+choice",
  // Being called the agency's partner claims a standing a contract does not give.
  `(?:(?:proud|valued|strategic|long-standing|longstanding|key|trusted)\\s+)?partners?\\s+(?:of|to|with)\\s+${AGENCY}`,
  "go-to\\s+(?:supplier|provider|contractor|partner)",
]);

const politicalContentAnyCase = words([
  "(?:prime\\s+|associate\\s+)?ministers?",
  "ministerial",
  "(?:by-|general\\s+)?elections?",
  "electoral",
  "electorate",
  "vot(?:e|ers|ing)\\s+for",
  "parliament(?:ary)?",
  "(?:(?:the|this|current|previous|last|coalition|incoming|outgoing|new|labour|national)\\s+)?government(?:['’]s|\\s+polic(?:y|ies))",
  "(?:the|this|current|previous|last|coalition|incoming|outgoing|new|labour|national)\\s+government",
  "coalition\\s+(?:government|partners?|agreement)",
  "political\\s+part(?:y|ies)",
  "select\\s+committee",
]);
// Party names are ordinary words in lower case ("labour costs", "green building"), so these are case-sensitive.
const PARTY_CONTEXT = "(?:\\s+(?:Party|Government|government|MPs?|Minister|leader|caucus)|-led)";
const politicalContentProperNames = words(
  [
    `Labour${PARTY_CONTEXT}`,
    `National${PARTY_CONTEXT}`,
    "the\\s+Greens",
    "Green\\s+(?:Party|MPs?)",
    "ACT(?:\\s+(?:Party|MPs?|New\\s+Zealand))?",
    "NZ\\s+First",
    "New\\s+Zealand\\s+First",
    "Te\\s+P[āa]{1,2}ti\\s+M[āa]ori",
    "M[āa]ori\\s+Party",
    "the\\s+Opposition",
    "Opposition\\s+(?:MPs?|parties|party|spokesperson|leader)",
    "MPs?",
    // "Hon" is the title of Ministers and former Ministers.
    "Hon\\.?\\s+\\p{Lu}[\\p{L}\\p{M}'’\\-]+(?:\\s+\\p{Lu}[\\p{L}\\p{M}'’\\-]+)?",
    "Cabinet(?=\\s+(?:decision|minister|paper|approved|agreed))",
  ],
  "gu",
);

const emailAddress = new RegExp(
  `${NOT_AFTER_WORD}[\\p{L}\\p{N}._%+\\-]+@(?:[\\p{L}\\p{N}\\-]+\\.)+\\p{L}{2,}${NOT_BEFORE_WORD}`,
  "gu",
);

function findPhoneNumbers(text: string): RuleMatch[] {
  // libphonenumber reads a comma as a dialling pause and swallows the next
  // number as an extension; a comma has the same length as a newline, so
  // swapping them keeps the offsets and separates listed numbers.
  const searched = text.replace(/,/g, "\n");
  return findPhoneNumbersInText(searched, { defaultCountry: "NZ" }).map((found) => ({
    start: found.startsAt,
    end: found.endsAt,
  }));
}

const STREET_TYPES =
  "Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Place|Pl|Lane|Ln|Crescent|Cres|Terrace|Tce|Way|Close|Court|Ct|Grove|Parade|Pde|Highway|Hwy|Boulevard|Blvd|Quay|Rise|Square|Sq|Esplanade|Track|Mews|Heights|Glade|View";
const streetAddress = words(
  [
    `(?:(?:Flat|Unit|Apartment|Apt)\\s+\\d+[A-Za-z]?,?\\s+)?\\d+[A-Za-z]?(?:\\s*\\/\\s*\\d+[A-Za-z]?)?\\s+(?:\\p{Lu}[\\p{L}\\p{M}'’\\-]*\\s+){1,3}(?:${STREET_TYPES})`,
  ],
  "gu",
);

// People named in a role the policy protects: customers and contractors need a
// Talent Release form, colleagues their permission.
// Role words may start a sentence ("Tenant Mere Smith"), so their first letter
// takes either case; the name itself must be capitalised.
const ROLE =
  "(?:[Tt]enants?|[Cc]ustomers?|[Rr]esidents?|[Cc]lients?|[Ww]hānau(?:\\s+member)?|[Ss]taff(?:\\s+member)?|[Cc]olleagues?" +
  "|[Ee]mployees?|[Cc]ontractors?|[Ww]orkers?|(?:[Pp]roject|[Ss]ite|[Pp]roperty|[Tt]enancy|[Cc]ontract|[Aa]ccount)\\s+managers?" +
  "|(?:[Pp]roject|[Tt]eam|[Ss]ite)\\s+leads?|[Ff]orem[ae]n|[Cc]oordinators?|[Oo]fficers?|[Aa]dvis[eo]rs?" +
  "|[Mm]anagers?|[Ss]upervisors?|[Nn]eighbours?|[Hh]omeowners?)";
const NAME_WORD = "\\p{Lu}[\\p{L}\\p{M}'’\\-]+";
const NAME = `${NAME_WORD}(?:\\s+(?:(?:van|de|der|von|te)\\s+)?${NAME_WORD}){0,2}`;
const nameAfterRole = new RegExp(`${NOT_AFTER_WORD}${ROLE}[,:]?[ \\t\\u00A0]+(${NAME})${NOT_BEFORE_WORD}`, "gu");
const nameBeforeRole = new RegExp(
  `${NOT_AFTER_WORD}(${NAME}),[ \\t\\u00A0]+(?:a|an|one\\s+of\\s+(?:our|the)|our|the)\\s+(?:\\p{Ll}+\\s+)?${ROLE}${NOT_BEFORE_WORD}`,
  "gu",
);
const nameWithTitle = new RegExp(
  `${NOT_AFTER_WORD}(?:Mr|Mrs|Ms|Miss|Mx|Whaea|Matua)\\.?[ \\t\\u00A0]+${NAME}${NOT_BEFORE_WORD}`,
  "gu",
);
// Capitalised words that follow a role word but are not names ("Customer Services", "tenants. The").
const NOT_A_NAME = new Set(
  (
    "The This That These Those In At On From With For And But Or We Our It Its They Their He She His Her I A An " +
    "Kāinga Kainga Ora Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June " +
    "July August September October November December Satisfaction Survey Services Service Team Portal Centre Center " +
    "Liaison Engagement Support Programme Program Experience Care Relations Housing Feedback Charter Hub"
  ).split(" "),
);

function findNamedPeople(text: string): RuleMatch[] {
  const spans: RuleMatch[] = [];
  const addName = (name: string, start: number) => {
    const nameWords = name.split(/\s+/);
    // Keep the leading words that look like a name; stop at the first that does not.
    const kept: string[] = [];
    for (const word of nameWords) {
      if (NOT_A_NAME.has(word)) break;
      kept.push(word);
    }
    if (kept.length === 0) return;
    const keptText = name.slice(0, name.indexOf(kept[kept.length - 1]!) + kept[kept.length - 1]!.length);
    spans.push({ start, end: start + keptText.length });
  };
  for (const found of text.matchAll(nameAfterRole)) {
    const name = found[1]!;
    addName(name, found.index + found[0].length - name.length);
  }
  for (const found of text.matchAll(nameBeforeRole)) {
    addName(found[1]!, found.index);
  }
  spans.push(...spansOf(text, nameWithTitle));
  return spans;
}

const CHANGE_VERB =
  "(?:sav(?:e|es|ed|ing|ings)|cut(?:s|ting)?|reduc(?:e|es|ed|ing|tions?)|lower(?:s|ed|ing)?|slash(?:es|ed|ing)?|trimm(?:ed|ing)|halv(?:e|ed|ing)|increas(?:e|es|ed|ing)|improv(?:e|es|ed|ing|ements?)|boost(?:s|ed|ing)?|rais(?:e|ed|ing)|doubl(?:e|ed|ing)|tripl(?:e|ed|ing))";
const FIGURE =
  "(?:(?:NZ)?\\$\\s?\\d[\\d,]*(?:\\.\\d+)?(?:\\s?(?:k|m|million|billion|bn))?|\\d[\\d,]*(?:\\.\\d+)?\\s?(?:%|per\\s?cent|percent)|half|a\\s+(?:third|quarter|half)|\\d+\\s+(?:hours|days|weeks|months))";
const unevidencedResult = words([
  "\\d+(?:[.,]\\d+)?\\s?(?:%|per\\s?cent|percent)",
  `${CHANGE_VERB}${SENTENCE_REST}${FIGURE}`,
  "(?:best|record|outstanding|exceptional|excellent|impressive|remarkable|significant|substantial|considerable|dramatic|huge|massive|great|superior|amazing|fantastic|strong)\\s+(?:results?|outcomes?|savings?|improvements?|value\\s+for\\s+money|returns?|gains?|reductions?|increases?|performance)",
  "(?:saved|reduced|cut|lowered|slashed|halved|trimmed)\\s+(?:\\p{L}+\\s+){0,2}(?:costs?|spend(?:ing)?|expenditure|bills?|budgets?|times?|delays|complaints|call-?outs|waste|emissions|downtime|money)",
  "(?:costs?|spend(?:ing)?|bills?|complaints|call-?outs|delays|defects|arrears|satisfaction|ratings?|scores?|productivity|efficiency)\\s+(?:have\\s+|has\\s+)?(?:dropped|fallen|fell|decreased|declined|plummeted|rose|risen|increased|improved|grew|grown|halved|doubled|soared)",
  `(?:dropped|fallen|fell|decreased|declined|plummeted|rose|risen|grew|grown|soared)\\s+(?:by\\s+)?${FIGURE}`,
  "(?:increased|improved|boosted|raised|lifted|enhanced)\\s+(?:\\p{L}+\\s+){0,2}(?:satisfaction|productivity|efficiency|performance|quality|ratings?|scores?|outcomes|wellbeing|well-being|safety)",
  // Finishing "on schedule" or "within budget" is a plain fact; beating them is a claim.
  "under\\s+budget",
  "below\\s+budget",
  "ahead\\s+of\\s+(?:schedule|time)",
  "\\d+(?:\\.\\d+)?\\s*(?:x|times)\\s+(?:faster|cheaper|better|quicker|more|less)",
  "twice\\s+as\\s+\\p{L}+",
]);

const futurePromise = words([
  `${AGENCY_VOICE}\\s+(?:(?:also|certainly|definitely|therefore|again)\\s+)?(?:will|shall|intends?\\s+to|plans?\\s+to|(?:is|are|am|remain|remains)\\s+committed\\s+to|commits?\\s+to|looks?\\s+forward\\s+to|(?:is|are|am)\\s+looking\\s+forward\\s+to|(?:is|are|am)\\s+(?:going|planning|intending)\\s+to|hopes?\\s+to\\s+continue|expects?\\s+to\\s+continue)`,
  "(?:we|i)['’]ll",
  "will\\s+(?:continue|keep)\\s+(?:to\\s+)?(?:use|using|engage|engaging|work|working|partner|choose|employ|contract|rely|call|recommend)",
  "many\\s+more\\s+years",
  "for\\s+(?:many\\s+)?years\\s+to\\s+come",
]);

const weaselWords = words([
  "arguably",
  "some\\s+(?:people\\s+)?(?:say|believe|claim|argue|think|feel)",
  "(?:many|most)\\s+(?:people|customers|experts)\\s+(?:say|agree|believe|argue|think|feel)",
  "(?:many|most)\\s+would\\s+(?:agree|say|argue)",
  "widely\\s+(?:regarded|considered|recognised|recognized|known|seen|acknowledged|accepted|believed|thought)",
  "generally\\s+(?:regarded|considered|accepted|recognised|recognized|thought)",
  "it\\s+is\\s+(?:said|believed|thought|felt|claimed|often\\s+said)\\s+that",
  "(?:experts|critics|observers|commentators|industry\\s+insiders)\\s+(?:say|agree|believe|claim)",
  "reportedly",
  "supposedly",
  "allegedly",
  "by\\s+all\\s+accounts",
  "(?:considered|regarded|seen|described)\\s+by\\s+(?:many|most|some)",
  "it\\s+has\\s+been\\s+(?:said|suggested|claimed)",
  "(?:often|frequently)\\s+(?:described|referred\\s+to|regarded)\\s+as",
]);

const intensifier = words([
  "very",
  "extremely",
  "truly",
  "highly",
  "incredibly",
  "really",
  "absolutely",
  "exceptionally",
  "remarkably",
  "exceedingly",
  "tremendously",
  "hugely",
  "immensely",
  "super",
  "utterly",
  "genuinely",
  "absolute",
]);

const relationshipStatement = words([
  "contract(?:s|ed|ors?)?",
  "engaged",
  "engagement",
  "commissioned",
  "procured",
  "tender(?:ed)?",
  "purchase\\s+orders?",
  "agreement",
  "panel",
  "suppl(?:y|ied|ies|ying)",
  "provid(?:e|ed|es|ing)",
  "deliver(?:ed|s|ing)?",
  "install(?:ed|s|ing)?",
  "built",
  "constructed",
  "repaired",
  "renovated",
  "refurbished",
  "maintained",
  "maintains",
  "upgraded",
  "retrofitted",
  "insulated",
  "serviced",
  "cleaned",
  "replaced",
  "painted",
  "carried\\s+out",
  "undertook",
  "undertaken",
  "worked\\s+(?:with|for|on)",
  "completed",
]);

const periodStatement = words([
  "(?:19|20)\\d{2}(?:\\/\\d{2})?",
  "\\d{1,2}[\\/.\\-]\\d{1,2}[\\/.\\-]\\d{2,4}",
  "(?:for|over|during|in)\\s+(?:the\\s+)?(?:(?:past|last|first)\\s+)?(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|eighteen|twenty)\\s+(?:years?|months?|weeks?)",
]);

const agencyNameCandidate = new RegExp(
  `${NOT_AFTER_WORD}(k[\\p{L}\\p{M}]{3,7})([\\s\\-]*)(or[\\p{L}\\p{M}]{0,2})${NOT_BEFORE_WORD}`,
  "giu",
);
const AGENCY_NAME = "Kāinga Ora";

function withoutMarks(word: string): string {
  return word.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}

function findMisspeltAgencyName(text: string): RuleMatch[] {
  const spans: RuleMatch[] = [];
  for (const found of text.matchAll(agencyNameCandidate)) {
    const [whole, first, separator, second] = found as unknown as [string, string, string, string];
    if (withoutMarks(second) !== "ora" || editDistance(withoutMarks(first), "kainga") > 2) continue;
    const writtenCorrectly =
      (first === "Kāinga" || first === "KĀINGA") && (second === "Ora" || second === "ORA") && /^\s+$/u.test(separator);
    if (writtenCorrectly) continue;
    spans.push({ start: found.index, end: found.index + whole.length, suggestion: AGENCY_NAME });
  }
  return spans;
}

/** The matching logic for every rule, keyed by rule id; the type makes a rule without a matcher a compile error. */
export const MATCHERS: Record<RuleId, Matcher> = {
  superlative: (text, analysis) => [...spansOf(text, superlative), ...findSuperlatives(analysis)],
  "absolute-claim": (text) => spansOf(text, absoluteClaim),
  "competitor-comparison": (text, analysis) => [...spansOf(text, competitorComparison), ...findComparisons(analysis)],
  "agency-recommendation": (text, analysis) => [...spansOf(text, agencyRecommendation), ...findImperatives(analysis)],
  "official-status": (text) => spansOf(text, officialStatus),
  "political-content": (text) => spansOf(text, politicalContentAnyCase, politicalContentProperNames),
  "email-address": (text) => spansOf(text, emailAddress),
  "phone-number": findPhoneNumbers,
  "street-address": (text) => spansOf(text, streetAddress),
  "named-person": findNamedPeople,
  "unevidenced-result": (text) => spansOf(text, unevidencedResult),
  "future-promise": (text) => spansOf(text, futurePromise),
  "weasel-words": (text) => spansOf(text, weaselWords),
  intensifier: (text) => spansOf(text, intensifier),
  "relationship-not-stated": (text) => (containsAny(text, relationshipStatement) ? [] : wholeText(text)),
  "period-not-stated": (text) => (containsAny(text, periodStatement) ? [] : wholeText(text)),
  "agency-name-misspelt": findMisspeltAgencyName,
};
