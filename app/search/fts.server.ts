import { sql, type RawBuilder } from "kysely";

/**
 * Free-text search over requests: the only module that knows SQLite's FTS5
 * (DESIGN.md "Beyond one machine"); the index and its triggers are in the
 * migration 2026-11-24-04-search.
 */

const MAX_TERMS = 12;

/**
 * What a person typed, as a safe FTS5 query: each run of letters, digits or
 * marks becomes a quoted prefix term, all of them required. Operators,
 * quotes, parentheses and stars are never passed through, so no input can
 * make the query invalid. Null when nothing searchable is left.
 */
export function ftsQueryOf(typed: string): string | null {
  const terms = typed.normalize("NFC").match(/[\p{L}\p{N}\p{M}]+/gu) ?? [];
  if (terms.length === 0) return null;
  return terms
    .slice(0, MAX_TERMS)
    .map((term) => `"${term.replaceAll('"', '""')}"*`)
    .join(" ");
}

/** A condition on `requests.id`: the request matches the typed text (see ftsQueryOf). */
export function requestMatches(ftsQuery: string): RawBuilder<boolean> {
  // The unary + stops SQLite driving the query from the matches (then sorting them in a temporary
  // B-tree): it walks the sort's index and probes the match set, so pages stay in order.
  return sql<boolean>`+${sql.ref("requests.id")} in (select rowid from request_search where request_search match ${ftsQuery})`;
}
