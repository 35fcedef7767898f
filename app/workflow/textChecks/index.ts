export { checkText, normalizeText, type Finding } from "~/workflow/textChecks/checkText";
export {
  CRITERIA,
  RULES,
  RULESET_VERSION,
  rulesMarkdownTable,
  type Criterion,
  type RuleDefinition,
  type RuleId,
  type Severity,
} from "~/workflow/textChecks/rules";
