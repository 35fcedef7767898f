import { randomBytes } from "node:crypto";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import express from "express";
import type { DB } from "#db/client";
import { refusalFolderFor } from "~/audit/folding.server";
import { isOwnOrigin, wrongOriginMessage } from "~/auth/csrf.server";
import type { AppConfig } from "~/config.server";
import { bodyLimitFor, tooLargeMessage } from "~/http/bodyLimits";

const SAFE_METHODS = new Set(["GET", "HEAD"]);
const ALLOWED_METHODS = "GET, HEAD, POST";

function plain(res: express.Response, status: number, message: string): void {
  res.status(status).type("text/plain").send(message);
}

/** TRACE, PUT and every other method is a 405 here: no route takes them, and Remix would fail on some (a 500). */
function knownMethods(): express.RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method) || req.method === "POST") return next();
    res.setHeader("Allow", ALLOWED_METHODS);
    plain(
      res,
      405,
      "Tautoko's pages are read with GET and forms are sent with POST; nothing here answers that method.",
    );
  };
}

/**
 * Only paths of this site (not `*` or an absolute URL as the request target),
 * and no old-style `?_data=` requests: single fetch never sends them, and
 * Remix answers them with a 500 for routes whose loader returns nothing.
 */
function pagesOfThisSite(): express.RequestHandler {
  return (req, res, next) => {
    if (!req.originalUrl.startsWith("/")) return plain(res, 400, "That is not an address on this site.");
    const query = req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?") + 1) : "";
    if (new URLSearchParams(query).has("_data")) {
      return plain(res, 400, "Tautoko's pages do not answer this kind of data request. Open the page itself instead.");
    }
    next();
  };
}

/** How long a connection whose body was left unread stays half-closed, so the client reads the answer, not a reset. */
const LINGER_MS = 2000;

/**
 * Once the answer is sent, a body nobody read to the end (refused for its
 * size, or posted where nothing reads it) is not read further: the socket
 * stops reading, the answer and a FIN go out, and it is closed a little later.
 * Closing at once would reset a client still sending, which then loses the
 * answer; the pause waits a turn because Node resumes an unread body itself.
 */
function closeUnread(req: express.Request): void {
  const socket = req.socket;
  setImmediate(() => {
    req.pause();
    socket.pause();
  });
  socket.end();
  setTimeout(() => socket.destroy(), LINGER_MS).unref();
}

/** What a finished answer may still read of its request: the tail a form parser leaves (a multipart epilogue). */
const DRAIN_BYTES = 64 * 1024;

/**
 * A body read to its end but not yet marked complete must not close a
 * keep-alive connection the browser is about to reuse (Remix revalidates on it
 * straight after a post); only a body still arriving past a small tail does.
 */
function drainOrClose(req: express.Request): void {
  let drained = 0;
  const onData = (chunk: Buffer) => {
    drained += chunk.byteLength;
    if (drained <= DRAIN_BYTES) return;
    req.off("data", onData);
    req.pause();
    req.socket.pause();
    closeUnread(req);
  };
  req.on("data", onData);
  req.once("end", () => req.off("data", onData));
  req.resume();
}

/**
 * Every route has a most it may be sent (app/http/bodyLimits.ts): a body
 * declared larger is a 413 before any of it is read. Bodies without a length
 * are counted by the form reader, which stops at the same limit.
 */
function boundedBodies(): express.RequestHandler {
  return (req, res, next) => {
    const limit = bodyLimitFor(req.path);
    const declaredTooLarge = Number(req.get("content-length")) > limit;
    res.once("finish", () => {
      if (req.complete) return;
      if (declaredTooLarge) closeUnread(req);
      else drainOrClose(req);
    });
    if (declaredTooLarge) return plain(res, 413, tooLargeMessage(limit));
    next();
  };
}

/**
 * Every state-changing request must come from our own origin. Checked here,
 * before any route runs, so no route can forget it; refusals are audited,
 * folded per address so a flood of them cannot flood the log.
 * (Each action also checks its CSRF token and the origin again.)
 */
function sameOriginPosts(config: AppConfig, db: DB, now: () => Date): express.RequestHandler {
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get("origin") ?? null;
    if (isOwnOrigin(origin, config)) return next();
    const ip = req.ip ?? "unknown";
    refusalFolderFor(db)
      .record(ip, {
        at: now().toISOString(),
        actorId: null,
        actorRole: null,
        onBehalfOfId: null,
        action: "security.cross_site_post_refused",
        requestId: null,
        fromState: null,
        toState: null,
        payload: { method: req.method, path: req.path.slice(0, 500), origin: origin?.slice(0, 500) ?? null, ip },
      })
      .catch((error: unknown) => console.error("Could not audit a refused cross-site post:", error))
      .finally(() => {
        plain(res, 403, wrongOriginMessage(config));
      });
  };
}

/**
 * Tautoko's address is APP_URL, whatever Host a proxy passes on: Remix builds
 * the request's URL from Host (a malformed one was a 500) and refuses a post
 * whose Origin does not match it, so Host is set to APP_URL's host here (or,
 * in development, to the loopback name the form came from). The Origin itself
 * has been checked above.
 */
function answerAsAppUrl(config: AppConfig): express.RequestHandler {
  const appHost = new URL(config.appOrigin).host;
  return (req, _res, next) => {
    const origin = req.get("origin") ?? null;
    req.headers.host =
      origin && origin !== config.appOrigin && isOwnOrigin(origin, config) ? new URL(origin).host : appHost;
    delete req.headers["x-forwarded-host"];
    next();
  };
}

/** The last word on anything unexpected: logged with its stack here, never shown (the stack names server files). */
function plainErrors(): express.ErrorRequestHandler {
  return (error: unknown, req, res, next) => {
    if (res.headersSent) return next(error);
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return plain(res, status, "That request could not be read. Check the address and try again.");
    }
    console.error(`Unexpected error on ${req.method} ${req.path}:`, error);
    plain(res, 500, "Tautoko hit an unexpected problem and nothing was changed by it. Please try again.");
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
  app.use(knownMethods());
  app.use(pagesOfThisSite());
  app.use(boundedBodies());
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
  app.use(answerAsAppUrl(config));
  app.all(
    "*",
    createRequestHandler({
      build,
      // Always production: in development mode Remix puts error stacks (with server paths) into the page.
      mode: "production",
      getLoadContext: (req, res) => ({
        db,
        config,
        now,
        cspNonce: res.locals.cspNonce as string,
        clientIp: req.ip ?? "unknown",
      }),
    }),
  );
  app.use(plainErrors());
  return app;
}
