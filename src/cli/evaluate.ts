import { DetailedCellError } from "hyperformula";
import { buildEngine } from "./hfPlugin";

export type EvalOutcome =
  | { ok: true; value: number | string | boolean | null; rows?: (number | string | boolean | null)[][] }
  | { ok: false; error: string; message: string };

/**
 * Evaluate one formula in an empty sheet through HyperFormula with the SHANTY functions registered.
 * A spilled result comes back as all its rows.
 */
export function evaluateFormula(formula: string): EvalOutcome {
  const text = formula.trim().startsWith("=") ? formula.trim() : `=${formula.trim()}`;
  const hf = buildEngine({ Sheet1: [[text]] });
  try {
    const sheet = 0;
    const value = hf.getCellValue({ sheet, row: 0, col: 0 });
    if (value instanceof DetailedCellError) return { ok: false, error: value.value, message: value.message ?? "" };
    const dims = hf.getSheetDimensions(sheet);
    if (dims.height > 1 || dims.width > 1) {
      const rows = hf.getSheetValues(sheet) as (number | string | boolean | null)[][];
      return { ok: true, value: value as number | string | boolean | null, rows };
    }
    return { ok: true, value: value as number | string | boolean | null };
  } finally {
    hf.destroy();
  }
}
