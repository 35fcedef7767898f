import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { forbidden, requireUser } from "~/auth/session.server";
import { viewerOf } from "~/auth/viewer.server";
import { ListCount, Pager, RequestTable } from "~/components/RequestTable";
import { parseQuery, queryNumber } from "~/http/query";
import { listAllRequests, tallyRequests } from "~/models/requests.server";
import { seesEveryRequest } from "~/workflow/access";
import { z } from "zod";
import { routeErrorBoundary } from "~/components/errors";

const pageQuery = z.object({ before: queryNumber("before") });
export const meta: MetaFunction = () => [{ title: "All requests — Tautoko" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (!seesEveryRequest(await viewerOf(context, user))) throw forbidden();
  const { before } = parseQuery(new URL(request.url), pageQuery);
  const [page, tally] = await Promise.all([
    listAllRequests(context.db, { before }),
    tallyRequests(context.db, { before }),
  ]);
  return { ...page, tally, isFirst: before === undefined, now: context.now().toISOString() };
}

export default function AllRequests() {
  const { rows, next, tally, isFirst, now } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>All requests</h1>
          <p>Every supplier request ever logged, newest first.</p>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="panel empty">No requests have been logged yet.</p>
      ) : (
        <>
          <ListCount offset={tally.offset} shown={rows.length} total={tally.total} noun="requests" />
          <RequestTable rows={rows} caption="All requests" now={now} linkSuppliers />
        </>
      )}
      <Pager next={next} param="before" isFirst={isFirst} />
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/requests/all", label: "Go to the start of the list" });
