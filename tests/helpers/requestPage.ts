import { action as requestAction } from "~/routes/requests.$reference";
import { call, type TestApp, type TestUser } from "./app";

/** Posts `fields` to the request page's action as `user`, with their CSRF token, as the page's forms do. */
export function postToRequest(app: TestApp, user: TestUser, reference: string, fields: Record<string, string>) {
  const body = new URLSearchParams({ csrf: user.csrf, ...fields });
  return call(() =>
    requestAction({
      request: app.request(`/requests/${reference}`, { user, body }),
      params: { reference },
      context: app.context,
    }),
  );
}

/** A manager's decline of the request at `revision`, as the decision form sends it. */
export const declineFields = (revision: number) => ({
  intent: "decide",
  decision: "decline",
  revision: String(revision),
  conflict: "none",
  reason: "Our policy is to decline.",
});
