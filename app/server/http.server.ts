import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { DB } from "#db/client";
import { recordAuditEvent } from "~/audit/audit.server";
import type { AppConfig } from "~/config.server";

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/**
 * Every state-changing request must come from our own origin. Checked here,
 * before any route runs, so no route can forget it; refusals are audited.
 * (Each action also checks its CSRF token and the origin again.)
 */
function sameOriginPosts(config: AppConfig, db: DB, now: () => Date): express.RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin") ?? null;
    if (origin === config.appOrigin) return next();
    recordAuditEvent(db, {
      at: now().toISOString(),
      actorId: null,
      actorRole: null,
      onBehalfOfId: null,
      action: "security.cross_site_post_refused",
      requestId: null,
      fromState: null,
      toState: null,
      payload: {
        method: req.method,
        path: req.path.slice(0, 500),
        origin: origin?.slice(0, 500) ?? null,
        ip: req.ip ?? null,
      },
    })
      .catch((error: unknown) => console.error("Could not audit a refused cross-site post:", error))
      .finally(() => {
        res
          .status(403)
          .type("text/plain")
          .send("This form was sent from another site, so it was refused. Open Tautoko and try again.");
      });
  };
}

/** Security headers for every response; scripts run only with this response's nonce. */
function securityHeaders(config: AppConfig): express.RequestHandler {
  return (_req, res, next) => {
    const nonce = randomBytes(16).toString("base64");
    res.locals.cspNonce = nonce;
    res.setHeader(
      "Content-Security-Policy",
      [
        "default-src 'self'",
        `script-src 'self' 'nonce-${nonce}'`,
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        // Signing out without JavaScript posts, then is redirected to the provider to sign out there.
        `form-action 'self'${config.oidc ? ` ${new URL(config.oidc.issuer).origin}` : ""}`,
        "frame-ancestors 'none'",
      ].join("; "),
    );
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "same-origin");
    res.setHeader("X-Frame-Options", "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    res.setHeader("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
    if (config.production) res.setHeader("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
    next();
  };
}

export function createHttpApp(options: {
  build: ServerBuild;
  db: DB;
  config: AppConfig;
  now?: () => Date;
  publicDir: string;
}): express.Express {
  const { build, db, config } = options;
  const now = options.now ?? (() => new Date());
  const app = express();
  app.disable("x-powered-by");
  // Behind a reverse proxy the client address comes from X-Forwarded-For.
  app.set("trust proxy", config.production ? "loopback" : false);
  app.use(securityHeaders(config));
  app.use(
    "/build",
    express.static(path.join(options.publicDir, "build"), { immutable: true, maxAge: "1y", index: false }),
  );
  // A missing build file is a plain 404 here, not a page render.
  app.use("/build", (_req, res) => {
    res.status(404).type("text/plain").send("Not found");
  });
  app.use(express.static(options.publicDir, { maxAge: "1h", index: false }));
  app.use(sameOriginPosts(config, db, now));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: config.production ? "production" : "development",
      getLoadContext: (req, res) => ({
        db,
        config,
        now,
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? "unknown",
      }),
    }),
  );
  return app;
}
