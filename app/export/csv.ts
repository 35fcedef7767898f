/**
 * CSV as RFC 4180 says (CRLF line ends; a field with a comma, quote or line
 * break is quoted, its quotes doubled), safe to open in a spreadsheet: a text
 * cell beginning with =, +, -, @, tab or carriage return would be read as a
 * formula, so it is prefixed with a single quote (OWASP "CSV injection").
 */

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "yes" : "no";
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvRow(values: readonly CsvValue[]): string {
  return `${values.map(csvCell).join(",")}\r\n`;
}
