/** Versions store their text NFC-normalised, so offsets agree whichever way a macron was typed. */
export function normalizeText(text: string): string {
  return text.normalize("NFC");
}
