import { useEffect, useState } from "react";

/** False during server rendering and before hydration; forms then submit natively. */
export function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}
