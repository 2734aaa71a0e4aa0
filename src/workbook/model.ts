/*
 * The host-neutral workbook model: what the add-in reads from a planning workbook and what it writes back.
 * Office.js (src/excel/) and ExcelJS (src/cli/) translate between real workbooks and these plain objects; all
 * decisions (which columns, which tables, which formats) are made here, once, for both hosts.
 */

export type Cell = string | number | boolean | null;

/** A rectangle on a sheet, 0-based, in cells. */
export interface CellRange {
  readonly row: number;
  readonly col: number;
  readonly rows: number;
  readonly cols: number;
}

// ---------- input ----------

/** One sheet as read: its used range's values, starting at `origin` (0-based row/col of values[0][0]). */
export interface GridSheet {
  readonly name: string;
  readonly values: readonly (readonly Cell[])[];
  readonly origin?: { readonly row: number; readonly col: number };
  /** Excel tables (ListObjects) on the sheet, by range relative to the sheet (not to origin). */
  readonly tables?: readonly { readonly name: string; readonly range: CellRange }[];
}

/** A workbook-level defined name that refers to a single cell (parameters) or to a sheet (ownership marks). */
export interface GridName {
  readonly name: string;
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly value?: Cell;
}

export interface WorkbookGrid {
  readonly sheets: readonly GridSheet[];
  readonly names: readonly GridName[];
}

/** A problem in the user's input, with the cell it points at (A1 address on `sheet`), for the problem list. */
export interface InputProblem {
  readonly sheet: string;
  /** A1 address, e.g. "D7"; empty when the problem concerns the whole sheet. */
  readonly address: string;
  readonly zh: string;
  readonly en: string;
  /** "error" stops generation; "warning" is shown but the run goes on. */
  readonly severity: "error" | "warning";
}

// ---------- output ----------

export type OutputRole = "plan" | "balance" | "projects" | "flows" | "params" | "consolidation";

export interface NumberFormat {
  readonly range: CellRange;
  /** Excel number format code, e.g. "#,##0.00" or "0.00\"万㎡\"". */
  readonly format: string;
}

export interface Highlight {
  readonly range: CellRange;
  /** "#RRGGBB" */
  readonly fill: string;
  readonly fontColor?: string;
  readonly bold?: boolean;
}

export interface TableSpec {
  /** Excel table name (unique in the workbook; letters, digits, underscore). */
  readonly name: string;
  /** Header row included. */
  readonly range: CellRange;
  /** Built-in style, e.g. "TableStyleMedium2". */
  readonly style: string;
  /** Show a total row? The model already contains the 合计 row as data when it needs one. */
  readonly totalRow?: boolean;
}

export interface ChartSpec {
  readonly title: string;
  /** Source data: header row + category column first (e.g. 年度), then one series per column. */
  readonly source: CellRange;
  readonly type: "ColumnClustered" | "Line" | "BarClustered";
  /** Where to put the chart (top-left cell). */
  readonly anchor: { readonly row: number; readonly col: number };
  /** Series plotted on a secondary axis (0-based index within the series columns), e.g. area vs households. */
  readonly secondaryAxisSeries?: readonly number[];
}

/** A named single cell on the sheet (the parameters sheet's named cells). */
export interface NamedCell {
  readonly name: string;
  readonly row: number;
  readonly col: number;
}

/** One sheet the add-in writes. */
export interface SheetModel {
  readonly role: OutputRole;
  /** Preferred sheet name; if a sheet of that name exists that the add-in did not create, a new name is chosen. */
  readonly name: string;
  /** Values, row 0 at A1. Rectangular. */
  readonly rows: readonly (readonly Cell[])[];
  readonly columnWidths?: readonly number[];
  readonly numberFormats?: readonly NumberFormat[];
  readonly tables?: readonly TableSpec[];
  readonly highlights?: readonly Highlight[];
  readonly charts?: readonly ChartSpec[];
  readonly namedCells?: readonly NamedCell[];
  /** Rows/cols to freeze. */
  readonly freeze?: { readonly rows: number; readonly cols: number };
  /** Cells that are formulas (A1-style without "="), written instead of the value at that position. */
  readonly formulas?: readonly { readonly row: number; readonly col: number; readonly formula: string }[];
}

/**
 * Output sheets are recognisable as the add-in's by a workbook-level defined name per role that refers to
 * cell A1 of the sheet: regeneration replaces only the sheet the name points at, so a user's sheet that merely
 * has the same name is never touched. Both hosts (Office.js and ExcelJS) read and write these names.
 * Only the generated reports (roles "plan" and "balance") are marked and replaced: template sheets
 * (projects, flows, params) become the user's data the moment they are inserted, so inserting the template
 * again never replaces them — it adds new sheets under free names.
 */
export const REPLACEABLE_ROLES: readonly OutputRole[] = ["plan", "balance"];

export function ownershipName(role: OutputRole): string {
  return `SHANTY_OUTPUT_${role.toUpperCase()}`;
}

/** A sheet name not in `taken`: the preferred one, else "name (2)", "name (3)" … (Excel's 31-char limit kept). */
export function freeSheetName(preferred: string, taken: ReadonlySet<string>): string {
  const lower = new Set([...taken].map((t) => t.toLowerCase()));
  if (!lower.has(preferred.toLowerCase())) return preferred;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = preferred.slice(0, 31 - suffix.length) + suffix;
    if (!lower.has(candidate.toLowerCase())) return candidate;
  }
}

/** 0-based column index → letters (0 → A, 26 → AA). */
export function columnLetters(col: number): string {
  let s = "";
  let n = col + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** 0-based row/col → "B7". */
export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** A range → "A1:D9". */
export function a1Range(r: CellRange): string {
  return `${a1(r.row, r.col)}:${a1(r.row + r.rows - 1, r.col + r.cols - 1)}`;
}
