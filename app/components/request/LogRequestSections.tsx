import type { RefObject } from "react";
import type { UseFormRegister } from "react-hook-form";
import { describedBy, Field } from "~/components/forms";
import type { FieldErrors } from "~/http/fieldErrors";
import { MAX_ATTACHMENTS, type KnownSupplier, type LogRequestFormValues } from "~/workflow/requestForm";
import { CHANNELS, CHANNEL_LABELS, REQUEST_TYPES, REQUEST_TYPE_LABELS } from "~/workflow/vocabulary";

/**
 * The logging form's three sections (the supplier, the request, the
 * requester's conflict declaration). The page owns the form state
 * (react-hook-form, the server's echo and errors) and hands each section
 * what it needs to render its fields, filled in before hydration too.
 */

type TextField = Exclude<keyof LogRequestFormValues, "attachments">;

/** What every section's fields are drawn from. */
export interface LogFormFields {
  register: UseFormRegister<LogRequestFormValues>;
  /** The id, default value and ARIA wiring of a field, by its name. */
  text: (
    name: TextField,
    hint?: boolean,
  ) => {
    id: string;
    defaultValue: string | undefined;
    "aria-invalid": boolean | undefined;
    "aria-describedby": string | undefined;
  };
  shown: FieldErrors;
  defaults: LogRequestFormValues;
}

export function SupplierSection({
  fields: { register, text, shown },
  suppliers,
  nzbnHolder,
  useHolder,
  onUseHolder,
}: {
  fields: LogFormFields;
  suppliers: ReadonlyArray<{ id: number; name: string }>;
  nzbnHolder: Pick<KnownSupplier, "id" | "name"> | null;
  useHolder: boolean;
  onUseHolder: (use: boolean) => void;
}) {
  return (
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
            onChange={(e) => onUseHolder(e.currentTarget.checked)}
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
  );
}

export function RequestSection({
  fields: { register, text, shown, defaults },
  fileInput,
  onFilesChosen,
}: {
  fields: LogFormFields;
  fileInput: RefObject<HTMLInputElement>;
  onFilesChosen: () => void;
}) {
  return (
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
            <input type="radio" value="auto" defaultChecked={defaults.enduring === "auto"} {...register("enduring")} />{" "}
            As usual for this kind of request
          </label>
          <label className="choice">
            <input type="radio" value="yes" defaultChecked={defaults.enduring === "yes"} {...register("enduring")} />{" "}
            Yes, enduring
          </label>
          <label className="choice">
            <input type="radio" value="no" defaultChecked={defaults.enduring === "no"} {...register("enduring")} /> No,
            a single use
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
          onChange={onFilesChosen}
        />
      </Field>
      <Field id="contractRef" label="Related contract reference" hint="Optional." error={shown.contractRef}>
        <input type="text" autoComplete="off" {...text("contractRef", true)} {...register("contractRef")} />
      </Field>
    </div>
  );
}

export function ConflictSection({
  fields: { register, text, shown, defaults },
  showNote,
}: {
  fields: LogFormFields;
  /** The note box shows once a conflict is declared, and always without JavaScript. */
  showNote: boolean;
}) {
  return (
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
            <input type="radio" value="none" defaultChecked={defaults.conflict === "none"} {...register("conflict")} />{" "}
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
      {showNote ? (
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
  );
}
