import { z } from "zod";
import { requiredChoice } from "~/http/fieldErrors";
import { nzDateTimeLocalToIso } from "~/workflow/nzTime";
import { nzbnField, optionalEmailField, supplierNameField } from "~/workflow/supplierFields";
import { CHANNELS, REQUEST_TYPES } from "~/workflow/vocabulary";

/**
 * The logging form's schema: used by react-hook-form in the browser and parsed
 * again by the action (DESIGN.md, "What a request holds").
 */
// The form's choices are the domain's words (the pages import them from here beside the schema that uses them).
export { CHANNEL_LABELS, CHANNELS, REQUEST_TYPE_LABELS, REQUEST_TYPES } from "~/workflow/vocabulary";

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
export const MAX_ATTACHMENTS = 10;
export const MAX_FILE_NAME_CHARS = 255;

/** Only a one-off verbal reference is not enduring, unless the requester says otherwise. */
export function enduringByDefault(type: (typeof REQUEST_TYPES)[number]): boolean {
  return type !== "verbal";
}

const optionalText = (max: number, label: string) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be at most ${max.toLocaleString("en-NZ")} characters.`)
    .optional()
    .transform((v) => (v ? v : undefined));

export interface AttachmentLike {
  name: string;
  size: number;
}

/** Problems with the attached files, in plain words (empty when they are fine). */
export function attachmentProblems(files: readonly AttachmentLike[]): string[] {
  const problems: string[] = [];
  if (files.length > MAX_ATTACHMENTS) problems.push(`Attach at most ${MAX_ATTACHMENTS} files.`);
  for (const file of files) {
    // File systems allow 255 characters; a longer name is refused rather than shortened without a word.
    if (file.name.length > MAX_FILE_NAME_CHARS)
      problems.push(
        `A file name is longer than ${MAX_FILE_NAME_CHARS} characters; rename the file and attach it again.`,
      );
    else if (file.size === 0) problems.push(`"${file.name}" is empty.`);
    else if (file.size > MAX_ATTACHMENT_BYTES) problems.push(`"${file.name}" is larger than 10 MB.`);
  }
  return problems;
}

function requestFields(now: () => Date) {
  return {
    supplierName: supplierNameField,
    supplierNzbn: nzbnField,
    supplierContactEmail: optionalEmailField,
    // Choices are required by refinement so the conflict-note check still runs: every error in one round.
    requestType: requiredChoice(REQUEST_TYPES, "Choose what kind of endorsement was asked for."),
    /** "auto": enduring unless it is a one-off verbal reference. */
    enduring: z
      .enum(["auto", "yes", "no"], { errorMap: () => ({ message: "Say whether the endorsement would be enduring." }) })
      .default("auto"),
    channel: requiredChoice(CHANNELS, "Choose how the request arrived."),
    // Every check inside the transform: a failed check before it would stop the form's cross-field checks.
    receivedAt: z
      .string()
      .trim()
      .optional()
      .default("")
      .transform((value, ctx) => {
        if (value === "") {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter when the request was received." });
          return z.NEVER;
        }
        const iso = nzDateTimeLocalToIso(value);
        if (!iso) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "Enter a date and time, like 2026-11-24 09:30." });
          return z.NEVER;
        }
        // A minute's grace for clocks that disagree.
        if (Date.parse(iso) > now().getTime() + 60_000) {
          ctx.addIssue({ code: z.ZodIssueCode.custom, message: "The received date cannot be in the future." });
          return z.NEVER;
        }
        return iso;
      }),
    asked: z
      .string({ required_error: "Describe exactly what the supplier asked for." })
      .trim()
      .min(1, "Describe exactly what the supplier asked for.")
      .max(5000, "Keep the description to 5,000 characters; attach the supplier's message for the full text."),
    originalMessage: optionalText(100_000, "The pasted message"),
    contractRef: optionalText(100, "The contract reference"),
    conflict: requiredChoice(
      ["none", "declared"],
      "Declare whether you have a conflict of interest with this supplier.",
    ),
    conflictNote: optionalText(2000, "The conflict note"),
    /** Set when the person chose to file the request under the supplier that holds the typed NZBN. */
    useSupplierId: z
      .string()
      .optional()
      .transform((v) => (v && /^\d{1,12}$/.test(v) ? v : undefined)),
  };
}

export interface KnownSupplier {
  id: number;
  name: string;
  nzbn: string | null;
}

/** Names that differ only in case, spacing or macrons name the same supplier. */
export function sameSupplierName(a: string, b: string): boolean {
  const plain = (name: string) =>
    name.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase().replace(/\s+/g, " ").trim();
  return plain(a) === plain(b);
}

/** The supplier already holding this NZBN under another name, whom the person must choose or not. */
export function nzbnHolderOf(
  suppliers: readonly KnownSupplier[],
  typed: { name: string; nzbn: string },
): KnownSupplier | null {
  const nzbn = typed.nzbn.replace(/\s+/g, "");
  if (!nzbn) return null;
  const holder = suppliers.find((s) => s.nzbn === nzbn);
  return holder && !sameSupplierName(holder.name, typed.name) ? holder : null;
}

export function nzbnHeldMessage(holderName: string): string {
  return `This NZBN is already "${holderName}": use it, or correct the NZBN.`;
}

export function logRequestSchema(now: () => Date) {
  return z.object(requestFields(now)).superRefine((v, ctx) => {
    if (v.conflict === "declared" && !v.conflictNote) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["conflictNote"],
        message: "Describe the conflict of interest.",
      });
    }
  });
}

/** What the requester may correct while the request is undecided. */
export function correctRequestSchema(now: () => Date) {
  const f = requestFields(now);
  return z.object({
    revision: z.coerce.number().int().positive("This form is missing its revision number; reload the page."),
    supplierId: z.coerce
      .number({ invalid_type_error: "Choose the supplier from the list." })
      .int()
      .positive("Choose the supplier from the list.")
      .max(Number.MAX_SAFE_INTEGER, "Choose the supplier from the list."),
    supplierContactEmail: f.supplierContactEmail,
    requestType: f.requestType,
    enduring: f.enduring,
    channel: f.channel,
    receivedAt: f.receivedAt,
    asked: f.asked,
    originalMessage: f.originalMessage,
    contractRef: f.contractRef,
  });
}

export type LogRequestInput = z.output<ReturnType<typeof logRequestSchema>>;
export type LogRequestFormValues = z.input<ReturnType<typeof logRequestSchema>>;

/** The one field-error shape, under the names the pages have always imported. */
export { fieldErrorsOf, type FieldErrors } from "~/http/fieldErrors";
