import { z } from "zod";
import type { Role } from "#db/schema";
import { nzbnField, optionalEmailField, supplierNameField } from "~/workflow/supplierFields";
import { ROLES as ROLE_CHOICES, ROLE_LABELS } from "~/workflow/vocabulary";

/**
 * The administration forms' schemas and rules, shared by browser and server
 * (DESIGN.md, "Users and roles": admins manage users, roles and suppliers and
 * reassign a leaver's requests; they make no decisions).
 */
export { ROLE_CHOICES, ROLE_LABELS };

export const ROLE_HINTS: Record<Role, string> = {
  staff: "Logs supplier requests and follows their own.",
  procurement_manager: "Receives escalations and decides requests.",
  auditor: "Reads everything, including the audit log; changes nothing.",
  admin: "Manages users and suppliers; makes no decisions.",
};

/** The same minimum as `PASSWORD_MIN_LENGTH` in ~/auth/password.server (kept here so the browser can check it). */
export const INITIAL_PASSWORD_MIN_LENGTH = 12;

const roles = z
  .array(z.enum(ROLE_CHOICES, { errorMap: () => ({ message: "Choose roles from the list." }) }), {
    invalid_type_error: "Choose at least one role.",
  })
  .min(1, "Choose at least one role. To stop someone signing in, disable their account instead.")
  .transform((rs) => ROLE_CHOICES.filter((r) => rs.includes(r)));

export const newUserSchema = z.object({
  email: z
    .string({ required_error: "Enter the person's email address." })
    .trim()
    .min(1, "Enter the person's email address.")
    .max(254, "That email address is too long.")
    .email("Enter a valid email address, like name@kaingaora.govt.nz."),
  name: z
    .string({ required_error: "Enter the person's full name." })
    .trim()
    .min(1, "Enter the person's full name.")
    .max(200, "The name must be at most 200 characters."),
  roles,
  password: z
    .string({ required_error: `Enter an initial password of at least ${INITIAL_PASSWORD_MIN_LENGTH} characters.` })
    .min(
      INITIAL_PASSWORD_MIN_LENGTH,
      `The initial password must be at least ${INITIAL_PASSWORD_MIN_LENGTH} characters.`,
    )
    .max(1000, "The initial password must be at most 1,000 characters."),
});

export type NewUserInput = z.output<typeof newUserSchema>;

export const userRolesSchema = z.object({ roles });

export const supplierSchema = z.object({
  name: supplierNameField,
  nzbn: nzbnField,
  contactEmail: optionalEmailField,
});

export type SupplierInput = z.output<typeof supplierSchema>;

const recordId = (message: string) =>
  z
    .string({ required_error: message })
    .trim()
    .regex(/^\d{1,15}$/, message)
    .transform(Number)
    .refine((n) => n > 0, message);

export const supplierMergeSchema = z.object({
  intoId: recordId("Choose the supplier to merge this one into."),
});

export const reassignSchema = z
  .object({
    fromUserId: recordId("Choose whose requests to reassign."),
    toUserId: recordId("Choose who takes the requests over."),
    /** A checkbox: disable the leaver's account in the same step. */
    disableFrom: z
      .string()
      .optional()
      .transform((v) => v === "on"),
  })
  .superRefine((v, ctx) => {
    if (v.fromUserId === v.toUserId) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["toUserId"],
        message: "Choose a different person: the requests already belong to them.",
      });
    }
  });

/** A record id from the URL (`/admin/users/42`), or null when it is not one (the route answers 404). */
export function recordIdParam(value: string | undefined): number | null {
  if (!value || !/^\d{1,15}$/.test(value)) return null;
  const n = Number(value);
  return n > 0 ? n : null;
}

/**
 * Why an administrator may not change this person's roles, or null when they
 * may. Nobody changes their own roles (DESIGN.md), and the last active
 * administrator keeps the role so someone can still manage accounts.
 */
export function roleChangeRefusal(
  actorId: number,
  target: { id: number; active: boolean; roles: readonly Role[] },
  nextRoles: readonly Role[],
  otherActiveAdmins: number,
): { status: 403 | 409; message: string } | null {
  if (actorId === target.id) {
    return { status: 403, message: "Nobody may change their own roles. Ask another administrator to do it." };
  }
  const removesAdmin = target.roles.includes("admin") && !nextRoles.includes("admin");
  if (removesAdmin && target.active && otherActiveAdmins === 0) {
    return {
      status: 409,
      message: "This is the last active administrator. Give someone else the administrator role first.",
    };
  }
  return null;
}

/** Why an administrator may not disable this account, or null when they may. */
export function disableRefusal(
  actorId: number,
  target: { id: number; active: boolean; roles: readonly Role[] },
  otherActiveAdmins: number,
): { status: 403 | 409; message: string } | null {
  if (actorId === target.id) {
    return { status: 403, message: "You cannot disable your own account. Ask another administrator to do it." };
  }
  if (target.active && target.roles.includes("admin") && otherActiveAdmins === 0) {
    return {
      status: 409,
      message: "This is the last active administrator. Give someone else the administrator role first.",
    };
  }
  return null;
}

/**
 * Why a person's requests may not be reassigned now, or null. Reassignment is
 * for a leaver (DESIGN.md "Separation of duties"): from a disabled account, or
 * one the same step disables, never from someone still at work.
 */
export function reassignRefusal(
  from: { name: string; active: boolean },
  disablingToo: boolean,
): { status: 409; message: string } | null {
  if (from.active && !disablingToo) {
    return {
      status: 409,
      message: `${from.name}'s account is still active. Reassignment is for someone who has left: disable the account as part of this step, or first.`,
    };
  }
  return null;
}

/** The one field-error shape (a bad role in `roles.2` is an error on `roles`), under the names admin pages import. */
export { fieldErrorsOf as adminFieldErrors, type FieldErrors as AdminFieldErrors } from "~/http/fieldErrors";

/** The roles a form posted as checkboxes: every value of `roles`. */
export function rolesFromForm(form: FormData): string[] {
  return form.getAll("roles").filter((v): v is string => typeof v === "string");
}
