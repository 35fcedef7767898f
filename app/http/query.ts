import { z } from "zod";
import { truncate } from "~/http/truncate";
import { isCalendarDate } from "~/workflow/nzTime";

/**
 * Every loader's query parameters, read one way (issue 14, item 5): a zod
 * object built from the kinds below. A date, number or choice that is not one
 * is refused in words (400) with every bad parameter named at once, never
 * silently dropped: an auditor who typed 2026-02-31 must not get an
 * unfiltered export that looks filtered. Pure, so pages can share the shapes.
 */

/** An empty parameter (what a GET form sends for a field left blank) is an absent one. */
const blankIsAbsent = (raw: unknown) => (raw === "" ? undefined : raw);
const asList = (raw: unknown) =>
  raw === undefined ? raw : (Array.isArray(raw) ? (raw as unknown[]) : [raw]).filter((v) => v !== "");
const once = (name: string) => `Give ${name} once.`;

/** A real NZ calendar day, YYYY-MM-DD (1900–2999). */
export function queryDay(name: string) {
  const message = `${name} must be a real date written YYYY-MM-DD (for example 2026-03-01).`;
  return z.preprocess(
    blankIsAbsent,
    z
      .string({ invalid_type_error: once(name) })
      .refine(isCalendarDate, message)
      .optional(),
  );
}

/** A positive whole number (an id, a version number, a position in a list). */
export function queryNumber(name: string) {
  const message = `${name} must be a whole number from 1 up.`;
  return z.preprocess(
    blankIsAbsent,
    z
      .string({ invalid_type_error: once(name) })
      .regex(/^\d{1,15}$/, message)
      .transform(Number)
      .refine((n) => n > 0, message)
      .optional(),
  );
}

function choiceOf<T extends string>(name: string, values: readonly [T, ...T[]]) {
  const message = `${name} must be one of: ${values.join(", ")}.`;
  return z.enum(values, { errorMap: (issue) => ({ message: issue.code === "invalid_type" ? once(name) : message }) });
}

/** One of a fixed list of words. */
export function queryChoice<T extends string>(name: string, values: readonly [T, ...T[]]) {
  return z.preprocess(blankIsAbsent, choiceOf(name, values).optional());
}

/** Any number of words from a fixed list (a repeated parameter, as a group of checkboxes sends). */
export function queryChoices<T extends string>(name: string, values: readonly [T, ...T[]]) {
  return z.preprocess(asList, z.array(choiceOf(name, values)).optional());
}

const YES = ["1", "on", "true"];

/** A checkbox: 1, on or true for yes; 0, off or false (or absent) for no. */
export function queryFlag(name: string) {
  return z.preprocess(
    blankIsAbsent,
    choiceOf(name, ["1", "on", "true", "0", "off", "false"])
      .transform((v) => YES.includes(v))
      .optional(),
  );
}

export interface KeysetCursor {
  at: string;
  id: number;
}

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~(\d{1,15})$/;

function keysetCursorOf(raw: string): KeysetCursor | null {
  const match = CURSOR.exec(raw);
  if (!match) return null;
  const at = match[1]!;
  // Date rolls 2026-02-31 over into March; a cursor we wrote round-trips exactly.
  const instant = new Date(at);
  return Number.isNaN(instant.getTime()) || instant.toISOString() !== at ? null : { at, id: Number(match[2]) };
}

/** A "next page" link's position in a list ordered by a time then an id, as the lists write it. */
export function queryCursor(name: string) {
  const message = `${name} is not a page link Tautoko wrote; go back to the first page.`;
  return z.preprocess(
    blankIsAbsent,
    z
      .string({ invalid_type_error: once(name) })
      .transform((raw, ctx) => {
        const cursor = keysetCursorOf(raw);
        if (!cursor) ctx.addIssue({ code: z.ZodIssueCode.custom, message });
        return cursor ?? z.NEVER;
      })
      .optional(),
  );
}

/** Free words or an opaque page cursor: never refused, only bounded. */
export function queryText(name: string, maxChars: number) {
  return z.preprocess(
    blankIsAbsent,
    z
      .string({ invalid_type_error: once(name) })
      .transform((text) => truncate(text.trim(), maxChars))
      .optional(),
  );
}

/** The parameters as zod sees them: one value as a string, a repeated one as a list. */
function valuesOf(params: URLSearchParams): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name);
    values[name] = all.length === 1 ? all[0]! : all;
  }
  return values;
}

export function queryRefusal(messages: readonly string[]): Response {
  const text = `This address asks for something Tautoko cannot read, so nothing was done: ${[...new Set(messages)].join(" ")} Correct the address and try again.`;
  return new Response(text, { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/**
 * The query of `url` parsed by `schema`, or a thrown 400 naming every bad
 * parameter. Parameters the schema does not name are ignored (Remix's own,
 * such as `index`, and tracking tags added by mail clients).
 */
export function parseQuery<T extends z.ZodTypeAny>(url: URL | URLSearchParams, schema: T): z.output<T> {
  const params = url instanceof URL ? url.searchParams : url;
  const parsed = schema.safeParse(valuesOf(params));
  if (!parsed.success) throw queryRefusal(parsed.error.issues.map((issue) => issue.message));
  return parsed.data as z.output<T>;
}
