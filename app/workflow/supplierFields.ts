import { z } from "zod";

/**
 * A supplier's name, NZBN and contact address, as every form that takes them
 * checks them (logging and correcting a request, the admin's supplier page):
 * one rule, so a supplier an admin can save is one staff can log, and back.
 */

export const supplierNameField = z
  .string({ required_error: "Enter the supplier's name." })
  .trim()
  .min(1, "Enter the supplier's name.")
  .max(200, "The supplier's name must be at most 200 characters.");

/** Spaces are dropped, as NZBNs are often written in groups of digits. */
export const nzbnField = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v.replace(/\s+/g, "") : undefined))
  .refine((v) => v === undefined || /^\d{13}$/.test(v), "An NZBN has exactly 13 digits.");

export const optionalEmailField = z
  .string()
  .trim()
  .max(254, "That email address is too long.")
  .optional()
  .transform((v) => (v ? v : undefined))
  .refine(
    (v) => v === undefined || z.string().email().safeParse(v).success,
    "Enter a valid email address, like name@example.co.nz.",
  );
