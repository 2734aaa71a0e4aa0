import { normalizeText } from "../../engine/text";
import type { ColumnSpec } from "../contract";
import type { GridSheet, WorkbookGrid } from "../model";
import { isBlankCell } from "./cells";
import { ColumnMapping, HeaderPlacement, isUnitRow, parseUnitNote, placeHeaders, placesRequired, UnitNote } from "./headers";

/*
 * Finding a table in the workbook: an Excel table (ListObject) whose header fits — the contract's table name
 * first —, then the sheet of the contract's name, then any sheet with a fitting header row in its first rows
 * (title rows, merged or not, above the header are skipped). When none fits, `closest` names the header row
 * that came nearest and the required columns it lacks, for the mapping step.
 */

/** How many rows from the top of a sheet a header row is looked for. */
export const HEADER_SEARCH_ROWS = 20;

export interface Located<K extends string> {
  readonly sheet: GridSheet;
  /** Row index within sheet.values of the header row. */
  readonly headerIndex: number;
  /** First data row (after the unit row, when there is one). */
  readonly firstIndex: number;
  /** Last row index (inclusive) within sheet.values that belongs to the table. */
  readonly lastIndex: number;
  /** Row index of the Excel table's totals row, when it shows one. */
  readonly totalsIndex?: number;
  /** Column offset within sheet.values where the table starts, and where it ends (inclusive). */
  readonly colStart: number;
  readonly colEnd: number;
  readonly placement: HeaderPlacement<K> & { readonly index: Partial<Record<K, number>> };
  /** A "单位：…" note above the header, with its cell (0-based index in sheet.values and column). */
  readonly unitNote?: { readonly text: string; readonly index: number; readonly col: number };
}

/** How many rows above a header a "单位：…" note is looked for. */
const NOTE_ROWS_ABOVE = 3;

/** The nearest "单位：…" note in the rows just above the header. */
function unitNoteAbove(sheet: GridSheet, headerIndex: number): { note: UnitNote; text: string; index: number; col: number } | undefined {
  for (let r = headerIndex - 1; r >= Math.max(0, headerIndex - NOTE_ROWS_ABOVE); r--) {
    const row = sheet.values[r] ?? [];
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (isBlankCell(v) || typeof v !== "string") continue;
      const note = parseUnitNote(v);
      if (note) return { note, text: v.trim(), index: r, col: c };
    }
  }
  return undefined;
}

export const originOf = (s: GridSheet) => s.origin ?? { row: 0, col: 0 };

function placeAt<K extends string>(
  sheet: GridSheet,
  headerIndex: number,
  colStart: number,
  colEnd: number,
  columns: readonly ColumnSpec<K>[],
  mapping: ColumnMapping<K>,
) {
  const cut = (r: number) => (sheet.values[r] ?? []).slice(colStart, colEnd + 1);
  const below = cut(headerIndex + 1);
  const unitRow = isUnitRow(below) ? below : undefined;
  const note = unitNoteAbove(sheet, headerIndex);
  const placement = placeHeaders(cut(headerIndex), columns, mapping, unitRow, note?.note);
  const usesNote = Object.values(placement.columns).some((p) => (p as { fromNote?: boolean }).fromNote);
  return {
    placement,
    unitRow: unitRow !== undefined,
    ...(note && usesNote ? { unitNote: { text: note.text, index: note.index, col: note.col } } : {}),
  };
}

export function locate<K extends string>(
  grid: WorkbookGrid,
  columns: readonly ColumnSpec<K>[],
  where: { tableName: string; sheetName: string; exclude: ReadonlySet<string> },
  mapping: ColumnMapping<K> = {},
): Located<K> | undefined {
  const candidates = grid.sheets.filter((s) => !where.exclude.has(s.name));
  const tables = candidates.flatMap((sheet) => (sheet.tables ?? []).map((t) => ({ sheet, t })));
  const wanted = (name: string) => Number(normalizeText(name) === normalizeText(where.tableName));
  tables.sort((x, y) => wanted(y.t.name) - wanted(x.t.name));
  for (const { sheet, t } of tables) {
    const o = originOf(sheet);
    const headerIndex = t.range.row - o.row;
    const colStart = t.range.col - o.col;
    const colEnd = colStart + t.range.cols - 1;
    const { placement, unitRow, unitNote } = placeAt(sheet, headerIndex, colStart, colEnd, columns, mapping);
    if (!placesRequired(placement, columns)) continue;
    const last = headerIndex + t.range.rows - 1;
    return {
      sheet,
      headerIndex,
      firstIndex: headerIndex + (unitRow ? 2 : 1),
      lastIndex: t.totalsRow ? last - 1 : last,
      ...(t.totalsRow ? { totalsIndex: last } : {}),
      colStart,
      colEnd,
      placement,
      ...(unitNote ? { unitNote } : {}),
    };
  }
  const ordered = [...candidates].sort((x, y) => Number(y.name === where.sheetName) - Number(x.name === where.sheetName));
  for (const sheet of ordered) {
    for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, sheet.values.length); r++) {
      const width = sheet.values[r].length;
      const { placement, unitRow, unitNote } = placeAt(sheet, r, 0, width - 1, columns, mapping);
      if (placesRequired(placement, columns)) {
        return {
          sheet,
          headerIndex: r,
          firstIndex: r + (unitRow ? 2 : 1),
          lastIndex: sheet.values.length - 1,
          colStart: 0,
          colEnd: width - 1,
          placement,
          ...(unitNote ? { unitNote } : {}),
        };
      }
    }
  }
  return undefined;
}

/** The header row that came closest to the contract: its sheet, 0-based sheet row, and what it lacks. */
export interface ClosestHeader<K extends string> {
  readonly sheet: string;
  /** 0-based row on the sheet. */
  readonly row: number;
  /** 0-based column on the sheet of the header row's first cell. */
  readonly col: number;
  readonly headers: readonly string[];
  readonly missing: readonly ColumnSpec<K>[];
  readonly placed: Partial<Record<K, number>>;
}

/** The header row placing the most required columns (then the most columns); undefined when none places any. */
export function closest<K extends string>(
  grid: WorkbookGrid,
  columns: readonly ColumnSpec<K>[],
  exclude: ReadonlySet<string>,
  mapping: ColumnMapping<K> = {},
): ClosestHeader<K> | undefined {
  let best: (ClosestHeader<K> & { score: number }) | undefined;
  for (const sheet of grid.sheets) {
    if (exclude.has(sheet.name)) continue;
    const o = originOf(sheet);
    for (let r = 0; r < Math.min(HEADER_SEARCH_ROWS, sheet.values.length); r++) {
      const row = sheet.values[r];
      const placement = placeHeaders(row, columns, mapping);
      const placedKeys = columns.filter((c) => placement.index[c.key] !== undefined);
      const required = placedKeys.filter((c) => c.required).length;
      const score = required * 1000 + placedKeys.length;
      if (placedKeys.length === 0 || (best && score <= best.score)) continue;
      best = {
        score,
        sheet: sheet.name,
        row: o.row + r,
        col: o.col,
        headers: row.map((c) => (c === null ? "" : String(c))),
        missing: columns.filter((c) => c.required && placement.index[c.key] === undefined),
        placed: placement.index,
      };
    }
  }
  if (!best) return undefined;
  return { sheet: best.sheet, row: best.row, col: best.col, headers: best.headers, missing: best.missing, placed: best.placed };
}
