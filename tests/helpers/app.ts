import type { AppLoadContext } from "@remix-run/node";
import type { Role } from "#db/schema";
import { hashPassword } from "~/auth/password.server";
import { startSession } from "~/auth/session.server";
import { createUser } from "~/commands/users.server";
import { loadConfig } from "~/config.server";
import { createTestDb } from "./db";

export const TEST_ORIGIN = "http://tautoko.test";
export const TEST_PASSWORD = "correct horse battery staple";

let passwordHash: Promise<string> | undefined;

export interface TestUser {
  id: number;
  email: string;
  name: string;
  roles: Role[];
  cookie: string;
  csrf: string;
}

/**
 * A real app context over a fresh database (this run's engine), with a clock the test moves,
 * and helpers to sign people in and build requests as a browser would.
 */
export async function createTestApp(options: { now?: string } = {}) {
  const { db, file, dir, env } = await createTestDb();
  const config = loadConfig({
    NODE_ENV: "test",
    APP_URL: TEST_ORIGIN,
    ...env,
    EMAIL_DIR: `${dir}/eml`,
    MAIL_FROM: "Tautoko <tautoko@tautoko.test>",
  });
  let now = new Date(options.now ?? "2026-11-24T22:00:00.000Z");
  const context: AppLoadContext = { db, config, now: () => now, clientIp: "127.0.0.1" };

  async function addUser(email: string, roles: Role[], name = email.split("@")[0]!): Promise<TestUser> {
    passwordHash ??= hashPassword(TEST_PASSWORD);
    const id = await createUser(context, null, { email, name, roles, passwordHash: await passwordHash });
    return signIn({ id, email, name, roles });
  }

  /** A fresh session at the current (test) time, e.g. after moving the clock past the idle limit. */
  async function signIn(user: Pick<TestUser, "id" | "email" | "name" | "roles">): Promise<TestUser> {
    const id = user.id;
    const sessionsOf = () => db.selectFrom("sessions").select(["id", "csrf_token"]).where("user_id", "=", id).execute();
    const before = new Set((await sessionsOf()).map((s) => s.id));
    const cookieHeader = await startSession(context, id);
    const cookie = cookieHeader.split(";")[0]!;
    // The session just started: the one that was not there before.
    const { csrf_token } = (await sessionsOf()).find((s) => !before.has(s.id))!;
    return { ...user, cookie, csrf: csrf_token };
  }

  function request(
    path: string,
    init: { method?: string; user?: TestUser | null; body?: FormData | URLSearchParams; origin?: string | null } = {},
  ): Request {
    const headers = new Headers();
    if (init.user) headers.set("Cookie", init.user.cookie);
    const method = init.method ?? (init.body ? "POST" : "GET");
    if (method !== "GET" && init.origin !== null) headers.set("Origin", init.origin ?? TEST_ORIGIN);
    return new Request(`${TEST_ORIGIN}${path}`, { method, headers, body: init.body });
  }

  return {
    db,
    file,
    dir,
    env,
    config,
    context,
    addUser,
    signIn,
    request,
    setNow(iso: string) {
      now = new Date(iso);
    },
    advance(ms: number) {
      now = new Date(now.getTime() + ms);
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof createTestApp>>;

/** Runs a loader or action, returning the thrown Response (redirects, 403, 404) as a value. */
export async function call<T>(fn: () => Promise<T>): Promise<T | Response> {
  try {
    return await fn();
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

/** Status and body of what an action returned: a Response, or Remix's `data()` result. */
export function statusOf(result: unknown): number {
  if (result instanceof Response) return result.status;
  if (result && typeof result === "object" && "init" in result) {
    const init = (result as { init?: { status?: number } | null }).init;
    return init?.status ?? 200;
  }
  return 200;
}

export function dataOf<T = Record<string, unknown>>(result: unknown): T {
  if (result && typeof result === "object" && "data" in result && "init" in result) return (result as { data: T }).data;
  return result as T;
}
