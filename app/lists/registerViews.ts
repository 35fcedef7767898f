/** The register's views (shared by its page and its queries): everything, in force, due for review, withdrawn, expired. */
export const REGISTER_VIEWS = ["all", "in_force", "review_due", "withdrawn", "expired"] as const;
export type RegisterView = (typeof REGISTER_VIEWS)[number];
