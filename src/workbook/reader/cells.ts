import { normalizeText } from "../../engine/text";
import type { Cell } from "../model";

/*
 * Cell-level rules shared by every part of the reader: blanks, ids, yes/no words, total-row labels. One
 * definition each, used by both hosts (the adapters in src/excel/ and src/cli/ only produce the grid).
 */

export function isBlankCell(v: Cell | undefined): boolean {
  return v === null || v === undefined || (typeof v === "string" && v.trim() === "");
}

/**
 * True when an Excel number format shows a date or time ("yyyy-mm-dd", "yyyy\"年\"m\"月\"", "m/d/yy h:mm"):
 * quoted text, escaped characters, padding and [bracketed] parts (colours, locales, conditions) set aside, a
 * y, m, d, h or s code remains. "General", "0.00", "#,##0\"户\"" are not dates.
 */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const codes = format
    .replace(/"[^"]*"/g, "")
    .replace(/\\./g, "")
    .replace(/[_*]./g, "")
    .replace(/\[[^\]]*\]/g, "");
  return !/^general$/i.test(codes.trim()) && /[ymdhs]/i.test(codes.replace(/general/gi, ""));
}

/** A cell as the user sees it, for messages. */
export function shown(v: Cell | undefined): string {
  return v === null || v === undefined ? "" : String(v);
}

/**
 * The one comparison form of a project id, everywhere (duplicates in 项目库, cash-flow → project matching):
 * full-width → half-width (NFKC), spaces removed, case ignored. "ＰＧ-2024-01 " and "pg-2024-01" are one id.
 */
export function idKey(id: string): string {
  return normalizeText(id);
}

/** Words read as yes / no in a yes-no column (compared after normalizeText). */
export const YES_WORDS: readonly string[] = ["是", "有", "true", "yes", "y", "1", "√", "✓", "对"];
export const NO_WORDS: readonly string[] = ["否", "无", "false", "no", "n", "0", "×", "✗", "不是"];

export function readYesNo(v: Cell): boolean | undefined {
  if (typeof v === "boolean") return v;
  const k = normalizeText(String(v));
  if (YES_WORDS.includes(k)) return true;
  if (NO_WORDS.includes(k)) return false;
  return undefined;
}

/** Words that make a row of a list a total row, not a project (in its id or name cell). */
export const TOTAL_WORDS = ["合计", "小计", "总计", "汇总", "其中", "subtotal", "total"] as const;
export type TotalWord = (typeof TOTAL_WORDS)[number];

/**
 * A text that no normalisation turns into one holding a total word: ASCII and CJK ideographs only (normalizeText's NFKC
 * leaves them as they are: see NFKC_STABLE in src/engine/text.ts; it removes white space and lower-cases) without any
 * of the characters the words are written with — 合 小 总 汇 其, and t or T (every English word has a t). Most ids and
 * names are such text: a list of 200,000 projects is not normalised twice per row to find that out.
 */
const CANNOT_HOLD_TOTAL_WORD = /^[^\u0080-\u4DFF\uA000-\uFFFF合小总汇其tT]*$/;

/** The total word a label carries, or undefined. "其中" rows are breakdowns (not checked), 小计 totals a group. */
export function totalWord(v: Cell | undefined): TotalWord | undefined {
  if (typeof v !== "string" || CANNOT_HOLD_TOTAL_WORD.test(v)) return undefined;
  const k = normalizeText(v).replace(/[:：()（）]/g, "");
  if (k === "") return undefined;
  // A label starts or ends with its total word (合计, 2024年小计, 其中：…, 总计 (万元)); a project name that merely
  // contains one (东汇总部片区改造项目) is a project.
  return TOTAL_WORDS.find((w) => k.startsWith(w) || k.endsWith(w));
}
