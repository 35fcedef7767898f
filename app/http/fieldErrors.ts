import { z } from "zod";

/**
 * The one shape of a form's field errors, on the server and in the browser:
 * a message per field, keyed by the field's name as the form posts it
 * (`criteria.accurate.note`, `findings.0.waiver`). Pure, so pages share it.
 */
export type FieldErrors = Partial<Record<string, string>>;

/** The first message per field; an item of a list of values (`roles.2`) is an error on the list. */
export function fieldErrorsOf(error: z.ZodError): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of error.issues) {
    const path = typeof issue.path.at(-1) === "number" ? issue.path.slice(0, -1) : issue.path;
    errors[path.join(".") || "form"] ??= issue.message;
  }
  return errors;
}

/**
 * react-hook-form's nested errors in the same shape: dotted names, and an
 * error the page set itself under `root.<field>` as that field's.
 */
export function formErrorsOf(errors: object, prefix = ""): FieldErrors {
  const flat: FieldErrors = {};
  for (const [key, value] of Object.entries(errors)) {
    // `ref` is the input element itself, `types` the same messages again.
    if (!value || typeof value !== "object" || key === "ref" || key === "types") continue;
    const path = prefix === "" && key === "root" ? "" : prefix ? `${prefix}.${key}` : key;
    const message = (value as { message?: unknown }).message;
    if (typeof message === "string" && path !== "") flat[path] = message;
    else Object.assign(flat, formErrorsOf(value as object, path));
  }
  return flat;
}

/**
 * A choice the person must make. Missing, it fails as a refinement rather
 * than as a type error: zod runs an object's cross-field checks only when no
 * field failed on its type, so this keeps every error of the form in one
 * round (issue 20, item 9) instead of revealing the cross-field ones later.
 */
export function requiredChoice<T extends string>(values: readonly [T, ...T[]], message: string) {
  // react-hook-form holds an unchecked radio group as null, and a select's empty option posts "": both are unchosen.
  const unchosenIsAbsent = (value: unknown) => (value === null || value === "" ? undefined : value);
  // Typed as the form's field, one of the values or none: preprocess alone would make its input unknown.
  const choice = z.preprocess(
    unchosenIsAbsent,
    z.enum(values, { errorMap: () => ({ message }) }).optional(),
  ) as unknown as z.ZodType<T | undefined, z.ZodTypeDef, T | undefined>;
  return choice.refine((value): value is T => value !== undefined, message);
}

/** Text the person must write, trimmed, at most `max` characters; missing is the same as empty (see `requiredChoice`). */
export function requiredText(max: number, message: string, tooLong: string) {
  return z
    .string()
    .trim()
    .max(max, tooLong)
    .optional()
    .default("")
    .refine((text) => text !== "", message);
}
