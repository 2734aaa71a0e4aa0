import { a1, type Cell, type GridSheet, type WorkbookGrid } from "../workbook/model";

/*
 * Formula cells without a cached value, watched while the planning reader runs (no ExcelJS here: the package path of
 * `shanty plan` uses it too): a cell the reader looked at is named, never read as blank.
 */

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
