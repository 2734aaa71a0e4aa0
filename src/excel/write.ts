import type { Cell, CellRange, OutputRole, SheetModel } from "../workbook/model";
import { ownershipName } from "../workbook/model";
import { templateSheets } from "../workbook/generate";
import { sameSheetName } from "../workbook/address";
import { ChartWriter, officeChartWriter } from "./charts";
import { describeCause, ExcelLayerError } from "./errors";
import { planWrite, SheetPlan, WorkbookInventory } from "./plan";

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
}

export interface WriteReport {
  /** The sheets as written, with the name each got (the preferred one or "name (2)"). */
  readonly sheets: readonly { readonly role: OutputRole; readonly name: string; readonly replaced?: string }[];
  /** Named cells not created: a user's defined name of that name exists, or the name is not valid in Excel. */
  readonly skippedNames: readonly string[];
  /** Round trips used (context.sync calls). */
  readonly syncs: number;
}

export interface WriteOptions {
  /** Default true. The template passes false: its sheets hold the user's input and are never replaced. */
  readonly replaceOwned?: boolean;
  readonly charts?: ChartWriter;
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
function queueSheet(workbook: Excel.Workbook, plan: SheetPlan, charts: ChartWriter): Written {
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
  const progress = (phase: WriteProgress["phase"], done: number, sheet?: string) => onProgress?.({ phase, done, total, sheet });
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
  let written: Written[] = [];
  try {
    written = plan.sheets.map((p, i) => {
      progress("write", i, p.finalName);
      return queueSheet(workbook, p, charts);
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
      throw new ExcelLayerError("writeFailed", { cause: `${describeCause(error)}; cleanup: ${describeCause(cleanupError)}` }, error);
    }
    throw new ExcelLayerError("writeFailed", { cause: describeCause(error) }, error);
  }

  // 3. commit: the old output goes only now that the new one is complete
  progress("commit", total);
  try {
    for (const old of plan.deleteSheets) workbook.worksheets.getItem(old).delete();
    for (const name of plan.deleteNames) workbook.names.getItem(name).delete();
    for (const w of written) {
      if (w.plan.writeName !== w.plan.finalName) w.sheet.name = w.plan.finalName;
      for (const t of w.tables) if (t.writeName !== t.finalName) t.table.name = t.finalName;
      for (const cell of w.plan.namedCells) workbook.names.add(cell.name, w.sheet.getRangeByIndexes(cell.row, cell.col, 1, 1));
      workbook.names.add(ownershipName(w.plan.model.role), w.sheet.getRange("A1"), "棚改测算 Shanty Balance output sheet marker");
    }
    written[0].sheet.activate();
    await sync();
  } catch (error) {
    throw new ExcelLayerError("commitFailed", { cause: describeCause(error) }, error);
  }
  progress("done", total);
  return {
    sheets: plan.sheets.map((p) => ({ role: p.model.role, name: p.finalName, ...(p.replaces ? { replaced: p.replaces } : {}) })),
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
