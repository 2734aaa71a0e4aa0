import type { InputProblem } from "../workbook/model";

/*
 * The problem list, grouped so that one typo does not flood the pane: problems with the same cause on the same
 * sheet form one group ("户数应为整数 — 12 处"), errors before warnings before notices, whole-workbook problems
 * (no project table) first, then in reading order — the project table before the cash flows that refer to it;
 * each group shows its first few cells and "还有 N 条" for the rest. Pure, tested directly.
 */

export type Severity = "error" | "warning" | "notice";

export interface ProblemGroup {
  readonly key: string;
  readonly severity: Severity;
  readonly sheet: string;
  /** The cause without the row and the value ("“户数”应为整数"), in both languages. */
  readonly zh: string;
  readonly en: string;
  readonly items: readonly InputProblem[];
}

const RANK: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

function severityOf(p: InputProblem): Severity {
  const s = (p as { severity: string }).severity;
  return s === "error" || s === "warning" || s === "notice" ? s : "warning";
}

/** The message with what differs from cell to cell removed: the row prefix, the value received, quoted ids. */
export function causeText(text: string): string {
  return text
    .replace(/^第\s*\d+\s*行[：:]\s*/, "")
    .replace(/^Row \d+:\s*/, "")
    .replace(/[，,]\s*(收到|got)\s.*$/, "")
    .replace(/[，,]\s*(收到|got)“.*$/, "")
    .replace(/（首次出现在第 \d+ 行）|\(first on row \d+\)/, "")
    .replace(/(项目编号|project id|Cash-flow project id|Duplicate project id)\s*[“"][^”"]*[”"]/gi, "$1 …")
    .trim();
}

/**
 * A problem's cause: the message without its cell-specific parts, with the reader's code where it gives one (so
 * "“户数”应为数值" and "“建筑面积”应为数值" stay two groups although they share a code, and the title fits all).
 */
function causeKey(p: InputProblem): string {
  return `${p.code ?? ""}\u0000${causeText(p.zh)}`;
}

export function groupProblems(problems: readonly InputProblem[]): ProblemGroup[] {
  const groups = new Map<string, { severity: Severity; sheet: string; zh: string; en: string; items: InputProblem[]; first: number }>();
  problems.forEach((p, i) => {
    const severity = severityOf(p);
    const key = `${severity}\u0000${p.sheet}\u0000${causeKey(p)}`;
    const g = groups.get(key);
    if (g) g.items.push(p);
    else groups.set(key, { severity, sheet: p.sheet, zh: causeText(p.zh), en: causeText(p.en), items: [p], first: i });
  });
  return [...groups.entries()]
    .sort(([, a], [, b]) => RANK[a.severity] - RANK[b.severity] || Number(a.sheet !== "") - Number(b.sheet !== "") || a.first - b.first)
    .map(([key, g]) => ({ key, severity: g.severity, sheet: g.sheet, zh: g.zh, en: g.en, items: g.items }));
}

/** How many cells a group shows before "还有 N 条". */
export const GROUP_CAP = 3;
