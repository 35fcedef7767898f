import { useRouteLoaderData } from "@remix-run/react";
import type { loader } from "~/root";

/** The signed-in user and CSRF token, loaded once by the root route. */
export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}
