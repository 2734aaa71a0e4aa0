import { Dec } from "../../engine/decimal";
import type { Dimension } from "../contract";
import type { Cell } from "../model";
import { cellUnit, convert, Unit } from "./units";

/*
 * Typed numbers: what a clerk types into a numeric cell and how it is read. Numbers stored as numbers are taken
 * as they are (in the header's unit). Text is read by these rules, each conversion reported once per column as
 * a notice (src/workbook/reader/rows.ts):
 * - full-width digits and signs (５２０, －３) → half-width (NFKC);
 * - thousands separators in groups of three ("3,926", "1,234.5"; full-width "，" too);
 * - a trailing unit or multiplier where the column's dimension allows it: 万/亿 and the header units for areas,
 *   money and households ("12.5万" = 12.5万元 in a money column, 12.5万㎡ in an area column), % and ‰ for
 *   shares, 年 for years;
 * - in year columns, a date (a cell the host marks as a date — its number is the Excel date serial — or text like
 *   2024-01-01, 2024/1/1, 2024年1月) → its year; a plain number is never taken for a date (20251 is no year);
 * - any other text that is a plain number ("520" stored as text).
 * Anything else is not a number and is reported at its cell.
 */

/** Which rule turned the text into a number (one notice per column and rule). */
export type TypedRule = "fullWidth" | "thousands" | "suffix" | "date" | "text";

/** The catalogue message of each rule's notice. */
export const RULE_CODE = {
  fullWidth: "wbTypedFullWidth",
  thousands: "wbTypedThousands",
  suffix: "wbTypedSuffix",
  date: "wbTypedDate",
  text: "wbTypedText",
} as const satisfies Record<TypedRule, string>;

export type NumberRead =
  { readonly ok: true; readonly value: Dec; readonly rule?: TypedRule; readonly cellUnit?: Unit } | { readonly ok: false };

function serialToDate(serial: number, date1904: boolean): Date {
  const days = serial + (date1904 ? 1462 : 0);
  return new Date(Date.UTC(1899, 11, 30) + Math.floor(days) * 86400000);
}

/** The year of an Excel date serial (1900 system; 1904 when the workbook uses it). */
export function serialYear(serial: number, date1904 = false): number {
  return serialToDate(serial, date1904).getUTCFullYear();
}

/** An Excel date serial as the date it shows, "2025-01-01", for messages. */
export function serialDate(serial: number, date1904 = false): string {
  return serialToDate(serial, date1904).toISOString().slice(0, 10);
}

const NUMBER = /^([+-]?)(\d+(?:,\d{3})*(?:\.\d+)?|\.\d+)(.*)$/;
const DATE_TEXT = /^(\d{4})(?:[-/.年](\d{1,2})(?:[-/.月](\d{1,2})日?|月)?)$/;

/**
 * Read a numeric cell of a column with the given dimension. `headerUnit` is not applied here (the caller converts
 * numbers in the header's unit); a unit typed in the cell replaces it and is returned as `cellUnit`, with the
 * value already converted to the engine's unit.
 */
export function readNumber(v: Cell, dimension: Dimension | undefined, date1904 = false, isDate = false): NumberRead {
  if (typeof v === "number") {
    if (!Number.isFinite(v)) return { ok: false };
    if (isDate && dimension === "year") return { ok: true, value: new Dec(serialYear(v, date1904)), rule: "date" };
    return { ok: true, value: new Dec(v) };
  }
  if (typeof v !== "string") return { ok: false };
  const raw = v.trim();
  const compact = raw.replace(/\s+/g, "");
  const text = compact.normalize("NFKC").replace(/[\u2212\u2013]/g, "-");
  const fullWidth = text !== compact && /[\uFF10-\uFF19\uFF0C\uFF0E\uFF0D]/.test(compact);
  if (dimension === "year") {
    const date = DATE_TEXT.exec(text);
    if (date) return { ok: true, value: new Dec(Number(date[1])), rule: fullWidth ? "fullWidth" : "date" };
  }
  const m = NUMBER.exec(text);
  if (!m) return { ok: false };
  const [, sign, digits, rest] = m;
  const thousands = digits.includes(",");
  let value = new Dec(`${sign}${digits.replace(/,/g, "")}`);
  let unit: Unit | undefined;
  if (rest !== "") {
    unit = dimension === undefined ? undefined : cellUnit(dimension, rest);
    if (!unit) return { ok: false };
    value = convert(value, unit);
  }
  const rule: TypedRule = fullWidth ? "fullWidth" : thousands ? "thousands" : unit ? "suffix" : "text";
  return { ok: true, value, rule, ...(unit ? { cellUnit: unit } : {}) };
}
