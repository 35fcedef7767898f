import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, Links, Meta, NavLink, Outlet, Scripts, ScrollRestoration } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorMessage } from "~/components/errors";
import { CsrfField } from "~/components/forms";
import { useNonce } from "~/components/nonce";
import { useRootData } from "~/components/rootData";
import { getSignedInUser } from "~/auth/session.server";
import { viewerOf } from "~/auth/viewer.server";
import { countQueue } from "~/models/requests.server";
import { urgencyBounds } from "~/queue/urgency.server";
import { canDecide } from "~/workflow/access";
import { actsAsDelegate } from "~/workflow/policy";
import { navigationFor } from "~/workflow/navigation";
import styles from "~/styles.css";

export const links: LinksFunction = () => [{ rel: "stylesheet", href: styles }];

export const meta: MetaFunction = () => [{ title: "Tautoko — supplier endorsement requests" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getSignedInUser(request, context);
  const viewer = user ? await viewerOf(context, user) : null;
  const actingDelegate = viewer ? actsAsDelegate(viewer) : false;
  return {
    user: user ? { id: user.id, name: user.name, email: user.email, roles: user.roles, actingDelegate } : null,
    csrfToken: user?.csrfToken ?? null,
    queueCounts: viewer && canDecide(viewer) ? await queueCounts(context) : null,
  };
}

/** What the navigation says beside "Decision queue": how many wait, and how many are due within 2 working days. */
async function queueCounts(context: LoaderFunctionArgs["context"]) {
  const [waiting, dueSoon] = await Promise.all([
    countQueue(context.db),
    countQueue(context.db, {}, { dueBy: urgencyBounds(context.now()).soon }),
  ]);
  return { waiting, dueSoon };
}

function QueueCount({ counts }: { counts: { waiting: number; dueSoon: number } }) {
  return (
    <>
      <span className="nav-count">
        {counts.waiting}
        <span className="visually-hidden"> waiting</span>
      </span>
      {counts.dueSoon > 0 ? (
        <span className="nav-count nav-count--due">
          {counts.dueSoon} due<span className="visually-hidden"> within 2 working days</span>
        </span>
      ) : null}
    </>
  );
}

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en-NZ">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          Skip to main content
        </a>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const data = useRootData();
  const user = data?.user;
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="brand">
          <span className="brand__name">Tautoko</span>
          <span className="brand__tag">Supplier endorsement requests · Kāinga Ora</span>
        </Link>
        {user ? (
          <nav aria-label="Main" className="site-nav">
            <ul>
              {navigationFor(user.roles, user.actingDelegate).map((item) => (
                <li key={item.to}>
                  <NavLink to={item.to} end={item.end}>
                    {item.label}
                  </NavLink>
                  {/* Beside the link, not in it, so the link's name stays the page's name. */}
                  {item.to === "/queue" && data?.queueCounts ? <QueueCount counts={data.queueCounts} /> : null}
                </li>
              ))}
            </ul>
            <Form method="post" action="/logout" className="site-nav__signout">
              <CsrfField />
              <Link to="/account" className="site-nav__user" title="Your account: change your password">
                {user.name}
              </Link>
              <button type="submit" className="button button--quiet">
                Sign out
              </button>
            </Form>
          </nav>
        ) : null}
      </div>
    </header>
  );
}

export default function App() {
  return (
    <Document>
      <Header />
      <main id="main" className="page">
        <Outlet />
      </main>
    </Document>
  );
}

export function ErrorBoundary() {
  return (
    <Document>
      <Header />
      <main id="main" className="page">
        <ErrorMessage />
      </main>
    </Document>
  );
}
