/** The hidden field that carries a rendered form's idempotency key (app/http/formKey.server.ts). */
export const FORM_KEY_FIELD = "formKey";
