import { z } from "zod";
import { GENESIS_HASH, computeEventHash, type AuditEventFields } from "~/audit/chain";
import type { ExportCheck } from "~/export/exportCheck";

/**
 * The README's export recipe (section "Re-verifying an export yourself"), step
 * for step, for the verify page: an auditor who runs no scripts uploads the
 * export and gets the same answer the Node and Python scripts print.
 */

/** Uploads above this are refused: the whole file is parsed in memory. Larger exports verify with the scripts. */
export const MAX_EXPORT_UPLOAD_BYTES = 32 * 1024 * 1024;

const HEX64 = /^[0-9a-f]{64}$/;

/** Only what the recipe reads; the event fields it hashes are taken as they are, like the scripts take them. */
const exportShape = z.object({
  requests: z.array(z.object({ id: z.number(), reference: z.string(), event_seqs: z.array(z.number()) })),
  events: z
    .array(z.object({ seq: z.number(), prev_hash: z.string(), hash: z.string() }).passthrough())
    .min(1, "it holds no events"),
});

/** Parses an uploaded export and verifies it; `heldHead` is the head the stretch must continue from, if partial. */
export function verifyExportText(text: string, heldHead: string | null): ExportCheck {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return { kind: "unreadable", message: "The file is not JSON. Choose the file /audit/export.json downloaded." };
  }
  const shape = exportShape.safeParse(parsed);
  if (!shape.success) {
    const issue = shape.error.issues[0];
    const where = issue?.path.length ? ` (at ${issue.path.join(".")})` : "";
    return {
      kind: "unreadable",
      message: `This is not a Tautoko JSON export: ${issue?.message ?? "unknown"}${where}.`,
    };
  }
  const { requests, events } = shape.data;
  const stretch = { kind: "checked" as const, firstSeq: events[0]!.seq, lastSeq: events.at(-1)!.seq, heldHead };
  const broken = { ...stretch, ok: false, head: null, misnamed: null };
  let prev = heldHead ?? GENESIS_HASH;
  let seq = heldHead === null ? 0 : stretch.firstSeq - 1;
  for (const e of events) {
    const hash = computeEventHash(prev, e as unknown as AuditEventFields);
    if (e.seq !== ++seq || e.prev_hash !== prev || e.hash !== hash) return { ...broken, firstBadSeq: e.seq };
    prev = hash;
  }
  const requestOf = new Map(events.map((e) => [e.seq, e.request_id]));
  for (const r of requests) {
    const seq = r.event_seqs.find((s) => s >= stretch.firstSeq && requestOf.get(s) !== r.id);
    if (seq !== undefined) return { ...broken, firstBadSeq: null, misnamed: { reference: r.reference, seq } };
  }
  return { ...stretch, ok: true, head: prev, firstBadSeq: null, misnamed: null };
}

/** The held-head field: empty for a whole-chain export, else 64 hex characters. */
export function heldHeadOf(raw: FormDataEntryValue | null): { ok: true; head: string | null } | { ok: false } {
  const typed = typeof raw === "string" ? raw.trim().toLowerCase() : "";
  if (typed === "") return { ok: true, head: null };
  return HEX64.test(typed) ? { ok: true, head: typed } : { ok: false };
}
