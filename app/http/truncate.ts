/**
 * Shortens text to at most `max` UTF-16 code units without cutting a
 * character in two: slicing through an emoji's surrogate pair leaves a lone
 * surrogate, which is not valid Unicode and which the audit chain's canonical
 * JSON (RFC 8785) refuses.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const last = cut.charCodeAt(cut.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut;
}
