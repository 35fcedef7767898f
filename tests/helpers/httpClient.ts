import type { RunningApp } from "./server";

const DEMO_PASSWORD = "tautoko-demo-2026";

/** A browser-like client with its own session: signs in, reads the CSRF token from a form page, posts forms. */
export class Client {
  private cookie = "";
  readonly latencies: number[] = [];
  constructor(private readonly app: RunningApp) {}

  private async send(path: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookie) headers.Cookie = this.cookie;
    if (init.body) headers.Origin = this.app.url; // as the browser sends it on a same-site form post
    const started = performance.now();
    const response = await fetch(`${this.app.url}${path}`, {
      method: init.method ?? (init.body ? "POST" : "GET"),
      headers,
      body: init.body,
      redirect: "manual",
    });
    this.latencies.push(performance.now() - started);
    return response;
  }

  async signIn(email: string): Promise<void> {
    const response = await this.send("/login", {
      body: new URLSearchParams({ email, password: DEMO_PASSWORD, redirectTo: "" }),
    });
    await response.arrayBuffer();
    if (response.status !== 302) throw new Error(`signing in as ${email} answered ${response.status}`);
    this.cookie = (response.headers.get("Set-Cookie") ?? "").split(";")[0]!;
  }

  async page(path: string): Promise<{ status: number; html: string }> {
    const response = await this.send(path);
    return { status: response.status, html: await response.text() };
  }

  async csrf(path: string): Promise<string> {
    const { status, html } = await this.page(path);
    const token = /name="csrf" value="([^"]+)"/.exec(html)?.[1];
    if (status !== 200 || !token) throw new Error(`no CSRF token on ${path} (${status})`);
    return token;
  }

  /** Posts a form; answers the status and, for a redirect, where to. */
  async post(
    path: string,
    fields: Record<string, string>,
  ): Promise<{ status: number; location: string | null; text: string }> {
    const response = await this.send(path, { body: new URLSearchParams(fields) });
    return { status: response.status, location: response.headers.get("Location"), text: await response.text() };
  }
}

// Received the day before, so it is never "in the future" whatever the machine's clock says.
const RECEIVED = new Date(Date.now() - 86_400_000).toISOString().slice(0, 16);

export function requestFields(csrf: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    csrf,
    supplierName: "Acme Building Services Ltd",
    requestType: "written_reference",
    enduring: "auto",
    channel: "email",
    receivedAt: RECEIVED,
    asked: "A written reference for a tender.",
    conflict: "none",
    ...overrides,
  };
}
