import type { DB } from "#db/client";
import type { SupplierRow } from "#db/schema";

/**
 * The supplier a request names: matched by NZBN when given, else by name
 * (case-insensitive); a new supplier otherwise. Blank details on a matched
 * supplier are filled in; differing ones are left for an admin to edit.
 */
export async function findOrCreateSupplier(
  db: DB,
  supplier: { name: string; nzbn?: string; contactEmail?: string },
  now: Date,
): Promise<SupplierRow> {
  let found: SupplierRow | undefined;
  if (supplier.nzbn) {
    found = await db
      .selectFrom("suppliers")
      .selectAll()
      .where("nzbn", "=", supplier.nzbn)
      .where("merged_into_id", "is", null)
      .executeTakeFirst();
  }
  found ??= await db
    .selectFrom("suppliers")
    .selectAll()
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", supplier.name.toLowerCase()))
    .where("merged_into_id", "is", null)
    .orderBy("id")
    .executeTakeFirst();
  if (found) {
    const fill: { nzbn?: string; contact_email?: string } = {};
    if (!found.nzbn && supplier.nzbn) fill.nzbn = supplier.nzbn;
    if (!found.contact_email && supplier.contactEmail) fill.contact_email = supplier.contactEmail;
    if (Object.keys(fill).length === 0) return found;
    await db.updateTable("suppliers").set(fill).where("id", "=", found.id).execute();
    return { ...found, ...fill };
  }
  return db
    .insertInto("suppliers")
    .values({
      name: supplier.name,
      nzbn: supplier.nzbn ?? null,
      contact_email: supplier.contactEmail ?? null,
      merged_into_id: null,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function listSupplierNames(db: DB): Promise<string[]> {
  const rows = await db
    .selectFrom("suppliers")
    .select("name")
    .where("merged_into_id", "is", null)
    .orderBy("name")
    .limit(500)
    .execute();
  return rows.map((r) => r.name);
}
