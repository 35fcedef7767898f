import type { AppLoadContext } from "@remix-run/node";
import { forbidden, type SignedInUser } from "~/auth/session.server";

/**
 * A state-changing POST must come from our own origin (the browser's Origin
 * header against APP_URL) and carry the session's CSRF token.
 */
export function assertSameOrigin(request: Request, context: AppLoadContext): void {
  const origin = request.headers.get("Origin");
  if (origin !== context.config.appOrigin) {
    throw forbidden("This form was sent from another site, so it was refused. Open Tautoko and try again.");
  }
}

export function assertCsrfToken(form: FormData | Record<string, unknown>, user: SignedInUser): void {
  const token = form instanceof FormData ? form.get("csrf") : form.csrf;
  if (typeof token !== "string" || token !== user.csrfToken) {
    throw forbidden("This form has expired or did not come from Tautoko. Reload the page and try again.");
  }
}
