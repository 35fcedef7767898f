import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { finishProviderSignIn } from "~/auth/oidcSignIn.server";
import { ProviderSignInProblem } from "~/components/ProviderSignInProblem";

export const meta: MetaFunction = () => [{ title: "Sign in — Tautoko" }];

/** Where the agency's provider sends people back (the redirect URI registered there). */
export async function loader({ request, context }: LoaderFunctionArgs) {
  return finishProviderSignIn(request, context);
}

export default function ProviderSignInCallback() {
  return <ProviderSignInProblem {...useLoaderData<typeof loader>()} />;
}
