import { Dec } from "./decimal";

/**
 * Tolerant text matching for Chinese workbook input: full-width → half-width (NFKC), whitespace removed,
 * Latin letters lower-cased. "  政府 " and "ＧＯＶ" both normalise to a comparable key.
 */
export function normalizeText(s: string): string {
  return (NFKC_STABLE.test(s) ? s : s.normalize("NFKC")).replace(/\s+/g, "").toLowerCase();
}

/**
 * Text NFKC leaves as it is: ASCII and the CJK Unified Ideographs block (neither has a decomposition, and no pair of
 * them composes). Most ids and names are such text; NFKC costs more than this test (reading 200,000 projects calls it
 * for every id, name and total label).
 */
const NFKC_STABLE = /^[^\u0080-\u4DFF\uA000-\uFFFF]*$/;

/**
 * A number as a user writes it, for messages: at most 15 significant digits (what Excel keeps and shows, so the
 * binary noise of 0.1 + 0.2 = 0.30000000000000004 disappears), plain notation (no exponent), never "-0".
 */
export function showNumber(x: number | Dec): string {
  if (typeof x === "number" && !Number.isFinite(x)) return String(x);
  const d = (x instanceof Dec ? x : new Dec(x)).toSignificantDigits(15);
  return d.isZero() ? "0" : d.toFixed();
}
