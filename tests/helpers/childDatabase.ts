import { openDatabase } from "#db/client";
import { loadConfig } from "~/config.server";

/**
 * For a test's child process (the fixtures folders): the configuration and the
 * database the parent named in DATABASE_PATH or DATABASE_URL.
 */
export function childDatabase() {
  const config = loadConfig({
    NODE_ENV: "test",
    APP_URL: "http://tautoko.test",
    DATABASE_PATH: process.env.DATABASE_PATH,
    DATABASE_URL: process.env.DATABASE_URL,
    MAIL_FROM: "Tautoko <t@tautoko.test>",
  });
  return { config, db: openDatabase(config) };
}
