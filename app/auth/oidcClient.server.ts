import type { AppLoadContext } from "@remix-run/node";
import * as client from "openid-client";
import type { OidcConfig } from "~/auth/oidcConfig.server";
import { siteCookie } from "~/auth/cookies.server";

/**
 * The relying party, built on openid-client: discovery, the authorization
 * code flow with PKCE, state and nonce, and the ID-token checks (signature
 * against the provider's published keys, issuer, audience, expiry, nonce).
 */

/** A sign-in that could not complete; `reason` goes to the audit log, never to the page. */
export class OidcFailure extends Error {
  constructor(
    readonly reason: "provider_unreachable" | "no_pending_sign_in" | "sign_in_expired" | "response_refused",
    readonly detail: string,
  ) {
    super(`${reason}: ${detail}`);
    this.name = "OidcFailure";
  }
}

/** How long someone may take at the provider's sign-in page. */
const PENDING_LIMIT_MS = 10 * 60 * 1000;
const PROVIDER_TIMEOUT_SECONDS = 10;

interface PendingSignIn {
  state: string;
  nonce: string;
  codeVerifier: string;
  startedAt: number;
}

let discovered: { key: string; configuration: Promise<client.Configuration> } | undefined;

/** The provider's metadata, discovered once per process; a failed discovery is retried next time. */
function providerConfiguration(oidc: OidcConfig): Promise<client.Configuration> {
  const key = `${oidc.issuer} ${oidc.clientId}`;
  if (discovered?.key !== key) {
    const configuration = client.discovery(
      new URL(oidc.issuer),
      oidc.clientId,
      { client_secret: oidc.clientSecret },
      client.ClientSecretBasic(oidc.clientSecret),
      {
        // Verify the ID token's signature against the provider's published keys, not only trust TLS.
        execute: [client.enableNonRepudiationChecks, ...(oidc.allowHttp ? [client.allowInsecureRequests] : [])],
        timeout: PROVIDER_TIMEOUT_SECONDS,
      },
    );
    discovered = { key, configuration };
    configuration.catch(() => {
      if (discovered?.configuration === configuration) discovered = undefined;
    });
  }
  return discovered.configuration;
}

async function reachProvider(oidc: OidcConfig): Promise<client.Configuration> {
  try {
    return await providerConfiguration(oidc);
  } catch (error) {
    throw new OidcFailure("provider_unreachable", describe(error));
  }
}

/** Bound to this browser: the callback is accepted only where the sign-in started (no login CSRF). */
function pendingCookie(context: AppLoadContext) {
  return siteCookie(context, "tautoko_oidc", PENDING_LIMIT_MS / 1000);
}

export function clearPendingSignIn(context: AppLoadContext): Promise<string> {
  return pendingCookie(context).serialize("", { maxAge: 0 });
}

/** The provider's sign-in address for a new attempt, and the cookie that remembers its checks. */
export async function beginProviderSignIn(
  context: AppLoadContext,
  oidc: OidcConfig,
): Promise<{ location: string; cookie: string }> {
  const configuration = await reachProvider(oidc);
  const pending: PendingSignIn = {
    state: client.randomState(),
    nonce: client.randomNonce(),
    codeVerifier: client.randomPKCECodeVerifier(),
    startedAt: context.now().getTime(),
  };
  const location = client.buildAuthorizationUrl(configuration, {
    redirect_uri: oidc.redirectUri,
    scope: oidc.scopes,
    code_challenge: await client.calculatePKCECodeChallenge(pending.codeVerifier),
    code_challenge_method: "S256",
    state: pending.state,
    nonce: pending.nonce,
  });
  return { location: location.href, cookie: await pendingCookie(context).serialize(pending) };
}

function isPendingSignIn(value: unknown): value is PendingSignIn {
  if (!value || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.state === "string" &&
    typeof v.nonce === "string" &&
    typeof v.codeVerifier === "string" &&
    typeof v.startedAt === "number"
  );
}

async function readPending(request: Request, context: AppLoadContext): Promise<PendingSignIn> {
  const value: unknown = await pendingCookie(context).parse(request.headers.get("Cookie"));
  if (!isPendingSignIn(value)) throw new OidcFailure("no_pending_sign_in", "no sign-in was started in this browser");
  if (context.now().getTime() - value.startedAt > PENDING_LIMIT_MS) {
    throw new OidcFailure("sign_in_expired", "the sign-in was started more than 10 minutes ago");
  }
  return value;
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error).slice(0, 300);
  const code = "code" in error && typeof error.code === "string" ? `${error.code}: ` : "";
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : "";
  return `${code}${error.message}${cause}`.slice(0, 300);
}

/** Network failures (refused, reset, timed out) rather than a response we refused. */
function isUnreachable(error: unknown): boolean {
  return error instanceof TypeError || (error instanceof Error && error.name === "TimeoutError");
}

/**
 * Completes the sign-in the provider sent back: checks state against this
 * browser's pending attempt, redeems the code with the PKCE verifier and
 * validates the ID token. Returns its claims.
 */
export async function completeProviderSignIn(
  request: Request,
  context: AppLoadContext,
  oidc: OidcConfig,
): Promise<{ claims: client.IDToken; idToken: string }> {
  const pending = await readPending(request, context);
  const configuration = await reachProvider(oidc);
  // The address the provider redirected to, not the one a proxy forwarded to us.
  const currentUrl = new URL(oidc.redirectUri);
  currentUrl.search = new URL(request.url).search;
  try {
    const tokens = await client.authorizationCodeGrant(configuration, currentUrl, {
      pkceCodeVerifier: pending.codeVerifier,
      expectedState: pending.state,
      expectedNonce: pending.nonce,
      idTokenExpected: true,
    });
    const claims = tokens.claims();
    if (!claims || !tokens.id_token) throw new OidcFailure("response_refused", "the provider returned no ID token");
    return { claims, idToken: tokens.id_token };
  } catch (error) {
    if (error instanceof OidcFailure) throw error;
    throw new OidcFailure(isUnreachable(error) ? "provider_unreachable" : "response_refused", describe(error));
  }
}

/**
 * Where to send someone after signing out here, to sign out at the provider
 * too (RP-initiated logout); null when the provider offers no such endpoint
 * or cannot be reached (signing out here has already happened).
 */
export async function providerSignOutUrl(oidc: OidcConfig, idTokenHint: string | null): Promise<string | null> {
  try {
    const configuration = await providerConfiguration(oidc);
    if (!configuration.serverMetadata().end_session_endpoint) return null;
    const parameters = { post_logout_redirect_uri: oidc.postLogoutRedirectUri };
    const withHint = idTokenHint ? { ...parameters, id_token_hint: idTokenHint } : parameters;
    return client.buildEndSessionUrl(configuration, withHint).href;
  } catch (error) {
    console.error("Signed out here; could not reach the OpenID provider to sign out there:", describe(error));
    return null;
  }
}
