// How each rule in `rules.ts` finds its matches. Pure: no node: imports, no I/O.
// Every matcher takes the NFC-normalised text and returns spans as UTF-16 offsets.
// The "max" metadata validates numbers fully, so a year range such as
// "2024-2025" is not mistaken for a phone number, as it is with the default.
import { findPhoneNumbersInText } from "libphonenumber-js/max";

import { wordClass, type Analysis } from "~/workflow/textChecks/analysis";
import {
  beginsProperName,
  findChosenBy,
  findComparisons,
  findDismissedProblems,
  findFirstNames,
  findHearsay,
  findImperatives,
  findNegatedComparatives,
  findPeriodContradictions,
  findPromises,
  findReportedPraise,
  findRivalComparisons,
  findSuperlatives,
  namesABusiness,
  negatedBefore,
  sentenceAround,
} from "~/workflow/textChecks/language";
import { RULESET_VERSION, type RuleId } from "~/workflow/textChecks/rules";

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
  "(?:at\\s+the\\s+)?top\\s+of\\s+(?:their|the|its|his|her)\\s+(?:game|field|class|league|industry|trade)",
  "(?:can['’]t|cannot|couldn['’]t|could\\s+not)\\s+be\\s+(?:beaten|bettered|topped)",
  "without\\s+(?:equal|peer)",
  "premier",
  "pre-?eminent",
  "highest[\\s\\-]+(?:quality|standards?|calibre|caliber|level)",
  "above\\s+and\\s+beyond",
  "(?:could\\s+not|couldn['’]t)\\s+be\\s+(?:happier|more\\s+\\p{L}+)",
  "than\\s+ever(?:\\s+before)?",
  "the\\s+only\\s+(?:supplier|provider|contractor|builder|company|firm|choice|partner)",
  // A negated comparative is a superlative in other words.
  "(?:no|never\\s+(?:a|an))\\s+(?:better|finer|greater|more\\s+\\p{L}+)",
  "(?:won['’]t|wouldn['’]t|will\\s+not|can['’]t|couldn['’]t|cannot|never)\\s+(?:find|get|ask\\s+for|see|meet)\\s+(?:a|an|any)\\s+(?:better|finer|more\\s+\\p{L}+)",
  "never\\s+(?:looked|been|seen|felt|had)\\s+(?:so|it\\s+so|anything\\s+so)?\\s*(?:good|better|cleaner|nicer|tidier|happier|\\p{L}+er)",
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
  "every(?:\\s+single)?\\s+(?:time|tenant|customer|client|resident|job|project|occasion|home|house|property|unit|family|visit|call|request|mistake|one\\s+of\\s+(?:them|our))",
  "all\\s+year\\s+round",
  "each\\s+and\\s+every",
  "all\\s+the\\s+time",
  "(?:nothing|never|nobody|no\\s+one)\\s+ever",
  "(?:never|not)\\s+(?:made|had|missed|received|let)\\s+(?:a|one)\\s+single",
  "not\\s+once\\s+(?:have|has|did|were|was)",
  "without\\s+(?:exception|fail)",
  "flawless(?:ly)?",
  "faultless(?:ly)?",
  "perfect(?:ly|ion)?",
  "impeccabl[ey]",
  "zero\\s+(?:defects|complaints|issues|problems|faults|call-?backs|callbacks|rework|failures|incidents|injuries|accidents|leaks)",
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
  "out(?:class|shine|do|strip|perform)(?:e?s|ed|ing|ne)?",
  // "every other caterer", not "any other work".
  "(?:every|any)\\s+other\\s+(?:\\p{L}+\\s+)?(?:suppliers?|providers?|contractors?|compan(?:y|ies)|firms?|vendors?|businesses|business|crews?|teams?|tradies|outfits?|operators?|\\p{L}+ers?|\\p{L}+ists?)(?!\\p{L})",
  "the\\s+other\\s+(?:tenderers|bidders|suppliers|firms|companies|contractors|providers|vendors|operators|builders)",
  '(?<=^|[.!?"“]\\s*)Other\\s+\\p{Ll}+s\\s+(?:charge|cost|take|are|were|do|did|can|could|would|have)',
  "unlike\\s+(?:the|our|their|some|many|most|other|previous|past)\\s+(?:\\p{L}+\\s+){0,2}?(?:\\p{L}+)(?=\\s+(?:we|who|that|they|before|in)|,)",
  "(?:(?:much|far|way|a\\s+lot)\\s+)?(?:better|cheaper|faster|quicker)\\s+the[nm]\\s+(?:the|any|other|anyone|our)\\s+\\p{L}+",
  "(?:than|unlike|compared\\s+(?:to|with)|over)\\s+(?:the\\s+)?(?:last|previous|former|old|past)\\s+(?:company|contractor|supplier|provider|firm|crew|team|lot|operator|cleaners?|builders?)",
  "(?:half|twice|double|a\\s+fraction\\s+of)\\s+(?:the\\s+)?(?:price|cost)\\s+of\\s+(?:the\\s+)?(?:other|others|anyone|competitors)",
  "(?:choose|pick|prefer|take)\\s+(?:them\\s+)?over\\s+(?:any|every|the)\\s+other",
  "(?:the|our|a)\\s+(?:previous|last|former|old|earlier|original)\\s+(?:company|contractor|supplier|provider|firm|crew|team|lot|operator|vendor|cleaners?|builders?)(?=[^.!?\\n]*\\b(?:never|didn['’]t|did\\s+not|failed|couldn['’]t|wouldn['’]t|poor(?:ly)?|late|worse|slower|sloppy|cowboys?|let\\s+us\\s+down|unreliable|struggled))",
  "(?:where|when|while|whereas)\\s+(?:others|other\\s+\\p{L}+|the\\s+(?:previous|last|other)\\s+\\p{L}+|most\\s+\\p{L}+)\\s+(?:\\p{L}+\\s+)?(?:failed|couldn['’]t|didn['’]t|struggled|gave\\s+up|took|charged|would)",
  "(?:put|puts|leave|leaves|left)\\s+(?:the\\s+)?(?:others|rest|competition)\\s+(?:to\\s+shame|for\\s+dead|behind|in\\s+the\\s+shade)",
  "in\\s+a\\s+(?:league|class)\\s+of\\s+(?:their|its|his|her)\\s+own",
  "(?:compared|in\\s+comparison)\\s+(?:to|with)\\s+(?:the\\s+)?(?:previous|last|former|old|other|rival|\\p{Lu}\\p{L}+)",
  "(?:ahead\\s+of|above|beats?|beating|beat)\\s+(?:the\\s+)?(?:competition|competitors|rest)",
  "head\\s+and\\s+shoulders\\s+above",
  "(?:streets|miles|leagues|light\\s+years)\\s+(?:ahead|better|in\\s+front)",
  "(?:an?\\s+)?(?:big\\s+|huge\\s+|real\\s+|massive\\s+)?(?:improvement|step\\s+up)\\s+(?:on|over|from)\\s+(?:the\\s+|our\\s+)?(?:previous|last|old|former|other|earlier)",
  "(?:no(?:body|\\s+one)|none\\s+of\\s+(?:the\\s+)?(?:others|rest)|no\\s+other\\s+\\p{L}+|the\\s+others)\\s+(?:else\\s+)?(?:\\p{L}+\\s+){0,2}?(?:comes?|came|get|gets|got)\\s+close",
  "stands?\\s+out\\s+from\\s+(?:the\\s+(?:rest|crowd|competition)|other)",
  "competitors?",
  "rivals",
]);

// "for any job", "to everyone" only where the sentence puts the supplier forward
// ("we recommend them to everyone"), not "available to anyone who asks"; the
// finding is the audience alone, its own problem beside the recommendation.
const audienceOfRecommendation = new RegExp(
  `${NOT_AFTER_WORD}(?<!not\\s+(?:an?\\s+)?)(?:recommend\\p{L}*|endorse\\p{L}*|commend\\p{L}*|vouch|forward|asset|suited|suitable|ideal|perfect|happily|gladly|them|us)` +
    `(?:(?![.!?](?:\\s|$))[^\\n!?]){0,40}?${NOT_AFTER_WORD}((?:for|to)\\s+any\\s+(?:\\p{L}+\\s+)?(?:job|project|work|contract|agency|organisation|organization|council|landlord|business|team|site)|to\\s+(?:everyone|anyone|all\\s+comers))${NOT_BEFORE_WORD}`,
  "giud",
);

function findAudiences(text: string): RuleMatch[] {
  return [...text.matchAll(audienceOfRecommendation)].map((found) => {
    const [start, end] = found.indices![1]!;
    return { start, end };
  });
}

const agencyRecommendation = words([
  `${AGENCY_VOICE}(?:\\s+(?:would|can|could|do|will|are|am|is|have|has|fully|happily|highly|strongly|thoroughly|wholeheartedly|certainly|definitely|gladly|unreservedly|no\\s+hesitation\\s+in|not\\s+hesitate\\s+to|happy\\s+to|pleased\\s+to|glad\\s+to|proud\\s+to))*\\s+(?:recommend(?:s|ing)?|endorse[sd]?|endorsing|vouch(?:es|ing)?\\s+for)`,
  "(?:highly|strongly|thoroughly|wholeheartedly|unreservedly)\\s+recommend(?:ed|s|ing)?",
  "not\\s+hesitate\\s+(?:to|in)\\s+recommend(?:ing)?",
  "(?:our|my)\\s+(?:recommendation|endorsement)",
  // Recommendations that never say "recommend".
  "(?:don['’]t|do\\s+not)\\s+(?:bother|hesitate|waste\\s+your\\s+time|look\\s+(?:anywhere|elsewhere))",
  "look\\s+no\\s+further",
  "(?:you|they)\\s+(?:won['’]t|will\\s+not|wouldn['’]t)\\s+(?:regret|be\\s+disappointed)",
  "(?:can['’]t|cannot|won['’]t|couldn['’]t)\\s+go\\s+wrong",
  "(?:would|will|'d)\\s+be\\s+(?:lucky|glad|fortunate|happy|wise|mad\\s+not)\\s+to\\s+(?:have|get|use|hire|engage|work\\s+with)",
  // Any feeling in the same frame: "would be foolish not to snap them up", "will be pleased to have them".
  "(?:would|will|['’]d)\\s+be\\s+(?:\\p{L}+\\s+)?\\p{L}+\\s+(?:not\\s+)?to\\s+(?:have|get|use|hire|engage|work\\s+with|book|sign|grab|snap)(?=\\s+(?:them|\\p{Lu}))",
  "put\\s+(?:in\\s+)?a\\s+good\\s+word",
  "(?:speak|praise|recommend|rate)\\s+(?:them|\\p{Lu}\\p{L}+\\s+)?(?:highly|well)\\s+enough",
  `(?:${AGENCY_VOICE})\\s+(?:\\p{L}+\\s+)?stands?\\s+(?:behind|by)\\s+(?:them|\\p{Lu})`,
  // "They're the ones to call", "the crew to use": the reader told whom to engage.
  "the\\s+(?:ones?|people|team|crew|firm|company|guys|outfit|\\p{L}+ers)\\s+to\\s+(?:call|use|hire|choose|get|go\\s+with|ring|trust|book)(?![\\p{L}])",
  "(?:your|the)\\s+(?:best|safest|first)\\s+bet",
  "(?:I|we)(?:['’]d|\\s+would)\\s+(?:choose|pick|hire|use|engage)\\s+them",
  "(?:I|we)\\s+would\\s+put\\s+(?:my|our)\\s+name\\s+to",
  "(?:in\\s+a\\s+heartbeat|without\\s+hesitation|no\\s+hesitation)",
  "(?:I|we)['’]d\\s+(?:happily\\s+|gladly\\s+|certainly\\s+|definitely\\s+)?(?:recommend|use|hire|work\\s+with|engage)",
  "(?:suggest|urge|encourage|advise)\\s+(?:you|anyone|everyone|others|other\\s+\\p{L}+)\\s+(?:to\\s+)?(?:use|hire|engage|choose|consider|try|work)",
  "(?:well\\s+)?worth\\s+(?:hiring|using|engaging|considering|a\\s+call|a\\s+look|getting\\s+in)",
  "(?:you|anyone|everyone|others|agencies|councils|landlords)\\s+(?:\\p{L}+\\s+){0,6}?should\\s+(?:use|hire|engage|choose|consider|try|get|book)(?!\\s+(?:in\\s+touch|the\\s+agency|Kāinga|us\\b))",
  // "If you need a builder", not "if you need more information".
  "(?:if|when)\\s+you\\s+(?:need|want|are\\s+looking\\s+for|are\\s+after)\\s+(?:a|an|someone|somebody|good|reliable|quality)",
  "(?:I|we)\\s+(?:can|could)\\s+(?:happily\\s+|confidently\\s+)?(?:vouch|recommend)",
]);

const STATUS_ROLE = "(?:suppliers?|providers?|contractors?|partners?|vendors?|installers?|builders?)";
const ONE_STATUS_ROLE = "(?:supplier|provider|contractor|partner|vendor|installer|builder)";
const officialStatus = words([
  // "Kāinga Ora's security provider": the agency's one supplier, not "one of Kāinga Ora's contractors".
  `(?<!one\\s+of\\s+)${AGENCY}['’]s\\s+(?:\\p{L}+\\s+){0,2}?${ONE_STATUS_ROLE}(?![\\p{L}])`,
  `(?:preferred|official|approved|accredited|endorsed|exclusive|recommended|nominated|certified|trusted)\\s+(?:\\p{L}+\\s+)?${STATUS_ROLE}`,
  `(?:approved|accredited|endorsed|certified|recommended|sanctioned|vetted|backed|hand-picked|recognised|recognized|registered)\\s+by\\s+${AGENCY}`,
  // Chosen "by Kāinga Ora" as a standing, not "selected by Kāinga Ora through an open tender".
  `(?:appointed|selected|chosen|picked)\\s+by\\s+${AGENCY}(?!\\s+(?:through|after|via|under|following|in|from|for\\s+(?:a|the|this)|to\\s+(?:deliver|carry|supply|provide|build|repair)))`,
  "officially\\s+(?:\\p{L}+\\s+)?(?:partner\\p{L}*|recogni[sz]ed|approved|endorsed|appointed|the)",
  `${AGENCY}(?:['’]s)?\\s+(?:preferred|official|approved|accredited|endorsed|trusted|chosen|recommended|go-to)(?:\\s+(?:\\p{L}+\\s+)?${STATUS_ROLE})?`,
  `${AGENCY}[\\s\\-]+(?:approved|accredited|endorsed|certified|backed|vetted|recognised|recognized|sanctioned)`,
  "(?:partner|supplier|provider|contractor)\\s+of\\s+choice",
  // Being called the agency's partner claims a standing a contract does not give.
  `(?:(?:proud|valued|strategic|long-standing|longstanding|key|trusted)\\s+)?partners?\\s+(?:of|to|with)\\s+${AGENCY}`,
  "go-to\\s+(?:supplier|provider|contractor|partner)",
  `(?:as\\s+)?(?:trusted|chosen|preferred|favoured|selected|picked|endorsed|backed|certified|vouched\\s+for)\\s+by\\s+${AGENCY}`,
  `${AGENCY}(?:['’]s)?\\s+(?:\\p{L}+\\s+)?(?:partner|supplier|provider)\\s+of\\s+choice`,
  `${AGENCY}\\s+(?:has|have|had)\\s+(?:chosen|picked|selected|standardi[sz]ed\\s+on|settled\\s+on)`,
  "(?:our|the\\s+agency['’]s|my)\\s+(?:number\\s+one|no\\.?\\s*1|#1|first[\\s\\-]+choice|first\\s+call|go-to|top\\s+pick|favourite)",
  `${AGENCY_VOICE}\\s+(?:always\\s+)?(?:ring|call|use|go\\s+to|turn\\s+to)\\s+first`,
  "first\\s+(?:choice|port\\s+of\\s+call)",
  `(?:sole|exclusive|only|official|nominated|designated|chosen|default|approved|preferred)\\s+(?:\\p{L}+\\s+)?${STATUS_ROLE}`,
  "exclusively",
  "(?:(?:we|I|they)\\s+)?(?:only|always)\\s+(?:use|call|ring|trust|hire|engage)\\s+(?:them|these\\s+(?:guys|people)|this\\s+(?:team|crew|company|firm))",
  "(?:use|call|trust|want|need)\\s+(?:no(?:body|one|\\s+one)\\s+else|anyone\\s+else)",
  "(?:preferred|approved|recommended|endorsed)\\s+(?:list|panel|register|status)",
  "(?:seal|stamp|tick|mark)\\s+of\\s+approval",
  `(?:recommended|endorsed|approved|backed)\\s+by\\s+(?:the\\s+)?(?:agency|us|${AGENCY})`,
  "(?:the|our|an?)\\s+(?:ideal|perfect|obvious|natural|right|only)\\s+(?:choice|partner|pick|fit)",
]);

const politicalContentAnyCase = words([
  "(?:prime\\s+|associate\\s+)?ministers?",
  "ministerial",
  "(?:by-|general\\s+)?elections?",
  "electoral",
  "electorate",
  "vot(?:e|ers|ing)\\s+for",
  "parliament(?:ary)?",
  "(?:(?:the|this|current|previous|last|coalition|incoming|outgoing|new|labour|national|central)\\s+)?government(?:['’]s|\\s+polic(?:y|ies))",
  "(?:the|this|current|previous|last|coalition|incoming|outgoing|new|labour|national|central)\\s+government",
  "(?:before|after|when|as|how)\\s+(?:they|tenants|people|we|you|the\\s+country)\\s+voted",
  "the\\s+coalition",
  // The seat of government standing for it: "the Beehive", "while Wellington was cutting back".
  "the\\s+Beehive",
  "Wellington\\s+(?:was|is|were|has\\s+been|kept)\\s+(?:cutting|slashing|tightening|pulling|squeezing|dragging)",
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
    // Parties are named mid-sentence; a party beside "than" or "under" is a political comparison.
    "(?:than|under|by|from|against|blame|with)\\s+(?:Labour|National|the\\s+Greens|ACT|NZ\\s+First)(?!\\s+\\p{Ll}+\\s+(?:costs?|market|shortages?|rates?))",
    "(?:\\p{Lu}[\\p{L}\\-]+\\s+){1,3}(?:Amendment\\s+)?Bill",
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
  return findPhoneNumbersInText(searched, { defaultCountry: "NZ" })
    .filter((found) => !isFreephone(found.number.nationalNumber))
    .map((found) => ({ start: found.startsAt, end: found.endsAt }));
}

// 0800 and 0508 numbers are organisations' lines, never a person's.
function isFreephone(nationalNumber: string): boolean {
  return /^(?:800|508)/.test(nationalNumber);
}

// A role mailbox (info@, enquiries@) belongs to an organisation, not a person.
const ROLE_MAILBOX =
  /^(?:info|enquiries|enquiry|contact|hello|admin|office|reception|support|help|sales|accounts|media|comms)@/iu;

// An office, depot or yard is a business address, not a customer's home.
const BUSINESS_PREMISES =
  /(?:office|offices|depot|yard|workshop|premises|headquarters|branch|warehouse|showroom|store)\s+(?:\p{L}+\s+){0,2}(?:at|on|in)\s+$/iu;

const STREET_TYPES =
  "Street|St|Road|Rd|Avenue|Ave|Drive|Dr|Place|Pl|Lane|Ln|Crescent|Cres|Terrace|Tce|Way|Close|Court|Ct|Grove|Parade|Pde|Highway|Hwy|Boulevard|Blvd|Quay|Rise|Square|Sq|Esplanade|Track|Mews|Heights|Glade|View";
const streetAddress = words(
  [
    `(?:(?:Flat|Unit|Apartment|Apt)\\s+\\d+[A-Za-z]?,?\\s+)?\\d+[A-Za-z]?(?:\\s*\\/\\s*\\d+[A-Za-z]?)?\\s+(?:\\p{Lu}[\\p{L}\\p{M}'’\\-]*\\s+){1,3}(?:${STREET_TYPES})`,
  ],
  "gu",
);

// A street named without a house number still points at a handful of homes.
const streetName = new RegExp(
  `(?<=\\b(?:on|in|at|of|and|were|was)\\s)(?:\\p{Lu}[\\p{L}\\p{M}'’\\-]*\\s+){1,3}(?:Street|Road|Avenue|Drive|Place|Lane|Crescent|Terrace|Way|Close|Grove|Rise|Parade)${NOT_BEFORE_WORD}`,
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
  "|[Mm]anagers?|[Ss]upervisors?|[Nn]eighbours?|[Hh]omeowners?" +
  // Family words, as tenants are often introduced ("one of the mums, Salote").
  "|[Mm]ums?|[Dd]ads?|[Mm]others?|[Ff]athers?|[Gg]randmothers?|[Gg]randfathers?|[Aa]unt(?:y|ie|ies)|[Uu]ncles?|[Kk]oro|[Nn]ana?|[Kk]uia|[Kk]aumātua|[Ss]ons?|[Dd]aughters?|[Ww]idows?|[Pp]ensioners?)";
const NAME_WORD = "\\p{Lu}[\\p{L}\\p{M}'’\\-]+";
const NAME = `${NAME_WORD}(?:\\s+(?:(?:van|de|der|von|te)\\s+)?${NAME_WORD}){0,2}`;
// No comma between role and name: "Tenancy Manager, Christchurch" is a signature, not a person.
const nameAfterRole = new RegExp(`${NOT_AFTER_WORD}${ROLE}:?[ \\t\\u00A0]+(${NAME})${NOT_BEFORE_WORD}`, "gu");
// "one of the mums, Salote, told": a name set off by commas after a role.
const nameInApposition = new RegExp(`${NOT_AFTER_WORD}${ROLE},[ \\t\\u00A0]+(${NAME_WORD}),`, "gu");
// "call Jane on 021…", "ask for Hemi": a first name alone beside a way to reach them.
const nameToContact = new RegExp(
  `${NOT_AFTER_WORD}(?:[Cc]all|[Cc]ontact|[Rr]ing|[Pp]hone|[Tt]ext|[Ee]mail|[Aa]sk\\s+for|[Ss]peak\\s+to|[Tt]alk\\s+to|[Tt]hanks\\s+to|[Tt]hank\\s+you\\s+to)[ \\t\\u00A0]+(${NAME})(?=[ \\t\\u00A0]+(?:on|at|directly|from|in|who|for)|[,.!]|$)`,
  "gu",
);
const MONTHS = "(?:January|February|March|April|May|June|July|August|September|October|November|December)";
// A place comes after a preposition ("a hui in Ōtara on 12 March"), so a name does not.
const AFTER_PREPOSITION =
  "(?<!\\b(?:in|at|across|around|from|of|near|for|throughout|to|on|into|within|outside|inside|towards?)\\s+)";
const nameBeforeContact = new RegExp(
  `${NOT_AFTER_WORD}${AFTER_PREPOSITION}(${NAME})[ \\t\\u00A0]+(?:on|at)[ \\t\\u00A0]+(?=\\+?\\d[\\d\\s\\-]{6,}|\\d+\\s+(?!${MONTHS})\\p{Lu})`,
  "gu",
);
const nameBeforeRole = new RegExp(
  `${NOT_AFTER_WORD}${AFTER_PREPOSITION}(${NAME}),[ \\t\\u00A0]+(?:a|an|one\\s+of\\s+(?:our|the)|our|the)\\s+(?:\\p{Ll}+\\s+)?${ROLE}${NOT_BEFORE_WORD}`,
  "gu",
);
const nameWithTitle = new RegExp(
  `${NOT_AFTER_WORD}(?:Mr|Mrs|Ms|Miss|Mx|Whaea|Matua|Koro|Nana?|Aunty|Uncle|Kuia)\\.?[ \\t\\u00A0]+${NAME}${NOT_BEFORE_WORD}`,
  "gu",
);
// Capitalised words that follow a role word but are not names ("Customer Services", "tenants. The").
const NOT_A_NAME = new Set(
  (
    "The This That These Those In At On From With For And But Or We Our It Its They Their He She His Her I A An " +
    "Kāinga Kainga Ora Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June " +
    "July August September October November December Satisfaction Survey Services Service Team Portal Centre Center " +
    "Liaison Engagement Support Programme Program Experience Care Relations Housing Feedback Charter Hub " +
    // Contact verbs open a sentence before a name ("Call Aroha on 021…"); they are not part of it.
    "Call Contact Ring Phone Text Email Ask Speak Talk Thanks Thank Please"
  ).split(" "),
);

/**
 * "Site Manager Pakuranga", "Project Manager Hawke's Bay" ending a signature:
 * words after a job title in capitals, ending the line, are where the signatory works.
 */
function isSignaturePlace(whole: string, name: string, after: string): boolean {
  const titleCased = /^(?:\p{Lu}\p{Ll}*\s+)*\p{Lu}/u.test(whole.slice(0, whole.length - name.length));
  return titleCased && /^[ \t]*(?:[\r\n]|$)/.test(after);
}

function findNamedPeople(text: string): RuleMatch[] {
  const spans: RuleMatch[] = [];
  const addName = (name: string, start: number) => {
    const nameWords = name.split(/\s+/);
    // Keep the leading words that look like a name; stop at the first that does not.
    const kept: string[] = [];
    for (const word of nameWords) {
      if (NOT_A_NAME.has(word) || /^(?:ADP|DET|CCONJ|SCONJ|PRON)$/.test(wordClass(word).pos)) break;
      kept.push(word);
    }
    if (kept.length === 0) return;
    const keptText = name.slice(0, name.indexOf(kept[kept.length - 1]!) + kept[kept.length - 1]!.length);
    spans.push({ start, end: start + keptText.length });
  };
  for (const found of text.matchAll(nameAfterRole)) {
    const name = found[1]!;
    if (isSignaturePlace(found[0], name, text.slice(found.index + found[0].length))) continue;
    addName(name, found.index + found[0].length - name.length);
  }
  for (const found of text.matchAll(nameBeforeRole)) {
    addName(found[1]!, found.index);
  }
  for (const pattern of [nameInApposition, nameToContact]) {
    for (const found of text.matchAll(pattern)) {
      const name = found[1]!;
      addName(name, found.index + found[0].lastIndexOf(name));
    }
  }
  for (const found of text.matchAll(nameBeforeContact)) addName(found[1]!, found.index);
  // A title ("Mrs", "Whaea") makes a person of any name; otherwise a business's name is not one.
  return [...spans.filter((span) => !namesABusiness(text, span.start)), ...spansOf(text, nameWithTitle)];
}

const CHANGE_VERB =
  "(?:sav(?:e|es|ed|ing|ings)|cut(?:s|ting)?|reduc(?:e|es|ed|ing|tions?)|lower(?:s|ed|ing)?|slash(?:es|ed|ing)?|trimm(?:ed|ing)|halv(?:e|ed|ing)|increas(?:e|es|ed|ing)|improv(?:e|es|ed|ing)|boost(?:s|ed|ing)?|rais(?:e|ed|ing)|doubl(?:e|ed|ing)|tripl(?:e|ed|ing))";
const FIGURE =
  "(?:(?:NZ)?\\$\\s?\\d[\\d,]*(?:\\.\\d+)?(?:\\s?(?:k|m|million|billion|bn))?|\\d[\\d,]*(?:\\.\\d+)?\\s?(?:%|per\\s?cent|percent)|half|a\\s+(?:third|quarter|half)|(?<=(?:by|to|from|under)\\s+)(?:\\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\\s+(?:hours|days|weeks|months))";
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
  "paid\\s+for\\s+(?:itself|themselves)",
  "(?:\\p{L}+|\\d+)\\s+(?:days|weeks|months)\\s+early",
  "(?:cut|cuts|halved|reduced|slashed)\\s+(?:\\p{L}+\\s+){0,3}?in\\s+half",
  "below\\s+budget",
  "ahead\\s+of\\s+(?:schedule|time)",
  "\\d+(?:\\.\\d+)?\\s*(?:x|times)\\s+(?:faster|cheaper|better|quicker|more|less)",
  "twice\\s+as\\s+\\p{L}+",
  // Results claimed without digits are still figures the agency would need to hold.
  "(?:saved|fed|helped|housed|supported|reached|created|generated|prevented)\\s+(?:\\p{L}+\\s+){0,2}(?:hundreds|thousands|millions|dozens|countless|scores)\\s+of",
  "(?:hundreds|thousands|millions)\\s+of\\s+dollars",
  // A change claimed in words instead of digits: "saved us thousands", "cut vandalism to almost nothing".
  `${CHANGE_VERB}\\s+(?:\\p{L}+\\s+){0,3}?(?:thousands|hundreds|millions|a\\s+fortune|heaps|a\\s+lot|to\\s+(?:almost\\s+|virtually\\s+|next\\s+to\\s+)?(?:nothing|zero|none))`,
  "(?:halved|doubled|tripled|trebled|quadrupled)(?!\\s+(?:up|over))",
  "transform(?:ed|s|ing)?\\s+(?:the|our|their)\\s+\\p{L}+",
]);

const futurePromise = words([
  `${AGENCY_VOICE}\\s+(?:(?:also|certainly|definitely|therefore|again)\\s+)?(?:will|shall|intends?\\s+to|plans?\\s+to|(?:is|are|am|remain|remains)\\s+committed\\s+to|commits?\\s+to|looks?\\s+forward\\s+to|(?:is|are|am)\\s+looking\\s+forward\\s+to|(?:is|are|am)\\s+(?:going|planning|intending)\\s+to|hopes?\\s+to\\s+continue|expects?\\s+to\\s+continue)`,
  "(?:we|i)['’]ll",
  "will\\s+(?:continue|keep)\\s+(?:to\\s+)?(?:use|using|engage|engaging|work|working|partner|choose|employ|contract|rely|call|recommend)",
  "many\\s+more\\s+years",
  `${AGENCY_VOICE}\\s+(?:promises?|guarantees?|assures?|undertakes?|pledges?)`,
  `${AGENCY_VOICE}\\s+(?:has|have)\\s+(?:let\\s+them\\s+know|told\\s+them|promised|assured)`,
  "(?:we|i)['’]ll\\s+(?:keep|continue|use|have|give|put|be)",
  "(?:keep|kept)\\s+them\\s+on",
  "(?:use|engage|hire|work\\s+with|call\\s+on|choose)\\s+(?:them|\\p{Lu}\\p{L}+)\\s+again",
  "(?:any|all|future)\\s+future\\s+(?:work|projects?|contracts?|programmes?|builds?)",
  "in\\s+(?:the\\s+)?(?:future|years\\s+ahead|coming\\s+years)",
  "(?:guarantee|assure|promise)s?\\s+(?:you|that|clients|customers|anyone|every|tenants)",
  `${AGENCY_VOICE}\\s+(?:(?:is|are|am)\\s+)?(?:planning|hoping|aiming|intending|expecting|keen)\\s+to`,
  "(?:next|coming)\\s+(?:year|financial\\s+year|contract|round|stage|phase)(?=[^.!?\\n]*\\b(?:will|going\\s+to|plan))",
  "(?:for|from)\\s+now\\s+on",
  "(?:for|over|during)\\s+the\\s+next\\s+(?:\\p{L}+\\s+)?(?:years?|contract|round|term)",
  "will\\s+(?:\\p{L}+\\s+){1,6}(?:next\\s+year['’]?s?|next\\s+(?:contract|round|financial\\s+year)|from\\s+20\\d\\d)",
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
  "apparently",
  // Views passed on with no source: "I'm told", "we've heard", "known for".
  "(?:I['’]m|I\\s+am|we['’]re|we\\s+are|we\\s+were|I\\s+was)\\s+told",
  "(?:I|we)(?:['’]ve|\\s+have)?\\s+(?:heard|hear)\\s+(?:that|from|good|great|nothing)",
  "(?:well\\s+)?(?:known|renowned|famous|celebrated|recognised|recognized)\\s+(?:for|as|across|throughout|around)",
  "(?:is|are)\\s+said\\s+to",
  "award-winning",
  "(?:everyone|everybody|anyone|people|all)\\s+(?:\\p{L}+\\s+){0,3}?(?:agrees?|says?|knows?|will\\s+tell\\s+you|tells?\\s+(?:us|me|you))",
  "(?:voted|rated|named|ranked)\\s+(?:the\\s+)?(?:number\\s+one|#1|no\\.?\\s*1|best|top)",
]);

// Who is said to hold a view: a group, or "they", rather than a source that can be checked.
const HEARSAY_SOURCE =
  "(?:(?:our|the|my|their|several|many|most|some|all)\\s+)?(?:\\p{L}+\\s+)?(?:tenants|customers|clients|residents|staff|team|people|families|whānau|aunties|kaumātua|kaumatua|users|neighbours|colleagues|managers|everyone|others|partners)(?:\\s+(?:we|I)\\s+(?:spoke|talked)\\s+to)?|they|kaumātua|kaumatua|customers|tenants";
const HEARSAY_VERB =
  "(?:all\\s+)?(?:now\\s+)?(?:say|says|said|tell\\s+(?:us|me)|told\\s+(?:us|me)|have\\s+(?:said|told\\s+us)|describe|described|call|reckon|agree|report(?:ed)?)";
const hearsay = words([
  `(?:${HEARSAY_SOURCE})\\s+${HEARSAY_VERB}`,
  "(?:is|are|was|were|been)\\s+(?:often\\s+|universally\\s+)?(?:considered|regarded|seen|known|described|recognised|recognized|acknowledged|thought\\s+of)\\s+(?:as|to\\s+be|for)",
  "(?:has|have|had)\\s+(?:a|the)\\s+reputation",
  "(?:the\\s+)?(?:Ministry|Council|council|experts?|industry|sector|word|feedback|everyone)\\s+(?:\\p{L}+\\s+){0,2}?(?:says?|said|agrees?|tells?|told|confirms?|is\\s+that)",
  "(?:it['’]s|it\\s+is)\\s+(?:well\\s+)?(?:known|accepted|agreed|acknowledged)",
  "(?:as\\s+)?(?:everyone|everybody|we\\s+all|you\\s+all)\\s+knows?",
  "(?:ask|talk\\s+to)\\s+(?:anyone|any\\s+\\p{L}+)",
  "word\\s+(?:is|has\\s+it|of\\s+mouth)",
  "(?:rave|glowing)\\s+(?:reviews?|feedback)",
]);

const glowingPraise = words([
  "outstanding(?!\\s+(?:issues?|items?|defects?|work|payments?|invoices?|amounts?|balances?|matters?|actions?|jobs?|tasks?))",
  "exceptional(?!\\s+circumstances)",
  "superb(?:ly)?",
  "brilliant(?:ly)?",
  "amazing(?:ly)?",
  "fantastic(?:ally)?",
  "phenomenal(?:ly)?",
  "incredible",
  "awesome",
  "stellar",
  "legendary",
  "exemplary",
  "magnificent",
  "sensational",
  "first[\\s\\-]+rate",
  "out\\s+of\\s+this\\s+world",
  "the\\s+real\\s+deal",
  "mean\\s+as",
  "sweet\\s+as",
  "choice\\s+as",
  "ka\\s+mau\\s+te\\s+wehi",
  "(?:the\\s+)?gold\\s+standard",
  "cream\\s+of\\s+the\\s+crop",
  "a\\s+cut\\s+above",
  "hands\\s+down",
  "(?:can['’]t|cannot|couldn['’]t|could\\s+not)\\s+fault",
  "(?:nothing|no)\\s+but\\s+praise",
  "(?:glowing|rave)\\s+(?:feedback|reviews?|reports?)",
  "feedback\\s+(?:has\\s+been|was|is)\\s+(?:glowing|overwhelmingly\\s+positive|outstanding)",
  "(?:a\\s+)?(?:massive|huge|smash)\\s+hit",
  "(?:saved|made)\\s+(?:the|our)\\s+day",
  "(?:couldn['’]t|could\\s+not)\\s+(?:ask\\s+for|wish\\s+for)\\s+(?:more|better)",
  "(?:simply|quite\\s+simply)\\s+the",
  "without\\s+(?:a\\s+)?doubt",
  "(?:a\\s+)?(?:joy|pleasure|dream)\\s+to\\s+work\\s+with",
  "tino\\s+pai",
  "ka\\s+pai\\s+rawa",
  "rawe",
  "t[uū]meke",
  "heaps\\s+good",
  "good\\s+as\\s+gold",
  "top\\s+(?:job|stuff|class|blokes?|people|operators?)",
  "nothing\\s+short\\s+of",
  "world[\\s\\-]+beating",
  "like\\s+no\\s+other",
  "next[\\s\\-]+level",
  "(?:exceeded|surpassed|beat)\\s+(?:all|every|our|everyone['’]s)\\s+(?:\\p{L}+\\s+)?expectations?",
  "over\\s+and\\s+above",
  "(?:absolute\\s+)?(?:legends|rock\\s?stars|superstars|heroes|champions)",
  "spot\\s+on",
  "(?:knocked|hit)\\s+it\\s+out\\s+of\\s+the\\s+park",
  "(?:wonderful|terrific|marvellous|stunning|superlative|unbelievable|immaculate|spotless|sublime|extraordinary)",
  "(?:nothing|too)\\s+(?:is\\s+)?too\\s+much\\s+trouble",
]);

const unverifiableClaim = words([
  // A cause claimed for an outcome nobody measured: "which led to fewer hospital visits".
  "(?:led|leads|leading|lead|resulted|results|contributed)\\s+(?:directly\\s+)?(?:to|in)\\s+(?:fewer|less|more|better|healthier|safer|happier|lower|higher|stronger|warmer)",
  "(?:is|are|were|was)\\s+(?:the|a)\\s+(?:big\\s+|main\\s+|real\\s+)?reason\\s+(?:why\\s+)?(?:our|the|tenants|families|people|whānau)",
  "(?:brought|bringing|brings|bring)\\s+(?:\\p{L}+\\s+){0,3}together",
  "(?:helped|helping|helps)\\s+(?:\\p{L}+\\s+){0,2}(?:tenants|families|whānau|people|residents|kids|tamariki|children|communit(?:y|ies))\\s+(?:to\\s+)?\\p{L}+",
  "chang(?:ed|es|ing)\\s+(?:\\p{L}+\\s+)?lives",
  "(?:made|makes|making)\\s+(?:a|an|the)\\s+(?:\\p{L}+\\s+)?difference",
  "(?:made|makes)\\s+(?:their|our|the|people['’]s|tenants['’])\\s+(?:\\p{L}+\\s+){0,2}(?:safer|healthier|warmer|happier|better)",
  "(?:couldn['’]t|could\\s+not|wouldn['’]t|would\\s+not)\\s+have\\s+(?:\\p{L}+\\s+){1,6}?without",
  "(?:tested|verified|proven|certified)\\s+and\\s+(?:certified|approved|proven|verified|tested)",
  "(?:research|studies|evidence|science|data)\\s+(?:proves?|shows?|confirms?)",
  "proven\\s+(?:to|track)",
  "the\\s+(?:leading|go-to|trusted)\\s+voice",
  "(?:proves?|proven|demonstrates?|demonstrated|shows?)\\s+that",
  "(?:clinically|scientifically|independently)\\s+(?:proven|tested|shown)",
  "(?:thanks\\s+to|because\\s+of)\\s+(?:them|their|\\p{Lu}\\p{L}+)(?:[^.!?\\n]{0,60}?)(?:safer|healthier|warmer|happier|better\\s+off|thriving|lives)",
  "(?:lives|communities|neighbourhoods|families)\\s+(?:have\\s+been\\s+|were\\s+)?(?:changed|transformed|saved|turned\\s+around)",
  "(?:solved|fixed|ended|eliminated)\\s+(?:the|all|our)\\s+(?:\\p{L}+\\s+)?(?:problems?|issues?)",
]);

const problemDismissed = words([
  "(?:apart|aside)\\s+from\\s+(?:a|some|one|two|three|few|couple|minor|small|early|odd|occasional|initial)\\b(?:\\s+\\p{L}+){0,4}",
  "(?:hiccups?|niggles?|teething\\s+(?:problems|issues|troubles)|glitches|issues|problems|delays|incidents|complaints|warnings|defects)\\s+aside",
  "(?:won['’]t|will\\s+not|wouldn['’]t|need\\s+not|needn['’]t)\\s+(?:go\\s+into|dwell\\s+on|mention|get\\s+into|bore\\s+you\\s+with)",
  "nothing\\s+(?:worth\\s+(?:mentioning|worrying\\s+about|noting|reporting)|to\\s+worry\\s+about|major|serious|significant)",
  "(?:but|and)\\s+(?:that['’]s|that\\s+is|it['’]s|it\\s+is)\\s+(?:all\\s+)?(?:behind\\s+us|in\\s+the\\s+past|water\\s+under\\s+the\\s+bridge|sorted\\s+now)",
  "(?:even\\s+(?:if|though)|despite|although|though)\\s+(?:\\p{L}+\\s+){0,6}?(?:delayed|dropped|late|hiccups?|issues|problems|delays|incidents|complaints|warnings|defects|overran|overspent|mistakes)",
  "teething\\s+(?:problems|issues|troubles)",
  "(?:the\\s+)?odd\\s+(?:hiccup|issue|problem|glitch|niggle|complaint)",
  "(?:a\\s+)?(?:few|couple\\s+of|some|minor|small|little|occasional)\\s+(?:\\p{L}+\\s+)?(?:hiccups?|issues|problems|delays|niggles|glitches|complaints|defects|incidents|mistakes|bumps|wobbles|hitches)(?=[^.!?\\n]{0,60}\\b(?:but|however|though|nothing|soon|quickly|sorted|ironed\\s+out|forgotten|overall|all\\s+in\\s+all))",
  "bumps?\\s+in\\s+the\\s+road",
  "(?:let['’]s|best|better\\s+to)\\s+not\\s+(?:mention|dwell|go\\s+into|talk\\s+about)",
  "(?:rather|prefer)\\s+not\\s+(?:to\\s+)?(?:mention|dwell|go\\s+into|say)",
  "(?:a|just\\s+a)\\s+(?:minor\\s+|small\\s+)?blip",
  "(?:no|not\\s+a)\\s+(?:big|real|major)\\s+(?:deal|problem|issue)",
  "(?:all|long)\\s+(?:forgotten|forgiven)",
  "(?:nothing|none)\\s+(?:that|which)\\s+(?:matters|mattered|affected)",
]);

const personalView = words([
  "(?<![\\p{L}])personally(?=,|\\s+(?:I|we|speaking))",
  "I\\s+(?:just\\s+|really\\s+)?(?:love|like|enjoy)\\s+working\\s+with",
  "for\\s+my\\s+money",
  "if\\s+you\\s+ask\\s+me",
  "in\\s+my\\s+(?:book|experience|eyes)",
  "as\\s+far\\s+as\\s+I['’]m\\s+concerned",
  "I['’]d\\s+(?:say|argue)",
  "I\\s+(?:have|had)\\s+no\\s+doubt",
  "(?:I['’]m|I\\s+am)\\s+(?:sure|confident|convinced|certain)",
  "(?:my|our)\\s+(?:own\\s+)?(?:favourite|pick)",
  "(?:and\\s+)?so\\s+do\\s+I",
  "I\\s+(?:personally\\s+)?(?:love|adore|think|believe|feel|reckon|am\\s+(?:a\\s+)?(?:huge|big)\\s+fan)",
  "(?:our|my)\\s+(?:staff|team|people|whānau)\\s+(?:all\\s+)?(?:love|adore)",
  "I\\s+would\\s+put\\s+my\\s+name",
  "(?:in\\s+my|my\\s+personal)\\s+(?:opinion|view)",
  "speaking\\s+(?:personally|for\\s+myself)",
  "(?:I['’]m|I\\s+am)\\s+(?:a\\s+)?(?:huge\\s+|big\\s+)?(?:fan|impressed|thrilled|delighted|proud|stoked|chuffed)",
  "(?:I|we)\\s+(?:personally\\s+)?(?:love|adore)",
  "(?:my|our)\\s+(?:own\\s+)?(?:personal\\s+)?(?:view|opinion|feeling)\\s+is",
  "(?:I|we)\\s+(?:can|could)\\s+(?:personally|honestly)\\s+say",
]);

const personalDetails = words([
  "arrears",
  "(?:in|into|of)\\s+debt",
  "evict(?:ed|ion|ions)",
  "(?:mental|physical)\\s+health\\s+(?:issues|problems|condition)",
  "diagnos(?:ed|is)",
  "disabilit(?:y|ies)",
  "(?:on|receiving)\\s+(?:a|the)\\s+benefit",
  "family\\s+violence",
  "(?:illness|sickness|hospital(?:ised)?|medical|surgery|cancer|dementia|asthma|pregnan(?:t|cy)|disabled|wheelchair|grief|passed\\s+away|bereave(?:d|ment)|unemployed|bankrupt(?:cy)?|overdue\\s+rent|rent\\s+owing|in\\s+hardship)",
  "(?:Work\\s+and\\s+Income|WINZ|Oranga\\s+Tamariki|Corrections|the\\s+police|court\\s+order)",
  // A person reported by first name alone ("Mere told us"), as tenants and staff are.
  "(?<![.!?]\\s)(?<!^)\\b\\p{Lu}[\\p{Ll}\\p{M}]+(?:\\s+and\\s+\\p{Lu}[\\p{Ll}\\p{M}]+)?\\s+(?:told\\s+(?:us|me|the)|said\\s+(?:she|he|they)|says\\s+(?:she|he))",
  "(?:photos?|pictures?|images?|videos?)\\s+of\\s+(?:the\\s+)?(?:\\p{L}+\\s+)?(?:tamariki|children|kids|tenants|residents|whānau|families|kaumātua)",
  "(?:the\\s+)?\\p{Lu}[\\p{L}\\p{M}'’\\-]+\\s+(?:family|whānau)(?=\\s+(?:at|in|of|from|on|who|living|now))",
  `(?:their|her|his)\\s+streets?\\s+(?:was|were|is|are)\\s+(?:\\p{Lu}[\\p{L}\\p{M}'’\\-]*\\s+)+(?:${"Street|Road|Avenue|Drive|Place|Lane|Crescent|Terrace|Way|Close|Grove|Rise"})`,
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

// The agency's former name, wrong for anything since October 2019.
const formerAgencyName =
  /Housing\s+(?:New\s+Zealand|NZ)(?:\s+Corporation)?(?!\s+(?:Corporation\s+Act|Act))|(?<![\p{L}\p{N}])HNZC?(?![\p{L}\p{N}])/gu;

function findMisspeltAgencyName(text: string): RuleMatch[] {
  const spans: RuleMatch[] = spansOf(text, formerAgencyName).map((span) => ({ ...span, suggestion: AGENCY_NAME }));
  for (const found of text.matchAll(agencyNameCandidate)) {
    const [whole, first, separator, second] = found as unknown as [string, string, string, string];
    if (editDistance(withoutMarks(second), "ora") > 1 || editDistance(withoutMarks(first), "kainga") > 2) continue;
    const writtenCorrectly =
      (first === "Kāinga" || first === "KĀINGA") && (second === "Ora" || second === "ORA") && /^\s+$/u.test(separator);
    if (writtenCorrectly) continue;
    spans.push({ start: found.index, end: found.index + whole.length, suggestion: AGENCY_NAME });
  }
  return spans;
}

/** "the Government Procurement Rules" names rules, not the Government of the day. */
function withoutNamedRules(text: string, spans: RuleMatch[]): RuleMatch[] {
  return spans.filter(
    (span) => !/government$/i.test(text.slice(span.start, span.end)) || !/^\s+\p{Lu}/u.test(text.slice(span.end)),
  );
}

/** "This letter is not a recommendation", "we do not endorse": a negated claim is not the claim. */
function notNegated(analysis: Analysis, spans: RuleMatch[]): RuleMatch[] {
  return spans.filter((span) => !negatedBefore(analysis, span));
}

/**
 * The phrase patterns' spans, then the sentence analysis's where no pattern
 * already covers them: one finding per problem, at the pattern's exact words.
 */
function withAnalysed(patterned: RuleMatch[], analysed: RuleMatch[]): RuleMatch[] {
  const uncovered = analysed.filter(
    (span) => !patterned.some((other) => other.start < span.end && span.start < other.end),
  );
  return [...patterned, ...uncovered];
}

/** Praise words inside a registered name ("Premier Roofing Ltd") are the name, not a claim. */
function outsideProperNames(analysis: Analysis, spans: RuleMatch[]): RuleMatch[] {
  return spans.filter((span) => !beginsProperName(analysis, span));
}

// A figure given with its source is evidenced in the text itself.
// A figure measured against the contract ("91 per cent were resolved within the contracted times") is scope, not a boast.
const EVIDENCE =
  /\b(?:based\s+on|according\s+to|measured|records?|data|surveys?|audit(?:ed)?|reports?|independent(?:ly)?|verified|contract(?:ed|['’]s|\s+(?:price|value|sum))?|variations?|targets?|performance\s+measures|within)\b/iu;

// Words that make a share into a change: "fell", "up", "fewer than".
const CHANGE =
  /\b(?:fell|fall|falls|fallen|rose|risen|rise|drop\w*|increas\w*|decreas\w*|reduc\w*|improv\w*|cut|saved?|up|down|more|less|fewer|higher|lower|better|faster)\b/iu;

/**
 * A figure given with its source is evidenced in the text itself, and a share
 * of the work ("60 per cent of the homes were vacant") states scope, not a result.
 */
function withoutStatedEvidence(text: string, analysis: Analysis, spans: RuleMatch[]): RuleMatch[] {
  return spans.filter((span) => {
    const sentence = sentenceAround(analysis, span);
    const share = /^\s+of\s/u.test(text.slice(span.end)) && /\d/.test(text.slice(span.start, span.end));
    return !EVIDENCE.test(sentence) && !(share && !CHANGE.test(sentence));
  });
}

// The year the rules were written: a text cannot describe a later one as past.
const RULESET_YEAR = Number(RULESET_VERSION.slice(0, 4));

/** The matching logic for every rule, keyed by rule id; the type makes a rule without a matcher a compile error. */
export const MATCHERS: Record<RuleId, Matcher> = {
  superlative: (text, analysis) =>
    outsideProperNames(
      analysis,
      withAnalysed([...spansOf(text, superlative), ...findSuperlatives(analysis)], findNegatedComparatives(analysis)),
    ),
  "absolute-claim": (text, analysis) => outsideProperNames(analysis, spansOf(text, absoluteClaim)),
  "competitor-comparison": (text, analysis) =>
    withAnalysed(
      [...spansOf(text, competitorComparison), ...findComparisons(analysis)],
      findRivalComparisons(analysis),
    ),
  "agency-recommendation": (text, analysis) =>
    notNegated(analysis, [
      ...spansOf(text, agencyRecommendation),
      ...findAudiences(text),
      ...findImperatives(analysis),
    ]),
  "official-status": (text, analysis) =>
    notNegated(analysis, withAnalysed(spansOf(text, officialStatus), findChosenBy(analysis))),
  "political-content": (text) =>
    withoutNamedRules(text, spansOf(text, politicalContentAnyCase, politicalContentProperNames)),
  "email-address": (text) =>
    spansOf(text, emailAddress).filter((span) => !ROLE_MAILBOX.test(text.slice(span.start, span.end))),
  "phone-number": findPhoneNumbers,
  "street-address": (text) =>
    spansOf(text, streetAddress).filter(
      (span) => !BUSINESS_PREMISES.test(text.slice(Math.max(0, span.start - 40), span.start)),
    ),
  "named-person": (text, analysis) => withAnalysed(findNamedPeople(text), findFirstNames(analysis)),
  "unevidenced-result": (text, analysis) => withoutStatedEvidence(text, analysis, spansOf(text, unevidencedResult)),
  "future-promise": (text, analysis) =>
    notNegated(analysis, withAnalysed(spansOf(text, futurePromise), findPromises(analysis))),
  "weasel-words": (text, analysis) =>
    withAnalysed(spansOf(text, weaselWords, hearsay, unverifiableClaim), [
      ...findHearsay(analysis),
      ...findReportedPraise(analysis),
    ]),
  "glowing-praise": (text, analysis) => outsideProperNames(analysis, spansOf(text, glowingPraise)),
  "problem-dismissed": (text, analysis) =>
    withAnalysed(spansOf(text, problemDismissed), findDismissedProblems(analysis)),
  "personal-view": (text) => spansOf(text, personalView),
  "personal-details": (text) => spansOf(text, personalDetails, streetName),
  intensifier: (text, analysis) => outsideProperNames(analysis, spansOf(text, intensifier)),
  "relationship-not-stated": (text) => (containsAny(text, relationshipStatement) ? [] : wholeText(text)),
  "period-not-stated": (text) => (containsAny(text, periodStatement) ? [] : wholeText(text)),
  "period-contradiction": (text) => findPeriodContradictions(text, RULESET_YEAR),
  "agency-name-misspelt": findMisspeltAgencyName,
};
