import { hash, verify } from "@node-rs/argon2";

// OWASP's argon2id recommendation (19 MiB, 2 passes, 1 lane); the library's defaults are weaker.
const ARGON2ID = 2; // Algorithm.Argon2id (a const enum the isolated-module build cannot import)
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/**
 * Verified against a real hash even when the account does not exist, so an
 * unknown account costs the same work as a known one (no enumeration by timing).
 */
let dummyHash: Promise<string> | undefined;
export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  dummyHash ??= hashPassword("tautoko-dummy-password-for-unknown-accounts");
  const target = storedHash ?? (await dummyHash);
  try {
    const ok = await verify(target, password);
    return storedHash !== null && ok;
  } catch {
    return false;
  }
}

export const PASSWORD_MIN_LENGTH = 12;
