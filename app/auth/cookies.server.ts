import { createCookie, type AppLoadContext } from "@remix-run/node";

/**
 * A signed, HTTP-only cookie of this site, sent on top-level navigations
 * (SameSite=Lax, so a provider's redirect back still carries it). In
 * production `__Host-` binds it to this exact origin over HTTPS, with path /
 * and no Domain.
 */
export function siteCookie(context: AppLoadContext, name: string, maxAgeSeconds?: number) {
  const { production, sessionSecret } = context.config;
  return createCookie(production ? `__Host-${name}` : name, {
    httpOnly: true,
    sameSite: "lax",
    secure: production,
    path: "/",
    secrets: [sessionSecret],
    ...(maxAgeSeconds === undefined ? {} : { maxAge: maxAgeSeconds }),
  });
}
