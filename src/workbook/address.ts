import type { CellRange } from "./model";

/*
 * A1 addresses and Excel's reference syntax, once for every layer: the reader's problem addresses, the
 * Office.js adapter (defined-name formulas "='年度计划 (2)'!$A$1"), the ExcelJS adapter and writer, recalc.
 * Pure string work, no host API.
 */

/** A sheet-qualified reference to one cell, 0-based. */
export interface CellReference {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
}

/** Excel's last column (XFD) and row, 0-based. */
export const MAX_COL = 16383;
export const MAX_ROW = 1048575;

/** 0-based column index → letters (0 → A, 26 → AA). */
export function columnLetters(col: number): string {
  let s = "";
  let n = col + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Column letters → 0-based index ("A" → 0, "AA" → 26); case-insensitive. */
export function colIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0-based row/col → "B7". */
export function a1(row: number, col: number): string {
  return `${columnLetters(col)}${row + 1}`;
}

/** 0-based row/col → "$B$7". */
export function absRef(row: number, col: number): string {
  return `$${columnLetters(col)}$${row + 1}`;
}

/** "$C$7" or "C7" → {row: 6, col: 2}; undefined for anything else (ranges, #REF!, whole columns, beyond XFD). */
export function parseCellAddress(address: string): { row: number; col: number } | undefined {
  const range = parseRange(address);
  return range && range.rows === 1 && range.cols === 1 && !address.includes(":") ? { row: range.row, col: range.col } : undefined;
}

/** "B2:D9" or "B2" (with or without $) → a 0-based CellRange; undefined for anything else. */
export function parseRange(ref: string): CellRange | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})(?::\$?([A-Za-z]{1,3})\$?([0-9]{1,7}))?$/.exec(ref.trim());
  if (!m) return undefined;
  const c1 = colIndex(m[1]);
  const r1 = Number(m[2]) - 1;
  const c2 = m[3] ? colIndex(m[3]) : c1;
  const r2 = m[4] ? Number(m[4]) - 1 : r1;
  if (r1 < 0 || r2 < 0 || Math.max(c1, c2) > MAX_COL || Math.max(r1, r2) > MAX_ROW) return undefined;
  return { row: Math.min(r1, r2), col: Math.min(c1, c2), rows: Math.abs(r2 - r1) + 1, cols: Math.abs(c2 - c1) + 1 };
}

/**
 * Splits "Sheet!A1:B2" / "'It''s'!A1" / "='年度计划 (2)'!$A$1" into the sheet name (unquoted) and the rest;
 * undefined without a sheet part.
 */
export function splitSheetAddress(text: string): { sheet: string; address: string } | undefined {
  const s = text.startsWith("=") ? text.slice(1) : text;
  if (s.startsWith("'")) {
    let i = 1;
    let name = "";
    while (i < s.length) {
      if (s[i] === "'") {
        if (s[i + 1] === "'") {
          name += "'";
          i += 2;
          continue;
        }
        break;
      }
      name += s[i++];
    }
    if (s[i] !== "'" || s[i + 1] !== "!") return undefined;
    return { sheet: name, address: s.slice(i + 2) };
  }
  const bang = s.lastIndexOf("!");
  if (bang <= 0) return undefined;
  return { sheet: s.slice(0, bang), address: s.slice(bang + 1) };
}

/** A defined name's formula → the single cell it refers to, or undefined (#REF!, constants, multi-cell ranges). */
export function parseNameFormula(formula: string): CellReference | undefined {
  const split = splitSheetAddress(formula);
  if (!split || split.sheet.startsWith("#")) return undefined;
  const cell = parseCellAddress(split.address);
  return cell && { sheet: split.sheet, ...cell };
}

/** Excel's quoting of a sheet name in a reference: quoted unless it is a plain identifier. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*$/.test(name) && !/\s/.test(name) ? name : quoteSheet(name);
}

/** The sheet name always quoted for a reference: 'name' (quotes doubled inside). */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

/** Sheet names compare case-insensitively in Excel. */
export function sameSheetName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Excel's rule for a defined name: starts with a letter, "_" or "\", then letters, digits, "_" or "."; at most
 * 255 characters; not "R"/"C" and not something that reads as a cell reference (A1 or R1C1 style). A backslash
 * is allowed only as the first character ("p_base\rate" is rejected by Excel, so by both hosts).
 */
export function isValidDefinedName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name)) return false;
  if (/^[rc]$/i.test(name)) return false;
  const cellLike = /^([A-Za-z]{1,3})[0-9]+$/.exec(name);
  if (cellLike && colIndex(cellLike[1]) <= MAX_COL) return false;
  if (/^r([0-9]+)?c([0-9]+)?$/i.test(name)) return false;
  return true;
}
