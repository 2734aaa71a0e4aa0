import { a1 } from "../workbook/model";
import { ShantyFileError } from "./errors";

/*
 * The limit on the planning reader's grid (a dense rectangle per sheet, its used range), shared by both readers
 * of a workbook: the ExcelJS one (inputGuards.ts checkGridSize) and the one straight from the package XML
 * (plan/readParts.ts). A stray cell far away (XFD1048576 in a 26 KB file) would make that rectangle 17 billion
 * cells: refused up front, naming the cell. Kept free of ExcelJS so the XML reader never loads it.
 */

/** Limits of the reader's grid; policy values with defaults. */
export interface GridLimits {
  /** Largest used range (rows × columns) of one sheet the planning reader is given. */
  readonly maxRangeCells: number;
}

export const DEFAULT_GRID_LIMITS: GridLimits = { maxRangeCells: 20_000_000 };

/**
 * The used range of one sheet: the cells that hold something (a value, or a formula even without a cached
 * value), 0-based and inclusive; `count` of them; the first such cell of the last row and the topmost one of the
 * last column.
 */
export interface UsedRange {
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly count: number;
  readonly farRow: { readonly row: number; readonly col: number };
  readonly farCol: { readonly row: number; readonly col: number };
}

/** Cells in a used range's rectangle. */
export function usedRangeCells(used: Pick<UsedRange, "top" | "left" | "bottom" | "right">): number {
  return (used.bottom - used.top + 1) * (used.right - used.left + 1);
}

/** Refuse a sheet whose used range is beyond the limit, naming the outlying cells. */
export function checkUsedRange(sheet: string, used: UsedRange, limits: GridLimits = DEFAULT_GRID_LIMITS): void {
  const box = usedRangeCells(used);
  if (box <= limits.maxRangeCells) return;
  const farRow = a1(used.farRow.row, used.farRow.col);
  const farCol = a1(used.farCol.row, used.farCol.col);
  const far = farRow === farCol ? farRow : `${farRow}、${farCol}`;
  const range = `${a1(used.top, used.left)}:${a1(used.bottom, used.right)}`;
  const max = limits.maxRangeCells.toLocaleString("en-US");
  throw new ShantyFileError(
    `工作表“${sheet}”的已用区域 ${range} 有 ${box.toLocaleString("en-US")} 个单元格（只有 ${used.count} 个有内容），超过上限 ${max}：请检查并删除远处的单元格 ${sheet}!${far}`,
    `Sheet "${sheet}": its used range ${range} spans ${box.toLocaleString("en-US")} cells (${used.count} hold something), above the limit of ${max}: check and delete the outlying cell ${sheet}!${far.replace("、", ", ")}`,
  );
}
