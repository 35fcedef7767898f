import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from "@remix-run/react";
import { requireRole } from "~/auth/session.server";
import { mergeSupplier, updateSupplier } from "~/commands/admin.server";
import { CsrfField, describedBy, ErrorSummary, Field } from "~/components/forms";
import { countRequestsOfSupplier, getSupplier, listMergeTargets } from "~/models/suppliers.server";
import { recordIdParam, supplierMergeSchema, supplierSchema } from "~/workflow/adminForms";
import { routeErrorBoundary } from "~/components/errors";
import { invalidForm, NOT_OFFERED, readTextPost, refused } from "~/http/post.server";
import type { FieldErrors } from "~/http/fieldErrors";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.supplier.name} — Suppliers — Tautoko` : "Supplier — Tautoko" },
];

function supplierNotFound(): Response {
  return new Response("We could not find that supplier.", { status: 404, statusText: "Not Found" });
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["admin"]);
  const id = recordIdParam(params.id);
  if (id === null) throw supplierNotFound();
  const supplier = await getSupplier(context.db, id);
  if (!supplier) throw supplierNotFound();
  const mergedInto = supplier.merged_into_id === null ? null : await getSupplier(context.db, supplier.merged_into_id);
  return {
    supplier: { id: supplier.id, name: supplier.name, nzbn: supplier.nzbn, contactEmail: supplier.contact_email },
    mergedInto: mergedInto ? { id: mergedInto.id, name: mergedInto.name } : null,
    requestCount: await countRequestsOfSupplier(context.db, id),
    mergeTargets: supplier.merged_into_id === null ? await listMergeTargets(context.db, id) : [],
  };
}

interface SupplierFormValues {
  name: string;
  nzbn: string;
  contactEmail: string;
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requireRole(request, context, ["admin"]);
  const form = await readTextPost(request, context, admin);
  const id = recordIdParam(params.id);
  if (id === null) throw supplierNotFound();
  const intent = form.get("intent");
  if (intent === "update") {
    const values: SupplierFormValues = {
      name: String(form.get("name") ?? ""),
      nzbn: String(form.get("nzbn") ?? ""),
      contactEmail: String(form.get("contactEmail") ?? ""),
    };
    const parsed = supplierSchema.safeParse(values);
    if (!parsed.success) {
      return invalidForm(parsed.error, { intent, values });
    }
    const result = await updateSupplier(context, admin, id, parsed.data);
    return result.ok
      ? redirect(`/admin/suppliers/${id}?done=${result.changed ? "updated" : "unchanged"}`)
      : refused(result);
  }
  if (intent === "merge") {
    const parsed = supplierMergeSchema.safeParse({ intoId: form.get("intoId") ?? undefined });
    if (!parsed.success) {
      return invalidForm(parsed.error, { intent, values: null });
    }
    const result = await mergeSupplier(context, admin, id, parsed.data.intoId);
    return result.ok
      ? redirect(`/admin/suppliers/${parsed.data.intoId}?merged=${result.requestIds.length}`)
      : refused(result);
  }
  return refused({ status: 400, reason: NOT_OFFERED }, { intent: null, values: null });
}

export default function AdminSupplier() {
  const { supplier, mergedInto, requestCount, mergeTargets } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const [params] = useSearchParams();
  const errors: FieldErrors = actionData?.fieldErrors ?? {};
  const echoed = actionData && "values" in actionData ? (actionData.values as SupplierFormValues | null) : null;
  const merged = params.get("merged");
  const done = params.get("done");
  const busy = navigation.state === "submitting";
  return (
    <>
      <p className="meta">
        <Link to="/admin">Administration</Link> › <Link to="/admin/suppliers">Suppliers</Link> › {supplier.name}
      </p>
      <div className="page-header">
        <div>
          <h1>{supplier.name}</h1>
          <p>
            Named in {requestCount} {requestCount === 1 ? "request" : "requests"}.
          </p>
        </div>
      </div>
      {!actionData && merged !== null ? (
        <p className="notice" role="status">
          The duplicate was merged into this supplier; {merged} {merged === "1" ? "request was" : "requests were"} moved
          here.
        </p>
      ) : null}
      {!actionData && done === "updated" ? (
        <p className="notice" role="status">
          The supplier&apos;s details were saved.
        </p>
      ) : null}
      {!actionData && done === "unchanged" ? (
        <p className="notice" role="status">
          Nothing had changed, so nothing was saved.
        </p>
      ) : null}
      {actionData?.formError ? (
        <p className="notice notice--danger" role="alert">
          {actionData.formError}
        </p>
      ) : null}
      <ErrorSummary errors={errors} />

      {mergedInto ? (
        <p className="notice">
          This supplier was merged into <Link to={`/admin/suppliers/${mergedInto.id}`}>{mergedInto.name}</Link>. Its
          requests are there now; edit that supplier instead.
        </p>
      ) : (
        <>
          <Form method="post" className="panel" noValidate>
            <h2>Details</h2>
            <CsrfField />
            <input type="hidden" name="intent" value="update" />
            <Field id="name" label="Name" required error={errors.name}>
              <input
                id="name"
                name="name"
                type="text"
                autoComplete="off"
                defaultValue={echoed?.name ?? supplier.name}
                aria-invalid={errors.name ? true : undefined}
                aria-describedby={describedBy("name", false, errors.name)}
              />
            </Field>
            <Field
              id="nzbn"
              label="NZBN"
              hint="Optional. The 13-digit New Zealand Business Number."
              error={errors.nzbn}
            >
              <input
                id="nzbn"
                name="nzbn"
                type="text"
                inputMode="numeric"
                autoComplete="off"
                defaultValue={echoed?.nzbn ?? supplier.nzbn ?? ""}
                aria-invalid={errors.nzbn ? true : undefined}
                aria-describedby={describedBy("nzbn", true, errors.nzbn)}
              />
            </Field>
            <Field
              id="contactEmail"
              label="Contact email"
              hint="Optional. Used only when a manager chooses to write to the supplier."
              error={errors.contactEmail}
            >
              <input
                id="contactEmail"
                name="contactEmail"
                type="email"
                autoComplete="off"
                defaultValue={echoed?.contactEmail ?? supplier.contactEmail ?? ""}
                aria-invalid={errors.contactEmail ? true : undefined}
                aria-describedby={describedBy("contactEmail", true, errors.contactEmail)}
              />
            </Field>
            <div className="actions">
              <button className="button" type="submit" disabled={busy}>
                Save details
              </button>
            </div>
          </Form>

          <Form method="post" className="panel" noValidate>
            <h2>Merge this duplicate into another supplier</h2>
            <CsrfField />
            <input type="hidden" name="intent" value="merge" />
            {mergeTargets.length === 0 ? (
              <p className="empty">There is no other supplier to merge it into.</p>
            ) : (
              <>
                <Field
                  id="intoId"
                  label="Merge into"
                  hint={`Its ${requestCount} ${requestCount === 1 ? "request moves" : "requests move"} to the supplier you choose, and this one is no longer offered. This cannot be undone.`}
                  required
                  error={errors.intoId}
                >
                  <select
                    id="intoId"
                    name="intoId"
                    defaultValue=""
                    aria-invalid={errors.intoId ? true : undefined}
                    aria-describedby={describedBy("intoId", true, errors.intoId)}
                  >
                    <option value="" disabled>
                      Choose a supplier
                    </option>
                    {mergeTargets.map((t) => (
                      <option key={t.id} value={t.id}>
                        {t.name}
                        {t.nzbn ? ` (NZBN ${t.nzbn})` : ""}
                      </option>
                    ))}
                  </select>
                </Field>
                <div className="actions">
                  <button className="button button--danger" type="submit" disabled={busy}>
                    Merge into the chosen supplier
                  </button>
                </div>
              </>
            )}
          </Form>
        </>
      )}
    </>
  );
}

/** A refusal or a bad address on this page: the error page says why in words and leads back. */
export const ErrorBoundary = routeErrorBoundary({ to: "/admin/suppliers", label: "Back to the suppliers" });
