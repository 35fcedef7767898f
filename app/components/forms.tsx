import { useNavigation } from "@remix-run/react";
import { useEffect, useRef, type FormEvent, type ReactNode } from "react";
import { useRootData } from "~/components/rootData";
import { FORM_KEY_FIELD } from "~/http/formKeyField";

/** The session's CSRF token, required by every state-changing POST. */
export function CsrfField() {
  const token = useRootData()?.csrfToken ?? "";
  return <input type="hidden" name="csrf" value={token} />;
}

/** This render's idempotency key: a second post of the same form stores nothing (app/http/formKey.server.ts). */
export function FormKeyField({ formKey }: { formKey: string }) {
  return <input type="hidden" name={FORM_KEY_FIELD} value={formKey} />;
}

export function Field({
  id,
  label,
  hint,
  error,
  required,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  children: ReactNode;
}) {
  return (
    <div className={`field${error ? " field--error" : ""}`}>
      <label htmlFor={id} className="field__label">
        {label}
        {required ? <span className="field__required"> (required)</span> : null}
      </label>
      {hint ? (
        <p className="field__hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p className="field__error" id={`${id}-error`} role="alert">
          {error}
        </p>
      ) : null}
      {children}
    </div>
  );
}

/** aria-describedby for an input with an optional hint and error. */
export function describedBy(id: string, hint: boolean, error: string | undefined): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

/**
 * Every problem of the form at once, in the form's order (`order` lists its
 * fields top to bottom), focused when it appears so the person scrolled to
 * the button is taken to it: by `autofocus` in the page a form post without
 * JavaScript returns, and by the effect when errors change in place.
 */
export function ErrorSummary({
  errors,
  order = [],
}: {
  errors: Partial<Record<string, string>>;
  order?: readonly string[];
}) {
  const ref = useRef<HTMLDivElement>(null);
  const position = (field: string) => (order.includes(field) ? order.indexOf(field) : order.length);
  const entries = Object.entries(errors)
    .filter((e): e is [string, string] => Boolean(e[1]))
    .sort((a, b) => position(a[0]) - position(b[0]));
  const said = entries.map((e) => e[1]).join("\n");
  useEffect(() => {
    if (said) ref.current?.focus();
  }, [said]);
  if (entries.length === 0) return null;
  return (
    // The one element that takes focus on load, and only after a post with errors (GOV.UK's error summary pattern);
    // without JavaScript nothing else can move a person scrolled to the button up to what went wrong.
    // eslint-disable-next-line jsx-a11y/no-autofocus
    <div className="error-summary" role="alert" tabIndex={-1} ref={ref} autoFocus>
      <h2>Please fix {entries.length === 1 ? "this problem" : `these ${entries.length} problems`}</h2>
      <ul>
        {entries.map(([field, message]) => (
          <li key={field}>
            <a href={`#${field}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

/**
 * A form's onSubmit that lets one submission through until the page is idle
 * again: a double click would otherwise send a second post that cancels the
 * first navigation, and the page would show the refusal of the repeat instead
 * of what the first post did.
 */
export function useOneSubmissionAtATime(): (event: FormEvent<HTMLFormElement>) => void {
  const navigation = useNavigation();
  const sending = useRef(false);
  useEffect(() => {
    if (navigation.state === "idle") sending.current = false;
  }, [navigation.state]);
  return (event) => {
    if (sending.current) event.preventDefault();
    else sending.current = true;
  };
}
