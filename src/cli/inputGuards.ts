import * as ExcelJS from "exceljs";
import { a1, Cell, GridSheet, WorkbookGrid } from "../workbook/model";
import { checkUsedRange, DEFAULT_GRID_LIMITS, type GridLimits } from "./gridLimits";
import { cellValue } from "./grid";
import { recalcBuffer } from "./recalc";

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

/** Grow a sheet's rectangle so it covers the given cells (blank), keeping every value at its cell. */
function coverCells(sheet: GridSheet, cells: readonly [number, number][]): GridSheet {
  const o = sheet.origin ?? { row: 0, col: 0 };
  const width = sheet.values.reduce((w, r) => Math.max(w, r.length), 0);
  let top = sheet.values.length ? o.row : Infinity;
  let left = sheet.values.length ? o.col : Infinity;
  let bottom = sheet.values.length ? o.row + sheet.values.length - 1 : -1;
  let right = sheet.values.length ? o.col + width - 1 : -1;
  for (const [r, c] of cells) {
    top = Math.min(top, r);
    left = Math.min(left, c);
    bottom = Math.max(bottom, r);
    right = Math.max(right, c);
  }
  if (top === o.row && left === o.col && bottom === o.row + sheet.values.length - 1 && right === o.col + width - 1) return sheet;
  const values: Cell[][] = [];
  for (let r = top; r <= bottom; r++) {
    const line = new Array<Cell>(right - left + 1).fill(null);
    const src = sheet.values[r - o.row];
    if (src) src.forEach((v, c) => (line[c + o.col - left] = v));
    values.push(line);
  }
  return { ...sheet, values, origin: { row: top, col: left } };
}

/**
 * The grid with the given cells watched: `read()` lists, as "sheet!A1", every watched cell the code given the
 * grid looked at. The rectangle of a sheet is grown to cover its watched cells, so a row or column made only of
 * such cells is seen (and reported) rather than missing.
 */
export function trackReads(
  grid: WorkbookGrid,
  watched: ReadonlyMap<string, readonly [number, number][]>,
): { grid: WorkbookGrid; read: () => string[] } {
  const hits = new Set<string>();
  const order: string[] = [];
  const sheets = grid.sheets.map((sheet) => {
    const cells = watched.get(sheet.name);
    if (!cells || cells.length === 0) return sheet;
    const covered = coverCells(sheet, cells);
    const o = covered.origin ?? { row: 0, col: 0 };
    const byRow = new Map<number, Set<string>>();
    for (const [r, c] of cells) {
      const set = byRow.get(r - o.row) ?? new Set<string>();
      set.add(String(c - o.col));
      byRow.set(r - o.row, set);
    }
    const values = covered.values.map((line, i) => {
      const cols = byRow.get(i);
      if (!cols) return line;
      return new Proxy(line, {
        get(target, key, receiver) {
          if (typeof key === "string" && cols.has(key)) {
            const address = `${sheet.name}!${a1(i + o.row, Number(key) + o.col)}`;
            if (!hits.has(address)) {
              hits.add(address);
              order.push(address);
            }
          }
          return Reflect.get(target, key, receiver);
        },
      });
    });
    return { ...covered, values };
  });
  return { grid: { ...grid, sheets }, read: () => [...order] };
}

/** The message for formula cells the reader needed but that have no computed value. */
export function uncomputedError(cells: readonly string[]): { zh: string; en: string } {
  const shown = cells.slice(0, 20);
  const more = cells.length > shown.length ? `（另有 ${cells.length - shown.length} 个）` : "";
  const moreEn = cells.length > shown.length ? ` (and ${cells.length - shown.length} more)` : "";
  return {
    zh: `以下 ${cells.length} 个单元格是公式但没有计算结果（文件由不计算公式的程序写出，如 openpyxl），本工具也无法计算，不能当作空白读取：${shown.join("、")}${more}。请先在 Excel、WPS 或 LibreOffice 中打开并保存，再生成计划`,
    en: `These ${cells.length} cells hold formulas without a computed value (the file was written by a program that does not calculate, e.g. openpyxl) that this tool cannot compute either, and they cannot be read as blank: ${shown.join(", ")}${moreEn}. Open and save the file in Excel, WPS or LibreOffice, then plan again`,
  };
}
