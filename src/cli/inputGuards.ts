import * as ExcelJS from "exceljs";
import { checkUsedRange, DEFAULT_GRID_LIMITS, type GridLimits } from "./gridLimits";
import { cellValue } from "./grid";
import { recalcBuffer } from "./recalc";
import { trackReads, uncomputedError } from "./trackReads";

/*
 * Guards between a loaded workbook and the planning reader:
 * - checkGridSize: the reader's grid is a dense rectangle per sheet (its used range); one beyond the limit
 *   (gridLimits.ts) is refused up front, naming the far cell, with memory that follows the cells that exist
 *   (ExcelJS keeps rows and cells sparse).
 * - uncomputedFormulas + computeMissing + trackReads: a formula cell without a cached value (openpyxl and other
 *   generators never compute) would read as blank. The cells are found and computed in memory by the recalc
 *   engine (src/cli/recalc: SHANTY and native functions); those it cannot compute (unknown functions …) stay
 *   watched while the reader runs, and every such cell the reader looked at is reported by address.
 */

export { DEFAULT_GRID_LIMITS, type GridLimits };

function isDate1904(workbook: ExcelJS.Workbook): boolean {
  return Boolean((workbook.properties as { date1904?: boolean } | undefined)?.date1904);
}

/** Refuse a sheet whose used range (from the cells that hold something) is beyond the limit; names the outlying cells. */
export function checkGridSize(workbook: ExcelJS.Workbook, limits: GridLimits = DEFAULT_GRID_LIMITS): void {
  const date1904 = isDate1904(workbook);
  for (const ws of workbook.worksheets) {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    let count = 0;
    let farRow = { row: 0, col: 0 };
    let farCol = { row: 0, col: 0 };
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        if (cellValue(cell, date1904) === null && cell.type !== ExcelJS.ValueType.Formula) return;
        const r = rowNumber - 1;
        const c = colNumber - 1;
        count++;
        top = Math.min(top, r);
        left = Math.min(left, c);
        if (r > bottom) {
          bottom = r;
          farRow = { row: r, col: c };
        }
        if (c > right) {
          right = c;
          farCol = { row: r, col: c };
        }
      });
    });
    if (bottom < 0) continue;
    checkUsedRange(ws.name, { top, left, bottom, right, count, farRow, farCol }, limits);
  }
}

/** Formula cells without a cached value, by sheet name: 0-based [row, col]. */
export function uncomputedFormulas(workbook: ExcelJS.Workbook): Map<string, [number, number][]> {
  const out = new Map<string, [number, number][]>();
  for (const ws of workbook.worksheets) {
    const cells: [number, number][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        if (cell.type !== ExcelJS.ValueType.Formula) return;
        if (cell.result === undefined || cell.result === null) cells.push([rowNumber - 1, colNumber - 1]);
      });
    });
    if (cells.length) out.set(ws.name, cells);
  }
  return out;
}

/**
 * Compute formula cells without a cached value in memory (the recalc engine over the package's bytes) and store
 * the results as their cached values in `workbook`; every other cell, cached values included, is left as read.
 * Returns the cells still without a value and how many were computed.
 */
export async function computeMissing(
  workbook: ExcelJS.Workbook,
  bytes: Buffer,
  missing: ReadonlyMap<string, readonly [number, number][]>,
  shown: string,
): Promise<{ stillMissing: Map<string, [number, number][]>; computed: number }> {
  const { data } = await recalcBuffer(bytes, shown);
  const evaluated = new ExcelJS.Workbook();
  await evaluated.xlsx.load(data as unknown as ExcelJS.Buffer);
  const stillMissing = new Map<string, [number, number][]>();
  let computed = 0;
  for (const [sheet, cells] of missing) {
    const ws = workbook.getWorksheet(sheet);
    const other = evaluated.getWorksheet(sheet);
    const left: [number, number][] = [];
    for (const [r, c] of cells) {
      const cell = ws?.getCell(r + 1, c + 1);
      const result = other?.getCell(r + 1, c + 1).result;
      if (!cell || cell.type !== ExcelJS.ValueType.Formula || result === undefined || result === null) {
        left.push([r, c]);
        continue;
      }
      // Only the cached result is set: the formula (plain, shared or array) stays as it was written.
      cell.value = { ...(cell.value as object), result } as ExcelJS.CellValue;
      computed++;
    }
    if (left.length) stillMissing.set(sheet, left);
  }
  return { stillMissing, computed };
}

export { trackReads, uncomputedError };
