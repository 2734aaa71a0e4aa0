/*
 * `shanty recalc`, in src/cli/recalc/: translate.ts (formula text → HyperFormula), package.ts (reading the .xlsx
 * package), direct.ts (the direct evaluator for the common subset), evaluate.ts (HyperFormula over the package's
 * cells, for everything else), cells.ts (values shared by both), patch.ts (writing values back into the sheet
 * XML), command.ts (the command). This module re-exports what other modules and tests use.
 */
export { EXIT_NOT_RECALCULATED, formatCellError, recalcBuffer, recalcFile, runRecalc } from "./recalc/command";
export type { RecalcResult } from "./recalc/command";
export type { CellErrorReport, NotRecalculated } from "./recalc/evaluate";
export { slideFormula, toHfFormula } from "./recalc/translate";
export type { FormulaContext, TableInfo } from "./recalc/translate";
