import type { DB } from "#db/client";
import type { RequestRow, RequestUpdate } from "#db/schema";
import type { RequestChanges, RowToWrite, TransitionResult } from "~/workflow/lifecycle";

/**
 * Writing what a transition decided: its request fields, column by column,
 * and the rows it lists, each kind by its own writer. Nothing here looks at
 * which event it was; the transition already said everything to write.
 */

/** The request's columns for each field the transition changes. */
const COLUMNS: { [K in keyof RequestChanges]-?: (value: NonNullable<RequestChanges[K]> | null) => RequestUpdate } = {
  state: (v) => ({ state: v ?? undefined }),
  outcome: (v) => ({ outcome: v ?? undefined }),
  deadlineAt: (v) => ({ deadline_at: v ?? undefined }),
  declinedByDefault: (v) => ({ declined_by_default: v ? 1 : 0 }),
  decidedBy: (v) => ({ decided_by: v }),
  decidedAt: (v) => ({ decided_at: v }),
  decisionReason: (v) => ({ decision_reason: v }),
  validUntil: (v) => ({ valid_until: v }),
  exceptionGround: (v) => ({ exception_ground: v }),
  impactPublicRisk: (v) => ({ impact_public_risk: v }),
  impactPublicNote: (v) => ({ impact_public_note: v }),
  impactPerformanceRisk: (v) => ({ impact_performance_risk: v }),
  impactPerformanceNote: (v) => ({ impact_performance_note: v }),
  draftingAllowedAt: (v) => ({ drafting_allowed_at: v }),
  permittedUse: (v) => ({ permitted_use: v }),
  supplierNoticeSentAt: (v) => ({ supplier_notice_sent_at: v }),
  reminderSentFor: (v) => ({ reminder_sent_for: v }),
  approvedVersionId: (v) => ({ approved_version_id: v }),
  approvedSha256: (v) => ({ approved_sha256: v }),
  corrected: (v) => ({ ...v }),
};

export async function writeRequestChanges(
  trx: DB,
  request: RequestRow,
  result: Extract<TransitionResult, { ok: true }>,
  at: string,
): Promise<RequestUpdate> {
  const set: RequestUpdate = {};
  for (const [field, value] of Object.entries(result.next) as Array<[keyof RequestChanges, never]>) {
    Object.assign(set, COLUMNS[field](value));
  }
  if (result.revision !== request.revision) {
    set.revision = result.revision;
    set.updated_at = at;
  }
  if (Object.keys(set).length > 0) {
    // The revision guard makes a lost update impossible even if two writers slipped past the lock.
    const updated = await trx
      .updateTable("requests")
      .set(set)
      .where("id", "=", request.id)
      .where("revision", "=", request.revision)
      .executeTakeFirst();
    if (Number(updated.numUpdatedRows) !== 1)
      throw new Error(`Request ${request.id} changed during its own transaction.`);
  }
  return set;
}

type RowWriter<K extends RowToWrite["kind"]> = (
  trx: DB,
  requestId: number,
  row: Extract<RowToWrite, { kind: K }>,
  at: string,
) => Promise<number>;

/** How each kind of row the transition lists is stored; each returns the new row's id. */
const ROW_WRITERS: { [K in RowToWrite["kind"]]: RowWriter<K> } = {
  comment: async (trx, requestId, row, at) =>
    (
      await trx
        .insertInto("comments")
        .values({ request_id: requestId, author_id: row.authorId, body: row.body, created_at: at })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  versionReview: async (trx, requestId, row, at) =>
    (
      await trx
        .insertInto("version_reviews")
        .values({
          request_id: requestId,
          version_id: row.versionId,
          reviewer_id: row.reviewerId,
          created_at: at,
          outcome: row.outcome,
          review: JSON.stringify(row.review),
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  endorsementReview: async (trx, requestId, row, at) =>
    (
      await trx
        .insertInto("endorsement_reviews")
        .values({
          request_id: requestId,
          reviewer_id: row.reviewerId,
          created_at: at,
          performance_note: row.performanceNote,
          confirmed: row.confirmed ? 1 : 0,
          previous_valid_until: row.previousValidUntil,
          new_valid_until: row.newValidUntil,
          reason: row.reason,
        })
        .returning("id")
        .executeTakeFirstOrThrow()
    ).id,
  version: async (trx, requestId, row, at) => {
    const { id } = await trx
      .insertInto("endorsement_versions")
      .values({
        request_id: requestId,
        number: row.number,
        based_on: row.basedOn,
        author_id: row.authorId,
        created_at: at,
        text: row.text,
        sha256: row.sha256,
        findings: JSON.stringify(row.findings),
        ruleset_version: row.rulesetVersion,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    for (const consent of row.consents) {
      await trx
        .insertInto("version_consents")
        .values({
          version_id: id,
          person_name: consent.personName,
          relation: consent.relation,
          consent: consent.consent,
        })
        .execute();
    }
    return id;
  },
};

/** Writes the rows the transition listed; returns the ids the audit payload names (`auditIdAs`). */
export async function writeRows(trx: DB, requestId: number, rows: readonly RowToWrite[], at: string) {
  const inserted: Record<string, number> = {};
  for (const row of rows) {
    const write = ROW_WRITERS[row.kind] as RowWriter<typeof row.kind>;
    const id = await write(trx, requestId, row as never, at);
    if ("auditIdAs" in row) inserted[row.auditIdAs] = id;
  }
  return inserted;
}
