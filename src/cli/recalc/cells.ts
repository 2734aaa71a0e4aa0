import type { RawCellContent } from "hyperformula";
import { isoToSerial } from "../package";
import { XSD_DOUBLE } from "../../workbook/ooxml/xml";
import type { ScannedCell, WorkbookPackage } from "./package";

/*
 * What both evaluators of `shanty recalc` share, without loading HyperFormula (the direct path, direct.ts,
 * runs without it): the values read from cells and written back, the result of an evaluation, the patches.
 */

/** A value as written into a cell: t= type ("n", "str", "b", "e", "inlineStr") and the <v> text, or no value. */
export type CellOut = { readonly t: "n" | "str" | "b" | "e" | "inlineStr"; readonly text: string } | { readonly t: "empty" };

export interface CellErrorReport {
  readonly sheet: string;
  /** A1 address. */
  readonly address: string;
  /** "#VALUE!", "#N/A", "#DIV/0!", "#NAME?" … as HyperFormula reports it. */
  readonly error: string;
  /** Chinese, English in brackets, naming the function. */
  readonly message: string;
}

export interface NotRecalculated {
  readonly sheet: string;
  readonly address: string;
  /** The formula as stored. */
  readonly formula: string;
  /** Why, Chinese (English in brackets). */
  readonly reason: string;
}

export interface Evaluation {
  /** Formula cells evaluated. */
  readonly formulas: number;
  readonly errors: readonly CellErrorReport[];
  readonly notRecalculated: readonly NotRecalculated[];
  /** Per sheet (index into pkg.sheets): cell key (row × 16384 + col) → the new value, for changed cells only. */
  readonly patches: ReadonlyMap<number, Map<number, Patch>>;
  /** Sheet XML as read, by sheet index (patch.ts rewrites them). */
  readonly sheetXml: ReadonlyMap<number, string>;
}

export const COLS = 16384;
export const key = (row: number, col: number) => row * COLS + col;

/** A new value for a cell, with the cell element's offsets when the file has the cell. */
export interface Patch {
  readonly out: CellOut;
  readonly start?: number;
  readonly end?: number;
}

/** A stored cell's value: what HyperFormula reads as its content, and the same as a CellOut. */
export function storedValue(c: ScannedCell, pkg: WorkbookPackage): { content: RawCellContent; out: CellOut | undefined } {
  switch (c.t) {
    case "s": {
      const s = c.v === undefined ? undefined : pkg.sharedStrings[Number(c.v)];
      return s === undefined ? { content: null, out: undefined } : { content: `'${s}`, out: { t: "str", text: s } };
    }
    case "str":
      return c.v === undefined ? { content: null, out: undefined } : { content: `'${c.v}`, out: { t: "str", text: c.v } };
    case "inlineStr":
      return c.inline === undefined ? { content: null, out: undefined } : { content: `'${c.inline}`, out: { t: "str", text: c.inline } };
    case "b":
      return c.v === undefined
        ? { content: null, out: undefined }
        : {
            content: c.v.trim() === "1" || c.v.trim() === "true",
            out: { t: "b", text: c.v.trim() === "1" || c.v.trim() === "true" ? "1" : "0" },
          };
    case "e":
      return c.v === undefined ? { content: null, out: undefined } : { content: c.v.trim(), out: { t: "e", text: c.v.trim() } };
    case "d": {
      const n = c.v === undefined ? undefined : isoToSerial(c.v.trim(), pkg.date1904);
      return n === undefined ? { content: null, out: undefined } : { content: n, out: { t: "n", text: String(n) } };
    }
    default: {
      if (c.v === undefined || c.v.trim() === "") return { content: null, out: undefined };
      // Only an xsd:double is a number (Number() also reads "0x10" as 16 and "0b11" as 3); anything else is text.
      const n = XSD_DOUBLE.test(c.v) ? Number(c.v) : NaN;
      return Number.isFinite(n) ? { content: n, out: { t: "n", text: c.v.trim() } } : { content: `'${c.v}`, out: { t: "str", text: c.v } };
    }
  }
}

/** A plain value (number, text, logical, empty) → the value to write; error values are the caller's. */
export function plainOut(v: number | string | boolean | null | undefined, anchor: boolean): CellOut {
  if (typeof v === "number") return { t: "n", text: String(v).replace("e", "E") };
  if (typeof v === "string") return { t: anchor ? "str" : "inlineStr", text: v };
  if (typeof v === "boolean") return { t: "b", text: v ? "1" : "0" };
  return anchor ? { t: "n", text: "0" } : { t: "empty" }; // an empty result shows as 0 in a formula cell
}

/** Whether the value to write is the one the file already has. */
export function same(a: CellOut | undefined, b: CellOut): boolean {
  if (!a) return b.t === "empty";
  if (a.t === "empty" || b.t === "empty") return a.t === b.t;
  if (a.t === "n" && b.t === "n") return Number(a.text) === Number(b.text);
  const kind = (t: string) => (t === "inlineStr" ? "str" : t);
  return kind(a.t) === kind(b.t) && a.text === b.text;
}
