import * as ExcelJS from "exceljs";
import { parseRange } from "../workbook/address";
import type { CellRange } from "../workbook/model";

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

/** An ExcelJS table's whole range (header and totals included). */
export function tableRange(table: ExcelJS.Table): CellRange | undefined {
  const t =
    (table as unknown as { table?: { tableRef?: string; ref?: string } }).table ??
    (table as unknown as { tableRef?: string; ref?: string });
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
