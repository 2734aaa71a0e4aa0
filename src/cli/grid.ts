import * as ExcelJS from "exceljs";
import type { Cell, GridName, GridSheet, WorkbookGrid } from "../workbook/model";
import { parseRange, splitSheetAddress } from "../workbook/address";
import { tableModel, tableRange, worksheetTables } from "./xlsx";

/*
 * The CLI's grid adapter: an ExcelJS workbook → the host-neutral WorkbookGrid (src/workbook/model.ts), the
 * same model the Office.js adapter (src/excel/read.ts) produces. It only turns cells into values; every reading
 * rule (headers, units, typed numbers, totals, validation) is in src/workbook/.
 *
 * Decisions (same as the Office side where it has one):
 * - Dates are read as Excel serial numbers (1900 date system, or 1904 when the workbook uses it): the model's
 *   cells are plain numbers, and a serial keeps date arithmetic and year columns working.
 * - Formula cells are read as their cached result; an error result reads as its text ("#VALUE!"), as Office.js
 *   `Range.values` gives it. Rich text and hyperlinks read as their plain text. Merged cells other than the
 *   top-left one read as blank.
 * - Only defined names that refer to one single cell are part of the grid (parameters, ownership marks).
 */

/** Excel serial number of a date (ExcelJS dates are UTC instants of the cell's local date-time). */
export function excelSerial(d: Date, date1904 = false): number {
  const serial = d.getTime() / 86400000 + 25569;
  return date1904 ? serial - 1462 : serial;
}

function isDate1904(workbook: ExcelJS.Workbook): boolean {
  return Boolean((workbook.properties as { date1904?: boolean } | undefined)?.date1904);
}

function richText(v: { richText: { text: string }[] }): string {
  return v.richText.map((r) => r.text).join("");
}

/** A scalar as the model sees it (formula results, error values and rich text included). */
function scalar(v: unknown, date1904: boolean): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  if (v instanceof Date) return excelSerial(v, date1904);
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.richText)) return richText(o as { richText: { text: string }[] });
    if (typeof o.error === "string") return o.error;
    if ("formula" in o || "sharedFormula" in o) return scalar(o.result, date1904);
    if ("text" in o) return scalar(o.text, date1904); // hyperlink
  }
  return null;
}

/** The model value of one ExcelJS cell. */
export function cellValue(cell: ExcelJS.Cell, date1904 = false): Cell {
  if (cell.type === ExcelJS.ValueType.Merge && !isMergeMaster(cell)) return null;
  // cell.value of a formula drops a cached result of 0, FALSE or "" (ExcelJS copies only truthy fields): read .result.
  if (cell.type === ExcelJS.ValueType.Formula) return scalar(cell.result, date1904);
  return scalar(cell.value, date1904);
}

/** The cell holds a date (its value, or a formula's cached result, is one): its number is a date serial. */
function holdsDate(cell: ExcelJS.Cell): boolean {
  return cell.type === ExcelJS.ValueType.Formula ? cell.result instanceof Date : cell.value instanceof Date;
}

function isMergeMaster(cell: ExcelJS.Cell): boolean {
  const master = (cell as unknown as { master?: ExcelJS.Cell }).master;
  return !master || master === cell || master.address === cell.address;
}

/** Read every sheet's used range (with its origin), its tables, and the single-cell defined names with their values. */
export function readGrid(workbook: ExcelJS.Workbook): WorkbookGrid {
  const date1904 = isDate1904(workbook);
  const sheets: GridSheet[] = [];
  for (const ws of workbook.worksheets) {
    let top = Infinity;
    let left = Infinity;
    let bottom = -1;
    let right = -1;
    const cells: { r: number; c: number; v: Cell }[] = [];
    const dates: [number, number][] = [];
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        const v = cellValue(cell, date1904);
        if (v === null) return;
        const r = rowNumber - 1;
        const c = colNumber - 1;
        cells.push({ r, c, v });
        if (typeof v === "number" && holdsDate(cell)) dates.push([r, c]);
        top = Math.min(top, r);
        left = Math.min(left, c);
        bottom = Math.max(bottom, r);
        right = Math.max(right, c);
      });
    });
    const tables = worksheetTables(ws).flatMap((t) => {
      const range = tableRange(t);
      const model = tableModel(t);
      return range ? [{ name: model.name, range, ...(model.totalsRow ? { totalsRow: true } : {}) }] : [];
    });
    if (bottom < 0) {
      sheets.push({ name: ws.name, values: [], origin: { row: 0, col: 0 }, tables });
      continue;
    }
    const values: Cell[][] = [];
    for (let r = top; r <= bottom; r++) values.push(new Array<Cell>(right - left + 1).fill(null));
    for (const { r, c, v } of cells) values[r - top][c - left] = v;
    sheets.push({ name: ws.name, values, origin: { row: top, col: left }, tables, ...(dates.length ? { dates } : {}) });
  }

  const names: GridName[] = [];
  for (const dn of workbook.definedNames.model) {
    if (dn.name.startsWith("_xlnm.") || dn.ranges.length !== 1) continue;
    const split = splitSheetAddress(dn.ranges[0]);
    const range = split && parseRange(split.address);
    if (!split || !range || range.rows !== 1 || range.cols !== 1) continue;
    const ws = workbook.getWorksheet(split.sheet);
    if (!ws) continue;
    names.push({
      name: dn.name,
      sheet: ws.name,
      row: range.row,
      col: range.col,
      value: cellValue(ws.getCell(range.row + 1, range.col + 1), date1904),
    });
  }
  return { sheets, names, ...(date1904 ? { date1904 } : {}) };
}
