import type { DB } from "#db/client";
import type { SupplierRow } from "#db/schema";
import { sameSupplierName, type KnownSupplier } from "~/workflow/requestForm";

/** How logging resolved the supplier a request names; `nzbn_held` when the typed NZBN is another supplier's. */
export type SupplierResolution =
  { kind: "supplier"; supplier: SupplierRow; created: boolean } | { kind: "nzbn_held"; holder: SupplierRow };

const notMerged = (db: DB) => db.selectFrom("suppliers").selectAll().where("merged_into_id", "is", null);

/**
 * The supplier a request names, without changing any existing supplier
 * record (those change only by an admin's audited edit). A typed NZBN that
 * another supplier holds under a different name is not silently followed:
 * the person must choose that supplier (`useSupplierId`) or correct the NZBN.
 * Otherwise matched by name (case-insensitive), or created.
 */
export async function resolveSupplier(
  db: DB,
  typed: { name: string; nzbn?: string; contactEmail?: string },
  useSupplierId: number | undefined,
  now: Date,
): Promise<SupplierResolution> {
  if (typed.nzbn) {
    const holder = await notMerged(db).where("nzbn", "=", typed.nzbn).executeTakeFirst();
    if (holder && (sameSupplierName(holder.name, typed.name) || holder.id === useSupplierId)) {
      return { kind: "supplier", supplier: holder, created: false };
    }
    if (holder) return { kind: "nzbn_held", holder };
  }
  const byName = await notMerged(db)
    .where((eb) => eb(eb.fn("lower", ["name"]), "=", typed.name.toLowerCase()))
    .orderBy("id")
    .executeTakeFirst();
  // A name match with a different NZBN of its own is another business of the same name.
  if (byName && (!typed.nzbn || byName.nzbn === null || byName.nzbn === typed.nzbn)) {
    return { kind: "supplier", supplier: byName, created: false };
  }
  const created = await db
    .insertInto("suppliers")
    .values({
      name: typed.name,
      nzbn: typed.nzbn ?? null,
      contact_email: typed.contactEmail ?? null,
      merged_into_id: null,
      created_at: now.toISOString(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return { kind: "supplier", supplier: created, created: true };
}

/** Suppliers offered on the logging form, with their NZBNs so the form can say whose a typed NZBN is. */
export async function listKnownSuppliers(db: DB): Promise<KnownSupplier[]> {
  return db
    .selectFrom("suppliers")
    .select(["id", "name", "nzbn"])
    .where("merged_into_id", "is", null)
    .orderBy("name")
    .limit(500)
    .execute();
}

export interface SupplierListing {
  id: number;
  name: string;
  nzbn: string | null;
  contactEmail: string | null;
  mergedIntoId: number | null;
  mergedIntoName: string | null;
  requestCount: number;
}

/** Every supplier with how many requests name it, by name; merged ones say where they went. */
export async function listSuppliersWithCounts(db: DB): Promise<SupplierListing[]> {
  const rows = await db
    .selectFrom("suppliers")
    .leftJoin("suppliers as merged_into", "merged_into.id", "suppliers.merged_into_id")
    .leftJoin("requests", "requests.supplier_id", "suppliers.id")
    .select((eb) => [
      "suppliers.id",
      "suppliers.name",
      "suppliers.nzbn",
      "suppliers.contact_email",
      "suppliers.merged_into_id",
      "merged_into.name as merged_into_name",
      eb.fn.count<number>("requests.id").as("request_count"),
    ])
    .groupBy([
      "suppliers.id",
      "suppliers.name",
      "suppliers.nzbn",
      "suppliers.contact_email",
      "suppliers.merged_into_id",
      "merged_into.name",
    ])
    .orderBy("suppliers.name")
    .orderBy("suppliers.id")
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    nzbn: r.nzbn,
    contactEmail: r.contact_email,
    mergedIntoId: r.merged_into_id,
    mergedIntoName: r.merged_into_name,
    requestCount: Number(r.request_count),
  }));
}

export async function getSupplier(db: DB, id: number): Promise<SupplierRow | undefined> {
  return db.selectFrom("suppliers").selectAll().where("id", "=", id).executeTakeFirst();
}

/** Another supplier, not merged away, already holding this NZBN. */
export async function findOtherSupplierWithNzbn(
  db: DB,
  nzbn: string,
  exceptId: number,
): Promise<SupplierRow | undefined> {
  return db
    .selectFrom("suppliers")
    .selectAll()
    .where("nzbn", "=", nzbn)
    .where("merged_into_id", "is", null)
    .where("id", "!=", exceptId)
    .executeTakeFirst();
}

export async function updateSupplierDetails(
  db: DB,
  id: number,
  details: { name: string; nzbn: string | null; contactEmail: string | null },
): Promise<void> {
  await db
    .updateTable("suppliers")
    .set({ name: details.name, nzbn: details.nzbn, contact_email: details.contactEmail })
    .where("id", "=", id)
    .execute();
}

/** Suppliers another may be merged into: every one not merged away, except itself. */
export async function listMergeTargets(
  db: DB,
  exceptId: number,
): Promise<Array<{ id: number; name: string; nzbn: string | null }>> {
  return db
    .selectFrom("suppliers")
    .select(["id", "name", "nzbn"])
    .where("merged_into_id", "is", null)
    .where("id", "!=", exceptId)
    .orderBy("name")
    .orderBy("id")
    .execute();
}

export async function requestsOfSupplier(db: DB, supplierId: number) {
  return db
    .selectFrom("requests")
    .select(["id", "state"])
    .where("supplier_id", "=", supplierId)
    .orderBy("id")
    .execute();
}

export async function countRequestsOfSupplier(db: DB, supplierId: number): Promise<number> {
  const { n } = await db
    .selectFrom("requests")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("supplier_id", "=", supplierId)
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * Moves every request naming one supplier to another, bumping each request's
 * revision so a form opened before the move is seen to be stale.
 */
export async function moveSupplierRequests(db: DB, fromId: number, intoId: number, now: Date): Promise<void> {
  await db
    .updateTable("requests")
    .set((eb) => ({ supplier_id: intoId, revision: eb("revision", "+", 1), updated_at: now.toISOString() }))
    .where("supplier_id", "=", fromId)
    .execute();
}

/** Marks a supplier merged; suppliers merged into it earlier follow it, so none points at a merged one. */
export async function markSupplierMerged(db: DB, fromId: number, intoId: number): Promise<number[]> {
  const followers = await db
    .selectFrom("suppliers")
    .select("id")
    .where("merged_into_id", "=", fromId)
    .orderBy("id")
    .execute();
  await db.updateTable("suppliers").set({ merged_into_id: intoId }).where("merged_into_id", "=", fromId).execute();
  await db.updateTable("suppliers").set({ merged_into_id: intoId }).where("id", "=", fromId).execute();
  return followers.map((f) => f.id);
}
