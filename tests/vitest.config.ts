import path from "node:path";
import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/**
 * tests/setup/run.ts runs the suite on SQLite, then on PostgreSQL (TEST_DATABASE_URL set).
 * Tests about one engine's own module run on that engine only; everything else runs on both.
 */
const SQLITE_ONLY = [
  // The benchmark's SQLite run, its builder and floor; tests/bench/benchPostgres.test.ts on PostgreSQL.
  "tests/bench/benchRun.test.ts",
  "tests/bench/queryPlans.test.ts",
  "tests/bench/transitionFloor.test.ts",
  "tests/audit/verifySqlite.test.ts", // SQLite's fast path of the verifier
  "tests/audit/audit-verify-cli.test.ts", // tampers through better-sqlite3; tests/postgres/tamper.test.ts on PostgreSQL
  "tests/db/searchMigration.test.ts", // FTS5's re-keyed index
  "tests/db/statementCache.test.ts", // better-sqlite3's statements
  "tests/db/migrations.test.ts", // SQLite's pragmas
  "tests/audit-workspace/searchMerge.test.ts", // FTS5's segments
  "tests/reliability/backup.test.ts", // SQLite's online backup
  "tests/reliability/overHttp.test.ts", // copies the file by online backup; tests/postgres/twoServers.test.ts on PostgreSQL
  "tests/audit-workspace/exportRecipe.test.ts", // deletes an event from a copy of the SQLite file; tests/postgres/tamper.test.ts on PostgreSQL
  "tests/setup/**", // the preparation step, not a database
];
const POSTGRES_ONLY = ["tests/postgres/**", "tests/bench/benchPostgres.test.ts"];
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  root,
  resolve: {
    alias: {
      "~": path.join(root, "app"),
      "#db": path.join(root, "db"),
      "#emails": path.join(root, "emails"),
    },
  },
  esbuild: { jsx: "automatic" },
  test: {
    include: ["tests/**/*.test.ts", "tests/**/*.test.tsx"],
    exclude: [...configDefaults.exclude, ...(onPostgres ? SQLITE_ONLY : POSTGRES_ONLY)],
    globalSetup: ["tests/globalSetup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser and process tests start servers; keep the 2-core machine responsive.
    maxWorkers: 2,
  },
});
