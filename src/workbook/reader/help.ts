import { IGNORED_HEADERS } from "../contract";
import { NO_WORDS, TOTAL_WORDS, YES_WORDS } from "./cells";
import { HEADER_SEARCH_ROWS } from "./locate";
import { SETTINGS_SHEET } from "./mapping";
import { UNITS } from "./units";

/*
 * The forms the reader accepts, in words, built from the same tables the reader uses (units, yes/no words,
 * total-row words), so the README's 工作簿约定 section and the task pane's help cannot drift from the code.
 * The task pane shows READER_HELP.zh / .en as a list; the README quotes it.
 */

const names = (list: readonly { names: readonly string[] }[]) =>
  list.flatMap((u) => u.names.filter((n) => !/^[a-z0-9²]+$/i.test(n) || n === "ha")).join("、");

export const READER_HELP: { readonly zh: readonly string[]; readonly en: readonly string[] } = {
  zh: [
    `表的位置：名为 ShantyProjects / ShantyCashFlows 的 Excel 表，或名为 项目库 / 现金流 的工作表，或任一工作表前 ${HEADER_SEARCH_ROWS} 行内含必需列的表头行；表头上方的标题行（可合并）会跳过，表中的空行会跳过。`,
    `单位写在表头括号中（全角或半角：（万㎡）、(亿元)、【亩】），或写在表头下一行（单位行）；表头未注明单位的列，可由表头上方的“单位：万元、万㎡”说明给出。面积：${names(UNITS.area)}（1 亩 = 10000/15 ㎡，1 公顷 = 10000 ㎡）；金额：${names(UNITS.money)}；比例：小数、%、‰；户数：户、万户。数值按小数精确换算为 ㎡、万元、比例；不认识的单位报错并指出表头单元格。`,
    "单元格中可直接写：千分位（3,926）、全角数字（５２０）、文本格式的数字；面积/金额/户数后写单位或“万”（金额还可写“亿”；“12.5万”在金额列即 12.5万元、在面积列即 12.5万㎡）；比例写 95% 或 0.95；年度写 2024年，或填日期（取其年份）。每种换算在每列只列出一次“说明”。",
    `是/否列认：${YES_WORDS.join("、")} / ${NO_WORDS.join("、")}。`,
    `项目编号、项目名称或行首单元格（如序号列）中含 ${TOTAL_WORDS.join("、")} 的行（以及 Excel 表的汇总行）是合计行，不作为项目读取；合计/总计/汇总行与其上全部项目之和核对、小计行与上一合计行之后的项目之和核对（“其中”行不核对），不一致时给出警告，写明单元格和两个数；所计的行中有被拒绝的行时该合计行无法核对，给出提示，其他分组的小计照常核对。`,
    "项目编号比较时不区分大小写、全半角和空格；重复的编号报错并指出两处单元格。现金流中属于有错误项目的行不再重复报错；年度计划只需要项目表。",
    `可选列：核准状态（申报/核准/退回）、核准意见。表下方以 注、备注、填表人、审核 等开头的说明行不读取。不读取的列：${IGNORED_HEADERS.filter((h) => /\p{Script=Han}/u.test(h)).join("、")}（不提示），其他不认识的列给出警告。`,
    `列名不符时，用列对应指定：命令行 shanty plan IN.xlsx -o OUT.xlsx --map 户数=改造户数(户)（可重复），任务窗格“列对应”。对应关系保存在输出工作簿的隐藏工作表 ${SETTINGS_SHEET} 与名称 SHANTY_MAP_… 中，下次无需再指定。找不到项目表时，提示最接近的工作表及其缺少的必需列。`,
  ],
  en: [
    `Where tables are found: an Excel table named ShantyProjects / ShantyCashFlows, a sheet named 项目库 / 现金流, or any sheet with a header row holding the required columns within its first ${HEADER_SEARCH_ROWS} rows; title rows above the header (merged or not) and blank rows in the list are skipped.`,
    'Units go in the header\'s brackets (full- or half-width) or in a unit row right under the header; columns whose header names none take the unit of a "单位：万元、万㎡" note just above the header. Areas: ㎡, 平方米, 万㎡, 万平方米, 亩 (10000/15 ㎡), 公顷 (10000 ㎡); money: 元, 万元, 亿元; shares: a fraction, % or ‰; households: 户, 万户. Values are converted exactly (decimal) to ㎡, 万元 and fractions; an unknown unit is an error naming the header cell.',
    'Cells may hold thousands separators (3,926), full-width digits (５２０), numbers stored as text; a unit or 万/亿 after areas, money and households ("12.5万" is 12.5万元 in a money column, 12.5万㎡ in an area column); shares as 95% or 0.95; years as 2024年 or as a date (its year is used). Each conversion is listed once per column as a notice.',
    `Yes/no columns accept: ${YES_WORDS.join(", ")} / ${NO_WORDS.join(", ")}.`,
    `Rows whose id, name or first cell (e.g. the 序号 column) holds ${TOTAL_WORDS.join(", ")} (and an Excel table's totals row) are totals, not projects; 合计/总计/汇总 rows are checked against all projects above them, 小计 rows against those since the previous total (其中 rows are not checked); a mismatch is a warning with the cell and both numbers. A total over a rejected row cannot be checked and says so in a notice; 小计 rows of other groups are still checked.`,
    "Project ids compare ignoring case, width and spaces; a repeated id is an error naming both cells. Cash flows of a project row with errors are not reported again; the annual plan needs only the project table.",
    "Optional columns: 核准状态 (申报/核准/退回), 核准意见. Note rows under the list (注, 备注, 填表人, 审核 …) are not read. Columns 序号/备注/说明 and the consolidation's 来源文件/来源位置 are ignored silently; other unknown columns give a warning.",
    `When headers do not fit, map them: CLI shanty plan IN.xlsx -o OUT.xlsx --map 户数=改造户数(户) (repeatable), task pane "Map columns". The mapping is kept in the output workbook (hidden sheet ${SETTINGS_SHEET}, names SHANTY_MAP_…), so the next run needs nothing. Without a project table, the message names the closest sheet and the required columns it lacks.`,
  ],
};
