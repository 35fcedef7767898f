import { expressionBuilder, type Expression } from "kysely";
import type { DB } from "#db/client";
import type { Database, RequestState } from "#db/schema";
import type { Finding } from "~/workflow/textChecks";

/** Queries about endorsement versions, their reviews and the register of approved endorsements. */

export async function listVersions(db: DB, requestId: number) {
  const rows = await db
    .selectFrom("endorsement_versions as v")
    .innerJoin("users as author", "author.id", "v.author_id")
    .select([
      "v.id",
      "v.number",
      "v.based_on",
      "v.author_id",
      "author.name as author_name",
      "v.created_at",
      "v.sha256",
      "v.findings",
      "v.ruleset_version",
    ])
    .where("v.request_id", "=", requestId)
    .orderBy("v.number", "desc")
    .execute();
  return rows.map(({ findings, ...row }) => ({ ...row, findingCounts: countFindings(parseFindings(findings)) }));
}

export type VersionListItem = Awaited<ReturnType<typeof listVersions>>[number];

/** One version with its text, findings and consents; by number within a request. */
export async function getVersion(db: DB, requestId: number, number: number) {
  const row = await versionWithAuthor(db)
    .where("v.request_id", "=", requestId)
    .where("v.number", "=", number)
    .executeTakeFirst();
  return row ? withDetails(db, row) : undefined;
}

export async function getVersionById(db: DB, versionId: number) {
  const row = await versionWithAuthor(db).where("v.id", "=", versionId).executeTakeFirst();
  return row ? withDetails(db, row) : undefined;
}

/**
 * The one definition of a request's latest version: the highest number among
 * its versions, as a subquery, so the snapshot's join and the pages' lookup
 * cannot disagree about which version "latest" is.
 */
export function latestVersionNumber(requestId: Expression<number>) {
  return expressionBuilder<Database, never>()
    .selectFrom("endorsement_versions as newest")
    .select((v) => v.fn.max("newest.number").as("n"))
    .where("newest.request_id", "=", requestId);
}

export async function getLatestVersion(db: DB, requestId: number) {
  const row = await versionWithAuthor(db)
    .where("v.request_id", "=", requestId)
    .where("v.number", "=", (eb) => latestVersionNumber(eb.val(requestId)))
    .executeTakeFirst();
  return row ? withDetails(db, row) : undefined;
}

/** A version row with its author's name: what every single-version lookup starts from. */
function versionWithAuthor(db: DB) {
  return db
    .selectFrom("endorsement_versions as v")
    .innerJoin("users as author", "author.id", "v.author_id")
    .selectAll("v")
    .select("author.name as author_name");
}

export type VersionDetail = NonNullable<Awaited<ReturnType<typeof getVersion>>>;

async function withDetails<T extends { id: number; findings: string }>(db: DB, row: T) {
  const consents = await db
    .selectFrom("version_consents")
    .select(["person_name", "relation", "consent"])
    .where("version_id", "=", row.id)
    .orderBy("id")
    .execute();
  const { findings, ...rest } = row;
  return { ...rest, findings: parseFindings(findings), consents };
}

export function parseFindings(json: string): Finding[] {
  return JSON.parse(json) as Finding[];
}

export function countFindings(findings: readonly Finding[]): { error: number; warning: number; suggestion: number } {
  const counts = { error: 0, warning: 0, suggestion: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

/** The managers' reviews of versions (approve, request changes, decline), oldest first, with what each review answered. */
export async function listVersionReviews(db: DB, requestId: number) {
  const rows = await db
    .selectFrom("version_reviews as r")
    .innerJoin("users as reviewer", "reviewer.id", "r.reviewer_id")
    .innerJoin("endorsement_versions as v", "v.id", "r.version_id")
    .select([
      "r.id",
      "r.version_id",
      "v.number as version_number",
      "r.outcome",
      "r.created_at",
      "r.review",
      "reviewer.name as reviewer_name",
    ])
    .where("r.request_id", "=", requestId)
    .orderBy("r.id")
    .execute();
  return rows.map((r) => ({ ...r, review: JSON.parse(r.review) as Record<string, unknown> }));
}

/** Periodic reviews of an approved endorsement, newest first. */
export async function listEndorsementReviews(db: DB, requestId: number) {
  return db
    .selectFrom("endorsement_reviews as r")
    .innerJoin("users as reviewer", "reviewer.id", "r.reviewer_id")
    .select([
      "r.id",
      "r.created_at",
      "r.performance_note",
      "r.confirmed",
      "r.previous_valid_until",
      "r.new_valid_until",
      "r.reason",
      "reviewer.name as reviewer_name",
    ])
    .where("r.request_id", "=", requestId)
    .orderBy("r.id", "desc")
    .execute();
}

export interface EndorsementSummary {
  reference: string;
  state: RequestState;
  enduring: boolean;
  versionCount: number;
  latest: {
    number: number;
    sha256: string;
    createdAt: string;
    authorName: string;
    findingCounts: ReturnType<typeof countFindings>;
  } | null;
  /** The version the approval is bound to, with its hash — null until approved. */
  approved: { number: number; text: string; sha256: string; validUntil: string | null } | null;
}

/** What the request page's endorsement section shows. */
export async function getEndorsementSummary(db: DB, requestId: number): Promise<EndorsementSummary> {
  const request = await db
    .selectFrom("requests")
    .select(["reference", "state", "enduring", "approved_version_id", "approved_sha256", "valid_until"])
    .where("id", "=", requestId)
    .executeTakeFirstOrThrow();
  const versions = await listVersions(db, requestId);
  const latest = versions[0];
  const bound = request.approved_version_id ? await getVersionById(db, request.approved_version_id) : undefined;
  return {
    reference: request.reference,
    state: request.state,
    enduring: request.enduring === 1,
    versionCount: versions.length,
    latest: latest
      ? {
          number: latest.number,
          sha256: latest.sha256,
          createdAt: latest.created_at,
          authorName: latest.author_name,
          findingCounts: latest.findingCounts,
        }
      : null,
    approved: bound
      ? {
          number: bound.number,
          text: bound.text,
          sha256: request.approved_sha256 ?? bound.sha256,
          validUntil: request.valid_until,
        }
      : null,
  };
}
