import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/auth/session.server";
import { ListCount, Pager, RequestTable } from "~/components/RequestTable";
import { parseQuery, queryNumber } from "~/http/query";
import { listRequestsOf, tallyRequests } from "~/models/requests.server";
import { z } from "zod";
import { routeErrorBoundary } from "~/components/errors";

const pageQuery = z.object({ before: queryNumber("before") });
export const meta: MetaFunction = () => [{ title: "My requests — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { before } = parseQuery(new URL(request.url), pageQuery);
  const [page, tally] = await Promise.all([
    listRequestsOf(context.db, user.id, { before }),
    tallyRequests(context.db, { requesterId: user.id, before }),
  ]);
  return {
    ...page,
    tally,
    isFirst: before === undefined,
    now: context.now().toISOString(),
    canLog: user.roles.includes("staff"),
  };
}

export default function MyRequests() {
  const { rows, next, tally, isFirst, now, canLog } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>My requests</h1>
          <p>Supplier requests you logged, newest first. Each is declined unless an exception is approved.</p>
        </div>
        {canLog ? (
          <Link className="button" to="/requests/new">
            Log a request
          </Link>
        ) : null}
      </div>
      {rows.length === 0 ? (
        <p className="panel empty">You have not logged any requests yet.</p>
      ) : (
        <>
          <ListCount offset={tally.offset} shown={rows.length} total={tally.total} noun="of your requests" />
          <RequestTable rows={rows} caption="My requests" showRequester={false} now={now} />
        </>
      )}
      <Pager next={next} param="before" isFirst={isFirst} />
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/requests", label: "Go to the start of your requests" });
