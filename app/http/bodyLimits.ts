import { MAX_ATTACHMENT_BYTES, MAX_ATTACHMENTS } from "~/workflow/requestForm";

/** Sign-in sends an email address, a password and where to go next. */
export const SIGN_IN_BODY_BYTES = 16 * 1024;
/** The largest ordinary form is an endorsement draft: 20,000 characters, percent-encoded. */
export const FORM_BODY_BYTES = 512 * 1024;
/** Logging a request: ten 10 MB files, the text fields, and multipart's own framing. */
export const UPLOAD_BODY_BYTES = MAX_ATTACHMENTS * MAX_ATTACHMENT_BYTES + 2 * 1024 * 1024;
/** An audit export uploaded to the verify page (parsed whole there; larger ones verify with the scripts). */
export const EXPORT_UPLOAD_BYTES = 32 * 1024 * 1024;
const EXPORT_UPLOAD_BODY_BYTES = EXPORT_UPLOAD_BYTES + 64 * 1024;

/** The route a path reaches, as Remix matches it: any case, a trailing slash, or single fetch's `.data`. */
function routePathOf(pathname: string): string {
  return pathname
    .toLowerCase()
    .replace(/\.data$/, "")
    .replace(/\/+$/, "");
}

/**
 * The most a request to this path may send. The HTTP server refuses a larger
 * declared body before reading it, and the form reader stops at this many bytes.
 */
export function bodyLimitFor(pathname: string): number {
  const route = routePathOf(pathname);
  if (route === "/requests/new") return UPLOAD_BODY_BYTES;
  if (route === "/login") return SIGN_IN_BODY_BYTES;
  if (route === "/audit/verify") return EXPORT_UPLOAD_BODY_BYTES;
  return FORM_BODY_BYTES;
}

export function tooLargeMessage(limit: number): string {
  const size = limit >= 1024 * 1024 ? `${Math.floor(limit / (1024 * 1024))} MB` : `${Math.floor(limit / 1024)} KB`;
  return `That was more than this page accepts (${size}), so it was not read. Go back, shorten it and try again.`;
}
