import os from "node:os";
import path from "node:path";
import { z } from "zod";

/** Every setting the app reads from the environment (listed in the README). */
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOST: z.string().min(1).default("127.0.0.1"),
  DATABASE_PATH: z.string().min(1).default("data/tautoko.sqlite"),
  SESSION_SECRET: z.string().optional(),
  APP_URL: z.string().optional(),
  SMTP_URL: z
    .string()
    .optional()
    .refine((v) => v === undefined || v === "" || /^smtps?:\/\//.test(v), "must start with smtp:// or smtps://"),
  MAIL_FROM: z.string().default("Tautoko <tautoko@localhost>"),
  EMAIL_DIR: z.string().min(1).default("data/outbox-eml"),
  JOBS_INTERVAL_SECONDS: z.coerce.number().int().min(5).max(3600).default(60),
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
});

export interface AppConfig {
  production: boolean;
  port: number;
  host: string;
  databasePath: string;
  sessionSecret: string;
  appUrl: string;
  /** The origin every state-changing POST must come from. */
  appOrigin: string;
  smtpUrl: string | null;
  mailFrom: string;
  /** The domain used in Message-IDs. */
  mailDomain: string;
  emailDir: string;
  jobsIntervalSeconds: number;
  /**
   * HTTP worker processes. One per core in production (a page is CPU-bound in
   * Remix and React, and one Node process uses one core); one elsewhere.
   * docs/decisions/2026-11-25-one-http-worker-per-core.md
   */
  webConcurrency: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Tautoko cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

const DEV_SESSION_SECRET = "tautoko-development-only-secret-not-for-production";

export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`));
  }
  const e = parsed.data;
  const production = e.NODE_ENV === "production";
  const problems: string[] = [];
  if (production && !e.SESSION_SECRET) {
    problems.push(
      "SESSION_SECRET is required when NODE_ENV=production (a long random string, e.g. `openssl rand -hex 32`).",
    );
  } else if (production && e.SESSION_SECRET && e.SESSION_SECRET.length < 32) {
    problems.push("SESSION_SECRET must be at least 32 characters long.");
  }
  if (production && !e.APP_URL) {
    problems.push(
      "APP_URL is required when NODE_ENV=production (the address people use, e.g. https://tautoko.example.govt.nz).",
    );
  }
  const appUrl = e.APP_URL || `http://localhost:${e.PORT}`;
  let appOrigin = "";
  try {
    const url = new URL(appUrl);
    if (url.protocol !== "http:" && url.protocol !== "https:") throw new Error("protocol");
    appOrigin = url.origin;
  } catch {
    problems.push(`APP_URL must be an http(s) address, got "${appUrl}".`);
  }
  const mailDomain = /@([^>\s]+)/.exec(e.MAIL_FROM)?.[1];
  if (!mailDomain) problems.push(`MAIL_FROM must contain an email address, got "${e.MAIL_FROM}".`);
  if (problems.length > 0) throw new ConfigError(problems);

  return {
    production,
    port: e.PORT,
    host: e.HOST,
    databasePath: path.resolve(e.DATABASE_PATH),
    sessionSecret: e.SESSION_SECRET || DEV_SESSION_SECRET,
    appUrl: appUrl.replace(/\/+$/, ""),
    appOrigin,
    smtpUrl: e.SMTP_URL || null,
    mailFrom: e.MAIL_FROM,
    mailDomain: mailDomain!,
    emailDir: path.resolve(e.EMAIL_DIR),
    jobsIntervalSeconds: e.JOBS_INTERVAL_SECONDS,
    webConcurrency: e.WEB_CONCURRENCY ?? (production ? os.availableParallelism() : 1),
  };
}
