import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "~/config.server";

const OIDC = {
  OIDC_ISSUER: "https://login.microsoftonline.com/tenant-id/v2.0",
  OIDC_CLIENT_ID: "client-id",
  OIDC_CLIENT_SECRET: "client-secret",
  OIDC_ROLE_MAP: "group-a=staff, group-b=procurement_manager,group-b=staff",
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe("OpenID Connect settings, checked at start", () => {
  it("leaves the demo as it was when no provider is configured: passwords on, no provider", () => {
    const config = loadConfig({});
    expect(config.oidc).toBeNull();
    expect(config.localPasswords).toBe(true);
  });

  it("reads the provider, the redirect under APP_URL and the role mapping", () => {
    const config = loadConfig({ ...OIDC, APP_URL: "https://tautoko.agency.govt.nz/", OIDC_NAME: "Kāinga Ora account" });
    expect(config.oidc).toMatchObject({
      issuer: OIDC.OIDC_ISSUER,
      redirectUri: "https://tautoko.agency.govt.nz/auth/oidc/callback",
      postLogoutRedirectUri: "https://tautoko.agency.govt.nz/login",
      rolesClaim: "groups",
      scopes: "openid email profile",
      displayName: "Kāinga Ora account",
      allowHttp: false,
      roleMap: [
        { value: "group-a", role: "staff" },
        { value: "group-b", role: "procurement_manager" },
        { value: "group-b", role: "staff" },
      ],
    });
  });

  it.each([
    [{ ...OIDC, OIDC_CLIENT_SECRET: "" }, /OIDC_CLIENT_SECRET is required/],
    [{ ...OIDC, OIDC_CLIENT_ID: "" }, /OIDC_CLIENT_ID is required/],
    [{ ...OIDC, OIDC_ROLE_MAP: "" }, /OIDC_ROLE_MAP must map at least one/],
    [
      { ...OIDC, OIDC_ROLE_MAP: "group-a=superuser" },
      /the role must be one of staff, procurement_manager, auditor, admin/,
    ],
    [{ ...OIDC, OIDC_ROLE_MAP: "group-a" }, /must be claim-value=role/],
    [{ ...OIDC, OIDC_ISSUER: "not a url" }, /OIDC_ISSUER must be an https/],
    [{ ...OIDC, OIDC_SCOPES: "email profile" }, /OIDC_SCOPES must include openid/],
    [{ OIDC_CLIENT_ID: "client-id" }, /OIDC_CLIENT_ID is set but OIDC_ISSUER is not/],
    [{ LOCAL_PASSWORDS: "off" }, /LOCAL_PASSWORDS=off needs OIDC_ISSUER/],
    [{ ...OIDC, LOCAL_PASSWORDS: "no" }, /LOCAL_PASSWORDS must be "on" or "off"/],
  ])("refuses to start with %j", (env, problem) => {
    expect(problemsOf(env).join("\n")).toMatch(problem);
  });

  it("allows a plain-http provider only outside production", () => {
    const loopback = { ...OIDC, OIDC_ISSUER: "http://127.0.0.1:9999" };
    expect(loadConfig(loopback).oidc?.allowHttp).toBe(true);
    const production = {
      ...loopback,
      NODE_ENV: "production",
      APP_URL: "https://t.example",
      SESSION_SECRET: "x".repeat(32),
    };
    expect(problemsOf(production).join("\n")).toMatch(/OIDC_ISSUER must be an https:\/\/ address in production/);
  });

  it("turns passwords off only with a provider to sign in at", () => {
    expect(loadConfig({ ...OIDC, LOCAL_PASSWORDS: "off" }).localPasswords).toBe(false);
  });
});
