/**
 * A form's text as the database can store it: PostgreSQL refuses a NUL
 * character in text, and no field of ours has a use for one, so a form with
 * one is a 400 on either engine rather than a 500 on one. `stored` limits the
 * check to the fields that are written (sign-in ignores a bad redirect target).
 */
export function refuseNulCharacters(form: FormData, stored?: readonly string[]): FormData {
  for (const [field, value] of form) {
    if (stored !== undefined && !stored.includes(field)) continue;
    if (typeof value === "string" && value.includes("\u0000")) {
      throw new Response("The form contains a NUL character, which cannot be stored. Remove it and try again.", {
        status: 400,
        statusText: "Bad Request",
      });
    }
  }
  return form;
}

/** The urlencoded or multipart form of `request`, refused when a (stored) field holds a NUL character. */
export async function readTextForm(request: Request, stored?: readonly string[]): Promise<FormData> {
  return refuseNulCharacters(await request.formData(), stored);
}
