import type { Cell, CellRange, OutputRole, SheetModel } from "../workbook/model";
import { fingerprintName, ownershipName } from "../workbook/model";
import { editState, EditState, ReadBackCell } from "../workbook/fingerprint";
import { templateSheets } from "../workbook/generate";
import { sameSheetName } from "../workbook/address";
import { ChartWriter, officeChartWriter } from "./charts";
import { describeCause, ExcelLayerError } from "./errors";
import { planWrite, resolvePrevious, SheetPlan, WorkbookInventory } from "./writePlan";

/*
 * Writes SheetModels into the open workbook, atomically as far as Excel allows, in three round trips whatever
 * the number of rows:
 *   1. inspect — sheet, name and table collections (what exists, what the add-in owns);
 *   2. write   — every new sheet with values, formats, tables, charts, under names nobody uses;
 *   3. commit  — only now delete the add-in's previous sheets, rename, add named cells and ownership marks.
 * If step 2 fails, the sheets it created are deleted (two more round trips) and a clear error is thrown: the
 * user's sheets are never touched, because only sheets that did not exist before this run are deleted.
 */

export interface WriteProgress {
  readonly phase: "inspect" | "write" | "commit" | "rollback" | "done";
  /** Sheets queued so far in the write phase. */
  readonly done: number;
  readonly total: number;
  readonly sheet?: string;
  /** Commit phase: true when previous output sheets are being replaced (the pane words the step accordingly). */
  readonly replacing?: boolean;
}

export interface WriteReport {
  /** The sheets as written, with the name each got (the preferred one or "name (2)"). */
  /**
   * `replaced`: the add-in's earlier, unchanged sheet that was deleted; `kept`: the earlier sheet the user had
   * edited, kept under this new name ("年度计划（旧）") as the user's own sheet.
   */
  readonly sheets: readonly { readonly role: OutputRole; readonly name: string; readonly replaced?: string; readonly kept?: string }[];
  /** Named cells not created: a user's defined name of that name exists, or the name is not valid in Excel. */
  readonly skippedNames: readonly string[];
  /** Round trips used (context.sync calls). */
  readonly syncs: number;
}

export interface WriteOptions {
  /** Default true. The template passes false: its sheets hold the user's input and are never replaced. */
  readonly replaceOwned?: boolean;
  readonly charts?: ChartWriter;
  /** What to do with an earlier output the user edited: keep it as "…（旧）" (default) or replace it anyway. */
  readonly onEdited?: "keep" | "replace";
  /** Page setup needs ExcelApi 1.9; default: when Office reports it (always in tests without Office). */
  readonly pageLayout?: boolean;
}

const H_ALIGN = { left: "Left", center: "Center", right: "Right" } as const;
const V_ALIGN = { top: "Top", middle: "Center", bottom: "Bottom" } as const;
const EDGES = ["EdgeTop", "EdgeBottom", "EdgeLeft", "EdgeRight", "InsideHorizontal", "InsideVertical"] as const;

/** Styles, merges, heights, hidden columns and page setup of a model (all queued). */
function queueLayout(sheet: Excel.Worksheet, model: SheetModel, pageLayout: boolean): void {
  for (const spec of model.styles ?? []) {
    const st = spec.style;
    const format = rangeOf(sheet, spec.range).format;
    if (st.bold !== undefined) format.font.bold = st.bold;
    if (st.fontSize !== undefined) format.font.size = st.fontSize;
    if (st.fontColor) format.font.color = st.fontColor;
    if (st.fill) format.fill.color = st.fill;
    if (st.horizontal) format.horizontalAlignment = H_ALIGN[st.horizontal];
    if (st.vertical) format.verticalAlignment = V_ALIGN[st.vertical];
    if (st.wrap !== undefined) format.wrapText = st.wrap;
    if (st.border === "thin") {
      for (const edge of EDGES) {
        if (edge === "InsideHorizontal" && spec.range.rows < 2) continue;
        if (edge === "InsideVertical" && spec.range.cols < 2) continue;
        const border = format.borders.getItem(edge);
        border.style = "Continuous";
        border.weight = "Thin";
      }
    }
  }
  for (const m of model.merges ?? []) rangeOf(sheet, m).merge(false);
  for (const h of model.rowHeights ?? []) sheet.getRangeByIndexes(h.row, 0, 1, 1).format.rowHeight = h.height;
  for (const c of model.hiddenColumns ?? []) sheet.getRangeByIndexes(0, c, 1, 1).getEntireColumn().columnHidden = true;
  if (model.print && pageLayout) queuePageSetup(sheet, model.print, model.pageBreaks ?? []);
}

/**
 * A4, orientation, fit to pages, margins, print area and titles, footer. Worksheet.pageLayout is ExcelApi 1.9,
 * above the manifest's 1.8: on an older host the page setup is left out (the tables are still written), so the
 * add-in loads wherever its tables can be made.
 */
function queuePageSetup(sheet: Excel.Worksheet, p: NonNullable<SheetModel["print"]>, pageBreaks: readonly number[]): void {
  const requirements = (globalThis as { Office?: { context?: { requirements?: Office.RequirementSetSupport } } }).Office?.context
    ?.requirements;
  if (requirements && !requirements.isSetSupported("ExcelApi", "1.9")) return;
  const layout = sheet.pageLayout;
  layout.paperSize = "A4";
  layout.orientation = p.orientation === "landscape" ? "Landscape" : "Portrait";
  layout.zoom = { horizontalFitToPages: p.fitToWidth, verticalFitToPages: p.fitToHeight };
  layout.centerHorizontally = Boolean(p.centerHorizontally);
  layout.leftMargin = p.margins.left * 72;
  layout.rightMargin = p.margins.right * 72;
  layout.topMargin = p.margins.top * 72;
  layout.bottomMargin = p.margins.bottom * 72;
  layout.headerMargin = p.margins.header * 72;
  layout.footerMargin = p.margins.footer * 72;
  layout.setPrintArea(rangeOf(sheet, p.printArea));
  if (p.titleRows)
    layout.setPrintTitleRows(sheet.getRangeByIndexes(p.titleRows.first, 0, p.titleRows.last - p.titleRows.first + 1, 1).getEntireRow());
  if (p.titleColumns)
    layout.setPrintTitleColumns(
      sheet.getRangeByIndexes(0, p.titleColumns.first, 1, p.titleColumns.last - p.titleColumns.first + 1).getEntireColumn(),
    );
  if (p.footerCenter) layout.headersFooters.defaultForAllPages.centerFooter = p.footerCenter;
  for (const r of pageBreaks) if (r > 0) sheet.horizontalPageBreaks.add(sheet.getRangeByIndexes(r, 0, 1, 1));
}

/** Excel column width in characters (as in ExcelJS and the model) → Office.js points: 7 px per digit + 5 px padding, 0.75 pt/px. */
export function widthToPoints(characters: number): number {
  return Math.round((characters * 7 + 5) * 0.75 * 4) / 4;
}

/**
 * A model cell → what range.values receives. Excel parses assigned strings as if typed, so text that would
 * turn into a formula ("=…"), a number ("2024", "1,5"), a date ("3/4"), a percentage or a boolean keeps its
 * type only with a leading apostrophe (Excel's text prefix, not part of the value).
 */
export function toExcelValue(cell: Cell | undefined): string | number | boolean {
  if (cell === null || cell === undefined) return "";
  if (typeof cell !== "string") return cell;
  const looksTyped =
    /^[=+\-@']/.test(cell) ||
    /^\s*\(?[$¥￥€]?\s*[0-9][0-9.,\s]*%?\)?\s*$/.test(cell) ||
    /^\s*[0-9]{1,4}\s*[-/.年]\s*[0-9]/.test(cell) ||
    /^\s*[0-9.]+e[+-]?[0-9]+\s*$/i.test(cell) ||
    /^\s*(true|false)\s*$/i.test(cell);
  return looksTyped ? `'${cell}` : cell;
}

function filled<T>(rows: number, cols: number, value: T): T[][] {
  return Array.from({ length: rows }, () => new Array<T>(cols).fill(value));
}

function rangeOf(sheet: Excel.Worksheet, r: CellRange): Excel.Range {
  return sheet.getRangeByIndexes(r.row, r.col, r.rows, r.cols);
}

interface Written {
  readonly plan: SheetPlan;
  readonly sheet: Excel.Worksheet;
  readonly tables: readonly { readonly table: Excel.Table; readonly finalName: string; readonly writeName: string }[];
}

/** Queues one sheet: a single values assignment, then formulas, formats, widths, highlights, tables, panes, charts. */
function queueSheet(workbook: Excel.Workbook, plan: SheetPlan, charts: ChartWriter, pageLayout: boolean): Written {
  const model = plan.model;
  const sheet = workbook.worksheets.add(plan.writeName);
  const rows = model.rows.length;
  const cols = model.rows.reduce((max, r) => Math.max(max, r.length), 0);
  if (rows > 0 && cols > 0) {
    sheet.getRangeByIndexes(0, 0, rows, cols).values = model.rows.map((r) => Array.from({ length: cols }, (_, c) => toExcelValue(r[c])));
  }
  for (const f of model.formulas ?? []) {
    sheet.getRangeByIndexes(f.row, f.col, 1, 1).formulas = [[`=${f.formula.replace(/^=/, "")}`]];
  }
  for (const nf of model.numberFormats ?? []) {
    if (nf.range.rows > 0 && nf.range.cols > 0) rangeOf(sheet, nf.range).numberFormat = filled(nf.range.rows, nf.range.cols, nf.format);
  }
  (model.columnWidths ?? []).forEach((width, col) => {
    if (width > 0) sheet.getRangeByIndexes(0, col, 1, 1).format.columnWidth = widthToPoints(width);
  });
  for (const h of model.highlights ?? []) {
    if (h.range.rows <= 0 || h.range.cols <= 0) continue;
    const format = rangeOf(sheet, h.range).format;
    format.fill.color = h.fill;
    if (h.fontColor) format.font.color = h.fontColor;
    if (h.bold !== undefined) format.font.bold = h.bold;
  }
  const tables = plan.tables.map(({ spec, writeName, finalName }) => {
    const table = sheet.tables.add(rangeOf(sheet, spec.range), true);
    table.name = writeName;
    table.style = spec.style;
    if (spec.totalRow) table.showTotals = true;
    return { table, writeName, finalName };
  });
  queueLayout(sheet, model, pageLayout);
  const freeze = model.freeze;
  if (freeze && freeze.rows > 0 && freeze.cols > 0) sheet.freezePanes.freezeAt(sheet.getRangeByIndexes(0, 0, freeze.rows, freeze.cols));
  else if (freeze && freeze.rows > 0) sheet.freezePanes.freezeRows(freeze.rows);
  else if (freeze && freeze.cols > 0) sheet.freezePanes.freezeColumns(freeze.cols);
  for (const chart of model.charts ?? []) charts.addChart(sheet, chart);
  return { plan, sheet, tables };
}

/** Deletes the sheets this run created (they did not exist before it, so they cannot be the user's). */
async function rollback(context: Excel.RequestContext, createdNames: readonly string[], sync: () => Promise<void>): Promise<void> {
  const sheets = context.workbook.worksheets;
  sheets.load("items/name");
  await sync();
  for (const sheet of sheets.items) {
    if (createdNames.some((n) => sameSheetName(n, sheet.name))) sheet.delete();
  }
  await sync();
}

/** Writes the output sheets; see the module comment for the three round trips and the ownership rules. */
export async function writeOutputs(
  context: Excel.RequestContext,
  sheets: readonly SheetModel[],
  onProgress?: (progress: WriteProgress) => void,
  options: WriteOptions = {},
): Promise<WriteReport> {
  let syncs = 0;
  const sync = async () => {
    syncs++;
    await context.sync();
  };
  const total = sheets.length;
  const progress = (phase: WriteProgress["phase"], done: number, sheet?: string, replacing?: boolean) =>
    onProgress?.({ phase, done, total, sheet, replacing });
  if (total === 0) return { sheets: [], skippedNames: [], syncs };
  const workbook = context.workbook;

  // 1. inspect
  progress("inspect", 0);
  workbook.worksheets.load("items/name");
  workbook.names.load("items/name, items/formula");
  workbook.tables.load("items/name, items/worksheet/name");
  await sync();
  const inventory: WorkbookInventory = {
    sheets: workbook.worksheets.items.map((s) => s.name),
    names: workbook.names.items.map((n) => ({ name: n.name, formula: String(n.formula ?? "") })),
    tables: workbook.tables.items.map((t) => ({ name: t.name, sheet: t.worksheet.name })),
  };
  const plan = planWrite(inventory, sheets, { replaceOwned: options.replaceOwned ?? true });

  // 2. write every new sheet under a name nobody uses
  const charts = options.charts ?? officeChartWriter;
  const pageLayout = options.pageLayout ?? true;
  let written: Written[] = [];
  // The previous outputs' cells as they are now (formulas as text), read in the same round trip as the write,
  // to tell whether the user edited them since they were generated.
  const previous = plan.sheets.flatMap((p) => {
    if (!p.replaces || !p.previousFingerprint) return [];
    const used = workbook.worksheets.getItem(p.replaces).getUsedRangeOrNullObject(true);
    used.load("formulas,rowIndex,columnIndex");
    return [{ sheet: p.replaces, at: p.previousFingerprint, used }];
  });
  try {
    written = plan.sheets.map((p, i) => {
      progress("write", i, p.finalName);
      return queueSheet(workbook, p, charts, pageLayout);
    });
    await sync();
  } catch (error) {
    progress("rollback", 0);
    try {
      await rollback(
        context,
        plan.sheets.map((p) => p.writeName),
        sync,
      );
    } catch (cleanupError) {
      const [a, b] = [describeCause(error), describeCause(cleanupError)];
      throw new ExcelLayerError(
        "writeFailed",
        { cause: { zh: `${a.zh}；撤销时又出错：${b.zh}`, en: `${a.en}; undoing failed too: ${b.en}` } },
        error,
      );
    }
    throw new ExcelLayerError("writeFailed", { cause: describeCause(error) }, error);
  }

  const states = new Map<string, EditState>();
  for (const prev of previous) {
    if (prev.used.isNullObject) continue;
    const grid = prev.used.formulas as ReadBackCell[][];
    const origin = { row: prev.used.rowIndex, col: prev.used.columnIndex };
    const stored = grid[prev.at.row - origin.row]?.[prev.at.col - origin.col];
    states.set(prev.sheet, editState(stored, grid, origin, prev.at));
  }
  const decisions = resolvePrevious(plan, inventory, states, options.onEdited);

  // 3. commit: the old output goes only now that the new one is complete (an edited one is kept, renamed)
  progress("commit", total, undefined, decisions.length > 0);
  try {
    for (const d of decisions) {
      if (d.action === "delete") {
        workbook.worksheets.getItem(d.sheet).delete();
        continue;
      }
      for (const t of d.tableRenames ?? []) workbook.tables.getItem(t.from).name = t.to;
      workbook.worksheets.getItem(d.sheet).name = d.keptName!;
    }
    for (const name of plan.deleteNames) workbook.names.getItem(name).delete();
    for (const w of written) {
      if (w.plan.writeName !== w.plan.finalName) w.sheet.name = w.plan.finalName;
      for (const t of w.tables) if (t.writeName !== t.finalName) t.table.name = t.finalName;
      for (const cell of w.plan.namedCells) workbook.names.add(cell.name, w.sheet.getRangeByIndexes(cell.row, cell.col, 1, 1));
      workbook.names.add(ownershipName(w.plan.model.role), w.sheet.getRange("A1"), "棚改测算 Shanty Balance output sheet marker");
      const fp = w.plan.model.fingerprintCell;
      if (fp)
        workbook.names.add(
          fingerprintName(w.plan.model.role),
          w.sheet.getRangeByIndexes(fp.row, fp.col, 1, 1),
          "棚改测算 Shanty Balance: fingerprint of the generated cells",
        );
    }
    written[0].sheet.activate();
    await sync();
  } catch (error) {
    throw new ExcelLayerError("commitFailed", { cause: describeCause(error) }, error);
  }
  progress("done", total);
  return {
    sheets: plan.sheets.map((p) => {
      const d = decisions.find((x) => x.sheet === p.replaces);
      return {
        role: p.model.role,
        name: p.finalName,
        ...(d?.action === "delete" ? { replaced: d.sheet } : {}),
        ...(d?.action === "keep" ? { kept: d.keptName } : {}),
      };
    }),
    skippedNames: plan.skippedNames,
    syncs,
  };
}

/** The template workbook (项目库 and 现金流 as Excel tables, 参数 as named cells), through the same writer. */
export async function insertTemplate(
  context: Excel.RequestContext,
  withSample: boolean,
  onProgress?: (progress: WriteProgress) => void,
  options: Omit<WriteOptions, "replaceOwned"> = {},
): Promise<WriteReport> {
  return writeOutputs(context, templateSheets(withSample), onProgress, { ...options, replaceOwned: false });
}
