import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { getOutboxEmail } from "~/mail/outbox.server";
import { recordIdParam } from "~/workflow/adminForms";
import { formatNzDateTime } from "~/workflow/nzTime";
import { routeErrorBoundary } from "~/components/errors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.email.subject} — Mail outbox — Tautoko` : "Email — Tautoko" },
];

function emailNotFound(): Response {
  return new Response("We could not find that email in the outbox.", { status: 404, statusText: "Not Found" });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  const id = recordIdParam(params.id);
  if (id === null) throw emailNotFound();
  const email = await getOutboxEmail(context.db, id);
  if (!email) throw emailNotFound();
  return { email };
}

export default function OutboxEmail() {
  const { email } = useLoaderData<typeof loader>();
  return (
    <>
      <p className="meta">
        <Link to="/admin">Administration</Link> › <Link to="/admin/outbox">Mail outbox</Link> › Email {email.id}
      </p>
      <div className="page-header">
        <div>
          <h1>{email.subject}</h1>
          <p>
            {email.status === "sent" ? "Sent" : "Pending"} · the “{email.template}” email
          </p>
        </div>
      </div>
      <section className="panel">
        <dl className="facts">
          <dt>To</dt>
          <dd>{email.to.join(", ")}</dd>
          <dt>Queued</dt>
          <dd>{formatNzDateTime(email.createdAt)}</dd>
          <dt>Status</dt>
          <dd>{email.status === "sent" ? "Sent" : "Pending"}</dd>
          <dt>Delivery attempts</dt>
          <dd>{email.attempts}</dd>
          {email.status === "pending" ? (
            <>
              <dt>Next attempt</dt>
              <dd>{formatNzDateTime(email.nextAttemptAt)}</dd>
            </>
          ) : null}
          <dt>Last error</dt>
          <dd>{email.lastError ?? "None"}</dd>
          <dt>Sent</dt>
          <dd>{email.sentAt ? formatNzDateTime(email.sentAt) : "Not yet"}</dd>
          <dt>Message-ID</dt>
          <dd className="mono">{email.messageId}</dd>
        </dl>
      </section>
      <section className="panel">
        <h2>Plain text</h2>
        <pre className="quote">{email.text}</pre>
      </section>
      <section className="panel">
        <h2>HTML</h2>
        {/* sandbox="" runs no scripts and gives the email an opaque origin: it cannot reach the page or the session. */}
        <iframe
          title={`HTML version of “${email.subject}”`}
          sandbox=""
          srcDoc={email.html}
          style={{
            width: "100%",
            minHeight: "40rem",
            border: "1px solid var(--line)",
            borderRadius: "var(--radius)",
            background: "#fff",
          }}
        />
      </section>
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/admin/outbox", label: "Back to the outbox" });
