import { zodResolver } from "@hookform/resolvers/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { DateTime } from "luxon";
import { useMemo, useRef, useState, type FormEvent } from "react";
import { useForm, useWatch } from "react-hook-form";
import { requireRole } from "~/auth/session.server";
import { logRequest, NzbnHeldError } from "~/commands/logRequest.server";
import { CsrfField, describedBy, ErrorSummary, Field } from "~/components/forms";
import { useHydrated } from "~/components/hydrated";
import { readPost } from "~/http/post.server";
import { listKnownSuppliers } from "~/models/suppliers.server";
import { NZ_ZONE } from "~/workflow/nzTime";
import {
  attachmentProblems,
  logRequestSchema,
  nzbnHeldMessage,
  nzbnHolderOf,
  MAX_ATTACHMENT_BYTES,
  MAX_ATTACHMENTS,
  type KnownSupplier,
  type LogRequestFormValues,
} from "~/workflow/requestForm";
import { truncate } from "~/http/truncate";
import { fieldErrorsOf, formErrorsOf, type FieldErrors } from "~/http/fieldErrors";
import { CHANNELS, CHANNEL_LABELS, REQUEST_TYPES, REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

export const meta: MetaFunction = () => [{ title: "Log a supplier's request — Tautoko" }];

const TEXT_FIELDS = [
  "supplierName",
  "supplierNzbn",
  "supplierContactEmail",
  "requestType",
  "enduring",
  "channel",
  "receivedAt",
  "asked",
  "originalMessage",
  "contractRef",
  "conflict",
  "conflictNote",
  "useSupplierId",
] as const;

/** The form's fields top to bottom, for the error summary (attachments sit below the pasted message). */
const FIELD_ORDER = [...TEXT_FIELDS.slice(0, 9), "attachments", ...TEXT_FIELDS.slice(9)];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireRole(request, context, ["staff"]);
  return {
    suppliers: await listKnownSuppliers(context.db),
    nowLocal: DateTime.fromJSDate(context.now()).setZone(NZ_ZONE).toFormat("yyyy-LL-dd'T'HH:mm"),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireRole(request, context, ["staff"]);
  const { form, files, oversizedFields } = await readPost(request, context, user, {
    maxFileBytes: MAX_ATTACHMENT_BYTES,
    maxFieldBytes: 256 * 1024,
    maxFiles: MAX_ATTACHMENTS,
  });

  const values: Record<string, string> = {};
  for (const field of TEXT_FIELDS) {
    const value = form.get(field);
    if (typeof value === "string") values[field] = value;
  }
  const parsed = logRequestSchema(context.now).safeParse(values);
  const fieldErrors: FieldErrors = parsed.success ? {} : fieldErrorsOf(parsed.error);
  for (const field of oversizedFields)
    fieldErrors[field] = "This is far too long to store; shorten it or attach it as a file.";
  const attachments = files.filter((f) => f.field === "attachments");
  const fileProblems = attachmentProblems(attachments);
  if (fileProblems.length > 0) fieldErrors.attachments = fileProblems.join(" ");

  if (!parsed.success || Object.keys(fieldErrors).length > 0) {
    // Echo text back (not files) so a form posted without JavaScript keeps what was typed.
    const echoed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, truncate(v, 10_000)]));
    return data({ fieldErrors, values: echoed }, { status: 400 });
  }
  try {
    const { reference } = await logRequest(
      context,
      user,
      parsed.data,
      attachments.map((f) => ({ name: f.name, type: f.type, bytes: f.bytes! })),
    );
    return redirect(`/requests/${reference}?logged=1`);
  } catch (error) {
    if (!(error instanceof NzbnHeldError)) throw error;
    // Nothing was saved: say whose NZBN it is and give back everything typed.
    const echoed = Object.fromEntries(Object.entries(values).map(([k, v]) => [k, truncate(v, 10_000)]));
    const fieldErrors: FieldErrors = { supplierNzbn: nzbnHeldMessage(error.holder.name) };
    return data({ fieldErrors, values: echoed, nzbnHolder: error.holder }, { status: 400 });
  }
}

export default function LogRequest() {
  const { suppliers, nowLocal } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const hydrated = useHydrated();
  const submit = useSubmit();
  const fileInput = useRef<HTMLInputElement | null>(null);
  const schema = useMemo(() => logRequestSchema(() => new Date()), []);
  const echoed = (actionData && "values" in actionData ? actionData.values : {}) as Partial<
    Record<(typeof TEXT_FIELDS)[number], string>
  >;
  // Rendered into the HTML too (defaultValue/defaultChecked), so the form is filled in before hydration and without JavaScript.
  const defaults: LogRequestFormValues = {
    supplierName: echoed.supplierName ?? "",
    supplierNzbn: echoed.supplierNzbn ?? "",
    supplierContactEmail: echoed.supplierContactEmail ?? "",
    requestType: (echoed.requestType as LogRequestFormValues["requestType"]) ?? undefined,
    enduring: (echoed.enduring as LogRequestFormValues["enduring"]) ?? "auto",
    channel: (echoed.channel as LogRequestFormValues["channel"]) ?? undefined,
    receivedAt: echoed.receivedAt ?? nowLocal,
    asked: echoed.asked ?? "",
    originalMessage: echoed.originalMessage ?? "",
    contractRef: echoed.contractRef ?? "",
    conflict: (echoed.conflict as LogRequestFormValues["conflict"]) ?? undefined,
    conflictNote: echoed.conflictNote ?? "",
    useSupplierId: echoed.useSupplierId ?? "",
  };
  const {
    register,
    handleSubmit,
    setError,
    clearErrors,
    control,
    formState: { errors },
  } = useForm<LogRequestFormValues>({
    resolver: zodResolver(schema),
    mode: "onTouched",
    // The error summary takes focus and lists every problem; jumping to the first field would hide it.
    shouldFocusError: false,
    defaultValues: defaults,
  });
  const serverErrors: FieldErrors = actionData && "fieldErrors" in actionData ? actionData.fieldErrors : {};
  const clientErrors = formErrorsOf(errors);
  const shown: FieldErrors = { ...serverErrors, ...clientErrors };
  const conflict = useWatch({ control, name: "conflict" });
  const [typedName, typedNzbn] = useWatch({ control, name: ["supplierName", "supplierNzbn"] });
  const serverHolder: Pick<KnownSupplier, "id" | "name"> | null =
    actionData && "nzbnHolder" in actionData ? (actionData.nzbnHolder as Pick<KnownSupplier, "id" | "name">) : null;
  // Live once hydrated; without JavaScript the server says the same before saving.
  const nzbnHolder = hydrated ? nzbnHolderOf(suppliers, { name: typedName, nzbn: typedNzbn ?? "" }) : serverHolder;
  const [useHolder, setUseHolder] = useState(Boolean(echoed.useSupplierId));
  const holderChosen = nzbnHolder !== null && useHolder;
  if (nzbnHolder && !holderChosen) shown.supplierNzbn = nzbnHeldMessage(nzbnHolder.name);

  /** Says what is wrong with the chosen files, beside the other fields' errors; true when nothing is. */
  function checkFiles(): boolean {
    const files = Array.from(fileInput.current?.files ?? []).map((f) => ({ name: f.name, size: f.size }));
    const problems = attachmentProblems(files);
    if (problems.length === 0) clearErrors("root.attachments");
    else setError("root.attachments", { message: problems.join(" ") });
    return problems.length === 0;
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    const formElement = event.currentTarget;
    // The files are checked whether or not the other fields are valid, so every problem is said in one round.
    void handleSubmit(
      () => {
        if (!checkFiles() || (nzbnHolder && !holderChosen)) return;
        submit(formElement, { method: "post", encType: "multipart/form-data" });
      },
      () => void checkFiles(),
    )(event);
  }

  const text = (name: (typeof TEXT_FIELDS)[number], hint = false) => ({
    id: name,
    defaultValue: defaults[name] as string | undefined,
    "aria-invalid": shown[name] ? true : undefined,
    "aria-describedby": describedBy(name, hint, shown[name]),
  });

  return (
    <>
      <div className="page-header">
        <div>
          <h1>Log a supplier&apos;s request for an endorsement</h1>
          <p>
            Logging it sends it straight to the Procurement Excellence Manager. The answer is <strong>decline</strong>{" "}
            unless the manager approves an exception.
          </p>
        </div>
      </div>
      <ErrorSummary errors={shown} order={FIELD_ORDER} />
      <Form
        method="post"
        encType="multipart/form-data"
        noValidate
        className="panel"
        onSubmit={hydrated ? onSubmit : undefined}
      >
        <CsrfField />
        <div className="form-section">
          <h2>Supplier</h2>
          <Field id="supplierName" label="Supplier name" required error={shown.supplierName}>
            <input
              type="text"
              list="known-suppliers"
              autoComplete="off"
              {...text("supplierName")}
              {...register("supplierName")}
            />
            <datalist id="known-suppliers">
              {suppliers.map((s) => (
                <option key={s.id} value={s.name} />
              ))}
            </datalist>
          </Field>
          <Field
            id="supplierNzbn"
            label="NZBN"
            hint="Optional. The 13-digit New Zealand Business Number."
            error={shown.supplierNzbn}
          >
            <input
              type="text"
              inputMode="numeric"
              autoComplete="off"
              {...text("supplierNzbn", true)}
              {...register("supplierNzbn")}
            />
          </Field>
          {nzbnHolder ? (
            <label className="choice">
              <input
                type="checkbox"
                name="useSupplierId"
                value={nzbnHolder.id}
                defaultChecked={useHolder}
                onChange={(e) => setUseHolder(e.currentTarget.checked)}
              />{" "}
              File this request under &ldquo;{nzbnHolder.name}&rdquo;, the supplier that holds this NZBN (the name and
              contact you typed are kept on the request)
            </label>
          ) : null}
          <Field
            id="supplierContactEmail"
            label="Supplier contact email"
            hint="Optional. Used only if the manager chooses to write to the supplier."
            error={shown.supplierContactEmail}
          >
            <input
              type="email"
              autoComplete="off"
              {...text("supplierContactEmail", true)}
              {...register("supplierContactEmail")}
            />
          </Field>
        </div>

        <div className="form-section">
          <h2>The request</h2>
          <Field id="requestType" label="What did they ask for?" required error={shown.requestType}>
            <select {...text("requestType")} {...register("requestType")} defaultValue={defaults.requestType ?? ""}>
              <option value="" disabled>
                Choose one
              </option>
              {REQUEST_TYPES.map((t) => (
                <option key={t} value={t}>
                  {REQUEST_TYPE_LABELS[t]}
                </option>
              ))}
            </select>
          </Field>
          <fieldset aria-describedby="enduring-hint">
            <legend>Would the endorsement be enduring?</legend>
            <p className="field__hint" id="enduring-hint">
              Written references, quotes, case studies and use of our name last; a one-off verbal reference does not.
            </p>
            <div className="choices">
              <label className="choice">
                <input
                  type="radio"
                  value="auto"
                  defaultChecked={defaults.enduring === "auto"}
                  {...register("enduring")}
                />{" "}
                As usual for this kind of request
              </label>
              <label className="choice">
                <input
                  type="radio"
                  value="yes"
                  defaultChecked={defaults.enduring === "yes"}
                  {...register("enduring")}
                />{" "}
                Yes, enduring
              </label>
              <label className="choice">
                <input type="radio" value="no" defaultChecked={defaults.enduring === "no"} {...register("enduring")} />{" "}
                No, a single use
              </label>
            </div>
          </fieldset>
          <Field id="channel" label="How did it arrive?" required error={shown.channel}>
            <select {...text("channel")} {...register("channel")} defaultValue={defaults.channel ?? ""}>
              <option value="" disabled>
                Choose one
              </option>
              {CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {CHANNEL_LABELS[c]}
                </option>
              ))}
            </select>
          </Field>
          <Field id="receivedAt" label="When was it received? NZ time" required error={shown.receivedAt}>
            <input type="datetime-local" {...text("receivedAt")} {...register("receivedAt")} />
          </Field>
          <Field
            id="asked"
            label="What exactly was asked?"
            hint="In your words: what they want to say or use, where, and for how long."
            required
            error={shown.asked}
          >
            <textarea rows={5} {...text("asked", true)} {...register("asked")} />
          </Field>
          <Field
            id="originalMessage"
            label="The supplier's original message"
            hint="Optional. Paste the text, attach the files below, or both."
            error={shown.originalMessage}
          >
            <textarea rows={6} {...text("originalMessage", true)} {...register("originalMessage")} />
          </Field>
          <Field
            id="attachments"
            label="Attachments"
            hint={`Optional. Up to ${MAX_ATTACHMENTS} files, each at most 10 MB.`}
            error={shown.attachments}
          >
            <input
              id="attachments"
              name="attachments"
              type="file"
              multiple
              ref={fileInput}
              aria-describedby={describedBy("attachments", true, shown.attachments)}
              aria-invalid={shown.attachments ? true : undefined}
              onChange={() => clearErrors("root.attachments")}
            />
          </Field>
          <Field id="contractRef" label="Related contract reference" hint="Optional." error={shown.contractRef}>
            <input type="text" autoComplete="off" {...text("contractRef", true)} {...register("contractRef")} />
          </Field>
        </div>

        <div className="form-section">
          <h2>Your conflict of interest declaration</h2>
          <fieldset aria-describedby={describedBy("conflict", false, shown.conflict)}>
            <legend id="conflict">Do you have a conflict of interest with this supplier?</legend>
            {shown.conflict ? (
              <p className="field__error" id="conflict-error" role="alert">
                {shown.conflict}
              </p>
            ) : null}
            <div className="choices">
              <label className="choice">
                <input
                  type="radio"
                  value="none"
                  defaultChecked={defaults.conflict === "none"}
                  {...register("conflict")}
                />{" "}
                No conflict
              </label>
              <label className="choice">
                <input
                  type="radio"
                  value="declared"
                  defaultChecked={defaults.conflict === "declared"}
                  {...register("conflict")}
                />{" "}
                Yes, I declare one
              </label>
            </div>
          </fieldset>
          {conflict === "declared" || echoed.conflict === "declared" || !hydrated ? (
            <Field
              id="conflictNote"
              label="Describe the conflict"
              hint="Required if you declare a conflict. Every decider will see it."
              error={shown.conflictNote}
            >
              <textarea rows={3} {...text("conflictNote", true)} {...register("conflictNote")} />
            </Field>
          ) : null}
        </div>

        <div className="actions">
          <button className="button" type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Logging…" : "Log request and escalate"}
          </button>
        </div>
      </Form>
    </>
  );
}
