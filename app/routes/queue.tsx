import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { forbidden, requireUser } from "~/auth/session.server";
import { viewerOf } from "~/auth/viewer.server";
import { canDecide } from "~/workflow/access";
import { Pager, RequestTable } from "~/components/RequestTable";
import { listQueue } from "~/models/requests.server";

export const meta: MetaFunction = () => [{ title: "Decision queue — Tautoko" }];

function parseCursor(raw: string | null): { deadlineAt: string; id: number } | undefined {
  const match = raw ? /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)~(\d{1,15})$/.exec(raw) : null;
  return match ? { deadlineAt: match[1]!, id: Number(match[2]) } : undefined;
}

/** Undecided requests for the managers and acting delegates, nearest deadline first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const viewer = await viewerOf(context, user);
  if (!canDecide(viewer)) {
    throw forbidden("The decision queue is for the Procurement Excellence Manager and acting delegates.");
  }
  const after = parseCursor(new URL(request.url).searchParams.get("after"));
  const page = await listQueue(context.db, { after });
  return { ...page, isFirst: after === undefined, now: context.now().toISOString() };
}

export default function Queue() {
  const { rows, next, isFirst, now } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Decision queue</h1>
          <p>
            Requests waiting for a decision, nearest deadline first. Any left undecided at the deadline are declined by
            default.
          </p>
        </div>
      </div>
      {rows.length === 0 ? (
        <p className="panel empty">Nothing is waiting for a decision.</p>
      ) : (
        <RequestTable rows={rows} caption="Requests waiting for a decision" now={now} />
      )}
      <Pager next={next} param="after" isFirst={isFirst} />
    </>
  );
}
