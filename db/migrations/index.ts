import type { Migration } from "kysely";
import * as foundation from "./2026-11-24-01-foundation";
import * as auditAppendOnly from "./2026-11-24-02-audit-append-only";
import * as endorsements from "./2026-11-24-03-endorsements";
import * as search from "./2026-11-24-04-search";
import * as pageIndexes from "./2026-11-24-05-page-indexes";
import * as searchReceivedOrder from "./2026-11-25-01-search-received-order";
import * as requestLoggerAndContact from "./2026-12-03-10-request-logger-and-contact";
import * as identities from "./2026-12-03-20-identities";
import * as journeys from "./2026-12-03-20-journeys";
import * as requestClaims from "./2026-12-03-30-request-claims";
import * as searchEverything from "./2026-12-03-40-search-everything";

/** Every migration, by its dated name. Landed migrations never change; add new ones. */
export const migrations: Record<string, Migration> = {
  "2026-11-24-01-foundation": foundation,
  "2026-11-24-02-audit-append-only": auditAppendOnly,
  "2026-11-24-03-endorsements": endorsements,
  "2026-11-24-04-search": search,
  "2026-11-24-05-page-indexes": pageIndexes,
  "2026-11-25-01-search-received-order": searchReceivedOrder,
  "2026-12-03-10-request-logger-and-contact": requestLoggerAndContact,
  "2026-12-03-20-identities": identities,
  "2026-12-03-20-journeys": journeys,
  "2026-12-03-30-request-claims": requestClaims,
  "2026-12-03-40-search-everything": searchEverything,
};
