/**
 * `npm run user:create -- --email a@b.nz --name "Full Name" --role staff [--role auditor]`
 * Creates a real account (the way to make accounts in production). The
 * password is read from TAUTOKO_PASSWORD or from standard input, never argv.
 */
import fs from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { openDatabase, migrateToLatest } from "#db/client";
import type { Role } from "#db/schema";
import { hashPassword, PASSWORD_MIN_LENGTH } from "~/auth/password.server";
import { createUser, UserExistsError } from "~/commands/users.server";
import { loadConfig } from "~/config.server";
import { ROLES } from "~/models/users.server";

const usage =
  'Usage: npm run user:create -- --email EMAIL --name "FULL NAME" --role ROLE [--role ROLE]\n' +
  `Roles: ${ROLES.join(", ")}. The password comes from TAUTOKO_PASSWORD or standard input (at least ${PASSWORD_MIN_LENGTH} characters).`;

function fail(message: string): never {
  console.error(`${message}\n${usage}`);
  process.exit(2);
}

let args;
try {
  args = parseArgs({
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string", multiple: true } },
  }).values;
} catch (e) {
  fail((e as Error).message);
}
const email = z.string().email().safeParse(args.email);
if (!email.success) fail("Give a valid --email.");
if (!args.name?.trim()) fail("Give the person's --name.");
const roles = args.role ?? [];
if (roles.length === 0 || roles.some((r) => !ROLES.includes(r as Role))) fail("Give at least one valid --role.");

const password = (process.env.TAUTOKO_PASSWORD ?? (process.stdin.isTTY ? "" : fs.readFileSync(0, "utf8"))).replace(
  /\r?\n$/,
  "",
);
if (password.length < PASSWORD_MIN_LENGTH) fail(`The password must be at least ${PASSWORD_MIN_LENGTH} characters.`);

const config = loadConfig();
const db = openDatabase(config);
await migrateToLatest(db);
try {
  const id = await createUser({ db, config, now: () => new Date() }, null, {
    email: email.data,
    name: args.name.trim(),
    roles: [...new Set(roles as Role[])],
    passwordHash: await hashPassword(password),
  });
  console.log(`Created user ${id} <${email.data.toLowerCase()}> with roles ${roles.join(", ")}.`);
} catch (e) {
  if (e instanceof UserExistsError) {
    console.error(e.message);
    process.exitCode = 1;
  } else throw e;
} finally {
  await db.destroy();
}
