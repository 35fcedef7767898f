import type { Role } from "#db/schema";
// The pure list: the configuration is read by every command-line entry point, so it stays light.
import { ROLE_CHOICES as ROLES } from "~/workflow/adminForms";

/** Sign-in with the agency's own accounts over OpenID Connect (docs/oidc.md). */
export interface OidcConfig {
  /** The provider's issuer identifier, exactly as its discovery document states it. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** Where the provider sends people back: `APP_URL/auth/oidc/callback`, registered at the provider. */
  redirectUri: string;
  /** Where the provider sends people after signing out there: `APP_URL/login`. */
  postLogoutRedirectUri: string;
  scopes: string;
  /** The ID-token claim holding group ids or app-role values. */
  rolesClaim: string;
  /** Claim value → the roles it gives; a value may give several. */
  roleMap: ReadonlyArray<{ value: string; role: Role }>;
  /** "Sign in with <displayName>". */
  displayName: string;
  /** Whom someone without a mapped role should ask. */
  accessContact: string;
  /** Plain http to the provider: only outside production (the loopback test provider). */
  allowHttp: boolean;
}

export interface SignInSettings {
  oidc: OidcConfig | null;
  localPasswords: boolean;
}

const OIDC_KEYS = [
  "OIDC_ISSUER",
  "OIDC_CLIENT_ID",
  "OIDC_CLIENT_SECRET",
  "OIDC_ROLES_CLAIM",
  "OIDC_ROLE_MAP",
  "OIDC_NAME",
  "OIDC_SCOPES",
  "OIDC_ACCESS_CONTACT",
] as const;

const MAX_SETTING_LENGTH = 4000;

/** "value=role,value=role": the values are group ids or app-role names, which contain neither , nor =. */
export function parseRoleMap(text: string): { roleMap: Array<{ value: string; role: Role }>; problems: string[] } {
  const roleMap: Array<{ value: string; role: Role }> = [];
  const problems: string[] = [];
  for (const entry of text.split(",").map((e) => e.trim())) {
    if (entry === "") continue;
    const [value, role, extra] = entry.split("=").map((p) => p.trim());
    if (!value || !role || extra !== undefined) {
      problems.push(`OIDC_ROLE_MAP entry "${entry}" must be claim-value=role.`);
    } else if (!ROLES.includes(role as Role)) {
      problems.push(`OIDC_ROLE_MAP entry "${entry}": the role must be one of ${ROLES.join(", ")}.`);
    } else {
      roleMap.push({ value, role: role as Role });
    }
  }
  if (roleMap.length === 0 && problems.length === 0) problems.push("OIDC_ROLE_MAP must map at least one claim value.");
  return { roleMap, problems };
}

function issuerProblems(issuer: string, production: boolean): string[] {
  try {
    const url = new URL(issuer);
    if (url.protocol === "https:") return [];
    if (url.protocol === "http:" && !production) return [];
    return [`OIDC_ISSUER must be an https:// address${production ? " in production" : ""}, got "${issuer}".`];
  } catch {
    return [`OIDC_ISSUER must be an https:// address, got "${issuer}".`];
  }
}

/**
 * Reads the OIDC_* settings and LOCAL_PASSWORDS, adding what is wrong to
 * `problems`. Unset OIDC_ISSUER means no provider (the demo's default).
 */
export function readSignInSettings(
  env: Record<string, string | undefined>,
  app: { production: boolean; appUrl: string },
  problems: string[],
): SignInSettings {
  const setting = (key: string) => env[key]?.trim() || undefined;
  const tooLong = OIDC_KEYS.filter((k) => (env[k]?.length ?? 0) > MAX_SETTING_LENGTH);
  for (const key of tooLong) problems.push(`${key} must be at most ${MAX_SETTING_LENGTH} characters.`);

  const localPasswordsSetting = setting("LOCAL_PASSWORDS") ?? "on";
  if (localPasswordsSetting !== "on" && localPasswordsSetting !== "off") {
    problems.push(`LOCAL_PASSWORDS must be "on" or "off", got "${localPasswordsSetting}".`);
  }
  const localPasswords = localPasswordsSetting !== "off";

  const issuer = setting("OIDC_ISSUER");
  if (!issuer) {
    const stray = OIDC_KEYS.filter((k) => k !== "OIDC_ISSUER" && setting(k));
    if (stray.length > 0)
      problems.push(`${stray.join(", ")} ${stray.length === 1 ? "is" : "are"} set but OIDC_ISSUER is not.`);
    if (!localPasswords) problems.push("LOCAL_PASSWORDS=off needs OIDC_ISSUER: nobody could sign in.");
    return { oidc: null, localPasswords: true };
  }

  problems.push(...issuerProblems(issuer, app.production));
  const clientId = setting("OIDC_CLIENT_ID");
  const clientSecret = setting("OIDC_CLIENT_SECRET");
  if (!clientId)
    problems.push("OIDC_CLIENT_ID is required with OIDC_ISSUER (the application's client id at the provider).");
  if (!clientSecret)
    problems.push("OIDC_CLIENT_SECRET is required with OIDC_ISSUER (the client secret the provider issued).");
  const { roleMap, problems: mapProblems } = parseRoleMap(setting("OIDC_ROLE_MAP") ?? "");
  problems.push(...mapProblems);
  const scopes = setting("OIDC_SCOPES") ?? "openid email profile";
  if (!scopes.split(/\s+/).includes("openid")) problems.push(`OIDC_SCOPES must include openid, got "${scopes}".`);

  return {
    oidc: {
      issuer,
      clientId: clientId ?? "",
      clientSecret: clientSecret ?? "",
      redirectUri: `${app.appUrl}/auth/oidc/callback`,
      postLogoutRedirectUri: `${app.appUrl}/login`,
      scopes,
      rolesClaim: setting("OIDC_ROLES_CLAIM") ?? "groups",
      roleMap,
      displayName: setting("OIDC_NAME") ?? "your agency account",
      accessContact: setting("OIDC_ACCESS_CONTACT") ?? "your manager or the team that looks after your agency account",
      allowHttp: !app.production && issuer.startsWith("http:"),
    },
    localPasswords,
  };
}
