// The endorsement text ruleset, as data a policy owner can read.
// Policy: "Rules around endorsing suppliers" — an endorsement must be accurate,
// truthful, fair, complete and balanced, represent the view of Kāinga Ora and
// not compromise its objectivity; the conduct rules add political neutrality
// and privacy. The matching logic for each rule lives in `matchers.ts`.

/** Bump whenever a rule, its criterion, severity or matching changes: versions record it. */
export const RULESET_VERSION = "2026.12.2";

export const CRITERIA = [
  "accurate",
  "truthful",
  "fair",
  "complete",
  "balanced",
  "agency_view",
  "objectivity",
  "political_neutrality",
  "privacy",
] as const;

export type Criterion = (typeof CRITERIA)[number];

/**
 * `error`: the wording breaches the policy; approval needs it waived with a reason.
 * `warning`: likely a problem; approval needs it acknowledged.
 * `suggestion`: wording that could be plainer; nothing is required.
 */
export type Severity = "error" | "warning" | "suggestion";

export type RuleDefinition = {
  id: string;
  criterion: Criterion;
  severity: Severity;
  /** What the rule catches, in plain words. */
  title: string;
  /** Why it matters and what to write instead; also the message of each finding. */
  description: string;
};

const RULE_TABLE = [
  {
    id: "superlative",
    criterion: "balanced",
    severity: "error",
    title: "Superlatives and market-position claims",
    description:
      "Superlatives and market-position claims (best, leading, number one, world-class, unrivalled) are puffery the agency cannot evidence. Describe what was supplied instead.",
  },
  {
    id: "absolute-claim",
    criterion: "balanced",
    severity: "error",
    title: "Absolute claims",
    description:
      "Absolute claims (always, never, guaranteed, 100%, all our tenants) cannot be true of every case and leave no room for balance. State what happened on this contract.",
  },
  {
    id: "competitor-comparison",
    criterion: "fair",
    severity: "error",
    title: "Comparisons with other suppliers",
    description:
      "Comparing the supplier with other suppliers (better than, cheaper than, unlike other providers) is unfair to them and compromises the agency's objectivity. Remove the comparison.",
  },
  {
    id: "agency-recommendation",
    criterion: "objectivity",
    severity: "error",
    title: "Recommendation or endorsement in the agency's voice",
    description:
      "The agency must not recommend or endorse one supplier over others (we recommend, Kāinga Ora endorses). Say what the supplier did, not that others should use them.",
  },
  {
    id: "official-status",
    criterion: "objectivity",
    severity: "error",
    title: "Claims of official, preferred or approved status",
    description:
      "Claims of official, preferred or approved status (preferred supplier, official supplier, approved by Kāinga Ora) suggest a standing the supplier does not have. Describe the actual contract instead.",
  },
  {
    id: "political-content",
    criterion: "political_neutrality",
    severity: "error",
    title: "Political content",
    description:
      "As a politically neutral Crown entity the agency makes no comment on Ministers, the Government, political parties, Parliament or elections. Remove the political reference.",
  },
  {
    id: "email-address",
    criterion: "privacy",
    severity: "error",
    title: "Email addresses",
    description:
      "An email address is personal information that must not be disclosed without recorded consent. Remove it, or record the consent held and waive this finding.",
  },
  {
    id: "phone-number",
    criterion: "privacy",
    severity: "error",
    title: "Phone numbers",
    description:
      "A phone number is personal information that must not be disclosed without recorded consent. Remove it, or record the consent held and waive this finding.",
  },
  {
    id: "street-address",
    criterion: "privacy",
    severity: "error",
    title: "Street addresses",
    description:
      "A street address can identify a customer's home and must not be disclosed. Name the suburb or city instead.",
  },
  {
    id: "named-person",
    criterion: "privacy",
    severity: "error",
    title: "Named customers, tenants or staff",
    description:
      "Naming a customer, tenant, colleague or contractor needs their recorded consent (a Talent Release form for customers and contractors). Remove the name, or record the consent and waive this finding.",
  },
  {
    id: "unevidenced-result",
    criterion: "accurate",
    severity: "error",
    title: "Results and figures claimed as the supplier's achievements",
    description:
      "Savings, percentages and results claimed for the supplier need evidence the agency holds and has checked. Remove the figure, or keep it only with the evidence recorded in the review. A plain statement of scope (repaired 120 homes) is fine.",
  },
  {
    id: "future-promise",
    criterion: "agency_view",
    severity: "error",
    title: "Promises about the future in the agency's name",
    description:
      "Promises about the future (Kāinga Ora will continue to use, we look forward to many more years) commit the agency to something it has not decided. Describe only what has happened.",
  },
  {
    id: "weasel-words",
    criterion: "truthful",
    severity: "warning",
    title: "Vague attributions and claims nobody can check",
    description:
      "Vague attributions (arguably, widely regarded, our tenants all say) and unchecked outcomes (changed lives, couldn't have done it without them) claim what nobody can check. Name the evidence and its source, or leave the claim out.",
  },
  {
    id: "glowing-praise",
    criterion: "balanced",
    severity: "warning",
    title: "Praise the agency cannot evidence",
    description:
      "Glowing praise (outstanding, out of this world, the gold standard, can't fault them) is puffery the agency cannot evidence, however it is worded. Say what was delivered and how it was measured.",
  },
  {
    id: "problem-dismissed",
    criterion: "complete",
    severity: "warning",
    title: "Known problems glossed over",
    description:
      "Mentioning a problem only to dismiss it (apart from a few hiccups, nothing worth mentioning, I won't go into) leaves the text unbalanced and incomplete. State the problem and how it was resolved, or leave the whole matter to the reader's questions.",
  },
  {
    id: "personal-view",
    criterion: "agency_view",
    severity: "warning",
    title: "Personal views in place of the agency's",
    description:
      "Personal feelings (I love them, so do I, our staff adore them) are not the agency's view. Describe what the supplier did for the agency.",
  },
  {
    id: "personal-details",
    criterion: "privacy",
    severity: "warning",
    title: "Personal, health or financial details",
    description:
      "Details of someone's health, debts, tenancy trouble or family, photos of children, or the streets where tenants live can identify them and need their recorded consent. Remove them, or record the consent held.",
  },
  {
    id: "intensifier",
    criterion: "balanced",
    severity: "suggestion",
    title: "Intensifiers",
    description:
      "Intensifiers (very, extremely, truly, highly) add emphasis but no information. Consider removing the word.",
  },
  // The two "missing" rules are warnings, not errors: spotting an absence is a
  // heuristic, some texts (a logo-use wording, a verbal reference) can
  // legitimately be brief, and the approver attests `complete` separately.
  {
    id: "relationship-not-stated",
    criterion: "complete",
    severity: "warning",
    title: "No statement of what was supplied",
    description:
      "The text does not say what the supplier supplied to the agency (a contract, the goods or services, the work done). State the relationship so readers know the scope of the endorsement.",
  },
  {
    id: "period-not-stated",
    criterion: "complete",
    severity: "warning",
    title: "No statement of when",
    description:
      "The text does not say when the supplier worked for the agency (a year, a date or a period). State the period so the endorsement cannot be read as open-ended.",
  },
  {
    id: "period-contradiction",
    criterion: "accurate",
    severity: "warning",
    title: "A period that contradicts the dates",
    description:
      "The length of time stated does not fit the dates given (since 2023 beside six years, 2022 to 2024 beside five years). Check the dates and say the period once.",
  },
  {
    id: "agency-name-misspelt",
    criterion: "accurate",
    severity: "warning",
    title: "The agency's name misspelt",
    description: "The agency's name is written Kāinga Ora, with a macron on the first a and a capital O.",
  },
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof RULE_TABLE)[number]["id"];

/** The ruleset, in the order a policy owner reads it. */
export const RULES: readonly (RuleDefinition & { id: RuleId })[] = RULE_TABLE;

/** The README table of the ruleset, generated so the documentation cannot drift from the rules. */
export function rulesMarkdownTable(): string {
  const escape = (cell: string) => cell.replace(/\|/g, "\\|");
  const rows = RULES.map(
    (rule) => `| \`${rule.id}\` | \`${rule.criterion}\` | ${rule.severity} | ${escape(rule.description)} |`,
  );
  return ["| rule id | criterion | severity | what it catches |", "|---|---|---|---|", ...rows].join("\n");
}
