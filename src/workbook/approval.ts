import type { Cell, SheetModel } from "./model";

/*
 * 核准 (approval), 实施方案 四(一) "二是核准申报。区'三改'办公室根据申报情况，逐一进行核准，报区政府研究确定后……列为年度
 * 棚户区改造计划". When the project table carries 核准状态, only 核准 projects enter the annual plan, the report sentence
 * and the balance report; the others (申报中, 退回) are listed on their own with their 核准意见. Without the column
 * every project counts, as before. A blank status in a table that has the column is 申报中: a project becomes part
 * of the plan only by being approved, never by omission.
 */

export type ApprovalStatus = "申报" | "核准" | "退回";

/** What the split needs of a project row (the reader's ProjectRow has these fields). */
export interface Reviewable {
  readonly id: string;
  readonly name: string;
  readonly town?: string;
  readonly approvalStatus?: ApprovalStatus;
  readonly approvalComment?: string;
}

export interface ApprovalSplit<P extends Reviewable> {
  /** True when at least one project carries a status: the table has a 核准状态 column in use. */
  readonly reviewed: boolean;
  /** The projects the plan and the balance report count (all of them when not reviewed). */
  readonly counted: readonly P[];
  /** 申报中 (submitted, or blank) and 退回 (returned) projects, in list order. */
  readonly pending: readonly P[];
  readonly returned: readonly P[];
}

export function splitByApproval<P extends Reviewable>(projects: readonly P[]): ApprovalSplit<P> {
  const reviewed = projects.some((p) => p.approvalStatus !== undefined);
  if (!reviewed) return { reviewed, counted: projects, pending: [], returned: [] };
  return {
    reviewed,
    counted: projects.filter((p) => p.approvalStatus === "核准"),
    pending: projects.filter((p) => p.approvalStatus === undefined || p.approvalStatus === "申报"),
    returned: projects.filter((p) => p.approvalStatus === "退回"),
  };
}

export const APPROVAL_SHEET = "未列入计划项目";

/**
 * The projects left out of the plan, with their status and 核准意见: a sheet of its own, printed with the plan.
 * Undefined when nothing was left out.
 */
export function approvalSheet<P extends Reviewable>(split: ApprovalSplit<P>): SheetModel | undefined {
  const left = [...split.returned, ...split.pending];
  if (!split.reviewed || left.length === 0) return undefined;
  const header: Cell[] = ["序号", "项目编号", "项目名称", "镇街", "核准状态", "核准意见"];
  const rows: Cell[][] = [
    ["未列入年度计划的项目（退回、申报中）", null, null, null, null, null],
    [
      `共 ${left.length} 个：退回 ${split.returned.length} 个，申报中 ${split.pending.length} 个；年度计划表和资金平衡报告只计已核准的 ${split.counted.length} 个项目`,
      null,
      null,
      null,
      null,
      null,
    ],
    header,
    ...left.map((p, i): Cell[] => [
      i + 1,
      p.id,
      p.name,
      p.town ?? null,
      p.approvalStatus === "退回" ? "退回" : "申报中",
      p.approvalComment ?? null,
    ]),
  ];
  return {
    role: "approval",
    name: APPROVAL_SHEET,
    rows,
    columnWidths: [6, 14, 30, 12, 10, 48],
    highlights: [
      { range: { row: 0, col: 0, rows: 1, cols: 1 }, fill: "#FFFFFF", bold: true },
      { range: { row: 2, col: 0, rows: 1, cols: header.length }, fill: "#DEEAF6", bold: true },
    ],
    freeze: { rows: 3, cols: 0 },
  };
}
