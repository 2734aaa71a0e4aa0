import type { PlanLine, PlanTable } from "./table";

export interface PlanSentenceOptions {
  /** Put each "——年" clause on its own line, as in the printed plan (default false: one cell, one paragraph). */
  readonly lineBreaks?: boolean;
}

function figures(l: PlanLine): string {
  return `实施棚户区改造项目${l.projects}个、${l.households}户，改造建筑面积${l.areaWan.toFixed(2)}万平方米。`;
}

/**
 * The target section in the district plan's style (D 三, domain §4), with full-width punctuation and the table's
 * figures as shown (so the sentence and the table never disagree):
 * 力争用3年时间，实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米。其中：——2024年，实施…万平方米。——2025年，…
 * N = last year − first year + 1; only years that have projects get a clause.
 */
export function planSentence(table: PlanTable, options: PlanSentenceOptions = {}): string {
  const sep = options.lineBreaks ? "\n" : "";
  const head = `力争用${table.spanYears}年时间，${figures(table.total)}其中：`;
  return [head, ...table.years.map((y) => `——${y.year}年，${figures(y)}`)].join(sep);
}
