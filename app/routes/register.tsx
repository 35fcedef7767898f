import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { viewerOf } from "~/auth/viewer.server";
import { STATE_LABELS } from "~/components/labels";
import { parseQuery, queryChoice, queryCursor } from "~/http/query";
import { listRegister, type RegisterState } from "~/models/versions.server";
import { seesEveryRequest } from "~/workflow/access";
import { formatDeadline } from "~/workflow/nzTime";
import { REQUEST_TYPE_LABELS } from "~/workflow/requestForm";
import { routeErrorBoundary } from "~/components/errors";

export const meta: MetaFunction = () => [{ title: "Register of approved endorsements — Tautoko" }];

const FILTERS = ["approved", "withdrawn", "expired"] as const satisfies readonly RegisterState[];
const registerQuery = z.object({ state: queryChoice("state", FILTERS), after: queryCursor("after") });

/** Managers, acting delegates and auditors: the people who see every request. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (!seesEveryRequest(await viewerOf(context, user))) {
    throw new Response("The register is for the Procurement Excellence Manager, acting delegates and auditors.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  const { state: filter, after: cursor } = parseQuery(new URL(request.url), registerQuery);
  const after = cursor && { validUntil: cursor.at, id: cursor.id };
  const { rows, next } = await listRegister(context.db, { ...(filter ? { state: filter } : {}), after });
  return {
    filter: filter ?? null,
    next: next ? `${filter ? `state=${filter}&` : ""}after=${encodeURIComponent(next)}` : null,
    isFirst: after === undefined,
    entries: rows.map((e) => ({
      reference: e.reference,
      supplierName: e.supplier_name,
      requestType: e.request_type,
      enduring: e.enduring === 1,
      state: e.state,
      validUntil: e.valid_until,
      versionNumber: e.version_number,
      approvedText: e.approved_text,
      sha256: e.approved_sha256 ?? e.version_sha256,
    })),
  };
}

export default function Register() {
  const { entries, filter, next, isFirst } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Register of approved endorsements</h1>
          <p>
            Each entry shows the exact text that was approved — the version the approval is bound to — with its SHA-256.
          </p>
        </div>
        <nav aria-label="Filter the register" className="choices">
          <Link to="/register" aria-current={filter === null ? "page" : undefined}>
            All
          </Link>
          {FILTERS.map((f) => (
            <Link key={f} to={`/register?state=${f}`} aria-current={filter === f ? "page" : undefined}>
              {f === "approved" ? "In force" : STATE_LABELS[f]}
            </Link>
          ))}
        </nav>
      </div>
      {entries.length === 0 ? (
        <p className="empty">No endorsement has been approved{filter ? ` with this state` : ""}.</p>
      ) : (
        <div className="table-wrap">
          <table className="list">
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Supplier</th>
                <th scope="col">Type</th>
                <th scope="col">Approved text</th>
                <th scope="col">Valid until</th>
                <th scope="col">State</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.reference}>
                  <td>
                    <Link to={`/requests/${e.reference}`}>{e.reference}</Link>
                  </td>
                  <td>{e.supplierName}</td>
                  <td>
                    {REQUEST_TYPE_LABELS[e.requestType]}
                    {e.enduring ? "" : " (single use)"}
                  </td>
                  <td>
                    <blockquote className="quote">{e.approvedText}</blockquote>
                    <span className="meta">
                      Version {e.versionNumber} · SHA-256 <span className="mono">{e.sha256}</span>
                    </span>
                  </td>
                  <td>{e.validUntil ? formatDeadline(e.validUntil) : "—"}</td>
                  <td>
                    <span className={`badge badge--${e.state}`}>
                      {e.state === "approved" ? "In force" : STATE_LABELS[e.state]}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {next || !isFirst ? (
        <nav className="pager" aria-label="Pages">
          {!isFirst ? <Link to={filter ? `?state=${filter}` : "?"}>First page</Link> : null}
          {next ? <Link to={`?${next}`}>Next page</Link> : null}
        </nav>
      ) : null}
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/register", label: "Go to the start of the register" });
