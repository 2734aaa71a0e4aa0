import * as ExcelJS from "exceljs";
import { editState, EditState, ReadBackCell } from "../workbook/fingerprint";
import {
  a1,
  CellRange,
  columnLetters,
  fingerprintName,
  freeSheetName,
  keptSheetName,
  ownershipName,
  OutputRole,
  SheetModel,
} from "../workbook/model";
import type { SheetCharts } from "./chartPart";
import { packageWithCharts } from "./writePackage";
import { cellValue } from "./grid";
import { ShantyFileError } from "./errors";
import { absRef, isValidDefinedName, parseRange, quoteSheet, splitSheetAddress } from "../workbook/address";
import { tableModel, worksheetTables } from "./xlsx";
import { highlightParts, restyled } from "./cellStyle";
import { forEachCell, keptNote, skippedNamesNote, tableHeaders, uniqueName } from "./sheetRules";

/*
 * The CLI's sheet writer: renders the host-neutral SheetModels (src/workbook/model.ts) into an ExcelJS workbook,
 * with the same ownership rules as the Office writer (src/excel/write.ts). File handling lives in ./xlsx.ts.
 */

// ---------- writing: models → workbook ----------

/**
 * What writeSheets did: the sheet written per model (its final name, and the add-in's earlier sheet it replaced),
 * named cells not created, and notes for the user (charts skipped, names skipped).
 */
export interface WriteSheetsResult {
  /**
   * Per model: the sheet written; `replaced` — the add-in's earlier, unchanged sheet it replaced; `kept` — the
   * earlier sheet the user had edited, kept under this new name (e.g. "年度计划（旧）") and no longer the add-in's.
   */
  readonly sheets: readonly { readonly role: OutputRole; readonly name: string; readonly replaced?: string; readonly kept?: string }[];
  /** The charts to add to the package after ExcelJS wrote it (src/cli/chartPart.ts). */
  readonly charts: readonly SheetCharts[];
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

/** Was printed when models asked for charts and ExcelJS could not draw them; charts are now written (chartPart.ts). */
export const CHARTS_NOTE = "图表需在 Excel 中生成 / charts are produced in Excel only";

/**
 * The package bytes of a workbook with the charts of writeSheets added (ExcelJS writes everything else).
 * Failures become ShantyFileError, as when saving.
 */
export async function workbookBytes(workbook: ExcelJS.Workbook, charts: readonly SheetCharts[]): Promise<Buffer> {
  try {
    return await packageWithCharts(workbook, charts);
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    throw new ShantyFileError(`生成工作簿失败：${text}`, `Could not build the workbook: ${text}`);
  }
}

/** The sheet a role's ownership name points at, if that sheet exists. */
export function ownedSheet(workbook: ExcelJS.Workbook, role: OutputRole): ExcelJS.Worksheet | undefined {
  const want = ownershipName(role).toLowerCase();
  const dn = workbook.definedNames.model.find((n) => n.name.toLowerCase() === want);
  if (!dn || dn.ranges.length !== 1) return undefined;
  const split = splitSheetAddress(dn.ranges[0]);
  if (!split) return undefined;
  const range = parseRange(split.address);
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
    .map((n) => ({ name: n.name, ranges: n.ranges.filter((r) => splitSheetAddress(r)?.sheet.toLowerCase() !== lower) }))
    .filter((n) => n.ranges.length > 0);
}

function dropName(workbook: ExcelJS.Workbook, name: string): void {
  workbook.definedNames.model = workbook.definedNames.model.filter((n) => n.name.toLowerCase() !== name.toLowerCase());
}

/** Names in the workbook that a new table name must not repeat (tables and defined names share one namespace). */
function takenTableNames(workbook: ExcelJS.Workbook): Set<string> {
  const taken = new Set<string>();
  for (const ws of workbook.worksheets) for (const t of worksheetTables(ws)) taken.add(tableModel(t).name.toLowerCase());
  for (const n of workbook.definedNames.model) taken.add(n.name.toLowerCase());
  return taken;
}

/** A sheet's content to write; the role only matters for ownership (writeSheets). */
export type SheetContent = Omit<SheetModel, "role">;

/**
 * Write one model's content into an (empty) worksheet: values, formulas, tables, number formats, column widths,
 * highlights, freeze panes and named cells. Returns whether it wrote formulas (the workbook then needs a full
 * calculation on load). Charts are not drawn (ExcelJS has no chart API).
 */
export function fillSheet(
  workbook: ExcelJS.Workbook,
  ws: ExcelJS.Worksheet,
  model: SheetContent,
): { formulas: boolean; skippedNames: string[] } {
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
      const parts = highlightParts(cell.font, h);
      cell.fill = parts.fill;
      if (parts.font) cell.font = parts.font;
    });
  }
  applyLayout(ws, model);
  if (model.freeze && (model.freeze.rows > 0 || model.freeze.cols > 0)) {
    ws.views = [
      { state: "frozen", xSplit: model.freeze.cols, ySplit: model.freeze.rows, topLeftCell: a1(model.freeze.rows, model.freeze.cols) },
    ];
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

/** Styles, merges, row heights, hidden columns and page setup of a model, rendered with ExcelJS. */
export function applyLayout(ws: ExcelJS.Worksheet, model: SheetContent): void {
  // Cells of one type whose style is equal before a spec get one new style object from it: equal cells share
  // their style (ExcelJS serialises a style once per object: once, not once per cell). Each spec makes new
  // objects and never changes one (numbers formats and highlights were set before; merges only assign).
  const canonical = new Map<string, Partial<ExcelJS.Style>>();
  const made = new WeakSet<object>();
  for (const spec of model.styles ?? []) {
    const st = spec.style;
    const next = new Map<string, Map<object, Partial<ExcelJS.Style>>>();
    forEachCell(spec.range, (r, c) => {
      const cell = ws.getCell(r + 1, c + 1);
      let old = cell.style;
      if (!made.has(old)) {
        const key = `${cell.type}|${JSON.stringify(old)}`;
        const seen = canonical.get(key);
        if (seen) old = seen;
        else {
          canonical.set(key, old);
          made.add(old);
        }
      }
      let byType = next.get(String(cell.type));
      if (!byType) next.set(String(cell.type), (byType = new Map()));
      let style = byType.get(old);
      if (!style) {
        style = restyled(old, st);
        byType.set(old, style);
        made.add(style);
      }
      cell.style = style;
    });
  }
  mergeAll(ws, model.merges ?? []);
  for (const h of model.rowHeights ?? []) ws.getRow(h.row + 1).height = h.height;
  for (const c of model.hiddenColumns ?? []) ws.getColumn(c + 1).hidden = true;
  const p = model.print;
  if (p) {
    const last = (r: CellRange) => a1(r.row + r.rows - 1, r.col + r.cols - 1);
    ws.pageSetup = {
      ...ws.pageSetup,
      paperSize: 9, // A4
      orientation: p.orientation,
      fitToPage: true,
      fitToWidth: p.fitToWidth,
      fitToHeight: p.fitToHeight,
      horizontalCentered: Boolean(p.centerHorizontally),
      margins: p.margins,
      printArea: `${a1(p.printArea.row, p.printArea.col)}:${last(p.printArea)}`,
      ...(p.titleRows ? { printTitlesRow: `${p.titleRows.first + 1}:${p.titleRows.last + 1}` } : {}),
      ...(p.titleColumns ? { printTitlesColumn: `${columnLetters(p.titleColumns.first)}:${columnLetters(p.titleColumns.last)}` } : {}),
    };
    if (p.footerCenter) ws.headerFooter = { ...ws.headerFooter, oddFooter: `&C${p.footerCenter}` };
  }
  // A break before 0-based row r is OOXML's break after 1-based row r.
  for (const r of model.pageBreaks ?? []) if (r > 0) ws.getRow(r).addPageBreak();
}

/** ExcelJS's private list of a sheet's merges: master address → range (1-based bounds). */
interface MergeList {
  _merges: Record<string, { top: number; left: number; bottom: number; right: number }>;
}

/**
 * ws.mergeCells for many 0-based ranges. ExcelJS checks each new merge against every earlier one of the sheet
 * (quadratic: 16,000 merges in the report of 50,000 projects took seconds, 65,000 for 200,000 would take minutes);
 * the same check is made here once per cell, against the cells already merged, with ExcelJS's message, and
 * ExcelJS then merges each range against an empty list (the list is restored and extended after each).
 */
function mergeAll(ws: ExcelJS.Worksheet, merges: readonly CellRange[]): void {
  if (merges.length === 0) return;
  const internal = ws as unknown as MergeList;
  const all = internal._merges;
  const merged = new Set<number>();
  const mark = (top: number, left: number, bottom: number, right: number, check: boolean) => {
    for (let r = top; r <= bottom; r++) {
      for (let c = left; c <= right; c++) {
        const key = r * 16384 + c;
        if (check && merged.has(key)) throw new Error("Cannot merge already merged cells");
        merged.add(key);
      }
    }
  };
  for (const m of Object.values(all)) mark(m.top, m.left, m.bottom, m.right, false);
  try {
    for (const m of merges) {
      mark(m.row + 1, m.col + 1, m.row + m.rows, m.col + m.cols, true);
      internal._merges = {};
      ws.mergeCells(m.row + 1, m.col + 1, m.row + m.rows, m.col + m.cols);
      Object.assign(all, internal._merges);
    }
  } finally {
    internal._merges = all;
  }
}

/** A sheet as the hosts read it back for the fingerprint: formulas as "=…", values, merged non-top-left cells blank. */
export function readBack(ws: ExcelJS.Worksheet): ReadBackCell[][] {
  const grid: ReadBackCell[][] = [];
  ws.eachRow({ includeEmpty: false }, (row, r) => {
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      let v: ReadBackCell;
      if (cell.type === ExcelJS.ValueType.Formula) v = `=${cell.formula}`;
      else v = cellValue(cell);
      if (v === null || v === "") return;
      (grid[r - 1] ??= [])[c - 1] = v;
    });
  });
  return Array.from(grid, (r) => Array.from(r ?? [], (v) => v ?? null));
}

/** Whether the user edited the add-in's earlier sheet of this role (see src/workbook/fingerprint.ts). */
export function editStateOf(workbook: ExcelJS.Workbook, ws: ExcelJS.Worksheet, role: OutputRole): EditState {
  const want = fingerprintName(role).toLowerCase();
  const dn = workbook.definedNames.model.find((n) => n.name.toLowerCase() === want);
  const split = dn && dn.ranges.length === 1 ? splitSheetAddress(dn.ranges[0]) : undefined;
  const at = split && split.sheet.toLowerCase() === ws.name.toLowerCase() ? parseRange(split.address) : undefined;
  if (!at) return "unknown";
  const stored = cellValue(ws.getCell(at.row + 1, at.col + 1));
  return editState(stored, readBack(ws), { row: 0, col: 0 }, at);
}

/**
 * Write the add-in's sheets into a workbook, with the same rules as the Office side:
 * - a sheet the ownership name of its role points at (an earlier run's output) is replaced, in its place;
 * - any other sheet is never touched: when a user's sheet already has the preferred name, the new sheet gets
 *   freeSheetName's "name (2)";
 * - the ownership name is (re)pointed at A1 of the new sheet;
 * - charts are skipped with a note (ExcelJS has no chart API).
 */
export function writeSheets(
  workbook: ExcelJS.Workbook,
  sheets: readonly SheetModel[],
  options: WriteSheetsOptions = {},
): WriteSheetsResult {
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
  const written: { role: OutputRole; name: string; replaced?: string; kept?: string }[] = [];
  const charts: SheetCharts[] = [];
  const notes: string[] = [];
  const skippedNames: string[] = [];
  let anyFormulas = false;
  for (const model of sheets) {
    const old = ownedSheet(workbook, model.role);
    let orderNo: number | undefined;
    let kept: string | undefined;
    let replaced: string | undefined;
    if (old && editStateOf(workbook, old, model.role) === "edited") {
      // The user changed the generated sheet: keep it, under a new name, as the user's own sheet.
      const from = old.name;
      kept = keptSheetName(model.name, new Set(workbook.worksheets.map((w) => w.name)));
      old.name = kept;
      dropName(workbook, ownershipName(model.role));
      dropName(workbook, fingerprintName(model.role));
      notes.push(keptNote(from, kept));
    } else if (old) {
      orderNo = (old as unknown as { orderNo: number }).orderNo;
      replaced = old.name;
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
    if (model.fingerprintCell)
      setDefinedName(
        workbook,
        fingerprintName(model.role),
        `${quoteSheet(name)}!${absRef(model.fingerprintCell.row, model.fingerprintCell.col)}`,
      );
    written.push({ role: model.role, name, ...(replaced ? { replaced } : {}), ...(kept ? { kept } : {}) });
    if (model.charts && model.charts.length > 0) charts.push({ sheet: name, charts: model.charts, rows: model.rows });
  }
  if (skippedNames.length > 0) notes.push(skippedNamesNote(skippedNames));
  if (anyFormulas) workbook.calcProperties.fullCalcOnLoad = true;
  return { sheets: written, charts, skippedNames, notes };
}
