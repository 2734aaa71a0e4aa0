import { DetailedCellError } from "hyperformula";
import { buildEngine } from "./hfPlugin";
import { bilingualMessage } from "./recalc/messages";
import { formulaShape, MAX_NESTING, toHfFormula } from "./recalc/translate";

export type EvalOutcome =
  | { ok: true; value: number | string | boolean | null; rows?: (number | string | boolean | null)[][] }
  | { ok: false; error: string; message: string };

/**
 * Evaluate one formula in an empty sheet through HyperFormula with the SHANTY functions registered, translated
 * as recalc translates a workbook's formulas (1E+20, TRUE, _xlfn. …). A spilled result comes back as all its
 * rows. Never throws: every input gives a value or an error value with a Chinese message (English in brackets).
 */
export function evaluateFormula(formula: string): EvalOutcome {
  const raw = formula.trim().startsWith("=") ? formula.trim() : `=${formula.trim()}`;
  let text: string;
  try {
    text = toHfFormula(raw, { sheet: "Sheet1", row: 0, col: 0, tables: new Map(), nameAliases: new Map() });
  } catch (e) {
    return { ok: false, error: "#ERROR!", message: `公式无法解析（cannot read the formula: ${(e as Error).message}）` };
  }
  const depth = formulaShape(text).depth;
  if (depth > MAX_NESTING) {
    return {
      ok: false,
      error: "#ERROR!",
      message: `公式嵌套 ${depth} 层，超过 Excel 的上限 ${MAX_NESTING} 层（nested ${depth} levels deep, Excel allows ${MAX_NESTING}）`,
    };
  }
  let hf: ReturnType<typeof buildEngine>;
  try {
    hf = buildEngine({ Sheet1: [[text]] });
  } catch (e) {
    return { ok: false, error: "#ERROR!", message: `公式无法计算（the formula cannot be evaluated: ${(e as Error).message}）` };
  }
  try {
    const sheet = 0;
    const value = hf.getCellValue({ sheet, row: 0, col: 0 });
    if (value instanceof DetailedCellError)
      return { ok: false, error: value.value, message: bilingualMessage(value.type, value.message ?? "", text) };
    const dims = hf.getSheetDimensions(sheet);
    if (dims.height > 1 || dims.width > 1) {
      const rows = (hf.getSheetValues(sheet) as unknown[][]).map((row) =>
        row.map((c) => (c instanceof DetailedCellError ? (`${c.value}` as string) : (c as number | string | boolean | null))),
      );
      return { ok: true, value: value as number | string | boolean | null, rows };
    }
    return { ok: true, value: value as number | string | boolean | null };
  } catch (e) {
    return { ok: false, error: "#ERROR!", message: `公式无法计算（the formula cannot be evaluated: ${(e as Error).message}）` };
  } finally {
    hf.destroy();
  }
}
