import { ConsentList } from "~/components/review/ReviewText";
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { diffWords } from "diff";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { requireVisibleRequest } from "~/auth/viewer.server";
import { findingCountsText, StateBadge } from "~/components/labels";
import { parseQuery, queryNumber } from "~/http/query";
import { getVersion, listVersions } from "~/models/versions.server";
import { formatNzDateTime } from "~/workflow/nzTime";
import { RequestErrorBoundary } from "~/components/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Versions — ${data.request.reference} — Tautoko` : "Versions — Tautoko" },
];

export interface DiffPart {
  kind: "same" | "inserted" | "deleted";
  text: string;
}

/** A word-level comparison of two texts (the `diff` library's word diff). */
export function compareTexts(older: string, newer: string): DiffPart[] {
  return diffWords(older, newer).map((c) => ({
    kind: c.added ? "inserted" : c.removed ? "deleted" : "same",
    text: c.value,
  }));
}

/** Which two versions to compare, by number. */
const compareQuery = z.object({ a: queryNumber("a"), b: queryNumber("b") });

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req } = await requireVisibleRequest(context, user, params.reference);
  const versions = await listVersions(context.db, req.id);
  const asked = parseQuery(new URL(request.url), compareQuery);
  const newest = versions[0]?.number;
  const b = asked.b ?? newest;
  const a = asked.a ?? (b !== undefined && b > 1 ? b - 1 : undefined);
  const older = a !== undefined ? await getVersion(context.db, req.id, a) : undefined;
  const newer = b !== undefined ? await getVersion(context.db, req.id, b) : undefined;
  if ((asked.a !== undefined && !older) || (asked.b !== undefined && !newer)) {
    throw new Response("There is no such version of this request's text.", { status: 404, statusText: "Not Found" });
  }
  return {
    request: {
      reference: req.reference,
      state: req.state,
      supplierName: req.supplier_name,
      approvedVersionId: req.approved_version_id,
    },
    versions: versions.map((v) => ({
      id: v.id,
      number: v.number,
      basedOn: v.based_on,
      authorName: v.author_name,
      createdAt: v.created_at,
      sha256: v.sha256,
      rulesetVersion: v.ruleset_version,
      findingCounts: v.findingCounts,
    })),
    comparison:
      older && newer ? { a: older.number, b: newer.number, parts: compareTexts(older.text, newer.text) } : null,
    shown: newer ? { number: newer.number, text: newer.text, sha256: newer.sha256, consents: newer.consents } : null,
  };
}

export default function Versions() {
  const { request: r, versions, comparison, shown } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Versions of the endorsement text</h1>
          <p>
            <Link to={`/requests/${r.reference}`}>{r.reference}</Link>: {r.supplierName}
          </p>
        </div>
        <StateBadge state={r.state} />
      </div>

      <section className="panel" aria-labelledby="list-heading">
        <h2 id="list-heading">Every version</h2>
        {versions.length === 0 ? (
          <p className="empty">No version has been saved yet.</p>
        ) : (
          <div className="table-wrap">
            <table className="list">
              <thead>
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Based on</th>
                  <th scope="col">Author</th>
                  <th scope="col">Saved</th>
                  <th scope="col">Findings</th>
                  <th scope="col">SHA-256</th>
                </tr>
              </thead>
              <tbody>
                {versions.map((v) => (
                  <tr key={v.id}>
                    <td>
                      <Link to={`?b=${v.number}`}>Version {v.number}</Link>
                      {v.id === r.approvedVersionId ? <strong> (approved)</strong> : null}
                    </td>
                    <td>{v.basedOn === null ? "—" : `Version ${v.basedOn}`}</td>
                    <td>{v.authorName}</td>
                    <td>{formatNzDateTime(v.createdAt)}</td>
                    <td>
                      {findingCountsText(v.findingCounts)} <span className="meta">(ruleset {v.rulesetVersion})</span>
                    </td>
                    <td className="mono">{v.sha256}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>

      {versions.length > 1 ? (
        <section className="panel" aria-labelledby="compare-heading">
          <h2 id="compare-heading">Compare two versions</h2>
          <Form method="get" className="choices">
            <label className="choice">
              From{" "}
              <select name="a" defaultValue={comparison?.a}>
                {versions.map((v) => (
                  <option key={v.id} value={v.number}>
                    Version {v.number}
                  </option>
                ))}
              </select>
            </label>
            <label className="choice">
              to{" "}
              <select name="b" defaultValue={comparison?.b}>
                {versions.map((v) => (
                  <option key={v.id} value={v.number}>
                    Version {v.number}
                  </option>
                ))}
              </select>
            </label>
            <button className="button button--secondary" type="submit">
              Compare
            </button>
          </Form>
          {comparison ? (
            <>
              <p className="meta">
                Words removed from version {comparison.a} are struck through; words added in version {comparison.b} are
                underlined.
              </p>
              <div className="quote prewrap diff">
                {comparison.parts.map((p, i) =>
                  p.kind === "inserted" ? (
                    <ins key={i}>{p.text}</ins>
                  ) : p.kind === "deleted" ? (
                    <del key={i}>{p.text}</del>
                  ) : (
                    <span key={i}>{p.text}</span>
                  ),
                )}
              </div>
            </>
          ) : null}
        </section>
      ) : null}

      {shown ? (
        <section className="panel" aria-labelledby="shown-heading">
          <h2 id="shown-heading">Version {shown.number}</h2>
          <blockquote className="quote">{shown.text}</blockquote>
          <p className="meta">
            SHA-256 <span className="mono">{shown.sha256}</span>
          </p>
          <h3>People named and their consent</h3>
          <ConsentList consents={shown.consents} />
        </section>
      ) : null}
    </>
  );
}

/** A request that cannot be found or acted on here: the error page leads back to the request. */
export const ErrorBoundary = RequestErrorBoundary;
