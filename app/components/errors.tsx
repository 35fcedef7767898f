import { isRouteErrorResponse, Link, useParams, useRouteError } from "@remix-run/react";

/** Where a route's error page offers to go instead of the start page. */
export interface WayBack {
  to: string;
  label: string;
}

const START_PAGE: WayBack = { to: "/", label: "Go to your start page" };

function headingFor(status: number): string {
  if (status === 404) return "Page not found";
  if (status === 403) return "You do not have access";
  if (status === 409) return "Something changed";
  return "We could not do that";
}

function defaultDetail(status: number, statusText: string): string {
  if (status === 404) return "We could not find that page. It may have moved, or the address may be mistyped.";
  if (status === 403) return "Your role does not allow this. If you think it should, ask a Tautoko administrator.";
  return statusText;
}

/**
 * Plain-language messages for the errors people meet, for the root and every
 * route error boundary. Only a thrown Response's own words are shown; an
 * unexpected error shows a generic message, never its text, stack or paths.
 */
export function ErrorMessage({ back = START_PAGE }: { back?: WayBack }) {
  const error = useRouteError();
  if (isRouteErrorResponse(error)) {
    const detail = typeof error.data === "string" && error.data ? error.data : null;
    return (
      <section className="error-page">
        <h1>{headingFor(error.status)}</h1>
        <p>{detail ?? defaultDetail(error.status, error.statusText)}</p>
        <p>
          <Link to={back.to}>{back.label}</Link>
        </p>
      </section>
    );
  }
  return (
    <section className="error-page">
      <h1>Something went wrong</h1>
      <p>
        Tautoko hit an unexpected problem and nothing was changed by it. Please try again; if it keeps happening, tell
        the system administrators the time it happened.
      </p>
    </section>
  );
}

/** The error page of a route that may fail on its own terms, with a way back to where the person came from. */
export function routeErrorBoundary(back: WayBack) {
  return function RouteErrorBoundary() {
    return <ErrorMessage back={back} />;
  };
}

/** The error page of a page about one request: the way back is that request's page. */
export function RequestErrorBoundary() {
  const { reference } = useParams();
  return (
    <ErrorMessage back={reference ? { to: `/requests/${reference}`, label: "Back to the request" } : START_PAGE} />
  );
}
