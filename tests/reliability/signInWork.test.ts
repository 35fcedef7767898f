import type * as Argon2 from "@node-rs/argon2";
import { verify } from "@node-rs/argon2";
import { afterEach, describe, expect, it, vi } from "vitest";
import { action as loginAction } from "~/routes/login";
import { call, createTestApp, statusOf, type TestApp } from "../helpers/app";

// Observation only: `vi.spyOn` cannot reach an ESM binding (the namespace is not configurable, and the
// package's export is the native function itself), so the module is wrapped with a spy that calls the real
// argon2 verify every time — the same thing spyOn without a mock implementation would do.
vi.mock("@node-rs/argon2", async (importOriginal) => {
  const real = await importOriginal<typeof Argon2>();
  return { ...real, verify: vi.fn(real.verify) };
});

async function login(app: TestApp, email: string, password: string) {
  const body = new URLSearchParams({ email, password, redirectTo: "" });
  return call(() => loginAction({ request: app.request("/login", { body }), params: {}, context: app.context }));
}

// The argon2id parameters every stored hash carries (README, "Security in brief").
const FULL_COST = "$argon2id$v=19$m=19456,t=2,p=1$";

afterEach(() => {
  vi.mocked(verify).mockClear();
});

describe("no account enumeration by hashing work", () => {
  it("an unknown or disabled account costs one real argon2id verification at full cost, as a known one does", async () => {
    const app = await createTestApp();
    await app.addUser("aroha@tautoko.test", ["staff"]);
    const disabled = await app.addUser("old@tautoko.test", ["staff"]);
    await app.db.updateTable("users").set({ active: 0 }).where("id", "=", disabled.id).execute();

    const verified = async (email: string) => {
      vi.mocked(verify).mockClear();
      expect(statusOf(await login(app, email, "not the password"))).toBe(401);
      const calls = vi.mocked(verify).mock;
      return {
        hashes: calls.calls.map(([hash]) => String(hash).slice(0, FULL_COST.length)),
        answers: await Promise.all(calls.results.map((r) => r.value as Promise<boolean>)),
      };
    };
    const wrongPassword = { hashes: [FULL_COST], answers: [false] };
    expect(await verified("aroha@tautoko.test")).toEqual(wrongPassword);
    expect(await verified("nobody@tautoko.test")).toEqual(wrongPassword);
    expect(await verified("old@tautoko.test")).toEqual(wrongPassword);
  });
});
