import * as ExcelJS from "exceljs";
import {
  a1,
  Cell,
  columnLetters,
  CellRange,
  freeSheetName,
  GridName,
  GridSheet,
  ownershipName,
  OutputRole,
  SheetModel,
  WorkbookGrid,
} from "../workbook/model";
import { ShantyFileError } from "./errors";

/*
 * ExcelJS ↔ the host-neutral workbook model (src/workbook/model.ts). The file handling every `shanty` command
 * shares lives in files of one job each, re-exported here for the commands that import it from this file:
 * errors.ts (exit codes, ShantyFileError, the command wrapper), load.ts (loading with clear messages),
 * package.ts (zip guards and package normalisation before ExcelJS), output.ts (output checks, atomic write,
 * --force), args.ts (the argv parser).
 *
 * Decisions (same as the Office side where it has one):
 * - Dates are read as Excel serial numbers (1900 date system, or 1904 when the workbook uses it): the model's
 *   cells are plain numbers, and a serial keeps date arithmetic and year columns working.
 * - Formula cells are read as their cached result; an error result reads as its text ("#VALUE!"), as Office.js
 *   `Range.values` gives it. Rich text and hyperlinks read as their plain text. Merged cells other than the
 *   top-left one read as blank.
 * - Only defined names that refer to one single cell are part of the grid (parameters, ownership marks).
 */

export { EXIT, ShantyFileError, runCommand } from "./errors";
export { loadWorkbookFile, loadWorkbookWithNotes } from "./load";
export type { LoadedWorkbook } from "./load";
export { unsupportedParts } from "./package";
export { checkOutputPath, checkOutputTarget, saveWorkbookAtomic, writeFileAtomic } from "./output";
export type { OutputOptions } from "./output";
export { parseInOut } from "./args";
export type { InOutArgs } from "./args";

// ---------- reading: workbook → grid ----------

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

function isMergeMaster(cell: ExcelJS.Cell): boolean {
  const master = (cell as unknown as { master?: ExcelJS.Cell }).master;
  return !master || master === cell || master.address === cell.address;
}

/** 0-based row/col → "$B$7". */
export function absRef(row: number, col: number): string {
  return `$${columnLetters(col)}$${row + 1}`;
}

/** "B2:D9" or "B2" → a 0-based CellRange. */
export function parseRange(ref: string): CellRange | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)(?::\$?([A-Za-z]{1,3})\$?(\d+))?$/.exec(ref.trim());
  if (!m) return undefined;
  const c1 = colIndex(m[1]);
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] ? colIndex(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) - 1 : r1;
  return { row: Math.min(r1, r2), col: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

/** Column letters → 0-based index ("A" → 0, "AA" → 26). */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** An ExcelJS table's whole range (header and totals included). */
export function tableRange(table: ExcelJS.Table): CellRange | undefined {
  const t = (table as unknown as { table?: { tableRef?: string; ref?: string } }).table ?? (table as unknown as { tableRef?: string; ref?: string });
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

/** A defined name's ranges split into sheet and address: "'项目库 (2)'!$A$1" → { sheet: "项目库 (2)", ref: "$A$1" }. */
export function splitSheetRef(ref: string): { sheet: string; ref: string } | undefined {
  const bang = ref.lastIndexOf("!");
  if (bang < 0) return undefined;
  let sheet = ref.slice(0, bang);
  if (sheet.startsWith("'") && sheet.endsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
  return { sheet, ref: ref.slice(bang + 1) };
}

/** The sheet name quoted for a reference: 'name'!  (quotes doubled inside). */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
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
    ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
      row.eachCell({ includeEmpty: false }, (cell, colNumber) => {
        const v = cellValue(cell, date1904);
        if (v === null) return;
        const r = rowNumber - 1;
        const c = colNumber - 1;
        cells.push({ r, c, v });
        top = Math.min(top, r);
        left = Math.min(left, c);
        bottom = Math.max(bottom, r);
        right = Math.max(right, c);
      });
    });
    const tables = worksheetTables(ws).flatMap((t) => {
      const range = tableRange(t);
      return range ? [{ name: tableModel(t).name, range }] : [];
    });
    if (bottom < 0) {
      sheets.push({ name: ws.name, values: [], origin: { row: 0, col: 0 }, tables });
      continue;
    }
    const values: Cell[][] = [];
    for (let r = top; r <= bottom; r++) values.push(new Array<Cell>(right - left + 1).fill(null));
    for (const { r, c, v } of cells) values[r - top][c - left] = v;
    sheets.push({ name: ws.name, values, origin: { row: top, col: left }, tables });
  }

  const names: GridName[] = [];
  for (const dn of workbook.definedNames.model) {
    if (dn.name.startsWith("_xlnm.") || dn.ranges.length !== 1) continue;
    const split = splitSheetRef(dn.ranges[0]);
    const range = split && parseRange(split.ref);
    if (!split || !range || range.rows !== 1 || range.cols !== 1) continue;
    const ws = workbook.getWorksheet(split.sheet);
    if (!ws) continue;
    names.push({ name: dn.name, sheet: ws.name, row: range.row, col: range.col, value: cellValue(ws.getCell(range.row + 1, range.col + 1), date1904) });
  }
  return { sheets, names };
}

// ---------- writing: models → workbook ----------

/**
 * What writeSheets did: the sheet written per model (its final name, and the add-in's earlier sheet it replaced),
 * named cells not created, and notes for the user (charts skipped, names skipped).
 */
export interface WriteSheetsResult {
  readonly sheets: readonly { readonly role: OutputRole; readonly name: string; readonly replaced?: string }[];
  readonly skippedNames: readonly string[];
  readonly notes: readonly string[];
}

export interface WriteSheetsOptions {
  /**
   * true (default) for outputs: an earlier output sheet of the same role is replaced. false for the template:
   * its sheets hold the user's input, so when the workbook already has them nothing is written (an error).
   */
  readonly replaceOwned?: boolean;
}

/** The note printed when models ask for charts (ExcelJS cannot draw them). */
export const CHARTS_NOTE = "图表需在 Excel 中生成 / charts are produced in Excel only";

/** The sheet a role's ownership name points at, if that sheet exists. */
export function ownedSheet(workbook: ExcelJS.Workbook, role: OutputRole): ExcelJS.Worksheet | undefined {
  const want = ownershipName(role).toLowerCase();
  const dn = workbook.definedNames.model.find((n) => n.name.toLowerCase() === want);
  if (!dn || dn.ranges.length !== 1) return undefined;
  const split = splitSheetRef(dn.ranges[0]);
  if (!split) return undefined;
  const range = parseRange(split.ref);
  if (!range || range.row !== 0 || range.col !== 0) return undefined;
  return workbook.getWorksheet(split.sheet);
}

/** Replace (or add) a workbook-level name so it refers to exactly `ref`. */
export function setDefinedName(workbook: ExcelJS.Workbook, name: string, ref: string): void {
  const model = workbook.definedNames.model.filter((n) => n.name.toLowerCase() !== name.toLowerCase());
  model.push({ name, ranges: [ref] });
  workbook.definedNames.model = model;
}

/** Drop every name range that points into `sheet` (names left without ranges disappear). */
function dropNamesOnSheet(workbook: ExcelJS.Workbook, sheet: string): void {
  const lower = sheet.toLowerCase();
  workbook.definedNames.model = workbook.definedNames.model
    .map((n) => ({ name: n.name, ranges: n.ranges.filter((r) => splitSheetRef(r)?.sheet.toLowerCase() !== lower) }))
    .filter((n) => n.ranges.length > 0);
}

/** Names in the workbook that a new table name must not repeat (tables and defined names share one namespace). */
function takenTableNames(workbook: ExcelJS.Workbook): Set<string> {
  const taken = new Set<string>();
  for (const ws of workbook.worksheets) for (const t of worksheetTables(ws)) taken.add(tableModel(t).name.toLowerCase());
  for (const n of workbook.definedNames.model) taken.add(n.name.toLowerCase());
  return taken;
}

function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Excel table headers: non-empty text, unique within the table. */
function tableHeaders(cells: readonly Cell[]): string[] {
  const seen = new Set<string>();
  return cells.map((c, i) => {
    const base = c === null || c === "" ? `列${i + 1}` : String(c);
    let name = base;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base}${k}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

function argb(hex: string): string {
  return `FF${hex.replace(/^#/, "").toUpperCase()}`;
}

/** A sheet's content to write; the role only matters for ownership (writeSheets). */
export type SheetContent = Omit<SheetModel, "role">;

/**
 * Write one model's content into an (empty) worksheet: values, formulas, tables, number formats, column widths,
 * highlights, freeze panes and named cells. Returns whether it wrote formulas (the workbook then needs a full
 * calculation on load). Charts are not drawn (ExcelJS has no chart API).
 */
export function fillSheet(workbook: ExcelJS.Workbook, ws: ExcelJS.Worksheet, model: SheetContent): { formulas: boolean; skippedNames: string[] } {
  const formulaAt = new Map<string, string>();
  for (const f of model.formulas ?? []) formulaAt.set(`${f.row},${f.col}`, f.formula.replace(/^=/, ""));

  const valueAt = (r: number, c: number): ExcelJS.CellValue => {
    const v = model.rows[r]?.[c] ?? null;
    const formula = formulaAt.get(`${r},${c}`);
    if (formula !== undefined) {
      // The model's value at a formula's position is kept as its cached result (what a reader shows until Excel recalculates).
      return v === null || v === "" ? { formula } : { formula, result: v };
    }
    if (typeof v === "number" && !Number.isFinite(v)) return { error: "#NUM!" };
    return v === "" ? null : v;
  };

  // Tables first: ExcelJS writes a table's header and rows itself. Header cells are left as the table wrote
  // them (made unique and non-empty): Excel repairs a file whose header cells differ from the column names.
  const taken = takenTableNames(workbook);
  const headerCells = new Set<string>();
  for (const spec of model.tables ?? []) {
    const { row, col, rows, cols } = spec.range;
    for (let j = 0; j < cols; j++) headerCells.add(`${row},${col + j}`);
    const header = tableHeaders(Array.from({ length: cols }, (_, j) => model.rows[row]?.[col + j] ?? null));
    const bodyEnd = row + rows - (spec.totalRow ? 1 : 0); // exclusive
    const body: ExcelJS.CellValue[][] = [];
    for (let r = row + 1; r < bodyEnd; r++) body.push(Array.from({ length: cols }, (_, j) => valueAt(r, col + j)));
    // Excel needs at least one data row.
    if (body.length === 0) body.push(new Array<ExcelJS.CellValue>(cols).fill(null));
    const totalsLabel = spec.totalRow ? model.rows[row + rows - 1]?.[col] : undefined;
    ws.addTable({
      name: uniqueName(spec.name, taken),
      ref: a1(row, col),
      headerRow: true,
      totalsRow: Boolean(spec.totalRow),
      style: { theme: spec.style as ExcelJS.TableStyleProperties["theme"], showRowStripes: true },
      columns: header.map((name, j) =>
        j === 0
          ? { name, filterButton: true, totalsRowLabel: totalsLabel === null || totalsLabel === undefined ? "" : String(totalsLabel) }
          : { name, filterButton: true, totalsRowFunction: "none" as const },
      ),
      rows: body,
    });
  }

  let formulas = false;
  model.rows.forEach((cells, r) =>
    cells.forEach((_, c) => {
      const v = valueAt(r, c);
      if (v === null || headerCells.has(`${r},${c}`)) return;
      if (typeof v === "object") formulas = true;
      ws.getCell(r + 1, c + 1).value = v;
    }),
  );
  // Formulas outside the rows' rectangle.
  for (const f of model.formulas ?? []) {
    if (model.rows[f.row]?.[f.col] !== undefined) continue;
    ws.getCell(f.row + 1, f.col + 1).value = { formula: f.formula.replace(/^=/, "") };
    formulas = true;
  }

  for (const nf of model.numberFormats ?? []) {
    forEachCell(nf.range, (r, c) => {
      ws.getCell(r + 1, c + 1).numFmt = nf.format;
    });
  }
  (model.columnWidths ?? []).forEach((w, i) => {
    if (w > 0) ws.getColumn(i + 1).width = w;
  });
  for (const h of model.highlights ?? []) {
    forEachCell(h.range, (r, c) => {
      const cell = ws.getCell(r + 1, c + 1);
      cell.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(h.fill) } };
      if (h.fontColor || h.bold) {
        cell.font = { ...(cell.font ?? {}), ...(h.fontColor ? { color: { argb: argb(h.fontColor) } } : {}), ...(h.bold ? { bold: true } : {}) };
      }
    });
  }
  if (model.freeze && (model.freeze.rows > 0 || model.freeze.cols > 0)) {
    ws.views = [{ state: "frozen", xSplit: model.freeze.cols, ySplit: model.freeze.rows, topLeftCell: a1(model.freeze.rows, model.freeze.cols) }];
  }
  // Named cells never overwrite a name the workbook already has (the user's), as on the Office side; names
  // pointing into a replaced output sheet were removed with it, and ExcelJS drops broken (#REF!) names on load.
  const skippedNames: string[] = [];
  const existing = new Set(workbook.definedNames.model.map((n) => n.name.toLowerCase()));
  for (const nc of model.namedCells ?? []) {
    if (!isValidDefinedName(nc.name) || existing.has(nc.name.toLowerCase())) {
      skippedNames.push(nc.name);
      continue;
    }
    setDefinedName(workbook, nc.name, `${quoteSheet(ws.name)}!${absRef(nc.row, nc.col)}`);
    existing.add(nc.name.toLowerCase());
  }
  return { formulas, skippedNames };
}

/** Excel's rule for a defined name: starts with a letter, _ or a backslash; no spaces; not a cell reference (A1 or R1C1); not R or C. */
export function isValidDefinedName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.\\]*$/u.test(name)) return false;
  if (/^[rc]$/i.test(name) || /^r(\d+)?c(\d+)?$/i.test(name)) return false;
  const cellLike = /^([A-Za-z]{1,3})\d+$/.exec(name);
  return !(cellLike && colIndex(cellLike[1]) <= 16383);
}

function forEachCell(range: CellRange, fn: (r: number, c: number) => void): void {
  for (let r = range.row; r < range.row + range.rows; r++) for (let c = range.col; c < range.col + range.cols; c++) fn(r, c);
}

/**
 * Write the add-in's sheets into a workbook, with the same rules as the Office side:
 * - a sheet the ownership name of its role points at (an earlier run's output) is replaced, in its place;
 * - any other sheet is never touched: when a user's sheet already has the preferred name, the new sheet gets
 *   freeSheetName's "name (2)";
 * - the ownership name is (re)pointed at A1 of the new sheet;
 * - charts are skipped with a note (ExcelJS has no chart API).
 */
export function writeSheets(workbook: ExcelJS.Workbook, sheets: readonly SheetModel[], options: WriteSheetsOptions = {}): WriteSheetsResult {
  const roles = new Set<string>();
  for (const m of sheets) {
    if (roles.has(m.role)) throw new Error(`two output sheets with role "${m.role}"`);
    roles.add(m.role);
  }
  if (options.replaceOwned === false) {
    const existing = sheets.flatMap((m) => ownedSheet(workbook, m.role)?.name ?? []);
    if (existing.length > 0) {
      throw new ShantyFileError(
        `工作簿中已有模板工作表：${existing.join("、")}，不会覆盖`,
        `The workbook already has the template sheets ${existing.join(", ")}; they are not overwritten`,
      );
    }
  }
  const written: { role: OutputRole; name: string; replaced?: string }[] = [];
  const notes: string[] = [];
  const skippedNames: string[] = [];
  let anyFormulas = false;
  for (const model of sheets) {
    const old = ownedSheet(workbook, model.role);
    let orderNo: number | undefined;
    if (old) {
      orderNo = (old as unknown as { orderNo: number }).orderNo;
      dropNamesOnSheet(workbook, old.name);
      workbook.removeWorksheet(old.id);
    }
    const name = freeSheetName(model.name, new Set(workbook.worksheets.map((w) => w.name)));
    const ws = workbook.addWorksheet(name);
    if (orderNo !== undefined) (ws as unknown as { orderNo: number }).orderNo = orderNo;
    const filled = fillSheet(workbook, ws, model);
    if (filled.formulas) anyFormulas = true;
    skippedNames.push(...filled.skippedNames);
    setDefinedName(workbook, ownershipName(model.role), `${quoteSheet(name)}!${absRef(0, 0)}`);
    written.push({ role: model.role, name, ...(old ? { replaced: old.name } : {}) });
    if (model.charts && model.charts.length > 0) {
      notes.push(`${CHARTS_NOTE}：「${name}」${model.charts.map((c) => c.title).join("、")}`);
    }
  }
  if (skippedNames.length > 0) {
    notes.push(
      `以下命名单元格未创建（工作簿中已有同名名称，或名称无效）：${skippedNames.join("、")} / named cells not created (the workbook already has that name, or it is not a valid name): ${skippedNames.join(", ")}`,
    );
  }
  if (anyFormulas) workbook.calcProperties.fullCalcOnLoad = true;
  return { sheets: written, skippedNames, notes };
}
