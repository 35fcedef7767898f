import { useSyncExternalStore } from "react";

const subscribe = () => () => {};

/** False during server rendering and before hydration; forms then submit natively. */
export function useHydrated(): boolean {
  return useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
}
