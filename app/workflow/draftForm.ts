import { z } from "zod";
import { CONSENT_RELATIONS } from "~/workflow/vocabulary";

/**
 * The form that saves a new version of the endorsement text: used by
 * react-hook-form in the browser and parsed again by the action.
 */

export const MAX_VERSION_CHARS = 20_000;
export const MAX_CONSENTS = 20;

const blank = (value: string | undefined) => value === undefined || value.trim() === "";

/** A person the text names or shows, and the consent held for them. A row left wholly blank is ignored. */
const consentRow = z
  .object({
    personName: z.string().max(200, "Keep the name under 200 characters.").default(""),
    relation: z.union([z.enum(CONSENT_RELATIONS), z.literal("")]).default(""),
    consent: z.string().max(500, "Keep this under 500 characters.").default(""),
  })
  .superRefine((row, ctx) => {
    if (blank(row.personName) && row.relation === "" && blank(row.consent)) return;
    if (blank(row.personName)) {
      ctx.addIssue({
        code: "custom",
        path: ["personName"],
        message: "Give the name of the person the text names or shows.",
      });
    }
    if (row.relation === "") {
      ctx.addIssue({
        code: "custom",
        path: ["relation"],
        message: "Say whether they are a colleague, a customer or a contractor.",
      });
    } else if (blank(row.consent)) {
      // Policy: customers and contractors are named only with a Talent Release form.
      ctx.addIssue({
        code: "custom",
        path: ["consent"],
        message:
          row.relation === "colleague"
            ? "Say how this colleague gave permission to be named."
            : "Give the Talent Release form reference for this person.",
      });
    }
  });

export const draftSchema = z.object({
  text: z
    .string()
    .max(MAX_VERSION_CHARS, `Keep the text under ${MAX_VERSION_CHARS.toLocaleString("en-NZ")} characters.`)
    .refine((t) => t.trim() !== "", "Write the endorsement text before saving it."),
  /** The number of the version the author started from; empty for the first. */
  basedOn: z
    .string()
    .regex(/^\d*$/, "The version you started from is not a number.")
    .transform((v) => (v === "" ? null : Number(v))),
  revision: z.string().regex(/^\d+$/, "Reload the page: the form is missing its revision.").transform(Number),
  consents: z
    .array(consentRow)
    .max(MAX_CONSENTS, `Record at most ${MAX_CONSENTS} people per version.`)
    .default([])
    .transform((rows) =>
      rows
        .filter((r) => !(blank(r.personName) && r.relation === "" && blank(r.consent)))
        .map((r) => ({
          personName: r.personName.trim(),
          relation: r.relation as (typeof CONSENT_RELATIONS)[number],
          consent: r.consent.trim(),
        })),
    ),
});

export type DraftInput = z.output<typeof draftSchema>;
export type DraftFormValues = z.input<typeof draftSchema>;
export type ConsentInput = DraftInput["consents"][number];

/** The posted form as the schema reads it: `consents.0.personName` and so on become an array of rows. */
export function draftValuesOf(form: FormData): DraftFormValues {
  const rows: Array<Record<string, string>> = [];
  for (const [key, value] of form.entries()) {
    const match = /^consents\.(\d{1,2})\.(personName|relation|consent)$/.exec(key);
    if (!match || typeof value !== "string") continue;
    const index = Number(match[1]);
    if (index >= MAX_CONSENTS + 5) continue;
    (rows[index] ??= {})[match[2]!] = value;
  }
  const str = (name: string) => {
    const v = form.get(name);
    return typeof v === "string" ? v : "";
  };
  return {
    text: str("text"),
    basedOn: str("basedOn"),
    revision: str("revision"),
    consents: Array.from(rows, (r) => ({
      personName: r?.personName ?? "",
      relation: (r?.relation ?? "") as "",
      consent: r?.consent ?? "",
    })),
  };
}
