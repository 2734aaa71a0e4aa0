import type { MessageTable } from "./types";

/** Messages of argument coercion and checks shared by every function family. */
export const COMMON_MESSAGES = {
  notNumber: {
    kind: "VALUE",
    zh: "{arg}应为数值，收到文本“{value}”（文本型数字请先转换为数值，不要带单位）",
    en: '{arg} must be a number, got text "{value}"',
  },
  boolNotNumber: { kind: "VALUE", zh: "{arg}应为数值，收到逻辑值 {value}", en: "{arg} must be a number, got the logical value {value}" },
  notFinite: { kind: "VALUE", zh: "{arg}不是有限数值（{value}）", en: "{arg} is not a finite number ({value})" },
  errorInput: { kind: "VALUE", zh: "{arg}引用了错误值 {value}", en: "{arg} refers to the error value {value}" },
  required: { kind: "VALUE", zh: "{arg}不能为空", en: "{arg} is required" },
  belowMin: { kind: "VALUE", zh: "{arg}不能小于 {min}，收到 {value}", en: "{arg} must be at least {min}, got {value}" },
  notPositive: { kind: "VALUE", zh: "{arg}必须大于 {min}，收到 {value}", en: "{arg} must be greater than {min}, got {value}" },
  aboveMax: { kind: "VALUE", zh: "{arg}不能大于 {max}，收到 {value}", en: "{arg} must be at most {max}, got {value}" },
  notShare: {
    kind: "VALUE",
    zh: "{arg}是比例，应在 0 到 1 之间（如 10% 填 0.1），收到 {value}",
    en: "{arg} is a share and must lie between 0 and 1 (10% is 0.1), got {value}",
  },
  notInteger: { kind: "VALUE", zh: "{arg}应为整数，收到 {value}", en: "{arg} must be a whole number, got {value}" },
  notText: { kind: "VALUE", zh: "{arg}应为文本，收到 {value}", en: "{arg} must be text, got {value}" },
  notBoolean: {
    kind: "VALUE",
    zh: "{arg}应为 TRUE/FALSE（或 是/否），收到“{value}”",
    en: '{arg} must be TRUE/FALSE (or 是/否), got "{value}"',
  },
  unknownInvestor: {
    kind: "VALUE",
    zh: "{arg}无法识别“{value}”：应为 政府 或 民间资本",
    en: '{arg}: "{value}" is not an investor type; use 政府 (government) or 民间资本 (private capital)',
  },
  rangeCellNotNumber: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 个单元格应为数值，收到“{value}”",
    en: '{arg}: cell {pos} must be a number, got "{value}"',
  },
  rangeCellNotText: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 个单元格应为文本，收到 {value}",
    en: "{arg}: cell {pos} must be text, got {value}",
  },
  rangeCellError: { kind: "VALUE", zh: "{arg}第 {pos} 个单元格是错误值 {value}", en: "{arg}: cell {pos} holds the error value {value}" },
  rangeEmpty: { kind: "NA", zh: "{arg}没有数据（区域为空）", en: "{arg} holds no data (the range is empty)" },
  lengthMismatch: {
    kind: "VALUE",
    zh: "{arg}有 {count} 行，与{other}的 {otherCount} 行不一致",
    en: "{arg} has {count} rows but {other} has {otherCount}",
  },
  tooManyArgs: { kind: "VALUE", zh: "参数过多：最多 {max} 个，收到 {count} 个", en: "too many arguments: at most {max}, got {count}" },
  resultNotFinite: { kind: "NUM", zh: "计算结果超出数值范围（{detail}）", en: "the result is out of numeric range ({detail})" },
  notScalar: {
    kind: "VALUE",
    zh: "{arg}应为单个值，收到 {rows}×{cols} 的区域",
    en: "{arg} must be a single value, got a {rows}×{cols} range",
  },
  columnCellNotNumber: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为数值，收到“{value}”",
    en: '{arg}: row {pos} must be a number, got "{value}"',
  },
  columnCellBlank: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行为空，而同一行其他区域有数据",
    en: "{arg}: row {pos} is blank while the other ranges have data in that row",
  },
  tooLarge: {
    kind: "VALUE",
    zh: "{arg}数值过大（{value}），绝对值应小于 1e15",
    en: "{arg} is too large ({value}); its magnitude must stay below 1e15",
  },
  rangeCellTooLarge: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 个单元格数值过大（{value}），绝对值应小于 1e15",
    en: "{arg}: cell {pos} is too large ({value}); below 1e15 expected",
  },
  resultTooLarge: {
    kind: "VALUE",
    zh: "计算结果 {value} 过大，无法精确到分（结果的绝对值应小于 9e13）；请检查参数的数量级和单位（元/万元）",
    en: "the result {value} is too large to carry the fen (its magnitude must stay below 9e13); check the arguments' magnitudes and units (元/万元)",
  },
  internal: { kind: "VALUE", zh: "内部错误，请报告：{detail}", en: "internal error, please report: {detail}" },
} as const satisfies MessageTable;
