import * as ExcelJS from "exceljs";
import { CellRange, columnLetters } from "../workbook/model";

/*
 * ExcelJS ↔ the host-neutral workbook model (src/workbook/model.ts): cell and table helpers. The file handling
 * every `shanty` command shares lives in files of one job each, re-exported here for the commands that import
 * it from this file: errors.ts (exit codes, ShantyFileError, the command wrapper), load.ts (loading with clear
 * messages), package.ts (zip guards and package normalisation before ExcelJS), output.ts (output checks, atomic
 * write, --force), args.ts (the argv parser).
 *
 * Reading a workbook into the grid model is src/cli/grid.ts; writing sheets is src/cli/sheets.ts.
 */

export { EXIT, ShantyFileError, runCommand } from "./errors";
export { loadWorkbookFile, loadWorkbookWithNotes } from "./load";
export type { LoadedWorkbook } from "./load";
export { unsupportedParts } from "./package";
export { checkOutputPath, checkOutputTarget, saveWorkbookAtomic, writeFileAtomic } from "./output";
export type { OutputOptions } from "./output";
export { parseInOut } from "./args";
export type { InOutArgs } from "./args";

/** 0-based row/col → "$B$7". */
export function absRef(row: number, col: number): string {
  return `$${columnLetters(col)}$${row + 1}`;
}

/** "B2:D9" or "B2" → a 0-based CellRange. */
export function parseRange(ref: string): CellRange | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const c1 = colIndex(m[1]);
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] ? colIndex(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) - 1 : r1;
  return { row: Math.min(r1, r2), col: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

/** Column letters → 0-based index ("A" → 0, "AA" → 26). */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** An ExcelJS table's whole range (header and totals included). */
export function tableRange(table: ExcelJS.Table): CellRange | undefined {
  const t = (table as unknown as { table?: { tableRef?: string; ref?: string } }).table ?? (table as unknown as { tableRef?: string; ref?: string });
  const ref = t.tableRef ?? t.ref;
  return ref ? parseRange(ref) : undefined;
}

/** The tables of a worksheet (ExcelJS keeps them by name; its typings of getTables() are wrong). */
export function worksheetTables(ws: ExcelJS.Worksheet): ExcelJS.Table[] {
  return Object.values((ws as unknown as { tables?: Record<string, ExcelJS.Table> }).tables ?? {});
}

/** Properties of an ExcelJS table as loaded or as added in this session. */
export function tableModel(table: ExcelJS.Table): { name: string; headerRow: boolean; totalsRow: boolean; columns: string[] } {
  const t = (table as unknown as { table: { name: string; headerRow?: boolean; totalsRow?: boolean; columns: { name: string }[] } }).table;
  return { name: t.name, headerRow: t.headerRow !== false, totalsRow: Boolean(t.totalsRow), columns: t.columns.map((c) => String(c.name)) };
}

/** A defined name's ranges split into sheet and address: "'项目库 (2)'!$A$1" → { sheet: "项目库 (2)", ref: "$A$1" }. */
export function splitSheetRef(ref: string): { sheet: string; ref: string } | undefined {
  const bang = ref.lastIndexOf("!");
  if (bang < 0) return undefined;
  let sheet = ref.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, ref: ref.slice(bang + 1) };
}

/** The sheet name quoted for a reference: 'name'!  (quotes doubled inside). */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
