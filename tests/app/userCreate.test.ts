import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "#db/client";
import { PROJECT_ROOT } from "~/cli/paths";
import { getRoles } from "~/models/users.server";
import { tempDir } from "../helpers/tempDir";

/** Each run starts npm and tsx afresh: several seconds apiece on a loaded machine. */
const THREE_RUNS = { timeout: 180_000 };

function run(args: string[], env: Record<string, string>, input?: string) {
  return spawnSync("npm", ["run", "-s", "user:create", "--", ...args], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...env },
    input,
    encoding: "utf8",
    timeout: 60_000,
  });
}

describe("npm run user:create (how production gets its accounts)", () => {
  it(
    "creates an account with its roles from a password on standard input, and refuses a duplicate",
    THREE_RUNS,
    async () => {
      const dir = tempDir("user");
      const env = {
        NODE_ENV: "production",
        SESSION_SECRET: "s".repeat(40),
        APP_URL: "https://tautoko.example.govt.nz",
        DATABASE_PATH: path.join(dir, "t.sqlite"),
      };
      const created = run(
        [
          "--email",
          "Mere.Parata@agency.govt.nz",
          "--name",
          "Mere Parata",
          "--role",
          "procurement_manager",
          "--role",
          "staff",
        ],
        env,
        "a long enough password\n",
      );
      expect(created.status, created.stderr).toBe(0);
      expect(created.stdout).toMatch(
        /Created user 1 <mere.parata@agency.govt.nz> with roles procurement_manager, staff/,
      );

      const db = createDb(env.DATABASE_PATH);
      try {
        const user = await db.selectFrom("users").selectAll().executeTakeFirstOrThrow();
        expect(user.password_hash.startsWith("$argon2id$v=19$m=19456,t=2,p=1$")).toBe(true);
        expect(await getRoles(db, user.id)).toEqual(["staff", "procurement_manager"]);
        const audited = await db.selectFrom("audit_events").select("action").orderBy("seq").execute();
        expect(audited.map((a) => a.action)).toEqual(["user.created", "user.role_granted", "user.role_granted"]);
      } finally {
        await db.destroy();
      }

      const again = run(
        ["--email", "mere.parata@agency.govt.nz", "--name", "Mere", "--role", "staff"],
        env,
        "a long enough password\n",
      );
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/already exists/);
    },
  );

  it("refuses a short password, an unknown role and a missing email, with usage", THREE_RUNS, () => {
    const dir = tempDir("user");
    const env = { DATABASE_PATH: path.join(dir, "t.sqlite") };
    expect(run(["--email", "a@b.nz", "--name", "A", "--role", "staff"], env, "short\n").stderr).toMatch(
      /at least 12 characters/,
    );
    expect(run(["--email", "a@b.nz", "--name", "A", "--role", "wizard"], env, "a long enough password\n").status).toBe(
      2,
    );
    expect(run(["--name", "A", "--role", "staff"], env, "a long enough password\n").stderr).toMatch(/valid --email/);
    expect(fs.existsSync(env.DATABASE_PATH)).toBe(false);
  });
});
