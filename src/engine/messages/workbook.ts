import type { MessageTable } from "./types";

/*
 * Messages of the workbook reader (src/workbook/read.ts and src/workbook/reader/): every problem, warning and
 * notice about a planning workbook, shown with the cell it concerns. `kind` is unused here (these never become
 * an Excel error value); VALUE keeps the catalogue's one shape. Placeholders: {row} is the sheet's row number,
 * {cell} an A1 address, {header} the column's header as written in the workbook.
 */
export const WORKBOOK_MESSAGES = {
  // ----- finding the tables -----
  wbNoProjectTable: {
    kind: "VALUE",
    zh: "找不到项目表：需要一张含“{need}”列的表（可用“插入模板”生成）",
    en: "No project table found: a table with the columns {need} is needed (use Insert template)",
  },
  wbClosestTable: {
    kind: "VALUE",
    zh: "找不到项目表：最接近的是工作表“{sheet}”第 {row} 行的表头，缺少必需列 {missing}；请改列名，或把已有列对应到这些字段（命令行 --map 户数=列名，任务窗格“列对应”）",
    en: 'No project table found: the closest is the header on row {row} of sheet "{sheet}", which lacks the required columns {missing}; rename the columns or map existing ones (CLI --map 户数=<header>, task pane "Map columns")',
  },
  wbNoDataRows: { kind: "VALUE", zh: "项目表没有数据行", en: "The project table has no data rows" },
  // ----- headers and units -----
  wbColumnUnknown: {
    kind: "VALUE",
    zh: "列“{header}”无法识别，未使用（可用列名见说明）",
    en: 'Column "{header}" is not recognised and was not used',
  },
  wbColumnDuplicate: {
    kind: "VALUE",
    zh: "列“{header}”与 {first} 列重复，只使用第一列",
    en: 'Column "{header}" repeats column {first}; the first one is used',
  },
  wbUnitUnknown: {
    kind: "VALUE",
    zh: "列“{header}”的单位“{unit}”无法识别；{field}（{fieldEn}）可用的单位：{allowed}",
    en: 'Column "{header}": the unit "{unit}" is not understood; units accepted for {field} ({fieldEn}): {allowed}',
  },
  wbUnitConverted: {
    kind: "VALUE",
    zh: "列“{header}”单位为 {unit}，已换算为 {base}（{rule}）",
    en: 'Column "{header}" is in {unit}; converted to {base} ({rule})',
  },
  wbUnitNote: {
    kind: "VALUE",
    zh: "表头上方的“{note}”用于未注明单位的列 {columns}",
    en: 'The note "{note}" above the header gives the unit of the columns {columns}, whose headers name none',
  },
  wbMappedColumn: {
    kind: "VALUE",
    zh: "列“{header}”按列对应设置读作“{field}”（{fieldEn}）",
    en: 'Column "{header}" is read as "{field}" ({fieldEn}) by the column mapping',
  },
  wbMappedMissing: {
    kind: "VALUE",
    zh: "列对应设置中的列“{header}”（{field} / {fieldEn}）在表头中找不到，未使用",
    en: 'The mapped column "{header}" ({field} / {fieldEn}) is not in the header row and was not used',
  },
  // ----- cells -----
  wbRequired: { kind: "VALUE", zh: "第 {row} 行：“{header}”不能为空", en: 'Row {row}: "{header}" is required' },
  wbNotNumber: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”应为数值，收到“{value}”",
    en: 'Row {row}: "{header}" must be a number, got "{value}"',
  },
  wbNotInteger: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”应为整数，收到 {value}",
    en: 'Row {row}: "{header}" must be a whole number, got {value}',
  },
  wbNotYear: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”应为 {min}–{max} 之间的年度（如 2024），收到“{value}”",
    en: 'Row {row}: "{header}" must be a year within {min}–{max} (e.g. 2024), got "{value}"',
  },
  wbNotShare: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”是比例，应在 0 到 1 之间（或 0% 到 100%），收到 {value}",
    en: 'Row {row}: "{header}" is a share between 0 and 1 (or 0% to 100%), got {value}',
  },
  wbBelowMin: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”不能小于 {min}，收到 {value}",
    en: 'Row {row}: "{header}" must be at least {min}, got {value}',
  },
  wbAboveMax: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”应在 {min}–{max} 之间，收到 {value}",
    en: 'Row {row}: "{header}" must be within {min}–{max}, got {value}',
  },
  wbTooLarge: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”数值过大（{value}），绝对值应小于 1e15",
    en: 'Row {row}: "{header}" is too large ({value}); its magnitude must stay below 1e15',
  },
  wbNotBoolean: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”应为 是/否，收到“{value}”",
    en: 'Row {row}: "{header}" must be yes/no, got "{value}"',
  },
  wbNotChoice: {
    kind: "VALUE",
    zh: "第 {row} 行：“{header}”应为 {choices} 之一，收到“{value}”",
    en: 'Row {row}: "{header}" must be one of {choices}, got "{value}"',
  },
  wbTypedFullWidth: {
    kind: "VALUE",
    zh: "列“{header}”有 {count} 个单元格用全角数字输入（如 {cell}“{value}”读作 {read}），已按数值读取",
    en: 'Column "{header}": {count} cell(s) were typed with full-width digits (e.g. {cell} "{value}" read as {read})',
  },
  wbTypedThousands: {
    kind: "VALUE",
    zh: "列“{header}”有 {count} 个单元格带千分位逗号（如 {cell}“{value}”读作 {read}），已按数值读取",
    en: 'Column "{header}": {count} cell(s) carry thousands separators (e.g. {cell} "{value}" read as {read})',
  },
  wbTypedSuffix: {
    kind: "VALUE",
    zh: "列“{header}”有 {count} 个单元格在数字后写了单位（如 {cell}“{value}”读作 {read}），已按数值读取",
    en: 'Column "{header}": {count} cell(s) carry a unit after the number (e.g. {cell} "{value}" read as {read})',
  },
  wbTypedDate: {
    kind: "VALUE",
    zh: "列“{header}”有 {count} 个单元格是日期，取其年份（如 {cell}“{value}”读作 {read}），已按数值读取",
    en: 'Column "{header}": {count} cell(s) hold dates; their year is used (e.g. {cell} "{value}" read as {read})',
  },
  wbTypedText: {
    kind: "VALUE",
    zh: "列“{header}”有 {count} 个单元格是文本格式的数字（如 {cell}“{value}”读作 {read}），已按数值读取",
    en: 'Column "{header}": {count} cell(s) hold numbers stored as text (e.g. {cell} "{value}" read as {read})',
  },
  // ----- ids -----
  wbIdClash: {
    kind: "VALUE",
    zh: "项目编号“{id}”（{cell}）与 {firstCell} 的“{first}”相同（编号比较不区分大小写、全半角和空格），每个项目只能出现一次",
    en: 'Project id "{id}" ({cell}) is the same as "{first}" in {firstCell} (ids compare ignoring case, width and spaces); each project may appear once',
  },
  wbFlowOrphan: {
    kind: "VALUE",
    zh: "现金流中的项目编号“{id}”不在项目表中（{count} 行，首行 {cell}）",
    en: 'Cash-flow project id "{id}" is not in the project table ({count} row(s), first at {cell})',
  },
  wbBondOrphan: {
    kind: "VALUE",
    zh: "债券表中的项目编号“{id}”不在项目表中（{count} 行，首行 {cell}）",
    en: 'Bond project id "{id}" is not in the project table ({count} row(s), first at {cell})',
  },
  // ----- total rows -----
  wbTotalRow: {
    kind: "VALUE",
    zh: "第 {rows} 行是合计行（{label}，共 {count} 行），不作为项目读取",
    en: "Row(s) {rows} are total rows ({label}; {count} in all) and are not read as projects",
  },
  wbTotalMismatch: {
    kind: "VALUE",
    zh: "{field}{label} {total} ≠ 各项目之和 {sum}{unit}（{cell}，第 {from}–{to} 行）",
    en: "{field}{label} {total} ≠ the sum of the projects {sum}{unit} ({cell}, rows {from}–{to})",
  },
  wbTotalUnchecked: {
    kind: "VALUE",
    zh: "{label}（第 {row} 行）未核对：它所合计的第 {rows} 行有错误，无法核对其和",
    en: "{label} (row {row}) is not checked: row(s) {rows} it totals hold errors, so its sum cannot be checked",
  },
  // ----- parameters -----
  wbParamNotNumber: {
    kind: "VALUE",
    zh: "参数“{label}”({name}) 应为数值，收到“{value}”",
    en: 'Parameter {name} ({label}) must be a number, got "{value}"',
  },
  wbParamOutOfRange: {
    kind: "VALUE",
    zh: "参数“{label}”({name}) 超出范围：{value}",
    en: "Parameter {name} ({label}) is out of range: {value}",
  },
  // ----- column mapping (CLI --map, task pane) -----
  wbMapSyntax: {
    kind: "VALUE",
    zh: "列对应“{text}”应写作 字段=列名，如 户数=改造户数(户)",
    en: 'The mapping "{text}" must read field=header, e.g. 户数=改造户数(户)',
  },
  wbMapFieldUnknown: {
    kind: "VALUE",
    zh: "列对应“{text}”：字段“{field}”无法识别；可用字段：{fields}",
    en: 'The mapping "{text}": field "{field}" is not known; fields: {fields}',
  },
} as const satisfies MessageTable;
