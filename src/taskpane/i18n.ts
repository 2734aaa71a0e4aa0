import { fillTemplate } from "../engine/messages/fill";
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
  templateHeading: "1. 模板",
  templateHint: "插入项目库、现金流、债券和参数工作表，按模板填写数据。已有的工作表不会被改动。",
  templateChoice: "模板内容",
  templateBlank: "空白模板",
  templateBlankHint: "只有表头，填入您自己的项目",
  templateSample: "含示例数据",
  templateSampleHint: "24 个虚构的示例项目，供试用；正式测算前请删除",
  insertTemplate: "插入模板工作簿",
  templateAllPresent: "工作簿中已有模板的全部工作表（{sheets}），未作更改。",
  templatePartial: "工作簿中已有 {present}，缺少 {missing}。只添加缺少的工作表？已有的工作表不会被改动。",
  templateAddMissing: "只添加缺少的工作表",
  templateCancel: "取消",
  templateCancelled: "已取消，工作簿未作更改。",
  roleProjects: "项目库",
  roleFlows: "现金流",
  roleBonds: "债券",
  roleParams: "参数",
  paramsHeading: "2. 政策参数",
  paramsHint: "参数保存在“参数”工作表的命名单元格中；修改后点击“保存参数”，再重新生成报告。",
  paramsShowAll: "全部参数（{count} 项）",
  paramsShowAllOne: "",
  paramsSave: "保存参数",
  paramGroupFees: "配套费",
  paramGroupLand: "土地出让收益计提",
  paramGroupCompensation: "征收补偿标准",
  paramGroupBonds: "专项债券",
  paramGroupStress: "敏感性分析",
  paramGroupPlan: "年度计划（改造范围、优先级）",
  paramGroupOther: "其他",
  paramReset: "恢复默认",
  paramResetLabel: "恢复默认：{label}（默认值 {value}）",
  paramDefault: "默认 {value}",
  paramRange: "范围 {range}",
  paramSource: "依据：{source}",
  paramMissing: "工作簿中还没有此参数，保存时在“参数”表中创建",
  paramCell: "单元格 {cell}",
  paramsNotLoaded: "正在读取参数…",
  paramsRejected: "以下 {count} 个参数未通过检查，未写入任何参数：{names}。请按提示修改后再保存。",
  paramsRejectedOne: "",
  paramsUnchanged: "参数没有改动，未写入。",
  paramsWritten: "已写入 {count} 个参数：",
  paramsWrittenOne: "",
  paramChange: "{label}（{name}）：{from} → {to}",
  paramCreated: "{label}（{name}）：新建于 {cell}，值 {to}",
  mappingHeading: "列对应",
  mappingIntro:
    "没有找到项目表。最接近的是“{sheet}”第 {row} 行的表头，缺少：{fields}。请为每一项选择工作表中对应的列；选择会保存在工作簿中，下次无需再选。",
  mappingChoose: "（请选择列）",
  mappingConfirm: "保存对应并重新生成",
  mappingCancel: "取消",
  mappingIncomplete: "请为以下各项选择对应的列：{fields}。",
  mappingDuplicate: "同一列不能对应两个字段，请检查选择。",
  stepMapping: "保存列对应…",
  hintMapping: "在下面的“列对应”中为缺少的各项选择列，然后点击“保存对应并重新生成”。",
  generateHeading: "3. 生成",
  generateHint: "读取项目库与现金流，生成新的工作表；不会改动您的数据。",
  generatePlan: "生成年度计划表",
  generateBalance: "生成资金平衡报告",
  generateAll: "生成全部",
  progressLabel: "进度",
  stepRead: "读取工作簿…",
  stepCompute: "计算…",
  stepInspect: "检查工作簿…",
  stepWrite: "写入 {done}/{total}：{sheet}…",
  stepCommit: "替换旧的输出表…",
  stepFinish: "完成写入…",
  stepRollback: "出错，正在撤销本次写入…",
  stepParams: "写入参数…",
  stepDone: "完成",
  resultHeading: "结果",
  nextStep: "下一步",
  writtenSheets: "已写入：{sheets}",
  replacedNote: "（替换了上次生成的表）",
  templateWritten: "已插入模板：{sheets}",
  templateEmpty: "没有可插入的模板工作表。",
  skippedNames: "以下名称未创建（工作簿中已有同名名称，或名称无效）：{names}",
  projectCount: "项目 {count} 个",
  projectCountOne: "",
  verdictsHeading: "平衡结论",
  problemsHeading: "发现 {count} 个问题",
  problemsHeadingOne: "",
  problemsHint: "最需要先改的在最前面；点击一项可定位到对应单元格。",
  problemGroupCount: "{count} 处",
  problemGroupCountOne: "",
  problemsMore: "还有 {count} 条",
  problemsMoreOne: "",
  severityError: "错误",
  severityWarning: "提示",
  severityNotice: "注意",
  blockedByProblems: "输入数据有误，未生成工作表。请按下列问题修改后重试。",
  noOutput: "没有生成任何工作表。",
  errorHeading: "出错了",
  unexpectedError: "操作失败：{message}。请重试；如仍失败，请保存工作簿并重新打开。",
  hintAfterTemplate: "在“项目库”“现金流”中填入您的项目，在“政策参数”中核对参数，然后点击“生成年度计划表”。",
  hintAfterTemplateSample: "示例数据已填好，可直接点击“生成年度计划表”试用；正式测算前请换成您自己的项目。",
  hintAfterTemplateAgain: "可直接在这些工作表中填写数据，然后点击“生成年度计划表”。",
  hintAfterParams: "重新生成年度计划表或资金平衡报告，新参数才会体现在报告中。",
  hintAfterPlan: "到“{sheet}”工作表查看计划表，或点击“生成资金平衡报告”。",
  hintAfterBalance: "到“{sheet}”工作表查看结论，不能平衡的项目已标红；修改数据后可再次生成，只替换本加载项生成的表。",
  hintBlocked: "按下面的问题逐条修改（点击可定位到单元格），然后再次生成。",
  helpLink: "函数帮助",
  footerHint: "在单元格中输入 =SHANTY. 可使用测算函数。",
  wholeSheet: "整张表",
  approvalHeading: "核准",
  approvalHint: "在“项目库”中选中要处理的项目行，选择结论后点击“写入所选行”；只改写这些行的“核准状态”“核准意见”单元格。",
  approvalApprove: "核准",
  approvalReturn: "退回",
  approvalSubmit: "申报",
  approvalComment: "核准意见（可选）",
  approvalWrite: "写入所选行",
  approvalNoTable: "找不到项目库表，无法写入核准状态。请先插入模板或填写项目库。",
  approvalOutside: "所选单元格 {selected} 不在项目库的项目行中。请在“{sheet}”工作表中选中项目行（{range}）后重试；未作任何更改。",
  approvalColumnTaken:
    "要在“{sheet}”工作表 {column} 列添加“{header}”列，但单元格 {cell} 不是空的；为保护数据未作更改。请在项目表中自行添加“{header}”列后重试。",
  approvalDone: "已将 {count} 个项目（{ids}）设为“{status}”，写入 {range}。",
  approvalDoneCreated: "已在项目表右侧添加 {columns} 列。",
  approvalDoneSkipped: "所选区域中其余的行不是项目行，未改动。",
  consolidateHeading: "汇总",
  consolidateHint: "把各镇、街道报送的工作簿汇总为全区的项目库与现金流。",
  consolidateRun: "汇总各镇街工作簿",
  consolidateUnsupported:
    "此版本的 Excel 不支持从文件插入工作表（需要 ExcelApi 1.13），请使用命令行 shanty merge：shanty merge 镇1.xlsx 镇2.xlsx … -o 全区.xlsx，然后打开生成的工作簿再生成报告。",
  consolidateUseCli:
    "任务窗格暂不提供汇总，请使用命令行 shanty merge：shanty merge 镇1.xlsx 镇2.xlsx … -o 全区.xlsx，然后打开生成的工作簿再生成报告。",
  portableHeading: "通用工作簿",
  portableHint:
    "生成一份不需要加载项也能计算的副本（供 Excel 2019 及更早的批量授权版、WPS 表格、LibreOffice 使用）：SHANTY 公式改写为 Excel 原生公式，无法改写的保留数值并在批注中注明原公式。当前工作簿不会被改动。",
  portableRun: "导出通用工作簿",
  portableUnsupported:
    "此版本的 Excel 不能把工作簿文件交给加载项（需要 CompressedFile 与 ExcelApi 1.8），当前工作簿未改动。请保存工作簿后使用命令行：shanty portable 工作簿.xlsx -o 通用工作簿.xlsx。",
  portableNothing: "工作簿中没有 SHANTY 公式，无需转换；它在未加载本加载项的 Excel、WPS 和 LibreOffice 中同样可用。",
  portableDone:
    "已在新窗口中打开通用工作簿（尚未保存）：{converted} 个 SHANTY 公式改写为原生公式，{values} 个改为数值并在批注中保留原公式（{functions}）。当前工作簿未改动。",
  stepPortableFile: "从 Excel 取得工作簿文件…",
  stepPortableConvert: "转换 SHANTY 公式…",
  stepPortableOpen: "在新窗口中打开通用工作簿…",
  hintAfterPortable: "在新窗口中“另存为”.xlsx 文件后分发；对方无需安装加载项即可在 Excel、WPS 或 LibreOffice 中打开并重新计算。",
  hintAfterApproval: "重新生成年度计划表或资金平衡报告：只计入“核准”的项目，申报中和退回的项目单独列出。",
} as const;

export type StringKey = keyof typeof ZH;

const EN: Record<StringKey, string> = {
  title: "Shanty Balance",
  subtitle: "Shantytown redevelopment plans and fund balance",
  langZh: "中文",
  langEn: "English",
  langGroup: "Language",
  templateHeading: "1. Template",
  templateHint:
    "Inserts the project list, cash-flow, bond and parameter sheets; fill in your data there. Existing sheets are never changed.",
  templateChoice: "Template content",
  templateBlank: "Blank template",
  templateBlankHint: "Headers only, for your own projects",
  templateSample: "With sample data",
  templateSampleHint: "24 fictitious sample projects to try it out; delete them before real work",
  insertTemplate: "Insert template",
  templateAllPresent: "The workbook already has all the template sheets ({sheets}); nothing was changed.",
  templatePartial: "The workbook already has {present} but lacks {missing}. Add only the missing sheets? Existing sheets are not changed.",
  templateAddMissing: "Add the missing sheets only",
  templateCancel: "Cancel",
  templateCancelled: "Cancelled; the workbook was not changed.",
  roleProjects: "项目库 (projects)",
  roleFlows: "现金流 (cash flows)",
  roleBonds: "债券 (bonds)",
  roleParams: "参数 (parameters)",
  paramsHeading: "2. Policy parameters",
  paramsHint: "Parameters live in named cells on the 参数 sheet; change them here, choose Save parameters, then generate again.",
  paramsShowAll: "All parameters ({count})",
  paramsShowAllOne: "The parameter (1)",
  paramsSave: "Save parameters",
  paramGroupFees: "Supporting fee",
  paramGroupLand: "Land income provisions",
  paramGroupCompensation: "Compensation standards",
  paramGroupBonds: "Special bonds",
  paramGroupStress: "Stress tests",
  paramGroupPlan: "Annual plan (scope, priority)",
  paramGroupOther: "Other",
  paramReset: "Reset",
  paramResetLabel: "Reset {label} to the default {value}",
  paramDefault: "default {value}",
  paramRange: "range {range}",
  paramSource: "Source: {source}",
  paramMissing: "Not in the workbook yet; saving creates it on 参数",
  paramCell: "cell {cell}",
  paramsNotLoaded: "Reading the parameters…",
  paramsRejected: "These {count} parameters were rejected, so none was written: {names}. Correct them as shown and save again.",
  paramsRejectedOne: "This parameter was rejected, so none was written: {names}. Correct it as shown and save again.",
  paramsUnchanged: "No parameter was changed; nothing was written.",
  paramsWritten: "{count} parameters written:",
  paramsWrittenOne: "1 parameter written:",
  paramChange: "{label} ({name}): {from} → {to}",
  paramCreated: "{label} ({name}): created at {cell}, value {to}",
  mappingHeading: "Column mapping",
  mappingIntro:
    "No project table was found. The closest is the header row on “{sheet}”, row {row}, which lacks: {fields}. Choose the column that holds each; the choice is saved in the workbook for next time.",
  mappingChoose: "(choose a column)",
  mappingConfirm: "Save the mapping and generate again",
  mappingCancel: "Cancel",
  mappingIncomplete: "Choose a column for: {fields}.",
  mappingDuplicate: "One column cannot serve two fields; check the choices.",
  stepMapping: "Saving the column mapping…",
  hintMapping: "Choose a column for each missing field under Column mapping below, then choose Save the mapping and generate again.",
  generateHeading: "3. Generate",
  generateHint: "Reads the project list and cash flows and writes new sheets; your data is not changed.",
  generatePlan: "Generate annual plan",
  generateBalance: "Generate balance report",
  generateAll: "Generate all",
  progressLabel: "Progress",
  stepRead: "Reading the workbook…",
  stepCompute: "Computing…",
  stepInspect: "Checking the workbook…",
  stepWrite: "Writing {done}/{total}: {sheet}…",
  stepCommit: "Replacing the previous output sheets…",
  stepFinish: "Finishing the write…",
  stepRollback: "Something failed; undoing this run…",
  stepParams: "Writing the parameters…",
  stepDone: "Done",
  resultHeading: "Result",
  nextStep: "Next",
  writtenSheets: "Written: {sheets}",
  replacedNote: " (replaced the previous output)",
  templateWritten: "Template inserted: {sheets}",
  templateEmpty: "There were no template sheets to insert.",
  skippedNames: "These names were not created (a name of that name exists, or it is not valid): {names}",
  projectCount: "{count} projects",
  projectCountOne: "1 project",
  verdictsHeading: "Balance verdicts",
  problemsHeading: "{count} problems found",
  problemsHeadingOne: "1 problem found",
  problemsHint: "What to fix first comes first; click an item to select its cell.",
  problemGroupCount: "{count} cells",
  problemGroupCountOne: "1 cell",
  problemsMore: "{count} more",
  problemsMoreOne: "1 more",
  severityError: "Error",
  severityWarning: "Warning",
  severityNotice: "Note",
  blockedByProblems: "The input has errors; no sheets were written. Fix the problems below and try again.",
  noOutput: "No sheets were generated.",
  errorHeading: "Something went wrong",
  unexpectedError: "The operation failed: {message}. Try again; if it keeps failing, save the workbook and reopen it.",
  hintAfterTemplate: "Enter your projects on 项目库 and 现金流, check the policy parameters, then choose Generate annual plan.",
  hintAfterTemplateSample:
    "The sample data is filled in: choose Generate annual plan to try it; replace it with your own projects before real work.",
  hintAfterTemplateAgain: "Fill in those sheets, then choose Generate annual plan.",
  hintAfterParams: "Generate the annual plan or the balance report again so that the new parameters show in the reports.",
  hintAfterPlan: "Look at the sheet “{sheet}”, or choose Generate balance report.",
  hintAfterBalance:
    "Look at the verdicts on “{sheet}”; projects that cannot balance are marked red. After changing data, generate again: only the add-in's own sheets are replaced.",
  hintBlocked: "Fix the problems below one by one (click one to select its cell), then generate again.",
  helpLink: "Function help",
  footerHint: "Type =SHANTY. in a cell to use the functions.",
  wholeSheet: "whole sheet",
  approvalHeading: "Approval",
  approvalHint:
    "Select the project rows on 项目库, choose the decision, then Write to selected rows; only their 核准状态 and 核准意见 cells change.",
  approvalApprove: "Approve (核准)",
  approvalReturn: "Return (退回)",
  approvalSubmit: "Submitted (申报)",
  approvalComment: "Comment (optional)",
  approvalWrite: "Write to selected rows",
  approvalNoTable: "No project table was found, so no approval status can be written. Insert the template or fill in 项目库 first.",
  approvalOutside:
    "The selected cells {selected} are not project rows of the project table. Select project rows on the sheet “{sheet}” ({range}) and try again; nothing was changed.",
  approvalColumnTaken:
    "The column “{header}” would be added in column {column} of “{sheet}”, but cell {cell} is not blank; nothing was changed to protect your data. Add the column “{header}” to the project table yourself and try again.",
  approvalDone: "{count} project(s) ({ids}) set to “{status}”, written to {range}.",
  approvalDoneCreated: "The columns {columns} were added right of the project table.",
  approvalDoneSkipped: "The other selected rows are not project rows and were left alone.",
  consolidateHeading: "Consolidate",
  consolidateHint: "Combine the workbooks submitted by the towns and subdistricts into the district's project and cash-flow tables.",
  consolidateRun: "Consolidate town workbooks",
  consolidateUnsupported:
    "This version of Excel cannot insert worksheets from a file (ExcelApi 1.13 is needed); use the command line: shanty merge TOWN1.xlsx TOWN2.xlsx … -o DISTRICT.xlsx, then open the workbook it writes and generate the reports there.",
  consolidateUseCli:
    "The task pane does not consolidate yet; use the command line: shanty merge TOWN1.xlsx TOWN2.xlsx … -o DISTRICT.xlsx, then open the workbook it writes and generate the reports there.",
  portableHeading: "Portable workbook",
  portableHint:
    "Makes a copy that calculates without the add-in (for volume-licensed Excel 2019 and earlier, WPS Spreadsheets, LibreOffice): SHANTY formulas become native Excel formulas; those that cannot keep their values, with the original formula in a comment. This workbook is not changed.",
  portableRun: "Export portable workbook",
  portableUnsupported:
    "This version of Excel cannot hand the workbook's file to the add-in (CompressedFile and ExcelApi 1.8 are needed); this workbook is unchanged. Save the workbook and use the command line: shanty portable WORKBOOK.xlsx -o PORTABLE.xlsx.",
  portableNothing:
    "The workbook has no SHANTY formula: nothing to convert; it works as it is in Excel without the add-in, WPS and LibreOffice.",
  portableDone:
    "The portable workbook is open in a new window (not saved yet): {converted} SHANTY formulas became native formulas, {values} became values with the original formula in a comment ({functions}). This workbook is unchanged.",
  stepPortableFile: "Getting the workbook's file from Excel…",
  stepPortableConvert: "Converting the SHANTY formulas…",
  stepPortableOpen: "Opening the portable workbook in a new window…",
  hintAfterPortable:
    "Save the new window as an .xlsx file and share it; it opens and recalculates in Excel, WPS or LibreOffice without the add-in.",
  hintAfterApproval:
    "Generate the annual plan or the balance report again: only 核准 projects count; submitted and returned ones are listed separately.",
};

export const STRINGS: Readonly<Record<Lang, Readonly<Record<StringKey, string>>>> = { zh: ZH, en: EN };

/** The string `key` in `lang`, with `{name}` placeholders replaced from `params`. */
export function t(lang: Lang, key: StringKey, params: Readonly<Record<string, string | number>> = {}): string {
  return fillTemplate(STRINGS[lang][key], params);
}

/**
 * A count-dependent string: English uses the `…One` variant for exactly one ("1 problem found"); Chinese has
 * no plural and always uses the base string (the `…One` entries are empty there).
 */
export function tc(lang: Lang, key: StringKey, count: number, params: Readonly<Record<string, string | number>> = {}): string {
  const one = `${key}One` as StringKey;
  const useOne = lang === "en" && count === 1 && one in STRINGS.en && STRINGS.en[one] !== "";
  return t(lang, useOne ? one : key, { count, ...params });
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
