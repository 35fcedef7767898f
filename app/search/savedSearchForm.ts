import { z } from "zod";

/**
 * The forms that save and delete an auditor's named search on /audit
 * (issue 21, item 7): bounded, and the query is only what the search page
 * would read from its own address (checked again by its parser on saving).
 */

export const SAVED_NAME_MAX = 80;
export const SAVED_QUERY_MAX = 2000;

/** The search on the page when the form was posted: where either form returns to. */
const query = z.string().max(SAVED_QUERY_MAX, "This search is too long to save; take out some filters.");

export const savedSearchForm = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("save"),
    query,
    name: z
      .string()
      .trim()
      .min(1, "Give the search a name.")
      .max(SAVED_NAME_MAX, `Keep the name to ${SAVED_NAME_MAX} characters.`),
  }),
  z.object({
    intent: z.literal("delete"),
    query,
    id: z
      .string()
      .regex(/^\d{1,15}$/, "Choose a saved search to delete.")
      .transform(Number)
      // An id the column could hold: PostgreSQL refuses a larger integer with an error.
      .refine((id) => id <= 2147483647, "Choose a saved search to delete."),
  }),
]);
