import { absRef as cellRef, quoteSheet } from "../../workbook/address";
import { CELL_REF, scanFormula as scan, slideFormula } from "../../workbook/ooxml/formula";

/*
 * Formula translation for `shanty recalc` and `shanty eval`: a formula as a workbook file stores it → the text
 * HyperFormula evaluates. The formula text written back to the file is never changed.
 * - sheet names are quoted (HyperFormula does not read unquoted Chinese sheet names), `_xlfn.`/`_xlws.`
 *   prefixes are dropped, `_xldudf_SHANTY_X` / `_xludf.SHANTY.X` (how Excel stores an add-in's custom
 *   function) read as SHANTY.X, workbook names are replaced by the aliases they are registered under (so a
 *   sheet-scoped name resolves to its own sheet's definition), table references (Table[Col], Table[@Col],
 *   [@Col], Table[#All] …) become plain ranges;
 * - the logical constants TRUE/FALSE become TRUE()/FALSE() (HyperFormula knows only the functions), and a
 *   number with an upper-case exponent (1E+20, as Excel writes it) gets a lower-case one;
 * - shared formulas are expanded by sliding the master's relative references (slideFormula).
 */

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

function absRef(sheet: string, top: number, left: number, bottom: number, right: number): string {
  const q = `${quoteSheet(sheet)}!`;
  const tl = cellRef(top, left);
  if (top === bottom && left === right) return q + tl;
  return `${q}${tl}:${cellRef(bottom, right)}`;
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
    if (
      t.sheet.toLowerCase() === ctx.sheet.toLowerCase() &&
      ctx.row >= t.top &&
      ctx.row <= t.bottom &&
      ctx.col >= t.left &&
      ctx.col <= t.right
    )
      return t;
  }
  return undefined;
}

/** Function names as a workbook file stores them → as HyperFormula knows them. */
function functionName(token: string): string {
  const custom = /^(?:_xldudf_|_xludf\.)SHANTY[._](.+)$/i.exec(token);
  if (custom) return `SHANTY.${custom[1]}`;
  return token.replace(/^(?:_xlfn\.|_xlws\.|_xludf\.)+/i, "");
}

/**
 * HyperFormula's string literals cannot hold a doubled quote ("a""b" is Excel's a"b): such a literal becomes
 * ("a"&CHAR(34)&"b"). Quoted sheet names ('…') are left alone.
 */
function quotesInStrings(text: string): string {
  let out = "";
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (ch !== '"' && ch !== "'") {
      out += ch;
      i++;
      continue;
    }
    let j = i + 1;
    while (j < text.length) {
      if (text[j] === ch) {
        if (text[j + 1] === ch) j += 2;
        else break;
      } else j++;
    }
    const literal = text.slice(i, Math.min(j + 1, text.length));
    const inner = literal.slice(1, -1);
    out += ch === '"' && literal.length >= 2 && inner.includes('""') ? `("${inner.split('""').join('"&CHAR(34)&"')}")` : literal;
    i = j + 1;
  }
  return out;
}

/** A workbook formula (with or without "=") → the text HyperFormula evaluates, with a leading "=". */
export function toHfFormula(formula: string, ctx: FormulaContext): string {
  const pieces = scan(formula.replace(/^=/, ""));
  let out = "";
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (p.kind === "text") {
      out += p.text.includes('""') ? quotesInStrings(p.text) : p.text;
    } else if (p.kind === "bracket") {
      const own = tableAt(ctx);
      const resolved =
        own && (p.text.startsWith("[@") || p.text.startsWith("[[#This Row]")) ? structuredRange(own, p.text, ctx) : undefined;
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
      } else if (p.prev !== "!" && /^(TRUE|FALSE)$/i.test(p.text)) {
        out += `${p.text.toUpperCase()}()`;
      } else {
        out += p.text;
      }
    }
  }
  return `=${out}`;
}

export { slideFormula };

/** Excel's limit on nesting levels; deeper formulas are refused before HyperFormula's parser can overflow its stack. */
export const MAX_NESTING = 64;

/**
 * What a translated formula uses: function names (upper case), the deepest parenthesis nesting, and — for
 * evaluating a sheet in independent row blocks — whether every reference is a plain A1 cell or range on the
 * formula's own sheet (no names, other sheets, whole columns or rows, OFFSET), with the rows they span.
 */
export interface FormulaShape {
  readonly functions: string[];
  readonly depth: number;
  readonly local: boolean;
  /** Refers to another workbook ([1]Sheet!A1, an external link). */
  readonly external: boolean;
  readonly rowMin: number;
  readonly rowMax: number;
}

const NON_LOCAL_FUNCTIONS = new Set([
  "OFFSET",
  "INDIRECT",
  "ROW",
  "ROWS",
  "COLUMN",
  "COLUMNS",
  "CELL",
  "INFO",
  "SHEET",
  "SHEETS",
  "FORMULATEXT",
  "ISFORMULA",
]);

export function formulaShape(hfFormula: string, ownSheet = "", ownRow = 0): FormulaShape {
  const functions: string[] = [];
  let depth = 0;
  let max = 0;
  let local = true;
  let external = false;
  let rowMin = ownRow;
  let rowMax = ownRow;
  const own = ownSheet.toLowerCase();
  const pieces = scan(hfFormula.replace(/^=/, ""));
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    if (p.kind === "text") {
      const t = p.text;
      for (let i = 0; i < t.length; i++) {
        const c = t.charCodeAt(i);
        if (c === 40) max = Math.max(max, ++depth);
        else if (c === 41) depth--;
      }
      continue;
    }
    if (p.kind === "bracket") {
      local = false;
      if (/^\[\d+\]$/.test(p.text)) external = true;
      continue;
    }
    if (p.next === "(") {
      const name = p.text.toUpperCase();
      functions.push(name);
      if (NON_LOCAL_FUNCTIONS.has(name)) local = false;
      continue;
    }
    if (!local) continue;
    const m = CELL_REF.exec(p.text);
    if (m) {
      if (p.prev === "!") {
        const before = pieces[k - 1];
        const q = before && before.kind === "text" ? /'((?:[^']|'')*)'!$/.exec(before.text) : null;
        if (!q || q[1].replace(/''/g, "'").toLowerCase() !== own) local = false;
      }
      const row = Number(m[4]) - 1;
      if (row < rowMin) rowMin = row;
      if (row > rowMax) rowMax = row;
      continue;
    }
    if (/^(?:\d+\.?\d*|\.\d+)$/.test(p.text) && p.next !== ":" && p.prev !== ":") continue; // a number
    local = false; // a name, a whole column or row, anything else
  }
  return { functions, depth: max, local, external, rowMin, rowMax };
}

/** The calls in a formula with their argument counts (top level of each call), innermost last. For messages. */
export function functionCalls(formula: string): { name: string; args: number }[] {
  const pieces = scan(formula.replace(/^=/, ""));
  const calls: { name: string; args: number }[] = [];
  const stack: ({ name: string; args: number; empty: boolean } | undefined)[] = [];
  let braces = 0;
  for (let k = 0; k < pieces.length; k++) {
    const p = pieces[k];
    const top = stack[stack.length - 1];
    if (p.kind === "token" && p.next === "(") {
      if (top) top.empty = false;
      stack.push({ name: p.text.toUpperCase(), args: 0, empty: true });
      k++; // the "(" opening it starts the next text piece; handle it there
      const rest = pieces[k];
      if (rest && rest.kind === "text") consume(rest.text.slice(1));
      else if (rest) {
        stack[stack.length - 1]!.empty = false;
      }
      continue;
    }
    if (p.kind === "text") consume(p.text);
    else if (top) top.empty = false;
  }
  function consume(text: string) {
    for (let i = 0; i < text.length; i++) {
      const ch = text[i];
      const top = stack[stack.length - 1];
      if (ch === '"' || ch === "'") {
        // a string literal or a quoted sheet name: skip to its end (a doubled quote just starts the next one)
        const end = text.indexOf(ch, i + 1);
        if (top) top.empty = false;
        i = end < 0 ? text.length : end;
      } else if (ch === "(") stack.push(undefined);
      else if (ch === ")") {
        const done = stack.pop();
        if (done) calls.push({ name: done.name, args: done.empty && done.args === 0 ? 0 : done.args + 1 });
      } else if (ch === "{" || ch === "}") {
        braces += ch === "{" ? 1 : -1;
        if (top) top.empty = false;
      } else if (ch === "," && braces === 0) {
        if (top) top.args++;
      } else if (!/\s/.test(ch) && top) top.empty = false;
    }
  }
  return calls;
}
