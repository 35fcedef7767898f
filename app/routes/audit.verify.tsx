import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { verifyAuditChain } from "~/audit/audit.server";
import { requireRole } from "~/auth/session.server";
import { ChainResult, HowToCheckChain, type HeadCheck } from "~/components/audit/ChainCheck";
import { AUDIT_READERS } from "~/models/search.server";
import { truncate } from "~/http/truncate";

export const meta: MetaFunction = () => [{ title: "Audit: verify the chain — Tautoko" }];

/** A GET form: verifying reads the chain and changes nothing. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, AUDIT_READERS);
  const typed = (new URL(request.url).searchParams.get("head") ?? "").trim();
  let check: HeadCheck = { kind: "none" };
  if (typed !== "")
    check = /^[0-9a-fA-F]{64}$/.test(typed)
      ? { kind: "checked", head: typed.toLowerCase() }
      : { kind: "invalid", typed: truncate(typed, 200) };
  const result = await verifyAuditChain(context.db, check.kind === "checked" ? { head: check.head } : {});
  return { result, check };
}

export default function VerifyChain() {
  const { result, check } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Verify the audit chain</h1>
          <p>
            Re-computes every event&apos;s hash from its contents and checks each link, the same check as the command
            line.
          </p>
        </div>
      </div>
      <ChainResult result={result} check={check} />
      <section className="panel" aria-labelledby="head-heading">
        <h2 id="head-heading">Check a head hash recorded earlier</h2>
        <Form method="get">
          <div className="field">
            <label htmlFor="head">Head hash (from a daily head email, or an earlier export)</label>
            <input
              id="head"
              name="head"
              className="mono"
              size={70}
              defaultValue={check.kind === "checked" ? check.head : check.kind === "invalid" ? check.typed : ""}
            />
          </div>
          <button className="button" type="submit">
            Check
          </button>
        </Form>
      </section>
      <section className="panel" aria-labelledby="howto-heading">
        <h2 id="howto-heading">Checking against the daily head emails</h2>
        <HowToCheckChain />
      </section>
    </>
  );
}
