import type { Role } from "#db/schema";

/** The demo accounts the embedded default seeds (listed in the README). Never seeded in production. */
export const DEMO_PASSWORD = "tautoko-demo-2026";

export const DEMO_ACCOUNTS: ReadonlyArray<{ email: string; name: string; roles: Role[]; what: string }> = [
  { email: "staff@tautoko.example", name: "Aroha Ngata", roles: ["staff"], what: "logs supplier requests" },
  { email: "staff2@tautoko.example", name: "Ben Taylor", roles: ["staff"], what: "a second member of staff" },
  {
    email: "manager@tautoko.example",
    name: "Mere Parata",
    roles: ["procurement_manager", "staff"],
    what: "Procurement Excellence Manager: decides",
  },
  { email: "manager2@tautoko.example", name: "Sam Wilson", roles: ["procurement_manager"], what: "a second manager" },
  {
    email: "auditor@tautoko.example",
    name: "Hana Kereama",
    roles: ["auditor"],
    what: "reads everything, changes nothing",
  },
  { email: "admin@tautoko.example", name: "Tom Clarke", roles: ["admin"], what: "manages users and suppliers" },
];

export const DEMO_SUPPLIERS = [
  { name: "Acme Building Services Ltd", nzbn: "9429041234567", contactEmail: "marketing@acme-building.example" },
  { name: "Kōwhai Plumbing Ltd", nzbn: "9429047654321", contactEmail: "hello@kowhai-plumbing.example" },
  { name: "Southern Insulation Co", nzbn: null, contactEmail: null },
] as const;
