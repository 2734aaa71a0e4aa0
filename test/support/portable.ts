import { toNativeFormula } from "../../src/workbook/portable/translate";

/** The native form of a SHANTY formula, for expected sheet XML (throws when it has none). */
export function native(formula: string): string {
  const t = toNativeFormula(formula);
  if (!t.ok) throw new Error(t.reason);
  return t.formula;
}
