/**
 * A form's text as the database can store it: PostgreSQL refuses a NUL
 * character in text, and no field of ours has a use for one, so a form with
 * one is a 400 on either engine rather than a 500 on one.
 */
export function refuseNulCharacters(form: FormData): FormData {
  for (const [, value] of form) {
    if (typeof value === "string" && value.includes("\u0000")) {
      throw new Response("The form contains a NUL character, which cannot be stored. Remove it and try again.", {
        status: 400,
        statusText: "Bad Request",
      });
    }
  }
  return form;
}

/** The urlencoded or multipart form of `request`, refused when a field holds a NUL character. */
export async function readTextForm(request: Request): Promise<FormData> {
  return refuseNulCharacters(await request.formData());
}
