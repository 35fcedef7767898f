import type { AppLoadContext } from "@remix-run/node";
import { forbidden, type SignedInUser } from "~/auth/session.server";
import type { AppConfig } from "~/config.server";

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

function isLoopback(url: URL): boolean {
  return LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * The origins a state-changing POST may come from: APP_URL's, and outside
 * production the same scheme and port under any loopback name (APP_URL says
 * localhost by default; people type 127.0.0.1).
 */
export function isOwnOrigin(origin: string | null, config: AppConfig): boolean {
  if (origin === config.appOrigin) return true;
  if (config.production || !origin) return false;
  try {
    const from = new URL(origin);
    const app = new URL(config.appOrigin);
    return isLoopback(from) && isLoopback(app) && from.protocol === app.protocol && from.port === app.port;
  } catch {
    return false;
  }
}

export function wrongOriginMessage(config: AppConfig): string {
  return `This form was sent from another site or address, so it was refused. Open Tautoko at ${config.appUrl} and try again.`;
}

/**
 * A state-changing POST must come from our own origin (the browser's Origin
 * header against APP_URL) and carry the session's CSRF token.
 */
export function assertSameOrigin(request: Request, context: AppLoadContext): void {
  if (!isOwnOrigin(request.headers.get("Origin"), context.config)) throw forbidden(wrongOriginMessage(context.config));
}

export function assertCsrfToken(form: FormData | Record<string, unknown>, user: SignedInUser): void {
  const token = form instanceof FormData ? form.get("csrf") : form.csrf;
  if (typeof token !== "string" || token !== user.csrfToken) {
    throw forbidden("This form has expired or did not come from Tautoko. Reload the page and try again.");
  }
}
