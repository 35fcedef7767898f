// Sentence and word analysis for the text checks, from wink-nlp's English
// model (shipped inside the npm package, so nothing is fetched at run time).
// The model is about 1 MB gzipped, too big for the browser budget, so the
// drafting page asks the server for live findings (docs/text-checks.md).
import winkNLP, { type ItsFunction } from "wink-nlp";
import model from "wink-eng-lite-web-model";

export type Token = {
  /** Offsets into the NFC text, in UTF-16 code units. */
  start: number;
  end: number;
  /** The token as written in the text. */
  text: string;
  /** Lower case, without macrons. */
  lower: string;
  lemma: string;
  /** Universal part-of-speech tag (ADJ, NOUN, PROPN, VERB, AUX, …). */
  pos: string;
  sentence: number;
};

export type Sentence = { start: number; end: number; first: number; last: number };

export type Analysis = { text: string; tokens: Token[]; sentences: Sentence[] };

const nlp = winkNLP(model, ["sbd", "pos"]);
const its = nlp.its;
// wink-nlp's declared type for `its.lemma` does not match its own `out`; it returns a string per token.
const lemmaOf = its.lemma as unknown as ItsFunction<string>;

// The model numbers its vocabulary first and words it has never seen after it,
// so the id of a word read before any other unknown one is where names begin.
const idOf = (word: string) => nlp.readDoc(word).tokens().out(its.uniqueId)[0] as unknown as number;
const FIRST_UNKNOWN_ID = idOf("zqxjvk");
export type WordClass = { known: boolean; pos: string; lemma: string };
const wordClasses = new Map<string, WordClass>();

/**
 * A word read on its own, in lower case: whether it is in the model's English
 * vocabulary ("plumbing" is, "aroha" is not), its tag and lemma. Cached, and bounded.
 */
export function wordClass(word: string): WordClass {
  const lower = withoutMacrons(word).toLowerCase();
  let found = wordClasses.get(lower);
  if (found === undefined) {
    if (wordClasses.size > 20_000) wordClasses.clear();
    const token = nlp.readDoc(lower).tokens().itemAt(0);
    found = {
      known: (token.out(its.uniqueId) as unknown as number) < FIRST_UNKNOWN_ID,
      pos: String(token.out(its.pos)),
      lemma: String(token.out(lemmaOf)).toLowerCase(),
    };
    wordClasses.set(lower, found);
  }
  return found;
}

/**
 * The model splits words at a macron ("Kāinga" becomes "K", "ā", "inga"), so it
 * reads the text with macrons removed. An NFC macron vowel is one UTF-16 code
 * unit and so is its plain vowel, so every offset stays that of the real text.
 */
function withoutMacrons(text: string): string {
  return text.replace(/[āēīōūĀĒĪŌŪ]/g, (vowel) => vowel.normalize("NFD")[0]!);
}

export function analyse(text: string): Analysis {
  const plain = withoutMacrons(text);
  const doc = nlp.readDoc(plain);
  const words = doc.tokens().out();
  const tags = doc.tokens().out(its.pos);
  const lemmas = doc.tokens().out(lemmaOf);

  // Each sentence as the indexes of its first and last token.
  const sentenceSpans = doc.sentences().out(its.span) as unknown as [number, number][];
  const tokens: Token[] = [];
  const sentences: Sentence[] = [];
  const tokenAt = new Map<number, number>();
  let cursor = 0;
  words.forEach((written, index) => {
    const start = plain.indexOf(written, cursor);
    // The model returns each token as written, so this only guards against surprises.
    if (start === -1) return;
    cursor = start + written.length;
    tokenAt.set(index, tokens.length);
    tokens.push({
      start,
      end: cursor,
      text: text.slice(start, cursor),
      lower: written.toLowerCase(),
      lemma: String(lemmas[index]).toLowerCase(),
      pos: String(tags[index]),
      sentence: 0,
    });
  });
  for (const [firstWord, lastWord] of sentenceSpans) {
    const kept = [];
    for (let word = firstWord; word <= lastWord; word++) if (tokenAt.has(word)) kept.push(tokenAt.get(word)!);
    if (kept.length === 0) continue;
    const first = kept[0]!;
    const last = kept[kept.length - 1]!;
    for (let at = first; at <= last; at++) tokens[at]!.sentence = sentences.length;
    sentences.push({ start: tokens[first]!.start, end: tokens[last]!.end, first, last });
  }
  return { text, tokens, sentences };
}
