import type { DB } from "#db/client";
import type { AppConfig } from "~/config.server";

/** What the server hands every loader and action: the database, settings and the clock. */
export interface TautokoContext {
  db: DB;
  config: AppConfig;
  /** Injected so tests can move time; the server passes `() => new Date()`. */
  now: () => Date;
  /** The Content-Security-Policy nonce of this response (set by the server). */
  cspNonce?: string;
  /** The client's address, for sign-in throttling. */
  clientIp?: string;
}

declare module "@remix-run/node" {
  // Loader and action types follow single fetch (remix.config.js future.v3_singleFetch).
  interface Future {
    v3_singleFetch: true;
  }

  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  interface AppLoadContext extends TautokoContext {}
}
