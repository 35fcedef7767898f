import type { DB } from "#db/client";
import type { Role } from "#db/schema";
import { delegatorsOf } from "~/models/delegations.server";
import { getRoles } from "~/models/users.server";
import type { Actor } from "~/workflow/policy";
import { nzDateOf } from "~/workflow/nzTime";

/**
 * A person as every rule sees them, at `now`: their roles and the managers
 * whose delegation to them is in force. Roles already read with the session
 * may be passed in; otherwise they are read here.
 */
export async function actorFor(db: DB, person: { id: number; roles?: readonly Role[] }, now: Date): Promise<Actor> {
  return {
    userId: person.id,
    roles: person.roles ?? (await getRoles(db, person.id)),
    delegatedBy: await delegatorsOf(db, person.id, nzDateOf(now)),
  };
}
