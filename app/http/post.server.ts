import { data, type AppLoadContext } from "@remix-run/node";
import type { z } from "zod";
import { assertCsrfToken, assertSameOrigin } from "~/auth/csrf.server";
import type { SignedInUser } from "~/auth/session.server";
import { fieldErrorsOf, type FieldErrors } from "~/http/fieldErrors";
import { readForm, readTextForm, type FormLimits, type ParsedForm } from "~/http/form.server";

/**
 * One way to read and answer a post (issue 16, item 3): checked in the same
 * order on every route (our origin, a body bounded before it is read, the
 * session's CSRF token), parsed with the form's shared zod schema, and
 * answered in one shape, whether the form was wrong or the post was refused.
 */

/** A signed-in person's post with files (logging a request, verifying an export). */
export async function readPost(
  request: Request,
  context: AppLoadContext,
  user: SignedInUser,
  limits: FormLimits,
): Promise<ParsedForm> {
  assertSameOrigin(request, context);
  const parsed = await readForm(request, limits);
  assertCsrfToken(parsed.form, user);
  return parsed;
}

/** A signed-in person's text-only post: every page but logging and verifying. */
export async function readTextPost(request: Request, context: AppLoadContext, user: SignedInUser): Promise<FormData> {
  assertSameOrigin(request, context);
  const form = await readTextForm(request);
  assertCsrfToken(form, user);
  return form;
}

/**
 * A post made before anyone is signed in (the sign-in form): our origin and a
 * bounded body, as every post; there is no session yet whose CSRF token it
 * could carry, and SameSite cookies plus the origin check stand in for it.
 */
export async function readSignInPost(
  request: Request,
  context: AppLoadContext,
  stored: readonly string[],
): Promise<FormData> {
  assertSameOrigin(request, context);
  return readTextForm(request, stored);
}

/** Why a post was refused, whoever refused it (the workflow core, a command, an admin rule, a delegation rule). */
export interface Refusal {
  status: 400 | 403 | 404 | 409;
  reason: string;
  /** The field the refusal is about, shown beside it; the whole form's otherwise. */
  field?: string;
  /** A machine-readable kind, for pages that act on it (a stale revision reloads the request). */
  code?: string;
}

/** The refusal of a post whose intent the page does not offer (a stale or hand-made form). */
export const NOT_OFFERED = "That action is not one this page offers. Reload the page and try again.";

/** What a command answers when it refuses: the one shape, marked as not done. */
export type Refused = Refusal & { ok: false };

/** What every form's action answers when it did not do what was asked. */
export interface FormAnswer {
  formError: string | null;
  fieldErrors: FieldErrors;
  code: string | null;
}

/** The answer of a post that asks a question back (confirm a decline) instead of failing. */
export const NOTHING_WRONG: FormAnswer = { formError: null, fieldErrors: {}, code: null };

/**
 * The form's field errors, every one at once, as a 400. `extra` carries what
 * the page echoes back (intent, values); `alsoWrong` what the core would
 * refuse beside them, each under its field, behind the field's own error.
 */
export function invalidForm<E extends object = Record<never, never>>(
  error: z.ZodError,
  extra?: E,
  alsoWrong: FieldErrors = {},
) {
  const answer: FormAnswer = { formError: null, fieldErrors: { ...alsoWrong, ...fieldErrorsOf(error) }, code: null };
  return data({ ...answer, ...(extra as E) }, { status: 400 });
}

/**
 * A refusal as the page shows it: 403 and 404 as the route's error page (the
 * person may not be here at all), the rest beside the form they can correct.
 * The workflow core's refusal of one step names its code and stays beside the
 * form whatever its status: the person may be on the page, not take that step.
 */
export function refused<E extends object = Record<never, never>>(refusal: Refusal, extra?: E) {
  if (refusal.status === 404 || (refusal.status === 403 && refusal.code === undefined)) {
    throw new Response(refusal.reason, {
      status: refusal.status,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  const answer: FormAnswer = {
    formError: refusal.field ? null : refusal.reason,
    fieldErrors: refusal.field ? { [refusal.field]: refusal.reason } : {},
    code: refusal.code ?? null,
  };
  return data({ ...answer, ...(extra as E) }, { status: refusal.status });
}
