import { Dec } from "../../engine/decimal";
import type { Dimension } from "../contract";

/*
 * Units a clerk writes in a header ("建筑面积（万㎡）", or a unit row under the header) or after a number in a
 * cell ("12.5万", "3亿元", "95%"), and their exact conversion to the engine's units. A factor is a fraction
 * num/den applied as value × num ÷ den, multiplication first, so 15 亩 is exactly 10000 ㎡ (1 亩 = 10000/15 ㎡)
 * and 1.2345 亿元 is exactly 12345 万元 — no binary floating point in between.
 */

export interface Unit {
  /** How the unit is shown in messages ("万㎡"). */
  readonly label: string;
  /** Written forms, compared after unitKey(). */
  readonly names: readonly string[];
  readonly num: number;
  readonly den: number;
}

/** The engine's unit per dimension, as shown in messages. */
export const BASE_UNIT: Readonly<Record<Dimension, string>> = {
  area: "㎡",
  money: "万元",
  share: "比例（1 = 100%）",
  count: "户",
  year: "年度",
  years: "年",
  moneyPerArea: "元/㎡",
};

/** English names of the dimensions, for messages. */
export const DIMENSION_EN: Readonly<Record<Dimension, string>> = {
  area: "an area",
  money: "an amount of money",
  share: "a share",
  count: "a number of households",
  year: "a year",
  years: "a number of years",
  moneyPerArea: "money per ㎡",
};

/** Chinese names of the dimensions, for messages. */
export const DIMENSION_ZH: Readonly<Record<Dimension, string>> = {
  area: "面积",
  money: "金额",
  share: "比例",
  count: "户数",
  year: "年度",
  years: "年限",
  moneyPerArea: "单价",
};

/** Header units, per dimension; the first of each list is the engine's unit (factor 1). */
export const UNITS: Readonly<Record<Dimension, readonly Unit[]>> = {
  area: [
    { label: "㎡", names: ["㎡", "m2", "m²", "平方米", "平米", "平方"], num: 1, den: 1 },
    { label: "万㎡", names: ["万㎡", "万m2", "万平方米", "万平米"], num: 10000, den: 1 },
    { label: "亩", names: ["亩"], num: 10000, den: 15 },
    { label: "公顷", names: ["公顷", "ha", "hm2", "hm²"], num: 10000, den: 1 },
  ],
  money: [
    { label: "万元", names: ["万元"], num: 1, den: 1 },
    { label: "元", names: ["元", "人民币元"], num: 1, den: 10000 },
    { label: "亿元", names: ["亿元"], num: 10000, den: 1 },
  ],
  share: [
    { label: "%", names: ["%", "百分比", "百分数"], num: 1, den: 100 },
    { label: "‰", names: ["‰", "千分比"], num: 1, den: 1000 },
  ],
  count: [
    { label: "户", names: ["户", "户数"], num: 1, den: 1 },
    { label: "万户", names: ["万户"], num: 10000, den: 1 },
  ],
  year: [{ label: "年", names: ["年", "年度", "年份"], num: 1, den: 1 }],
  years: [{ label: "年", names: ["年", "年限"], num: 1, den: 1 }],
  moneyPerArea: [
    { label: "元/㎡", names: ["元/㎡", "元/m2", "元/m²", "元/平方米", "元/平米", "元每平方米"], num: 1, den: 1 },
    { label: "万元/㎡", names: ["万元/㎡", "万元/m2", "万元/平方米"], num: 10000, den: 1 },
  ],
};

/**
 * Multipliers a clerk types after a number in a cell without the unit: 万 and 亿 of the dimension's plain unit
 * (㎡, 元, 户): "12.5万" in a money column is 12.5万元 whatever the header says, in an area column 12.5万㎡.
 */
const CELL_MULTIPLIERS: Partial<Record<Dimension, readonly Unit[]>> = {
  area: [{ label: "万㎡", names: ["万"], num: 10000, den: 1 }],
  money: [
    { label: "万元", names: ["万"], num: 1, den: 1 },
    { label: "亿元", names: ["亿"], num: 10000, den: 1 },
  ],
  count: [{ label: "万户", names: ["万"], num: 10000, den: 1 }],
};

/** Comparable form of a unit: NFKC (㎡ → m2, ％ → %), no spaces or brackets, lower case, no "单位：". */
export function unitKey(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/\s+/g, "")
    .replace(/^[([【〔]+|[)\]】〕]+$/g, "")
    .replace(/^单位[:：]?/, "")
    .replace(/^\/+/, "")
    .toLowerCase();
}

function find(list: readonly Unit[] | undefined, text: string): Unit | undefined {
  const key = unitKey(text);
  return list?.find((u) => u.names.some((n) => unitKey(n) === key));
}

/** A header unit of the dimension, or undefined when the text is not one. */
export function headerUnit(dimension: Dimension, text: string): Unit | undefined {
  return find(UNITS[dimension], text);
}

/** A unit written after a number in a cell (a header unit or 万/亿), or undefined. */
export function cellUnit(dimension: Dimension, text: string): Unit | undefined {
  return find(UNITS[dimension], text) ?? find(CELL_MULTIPLIERS[dimension], text);
}

/** True when the text is a unit of any dimension (for recognising a unit row under the header). */
export function isAnyUnit(text: string): boolean {
  const key = unitKey(text);
  if (key === "") return false;
  if (["分", "倍", "个", "项", "人", "套", "间"].includes(key)) return true;
  return (Object.keys(UNITS) as Dimension[]).some((d) => headerUnit(d, key) !== undefined);
}

/** The accepted header units of a dimension, for the unknown-unit message ("㎡、平方米、万㎡ …"). */
export function allowedUnits(dimension: Dimension): string {
  return UNITS[dimension].flatMap((u) => u.names).join("、");
}

/** value × num ÷ den, exactly (multiplication first). */
export function convert(value: Dec, unit: Pick<Unit, "num" | "den">): Dec {
  return value.times(unit.num).div(unit.den);
}

/** value ÷ (num ÷ den): back from the engine's unit to the unit of the header. */
export function convertBack(value: Dec, unit: Pick<Unit, "num" | "den">): Dec {
  return value.times(unit.den).div(unit.num);
}

/** Text of a conversion rule for the notice: "×10000", "×10000÷15", "÷100". */
export function ruleText(unit: Pick<Unit, "num" | "den">): string {
  const parts: string[] = [];
  if (unit.num !== 1) parts.push(`×${unit.num}`);
  if (unit.den !== 1) parts.push(`÷${unit.den}`);
  return parts.join("") || "×1";
}

/** The dimension's unit that needs no conversion (the default when a header has no unit). */
export function baseUnit(dimension: Dimension): Unit {
  return dimension === "share" ? { label: "比例", names: [], num: 1, den: 1 } : UNITS[dimension][0];
}

/** Exactly 1 (a unit that leaves values unchanged). */
export function isIdentity(unit: Pick<Unit, "num" | "den">): boolean {
  return new Dec(unit.num).eq(unit.den);
}
