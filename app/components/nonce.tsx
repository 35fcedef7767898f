import { createContext, useContext } from "react";

/** The per-response CSP nonce; empty in the browser, where it is not needed. */
const NonceContext = createContext("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
