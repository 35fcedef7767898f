import path from "node:path";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

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
    globalSetup: ["tests/globalSetup.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 120_000,
    // Browser and process tests start servers; keep the 2-core machine responsive.
    maxWorkers: 2,
  },
});
