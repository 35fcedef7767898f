import type { ShouldRevalidateFunction } from "@remix-run/react";

/**
 * After a 409 (the request changed, or the form was already sent) the page
 * reloads what it shows, so its message and its content agree and a retry
 * carries the current revision (issue 20, item 7). Other failed posts keep the
 * default: nothing changed, so nothing to reload.
 */
export const revalidateAfterConflict: ShouldRevalidateFunction = ({ actionStatus, defaultShouldRevalidate }) =>
  actionStatus === 409 ? true : defaultShouldRevalidate;
