/*
 * Reading Excel's own address strings: a defined name's formula ("='年度计划 (2)'!$A$1") and a range's
 * address ("项目库!A1:D9"). Pure string work, no Office.js, so it is tested directly.
 */

/** A sheet-qualified reference to one cell, 0-based. */
export interface CellReference {
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
}

/** Splits "Sheet!A1:B2" / "'It''s'!A1" into the sheet name (unquoted) and the rest; undefined without a sheet part. */
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
  const bang = s.indexOf("!");
  if (bang <= 0) return undefined;
  return { sheet: s.slice(0, bang), address: s.slice(bang + 1) };
}

/** "$C$7" or "C7" → {row: 6, col: 2}; undefined for anything else (ranges, #REF!, whole columns). */
export function parseCellAddress(address: string): { row: number; col: number } | undefined {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(address.trim());
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1].toUpperCase()) col = col * 26 + (ch.charCodeAt(0) - 64);
  const row = Number(m[2]);
  if (row < 1) return undefined;
  return { row: row - 1, col: col - 1 };
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
  return /^[A-Za-z_\u0080-\uffff][A-Za-z0-9_.\u0080-\uffff]*$/.test(name) && !/\s/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

/** Sheet names compare case-insensitively in Excel. */
export function sameSheetName(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/**
 * Excel's rule for a defined name: starts with a letter, "_" or "\", then letters, digits, "_" or "."; at most
 * 255 characters; not "R"/"C" and not something that reads as a cell reference (A1 or R1C1 style).
 */
export function isValidDefinedName(name: string): boolean {
  if (name.length === 0 || name.length > 255) return false;
  if (!/^[\p{L}_\\][\p{L}\p{N}_.]*$/u.test(name)) return false;
  if (/^[rc]$/i.test(name)) return false;
  const cellLike = /^([A-Za-z]{1,3})[0-9]+$/.exec(name);
  if (cellLike && cellLike[1].toUpperCase().padStart(3, " ") <= "XFD") return false; // a column within Excel's 16,384
  if (/^r([0-9]+)?c([0-9]+)?$/i.test(name)) return false;
  return true;
}
