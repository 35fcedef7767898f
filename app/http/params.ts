/** A positive integer from a query parameter, or undefined when absent or malformed (never a 500). */
export function positiveIntParam(url: URL, name: string): number | undefined {
  const raw = url.searchParams.get(name);
  if (!raw || !/^\d{1,15}$/.test(raw)) return undefined;
  const n = Number(raw);
  return n > 0 ? n : undefined;
}
