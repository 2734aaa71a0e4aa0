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
  /**
   * Cells that hold dates (a date value in ExcelJS, a date number format in Office.js), as [row, col] on the
   * sheet (0-based, absolute, not relative to origin), row by row. Their numbers are Excel date serials; a year column takes their year. Any other number
   * is a number (a typo like 20251 is never read as a date).
   */
  readonly dates?: readonly (readonly [number, number])[];
  /**
   * Excel tables (ListObjects) on the sheet, by range relative to the sheet (not to origin); `totalsRow` when the
   * table shows its totals row (the range's last row).
   */
  readonly tables?: readonly { readonly name: string; readonly range: CellRange; readonly totalsRow?: boolean }[];
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
  /** The workbook counts dates from 1904 (date serials in the cells are then 1462 days smaller). */
  readonly date1904?: boolean;
}

/** A problem in the user's input, with the cell it points at (A1 address on `sheet`), for the problem list. */
export interface InputProblem {
  readonly sheet: string;
  /** A1 address, e.g. "D7"; empty when the problem concerns the whole sheet. */
  readonly address: string;
  readonly zh: string;
  readonly en: string;
  /**
   * "error" stops generation; "warning" is shown but the run goes on; "notice" says how something was read
   * (a unit converted, typed numbers read, a total row skipped) — nothing to fix.
   */
  readonly severity: "error" | "warning" | "notice";
  /** The catalogue code of the message (src/engine/messages/workbook.ts), for tests and the task pane. */
  readonly code?: string;
}

// ---------- output ----------

export type OutputRole = "plan" | "balance" | "projects" | "flows" | "params" | "bonds" | "bondBalance" | "consolidation" | "approval";

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

/** One data series of a chart: its name (as shown in the legend) and its values (one column on the sheet). */
export interface ChartSeriesSpec {
  readonly name: string;
  /** The cell holding the series name (a header cell), so the legend follows the sheet. */
  readonly nameCell: { readonly row: number; readonly col: number };
  /** Values: one column, one cell per category. */
  readonly values: CellRange;
  /** Plotted against the secondary value axis (drawn as a line when the chart is a column/bar chart). */
  readonly secondaryAxis?: boolean;
}

/**
 * A chart over cells of the same sheet. Categories and series point at the sheet's own table cells (never at a
 * separate helper block), so the chart shows what the table shows. Both value axes carry a title.
 */
export interface ChartSpec {
  readonly title: string;
  readonly type: "ColumnClustered" | "Line" | "BarClustered";
  /** Category labels: one column (e.g. the 年度 column of the by-year summary, without header and 合计). */
  readonly categories: CellRange;
  readonly series: readonly ChartSeriesSpec[];
  readonly categoryAxisTitle: string;
  readonly valueAxisTitle: string;
  /** Title of the secondary value axis (needed when a series is on it). */
  readonly secondaryAxisTitle?: string;
  /** The cells the chart covers: top-left cell and size in cells (it is drawn over them). */
  readonly anchor: CellRange;
}

/** A named single cell on the sheet (the parameters sheet's named cells). */
export interface NamedCell {
  readonly name: string;
  readonly row: number;
  readonly col: number;
}

/** How a range looks. Unset properties are left as the host's default (宋体/Calibri 11, no border …). */
export interface CellStyle {
  readonly bold?: boolean;
  /** Points. */
  readonly fontSize?: number;
  /** "#RRGGBB" */
  readonly fontColor?: string;
  /** "#RRGGBB" */
  readonly fill?: string;
  readonly horizontal?: "left" | "center" | "right";
  readonly vertical?: "top" | "middle" | "bottom";
  readonly wrap?: boolean;
  /** Thin lines around every cell of the range (a government table's grid). */
  readonly border?: "thin";
}

export interface StyleSpec {
  readonly range: CellRange;
  readonly style: CellStyle;
}

/**
 * Page setup for printing. Rows/columns are 0-based and inclusive. The footer uses Excel's header/footer codes
 * (&P page, &N pages), which Excel, WPS and LibreOffice all understand.
 */
export interface PrintSetup {
  readonly paperSize: "A4";
  readonly orientation: "portrait" | "landscape";
  /** Pages wide (1 = fit to one page wide). */
  readonly fitToWidth: number;
  /** Pages tall; 0 = as many as needed. */
  readonly fitToHeight: number;
  readonly printArea: CellRange;
  /** Rows repeated at the top of every page (the table header). */
  readonly titleRows?: { readonly first: number; readonly last: number };
  /** Columns repeated at the left of every page (e.g. 项目编号, 项目名称). */
  readonly titleColumns?: { readonly first: number; readonly last: number };
  /** Centre section of the footer, e.g. "第 &P 页 共 &N 页". */
  readonly footerCenter?: string;
  readonly centerHorizontally?: boolean;
  /** Page margins in inches. */
  readonly margins: {
    readonly left: number;
    readonly right: number;
    readonly top: number;
    readonly bottom: number;
    readonly header: number;
    readonly footer: number;
  };
}

/** A formula cell; its cached value (what readers show before recalculating) is the model's value at the same position. */
export interface FormulaCell {
  readonly row: number;
  readonly col: number;
  /** A1-style, without "=", function names in English upper case (as Excel returns them). */
  readonly formula: string;
}

/** One sheet the add-in writes. */
export interface SheetModel {
  readonly role: OutputRole;
  /** Preferred sheet name; if a sheet of that name exists that the add-in did not create, a new name is chosen. */
  readonly name: string;
  /** Values, row 0 at A1. Rectangular. At a formula's position: its cached value. */
  readonly rows: readonly (readonly Cell[])[];
  readonly columnWidths?: readonly number[];
  readonly numberFormats?: readonly NumberFormat[];
  readonly tables?: readonly TableSpec[];
  readonly highlights?: readonly Highlight[];
  readonly charts?: readonly ChartSpec[];
  readonly namedCells?: readonly NamedCell[];
  /** Rows/cols to freeze. */
  readonly freeze?: { readonly rows: number; readonly cols: number };
  /** Cells that are formulas, written instead of the value at that position (which is kept as the cached value). */
  readonly formulas?: readonly FormulaCell[];
  /** Merged ranges (the value sits in the top-left cell, the others are blank). */
  readonly merges?: readonly CellRange[];
  /** Fonts, fills, alignment and borders, applied in order (later entries win). */
  readonly styles?: readonly StyleSpec[];
  /** Row heights in points. */
  readonly rowHeights?: readonly { readonly row: number; readonly height: number }[];
  /** Columns hidden on screen and in print (0-based). */
  readonly hiddenColumns?: readonly number[];
  readonly print?: PrintSetup;
  /** Manual page breaks: the 0-based rows that start a new printed page (keeps a table or the chart whole). */
  readonly pageBreaks?: readonly number[];
  /**
   * The cell that holds the fingerprint of what was generated (src/workbook/fingerprint.ts), in a hidden
   * column; the workbook name SHANTY_FINGERPRINT_<ROLE> points at it. Regeneration compares it with the sheet
   * as it is now to tell whether the user edited the sheet.
   */
  readonly fingerprintCell?: { readonly row: number; readonly col: number };
}

/**
 * Output sheets are recognisable as the add-in's by a workbook-level defined name per role that refers to
 * cell A1 of the sheet: regeneration replaces only the sheet the name points at, so a user's sheet that merely
 * has the same name is never touched. Both hosts (Office.js and ExcelJS) read and write these names.
 * Only the generated reports (roles "plan" and "balance") are marked and replaced: template sheets
 * (projects, flows, params) become the user's data the moment they are inserted, so inserting the template
 * again never replaces them — it adds new sheets under free names.
 */
export function ownershipName(role: OutputRole): string {
  return `SHANTY_OUTPUT_${role.toUpperCase()}`;
}

/** The workbook name that points at a generated sheet's fingerprint cell. */
export function fingerprintName(role: OutputRole): string {
  return `SHANTY_FINGERPRINT_${role.toUpperCase()}`;
}

/** The name an edited earlier output keeps when it is regenerated: "年度计划（旧）" (then "年度计划（旧） (2)" …). */
export function keptSheetName(preferred: string, taken: ReadonlySet<string>): string {
  return freeSheetName(`${preferred}（旧）`, taken);
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

/** A1 helpers live in ./address; re-exported here for the writers that import them with the model. */
export { a1, columnLetters } from "./address";
