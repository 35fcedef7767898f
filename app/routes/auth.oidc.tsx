import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { startProviderSignIn } from "~/auth/oidcSignIn.server";
import { ProviderSignInProblem } from "~/components/ProviderSignInProblem";

export const meta: MetaFunction = () => [{ title: "Sign in — Tautoko" }];

/** "Sign in with …": off to the agency's provider, or a plain page when it cannot be reached. */
export async function loader({ context }: LoaderFunctionArgs) {
  return startProviderSignIn(context);
}

export default function StartProviderSignIn() {
  return <ProviderSignInProblem {...useLoaderData<typeof loader>()} />;
}
