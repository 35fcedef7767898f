import type { DB } from "#db/client";
import type { RequestRow } from "#db/schema";
import { latestVersionNumber, parseFindings } from "~/models/versions.server";
import { supplierNoticeAddress, type RequestSnapshot } from "~/workflow/policy";

/**
 * A request with what the lifecycle needs besides its own row — its
 * supplier, its requester, its latest version with the findings stored with
 * it — in one query, since a decision runs inside the write lock and every
 * query there is time other writers wait. Pages ask the same question, so
 * they offer exactly what the transition would accept.
 */
export async function loadRequestForEvent(db: DB, requestId: number) {
  const row = await db
    .selectFrom("requests")
    .innerJoin("suppliers", "suppliers.id", "requests.supplier_id")
    .innerJoin("users as requester", "requester.id", "requests.requester_id")
    .leftJoin("endorsement_versions as latest", (join) =>
      join
        .onRef("latest.request_id", "=", "requests.id")
        .on("latest.number", "=", (eb) => latestVersionNumber(eb.ref("requests.id"))),
    )
    .selectAll("requests")
    .select([
      "suppliers.name as supplier_name",
      "suppliers.contact_email as supplier_contact_email",
      "requester.email as requester_email",
      "latest.id as latest_id",
      "latest.number as latest_number",
      "latest.sha256 as latest_sha256",
      "latest.author_id as latest_author_id",
      "latest.findings as latest_findings",
    ])
    .where("requests.id", "=", requestId)
    .executeTakeFirst();
  if (row === undefined) throw new Error(`Request ${requestId} does not exist.`);
  const {
    supplier_name,
    supplier_contact_email,
    requester_email,
    latest_id,
    latest_number,
    latest_sha256,
    latest_author_id,
    latest_findings,
    ...request
  } = row;
  const latest =
    latest_id !== null && latest_number !== null && latest_sha256 !== null && latest_author_id !== null
      ? {
          id: latest_id,
          number: latest_number,
          sha256: latest_sha256,
          authorId: latest_author_id,
          findings: parseFindings(latest_findings ?? "[]"),
        }
      : null;
  const supplierContact = supplierNoticeAddress(request.contact_email, supplier_contact_email);
  return {
    request: request as RequestRow,
    snapshot: snapshotOf(request as RequestRow, latest, supplierContact),
    related: { supplierName: supplier_name, supplierContact, requesterEmail: requester_email },
  };
}

/** The request's supplier and requester, as loadRequestForEvent found them. */
export type RequestRelated = Awaited<ReturnType<typeof loadRequestForEvent>>["related"];

/** What the lifecycle knows of a request, for a page deciding what to offer. */
export async function loadSnapshot(db: DB, request: Pick<RequestRow, "id">): Promise<RequestSnapshot> {
  return (await loadRequestForEvent(db, request.id)).snapshot;
}

function snapshotOf(
  request: RequestRow,
  latest: RequestSnapshot["latestVersion"],
  supplierContact: string | null,
): RequestSnapshot {
  return {
    id: request.id,
    state: request.state,
    outcome: request.outcome,
    revision: request.revision,
    requesterId: request.requester_id,
    loggedById: request.logged_by_id,
    deadlineAt: request.deadline_at,
    enduring: request.enduring === 1,
    validUntil: request.valid_until,
    latestVersion: latest,
    supplierHasContact: Boolean(supplierContact),
    supplierContact,
    supplierNoticeSent: request.supplier_notice_sent_at !== null,
  };
}
