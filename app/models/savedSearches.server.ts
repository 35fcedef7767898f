import type { DB } from "#db/client";
import type { Refusal } from "~/http/post.server";

/**
 * An auditor's or manager's own saved searches: each person sees, runs and
 * deletes only theirs. The query is stored as the search page's address
 * reads it, and re-parsed by that page whenever it is run.
 */

export async function savedSearchesOf(db: DB, userId: number) {
  return db
    .selectFrom("saved_searches")
    .select(["id", "name", "query"])
    .where("user_id", "=", userId)
    .orderBy("name")
    .execute();
}

/** Saves `query` under `name` for this person; a name they already use is refused beside the field. */
export async function saveSearch(
  db: DB,
  userId: number,
  saved: { name: string; query: string },
  at: string,
): Promise<Refusal | null> {
  const taken = await db
    .selectFrom("saved_searches")
    .select("id")
    .where("user_id", "=", userId)
    .where("name", "=", saved.name)
    .executeTakeFirst();
  if (taken) return { status: 409, field: "name", reason: `You already have a saved search called "${saved.name}".` };
  await db
    .insertInto("saved_searches")
    .values({ user_id: userId, name: saved.name, query: saved.query, created_at: at })
    .execute();
  return null;
}

/** Deletes one of this person's saved searches; someone else's, or none, is 404 (as if it did not exist). */
export async function deleteSavedSearch(db: DB, userId: number, id: number): Promise<Refusal | null> {
  const deleted = await db
    .deleteFrom("saved_searches")
    .where("id", "=", id)
    .where("user_id", "=", userId)
    .executeTakeFirst();
  return Number(deleted.numDeletedRows) === 1 ? null : { status: 404, reason: "There is no such saved search." };
}
