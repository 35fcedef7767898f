import { logRequest } from "~/commands/logRequest.server";
import { logRequestSchema } from "~/workflow/requestForm";
import { call, type TestApp, type TestUser } from "../helpers/app";

export type RouteFn<T = unknown> = (args: {
  request: Request;
  params: Record<string, string>;
  context: TestApp["context"];
}) => Promise<T>;

/** A form as the admin pages post it: the session's CSRF token plus the fields (a list for checkboxes). */
export function adminForm(user: TestUser, fields: Record<string, string | readonly string[]>): FormData {
  const form = new FormData();
  form.set("csrf", user.csrf);
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value === "string") form.set(name, value);
    else for (const v of value) form.append(name, v);
  }
  return form;
}

export function load<T>(
  app: TestApp,
  fn: RouteFn<T>,
  path: string,
  user: TestUser | null,
  params: Record<string, string> = {},
) {
  return call(() => fn({ request: app.request(path, { user }), params, context: app.context }));
}

export function post<T>(
  app: TestApp,
  fn: RouteFn<T>,
  path: string,
  user: TestUser,
  fields: Record<string, string | readonly string[]>,
  params: Record<string, string> = {},
) {
  return call(() =>
    fn({ request: app.request(path, { user, body: adminForm(user, fields) }), params, context: app.context }),
  );
}

/** Logs a request through the real command, as the logging form would. */
export async function logRequestAs(app: TestApp, requester: TestUser, supplierName: string): Promise<number> {
  const input = logRequestSchema(app.context.now).parse({
    supplierName,
    requestType: "written_reference",
    enduring: "auto",
    channel: "email",
    receivedAt: "2026-11-20T09:30",
    asked: "A written reference for a tender.",
    conflict: "none",
  });
  const { id } = await logRequest(app.context, requester, input, []);
  return id;
}

export async function auditEvents(app: TestApp, action: string) {
  const rows = await app.db
    .selectFrom("audit_events")
    .selectAll()
    .where("action", "=", action)
    .orderBy("seq")
    .execute();
  return rows.map((r) => ({ ...r, payload: JSON.parse(r.payload) as Record<string, unknown> }));
}

export async function auditCount(app: TestApp): Promise<number> {
  const { n } = await app.db
    .selectFrom("audit_events")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .executeTakeFirstOrThrow();
  return Number(n);
}

export function location(result: unknown): string | null {
  return result instanceof Response ? result.headers.get("Location") : null;
}
