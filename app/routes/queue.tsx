import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { z } from "zod";
import type { RequestState, RequestType } from "#db/schema";
import { forbidden, requireUser } from "~/auth/session.server";
import { viewerOf } from "~/auth/viewer.server";
import { CsrfField } from "~/components/forms";
import { STATE_LABELS, plural } from "~/components/labels";
import { ListCount, Pager, RequestTable, type ExtraColumn } from "~/components/RequestTable";
import { countQueue, listQueue, type QueueFilter } from "~/models/requests.server";
import { deadlineStanding, urgencyBounds, type Urgency } from "~/queue/urgency.server";
import { canDecide } from "~/workflow/access";
import { parseQuery, queryChoice, queryCursor } from "~/http/query";
import { routeErrorBoundary } from "~/components/errors";
import { claimRefusal } from "~/workflow/claims";
import { REQUEST_TYPES, REQUEST_TYPE_LABELS, UNDECIDED_STATES } from "~/workflow/vocabulary";
import { formatDeadline, formatNzDateTime } from "~/workflow/nzTime";

export const meta: MetaFunction = () => [{ title: "Decision queue — Tautoko" }];

const queueQuery = z.object({
  state: queryChoice("state", UNDECIDED_STATES),
  type: queryChoice("type", REQUEST_TYPES),
  after: queryCursor("after"),
});

function filterQuery(filter: QueueFilter): string {
  const params = new URLSearchParams();
  if (filter.state) params.set("state", filter.state);
  if (filter.type) params.set("type", filter.type);
  return params.toString();
}

/** Where the decision is made: the version review once a version is in, else the request page's decision form. */
function decisionLink(row: { reference: string; state: RequestState }): { href: string; label: string } {
  if (row.state === "in_review") return { href: `/requests/${row.reference}/review`, label: "Review the version" };
  return { href: `/requests/${row.reference}`, label: row.state === "escalated" ? "Decide" : "Open" };
}

/** Undecided requests for the managers and acting delegates, nearest deadline first. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const viewer = await viewerOf(context, user);
  if (!canDecide(viewer)) {
    throw forbidden("The decision queue is for the Procurement Excellence Manager and acting delegates.");
  }
  const { state, type, after: cursor } = parseQuery(new URL(request.url), queueQuery);
  const filter: QueueFilter = { ...(state ? { state } : {}), ...(type ? { type } : {}) };
  const after = cursor && { deadlineAt: cursor.at, id: cursor.id };
  const now = context.now();
  const bounds = urgencyBounds(now);
  const [page, total, offset, overdue, today, soon] = await Promise.all([
    listQueue(context.db, { after, filter }),
    countQueue(context.db, filter),
    after ? countQueue(context.db, filter, { before: after }) : Promise.resolve(0),
    countQueue(context.db, filter, { dueBy: bounds.overdue }),
    countQueue(context.db, filter, { dueBy: bounds.today }),
    countQueue(context.db, filter, { dueBy: bounds.soon }),
  ]);
  const rows = page.rows.map((row) => ({
    ...row,
    ...deadlineStanding(row.deadline_at, now),
    decision: decisionLink(row),
    claimedByMe: row.claimed_by_id === user.id,
    mayClaim:
      claimRefusal(
        {
          id: row.id,
          state: row.state,
          requesterId: row.requester_id,
          loggedById: row.logged_by_id,
          deadlineAt: row.deadline_at,
        },
        viewer,
        row.claimed_by_id === null ? null : { userId: row.claimed_by_id, name: row.claimed_by_name ?? "" },
        now,
      ) === null,
  }));
  return {
    rows,
    next: page.next,
    isFirst: after === undefined,
    filter,
    keep: filterQuery(filter),
    counts: { total, offset, overdue, dueToday: today - overdue, dueSoon: soon - today },
    now: now.toISOString(),
  };
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["rows"][number];

const URGENCY_WORDS: Record<Exclude<Urgency, null>, string> = {
  overdue: "Past deadline",
  today: "Due today",
  soon: "Due within 2 working days",
};

function Deadline({ row }: { row: Row }) {
  return (
    <>
      {formatDeadline(row.deadline_at)}
      <br />
      <span className="meta">
        {row.urgency === "overdue"
          ? "declined by default at the next sweep"
          : plural(row.workingDaysLeft, "working day") + " left"}
      </span>
      {row.urgency ? (
        <>
          {" "}
          <span className={`badge badge--due-${row.urgency}`}>{URGENCY_WORDS[row.urgency]}</span>
        </>
      ) : null}
    </>
  );
}

function ClaimCell({ row, back }: { row: Row; back: string }) {
  const holder = row.claimedByMe ? "You" : row.claimed_by_name;
  const release = row.claimed_by_id !== null;
  return (
    <>
      {holder && row.claimed_at ? (
        <p className="claim">
          <strong>{holder}</strong> {row.claimedByMe ? "are" : "is"} handling this
          <span className="meta"> since {formatNzDateTime(row.claimed_at)}</span>
        </p>
      ) : (
        <p className="claim meta">Nobody yet</p>
      )}
      <div className="row-actions">
        <Link to={row.decision.href} className="button button--small">
          {row.decision.label}
          <span className="visually-hidden"> {row.reference}</span>
        </Link>
        {row.mayClaim || release ? (
          <Form method="post" action={`/requests/${row.reference}/claim`}>
            <CsrfField />
            <input type="hidden" name="back" value={back} />
            <input type="hidden" name="intent" value={release ? "release" : "claim"} />
            <button type="submit" className="button button--small button--secondary">
              {release ? "Release" : "I'm handling this"}
              <span className="visually-hidden"> {row.reference}</span>
            </button>
          </Form>
        ) : null}
      </div>
    </>
  );
}

function Filters({ filter }: { filter: QueueFilter }) {
  return (
    <Form method="get" className="filters" aria-label="Filter the queue">
      <label>
        State{" "}
        <select name="state" defaultValue={filter.state ?? ""}>
          <option value="">Any undecided state</option>
          {UNDECIDED_STATES.map((s) => (
            <option key={s} value={s}>
              {STATE_LABELS[s]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Type{" "}
        <select name="type" defaultValue={filter.type ?? ""}>
          <option value="">Any type</option>
          {REQUEST_TYPES.map((t) => (
            <option key={t} value={t}>
              {REQUEST_TYPE_LABELS[t]}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="button button--small">
        Show
      </button>
      {filter.state || filter.type ? <Link to="/queue">Clear filters</Link> : null}
    </Form>
  );
}

function activeFilterWords(filter: { state?: RequestState; type?: RequestType }): string {
  const parts = [
    filter.state ? STATE_LABELS[filter.state] : null,
    filter.type ? REQUEST_TYPE_LABELS[filter.type] : null,
  ];
  const shown = parts.filter(Boolean);
  return shown.length === 0 ? "every undecided request" : shown.join(", ");
}

export default function Queue() {
  const { rows, next, isFirst, now, filter, keep, counts } = useLoaderData<typeof loader>();
  const location = useLocation();
  const back = `${location.pathname}${location.search}`;
  const columns: ExtraColumn<Row>[] = [{ header: "Handled by", cell: (row) => <ClaimCell row={row} back={back} /> }];
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
      <ul className="due-summary" aria-label="Deadlines">
        <li>
          <span className="badge badge--due-overdue">{counts.overdue}</span> past deadline
        </li>
        <li>
          <span className="badge badge--due-today">{counts.dueToday}</span> due today
        </li>
        <li>
          <span className="badge badge--due-soon">{counts.dueSoon}</span> due within 2 working days
        </li>
      </ul>
      <Filters filter={filter} />
      <p className="meta">Showing {activeFilterWords(filter)}.</p>
      {rows.length === 0 ? (
        <p className="panel empty">Nothing is waiting for a decision.</p>
      ) : (
        <>
          <ListCount offset={counts.offset} shown={rows.length} total={counts.total} noun="requests waiting" />
          <RequestTable
            rows={rows}
            caption="Requests waiting for a decision"
            linkSuppliers
            now={now}
            deadlineNote={(row) => <Deadline row={row} />}
            extraColumns={columns}
          />
        </>
      )}
      <Pager next={next} param="after" isFirst={isFirst} keep={keep} />
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/queue", label: "Go to the start of the decision queue" });
