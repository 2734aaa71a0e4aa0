/**
 * Tolerant text matching for Chinese workbook input: full-width → half-width (NFKC), whitespace removed,
 * Latin letters lower-cased. "  政府 " and "ＧＯＶ" both normalise to a comparable key.
 */
export function normalizeText(s: string): string {
  return s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();
}
