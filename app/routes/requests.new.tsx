import { zodResolver } from "@hookform/resolvers/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from "@remix-run/react";
import { DateTime } from "luxon";
import { useMemo, useRef, useState, type FormEvent } from "react";
import { useForm, useWatch } from "react-hook-form";
import { requireRole } from "~/auth/session.server";
import { logRequest, NzbnHeldError } from "~/commands/logRequest.server";
import { CsrfField, describedBy, ErrorSummary } from "~/components/forms";
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
import {
  ConflictSection,
  RequestSection,
  SupplierSection,
  type LogFormFields,
} from "~/components/request/LogRequestSections";
import { fieldErrorsOf, formErrorsOf, type FieldErrors } from "~/http/fieldErrors";

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

  const fields: LogFormFields = { register, text, shown, defaults };

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
        <SupplierSection
          fields={fields}
          suppliers={suppliers}
          nzbnHolder={nzbnHolder}
          useHolder={useHolder}
          onUseHolder={setUseHolder}
        />
        <RequestSection fields={fields} fileInput={fileInput} onFilesChosen={() => clearErrors("root.attachments")} />
        <ConflictSection
          fields={fields}
          showNote={conflict === "declared" || echoed.conflict === "declared" || !hydrated}
        />

        <div className="actions">
          <button className="button" type="submit" disabled={navigation.state === "submitting"}>
            {navigation.state === "submitting" ? "Logging…" : "Log request and escalate"}
          </button>
        </div>
      </Form>
    </>
  );
}
