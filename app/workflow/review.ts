import { z } from "zod";
import { requiredChoice, requiredText, type FieldErrors } from "~/http/fieldErrors";
import type { ConflictDeclaration } from "~/workflow/lifecycle";
import { PERMITTED_USE_MISSING } from "~/workflow/policy";
import { addDaysNz, addMonthsNz, nzDateInputToIso, toNzDateInputValue } from "~/workflow/nzTime";
import type { Finding } from "~/workflow/textChecks/checkText";
import { CRITERIA, type Criterion } from "~/workflow/textChecks/rules";

/**
 * The manager's review of one version, and the periodic review of an approved
 * endorsement: the forms' zod schemas (shared by browser and server) and the
 * checks that block an approval (DESIGN.md "Approval", "Review").
 */

/** Enduring approvals: default 12 months, at most 24; a review moves valid-until at most 12 months on. */
export const APPROVAL_DEFAULT_MONTHS = 12;
export const APPROVAL_MAX_MONTHS = 24;
export const REVIEW_MAX_MONTHS = 12;
/** A non-enduring endorsement (a one-off verbal reference) is approved for a single use within 30 days. */
export const SINGLE_USE_DAYS = 30;

export const CRITERION_LABELS: Record<Criterion, { title: string; asks: string }> = {
  accurate: { title: "Accurate", asks: "Every statement of fact is correct." },
  truthful: { title: "Truthful", asks: "Nothing misleads, by what it says or leaves out." },
  fair: { title: "Fair", asks: "No unfair comparison with other suppliers." },
  complete: { title: "Complete", asks: "Scope, period and relationship are stated; known problems are not hidden." },
  balanced: { title: "Balanced", asks: "No superlatives, absolutes or puffery." },
  agency_view: {
    title: "Represents the agency's view",
    asks: "It speaks for the agency and commits it to nothing further.",
  },
  objectivity: {
    title: "Keeps the agency's objectivity",
    asks: 'No "preferred" or "official supplier", no recommendation over others.',
  },
  political_neutrality: {
    title: "Politically neutral",
    asks: "No political commentary; no Minister, party or election content.",
  },
  privacy: {
    title: "Discloses no personal information",
    asks: "No names of customers or staff, emails, phone numbers or addresses without recorded consent.",
  },
};

/** The criteria where the review also records known performance problems or disputes. */
export const PROBLEM_CRITERIA = ["complete", "balanced"] as const satisfies readonly Criterion[];
export type ProblemCriterion = (typeof PROBLEM_CRITERIA)[number];

/** A finding is waived or acknowledged per occurrence: its rule and where it is. */
export interface Occurrence {
  rule: string;
  start: number;
  end: number;
}

export function occurrenceKey(occurrence: Occurrence): string {
  return `${occurrence.rule}:${occurrence.start}:${occurrence.end}`;
}

/** What is stored in `version_reviews.review` when a version is approved. */
export interface ReviewRecord {
  criteria: Record<Criterion, { met: boolean; note: string }>;
  knownProblems: Record<ProblemCriterion, { known: boolean; howReflected: string }>;
  waivers: Array<Occurrence & { reason: string }>;
  acknowledgements: Occurrence[];
  impactConfirmed: boolean;
}

/** One thing that keeps a review from approving its version, and which answer of the review it is about. */
export type ApprovalBlocker = { message: string } & (
  | { about: "criterion"; criterion: Criterion }
  | { about: "finding"; occurrence: string; severity: "error" | "warning" }
  | { about: "impact" }
);

/**
 * Why this version cannot be approved on this review, each with what it is
 * about; empty when it can. An error finding of the version needs a waiver
 * with a reason (per occurrence); one that a newer version no longer has is
 * simply not in `findingsOfVersion`.
 */
export function approvalBlockersOf(
  review: Pick<ReviewRecord, "criteria" | "waivers" | "acknowledgements">,
  findingsOfVersion: readonly Finding[],
  impactConfirmed: boolean,
): ApprovalBlocker[] {
  const blockers: ApprovalBlocker[] = [];
  for (const criterion of CRITERIA) {
    if (review.criteria[criterion]?.met !== true) {
      const message = `the criterion "${CRITERION_LABELS[criterion].title}" is not attested as met`;
      blockers.push({ about: "criterion", criterion, message });
    }
  }
  const waived = new Set(review.waivers.filter((w) => w.reason.trim() !== "").map(occurrenceKey));
  const acknowledged = new Set(review.acknowledgements.map(occurrenceKey));
  for (const finding of findingsOfVersion) {
    const where = `line ${finding.line}, column ${finding.column}`;
    const occurrence = occurrenceKey(finding);
    if (finding.severity === "error" && !waived.has(occurrence)) {
      const message = `the error "${finding.match}" (${finding.rule}, ${where}) is not waived with a reason`;
      blockers.push({ about: "finding", occurrence, severity: "error", message });
    }
    if (finding.severity === "warning" && !acknowledged.has(occurrence)) {
      const message = `the warning "${finding.match}" (${finding.rule}, ${where}) is not acknowledged`;
      blockers.push({ about: "finding", occurrence, severity: "warning", message });
    }
  }
  if (!impactConfirmed) {
    blockers.push({ about: "impact", message: "the impact assessment is not confirmed against the final text" });
  }
  return blockers;
}

/** Why this version cannot be approved on this review, in plain words; empty when it can. */
export function approvalBlockers(
  review: Pick<ReviewRecord, "criteria" | "waivers" | "acknowledgements">,
  findingsOfVersion: readonly Finding[],
  impactConfirmed: boolean,
): string[] {
  return approvalBlockersOf(review, findingsOfVersion, impactConfirmed).map((b) => b.message);
}

// ——— Form parsing ———

/** Posted fields named like `criteria.accurate.met` or `findings.0.waiver`, nested as react-hook-form names them. */
export function nestedValuesOf(form: FormData): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of form.entries()) {
    if (typeof value !== "string" || key === "csrf") continue;
    const parts = key.split(".");
    if (
      parts.length > 4 ||
      parts.some((p) => p === "" || p === "__proto__" || p === "constructor" || p === "prototype")
    )
      continue;
    let node: Record<string, unknown> = root;
    parts.forEach((part, i) => {
      if (i === parts.length - 1) {
        node[part] = value;
        return;
      }
      const next = node[part];
      const child = next && typeof next === "object" ? (next as Record<string, unknown>) : {};
      node[part] = child;
      node = child;
    });
  }
  // Numbered rows (findings.0, findings.1 …) become arrays.
  for (const [key, value] of Object.entries(root)) {
    if (value && typeof value === "object" && Object.keys(value).every((k) => /^\d{1,3}$/.test(k))) {
      const rows: unknown[] = [];
      for (const [index, row] of Object.entries(value)) rows[Number(index)] = row;
      root[key] = Array.from(rows, (row) => row ?? {});
    }
  }
  return root;
}

const checkbox = z
  .union([z.literal("on"), z.literal("true"), z.literal(""), z.boolean()])
  .optional()
  .transform((v) => v === "on" || v === "true" || v === true);

const revisionField = z.coerce
  .number({ invalid_type_error: "Reload the page: the form is missing its revision." })
  .int();

// Choices and notes are required by refinement, so every problem of a form is reported in one round (app/http/fieldErrors.ts).
const conflictFields = {
  conflict: requiredChoice(["none", "declared"], "Declare whether you have a conflict of interest with this supplier."),
  conflictNote: z.string().max(2000).optional().default(""),
};

function withConflict<T extends { conflict: "none" | "declared"; conflictNote: string }>(value: T) {
  const { conflict, conflictNote, ...rest } = value;
  const declaration: ConflictDeclaration =
    conflict === "declared" ? { hasConflict: true, note: conflictNote.trim() } : { hasConflict: false };
  return { ...rest, conflict: declaration };
}

function requireConflictNote(value: { conflict: string; conflictNote: string }, ctx: z.RefinementCtx) {
  if (value.conflict === "declared" && value.conflictNote.trim() === "") {
    ctx.addIssue({ code: "custom", path: ["conflictNote"], message: "Describe the conflict you declare." });
  }
}

const note = (message: string) => requiredText(5000, message, "Keep this under 5,000 characters.");

const criterionSchema = (criterion: Criterion) =>
  z
    .object({
      met: requiredChoice(["met", "not_met"], `Say whether "${CRITERION_LABELS[criterion].title}" is met.`),
      // Required only where it carries information: see `criteriaNeedingNotes`.
      note: z.string().max(5000, "Keep this under 5,000 characters.").optional().default(""),
    })
    .default({});

/** The one question on known performance problems or disputes, asked once for the whole review. */
const knownProblemsSchema = z
  .object({
    known: requiredChoice(["yes", "no"], "Say whether performance problems or disputes with this supplier are known."),
    howReflected: z.string().max(5000).optional().default(""),
  })
  .superRefine((v, ctx) => {
    if (v.known === "yes" && v.howReflected.trim() === "") {
      ctx.addIssue({
        code: "custom",
        path: ["howReflected"],
        message: "Say how the text reflects the known problems or disputes.",
      });
    }
  })
  .default({});

type FindingRow = { key: string; waiver: string; acknowledged: boolean };

/**
 * The criteria whose note carries information, so it is required: one the
 * reviewer says is not met, or one with a finding they waive or acknowledge.
 * A met criterion with nothing set aside needs no note.
 */
export function criteriaNeedingNotes(
  criteria: Partial<Record<Criterion, { met?: string } | undefined>>,
  rows: ReadonlyArray<Partial<FindingRow>>,
  findingsOfVersion: ReadonlyArray<Pick<Finding, "rule" | "start" | "end" | "criterion">>,
): Set<Criterion> {
  const needing = new Set<Criterion>(CRITERIA.filter((c) => criteria[c]?.met === "not_met"));
  const setAside = new Set(
    rows.filter((r) => (r.waiver ?? "").trim() !== "" || r.acknowledged === true).map((r) => r.key),
  );
  for (const finding of findingsOfVersion) if (setAside.has(occurrenceKey(finding))) needing.add(finding.criterion);
  return needing;
}

/** A date the form holds (YYYY-MM-DD, an NZ day): the end of that day, or undefined when left empty. */
const dateInput = z
  .string()
  .optional()
  .default("")
  .refine((v) => v === "" || nzDateInputToIso(v, true) !== null, "Enter the date as a day, month and year.");

/** The latest valid-until an approval or a confirming review may set now, and the words for a date past it. */
export function validUntilLimit(
  kind: "approval" | "review",
  options: { enduring: boolean; now: Date },
): { latest: string; refusal: string } {
  const { enduring, now } = options;
  if (kind === "review") {
    const latest = addMonthsNz(now, REVIEW_MAX_MONTHS);
    return {
      latest,
      refusal: `A review may extend the endorsement by at most ${REVIEW_MAX_MONTHS} months: choose ${toNzDateInputValue(latest, true)} or earlier.`,
    };
  }
  if (!enduring) {
    const latest = addDaysNz(now, SINGLE_USE_DAYS);
    return {
      latest,
      refusal: `A single-use endorsement is approved for at most ${SINGLE_USE_DAYS} days: its valid-until can be ${toNzDateInputValue(latest, true)} at the latest.`,
    };
  }
  const latest = addMonthsNz(now, APPROVAL_MAX_MONTHS);
  return {
    latest,
    refusal: `An enduring endorsement may be approved for at most ${APPROVAL_MAX_MONTHS} months: choose ${toNzDateInputValue(latest, true)} or earlier.`,
  };
}

/** The valid-until an approval sets, or why the posted date is not allowed (the transition enforces the limit again). */
export function approvalValidUntil(
  posted: string,
  options: { enduring: boolean; now: Date },
): { ok: true; validUntil: string } | { ok: false; message: string } {
  const { enduring, now } = options;
  if (!enduring) {
    const singleUse = addDaysNz(now, SINGLE_USE_DAYS);
    if (posted !== "" && nzDateInputToIso(posted, true) !== singleUse) {
      return {
        ok: false,
        message: `A single-use endorsement is approved for ${SINGLE_USE_DAYS} days; its valid-until cannot be changed.`,
      };
    }
    return { ok: true, validUntil: singleUse };
  }
  if (posted === "") return { ok: true, validUntil: addMonthsNz(now, APPROVAL_DEFAULT_MONTHS) };
  const chosen = nzDateInputToIso(posted, true);
  if (chosen === null) return { ok: false, message: "Enter the valid-until date as a day, month and year." };
  if (Date.parse(chosen) <= now.getTime()) return { ok: false, message: "The valid-until date must be in the future." };
  const limit = validUntilLimit("approval", options);
  if (Date.parse(chosen) > Date.parse(limit.latest)) return { ok: false, message: limit.refusal };
  return { ok: true, validUntil: chosen };
}

/** The new valid-until a confirming review sets: default and at most 12 months on from today. */
export function reviewValidUntil(
  posted: string,
  now: Date,
): { ok: true; validUntil: string } | { ok: false; message: string } {
  if (posted === "") return { ok: true, validUntil: addMonthsNz(now, REVIEW_MAX_MONTHS) };
  const chosen = nzDateInputToIso(posted, true);
  if (chosen === null) return { ok: false, message: "Enter the new valid-until date as a day, month and year." };
  if (Date.parse(chosen) <= now.getTime())
    return { ok: false, message: "The new valid-until date must be in the future." };
  const limit = validUntilLimit("review", { enduring: true, now });
  if (Date.parse(chosen) > Date.parse(limit.latest)) return { ok: false, message: limit.refusal };
  return { ok: true, validUntil: chosen };
}

/**
 * The approval form. `enduring` and `now` decide the valid-until rules;
 * `findings` (the version's) decide which criteria need a note.
 */
export function approvalSchema(options: { enduring: boolean; now: () => Date; findings?: readonly Finding[] }) {
  const criteria = Object.fromEntries(CRITERIA.map((c) => [c, criterionSchema(c)])) as {
    [C in Criterion]: ReturnType<typeof criterionSchema>;
  };
  return z
    .object({
      versionId: z.coerce.number().int().positive(),
      sha256: z.string().regex(/^[0-9a-fA-F]{64}$/, "The form is missing the text's SHA-256; reload the page."),
      revision: revisionField,
      criteria: z.object(criteria).default({}),
      knownProblems: knownProblemsSchema,
      findings: z
        .array(
          z.object({
            key: z.string().max(200),
            waiver: z.string().max(2000).optional().default(""),
            acknowledged: checkbox,
          }),
        )
        .max(500)
        .optional()
        .default([]),
      impactConfirmed: checkbox,
      validUntil: dateInput,
      notifySupplier: checkbox,
      permittedUse: z.string().max(1000, "Keep where it may be used to 1,000 characters.").optional().default(""),
      ...conflictFields,
    })
    .superRefine((value, ctx) => {
      requireConflictNote(value, ctx);
      for (const c of criteriaNeedingNotes(value.criteria, value.findings, options.findings ?? [])) {
        if (value.criteria[c].note.trim() === "") {
          ctx.addIssue({
            code: "custom",
            path: ["criteria", c, "note"],
            message: `Give a note for "${CRITERION_LABELS[c].title}": it is not met, or a finding of it is set aside.`,
          });
        }
      }
      if (value.notifySupplier && value.permittedUse.trim() === "") {
        ctx.addIssue({ code: "custom", path: ["permittedUse"], message: PERMITTED_USE_MISSING });
      }
      const until = approvalValidUntil(value.validUntil, { enduring: options.enduring, now: options.now() });
      if (!until.ok) ctx.addIssue({ code: "custom", path: ["validUntil"], message: until.message });
    })
    .transform((value) => {
      const until = approvalValidUntil(value.validUntil, { enduring: options.enduring, now: options.now() });
      return withConflict({ ...value, validUntil: until.ok ? until.validUntil : "" });
    });
}

export type ApprovalInput = z.output<ReturnType<typeof approvalSchema>>;
export type ApprovalFormValues = z.input<ReturnType<typeof approvalSchema>>;

/** What a manager posts about one version on approving it: the attestations and, per finding, waiver or acknowledgement. */
export type PostedReview = Pick<ApprovalInput, "criteria" | "knownProblems" | "findings" | "impactConfirmed">;

/** The stored review, keeping only waivers of the version's errors and acknowledgements of its warnings. */
export function reviewRecordOf(input: PostedReview, findingsOfVersion: readonly Finding[]): ReviewRecord {
  const knownProblems = {
    known: input.knownProblems.known === "yes",
    howReflected: input.knownProblems.howReflected.trim(),
  };
  const posted = new Map(input.findings.map((row) => [row.key, row]));
  const waivers: ReviewRecord["waivers"] = [];
  const acknowledgements: ReviewRecord["acknowledgements"] = [];
  for (const finding of findingsOfVersion) {
    const row = posted.get(occurrenceKey(finding));
    if (!row) continue;
    const occurrence = { rule: finding.rule, start: finding.start, end: finding.end };
    if (finding.severity === "error" && row.waiver.trim() !== "")
      waivers.push({ ...occurrence, reason: row.waiver.trim() });
    if (finding.severity === "warning" && row.acknowledged) acknowledgements.push(occurrence);
  }
  return {
    criteria: Object.fromEntries(
      CRITERIA.map((c) => [c, { met: input.criteria[c].met === "met", note: input.criteria[c].note.trim() }]),
    ) as ReviewRecord["criteria"],
    // Asked once; the stored record keeps its per-criterion shape, so older reviews read the same.
    knownProblems: { complete: knownProblems, balanced: knownProblems },
    waivers,
    acknowledgements,
    impactConfirmed: input.impactConfirmed,
  };
}

/**
 * The approval's blockers as errors on the fields that would lift them, from
 * a post whose other fields may still be wrong. Without JavaScript the first
 * answer lists them with the field errors (issue 20, item 9) instead of in a
 * second round; the transition, which decides them, refuses the same list.
 */
export function approvalBlockersByField(
  values: Record<string, unknown>,
  findingsOfVersion: readonly Finding[],
): FieldErrors {
  const posted = postedReviewOf(values);
  const record = reviewRecordOf(posted, findingsOfVersion);
  const rows = {
    posted: posted.findings.map((row) => row.key),
    listed: findingsOfVersion.filter((f) => f.severity !== "suggestion").map(occurrenceKey),
  };
  const errors: FieldErrors = {};
  for (const blocker of approvalBlockersOf(record, findingsOfVersion, record.impactConfirmed)) {
    errors[fieldOfBlocker(blocker, rows)] = `${blocker.message.charAt(0).toUpperCase()}${blocker.message.slice(1)}.`;
  }
  return errors;
}

/** The form field whose answer lifts a blocker. */
function fieldOfBlocker(blocker: ApprovalBlocker, rows: { posted: string[]; listed: string[] }): string {
  switch (blocker.about) {
    case "criterion":
      return `criteria.${blocker.criterion}.met`;
    case "impact":
      return "impactConfirmed";
    case "finding": {
      // Each row posts its finding's key; a row the post left out is numbered as the form lists the errors and warnings.
      const posted = rows.posted.indexOf(blocker.occurrence);
      const row = posted >= 0 ? posted : rows.listed.indexOf(blocker.occurrence);
      return `findings.${row}.${blocker.severity === "error" ? "waiver" : "acknowledged"}`;
    }
  }
}

const tickedBox = checkbox.catch(false);

/** What a post says of the review, read without judging it: an unmarked criterion is not met, a missing box unticked. */
function postedReviewOf(values: Record<string, unknown>): PostedReview {
  const criteria = objectOf(values.criteria);
  const knownProblems = objectOf(values.knownProblems);
  return {
    criteria: Object.fromEntries(
      CRITERIA.map((c) => {
        const row = objectOf(criteria[c]);
        return [c, { met: row.met === "met" ? "met" : "not_met", note: textOf(row.note) }];
      }),
    ) as PostedReview["criteria"],
    knownProblems: {
      known: knownProblems.known === "yes" ? "yes" : "no",
      howReflected: textOf(knownProblems.howReflected),
    },
    findings: (Array.isArray(values.findings) ? values.findings : []).map((value) => {
      const row = objectOf(value);
      return { key: textOf(row.key), waiver: textOf(row.waiver), acknowledged: tickedBox.parse(row.acknowledged) };
    }),
    impactConfirmed: tickedBox.parse(values.impactConfirmed),
  };
}

function objectOf(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>) : {};
}

function textOf(value: unknown): string {
  return typeof value === "string" ? value : "";
}

export const requestChangesSchema = z
  .object({
    versionId: z.coerce.number().int().positive(),
    revision: revisionField,
    comments: note("Say what should change, so the requester can revise the text."),
    ...conflictFields,
  })
  .superRefine(requireConflictNote)
  .transform(withConflict);

export const declineSchema = z
  .object({
    versionId: z.coerce.number().int().positive(),
    revision: revisionField,
    reason: note("Give the reason for declining; the requester will see it."),
    notifySupplier: checkbox,
    ...conflictFields,
  })
  .superRefine(requireConflictNote)
  .transform(withConflict);

/** The periodic review of an approved endorsement: confirm with a new valid-until, or withdraw. */
export function periodicReviewSchema(now: () => Date) {
  return z
    .object({
      revision: revisionField,
      performanceNote: note("Record what is known of the supplier's performance since approval."),
      decision: z.enum(["confirm", "withdraw"], {
        errorMap: () => ({ message: "Choose whether to confirm the endorsement or withdraw it." }),
      }),
      newValidUntil: dateInput,
      reason: z.string().max(5000).optional().default(""),
      ...conflictFields,
    })
    .superRefine((value, ctx) => {
      requireConflictNote(value, ctx);
      if (value.decision === "confirm") {
        const until = reviewValidUntil(value.newValidUntil, now());
        if (!until.ok) ctx.addIssue({ code: "custom", path: ["newValidUntil"], message: until.message });
      } else if (value.reason.trim() === "") {
        ctx.addIssue({ code: "custom", path: ["reason"], message: "Give the reason for withdrawing the endorsement." });
      }
    })
    .transform((value) => {
      const until = value.decision === "confirm" ? reviewValidUntil(value.newValidUntil, now()) : null;
      return withConflict({ ...value, newValidUntil: until?.ok ? until.validUntil : null });
    });
}

export type PeriodicReviewInput = z.output<ReturnType<typeof periodicReviewSchema>>;

export const withdrawSchema = z
  .object({
    revision: revisionField,
    reason: note("Give the reason for withdrawing the endorsement."),
    notifySupplier: checkbox,
    ...conflictFields,
  })
  .superRefine(requireConflictNote)
  .transform(withConflict);
