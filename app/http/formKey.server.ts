import { randomUUID } from "node:crypto";
import type { DB } from "#db/client";
import { FORM_KEY_FIELD } from "~/http/formKeyField";

/**
 * One idempotency key per rendered form (issue 20, item 3): minted by the
 * loader, posted in a hidden field, claimed by the first post that succeeds.
 * A second post of the same render (a double click, the back button and
 * "send again") finds it claimed and stores nothing.
 */
/** Keys are remembered for a day: long past any double click, short enough to keep the table small. */
const REMEMBER_MS = 24 * 60 * 60 * 1000;

const FORM_KEY = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function mintFormKey(): string {
  return randomUUID();
}

/** The posted key, or null when the form carried none (or something that is not one of ours). */
export function formKeyOf(form: FormData): string | null {
  const value = form.get(FORM_KEY_FIELD);
  return typeof value === "string" && FORM_KEY.test(value) ? value : null;
}

/**
 * Claims the key for this person inside the caller's transaction; false when
 * it was already claimed, so the caller refuses before writing anything.
 * Forgets this person's keys older than a day on the way.
 */
export async function claimFormKey(trx: DB, userId: number, key: string, now: Date): Promise<boolean> {
  const forgetBefore = new Date(now.getTime() - REMEMBER_MS).toISOString();
  await trx.deleteFrom("form_keys").where("user_id", "=", userId).where("used_at", "<", forgetBefore).execute();
  const inserted = await trx
    .insertInto("form_keys")
    .values({ user_id: userId, form_key: key, used_at: now.toISOString() })
    .onConflict((oc) => oc.columns(["user_id", "form_key"]).doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 1;
}

export const DUPLICATE_POST_REASON =
  "This form was already sent and saved once; the repeat was not stored again. The page now shows the request as it is.";
