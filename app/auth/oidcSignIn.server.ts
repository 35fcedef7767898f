import { data, redirect, type AppLoadContext } from "@remix-run/node";
import {
  accountForIdentity,
  identityFromClaims,
  recordProviderRefusal,
  recordProviderSignIn,
  rememberIdToken,
} from "~/auth/oidcAccounts.server";
import { beginProviderSignIn, clearPendingSignIn, completeProviderSignIn, OidcFailure } from "~/auth/oidcClient.server";
import type { OidcConfig } from "~/auth/oidcConfig.server";
import { replaceSession } from "~/auth/session.server";
import type { ProviderSignInProblemKind } from "~/components/ProviderSignInProblem";
import { homePathFor } from "~/workflow/navigation";

/** The two steps of signing in at the agency's provider, as the routes call them. */

export function requireOidc(context: AppLoadContext): OidcConfig {
  if (!context.config.oidc) throw new Response("Sign-in with an agency account is not set up here.", { status: 404 });
  return context.config.oidc;
}

function problem(oidc: OidcConfig, kind: ProviderSignInProblemKind, status: number, cookie: string) {
  return data(
    { kind, providerName: oidc.displayName, accessContact: oidc.accessContact },
    { status, headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } },
  );
}

async function failed(context: AppLoadContext, oidc: OidcConfig, error: unknown) {
  if (!(error instanceof OidcFailure)) throw error;
  await recordProviderRefusal(context, { reason: error.reason, detail: error.detail });
  const unreachable = error.reason === "provider_unreachable";
  return problem(
    oidc,
    unreachable ? "unreachable" : "not_completed",
    unreachable ? 502 : 400,
    await clearPendingSignIn(context),
  );
}

/** Sends the browser to the provider's sign-in page. */
export async function startProviderSignIn(context: AppLoadContext) {
  const oidc = requireOidc(context);
  try {
    const { location, cookie } = await beginProviderSignIn(context, oidc);
    return redirect(location, { headers: { "Set-Cookie": cookie, "Cache-Control": "no-store" } });
  } catch (error) {
    return failed(context, oidc, error);
  }
}

/**
 * The provider's answer: a validated ID token signs its person in (a new
 * session id, as a password sign-in gets); anything else is a plain page,
 * with the refusal audited and nothing else written.
 */
export async function finishProviderSignIn(request: Request, context: AppLoadContext) {
  const oidc = requireOidc(context);
  let answer;
  try {
    answer = await completeProviderSignIn(request, context, oidc);
  } catch (error) {
    return failed(context, oidc, error);
  }
  const identity = identityFromClaims(answer.claims, oidc);
  const result = await accountForIdentity(context, identity, oidc);
  const cleared = await clearPendingSignIn(context);
  if (!result.ok) {
    await recordProviderRefusal(context, { reason: result.reason, userId: result.userId, identity });
    return problem(oidc, result.reason, 403, cleared);
  }
  await rememberIdToken(context.db, identity, answer.idToken);
  await recordProviderSignIn(context, result.userId, identity.issuer);
  const headers = new Headers({ "Cache-Control": "no-store" });
  headers.append("Set-Cookie", await replaceSession(request, context, result.userId));
  headers.append("Set-Cookie", cleared);
  return redirect(homePathFor(result.roles), { headers });
}
