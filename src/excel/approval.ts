import { describeCause, ExcelLayerError } from "./errors";
import { toExcelValue } from "./write";

/*
 * The task pane's 核准 step (issue 18): which rows the user selected, and the writes of 核准状态 / 核准意见
 * cells of chosen project rows. What to write is decided by the pane (src/taskpane/approve.ts) from the one
 * reader's view of the project table; this module only talks to Excel: one round trip for the selection, one
 * for the writes. It writes the cells named in the plan and nothing else: when a column must be created, the
 * plan's header cell and the target rows only (in an Excel table, the table gains the column through
 * table.columns.add, ExcelApi 1.1, whose other cells stay blank).
 */

/** The selected area (getSelectedRange, ExcelApi 1.1), sheet-absolute and 0-based. */
export interface SelectedArea {
  readonly sheet: string;
  readonly row: number;
  readonly rows: number;
  readonly col: number;
  readonly cols: number;
  /** As Excel shows it, e.g. 项目库!A3:F5. */
  readonly address: string;
}

export async function selectedArea(context: Excel.RequestContext): Promise<SelectedArea> {
  try {
    const range = context.workbook.getSelectedRange();
    range.load("address, rowIndex, rowCount, columnIndex, columnCount, worksheet/name");
    await context.sync();
    return {
      sheet: range.worksheet.name,
      row: range.rowIndex,
      rows: range.rowCount,
      col: range.columnIndex,
      cols: range.columnCount,
      address: range.address,
    };
  } catch (error) {
    throw new ExcelLayerError("selectionFailed", { cause: describeCause(error) }, error);
  }
}

/** A column the plan adds at the right of the project table. */
export interface NewColumn {
  /** Sheet-absolute, 0-based. */
  readonly col: number;
  readonly header: string;
}

export interface ApprovalPlan {
  readonly sheet: string;
  /** Header row (sheet-absolute, 0-based). */
  readonly headerRow: number;
  /** Column of 核准状态 and of 核准意见 (existing or new). */
  readonly statusCol: number;
  readonly commentCol: number;
  /** Columns to create, left to right (at most the two above, right after the table). */
  readonly create: readonly NewColumn[];
  /** When the project table is an Excel table that must gain the new columns: its name and row count (header and totals included). */
  readonly table?: { readonly name: string; readonly rows: number };
  /** The rows to write (sheet-absolute, 0-based) and their values. */
  readonly cells: readonly { readonly row: number; readonly status: string; readonly comment: string }[];
}

export interface ApprovalReport {
  readonly rows: number;
  readonly created: readonly string[];
  readonly syncs: number;
}

/** One round trip: every write queued, one sync. */
export async function writeApproval(context: Excel.RequestContext, plan: ApprovalPlan): Promise<ApprovalReport> {
  try {
    const sheet = context.workbook.worksheets.getItem(plan.sheet);
    const byRow = new Map(plan.cells.map((c) => [c.row, c]));
    if (plan.table && plan.create.length) {
      const table = context.workbook.tables.getItem(plan.table.name);
      for (const column of plan.create) {
        const values = Array.from({ length: plan.table.rows }, (_, i): (string | number | boolean)[] => {
          if (i === 0) return [column.header];
          const c = byRow.get(plan.headerRow + i);
          return [c ? toExcelValue(column.col === plan.statusCol ? c.status : c.comment) : ""];
        });
        table.columns.add(undefined, values);
      }
    } else {
      for (const column of plan.create) sheet.getRangeByIndexes(plan.headerRow, column.col, 1, 1).values = [[column.header]];
    }
    const created = new Set(plan.table ? plan.create.map((c) => c.col) : []);
    for (const c of plan.cells) {
      if (!created.has(plan.statusCol)) sheet.getRangeByIndexes(c.row, plan.statusCol, 1, 1).values = [[toExcelValue(c.status)]];
      if (!created.has(plan.commentCol)) sheet.getRangeByIndexes(c.row, plan.commentCol, 1, 1).values = [[toExcelValue(c.comment)]];
    }
    await context.sync();
    return { rows: plan.cells.length, created: plan.create.map((c) => c.header), syncs: 1 };
  } catch (error) {
    throw new ExcelLayerError("approvalWriteFailed", { cause: describeCause(error) }, error);
  }
}
