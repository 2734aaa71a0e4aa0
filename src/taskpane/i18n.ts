import { fill } from "../engine/catalogue";
import { VERDICT_KINDS, VERDICT_WORDS, verdictKindNamed } from "../registry/verdicts";
/*
 * Every string of the task pane, Chinese first, English second. `{key}` placeholders are filled by `t`.
 * The English table is typed from the Chinese one, so a missing translation is a compile error.
 */

export type Lang = "zh" | "en";

const ZH = {
  title: "棚改测算",
  subtitle: "棚户区改造年度计划与资金平衡",
  langZh: "中文",
  langEn: "English",
  langGroup: "界面语言",
  templateHeading: "模板",
  templateHint: "插入项目库、现金流和参数三张工作表，按模板填写数据。",
  insertTemplate: "插入模板工作簿",
  includeSample: "含示例数据",
  generateHeading: "生成",
  generateHint: "读取项目库与现金流，生成新的工作表；不会改动您的数据。",
  generatePlan: "生成年度计划表",
  generateBalance: "生成资金平衡报告",
  progressLabel: "进度",
  stepRead: "读取工作簿…",
  stepCompute: "计算…",
  stepInspect: "检查工作簿…",
  stepWrite: "写入 {done}/{total}：{sheet}…",
  stepCommit: "替换旧的输出表…",
  stepRollback: "出错，正在撤销本次写入…",
  stepSelect: "定位单元格…",
  stepDone: "完成",
  resultHeading: "结果",
  writtenSheets: "已写入：{sheets}",
  replacedNote: "（替换了上次生成的表）",
  templateWritten: "已插入模板：{sheets}",
  templateEmpty: "没有可插入的模板工作表。",
  skippedNames: "以下名称未创建（工作簿中已有同名名称，或名称无效）：{names}",
  projectCount: "项目 {count} 个",
  verdictsHeading: "平衡结论",
  problemsHeading: "发现 {count} 个问题",
  problemsHint: "点击一项可定位到对应单元格。",
  severityError: "错误",
  severityWarning: "提示",
  blockedByProblems: "输入数据有误，未生成工作表。请按下列问题修改后重试。",
  noOutput: "没有生成任何工作表。",
  errorHeading: "出错了",
  unexpectedError: "操作失败：{message}",
  helpLink: "函数帮助",
  footerHint: "在单元格中输入 =SHANTY. 可使用测算函数。",
  wholeSheet: "整张表",
  loading: "正在加载…",
} as const;

export type StringKey = keyof typeof ZH;

const EN: Record<StringKey, string> = {
  title: "Shanty Balance",
  subtitle: "Shantytown redevelopment plans and fund balance",
  langZh: "中文",
  langEn: "English",
  langGroup: "Language",
  templateHeading: "Template",
  templateHint: "Inserts the project list, cash-flow and parameter sheets; fill in your data there.",
  insertTemplate: "Insert template",
  includeSample: "Include sample data",
  generateHeading: "Generate",
  generateHint: "Reads the project list and cash flows and writes new sheets; your data is not changed.",
  generatePlan: "Generate annual plan",
  generateBalance: "Generate balance report",
  progressLabel: "Progress",
  stepRead: "Reading the workbook…",
  stepCompute: "Computing…",
  stepInspect: "Checking the workbook…",
  stepWrite: "Writing {done}/{total}: {sheet}…",
  stepCommit: "Replacing the previous output sheets…",
  stepRollback: "Something failed; undoing this run…",
  stepSelect: "Selecting the cell…",
  stepDone: "Done",
  resultHeading: "Result",
  writtenSheets: "Written: {sheets}",
  replacedNote: " (replaced the previous output)",
  templateWritten: "Template inserted: {sheets}",
  templateEmpty: "There were no template sheets to insert.",
  skippedNames: "These names were not created (a name of that name exists, or it is not valid): {names}",
  projectCount: "{count} projects",
  verdictsHeading: "Balance verdicts",
  problemsHeading: "{count} problems found",
  problemsHint: "Click an item to select its cell.",
  severityError: "Error",
  severityWarning: "Note",
  blockedByProblems: "The input has errors; no sheets were written. Fix the problems below and try again.",
  noOutput: "No sheets were generated.",
  errorHeading: "Something went wrong",
  unexpectedError: "The operation failed: {message}",
  helpLink: "Function help",
  footerHint: "Type =SHANTY. in a cell to use the functions.",
  wholeSheet: "whole sheet",
  loading: "Loading…",
};

export const STRINGS: Readonly<Record<Lang, Readonly<Record<StringKey, string>>>> = { zh: ZH, en: EN };

/** The string `key` in `lang`, with `{name}` placeholders replaced from `params`. */
export function t(lang: Lang, key: StringKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fill(STRINGS[lang][key], params);
}

/** Lists in the language's way: 项目库、现金流 / 项目库, 现金流. */
export function list(lang: Lang, items: readonly string[]): string {
  return items.join(lang === "zh" ? "、" : ", ");
}

/** The balance verdicts in the domain's order (narrowest pool first), worded once in registry/verdicts.ts. */
export const VERDICTS: readonly { readonly zh: string; readonly en: string }[] = VERDICT_KINDS.map((k) => VERDICT_WORDS[k]);

/** A verdict (by the name the summary counts it under) is a deficit that no step closed. */
export function isUnbalanced(zh: string): boolean {
  return verdictKindNamed(zh) === "unbalanced";
}

/** A verdict's name in `lang` (unknown verdicts are shown as the generator wrote them). */
export function verdictName(lang: Lang, zh: string): string {
  return lang === "en" ? (VERDICTS.find((v) => v.zh === zh)?.en ?? zh) : zh;
}

/** Verdict counts in the domain's order; unknown verdicts after the known ones. */
export function orderVerdicts(counts: Readonly<Record<string, number>>): [string, number][] {
  const rank = (zh: string) => {
    const i = VERDICTS.findIndex((v) => v.zh === zh);
    return i < 0 ? VERDICTS.length : i;
  };
  return Object.entries(counts)
    .filter(([, n]) => n > 0)
    .sort((a, b) => rank(a[0]) - rank(b[0]));
}
