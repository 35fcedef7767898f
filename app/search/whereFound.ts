/**
 * Where the typed words were found in a matching request, when not in its
 * own fields (reference, supplier, what was asked, the supplier's message,
 * endorsement text): "Found in a comment by Aroha, 3 Dec 2026". Pure; the
 * index already decided that the request matches, this only says where, by
 * the same rules (every word a prefix of some word, macrons ignored).
 */

const MAX_TERMS = 12;
/** A result names at most this many places; more would not be short. */
const MAX_PLACES = 2;

/** Lower case, macrons and other marks dropped: how the index's tokenizer compares words. */
const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** The words of a text as the index sees them. */
export const wordsOf = (text: string): string[] => fold(text).match(/[\p{L}\p{N}]+/gu) ?? [];

/** The typed terms, as the search reads them (at most 12). */
const termsOf = (typed: string) => wordsOf(typed).slice(0, MAX_TERMS);

/** One place a request's text is said, with how a person would name it ("the withdrawal reason"). */
export interface Place {
  label: string;
  text: string;
}

const finds = (words: readonly string[], term: string) => words.some((w) => w.startsWith(term));

/**
 * The sentence for a result, or null when every typed word is in the
 * request's own fields (or nothing was typed): places are taken in the order
 * given, each only if it holds a word not yet accounted for.
 */
export function whereFound(typed: string, ownText: string, places: readonly Place[]): string | null {
  const own = wordsOf(ownText);
  let missing = termsOf(typed).filter((term) => !finds(own, term));
  if (missing.length === 0) return null;
  const named: string[] = [];
  for (const place of places) {
    const words = wordsOf(place.text);
    const found = missing.filter((term) => finds(words, term));
    if (found.length === 0) continue;
    if (!named.includes(place.label)) named.push(place.label);
    missing = missing.filter((term) => !found.includes(term));
    if (missing.length === 0) break;
  }
  if (named.length === 0) return null;
  const shown = named.slice(0, MAX_PLACES);
  const more = named.length > MAX_PLACES ? " and elsewhere" : "";
  return `Found in ${shown.join(" and ")}${more}`;
}
