import type { Server } from "node:http";
import { decodeJwt, exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";
import Provider, { type KoaContextWithOIDC } from "oidc-provider";
import { freePort } from "./server";

/**
 * A real OpenID provider (the certified `oidc-provider` package) on loopback,
 * with test people and their groups, and its development login page (any
 * password). `tamper` makes its token endpoint hand out an ID token changed
 * after the fact but still signed with the provider's own key (or a foreign
 * one), as a hostile or broken provider would.
 */

export interface TestPerson {
  email: string;
  name: string;
  groups: string[];
}

export type IdTokenTamper = { kind: "claims"; change: (claims: JWTPayload) => JWTPayload } | { kind: "foreign-key" };

export interface TestProvider {
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Login name → person; change it to move someone between groups at the provider. */
  people: Map<string, TestPerson>;
  tamper: IdTokenTamper | null;
  /** How many ID tokens the token endpoint has issued. */
  tokensIssued: number;
  stop(): Promise<void>;
}

export const TEST_GROUPS = {
  staff: "grp-tautoko-staff",
  manager: "grp-procurement-excellence",
  auditor: "grp-internal-audit",
  admin: "grp-tautoko-admins",
};

/** OIDC_ROLE_MAP for TEST_GROUPS. */
export const TEST_ROLE_MAP = [
  `${TEST_GROUPS.staff}=staff`,
  `${TEST_GROUPS.manager}=procurement_manager`,
  `${TEST_GROUPS.manager}=staff`,
  `${TEST_GROUPS.auditor}=auditor`,
  `${TEST_GROUPS.admin}=admin`,
].join(",");

async function signingKey() {
  const { privateKey } = await generateKeyPair("RS256", { extractable: true });
  return { privateKey, jwk: { ...(await exportJWK(privateKey)), kid: "test-key", alg: "RS256", use: "sig" } };
}

export async function startTestProvider(options: {
  appUrl: string;
  people: Record<string, TestPerson>;
  /** A port chosen before the app started (its OIDC_ISSUER names it); a free one otherwise. */
  port?: number;
}): Promise<TestProvider> {
  const port = options.port ?? (await freePort());
  const issuer = `http://127.0.0.1:${port}`;
  const own = await signingKey();
  const foreign = await signingKey();
  const clientId = "tautoko-test";
  const clientSecret = "tautoko-test-secret-0123456789abcdef";

  const state: TestProvider = {
    issuer,
    clientId,
    clientSecret,
    people: new Map(Object.entries(options.people)),
    tamper: null,
    tokensIssued: 0,
    stop: async () => {},
  };

  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [`${options.appUrl}/auth/oidc/callback`],
        post_logout_redirect_uris: [`${options.appUrl}/login`],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    jwks: { keys: [own.jwk] },
    cookies: { keys: ["test-provider-cookie-key-0123456789"] },
    pkce: { required: () => true },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    // Groups in the ID token itself, as Entra ID sends them.
    conformIdTokenClaims: false,
    claims: { openid: ["sub", "groups"], email: ["email", "email_verified"], profile: ["name"] },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    findAccount: (_ctx, sub) => {
      const person = state.people.get(sub);
      if (!person) return undefined;
      return {
        accountId: sub,
        claims: () => ({ sub, email: person.email, email_verified: true, name: person.name, groups: person.groups }),
      };
    },
    // A first-party application: no consent screen.
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const { client, session, provider: op } = ctx.oidc;
      if (!client || !session?.accountId) return undefined;
      const grantId = ctx.oidc.result?.consent?.grantId ?? session.grantIdFor(client.clientId);
      if (grantId) return op.Grant.find(grantId);
      const grant = new op.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
  });

  provider.use(async (ctx, next) => {
    await next();
    if (ctx.path !== "/token" || ctx.status !== 200) return;
    const body = ctx.body as { id_token?: string };
    if (!body.id_token) return;
    state.tokensIssued++;
    if (state.tamper) body.id_token = await resign(body.id_token, state.tamper, own, foreign);
  });

  const server: Server = await new Promise((resolve) => {
    const s = provider.listen(port, "127.0.0.1", () => resolve(s));
  });
  state.stop = () => new Promise((resolve) => server.close(() => resolve()));
  server.unref();
  return state;
}

async function resign(
  idToken: string,
  tamper: IdTokenTamper,
  own: Awaited<ReturnType<typeof signingKey>>,
  foreign: Awaited<ReturnType<typeof signingKey>>,
): Promise<string> {
  const claims = decodeJwt(idToken);
  const changed = tamper.kind === "claims" ? tamper.change({ ...claims }) : claims;
  const key = tamper.kind === "foreign-key" ? foreign.privateKey : own.privateKey;
  return new SignJWT(changed).setProtectedHeader({ alg: "RS256", kid: "test-key", typ: "JWT" }).sign(key);
}

/**
 * Walks a browser's part of the authorization code flow over plain HTTP: the
 * provider's authorization endpoint, its login form (as `login`), and back;
 * returns the address the provider redirects to (the app's callback, with
 * code and state). A cookie jar keeps the provider's session between calls.
 */
export async function signInAtProvider(
  authorizationUrl: string,
  login: string,
  jar: Map<string, string> = new Map(),
): Promise<string> {
  const send = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    headers.set("Cookie", [...jar].map(([k, v]) => `${k}=${v}`).join("; "));
    const res = await fetch(url, { ...init, headers, redirect: "manual" });
    for (const cookie of res.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const at = pair!.indexOf("=");
      jar.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  };
  const origin = new URL(authorizationUrl).origin;
  let url = authorizationUrl;
  for (let hop = 0; hop < 10; hop++) {
    const res = await send(url);
    const location = res.headers.get("location");
    if (location) {
      url = new URL(location, url).href;
      if (!url.startsWith(origin)) return url;
      continue;
    }
    const uid = /\/interaction\/([\w-]+)/.exec(url)?.[1];
    if (res.status !== 200 || !uid) throw new Error(`Unexpected ${res.status} from the provider at ${url}`);
    await res.text();
    const posted = await send(`${origin}/interaction/${uid}`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ prompt: "login", login, password: "any" }),
    });
    url = new URL(posted.headers.get("location") ?? "", url).href;
  }
  throw new Error("The provider redirected too many times");
}
