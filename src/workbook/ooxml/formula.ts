import { colIndex, columnLetters, MAX_COL, MAX_ROW } from "../address";

/*
 * Formula text as workbook files store it, as pure string work: a scan into tokens (names, references,
 * numbers), bracket groups and everything else, and sliding a shared formula's relative references. Used by
 * `shanty recalc` (src/cli/recalc/translate.ts) and the portable converter (src/workbook/portable/package.ts).
 */

export const CELL_REF = /^(\$?)([A-Za-z]{1,3})(\$?)(\d+)$/;

export type FormulaPiece =
  { kind: "text"; text: string } | { kind: "token"; text: string; next: string; prev: string } | { kind: "bracket"; text: string };

const TOKEN_UNICODE = /[\p{L}\p{N}]/u;
/** ASCII token characters: letters, digits, _ \\ . $ ? */
const ASCII_TOKEN = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  ASCII_TOKEN[c] = /[A-Za-z0-9_\\.$?]/.test(ch) ? 1 : 0;
}

function isTokenChar(code: number, ch: string): boolean {
  return code < 128 ? ASCII_TOKEN[code] === 1 : TOKEN_UNICODE.test(ch);
}

const isDigit = (code: number) => code >= 48 && code <= 57;

/** Length of a number with an exponent at i (1E+20, 1.5e-3, .5E3), or 0. */
function exponentNumberAt(s: string, i: number): number {
  let j = i;
  const n = s.length;
  while (j < n && isDigit(s.charCodeAt(j))) j++;
  const intDigits = j - i;
  if (j < n && s.charCodeAt(j) === 46) {
    j++;
    const f = j;
    while (j < n && isDigit(s.charCodeAt(j))) j++;
    if (intDigits === 0 && j === f) return 0;
  } else if (intDigits === 0) return 0;
  const e = s.charCodeAt(j);
  if (e !== 69 && e !== 101) return 0;
  j++;
  const sign = s.charCodeAt(j);
  if (sign === 43 || sign === 45) j++;
  const d = j;
  while (j < n && isDigit(s.charCodeAt(j))) j++;
  if (j === d) return 0;
  if (j < n && isTokenChar(s.charCodeAt(j), s[j])) return 0;
  return j - i;
}

const ERROR_LITERAL = /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!|GETTING_DATA)/i;

/** Split a formula into tokens (names, references, numbers), bracket groups and everything else (strings, quoted sheet names, operators). */
export function scanFormula(formula: string): FormulaPiece[] {
  const out: FormulaPiece[] = [];
  let i = 0;
  const n = formula.length;
  let text = "";
  const flush = () => {
    if (text) {
      out.push({ kind: "text", text });
      text = "";
    }
  };
  while (i < n) {
    const code = formula.charCodeAt(i);
    const ch = formula[i];
    if (code === 35 /* # */) {
      const errorLiteral = ERROR_LITERAL.exec(formula.slice(i, i + 16));
      if (errorLiteral) {
        text += errorLiteral[0];
        i += errorLiteral[0].length;
      } else {
        text += ch;
        i++;
      }
    } else if (code === 34 || code === 39) {
      // string literal or quoted sheet name; the quote is doubled inside
      let j = i + 1;
      while (j < n) {
        if (formula.charCodeAt(j) === code) {
          if (formula.charCodeAt(j + 1) === code) j += 2;
          else break;
        } else j++;
      }
      text += formula.slice(i, Math.min(j + 1, n));
      i = j + 1;
    } else if (code === 91 /* [ */) {
      let depth = 0;
      let j = i;
      for (; j < n; j++) {
        const c = formula.charCodeAt(j);
        if (c === 39 && j + 1 < n) {
          j++; // escaped character inside a structured reference
          continue;
        }
        if (c === 91) depth++;
        else if (c === 93 && --depth === 0) break;
      }
      flush();
      out.push({ kind: "bracket", text: formula.slice(i, Math.min(j + 1, n)) });
      i = j + 1;
    } else if (code < 128 && ASCII_TOKEN[code] === 0) {
      text += ch;
      i++;
    } else {
      const exp = isDigit(code) || code === 46 ? exponentNumberAt(formula, i) : 0;
      if (exp > 0) {
        // 1E+20, 1.5E-3: Excel writes the exponent in upper case, HyperFormula reads only lower case
        text += formula.slice(i, i + exp).toLowerCase();
        i += exp;
      } else if (isTokenChar(code, ch)) {
        let j = i + 1;
        while (j < n && isTokenChar(formula.charCodeAt(j), formula[j])) j++;
        flush();
        out.push({ kind: "token", text: formula.slice(i, j), next: formula[j] ?? "", prev: formula[i - 1] ?? "" });
        i = j;
      } else {
        text += ch;
        i++;
      }
    }
  }
  flush();
  return out;
}

/**
 * Move a formula's relative references by (dRows, dCols), as Excel does when it fills a shared formula:
 * A1 refs, A:A column and 1:1 row ranges; $-anchored parts stay; strings, quoted names, table references and
 * the sheet names of a 3-D reference (Jan:Mar!B2) are untouched. A reference pushed off the sheet becomes #REF!.
 */
export function slideFormula(formula: string, dRows: number, dCols: number): string {
  const pieces = scanFormula(formula);
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
    // Jan:Mar!B2 — a span of sheets (3-D reference), not a column range: the names stay
    const last = p.next === ":" ? partner : p;
    if (partner && last?.kind === "token" && last.next === "!") {
      out += p.text;
    } else if (partner && isColOnly(p.text) && isColOnly(partnerText)) {
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
