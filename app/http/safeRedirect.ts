/** Control characters (which browsers drop from URLs) and backslashes (which they read as "/"). */
function hasControlOrBackslash(text: string): boolean {
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || ch === "\\") return true;
  }
  return false;
}

/**
 * Where to go after signing in: a path on this site, or `fallback`. Never
 * another origin, however the target is spelled: "//evil.example",
 * "/\t/evil.example" (browsers drop the tab), or "/.//evil.example", which a
 * URL parser folds to "//evil.example" once it removes the dot segment — so
 * the check is made on the resolved path, the one the Location will carry.
 */
export function safeRedirect(target: string | undefined, fallback: string, appOrigin: string): string {
  if (!target || !target.startsWith("/") || hasControlOrBackslash(target)) return fallback;
  let url: URL;
  try {
    url = new URL(target, appOrigin);
  } catch {
    return fallback;
  }
  const path = `${url.pathname}${url.search}`;
  if (url.origin !== appOrigin || !path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}
