import { diffWords } from "diff";
import type { DB } from "#db/client";
import { getRequestByReference, listAttachments } from "~/models/requests.server";
import { commentsOf } from "~/models/timeline.server";
import { listVersionReviews } from "~/models/versions.server";
import { describeEvent } from "~/workflow/timeline";

/**
 * Everything recorded about one request, for an auditor's dossier: the
 * request, attachments with their hashes, the audit events with their place
 * in the chain, every version with its findings, consents and the word diff
 * from the one before, version reviews, periodic reviews, comments and the
 * emails sent. Reads the version tables directly (their commands live elsewhere).
 */

export interface DiffPart {
  text: string;
  change: "added" | "removed" | "same";
}

async function eventsOf(db: DB, requestId: number) {
  const rows = await db
    .selectFrom("audit_events")
    .leftJoin("users as actor", "actor.id", "audit_events.actor_id")
    .leftJoin("users as principal", "principal.id", "audit_events.on_behalf_of_id")
    .selectAll("audit_events")
    .select(["actor.name as actor_name", "principal.name as principal_name"])
    .where("audit_events.request_id", "=", requestId)
    .orderBy("audit_events.seq")
    .execute();
  return rows.map((r) => {
    const payload = JSON.parse(r.payload) as Record<string, unknown>;
    return {
      seq: r.seq,
      at: r.at,
      action: r.action,
      actorName: r.actor_name,
      actorRole: r.actor_role,
      onBehalfOfName: r.principal_name,
      fromState: r.from_state,
      toState: r.to_state,
      payload,
      prevHash: r.prev_hash,
      hash: r.hash,
      description: describeEvent({
        seq: r.seq,
        at: r.at,
        action: r.action,
        actorName: r.actor_name,
        onBehalfOfName: r.principal_name,
        fromState: r.from_state,
        toState: r.to_state,
        payload,
      }),
    };
  });
}

async function versionsOf(db: DB, requestId: number) {
  const versions = await db
    .selectFrom("endorsement_versions as v")
    .innerJoin("users as author", "author.id", "v.author_id")
    .selectAll("v")
    .select("author.name as author_name")
    .where("v.request_id", "=", requestId)
    .orderBy("v.number")
    .execute();
  const consents =
    versions.length === 0
      ? []
      : await db
          .selectFrom("version_consents")
          .selectAll()
          .where(
            "version_id",
            "in",
            versions.map((v) => v.id),
          )
          .orderBy("version_id")
          .orderBy("id")
          .execute();
  return versions.map((v, i) => {
    const previous = i > 0 ? versions[i - 1] : undefined;
    const diff: DiffPart[] | null = previous
      ? diffWords(previous.text, v.text).map((part) => ({
          text: part.value,
          change: part.added ? "added" : part.removed ? "removed" : "same",
        }))
      : null;
    return {
      id: v.id,
      number: v.number,
      basedOn: v.based_on,
      authorName: v.author_name,
      createdAt: v.created_at,
      text: v.text,
      sha256: v.sha256,
      rulesetVersion: v.ruleset_version,
      findings: JSON.parse(v.findings) as Array<{
        rule: string;
        criterion: string;
        severity: string;
        message: string;
        line: number;
        column: number;
        match: string;
      }>,
      consents: consents
        .filter((c) => c.version_id === v.id)
        .map((c) => ({ personName: c.person_name, relation: c.relation, consent: c.consent })),
      diffFromPrevious: diff,
      previousNumber: previous?.number ?? null,
    };
  });
}

export async function getDossier(db: DB, reference: string) {
  const request = await getRequestByReference(db, reference);
  if (!request) return null;
  const periodicReviews = await db
    .selectFrom("endorsement_reviews as er")
    .innerJoin("users as reviewer", "reviewer.id", "er.reviewer_id")
    .selectAll("er")
    .select("reviewer.name as reviewer_name")
    .where("er.request_id", "=", request.id)
    .orderBy("er.id")
    .execute();
  const emails = await db
    .selectFrom("outbox")
    .select(["id", "template", "to_addresses", "subject", "status", "created_at", "sent_at", "attempts"])
    .where("request_id", "=", request.id)
    .orderBy("id")
    .execute();
  const events = await eventsOf(db, request.id);
  const approvalEvent = events.filter((e) => e.action === "request.approveVersion").at(-1);
  const versions = await versionsOf(db, request.id);
  const approvedVersion = versions.find((v) => v.id === request.approved_version_id) ?? null;
  return {
    request,
    attachments: await listAttachments(db, request.id),
    comments: await commentsOf(db, request.id),
    events,
    versions,
    versionReviews: await listVersionReviews(db, request.id),
    periodicReviews,
    emails,
    approval: request.approved_version_id
      ? {
          versionNumber: approvedVersion?.number ?? null,
          /** What the request row binds to. */
          requestSha256: request.approved_sha256,
          /** The stored version's own hash. */
          versionSha256: approvedVersion?.sha256 ?? null,
          /** What the approval's audit event recorded. */
          eventSeq: approvalEvent?.seq ?? null,
          eventSha256: typeof approvalEvent?.payload.sha256 === "string" ? approvalEvent.payload.sha256 : null,
        }
      : null,
  };
}

export type Dossier = NonNullable<Awaited<ReturnType<typeof getDossier>>>;
