import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { DateTime } from "luxon";
import { forbidden, requireUser } from "~/auth/session.server";
import { readRequestPost, requireVisibleRequest } from "~/auth/viewer.server";
import { applyRequestEvent } from "~/commands/requestEvents.server";
import { actorFor } from "~/models/actors.server";
import { loadSnapshot } from "~/models/requestSnapshot.server";
import type { Corrections } from "~/workflow/lifecycle";
import { CsrfField, ErrorSummary, Field } from "~/components/forms";
import { getSupplier, listKnownSuppliers } from "~/models/suppliers.server";
import { availableEvents } from "~/workflow/policy";
import { correctRequestSchema, enduringByDefault, type KnownSupplier } from "~/workflow/requestForm";
import { NZ_ZONE } from "~/workflow/nzTime";
import { RequestErrorBoundary } from "~/components/errors";
import { CHANNELS, CHANNEL_LABELS, REQUEST_TYPES, REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";
import type { FieldErrors } from "~/http/fieldErrors";
import { invalidForm, refused } from "~/http/post.server";

export const meta: MetaFunction = () => [{ title: "Correct a request — Tautoko" }];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const { request: req } = await requireVisibleRequest(context, user, params.reference);
  const now = context.now();
  const offered = availableEvents(await loadSnapshot(context.db, req), await actorFor(context.db, user, now), now);
  if (!offered.includes("correct"))
    throw forbidden("Only the person who logged a request can correct it, and only while it is undecided.");
  return {
    reference: req.reference,
    revision: req.revision,
    // The supplier may be corrected to another (audited with both names): a typed NZBN may have filed it wrongly.
    suppliers: withCurrent(await listKnownSuppliers(context.db), {
      id: req.supplier_id,
      name: req.supplier_name,
      nzbn: req.supplier_nzbn,
    }),
    values: {
      supplierId: String(req.supplier_id),
      supplierContactEmail: req.contact_email ?? "",
      requestType: req.request_type,
      enduring: req.enduring === 1 ? "yes" : "no",
      channel: req.channel,
      receivedAt: DateTime.fromISO(req.received_at).setZone(NZ_ZONE).toFormat("yyyy-LL-dd'T'HH:mm"),
      asked: req.asked,
      originalMessage: req.original_message ?? "",
      contractRef: req.contract_ref ?? "",
    },
  };
}

/** The list always holds the request's own supplier, so the form never defaults to another. */
function withCurrent(suppliers: KnownSupplier[], current: KnownSupplier): KnownSupplier[] {
  return suppliers.some((s) => s.id === current.id) ? suppliers : [current, ...suppliers];
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const posted = await readRequestPost(request, context, params.reference, (viewer, req) =>
    req.requester_id === viewer.userId ? null : "Only the person who logged a request can correct it.",
  );
  const { user, req } = posted;
  const form = Object.fromEntries(posted.form);
  const parsed = correctRequestSchema(context.now).safeParse(form);
  if (!parsed.success) return invalidForm(parsed.error);
  const v = parsed.data;
  const supplier = await getSupplier(context.db, v.supplierId);
  if (!supplier || supplier.merged_into_id !== null) {
    return refused({ status: 400, field: "supplierId", reason: "Choose the supplier from the list." });
  }
  const wanted: Corrections = {
    supplier_id: supplier.id,
    contact_email: v.supplierContactEmail ?? null,
    request_type: v.requestType,
    enduring: (v.enduring === "auto" ? enduringByDefault(v.requestType) : v.enduring === "yes") ? 1 : 0,
    channel: v.channel,
    received_at: v.receivedAt,
    asked: v.asked,
    original_message: v.originalMessage ?? null,
    contract_ref: v.contractRef ?? null,
  };
  // Only what actually changed is written and audited, with its old and new value.
  const corrections: Corrections = {};
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, to] of Object.entries(wanted) as Array<[keyof Corrections, Corrections[keyof Corrections]]>) {
    if (req[key] !== to) {
      changes[key] = { from: req[key], to };
      Object.assign(corrections, { [key]: to });
    }
  }
  if (changes.supplier_id) {
    changes.supplier_id = {
      from: { id: req.supplier_id, name: req.supplier_name },
      to: { id: supplier.id, name: supplier.name },
    };
  }
  const result = await applyRequestEvent(
    context,
    req.id,
    { type: "correct", revision: v.revision, changes, corrections },
    user,
  );
  return result.ok ? redirect(`/requests/${req.reference}?done=correct`) : refused(result);
}

export default function CorrectRequest() {
  const { reference, revision, suppliers, values } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const errors: FieldErrors = actionData?.fieldErrors ?? {};
  return (
    <>
      <div className="page-header">
        <div>
          <h1>Correct {reference}</h1>
          <p>Corrections are recorded in the request&apos;s timeline with what changed.</p>
        </div>
      </div>
      {actionData?.formError ? (
        <div className="notice notice--danger" role="alert">
          {actionData.formError}
        </div>
      ) : null}
      <ErrorSummary errors={errors} />
      <Form method="post" noValidate className="panel">
        <CsrfField />
        <input type="hidden" name="revision" value={revision} />
        <Field
          id="supplierId"
          label="Supplier"
          hint="If the request was filed under the wrong supplier, choose the right one. The change is audited."
          required
          error={errors.supplierId}
        >
          <select id="supplierId" name="supplierId" defaultValue={values.supplierId}>
            {suppliers.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
                {s.nzbn ? ` (NZBN ${s.nzbn})` : ""}
              </option>
            ))}
          </select>
        </Field>
        <Field
          id="supplierContactEmail"
          label="Supplier contact email the request arrived with"
          error={errors.supplierContactEmail}
        >
          <input
            type="email"
            id="supplierContactEmail"
            name="supplierContactEmail"
            defaultValue={values.supplierContactEmail}
          />
        </Field>
        <Field id="requestType" label="What did they ask for?" required error={errors.requestType}>
          <select id="requestType" name="requestType" defaultValue={values.requestType}>
            {REQUEST_TYPES.map((t) => (
              <option key={t} value={t}>
                {REQUEST_TYPE_LABELS[t]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="enduring" label="Would the endorsement be enduring?" error={errors.enduring}>
          <select id="enduring" name="enduring" defaultValue={values.enduring}>
            <option value="yes">Yes, enduring</option>
            <option value="no">No, a single use</option>
          </select>
        </Field>
        <Field id="channel" label="How did it arrive?" required error={errors.channel}>
          <select id="channel" name="channel" defaultValue={values.channel}>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {CHANNEL_LABELS[c]}
              </option>
            ))}
          </select>
        </Field>
        <Field id="receivedAt" label="When was it received? (NZ time)" required error={errors.receivedAt}>
          <input type="datetime-local" id="receivedAt" name="receivedAt" defaultValue={values.receivedAt} />
        </Field>
        <Field id="asked" label="What exactly was asked?" required error={errors.asked}>
          <textarea id="asked" name="asked" rows={5} defaultValue={values.asked} />
        </Field>
        <Field id="originalMessage" label="The supplier's original message" error={errors.originalMessage}>
          <textarea id="originalMessage" name="originalMessage" rows={6} defaultValue={values.originalMessage} />
        </Field>
        <Field id="contractRef" label="Related contract reference" error={errors.contractRef}>
          <input type="text" id="contractRef" name="contractRef" defaultValue={values.contractRef} />
        </Field>
        <div className="actions">
          <button className="button" type="submit">
            Save corrections
          </button>
          <Link to={`/requests/${reference}`}>Back to the request</Link>
        </div>
      </Form>
    </>
  );
}

/** A request that cannot be found or acted on here: the error page leads back to the request. */
export const ErrorBoundary = RequestErrorBoundary;
