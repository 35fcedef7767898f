import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { Pager } from "~/components/RequestTable";
import { parseQuery, queryNumber } from "~/http/query";
import { listOutbox } from "~/mail/outbox.server";
import { formatNzDateTime } from "~/workflow/nzTime";
import { z } from "zod";
import { routeErrorBoundary } from "~/components/errors";

const pageQuery = z.object({ before: queryNumber("before") });
export const meta: MetaFunction = () => [{ title: "Mail outbox — Tautoko" }];

const OUTBOX_PAGE_SIZE = 50;

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  const { before } = parseQuery(new URL(request.url), pageQuery);
  // One more than a page, to know whether there is a next one.
  const rows = await listOutbox(context.db, { limit: OUTBOX_PAGE_SIZE + 1, beforeId: before });
  const emails = rows.slice(0, OUTBOX_PAGE_SIZE);
  const next = rows.length > OUTBOX_PAGE_SIZE ? String(emails.at(-1)!.id) : null;
  return { emails, next, isFirst: before === undefined };
}

export default function Outbox() {
  const { emails, next, isFirst } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to="/admin">Administration</Link> › Mail outbox
      </p>
      <div className="page-header">
        <div>
          <h1>Mail outbox</h1>
          <p>
            Every email Tautoko has queued, newest first. Pending emails are retried with growing pauses until
            delivered.
          </p>
        </div>
      </div>
      {emails.length === 0 ? (
        <p className="panel empty">{isFirst ? "No email has been queued yet." : "There are no older emails."}</p>
      ) : (
        <div className="table-wrap">
          <table className="list outbox-list">
            <caption className="visually-hidden">Emails in the outbox</caption>
            <thead>
              <tr>
                <th scope="col">Queued</th>
                <th scope="col">Message</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">Attempts</th>
                <th scope="col">Last error</th>
                <th scope="col">Sent</th>
              </tr>
            </thead>
            <tbody>
              {emails.map((e) => (
                <tr key={e.id}>
                  <td>{formatNzDateTime(e.createdAt)}</td>
                  <td>
                    <Link to={`/admin/outbox/${e.id}`}>{e.subject}</Link>
                    <div className="meta">{e.template}</div>
                  </td>
                  <td>{e.to.join(", ")}</td>
                  <td>
                    <span className={`badge ${e.status === "sent" ? "badge--approved" : "badge--overdue"}`}>
                      {e.status === "sent" ? "Sent" : "Pending"}
                    </span>
                  </td>
                  <td>{e.attempts}</td>
                  <td>{e.lastError ?? "—"}</td>
                  <td>{e.sentAt ? formatNzDateTime(e.sentAt) : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager next={next} param="before" isFirst={isFirst} />
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/admin/outbox", label: "Go to the start of the outbox" });
