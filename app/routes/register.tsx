import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { requireUser } from "~/auth/session.server";
import { viewerOf } from "~/auth/viewer.server";
import { STATE_LABELS } from "~/components/labels";
import { parseQuery, queryChoice, queryText } from "~/http/query";
import { ListCount, Pager } from "~/components/RequestTable";
import { REVIEW_DUE_DAYS_BEFORE } from "~/jobs/sweeps.server";
import { REGISTER_VIEWS, type RegisterView } from "~/lists/registerViews";
import {
  listRegister,
  parseRegisterCursor,
  reviewDueFrom,
  tallyRegister,
  type RegisterState,
} from "~/models/register.server";
import { seesEveryRequest } from "~/workflow/access";
import { addDaysNz, formatDeadline, formatNzDate, startOfNzDay } from "~/workflow/nzTime";
import { routeErrorBoundary } from "~/components/errors";
import { REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

export const meta: MetaFunction = () => [{ title: "Register of approved endorsements — Tautoko" }];

const registerQuery = z.object({
  view: queryChoice("view", REGISTER_VIEWS),
  // The old `?state=…` links keep working as views.
  state: queryChoice("state", ["approved", "withdrawn", "expired"] as const),
  after: queryText("after", 100).transform((raw, ctx) => {
    const cursor = raw === undefined ? undefined : parseRegisterCursor(raw);
    if (raw !== undefined && !cursor) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: "after is not a page link Tautoko wrote; go back to the first page.",
      });
    }
    return cursor;
  }),
});

const VIEW_LABELS: Record<RegisterView, string> = {
  all: "All",
  in_force: "In force",
  review_due: "Review due",
  withdrawn: "Withdrawn",
  expired: "Expired",
};

/** What each view holds, in words; the review window comes from the sweep that sends the reminder. */
function viewWords(view: RegisterView, reviewDueDays: number): string {
  switch (view) {
    case "all":
      return "every approved endorsement, those in force first";
    case "in_force":
      return "endorsements in force";
    case "review_due":
      return `enduring endorsements in force whose valid-until is within ${reviewDueDays} days, so due for review`;
    case "withdrawn":
      return "endorsements withdrawn after approval";
    case "expired":
      return "endorsements whose valid-until passed without a review";
  }
}

const stateWords = (state: RegisterState) => (state === "approved" ? "In force" : STATE_LABELS[state]);

/** Managers, acting delegates and auditors: the people who see every request. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  if (!seesEveryRequest(await viewerOf(context, user))) {
    throw new Response("The register is for the Procurement Excellence Manager, acting delegates and auditors.", {
      status: 403,
      statusText: "Forbidden",
    });
  }
  const query = parseQuery(new URL(request.url), registerQuery);
  const view: RegisterView = query.view ?? (query.state === "approved" ? "in_force" : (query.state ?? "all"));
  const after = query.after;
  const options = { view, after, reviewDueBy: addDaysNz(context.now(), REVIEW_DUE_DAYS_BEFORE) };
  const [{ rows, next }, tally] = await Promise.all([
    listRegister(context.db, options),
    tallyRegister(context.db, options),
  ]);
  return {
    view,
    reviewDueDays: REVIEW_DUE_DAYS_BEFORE,
    next,
    tally,
    isFirst: after === undefined,
    entries: rows.map((e) => ({
      reference: e.reference,
      supplierId: e.supplier_id,
      supplierName: e.supplier_name,
      requestType: e.request_type,
      enduring: e.enduring === 1,
      state: e.state,
      validUntil: e.valid_until,
      reviewDue: e.state === "approved" && e.enduring === 1 && e.valid_until ? reviewDueFrom(e.valid_until) : null,
      approvedAt: e.approved_at,
      approverName: e.approver_name,
      permittedUse: e.permitted_use,
      versionNumber: e.version_number,
      approvedText: e.approved_text,
      sha256: e.approved_sha256 ?? e.version_sha256,
    })),
  };
}

function Views({ view }: { view: RegisterView }) {
  return (
    <nav aria-label="Views of the register" className="choices">
      {REGISTER_VIEWS.map((v) => (
        <Link
          key={v}
          to={v === "all" ? "/register" : `/register?view=${v}`}
          aria-current={view === v ? "page" : undefined}
        >
          {VIEW_LABELS[v]}
        </Link>
      ))}
    </nav>
  );
}

export default function Register() {
  const { entries, view, reviewDueDays, next, isFirst, tally } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Register of approved endorsements</h1>
          <p>
            Each entry shows the exact text that was approved — the version the approval is bound to — with its SHA-256.
          </p>
        </div>
      </div>
      <Views view={view} />
      <p className="meta">
        Showing <strong>{VIEW_LABELS[view]}</strong>: {viewWords(view, reviewDueDays)}.
      </p>
      <ListCount offset={tally.offset} shown={entries.length} total={tally.total} noun="endorsements" />
      {entries.length === 0 ? (
        <p className="empty">No endorsement is in this view.</p>
      ) : (
        <div className="table-wrap">
          <table className="list list--cards register">
            <caption className="visually-hidden">Approved endorsements: {VIEW_LABELS[view]}</caption>
            <thead>
              <tr>
                <th scope="col">Request</th>
                <th scope="col">Supplier</th>
                <th scope="col">State</th>
                <th scope="col">Approved text</th>
                <th scope="col">Approved by</th>
                <th scope="col">Valid until</th>
                <th scope="col">Review due</th>
              </tr>
            </thead>
            <tbody>
              {entries.map((e) => (
                <tr key={e.reference}>
                  <td data-label="Request">
                    <Link to={`/requests/${e.reference}`}>{e.reference}</Link>
                    <br />
                    <span className="meta">
                      {REQUEST_TYPE_LABELS[e.requestType]}
                      {e.enduring ? "" : " (single use)"}
                    </span>
                  </td>
                  <td data-label="Supplier">
                    <Link to={`/suppliers/${e.supplierId}`}>{e.supplierName}</Link>
                  </td>
                  <td data-label="State">
                    <span className={`badge badge--${e.state}`}>{stateWords(e.state)}</span>
                  </td>
                  <td data-label="Approved text">
                    <blockquote className="quote">{e.approvedText}</blockquote>
                    {e.permittedUse ? <p className="meta">May be used: {e.permittedUse}</p> : null}
                    <span className="meta">
                      Version {e.versionNumber} · SHA-256 <span className="mono hash">{e.sha256}</span>
                    </span>
                  </td>
                  <td data-label="Approved by">
                    {e.approverName ?? "—"}
                    {e.approvedAt ? (
                      <>
                        <br />
                        <span className="meta">on {formatNzDate(e.approvedAt)}</span>
                      </>
                    ) : null}
                  </td>
                  <td data-label="Valid until">{e.validUntil ? formatDeadline(e.validUntil) : "—"}</td>
                  <td data-label="Review due">
                    {e.reviewDue ? `from ${formatNzDate(startOfNzDay(e.reviewDue))}` : "—"}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager next={next} param="after" isFirst={isFirst} keep={view === "all" ? "" : `view=${view}`} />
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/register", label: "Go to the start of the register" });
