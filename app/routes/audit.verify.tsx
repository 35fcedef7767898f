import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { verifyAuditChain } from "~/audit/audit.server";
import { requireRole } from "~/auth/session.server";
import { ChainResult, ExportResult, HowToCheckChain, type HeadCheck } from "~/components/audit/ChainCheck";
import { CsrfField } from "~/components/forms";
import type { ExportCheck } from "~/export/exportCheck";
import { MAX_EXPORT_UPLOAD_BYTES, heldHeadOf, verifyExportText } from "~/export/verifyExport.server";
import { readPost } from "~/http/post.server";
import { parseQuery, queryText } from "~/http/query";
import { AUDIT_READERS } from "~/models/search.server";

export const meta: MetaFunction = () => [{ title: "Audit: verify the chain — Tautoko" }];

/** A head typed into the GET form: checked below, and told in place when it is not one. */
const verifyQuery = z.object({ head: queryText("head", 200) });

/** A GET form: verifying reads the chain and changes nothing. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, AUDIT_READERS);
  const typed = parseQuery(new URL(request.url), verifyQuery).head ?? "";
  let check: HeadCheck = { kind: "none" };
  if (typed !== "")
    check = /^[0-9a-fA-F]{64}$/.test(typed)
      ? { kind: "checked", head: typed.toLowerCase() }
      : { kind: "invalid", typed };
  const result = await verifyAuditChain(context.db, check.kind === "checked" ? { head: check.head } : {});
  return { result, check };
}

const unreadable = (message: string) =>
  data({ exportCheck: { kind: "unreadable", message } as ExportCheck }, { status: 400 });

/** An uploaded export, verified by the README's recipe; a POST only because a file needs one, nothing changes. */
export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, AUDIT_READERS);
  const { form, files } = await readPost(request, context, user, {
    maxFileBytes: MAX_EXPORT_UPLOAD_BYTES,
    maxFieldBytes: 1024,
    maxFiles: 1,
  });
  const held = heldHeadOf(form.get("heldHead"));
  if (!held.ok) return unreadable("That is not a head hash: a head hash is 64 characters, each 0–9 or a–f.");
  const upload = files.find((file) => file.field === "export");
  if (upload === undefined) return unreadable("Choose the export file to verify.");
  if (upload.bytes === null) {
    return unreadable(
      `The file is larger than ${MAX_EXPORT_UPLOAD_BYTES / 1024 / 1024} MB. Verify it with the script in the README.`,
    );
  }
  const exportCheck = verifyExportText(new TextDecoder().decode(upload.bytes), held.head);
  return data({ exportCheck }, { status: exportCheck.kind === "unreadable" ? 400 : 200 });
}

export default function VerifyChain() {
  const { result, check } = useLoaderData<typeof loader>();
  const uploaded = useActionData<typeof action>();
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
      <section className="panel" aria-labelledby="upload-heading">
        <h2 id="upload-heading">Verify an export file</h2>
        <p>
          Checks a JSON export (from <code>/audit/export.json</code>) by the recipe in the README, the same check its
          Node and Python scripts make. For a partial export, give the head it continues from.
        </p>
        <Form method="post" encType="multipart/form-data">
          <CsrfField />
          <div className="field">
            <label htmlFor="export">Export file (JSON)</label>
            <input id="export" name="export" type="file" accept="application/json,.json" required />
          </div>
          <div className="field">
            <label htmlFor="heldHead">Held head it continues from (only for an export made with fromHead)</label>
            <input id="heldHead" name="heldHead" className="mono" size={70} />
          </div>
          <button className="button" type="submit">
            Verify the file
          </button>
        </Form>
        {uploaded ? <ExportResult check={uploaded.exportCheck} /> : null}
      </section>
      <section className="panel" aria-labelledby="howto-heading">
        <h2 id="howto-heading">Checking against the daily head emails</h2>
        <HowToCheckChain />
      </section>
    </>
  );
}
