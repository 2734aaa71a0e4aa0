import type { Cell, GridName, GridSheet, WorkbookGrid } from "../workbook/model";
import { parseNameFormula, sameSheetName } from "../workbook/address";
import { isDateFormat } from "../workbook/reader/cells";
import { describeCause, ExcelLayerError } from "./errors";

/*
 * The task pane's grid adapter: the whole workbook into the host-neutral WorkbookGrid, the same model the CLI's
 * adapter (src/cli/grid.ts) produces; every reading rule is in src/workbook/ (readPlanningWorkbook).
 * Exactly two round trips, whatever its size:
 * the first loads the sheet, name and table collections; the second queues every used range, table range and
 * named cell and syncs once. Nothing is read inside a loop that syncs.
 */

/** Office.js returns "" for a blank cell; the model (like ExcelJS) uses null. */
function toCell(value: unknown): Cell {
  if (value === "" || value === undefined || value === null) return null;
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") return value;
  return String(value);
}

function toGridValues(values: readonly (readonly unknown[])[]): Cell[][] {
  return values.map((row) => row.map(toCell));
}

/** Numbers shown with a date format are dates (Office.js gives their serial): [row, col] on the sheet. */
function dateCells(
  values: readonly (readonly unknown[])[],
  formats: readonly (readonly unknown[])[],
  top: number,
  left: number,
): { dates?: [number, number][] } {
  const dates: [number, number][] = [];
  values.forEach((row, r) =>
    row.forEach((v, c) => typeof v === "number" && isDateFormat(String(formats[r]?.[c] ?? "")) && dates.push([top + r, left + c])),
  );
  return dates.length ? { dates } : {};
}

/** Every worksheet's used range (values, with origin), its tables, and the workbook names that refer to one cell. */
export async function readWorkbook(context: Excel.RequestContext): Promise<WorkbookGrid> {
  try {
    const workbook = context.workbook;
    const sheets = workbook.worksheets;
    const names = workbook.names;
    const tables = workbook.tables;
    sheets.load("items/name");
    names.load("items/name, items/type, items/formula");
    tables.load("items/name, items/showTotals, items/worksheet/name");
    await context.sync();

    const used = sheets.items.map((sheet) => {
      const range = sheet.getUsedRangeOrNullObject(true);
      range.load("values, numberFormat, rowIndex, columnIndex"); // isNullObject is set by the sync itself
      return { name: sheet.name, range };
    });
    const tableRanges = tables.items.map((table) => {
      const range = table.getRange();
      range.load("rowIndex, columnIndex, rowCount, columnCount");
      return { name: table.name, sheet: table.worksheet.name, totals: table.showTotals, range };
    });
    // Only names whose formula is a single cell on an existing sheet are read: getRange on anything else would
    // fail the whole batch.
    const cellNames = names.items.flatMap((item) => {
      if (item.type !== "Range") return [];
      const ref = parseNameFormula(item.formula);
      const sheet = ref && sheets.items.find((s) => sameSheetName(s.name, ref.sheet));
      if (!ref || !sheet) return [];
      const range = item.getRange();
      range.load("values");
      return [{ name: item.name, sheet: sheet.name, row: ref.row, col: ref.col, range }];
    });
    await context.sync();

    const gridSheets: GridSheet[] = used.map(({ name, range }) => ({
      name,
      values: range.isNullObject ? [] : toGridValues(range.values),
      ...(range.isNullObject ? {} : dateCells(range.values, range.numberFormat, range.rowIndex, range.columnIndex)),
      origin: range.isNullObject ? { row: 0, col: 0 } : { row: range.rowIndex, col: range.columnIndex },
      tables: tableRanges
        .filter((t) => sameSheetName(t.sheet, name))
        .map((t) => ({
          name: t.name,
          range: { row: t.range.rowIndex, col: t.range.columnIndex, rows: t.range.rowCount, cols: t.range.columnCount },
          ...(t.totals ? { totalsRow: true } : {}),
        })),
    }));
    const gridNames: GridName[] = cellNames.map(({ name, sheet, row, col, range }) => ({
      name,
      sheet,
      row,
      col,
      value: toCell(range.values[0]?.[0]),
    }));
    return { sheets: gridSheets, names: gridNames };
  } catch (error) {
    if (error instanceof ExcelLayerError) throw error;
    throw new ExcelLayerError("readFailed", { cause: describeCause(error) }, error);
  }
}
