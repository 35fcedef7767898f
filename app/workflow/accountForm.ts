import { z } from "zod";

/** The same minimum as `PASSWORD_MIN_LENGTH` in ~/auth/password.server (here so the browser can check it too). */
export const NEW_PASSWORD_MIN_LENGTH = 12;
const MAX_PASSWORD_LENGTH = 1000;

/** Changing one's own password: the current one, then the new one twice. */
export const changePasswordSchema = z
  .object({
    currentPassword: z
      .string({ required_error: "Enter your current password." })
      .min(1, "Enter your current password.")
      .max(MAX_PASSWORD_LENGTH, "That is longer than any password here."),
    newPassword: z
      .string({ required_error: `Enter a new password of at least ${NEW_PASSWORD_MIN_LENGTH} characters.` })
      .min(NEW_PASSWORD_MIN_LENGTH, `The new password must be at least ${NEW_PASSWORD_MIN_LENGTH} characters.`)
      .max(MAX_PASSWORD_LENGTH, "The new password must be at most 1,000 characters."),
    confirmPassword: z.string({ required_error: "Enter the new password again." }),
  })
  .refine((v) => v.confirmPassword === v.newPassword, {
    message: "The two new passwords are not the same.",
    path: ["confirmPassword"],
  })
  .refine((v) => v.newPassword !== v.currentPassword, {
    message: "Choose a new password that differs from the current one.",
    path: ["newPassword"],
  });

export type ChangePasswordInput = z.output<typeof changePasswordSchema>;
