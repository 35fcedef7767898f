import type { Compilable, CompiledQuery, Kysely, QueryResult } from "kysely";
import type { Database } from "./schema";

/**
 * A query Kysely builds and compiles once and then runs with new values.
 *
 * Every decision runs the same handful of queries, and for each of them
 * Kysely's building and compiling cost more than SQLite's work (a profile of
 * the benchmark's decisions: about 50 µs of Kysely per query). So such a query
 * is built once, with a stand-in for each parameter, and later runs only put
 * their values in the stand-ins' places; the SQL text, and so the prepared
 * statement behind it, stays the same.
 *
 * `build` must hand each parameter to Kysely as it is and must not branch on
 * it: what it did to a stand-in would not be done to later values. A stand-in
 * that was changed (concatenated, written into raw SQL) or never reaches the
 * query is refused when the query is compiled.
 */
export function compileOnce<Params extends object, Row>(
  build: (db: Kysely<Database>, params: Params) => Compilable<Row>,
): (db: Kysely<Database>, params: Params) => Promise<QueryResult<Row>> {
  let template: Template<Row> | undefined;
  return async (db, params) => {
    template ??= compileTemplate(db, build);
    const values = params as Record<string, unknown>;
    const parameters = template.slots.map((slot) => (slot.param === undefined ? slot.constant : values[slot.param]));
    return db.executeQuery<Row>({ ...template.compiled, parameters });
  };
}

type Slot = { param: string; constant?: undefined } | { param?: undefined; constant: unknown };

interface Template<Row> {
  compiled: CompiledQuery<Row>;
  slots: Slot[];
}

// A NUL starts every stand-in: no value the builders pass themselves begins so.
const STAND_IN = "\u0000compileOnce:";

function compileTemplate<Params extends object, Row>(
  db: Kysely<Database>,
  build: (db: Kysely<Database>, params: Params) => Compilable<Row>,
): Template<Row> {
  const used = new Set<string>();
  const standIns = new Proxy({} as Params, {
    get(_target, name) {
      if (typeof name !== "string") throw new Error(`compileOnce: parameter ${String(name)} is not a name`);
      used.add(name);
      return STAND_IN + name;
    },
  });
  const compiled = build(db, standIns).compile();
  if (compiled.sql.includes(STAND_IN))
    throw new Error(`compileOnce: a parameter was written into the SQL itself: ${compiled.sql}`);
  const slots = compiled.parameters.map((value): Slot => {
    if (typeof value !== "string" || !value.includes(STAND_IN)) return { constant: value };
    const name = value.slice(STAND_IN.length);
    if (!value.startsWith(STAND_IN) || !used.has(name)) {
      throw new Error(`compileOnce: a parameter was changed on its way to the query: ${JSON.stringify(value)}`);
    }
    return { param: name };
  });
  for (const name of used) {
    if (!slots.some((slot) => slot.param === name))
      throw new Error(`compileOnce: parameter ${name} does not reach the query`);
  }
  return { compiled, slots };
}
