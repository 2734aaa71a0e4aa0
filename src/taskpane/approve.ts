import type { Bilingual } from "../engine/catalogue";
import type { ApprovalPlan, NewColumn, SelectedArea } from "../excel/approval";
import { a1, columnLetters, sameSheetName } from "../workbook/address";
import { APPROVAL_COLUMNS } from "../workbook/contract";
import type { WorkbookGrid } from "../workbook/model";
import { locateProjectTable, readPlanningWorkbook } from "../workbook/read";
import { isBlankCell } from "../workbook/reader/cells";
import { originOf } from "../workbook/reader/locate";
import { t } from "./i18n";

/*
 * The 核准 step's decisions, without Office (issue 18 item 3): which project rows the selection covers and which
 * cells get the status. The project table is the one the reader finds (same table, same mapping); only rows it
 * reads as projects are written, so header, unit, 合计 and note rows in a selection are left alone. A missing
 * 核准状态 / 核准意见 column is added right of the table, but only where those cells are blank.
 */

export type ApprovalStatus = "申报" | "核准" | "退回";
export const APPROVAL_STATUSES: readonly ApprovalStatus[] = ["核准", "退回", "申报"];

export type ApprovalDecision =
  | { readonly ok: true; readonly plan: ApprovalPlan; readonly ids: readonly string[]; readonly skipped: number; readonly range: string }
  | { readonly ok: false; readonly message: Bilingual };

const both = (key: Parameters<typeof t>[1], params?: Record<string, string | number>): Bilingual => ({
  zh: t("zh", key, params),
  en: t("en", key, params),
});

export function planApproval(grid: WorkbookGrid, area: SelectedArea, status: ApprovalStatus, comment: string): ApprovalDecision {
  const loc = locateProjectTable(grid);
  if (!loc) return { ok: false, message: both("approvalNoTable") };
  const sheet = loc.sheet;
  const o = originOf(sheet);
  const first = o.row + loc.firstIndex;
  const last = o.row + loc.lastIndex;
  const tableAt = { sheet: sheet.name, range: `${a1(first, o.col + loc.colStart)}:${a1(last, o.col + loc.colEnd)}` };
  if (!sameSheetName(area.sheet, sheet.name))
    return { ok: false, message: both("approvalOutside", { selected: area.address, ...tableAt }) };
  const projects = readPlanningWorkbook(grid, { kinds: ["plan"] }).projects.filter(
    (p) => sameSheetName(p.sheet, sheet.name) && p.row >= area.row && p.row < area.row + area.rows,
  );
  if (projects.length === 0) return { ok: false, message: both("approvalOutside", { selected: area.address, ...tableAt }) };

  const headerRow = o.row + loc.headerIndex;
  let next = o.col + loc.colEnd + 1;
  const create: NewColumn[] = [];
  const columnOf = (field: (typeof APPROVAL_COLUMNS)[number]["key"]): number => {
    const at = loc.placement.index[field];
    if (at !== undefined) return o.col + loc.colStart + at;
    const spec = APPROVAL_COLUMNS.find((c) => c.key === field)!;
    create.push({ col: next, header: spec.header });
    return next++;
  };
  const statusCol = columnOf("approvalStatus");
  const commentCol = columnOf("approvalComment");
  const tableBottom = o.row + (loc.totalsIndex ?? loc.lastIndex);
  for (const c of create) {
    for (let r = headerRow; r <= tableBottom; r++) {
      const v = sheet.values[r - o.row]?.[c.col - o.col] ?? null;
      if (!isBlankCell(v))
        return {
          ok: false,
          message: both("approvalColumnTaken", { sheet: sheet.name, column: columnLetters(c.col), cell: a1(r, c.col), header: c.header }),
        };
    }
  }
  const table = (sheet.tables ?? []).find((x) => x.range.row === headerRow && x.range.col === o.col + loc.colStart);
  const text = comment.trim();
  const rows = projects.map((p) => p.row);
  return {
    ok: true,
    plan: {
      sheet: sheet.name,
      headerRow,
      statusCol,
      commentCol,
      create,
      ...(table && create.length ? { table: { name: table.name, rows: table.range.rows } } : {}),
      cells: projects.map((p) => ({ row: p.row, status, comment: text })),
    },
    ids: projects.map((p) => p.id),
    skipped: area.rows - projects.length,
    range: `${sheet.name}!${columnLetters(statusCol)}${Math.min(...rows) + 1}:${columnLetters(statusCol)}${Math.max(...rows) + 1}`,
  };
}
