import type { Cell, GridName, GridSheet, WorkbookGrid } from "../../workbook/model";
import { a1, parseRange, splitSheetAddress } from "../../workbook/address";
import { attributes, elements, runText, xmlText, XSD_DOUBLE } from "../../workbook/ooxml/xml";
import { ShantyFileError } from "../errors";
import { checkUsedRange, DEFAULT_GRID_LIMITS, type GridLimits } from "../gridLimits";
import type { Parts } from "../package";
import { partName, partText, relationships, workbookIndex, type DefinedName } from "../recalc/package";

/*
 * The planning reader's grid straight from the package XML: what readGrid (src/cli/grid.ts) makes of an ExcelJS
 * workbook, without ExcelJS — whose cell objects do not fit a 2 GB heap at 200,000 projects (issue 15). `parts`
 * is the package as readPackage gives it after normalisePackage (src/cli/package.ts: prefixes rebound, ISO date
 * cells made serials, parts under Excel's names).
 *
 * Each worksheet's bytes are scanned once, byte by byte (no regular expression and no object per cell): a row's
 * values go into one array as they come, and the array becomes the grid's row as it is when the row starts at
 * the used range's left column (the usual case), so the sheet is held once. Nothing beyond the cells that exist
 * is stored while the used range might still exceed the limit (gridLimits.ts): past it, the scan only measures,
 * and the same error as checkGridSize is thrown.
 *
 * ExcelJS 4.4's reading is followed (lib/xlsx/xform/sheet/cell-xform.js, lib/doc/defined-names.js; its date rule
 * utils.isDateFmt, so the CJK built-in formats 27–36 and 50–58 are no dates, as there), except where it reads a
 * value differently from Excel — there Excel is followed (test/cli/plan-readParts.test.ts shows each):
 * - a date cell's number is the serial as stored, not ExcelJS's round trip through a millisecond Date (which
 *   moves a serial with a time of day in its last digits: 45306.5242683912 → 45306.52426839121);
 * - a formula's text or boolean result in a date-formatted cell stays text or boolean (ExcelJS makes an invalid
 *   Date of text, NaN in readGrid, and the date serial 1 of TRUE);
 * - `date1904="true"` is the 1904 system as much as "1" (ExcelJS reads only "1": every date 1462 days off);
 * - a cell without a style (or style 0) is a date when style 0 has a date format (ExcelJS never looks at style 0);
 * - text results (t="str") are decoded once (ExcelJS decodes entities twice: "&amp;lt;" reads "<"); _xHHHH_
 *   escapes are read in them and in inline strings; an inline string with a phonetic run reads its text
 *   (ExcelJS drops the cell); an empty shared string item <si/> reads "" (ExcelJS: blank); a formula's cached
 *   result given as a shared string (t="s") reads the string (ExcelJS: its index, as a number);
 * - a defined name is one cell only when its whole formula is one absolute reference ('S'!$A$1): ExcelJS also
 *   takes "S!$A$1*2" or "S!$A$1,0.5" as $A$1.
 * Hyperlinks are not read (ExcelJS keeps a hyperlinked date out of `dates` and a hyperlinked formula out of the
 * uncomputed cells; here they are what the cell holds). Defined names are read as ExcelJS keeps them: one per
 * name as spelt, the last definition winning whatever its scope — run scopedNames (src/cli/package.ts) first, as
 * loadWorkbookWithNotes does, so that a workbook-level name is not replaced by a sheet-scoped copy.
 */

export interface PartsGrid {
  /** What readGrid gives for the ExcelJS workbook of these parts. */
  readonly grid: WorkbookGrid;
  /** Formula cells without a cached value by sheet, 0-based [row, col] in row order (uncomputedFormulas). */
  readonly uncomputed: Map<string, [number, number][]>;
}

// ---------- styles: which cell formats are dates ----------

/** Built-in number formats ExcelJS knows (lib/xlsx/defaultnumformats.js) that are dates by its rule. */
const BUILTIN_DATE_FORMATS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/** ExcelJS's date format rule (utils.isDateFmt): y m d h s b outside [..] and "..". */
export function isExcelJsDateFormat(code: string): boolean {
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, "").replace(/"[^"]*"/g, ""));
}

/** The content of the first <name>…</name> element of a part ("" when there is none). */
function section(xml: string, name: string): string {
  const start = xml.search(new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])`));
  if (start < 0) return "";
  const end = xml.slice(start).search(new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`));
  return xml.slice(start, end < 0 ? xml.length : start + end);
}

/** For each cell format (cellXfs index): is it a date format? As ExcelJS's styles reader resolves it (styles-xform.js). */
function dateStyles(parts: Parts, stylesPath: string | undefined): Uint8Array {
  const xml = stylesPath ? partText(parts, stylesPath) : undefined;
  if (!xml) return new Uint8Array(0);
  // <numFmts> only (differential formats <dxf> have numFmt elements too); backslash escapes dropped as ExcelJS does
  const custom = new Map<number, string>();
  for (const { attrs } of elements(section(xml, "numFmts"), "numFmt")) {
    custom.set(parseInt(attrs.numFmtId ?? "", 10), (attrs.formatCode ?? "").replace(/[\\](.)/g, "$1"));
  }
  const xfs = elements(section(xml, "cellXfs"), "xf");
  const out = new Uint8Array(xfs.length);
  xfs.forEach(({ attrs }, i) => {
    const id = parseInt(attrs.numFmtId ?? "", 10);
    if (!id) return;
    const code = custom.get(id);
    out[i] = (code ? isExcelJsDateFormat(code) : BUILTIN_DATE_FORMATS.has(id)) ? 1 : 0;
  });
  return out;
}

// ---------- the byte scanner ----------

const LT = 60; // <
const GT = 62; // >
const SLASH = 47;
const QUOTE = 34;
const APOS = 39;
const EQ = 61;

/** Cell types (the t attribute). */
const T_N = 0;
const T_S = 1;
const T_STR = 2;
const T_B = 3;
const T_E = 4;
const T_INLINE = 5;
const T_OTHER = 6;

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

function isSpace(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13;
}

/** After a tag name: white space, "/" or ">" (so "<c" is not "<cols"). */
function endsName(b: number): boolean {
  return b === 32 || b === 9 || b === 10 || b === 13 || b === SLASH || b === GT;
}

/**
 * The number of [a, b): parseFloat's reading (as ExcelJS does) of a well-formed number, NaN for anything else
 * (ExcelJS: parseFloat's reading of its first digits), computed from the bytes when it is a plain
 * decimal of at most 15 digits (exact: an integer below 2^53 divided by a power of ten up to 10^22 is correctly
 * rounded), else by parseFloat.
 */
function numberAt(buf: Buffer, a: number, b: number): number {
  let i = a;
  let neg = false;
  if (buf[i] === 45) {
    neg = true;
    i++;
  }
  let m = 0;
  let digits = 0;
  let frac = -1;
  for (; i < b; i++) {
    const ch = buf[i];
    if (ch >= 48 && ch <= 57) {
      m = m * 10 + (ch - 48);
      digits++;
    } else if (ch === 46 && frac < 0) {
      frac = i;
    } else break;
  }
  if (i === b && digits > 0 && digits <= 15) {
    const scale = frac < 0 ? 0 : b - frac - 1;
    const v = scale === 0 ? m : m / POW10[scale];
    return neg ? -v : v;
  }
  const text = buf.toString("latin1", a, b);
  // Anything but a number (xsd:double) is not one: "1,234" or "0x10" would be 1 and 0 by parseFloat alone
  return XSD_DOUBLE.test(text) ? parseFloat(text) : NaN;
}

/** Text of [a, b) (UTF-8) with XML entities and _xHHHH_ escapes read. */
function textAt(buf: Buffer, a: number, b: number): string {
  return xmlText(buf.toString("utf8", a, b));
}

/** Longest text compared byte by byte with the last one read before it is decoded. */
const REPEAT_MAX = 64;

/**
 * textAt for one sheet's bytes, remembering the last short text read: a cash-flow table repeats each project's id
 * on every row of the project, so the bytes are compared with the last text's and the same string is given again
 * (decoded once, held once).
 */
class SheetTexts {
  private start = -1;
  private len = 0;
  private last = "";
  constructor(private readonly buf: Buffer) {}

  at(a: number, b: number): string {
    const buf = this.buf;
    const len = b - a;
    if (len === this.len && this.start >= 0) {
      const s = this.start;
      let k = 0;
      while (k < len && buf[a + k] === buf[s + k]) k++;
      if (k === len) return this.last;
    }
    const text = textAt(buf, a, b);
    if (len <= REPEAT_MAX) {
      this.start = a;
      this.len = len;
      this.last = text;
    }
    return text;
  }
}

/** Index of the first byte of `needle` at or after `from`, or -1. */
function find(buf: Buffer, needle: Buffer, from: number): number {
  return buf.indexOf(needle, from);
}

interface SheetScan {
  readonly name: string;
  readonly shown: string;
  readonly sst: readonly (string | null)[];
  readonly dateXf: Uint8Array;
  readonly limits: GridLimits;
}

/** Merged ranges by row: [left, right, isTopRow, masterCol] …, for "is this cell a merged cell other than the top-left one". */
function mergeIndex(tail: string): Map<number, number[]> | undefined {
  let index: Map<number, number[]> | undefined;
  for (const m of tail.matchAll(/<(?:[\w.-]+:)?mergeCell\b[^>]*?\bref\s*=\s*"([^"]*)"/g)) {
    const range = parseRange(m[1]);
    if (!range || (range.rows === 1 && range.cols === 1)) continue;
    index ??= new Map();
    for (let r = range.row; r < range.row + range.rows; r++) {
      const list = index.get(r);
      const entry = [range.col, range.col + range.cols - 1, r === range.row ? 1 : 0];
      if (list) list.push(...entry);
      else index.set(r, entry);
    }
  }
  return index;
}

function mergedChild(index: Map<number, number[]>, row: number, col: number): boolean {
  const list = index.get(row);
  if (!list) return false;
  for (let i = 0; i < list.length; i += 3) {
    if (col >= list[i] && col <= list[i + 1]) return !(list[i + 2] === 1 && col === list[i]);
  }
  return false;
}

/** One worksheet's grid (without tables) and its formula cells without a cached value. */
function scanSheet(
  buf: Buffer,
  scan: SheetScan,
): { values: Cell[][]; origin: { row: number; col: number }; dates: [number, number][]; uncomputed: [number, number][]; tail: string } {
  const empty = { values: [], origin: { row: 0, col: 0 }, dates: [], uncomputed: [] };
  // <sheetData> and its element prefix ("" after normalisePackage; "x:" where it could not rebind).
  let at = buf.indexOf("sheetData");
  while (at > 0 && buf[at - 1] !== LT && buf[at - 1] !== 58 /* : */) at = buf.indexOf("sheetData", at + 9);
  if (at < 0) return { ...empty, tail: "" };
  let lt = at - 1;
  while (lt >= 0 && buf[lt] !== LT) lt--;
  const prefix = buf.toString("latin1", lt + 1, at);
  let start = buf.indexOf(GT, at);
  if (start < 0) return { ...empty, tail: "" };
  if (buf[start - 1] === SLASH) return { ...empty, tail: buf.toString("latin1", start + 1) };
  start++;
  const closeData = Buffer.from(`</${prefix}sheetData>`, "latin1");
  let end = find(buf, closeData, start);
  if (end < 0) end = buf.length;
  const tail = buf.toString("latin1", end);
  const merges = mergeIndex(tail);
  const p = Buffer.from(prefix, "latin1");
  const plen = p.length;
  const closeIs = Buffer.from(`</${prefix}is>`, "latin1");
  const plainT = Buffer.from(`<${prefix}t>`, "latin1");
  const texts = new SheetTexts(buf);

  const { sst, dateXf, limits } = scan;
  const max = limits.maxRangeCells;
  // The used range as checkGridSize measures it (values and formula cells), and the grid's (values only).
  let cTop = Infinity;
  let cLeft = Infinity;
  let cBottom = -1;
  let cRight = -1;
  let count = 0;
  let farRowCol = 0; // first column holding something in the last row
  let farColRow = 0; // first row holding something in the last column
  let gTop = Infinity;
  let gLeft = Infinity;
  let gBottom = -1;
  let gRight = -1;
  let measuring = false; // the used range is past the limit: stop storing, keep measuring for the message
  // Rows with values: row number, first column, values from that column on.
  let rowNumbers: number[] = [];
  let rowLefts: number[] = [];
  let rowValues: Cell[][] = [];
  let ordered = true;
  const dates: [number, number][] = [];
  const uncomputed: [number, number][] = [];

  let row = -1;
  let col = -1;
  let current: Cell[] | undefined; // values of the current row
  let currentLeft = 0;
  let currentLast = 0;
  let i = start;
  while (i < end) {
    while (i < end && buf[i] !== LT) i++;
    if (i >= end) break;
    let j = i + 1;
    if (buf[j] === SLASH) {
      i = j;
      continue;
    }
    if (plen) {
      let k = 0;
      while (k < plen && buf[j + k] === p[k]) k++;
      if (k < plen) {
        i = j;
        continue;
      }
      j += plen;
    }
    const ch = buf[j];
    if (ch === 114 /* r */ && buf[j + 1] === 111 && buf[j + 2] === 119 && endsName(buf[j + 3])) {
      // <row …>: its r, else the next row
      let r = -1;
      let k = j + 3;
      while (k < end && buf[k] !== GT) {
        if (buf[k] === 114 && isSpace(buf[k - 1]) && (buf[k + 1] === EQ || isSpace(buf[k + 1]))) {
          let q = k + 1;
          while (buf[q] !== QUOTE && buf[q] !== APOS && buf[q] !== GT) q++;
          if (buf[q] === GT) break;
          const quote = buf[q];
          let n = 0;
          for (q++; buf[q] !== quote; q++) n = n * 10 + (buf[q] - 48);
          r = n - 1;
          k = q + 1;
          continue;
        }
        if (buf[k] === QUOTE || buf[k] === APOS) {
          const quote = buf[k];
          k++;
          while (k < end && buf[k] !== quote) k++;
        }
        k++;
      }
      row = r >= 0 ? r : row + 1;
      col = -1;
      current = undefined;
      i = k;
      continue;
    }
    if (ch !== 99 /* c */ || !endsName(buf[j + 1])) {
      i = j;
      continue;
    }
    // <c …>: attributes r, t, s
    let k = j + 1;
    let cellRow = -1;
    let cellCol = -1;
    let t = T_N;
    let style = 0;
    while (k < end && buf[k] !== GT) {
      const b = buf[k];
      if (b === QUOTE || b === APOS) {
        k++;
        while (k < end && buf[k] !== b) k++;
        k++;
        continue;
      }
      if ((b === 114 || b === 116 || b === 115) && isSpace(buf[k - 1])) {
        let q = k + 1;
        while (isSpace(buf[q])) q++;
        if (buf[q] !== EQ) {
          k++;
          continue;
        }
        q++;
        while (isSpace(buf[q])) q++;
        const quote = buf[q];
        if (quote !== QUOTE && quote !== APOS) {
          k = q;
          continue;
        }
        const vs = q + 1;
        let ve = vs;
        while (ve < end && buf[ve] !== quote) ve++;
        if (b === 114) {
          // r="AB12"
          let cc = 0;
          let rr = 0;
          let v = vs;
          for (; v < ve; v++) {
            const x = buf[v];
            if (x >= 65 && x <= 90) cc = cc * 26 + (x - 64);
            else if (x >= 97 && x <= 122) cc = cc * 26 + (x - 96);
            else break;
          }
          for (; v < ve; v++) rr = rr * 10 + (buf[v] - 48);
          if (cc > 0 && rr > 0) {
            cellCol = cc - 1;
            cellRow = rr - 1;
          }
        } else if (b === 116) {
          const len = ve - vs;
          const x = buf[vs];
          if (len === 1) t = x === 115 ? T_S : x === 98 ? T_B : x === 101 ? T_E : x === 110 ? T_N : T_OTHER;
          else if (len === 3 && x === 115 && buf[vs + 1] === 116 && buf[vs + 2] === 114) t = T_STR;
          else if (len === 9 && x === 105 && buf[vs + 6] === 83)
            t = T_INLINE; // inlineStr
          else t = T_OTHER;
        } else {
          let n = 0;
          for (let v = vs; v < ve; v++) n = n * 10 + (buf[v] - 48);
          style = n;
        }
        k = ve + 1;
        continue;
      }
      k++;
    }
    if (cellCol >= 0) {
      // A cell's own address wins (rows are placed by it as scanSheetXml does).
      if (cellRow !== row) {
        row = cellRow;
        current = undefined;
      }
      col = cellCol;
    } else col++;
    const selfClosing = buf[k - 1] === SLASH;
    i = k + 1;
    // Content: <f>, <v>, <is>, up to </c>
    let formula = false;
    let vStart = -1;
    let vEnd = -1;
    let isStart = -1;
    let isEnd = -1;
    if (!selfClosing) {
      let q = i;
      for (;;) {
        while (q < end && buf[q] !== LT) q++;
        if (q >= end) break;
        let n = q + 1;
        if (buf[n] === SLASH) {
          n++;
          let m = 0;
          while (m < plen && buf[n + m] === p[m]) m++;
          if (m === plen && buf[n + plen] === 99 && buf[n + plen + 1] === GT) {
            q = n + plen + 2;
            break;
          }
          q = n;
          continue;
        }
        n += plen;
        const e = buf[n];
        if (e === 118 /* v */ && endsName(buf[n + 1])) {
          let g = n + 1;
          while (buf[g] !== GT) g++;
          if (buf[g - 1] !== SLASH) {
            vStart = g + 1;
            vEnd = vStart;
            while (vEnd < end && buf[vEnd] !== LT) vEnd++;
            q = vEnd;
          } else q = g + 1;
          continue;
        }
        if (e === 102 /* f */ && endsName(buf[n + 1])) {
          // A formula: text in <f>, or a t attribute (shared-formula children: <f t="shared" si="0"/>)
          let g = n + 1;
          while (buf[g] !== GT) {
            const x = buf[g];
            if (x === QUOTE || x === APOS) {
              g++;
              while (buf[g] !== x) g++;
            } else if (x === 116 && isSpace(buf[g - 1]) && (buf[g + 1] === EQ || isSpace(buf[g + 1]))) formula = true;
            g++;
          }
          if (buf[g - 1] !== SLASH) {
            let fe = g + 1;
            while (fe < end && buf[fe] !== LT) fe++;
            if (fe > g + 1) formula = true;
            q = fe;
          } else q = g + 1;
          continue;
        }
        if (e === 105 /* i */ && buf[n + 1] === 115 && endsName(buf[n + 2])) {
          let g = n + 2;
          while (buf[g] !== GT) g++;
          if (buf[g - 1] === SLASH) {
            q = g + 1;
            continue;
          }
          isStart = g + 1;
          isEnd = find(buf, closeIs, isStart);
          if (isEnd < 0 || isEnd > end) isEnd = end;
          q = isEnd + closeIs.length;
          continue;
        }
        q = n;
      }
      i = q;
    }
    if (merges !== undefined && mergedChild(merges, row, col)) continue;

    // The value, as ExcelJS's cell reader makes it (parseClose/reconcile).
    let v: Cell = null;
    let isDate = false;
    if (formula) {
      // A text result that is empty (Excel writes IF(…,"") as t="str" with <v></v>) is the cached value "", not a
      // missing one: ExcelJS reads no result there, which would send every such workbook to the in-memory recalculation.
      if (t === T_STR && vStart >= 0 && vEnd === vStart) v = "";
      else if (vEnd > vStart) {
        if (t === T_STR) v = texts.at(vStart, vEnd);
        else if (t === T_B) v = parseInt(buf.toString("latin1", vStart, vEnd), 10) !== 0;
        else if (t === T_E) v = texts.at(vStart, vEnd);
        else if (t === T_S) {
          // A cached result given as a shared string (t="s" on a formula cell): its text, as Excel shows it, not
          // the string's index as a number (ExcelJS reads the index)
          const s = sst[numberAt(buf, vStart, vEnd)];
          v = typeof s === "string" ? s : null;
        } else {
          v = numberAt(buf, vStart, vEnd);
          isDate = style < dateXf.length && dateXf[style] === 1;
        }
      }
    } else if (t === T_INLINE && isStart >= 0) {
      const text = inlineText(buf, isStart, isEnd, plainT, texts);
      if (text !== "") v = text;
    } else if (vEnd > vStart) {
      if (t === T_S) {
        const index = numberAt(buf, vStart, vEnd);
        const s = sst[index];
        if (s === undefined) {
          throw new ShantyFileError(
            `${scan.shown} 的工作表“${scan.name}”的单元格 ${a1(row, col)} 引用了不存在的共享字符串 ${index}：文件已损坏`,
            `${scan.shown}: sheet "${scan.name}", cell ${a1(row, col)} refers to shared string ${index}, which does not exist: the file is damaged`,
          );
        }
        v = s;
      } else if (t === T_STR || t === T_INLINE) v = texts.at(vStart, vEnd);
      else if (t === T_B) v = parseInt(buf.toString("latin1", vStart, vEnd), 10) !== 0;
      else if (t === T_E) v = texts.at(vStart, vEnd);
      else {
        v = numberAt(buf, vStart, vEnd);
        isDate = style < dateXf.length && dateXf[style] === 1;
      }
    }
    if (v === null && !formula) continue;

    // The used range (checkGridSize): values and formula cells.
    count++;
    if (row < cTop) cTop = row;
    if (col < cLeft) cLeft = col;
    if (row > cBottom) {
      cBottom = row;
      farRowCol = col;
    } else if (row === cBottom && col < farRowCol) farRowCol = col;
    if (col > cRight) {
      cRight = col;
      farColRow = row;
    } else if (col === cRight && row < farColRow) farColRow = row;
    if (!measuring && (cBottom - cTop + 1) * (cRight - cLeft + 1) > max) {
      measuring = true;
      rowNumbers = [];
      rowLefts = [];
      rowValues = [];
      current = undefined;
    }
    if (v === null) {
      if (!measuring) uncomputed.push([row, col]);
      continue;
    }
    if (row < gTop) gTop = row;
    if (col < gLeft) gLeft = col;
    if (row > gBottom) gBottom = row;
    if (col > gRight) gRight = col;
    if (measuring) continue;
    if (isDate) dates.push([row, col]);
    if (current === undefined) {
      const last = rowNumbers.length - 1;
      if (last >= 0 && rowNumbers[last] >= row) ordered = false;
      // As wide as the grid so far from here: a row of the usual width is allocated once, at its size.
      current = new Array<Cell>(gRight - col + 1).fill(null);
      current[0] = v;
      currentLeft = col;
      currentLast = col;
      rowNumbers.push(row);
      rowLefts.push(col);
      rowValues.push(current);
      continue;
    }
    if (col <= currentLast) ordered = false;
    else currentLast = col;
    const at = col - currentLeft;
    if (at >= 0) {
      while (current.length < at) current.push(null);
      current[at] = v;
    } else {
      // A cell left of the row's first one (cells out of order): the row starts again there.
      const wider: Cell[] = new Array<Cell>(-at).fill(null).concat(current);
      wider[0] = v;
      current = wider;
      currentLeft = col;
      rowLefts[rowLefts.length - 1] = col;
      rowValues[rowValues.length - 1] = wider;
    }
  }

  if (cBottom >= 0) {
    checkUsedRange(
      scan.name,
      {
        top: cTop,
        left: cLeft,
        bottom: cBottom,
        right: cRight,
        count,
        farRow: { row: cBottom, col: farRowCol },
        farCol: { row: farColRow, col: cRight },
      },
      limits,
    );
  }
  if (gBottom < 0) return { ...empty, uncomputed: sortByPosition(uncomputed), tail };
  // The dense rectangle: a row array is kept as it is when it starts at the left column (rows in order).
  const width = gRight - gLeft + 1;
  const height = gBottom - gTop + 1;
  const values: Cell[][] = new Array<Cell[]>(height);
  for (let n = 0; n < rowNumbers.length; n++) {
    const r = rowNumbers[n] - gTop;
    const left = rowLefts[n];
    const src = rowValues[n];
    if (ordered && left === gLeft) {
      while (src.length < width) src.push(null);
      values[r] = src;
      continue;
    }
    let line = values[r];
    if (line === undefined) values[r] = line = new Array<Cell>(width).fill(null);
    for (let c = 0; c < src.length; c++) if (src[c] !== null) line[c + left - gLeft] = src[c];
  }
  for (let r = 0; r < height; r++) if (values[r] === undefined) values[r] = new Array<Cell>(width).fill(null);
  sortByPosition(dates);
  sortByPosition(uncomputed);
  return { values, origin: { row: gTop, col: gLeft }, dates, uncomputed, tail };
}

/** Cells in row order (as ExcelJS's eachRow/eachCell visit them); a list already in order is left as it is. */
function sortByPosition(cells: [number, number][]): [number, number][] {
  for (let n = 1; n < cells.length; n++) {
    const a = cells[n - 1];
    const b = cells[n];
    if (a[0] > b[0] || (a[0] === b[0] && a[1] >= b[1])) return cells.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  }
  return cells;
}

/** The text of an inline string (<is>…</is> content; `plain` is "<t>" with the sheet's prefix): one plain <t> read directly, anything else by runText. */
function inlineText(buf: Buffer, a: number, b: number, plain: Buffer, texts: SheetTexts): string {
  let same = a + plain.length <= b;
  for (let k = 0; same && k < plain.length; k++) same = buf[a + k] === plain[k];
  if (same) {
    const ts = a + plain.length;
    let te = ts;
    while (te < b && buf[te] !== LT) te++;
    if (te + plain.length + 1 === b) return texts.at(ts, te);
  }
  return runText(buf.toString("utf8", a, b));
}

// ---------- defined names ----------

/** ExcelJS's split of a name's formula into references at commas outside quotes (defined-name-xform extractRanges). */
export function namePieces(body: string): string[] {
  const out: string[] = [];
  let quoted = false;
  let piece = "";
  for (const ch of body) {
    if (ch === "'") quoted = !quoted;
    if (ch === "," && !quoted) {
      out.push(piece);
      piece = "";
    } else piece += ch;
  }
  out.push(piece);
  return out;
}

/** The cell a name's formula refers to when it is one absolute single-cell reference (every piece the same cell). */
function nameCell(body: string): { sheet: string; row: number; col: number } | undefined {
  let found: { sheet: string; row: number; col: number } | undefined;
  for (const piece of namePieces(body)) {
    const split = splitSheetAddress(piece.trim());
    if (!split || !/^\$[A-Z]+\$\d+(?::\$[A-Z]+\$\d+)?$/.test(split.address)) return undefined;
    const range = parseRange(split.address);
    if (!range || range.rows !== 1 || range.cols !== 1) return undefined;
    if (found && (found.sheet !== split.sheet || found.row !== range.row || found.col !== range.col)) return undefined;
    found = { sheet: split.sheet, row: range.row, col: range.col };
  }
  return found;
}

/**
 * The single-cell names as ExcelJS's definedNames.model lists them: one entry per name (spelt exactly; a later
 * definition of the same name replaces an earlier one, whatever their scopes, in the place of the first),
 * `_xlnm.` names left out, only names whose formula is one cell of a worksheet.
 */
function gridNames(defs: readonly DefinedName[], sheets: ReadonlyMap<string, GridSheet>): GridName[] {
  const byName = new Map<string, string>();
  for (const d of defs) if (!d.name.startsWith("_xlnm.")) byName.set(d.name, d.body);
  const out: GridName[] = [];
  for (const [name, body] of byName) {
    const cell = nameCell(body);
    const sheet = cell && sheets.get(cell.sheet);
    if (!cell || !sheet) continue;
    const o = sheet.origin ?? { row: 0, col: 0 };
    const value = sheet.values[cell.row - o.row]?.[cell.col - o.col] ?? null;
    out.push({ name, sheet: sheet.name, row: cell.row, col: cell.col, value });
  }
  return out;
}

// ---------- the workbook ----------

/** The tables of a sheet in its <tableParts> order: name, range, totals row (ExcelJS: totalsRowCount="1"). */
function sheetTables(parts: Parts, sheetPath: string, tail: string): NonNullable<GridSheet["tables"]>[number][] {
  const ids = elements(tail, "tablePart").map((e) => e.attrs.id ?? "");
  if (ids.length === 0) return [];
  const rels = relationships(parts, sheetPath);
  const byName = new Map<string, NonNullable<GridSheet["tables"]>[number]>();
  for (const id of ids) {
    const rel = rels.get(id);
    const xml = rel && !rel.external ? partText(parts, rel.target) : undefined;
    const head = xml && /<(?:[\w.-]+:)?table(?=[\s>])([^>]*)>/.exec(xml);
    if (!head) continue;
    const a = attributes(head[1]);
    const range = a.ref ? parseRange(a.ref) : undefined;
    if (!range) continue;
    byName.set(a.name ?? "", { name: a.name ?? "", range, ...(a.totalsRowCount === "1" ? { totalsRow: true } : {}) });
  }
  return [...byName.values()];
}

/**
 * The grid of the package's worksheets (as readGrid gives it for ExcelJS's reading) and its uncomputed formula
 * cells. `shown` names the file in errors (no workbook part, no sheets, a damaged shared-string reference).
 * `onScanned` is told of each worksheet once its cells are read (a caller may let go of its bytes then).
 */
export function gridFromParts(
  parts: Parts,
  limits: GridLimits = DEFAULT_GRID_LIMITS,
  shown = "工作簿 workbook",
  onScanned?: (sheet: { readonly name: string; readonly path: string }) => void,
): PartsGrid {
  const index = workbookIndex(parts, shown);
  const wbRels = relationships(parts, index.workbookPath);
  const stylesRel = [...wbRels.values()].find((r) => /\/styles$/.test(r.type) && !r.external);
  const dateXf = dateStyles(parts, stylesRel ? partName(parts, stylesRel.target) : partName(parts, "xl/styles.xml"));
  const sst = index.sharedStrings;
  const sheets: GridSheet[] = [];
  const byName = new Map<string, GridSheet>();
  const uncomputed = new Map<string, [number, number][]>();
  for (const ref of index.sheets) {
    if (!ref.isWorksheet) continue;
    const bytes = parts.get(ref.path)!;
    const scanned = scanSheet(bytes, { name: ref.name, shown, sst, dateXf, limits });
    const tables = sheetTables(parts, ref.path, scanned.tail);
    onScanned?.(ref);
    const sheet: GridSheet =
      scanned.values.length === 0
        ? { name: ref.name, values: [], origin: { row: 0, col: 0 }, tables }
        : {
            name: ref.name,
            values: scanned.values,
            origin: scanned.origin,
            tables,
            ...(scanned.dates.length ? { dates: scanned.dates } : {}),
          };
    sheets.push(sheet);
    if (!byName.has(ref.name)) byName.set(ref.name, sheet);
    if (scanned.uncomputed.length) uncomputed.set(ref.name, scanned.uncomputed);
  }
  const names = gridNames(index.names, byName);
  return { grid: { sheets, names, ...(index.date1904 ? { date1904: true } : {}) }, uncomputed };
}
