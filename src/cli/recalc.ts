import * as ExcelJS from "exceljs";
import { DetailedCellError } from "hyperformula";
import type { HyperFormula } from "hyperformula";
import { a1, columnLetters } from "../workbook/model";
import { excelSerial } from "./grid";
import { buildEngine } from "./hfPlugin";
import {
  checkOutputPath,
  EXIT,
  loadWorkbookWithNotes,
  parseInOut,
  parseRange,
  saveWorkbookAtomic,
  ShantyFileError,
  splitSheetRef,
  tableModel,
  tableRange,
  worksheetTables,
} from "./xlsx";

/*
 * `shanty recalc`: evaluate every formula of a workbook — SHANTY functions and native ones — with HyperFormula
 * and store the values as the formulas' cached results, so a reader that does not calculate (a viewer, a script,
 * ExcelJS) sees the right numbers. Excel recalculates anyway on open (calcProperties.fullCalcOnLoad).
 *
 * How formulas are handed to HyperFormula (the formula text written back is never changed):
 * - shared formulas (ExcelJS: `formula` on the master, `sharedFormula` = master address on the others) are
 *   expanded by sliding the master's relative references to each cell;
 * - array formulas (`shareType: "array"`, a `ref` range — Excel's CSE and dynamic-array formulas as ExcelJS
 *   reads them) are evaluated once at their top-left cell; the cells of `ref` receive the spilled values as
 *   plain values, as Excel stores them; a result larger than `ref` is cut to it (ARRAY_CONSTRAIN) when it
 *   cannot spill;
 * - a plain (single-cell) formula whose result is a table shows its top-left value, as Excel does for a
 *   legacy single-cell formula (INDEX(…,1,1)); implicit intersection of a bare range is not emulated;
 * - sheet names are quoted (HyperFormula does not read unquoted Chinese sheet names), `_xlfn.`/`_xlws.`
 *   prefixes are dropped, `_xldudf_SHANTY_X` / `_xludf.SHANTY.X` (how a workbook may store an add-in's
 *   custom function) read as SHANTY.X, workbook names become named expressions (aliased when HyperFormula
 *   rejects the name, e.g. Chinese names), and table references (Table[Col], Table[@Col], [@Col],
 *   Table[#All] …) become plain ranges.
 */

// ---------- formula translation ----------

/** A table as recalc needs it: 0-based, inclusive bounds. */
export interface TableInfo {
  readonly name: string;
  readonly sheet: string;
  readonly top: number;
  readonly left: number;
  readonly bottom: number;
  readonly right: number;
  readonly headerRow: boolean;
  readonly totalsRow: boolean;
  readonly columns: readonly string[];
}

export interface FormulaContext {
  /** The sheet and 0-based cell of the formula (for [@Col] and sliding). */
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  /** Tables by lower-case name. */
  readonly tables: ReadonlyMap<string, TableInfo>;
  /** Workbook names that HyperFormula knows under another name, by lower-case original name. */
  readonly nameAliases: ReadonlyMap<string, string>;
}

const TOKEN_CHAR = /[\p{L}\p{N}_\\.$?]/u;
const CELL_REF = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/;
const MAX_COL = 16383; // XFD
const MAX_ROW = 1048575;

type Piece = { kind: "text"; text: string } | { kind: "token"; text: string; next: string; prev: string } | { kind: "bracket"; text: string };

/** Split a formula into tokens (names, references, numbers), bracket groups and everything else (strings, quoted sheet names, operators). */
function scan(formula: string): Piece[] {
  const out: Piece[] = [];
  let i = 0;
  const n = formula.length;
  const pushText = (t: string) => {
    const last = out[out.length - 1];
    if (last && last.kind === "text") last.text += t;
    else out.push({ kind: "text", text: t });
  };
  while (i < n) {
    const ch = formula[i];
    const errorLiteral = ch === "#" ? /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!|GETTING_DATA)/i.exec(formula.slice(i)) : null;
    if (errorLiteral) {
      pushText(errorLiteral[0]);
      i += errorLiteral[0].length;
    } else if (ch === '"' || ch === "'") {
      // string literal or quoted sheet name; the quote is doubled inside
      let j = i + 1;
      while (j < n) {
        if (formula[j] === ch) {
          if (formula[j + 1] === ch) j += 2;
          else break;
        } else j++;
      }
      pushText(formula.slice(i, Math.min(j + 1, n)));
      i = j + 1;
    } else if (ch === "[") {
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        if (formula[j] === "'" && j + 1 < n) {
          j++; // escaped character inside a structured reference
          continue;
        }
        if (formula[j] === "[") depth++;
        else if (formula[j] === "]" && --depth === 0) break;
      }
      out.push({ kind: "bracket", text: formula.slice(i, Math.min(j + 1, n)) });
      i = j + 1;
    } else if (TOKEN_CHAR.test(ch)) {
      let j = i + 1;
      while (j < n && TOKEN_CHAR.test(formula[j])) j++;
      out.push({ kind: "token", text: formula.slice(i, j), next: formula[j] ?? "", prev: formula[i - 1] ?? "" });
      i = j;
    } else {
      pushText(ch);
      i++;
    }
  }
  return out;
}

function absRef(sheet: string, top: number, left: number, bottom: number, right: number): string {
  const q = `'${sheet.replace(/'/g, "''")}'!`;
  const tl = `$${columnLetters(left)}$${top + 1}`;
  if (top === bottom && left === right) return q + tl;
  return `${q}${tl}:$${columnLetters(right)}$${bottom + 1}`;
}

function unescapeStructured(s: string): string {
  return s.replace(/'(.)/g, "$1").trim();
}

/**
 * A structured reference's bracket part ("[Col]", "[@Col]", "[[#This Row],[A]:[B]]", "[#All]", "[]") → a plain
 * absolute range on the table's sheet, or undefined when it cannot be resolved (left as is: HyperFormula then
 * shows an error that the run lists).
 */
function structuredRange(table: TableInfo, bracket: string, ctx: FormulaContext): string | undefined {
  const inner = bracket.slice(1, -1).trim();
  const items: string[] = [];
  let thisRow = false;
  const specials = new Set<string>();
  const cols: string[] = [];
  if (inner.startsWith("@")) {
    thisRow = true;
    const rest = inner.slice(1).trim();
    if (rest) items.push(rest.startsWith("[") ? rest : `[${rest}]`);
  } else if (inner.startsWith("[")) {
    // list of [..] items separated by commas; a column span is "[A]:[B]"
    let depth = 0;
    let start = 0;
    for (let k = 0; k < inner.length; k++) {
      const c = inner[k];
      if (c === "'") {
        k++;
        continue;
      }
      if (c === "[") depth++;
      else if (c === "]") depth--;
      else if (c === "," && depth === 0) {
        items.push(inner.slice(start, k).trim());
        start = k + 1;
      }
    }
    items.push(inner.slice(start).trim());
  } else if (inner !== "") {
    items.push(`[${inner}]`);
  }
  for (const item of items) {
    const span = /^\[((?:[^\]']|'.)*)\]\s*:\s*\[((?:[^\]']|'.)*)\]$/.exec(item);
    if (span) {
      cols.push(unescapeStructured(span[1]), unescapeStructured(span[2]));
      if (cols.length > 2) return undefined;
      continue;
    }
    const single = /^\[((?:[^\]']|'.)*)\]$/.exec(item);
    if (!single) return undefined;
    const name = unescapeStructured(single[1]);
    if (name.startsWith("#")) specials.add(name.toLowerCase());
    else if (name === "@") thisRow = true;
    else cols.push(name);
  }
  if (specials.has("#this row")) thisRow = true;

  const dataTop = table.top + (table.headerRow ? 1 : 0);
  const dataBottom = table.bottom - (table.totalsRow ? 1 : 0);
  let top = dataTop;
  let bottom = dataBottom;
  if (thisRow) {
    if (ctx.sheet.toLowerCase() !== table.sheet.toLowerCase() || ctx.row < dataTop || ctx.row > dataBottom) return undefined;
    top = bottom = ctx.row;
  } else if (specials.has("#all")) {
    top = table.top;
    bottom = table.bottom;
  } else {
    const wantHeaders = specials.has("#headers");
    const wantData = specials.has("#data") || (!wantHeaders && !specials.has("#totals"));
    const wantTotals = specials.has("#totals");
    if (wantHeaders && !table.headerRow) return undefined;
    if (wantTotals && !table.totalsRow) return undefined;
    top = wantHeaders ? table.top : wantData ? dataTop : table.bottom;
    bottom = wantTotals ? table.bottom : wantData ? dataBottom : table.top;
  }
  let left = table.left;
  let right = table.right;
  if (cols.length > 0) {
    const idx = cols.map((c) => table.columns.findIndex((h) => h.toLowerCase() === c.toLowerCase()));
    if (idx.some((k) => k < 0)) return undefined;
    left = table.left + Math.min(...idx);
    right = table.left + Math.max(...idx);
  }
  if (bottom < top) return undefined;
  return absRef(table.sheet, top, left, bottom, right);
}

/** The table a cell lies in (for [@Col] written without the table name). */
function tableAt(ctx: FormulaContext): TableInfo | undefined {
  for (const t of ctx.tables.values()) {
    if (t.sheet.toLowerCase() === ctx.sheet.toLowerCase() && ctx.row >= t.top && ctx.row <= t.bottom && ctx.col >= t.left && ctx.col <= t.right) return t;
  }
  return undefined;
}

/** Function names as a workbook file stores them → as HyperFormula knows them. */
function functionName(token: string): string {
  const custom = /^(?:_xldudf_|_xludf\.)SHANTY[._](.+)$/i.exec(token);
  if (custom) return `SHANTY.${custom[1]}`;
  return token.replace(/^(?:_xlfn\.|_xlws\.|_xludf\.)+/i, "");
}

/** A workbook formula (with or without "=") → the text HyperFormula evaluates, with a leading "=". */
export function toHfFormula(formula: string, ctx: FormulaContext): string {
  const pieces = scan(formula.replace(/^=/, ""));
  let out = "";
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (p.kind === "text") {
      out += p.text;
    } else if (p.kind === "bracket") {
      const own = tableAt(ctx);
      const resolved = own && (p.text.startsWith("[@") || p.text.startsWith("[[#This Row]")) ? structuredRange(own, p.text, ctx) : undefined;
      out += resolved ?? p.text;
    } else if (p.next === "!") {
      out += `'${p.text.replace(/'/g, "''")}'`; // unquoted sheet name
    } else if (p.next === "(") {
      out += functionName(p.text);
    } else {
      const table = ctx.tables.get(p.text.toLowerCase());
      const nextPiece = pieces[k + 1];
      if (table && p.prev !== "!" && p.next === "[" && nextPiece?.kind === "bracket") {
        const resolved = structuredRange(table, nextPiece.text, ctx);
        if (resolved) {
          out += resolved;
          k++;
          continue;
        }
        out += p.text;
      } else if (table && p.prev !== "!") {
        out += structuredRange(table, "[]", ctx) ?? p.text;
      } else if (p.prev !== "!" && ctx.nameAliases.has(p.text.toLowerCase())) {
        out += ctx.nameAliases.get(p.text.toLowerCase());
      } else {
        out += p.text;
      }
    }
  }
  return `=${out}`;
}

/**
 * Move a formula's relative references by (dRows, dCols), as Excel does when it fills a shared formula:
 * A1 refs, A:A column and 1:1 row ranges; $-anchored parts stay; strings, quoted names and table references
 * are untouched. A reference pushed off the sheet becomes #REF!.
 */
export function slideFormula(formula: string, dRows: number, dCols: number): string {
  const pieces = scan(formula);
  let out = "";
  const isColOnly = (t: string) => /^\$?[A-Za-z]{1,3}$/.test(t) && colIndex(t.replace("$", "")) <= MAX_COL;
  const isRowOnly = (t: string) => /^\$?\d+$/.test(t);
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (p.kind !== "token" || p.next === "(" || p.next === "!" || p.next === "[") {
      out += p.text;
      continue;
    }
    const m = CELL_REF.exec(p.text);
    if (m && colIndex(m[2]) <= MAX_COL) {
      const col = m[1] ? colIndex(m[2]) : colIndex(m[2]) + dCols;
      const row = m[3] ? Number(m[4]) - 1 : Number(m[4]) - 1 + dRows;
      out += col < 0 || row < 0 || col > MAX_COL || row > MAX_ROW ? "#REF!" : `${m[1]}${columnLetters(col)}${m[3]}${row + 1}`;
      continue;
    }
    // A:C column ranges and 2:5 row ranges: a token next to ":" whose partner has the same shape
    const partner = p.next === ":" ? pieces[k + 2] : p.prev === ":" ? pieces[k - 2] : undefined;
    const partnerText = partner && partner.kind === "token" ? partner.text : "";
    if (partner && isColOnly(p.text) && isColOnly(partnerText)) {
      const abs = p.text.startsWith("$");
      const col = colIndex(p.text.replace("$", "")) + (abs ? 0 : dCols);
      out += col < 0 || col > MAX_COL ? "#REF!" : `${abs ? "$" : ""}${columnLetters(col)}`;
    } else if (partner && isRowOnly(p.text) && isRowOnly(partnerText)) {
      const abs = p.text.startsWith("$");
      const row = Number(p.text.replace("$", "")) - 1 + (abs ? 0 : dRows);
      out += row < 0 || row > MAX_ROW ? "#REF!" : `${abs ? "$" : ""}${row + 1}`;
    } else {
      out += p.text;
    }
  }
  return out;
}

function colIndex(letters: string): number {
  let v = 0;
  for (const ch of letters.toUpperCase()) v = v * 26 + (ch.charCodeAt(0) - 64);
  return v - 1;
}

// ---------- recalculation ----------

/** A cell whose formula evaluates to an error, for the list the command prints. */
export interface CellErrorReport {
  readonly sheet: string;
  /** A1 address. */
  readonly address: string;
  /** "#VALUE!", "#N/A", "#DIV/0!", "#NAME?" … as HyperFormula reports it. */
  readonly error: string;
  readonly message: string;
}

export interface RecalcResult {
  /** Number of formula cells evaluated. */
  readonly formulas: number;
  readonly errors: readonly CellErrorReport[];
}

type FormulaKind = "plain" | "shared" | "array";

interface FormulaCell {
  readonly sheetIndex: number;
  readonly sheet: string;
  readonly row: number;
  readonly col: number;
  readonly kind: FormulaKind;
  readonly hf: string;
  /** Array formulas: the range the formula fills (0-based, inclusive). */
  readonly ref?: { top: number; left: number; bottom: number; right: number };
}

/** Error codes Excel accepts as a cell value; HyperFormula's own (#CYCLE!, #ERROR!, #SPILL!, #LIC!) are cached as #VALUE!. */
const EXCEL_ERRORS = new Set(["#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A"]);

function excelError(code: string): ExcelJS.CellErrorValue {
  return { error: (EXCEL_ERRORS.has(code) ? code : "#VALUE!") as ExcelJS.CellErrorValue["error"] };
}

/** HyperFormula's value → ExcelJS cached result (an empty result shows as 0 in Excel). */
function cachedResult(v: unknown): number | string | boolean | ExcelJS.CellErrorValue {
  if (v instanceof DetailedCellError) return excelError(v.value);
  if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
  return 0;
}

/** A literal cell's content for HyperFormula: text is kept as text (a leading apostrophe), dates as serials. */
function literal(cell: ExcelJS.Cell, date1904: boolean): unknown {
  const v = cell.value;
  if (v === null || v === undefined) return null;
  if (typeof v === "number" || typeof v === "boolean") return v;
  if (typeof v === "string") return `'${v}`;
  if (v instanceof Date) return excelSerial(v, date1904);
  const o = v as unknown as Record<string, unknown>;
  if (Array.isArray(o.richText)) return `'${(o.richText as { text: string }[]).map((r) => r.text).join("")}`;
  if (typeof o.error === "string") return o.error; // HyperFormula reads "#N/A" etc. as the error
  if ("text" in o) return typeof o.text === "string" ? `'${o.text}` : null;
  return null;
}

function collectTables(workbook: ExcelJS.Workbook): Map<string, TableInfo> {
  const tables = new Map<string, TableInfo>();
  for (const ws of workbook.worksheets) {
    for (const t of worksheetTables(ws)) {
      const range = tableRange(t);
      if (!range) continue;
      const m = tableModel(t);
      tables.set(m.name.toLowerCase(), {
        name: m.name,
        sheet: ws.name,
        top: range.row,
        left: range.col,
        bottom: range.row + range.rows - 1,
        right: range.col + range.cols - 1,
        headerRow: m.headerRow,
        totalsRow: m.totalsRow,
        columns: m.columns,
      });
    }
  }
  return tables;
}

/** Workbook names → HyperFormula named expressions; returns the aliases used for names HyperFormula rejects. */
function registerNames(hf: HyperFormula, workbook: ExcelJS.Workbook): Map<string, string> {
  const aliases = new Map<string, string>();
  let next = 1;
  for (const dn of workbook.definedNames.model) {
    if (dn.name.startsWith("_xlnm.") || dn.ranges.length !== 1) continue;
    const split = splitSheetRef(dn.ranges[0]);
    const range = split && parseRange(split.ref);
    const ws = split && workbook.getWorksheet(split.sheet);
    if (!split || !range || !ws) continue;
    const expression = `=${absRef(ws.name, range.row, range.col, range.row + range.rows - 1, range.col + range.cols - 1)}`;
    if (hf.isItPossibleToAddNamedExpression(dn.name, expression)) {
      hf.addNamedExpression(dn.name, expression);
      continue;
    }
    let alias = `SHANTY_NAME_${next++}`;
    while (!hf.isItPossibleToAddNamedExpression(alias, expression)) alias = `SHANTY_NAME_${next++}`;
    hf.addNamedExpression(alias, expression);
    aliases.set(dn.name.toLowerCase(), alias);
  }
  return aliases;
}

/**
 * Evaluate every formula of the workbook with HyperFormula and store the values as cached results (in place).
 * Sets calcProperties.fullCalcOnLoad so Excel recalculates on open. Returns the cells that evaluate to errors.
 */
export function recalcWorkbook(workbook: ExcelJS.Workbook): RecalcResult {
  const date1904 = Boolean((workbook.properties as { date1904?: boolean } | undefined)?.date1904);
  const worksheets = workbook.worksheets;
  const tables = collectTables(workbook);

  // Build the engine over empty sheets first, so workbook names exist before any formula is parsed.
  const hf = buildEngine(Object.fromEntries(worksheets.map((ws) => [ws.name, []])));
  try {
    const nameAliases = registerNames(hf, workbook);
    const formulas: FormulaCell[] = [];
    const contents: unknown[][][] = [];

    worksheets.forEach((ws, sheetIndex) => {
      const content: unknown[][] = [];
      const arrayCovered = new Set<string>();
      const put = (r: number, c: number, v: unknown) => {
        while (content.length <= r) content.push([]);
        const row = content[r];
        while (row.length < c) row.push(null);
        row[c] = v;
      };
      const pending: { r: number; c: number; cell: ExcelJS.Cell }[] = [];
      ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
        row.eachCell({ includeEmpty: false }, (cell, colNumber) => pending.push({ r: rowNumber - 1, c: colNumber - 1, cell }));
      });
      for (const { cell } of pending) {
        if (cell.type !== ExcelJS.ValueType.Formula) continue;
        const v = cell.value as ExcelJS.CellFormulaValue & { shareType?: string; ref?: string; sharedFormula?: string };
        if (v.shareType === "array" && v.ref) {
          const ref = parseRange(v.ref);
          if (ref) {
            for (let rr = ref.row; rr < ref.row + ref.rows; rr++) for (let cc = ref.col; cc < ref.col + ref.cols; cc++) arrayCovered.add(`${rr},${cc}`);
          }
        }
      }
      for (const { r, c, cell } of pending) {
        const ctx: FormulaContext = { sheet: ws.name, row: r, col: c, tables, nameAliases };
        if (cell.type === ExcelJS.ValueType.Merge) continue; // merged cells other than the top-left are blank
        if (cell.type === ExcelJS.ValueType.Formula) {
          const v = cell.value as ExcelJS.CellFormulaValue & { shareType?: string; ref?: string; sharedFormula?: string };
          let text: string | undefined;
          let kind: FormulaKind = "plain";
          let ref: FormulaCell["ref"];
          if (v.formula) {
            text = v.formula;
            if (v.shareType === "array" && v.ref) {
              const range = parseRange(v.ref);
              if (range && (range.rows > 1 || range.cols > 1)) {
                kind = "array";
                ref = { top: range.row, left: range.col, bottom: range.row + range.rows - 1, right: range.col + range.cols - 1 };
              }
            }
          } else if (v.sharedFormula) {
            kind = "shared";
            const master = ws.getCell(v.sharedFormula);
            const masterFormula = (master.value as { formula?: string } | null)?.formula;
            if (masterFormula) text = slideFormula(masterFormula, r - (Number(master.row) - 1), c - (Number(master.col) - 1));
          }
          if (text === undefined) {
            put(r, c, null);
            continue;
          }
          const hfText = toHfFormula(text, ctx);
          formulas.push({ sheetIndex, sheet: ws.name, row: r, col: c, kind, hf: hfText, ref });
          put(r, c, hfText);
        } else if (arrayCovered.has(`${r},${c}`)) {
          put(r, c, null); // room for the array formula's values
        } else {
          put(r, c, literal(cell, date1904));
        }
      }
      contents.push(content);
    });

    hf.batch(() => {
      worksheets.forEach((ws, i) => hf.setSheetContent(hf.getSheetId(ws.name)!, contents[i] as never));
    });

    // Second pass: single-cell formulas that HyperFormula turned into arrays show their top-left value;
    // array formulas that could not spill are cut to their range.
    const addr = (f: FormulaCell) => ({ sheet: hf.getSheetId(f.sheet)!, row: f.row, col: f.col });
    const rewrites: { f: FormulaCell; text: string }[] = [];
    for (const f of formulas) {
      if (f.kind !== "array" && hf.isCellPartOfArray(addr(f))) {
        rewrites.push({ f, text: `=INDEX(${f.hf.slice(1)},1,1)` });
      } else if (f.kind === "array" && f.ref) {
        const v = hf.getCellValue(addr(f));
        if (v instanceof DetailedCellError && v.type === "SPILL") {
          rewrites.push({ f, text: `=ARRAY_CONSTRAIN(${f.hf.slice(1)},${f.ref.bottom - f.ref.top + 1},${f.ref.right - f.ref.left + 1})` });
        }
      }
    }
    if (rewrites.length > 0) {
      hf.batch(() => {
        for (const { f, text } of rewrites) hf.setCellContents(addr(f), [[text]]);
      });
    }

    const errors: CellErrorReport[] = [];
    for (const f of formulas) {
      const ws = worksheets[f.sheetIndex];
      const value = hf.getCellValue(addr(f));
      const cell = ws.getCell(f.row + 1, f.col + 1);
      const current = cell.value as unknown as Record<string, unknown>;
      cell.value = { ...current, result: cachedResult(value) } as ExcelJS.CellValue;
      if (value instanceof DetailedCellError) {
        errors.push({ sheet: f.sheet, address: a1(f.row, f.col), error: value.value, message: value.message ?? "" });
      }
      if (f.kind === "array" && f.ref) {
        const sheetId = hf.getSheetId(f.sheet)!;
        for (let r = f.ref.top; r <= f.ref.bottom; r++) {
          for (let c = f.ref.left; c <= f.ref.right; c++) {
            if (r === f.row && c === f.col) continue;
            const v = hf.getCellValue({ sheet: sheetId, row: r, col: c });
            const target = ws.getCell(r + 1, c + 1);
            target.value = v instanceof DetailedCellError ? excelError(v.value) : v === null || v === undefined ? null : (v as number | string | boolean);
          }
        }
      }
    }
    workbook.calcProperties.fullCalcOnLoad = true;
    errors.sort(
      (x, y) =>
        worksheets.findIndex((w) => w.name === x.sheet) - worksheets.findIndex((w) => w.name === y.sheet) ||
        rowOf(x.address) - rowOf(y.address) ||
        x.address.localeCompare(y.address),
    );
    return { formulas: formulas.length, errors };
  } finally {
    hf.destroy();
  }
}

function rowOf(address: string): number {
  return Number(/\d+$/.exec(address)?.[0] ?? 0);
}

/** One line per error cell: "测算示例!D9 #VALUE! 安置面积(resettleArea)…". */
export function formatCellError(e: CellErrorReport): string {
  return `${e.sheet}!${e.address} ${e.error}${e.message ? ` ${e.message}` : ""}`;
}

/** Load, recalculate and write a workbook; prints what it did. Returns the exit code. */
export async function recalcFile(input: string, output: string): Promise<{ code: number; result?: RecalcResult }> {
  checkOutputPath(input, output);
  const { workbook, notes: lost } = await loadWorkbookWithNotes(input);
  const result = recalcWorkbook(workbook);
  await saveWorkbookAtomic(workbook, output);
  console.log(`已计算 ${result.formulas} 个公式，写入 ${output} / ${result.formulas} formulas evaluated, written to ${output}`);
  for (const n of lost) console.log(n);
  if (result.errors.length > 0) {
    console.log(`以下 ${result.errors.length} 个单元格的结果是错误值 / ${result.errors.length} cells evaluate to errors:`);
    for (const e of result.errors) console.log(`  ${formatCellError(e)}`);
    return { code: EXIT.CELL_ERRORS, result };
  }
  return { code: EXIT.OK, result };
}

/** `shanty recalc IN.xlsx -o OUT.xlsx` */
export async function runRecalc(args: readonly string[]): Promise<number> {
  const parsed = parseInOut("recalc", args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return EXIT.USAGE;
  }
  try {
    return (await recalcFile(parsed.input, parsed.output)).code;
  } catch (e) {
    if (e instanceof ShantyFileError) {
      console.error(`${e.zh}\n${e.en}`);
      return EXIT.FILE;
    }
    throw e;
  }
}
