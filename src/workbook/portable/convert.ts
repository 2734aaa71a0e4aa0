import { hasShantyCall, toNativeFormula } from "./translate";

/*
 * What the portable workbook does with one formula cell, host-neutral: package.ts asks this function for every
 * formula cell of the package's XML and carries out its answer, for the CLI (src/cli/portable.ts) and the task
 * pane's 导出通用工作簿 (Office.js) alike.
 */

/** A cell's computed value as a host hands it over: a number, text, boolean, an error text ("#VALUE!") or blank. */
export type ComputedValue = number | string | boolean | null;

export type PortableCell =
  /** Not a SHANTY formula: leave the cell alone. */
  | { readonly kind: "keep" }
  /** Replace the formula by this native one (no "="); the cached value stays the engine's. */
  | { readonly kind: "native"; readonly formula: string; readonly functions: readonly string[] }
  /** Replace the formula by its value and attach `note` (the original formula) as the cell's comment. */
  | {
      readonly kind: "value";
      readonly value: ComputedValue;
      readonly note: string;
      readonly functions: readonly string[];
      readonly reason: string;
    };

/** The comment a value cell receives: the original formula, so nothing is lost and it can be restored in Excel. */
export function originalFormulaNote(formula: string): string {
  return `棚改测算原公式（需加载项重新计算）/ Original Shanty Balance formula (needs the add-in to recalculate):\n=${formula.replace(/^=/, "")}`;
}

/**
 * Decide for one formula cell. `formula` is the cell's formula (with or without "="); `value` the value the
 * engine computed for it; `spilled` is true when the formula fills a range (an array/spilled table), which is
 * kept as values because a spilled SHANTY table has no single-cell native form.
 */
export function portableCell(formula: string, value: ComputedValue, spilled = false): PortableCell {
  const text = formula.replace(/^=/, "");
  if (!hasShantyCall(text)) return { kind: "keep" };
  const t = toNativeFormula(text);
  if (spilled) {
    return {
      kind: "value",
      value,
      note: originalFormulaNote(text),
      functions: t.functions,
      reason: "溢出的表格保留为数值 (spilled table kept as values)",
    };
  }
  if (t.ok) return { kind: "native", formula: t.formula, functions: t.functions };
  return { kind: "value", value, note: originalFormulaNote(text), functions: t.functions, reason: t.reason };
}
