import { sql, type RawBuilder } from "kysely";

/**
 * Free-text search on PostgreSQL: the only module that knows its tsvector
 * index (migration 2026-11-24-04-search), as app/search/fts.server.ts is
 * for SQLite's FTS5. The same typed text finds the same requests: every run
 * of letters or digits is a required prefix term, macrons optional.
 */

const MAX_TERMS = 12;

/**
 * What a person typed, as a safe tsquery: each run of letters or digits
 * becomes a quoted prefix term, all of them required. No operator or quote
 * is ever passed through, so no input can make the query invalid. Null when
 * nothing searchable is left.
 */
export function tsQueryOf(typed: string): string | null {
  const terms = typed.normalize("NFC").match(/[\p{L}\p{N}]+/gu) ?? [];
  if (terms.length === 0) return null;
  return terms
    .slice(0, MAX_TERMS)
    .map((term) => `'${term}':*`)
    .join(" & ");
}

/** A condition on `requests.id`: the request matches the typed text (see tsQueryOf). */
export function requestMatchesTsQuery(tsQuery: string): RawBuilder<boolean> {
  return sql<boolean>`${sql.ref("requests.id")} in (select request_id from request_search
    where document @@ to_tsquery('tautoko_search', ${tsQuery}))`;
}
