import { a1 } from "../../workbook/address";
import { FUNCTIONS, NAMESPACE } from "../../registry";
import type { RawArg } from "../../registry/coerce";
import type { FunctionSpec } from "../../registry/types";
import { shantyValue } from "../shantyHost";
import { key, plainOut, same, storedValue, type CellErrorReport, type CellOut, type Evaluation, type Patch } from "./cells";
import { bilingualMessage } from "./messages";
import { excelRound, generalText } from "./numbers";
import { asBytes, scanSheet, type WorkbookPackage } from "./package";
import { collectGarbage, phase } from "./profile";

/*
 * The direct evaluator of `shanty recalc`: the workbooks most files are — numbers, text, references and ranges
 * on worksheets, arithmetic, comparisons, IF/IFERROR/AND/OR/NOT, SUM/MIN/MAX, ABS, Excel's ROUND family and
 * the SHANTY functions — are evaluated here without HyperFormula: each distinct formula shape (the same text
 * in relative R1C1 terms, as a filled column has) is compiled once into a closure, and the formula cells are
 * evaluated in dependency order (found from the references as written, with an explicit stack so that a
 * 100,000-row chain does not overflow; a cycle gives up). The semantics are HyperFormula's as the HyperFormula path configures it, operator by operator
 * (its coercions, smartRounding with precisionEpsilon 1e-13, the error each case gives, no rounding of
 * results); test/properties/direct.property.test.ts requires both paths to write the same values.
 *
 * Anything outside that subset — another function, a defined name, a table reference, an array formula, a
 * whole-column range, an external link, a text that HyperFormula would read as a number or a date, a cycle, a
 * stored error value, an error whose message this file does not reproduce — gives up ("bail") for the whole
 * workbook, and evaluate.ts runs the HyperFormula path as before. Giving up is always correct; a wrong value
 * is not, so every case not proven equal gives up.
 */

/** Thrown to give up on the direct path (the reason is printed with SHANTY_RECALC_PROFILE=1). */
class Bail extends Error {}
const bail = (why: string): never => {
  throw new Bail(why);
};

/** An error value as HyperFormula carries it: its type ("DIV_BY_ZERO", "NUM" …) and message. */
class ErrorValue {
  constructor(
    readonly type: string,
    readonly message: string,
  ) {}
}

const DISPLAY: Record<string, string> = { DIV_BY_ZERO: "#DIV/0!", NUM: "#NUM!", VALUE: "#VALUE!", NA: "#N/A" };

/** A cell value: number, text, logical, empty (null) or an error. */
type Value = number | string | boolean | null | ErrorValue;

const EPS = 1e-13; // HF_CONFIG.precisionEpsilon with smartRounding
const NAN_MESSAGE = "NaN or infinite value encountered.";
const MAX_ROW = 1048575;
const MAX_COL = 16383;
const MAX_NESTING = 64;

/** HyperFormula's Intl collator for its default config (caseSensitive/accentSensitive false → "base"). */
const COLLATOR = new Intl.Collator("en", { sensitivity: "base", caseFirst: "lower", ignorePunctuation: false });
/** HyperFormula's quick check before it tries to read a text as a date or time (DateTimeDefault.ts). */
const DATE_LIKE = /^[0-9/.\-: ]+[ap]?m?$/;

// ---------- cells ----------

const PENDING = 0;
const DONE = 2;

class FormulaCell {
  state = PENDING;
  /** Static dependency walk: 0 not seen, 1 on the path, 2 done. */
  mark = 0;
  value: Value = null;
  constructor(
    readonly sheet: number,
    readonly row: number,
    readonly col: number,
    readonly shape: Shape,
    readonly text: string,
    readonly cached: CellOut | undefined,
    readonly start: number,
    readonly end: number,
  ) {}
}

/** A stored error value (t="e"): reading one gives up (HyperFormula's parsed error carries its own message). */
class StoredError {}
const STORED_ERROR = new StoredError();

type Slot = number | string | boolean | FormulaCell | StoredError | undefined;

/** Thrown (one object, no stack) when a formula reads a formula cell not yet evaluated (cannot happen, see evaluateAll). */
const NEED = { need: true };

let grid: Slot[][][] = [];

function read(sheet: number, row: number, col: number): Value {
  const r = grid[sheet][row];
  if (r === undefined) return null;
  const v = r[col];
  if (v === undefined) return null;
  if (v instanceof FormulaCell) {
    if (v.state === DONE) return v.value;
    throw NEED;
  }
  if (v instanceof StoredError) return bail("a stored error value is read");
  return v as number | string | boolean;
}

// ---------- HyperFormula's operators ----------

/** Every evaluated node: an overflowing number is #NUM!, −0 is 0 (Interpreter.evaluateAst). */
function post(v: Value): Value {
  if (typeof v === "number") {
    if (v !== v || v === Infinity || v === -Infinity) return new ErrorValue("NUM", NAN_MESSAGE);
    return v === 0 ? 0 : v;
  }
  return v;
}

/** coerceScalarToNumberOrError, for the values whose outcome is certain; other texts give up. */
function toNumber(v: Value): number | ErrorValue {
  if (typeof v === "number") return v;
  if (v === null) return 0;
  if (typeof v === "boolean") return v ? 1 : 0;
  if (v instanceof ErrorValue) return v;
  if (v === "") return 0;
  return bail("text used as a number");
}

/** coerceScalarToBoolean (a BOOLEAN argument); texts give up. */
function toBoolean(v: Value): boolean | ErrorValue {
  if (typeof v === "boolean" || v instanceof ErrorValue) return v;
  if (v === null) return false;
  if (typeof v === "number") return v !== 0;
  return bail("text used as a logical value");
}

function toText(v: Value): string | ErrorValue {
  if (typeof v === "string" || v instanceof ErrorValue) return v;
  if (v === null) return "";
  if (typeof v === "number") return generalText(v);
  return v ? "TRUE" : "FALSE";
}

function floatCmp(left: number, right: number): number {
  const mod = 1 + EPS;
  if (right >= 0 && left * mod >= right && left <= right * mod) return 0;
  if (right <= 0 && left * mod <= right && left >= right * mod) return 0;
  return left > right ? 1 : -1;
}

/** ArithmeticHelper.compare for errors-free operands; mixed types and date-like texts give up. */
function compare(left: Value, right: Value): number {
  if (typeof left === "string" && DATE_LIKE.test(left.replace(/\s+/g, " ").trim().toLowerCase())) bail("date-like text compared");
  if (typeof right === "string" && DATE_LIKE.test(right.replace(/\s+/g, " ").trim().toLowerCase())) bail("date-like text compared");
  if (left === null) left = right === null ? null : typeof right === "string" ? "" : typeof right === "number" ? 0 : false;
  else if (right === null) right = typeof left === "string" ? "" : typeof left === "number" ? 0 : false;
  if (typeof left === "string" && typeof right === "string") return COLLATOR.compare(left, right);
  if (typeof left === "boolean" && typeof right === "boolean") return Number(left) - Number(right);
  if (typeof left === "number" && typeof right === "number") return floatCmp(left, right);
  if (left === null && right === null) return 0;
  return bail("values of different types compared");
}

function addEps(left: number, right: number): number {
  const r = left + right;
  return Math.abs(r) < EPS * Math.abs(left) ? 0 : r;
}

type Binary = (l: Value, r: Value) => Value;

const arithmetic =
  (op: (l: number, r: number) => Value): Binary =>
  (l, r) => {
    if (l instanceof ErrorValue) return l;
    if (r instanceof ErrorValue) return r;
    const a = toNumber(l);
    const b = toNumber(r);
    if (a instanceof ErrorValue) return a;
    if (b instanceof ErrorValue) return b;
    return op(a, b);
  };

const comparison =
  (test: (c: number) => boolean): Binary =>
  (l, r) => {
    if (l instanceof ErrorValue) return l;
    if (r instanceof ErrorValue) return r;
    return test(compare(l, r));
  };

const BINARY: Record<string, Binary> = {
  "+": arithmetic(addEps),
  "-": arithmetic((l, r) => {
    const d = l - r;
    return Math.abs(d) < EPS * Math.abs(l) ? 0 : d;
  }),
  "*": arithmetic((l, r) => l * r),
  "/": arithmetic((l, r) => (r === 0 ? new ErrorValue("DIV_BY_ZERO", "") : l / r)),
  "^": arithmetic((l, r) => Math.pow(l, r)),
  "&": (l, r) => {
    if (l instanceof ErrorValue) return l;
    if (r instanceof ErrorValue) return r;
    return (toText(l) as string) + (toText(r) as string);
  },
  "=": comparison((c) => c === 0),
  "<>": comparison((c) => c !== 0),
  "<": comparison((c) => c < 0),
  "<=": comparison((c) => c <= 0),
  ">": comparison((c) => c > 0),
  ">=": comparison((c) => c >= 0),
};

// ---------- formulas: tokens ----------

/** A reference as the formula writes it: absolute parts as they are, relative ones as offsets from the formula's cell. */
interface Ref {
  readonly sheet: number;
  readonly rowAbs: boolean;
  readonly row: number;
  readonly colAbs: boolean;
  readonly col: number;
}

type Token =
  | { readonly k: "num"; readonly v: number }
  | { readonly k: "str"; readonly v: string }
  | { readonly k: "bool"; readonly v: boolean }
  | { readonly k: "ref"; readonly a: Ref; readonly b?: Ref }
  | { readonly k: "fn"; readonly name: string }
  | { readonly k: "op"; readonly v: string };

const REF_RE = /^(\$?)([A-Z]{1,3})(\$?)([0-9]+)$/;
const NUMBER_RE = /[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const TOKEN_UNICODE = /[\p{L}\p{N}]/u;

function isIdentChar(code: number, ch: string): boolean {
  if (code < 128) {
    return (
      (code >= 65 && code <= 90) ||
      (code >= 97 && code <= 122) ||
      (code >= 48 && code <= 57) ||
      code === 95 ||
      code === 46 ||
      code === 36 ||
      code === 92 ||
      code === 63
    );
  }
  return TOKEN_UNICODE.test(ch);
}

function colNumber(letters: string): number {
  let n = 0;
  for (let i = 0; i < letters.length; i++) n = n * 26 + (letters.charCodeAt(i) - 64);
  return n - 1;
}

/** Function names as a file stores them → as HyperFormula knows them (translate.ts functionName). */
function functionName(token: string): string {
  const custom = /^(?:_xldudf_|_xludf\.)SHANTY[._](.+)$/i.exec(token);
  if (custom) return `SHANTY.${custom[1]}`.toUpperCase();
  return token.replace(/^(?:_xlfn\.|_xlws\.|_xludf\.)+/i, "").toUpperCase();
}

interface Context {
  readonly sheet: number;
  readonly row: number;
  readonly col: number;
  /** Sheet name → index, exactly as written in the workbook (other spellings give up). */
  readonly sheets: ReadonlyMap<string, number>;
}

function cellRef(text: string, sheet: number, ctx: Context): Ref | undefined {
  const m = REF_RE.exec(text);
  if (!m) return undefined;
  const col = colNumber(m[2]);
  const row = Number(m[4]) - 1;
  if (col > MAX_COL || row < 0 || row > MAX_ROW) return undefined;
  return {
    sheet,
    rowAbs: m[3] === "$",
    row: m[3] === "$" ? row : row - ctx.row,
    colAbs: m[1] === "$",
    col: m[1] === "$" ? col : col - ctx.col,
  };
}

/**
 * A formula as the file stores it → tokens, and its shape key: the same for two formulas that differ only in
 * where they are (relative references as offsets). Anything the direct path does not read gives up.
 */
function tokenize(formula: string, ctx: Context, emit: boolean): { tokens: Token[]; shape: string } {
  const s = formula.charCodeAt(0) === 61 ? formula.slice(1) : formula;
  const tokens: Token[] = [];
  let shape = "";
  const n = s.length;
  let i = 0;
  const refShape = (r: Ref) => `${r.sheet}!${r.rowAbs ? "R" : "r"}${r.row}${r.colAbs ? "C" : "c"}${r.col}`;
  /** A reference at i (after an optional sheet prefix already read), with an optional second part after ":". */
  const reference = (sheet: number): boolean => {
    let j = i;
    while (j < n && isIdentChar(s.charCodeAt(j), s[j])) j++;
    const a = cellRef(s.slice(i, j), sheet, ctx);
    if (!a || s[j] === "(" || s[j] === "!") return false;
    i = j;
    let b: Ref | undefined;
    if (s[i] === ":") {
      // the second part on the first one's sheet; "A1:Sheet2!B2" and "Sheet1!A1:Sheet1!B2" are not read
      let k = i + 1;
      while (k < n && isIdentChar(s.charCodeAt(k), s[k])) k++;
      b = cellRef(s.slice(i + 1, k), sheet, ctx);
      if (!b || s[k] === "(" || s[k] === "!" || s[k] === "'") bail("unsupported range");
      i = k;
    }
    if (emit) tokens.push(b ? { k: "ref", a, b } : { k: "ref", a });
    shape += b ? `${refShape(a)}:${refShape(b)} ` : `${refShape(a)} `;
    return true;
  };
  while (i < n) {
    const code = s.charCodeAt(i);
    const ch = s[i];
    if (code === 32) {
      i++;
      shape += " ";
      continue;
    }
    if (code === 34) {
      // "text", a doubled quote inside
      const { text, end } = quoted(s, i, '"');
      i = end;
      if (emit) tokens.push({ k: "str", v: text });
      shape += JSON.stringify(text);
      continue;
    }
    if (code === 39) {
      // 'quoted sheet'!A1
      const { text: name, end } = quoted(s, i, "'");
      i = end;
      if (s[i] !== "!") bail("quoted name without a reference");
      i++;
      const sheet = ctx.sheets.get(name);
      if (sheet === undefined) bail(`unknown sheet ${name}`);
      if (!reference(sheet!)) bail("unsupported reference");
      continue;
    }
    if ((code >= 48 && code <= 57) || code === 46) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(s);
      if (!m || (i + m[0].length < n && isIdentChar(s.charCodeAt(i + m[0].length), s[i + m[0].length]))) bail("unsupported number");
      // a literal beyond the doubles (1E+309) is HyperFormula's #NUM! at that node, which IFERROR and & see: give up
      if (!Number.isFinite(Number(m![0]))) bail("number literal out of range");
      if (emit) tokens.push({ k: "num", v: Number(m![0]) });
      shape += `#${m![0]} `;
      i += m![0].length;
      continue;
    }
    if (isIdentChar(code, ch)) {
      let j = i;
      while (j < n && isIdentChar(s.charCodeAt(j), s[j])) j++;
      const word = s.slice(i, j);
      if (s[j] === "!") {
        const sheet = ctx.sheets.get(word);
        if (sheet === undefined) bail(`unknown sheet ${word}`);
        i = j + 1;
        if (!reference(sheet!)) bail("unsupported reference");
        continue;
      }
      if (s[j] === "(") {
        const name = functionName(word);
        if (emit) tokens.push({ k: "fn", name });
        shape += `${name}(`;
        i = j + 1;
        continue;
      }
      if (reference(ctx.sheet)) continue;
      const upper = word.toUpperCase();
      if (upper === "TRUE" || upper === "FALSE") {
        if (emit) tokens.push({ k: "bool", v: upper === "TRUE" });
        shape += `${upper} `;
        i = j;
        continue;
      }
      return bail(`name ${word}`);
    }
    const two = s.slice(i, i + 2);
    if (two === "<>" || two === "<=" || two === ">=") {
      if (emit) tokens.push({ k: "op", v: two });
      shape += two;
      i += 2;
      continue;
    }
    if ("+-*/^&=<>%(),".includes(ch)) {
      if (emit) tokens.push({ k: "op", v: ch });
      shape += ch;
      i++;
      continue;
    }
    return bail(`character ${ch}`);
  }
  return { tokens, shape };
}

/** The quoted text starting at i (a doubled quote inside stands for one) and the index after it. */
function quoted(s: string, i: number, quote: string): { text: string; end: number } {
  let j = i + 1;
  let text = "";
  for (;;) {
    const q = s.indexOf(quote, j);
    if (q < 0) return bail("unterminated quote");
    text += s.slice(j, q);
    if (s[q + 1] !== quote) return { text, end: q + 1 };
    text += quote;
    j = q + 2;
  }
}

// ---------- formulas: parse and compile ----------

/** A compiled formula: its value for the formula cell it is evaluated for. */
type Code = (f: FormulaCell) => Value;

interface Node {
  /** "ref" nodes are single cells written as such (SUM treats them apart from other expressions). */
  readonly kind: "ref" | "range" | "paren" | "other";
  readonly code: Code;
  readonly range?: { readonly a: Ref; readonly b: Ref };
}

const SHANTY = new Map<string, FunctionSpec>(FUNCTIONS.map((s) => [`${NAMESPACE}.${s.id}`.toUpperCase(), s]));

function resolve(r: Ref, f: FormulaCell): { row: number; col: number } {
  const row = r.rowAbs ? r.row : f.row + r.row;
  const col = r.colAbs ? r.col : f.col + r.col;
  if (row < 0 || row > MAX_ROW || col < 0 || col > MAX_COL) bail("reference off the sheet");
  return { row, col };
}

/** The cells of a range (row by row, as HyperFormula reads them), each passed to `each` until it returns false. */
function eachInRange(a: Ref, b: Ref, f: FormulaCell, each: (v: Value) => boolean): void {
  const p = resolve(a, f);
  const q = resolve(b, f);
  if (q.row < p.row || q.col < p.col) bail("reversed range");
  const rows = grid[a.sheet];
  const bottom = Math.min(q.row, rows.length - 1);
  for (let r = p.row; r <= bottom; r++) {
    const row = rows[r];
    if (row === undefined) continue;
    const right = Math.min(q.col, row.length - 1);
    for (let c = p.col; c <= right; c++) {
      if (row[c] === undefined) continue;
      if (!each(read(a.sheet, r, c))) return;
    }
  }
}

/** Unary minus and percent: an error stays, the operand is coerced to a number. */
function numericUnary(code: Code, op: (x: number) => number): Node {
  return {
    kind: "other",
    code: (c) => {
      const v = code(c);
      if (v instanceof ErrorValue) return v;
      const x = toNumber(v);
      return x instanceof ErrorValue ? x : post(op(x));
    },
  };
}

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Code {
    if (this.tokens.length === 0) bail("empty formula");
    const node = this.comparison();
    if (this.i !== this.tokens.length) bail("unexpected token");
    if (node.kind === "range") bail("range as a result");
    return node.code;
  }

  private peekOp(): string | undefined {
    const t = this.tokens[this.i];
    return t && t.k === "op" ? t.v : undefined;
  }

  private binary(next: () => Node, ops: readonly string[]): Node {
    let left = next();
    for (;;) {
      const op = this.peekOp();
      if (op === undefined || !ops.includes(op)) return left;
      this.i++;
      const right = next();
      left = this.combine(op, left, right);
    }
  }

  private combine(op: string, left: Node, right: Node): Node {
    if (left.kind === "range" || right.kind === "range") bail("range in arithmetic");
    const f = BINARY[op];
    const l = left.code;
    const r = right.code;
    return { kind: "other", code: (c) => post(f(l(c), r(c))) };
  }

  private comparison = (): Node => this.binary(this.concatenation, ["=", "<>", "<", "<=", ">", ">="]);
  private concatenation = (): Node => this.binary(this.addition, ["&"]);
  private addition = (): Node => this.binary(this.multiplication, ["+", "-"]);
  private multiplication = (): Node => this.binary(this.power, ["*", "/"]);
  private power = (): Node => this.binary(this.atomic, ["^"]);

  private atomic = (): Node => {
    const op = this.peekOp();
    if (op === "+" || op === "-") {
      this.i++;
      if (++this.depth > MAX_NESTING * 4) bail("too deep");
      const inner = this.atomic();
      this.depth--;
      if (inner.kind === "range") bail("range in arithmetic");
      const code = inner.code;
      if (op === "+") return { kind: "other", code: (c) => post(code(c)) };
      return numericUnary(code, (x) => -x);
    }
    const node = this.positive();
    if (this.peekOp() === "%") {
      this.i++;
      if (node.kind === "range") bail("range in arithmetic");
      return numericUnary(node.code, (x) => x / 100);
    }
    return node;
  };

  private positive(): Node {
    const t = this.tokens[this.i++];
    if (!t) return bail("formula ends early");
    switch (t.k) {
      case "num": {
        const v = t.v;
        return { kind: "other", code: () => v };
      }
      case "str": {
        const v = t.v;
        return { kind: "other", code: () => v };
      }
      case "bool": {
        const v = t.v;
        return { kind: "other", code: () => v };
      }
      case "ref": {
        const a = t.a;
        if (t.b) return { kind: "range", code: () => bail("range as a value"), range: { a, b: t.b } };
        return {
          kind: "ref",
          code: (f) => {
            const p = resolve(a, f);
            return read(a.sheet, p.row, p.col);
          },
        };
      }
      case "fn":
        return this.call(t.name);
      case "op": {
        if (t.v !== "(") return bail(`unexpected ${t.v}`);
        if (++this.depth > MAX_NESTING) bail("nested too deep");
        const inner = this.comparison();
        this.depth--;
        if (this.peekOp() !== ")") bail("missing )");
        this.i++;
        if (inner.kind === "range") bail("range in parentheses");
        const code = inner.code;
        return { kind: "paren", code: (c) => post(code(c)) };
      }
    }
  }

  private call(name: string): Node {
    if (++this.depth > MAX_NESTING) bail("nested too deep");
    const args: Node[] = [];
    if (this.peekOp() === ")") this.i++;
    else {
      for (;;) {
        const op = this.peekOp();
        if (op === "," || op === ")") bail("empty argument");
        args.push(this.comparison());
        const sep = this.peekOp();
        this.i++;
        if (sep === ")") break;
        if (sep !== ",") bail("expected , or )");
      }
    }
    this.depth--;
    const code = compileCall(name, args);
    return { kind: "other", code: (c) => post(code(c)) };
  }
}

function arity(name: string, args: readonly Node[], min: number, max: number): void {
  if (args.length < min || args.length > max) bail(`wrong number of arguments for ${name}`);
}

function scalars(name: string, args: readonly Node[]): Code[] {
  if (args.some((a) => a.kind === "range")) bail(`range argument to ${name}`);
  return args.map((a) => a.code);
}

/** A NUMBER argument: evaluated, coerced; the first error in argument order wins (after all are evaluated). */
function numbers(values: Value[]): number[] | ErrorValue {
  const out: number[] = [];
  for (const v of values) {
    const x = toNumber(v);
    if (x instanceof ErrorValue) return x;
    out.push(x);
  }
  return out;
}

type Reduce = { init: number; step: (acc: number, v: number) => number; rangeStep: (rangeValue: number, acc: number) => number };

const REDUCERS: Record<string, Reduce> = {
  SUM: { init: 0, step: addEps, rangeStep: addEps },
  MIN: { init: Infinity, step: Math.min, rangeStep: Math.min },
  MAX: { init: -Infinity, step: Math.max, rangeStep: Math.max },
};

/** NumericAggregationPlugin.reduce for SUM, MIN and MAX. */
function compileReduce(name: string, args: readonly Node[]): Code {
  arity(name, args, 1, Infinity);
  const { init, step, rangeStep } = REDUCERS[name];
  const finish = name === "SUM" ? (v: number) => v : (v: number) => (Number.isFinite(v) ? v : 0);
  return (f) => {
    let acc = init;
    for (const arg of args) {
      if (arg.range) {
        let r = init;
        let error: ErrorValue | undefined;
        eachInRange(arg.range.a, arg.range.b, f, (v) => {
          if (v instanceof ErrorValue) {
            error = v;
            return false;
          }
          if (typeof v === "number") r = step(r, v);
          return true;
        });
        if (error) return error;
        acc = rangeStep(r, acc);
        continue;
      }
      const v = arg.code(f);
      if (arg.kind === "ref") {
        if (v instanceof ErrorValue) return v;
        if (typeof v === "number") acc = step(acc, v);
        continue;
      }
      const x = toNumber(v);
      if (x instanceof ErrorValue) return x;
      acc = step(acc, x);
    }
    return finish(acc);
  };
}

function compileShanty(spec: FunctionSpec, args: readonly Node[]): Code {
  if (spec.spill) bail(`SHANTY.${spec.id} spills`);
  if (args.length > spec.params.length) bail("too many arguments");
  for (let i = args.length; i < spec.params.length; i++) if (!spec.params[i].optional) bail("missing argument");
  const codes = scalars(spec.id, args);
  const count = spec.params.length;
  return (f) => {
    const values = codes.map((c) => c(f));
    for (const v of values) if (v instanceof ErrorValue) return v;
    const raw: RawArg[] = new Array(count);
    for (let i = 0; i < count; i++) raw[i] = i < values.length ? (values[i] as RawArg) : null;
    const out = shantyValue(spec, raw);
    if ("error" in out) return new ErrorValue(out.error, out.message);
    const v = out.value;
    if (typeof v === "number" || typeof v === "string" || typeof v === "boolean") return v;
    return bail("a SHANTY function returned a table");
  };
}

function compileCall(name: string, args: readonly Node[]): Code {
  const spec = SHANTY.get(name);
  if (spec) return compileShanty(spec, args);
  switch (name) {
    case "SUM":
    case "MIN":
    case "MAX":
      return compileReduce(name, args);
    case "TRUE":
    case "FALSE": {
      arity(name, args, 0, 0);
      const v = name === "TRUE";
      return () => v;
    }
    case "IF": {
      arity(name, args, 2, 3);
      const [c, t, e] = scalars(name, args);
      return (f) => {
        const cond = toBoolean(c(f));
        const yes = t(f);
        const no = e ? e(f) : false;
        if (cond instanceof ErrorValue) return cond;
        return cond ? yes : no;
      };
    }
    case "IFERROR": {
      arity(name, args, 2, 2);
      const [x, y] = scalars(name, args);
      return (f) => {
        const v = x(f);
        const alt = y(f);
        return v instanceof ErrorValue ? alt : v;
      };
    }
    case "NOT": {
      arity(name, args, 1, 1);
      const [x] = scalars(name, args);
      return (f) => {
        const b = toBoolean(x(f));
        return b instanceof ErrorValue ? b : !b;
      };
    }
    case "AND":
    case "OR": {
      arity(name, args, 1, Infinity);
      const codes = scalars(name, args);
      const and = name === "AND";
      return (f) => {
        const values = codes.map((c) => c(f));
        let result = and;
        for (const v of values) {
          // Excel ignores a blank cell in AND/OR (and an all-blank list is #VALUE!): HyperFormula's plugin knows
          if (v === null) bail("blank cell in AND/OR");
          const b = toBoolean(v);
          if (b instanceof ErrorValue) return b;
          if (and ? !b : b) result = !and;
        }
        return result;
      };
    }
    case "ABS": {
      arity(name, args, 1, 1);
      const [x] = scalars(name, args);
      return (f) => {
        const n = toNumber(x(f));
        return n instanceof ErrorValue ? n : Math.abs(n);
      };
    }
    case "ROUND":
    case "ROUNDUP":
    case "ROUNDDOWN":
    case "TRUNC": {
      arity(name, args, 1, 2);
      const [x, p] = scalars(name, args);
      const mode = name === "ROUND" ? "round" : name === "ROUNDUP" ? "up" : "down";
      return (f) => {
        const n = numbers(p ? [x(f), p(f)] : [x(f)]);
        if (n instanceof ErrorValue) return n;
        return excelRound(n[0], n[1] ?? 0, mode);
      };
    }
    default:
      return bail(`function ${name}`);
  }
}

// ---------- the workbook ----------

/** A compiled formula shape: its code and the references it makes (every one, evaluated or not). */
interface Shape {
  readonly code: Code;
  readonly cells: readonly Ref[];
  readonly ranges: readonly { readonly a: Ref; readonly b: Ref }[];
}

/** The formula cells a formula refers to, as written (HyperFormula's dependency graph: ranges count all their cells). */
function dependencies(f: FormulaCell): FormulaCell[] {
  const out: FormulaCell[] = [];
  for (const r of f.shape.cells) {
    const p = resolve(r, f);
    const v = grid[r.sheet][p.row]?.[p.col];
    if (v instanceof FormulaCell) out.push(v);
  }
  for (const { a, b } of f.shape.ranges) {
    const p = resolve(a, f);
    const q = resolve(b, f);
    const rows = grid[a.sheet];
    for (let r = p.row; r <= q.row && r < rows.length; r++) {
      const row = rows[r];
      if (row === undefined) continue;
      for (let c = p.col; c <= q.col && c < row.length; c++) {
        const v = row[c];
        if (v instanceof FormulaCell) out.push(v);
      }
    }
  }
  return out;
}

/**
 * The formula cells in an order where each comes after everything it refers to. A cycle gives up — found from
 * the references as written, as HyperFormula finds it (#CYCLE! even where the branch is never evaluated).
 */
function dependencyOrder(formulas: readonly FormulaCell[]): FormulaCell[] {
  const order: FormulaCell[] = [];
  const cells: FormulaCell[] = [];
  const deps: FormulaCell[][] = [];
  const next: number[] = [];
  for (const root of formulas) {
    if (root.mark !== 0) continue;
    root.mark = 1;
    cells.push(root);
    deps.push(dependencies(root));
    next.push(0);
    while (cells.length > 0) {
      const top = cells.length - 1;
      const list = deps[top];
      if (next[top] < list.length) {
        const d = list[next[top]++];
        if (d.mark === 1) bail("circular reference");
        if (d.mark === 0) {
          d.mark = 1;
          cells.push(d);
          deps.push(dependencies(d));
          next.push(0);
        }
        continue;
      }
      const done = cells.pop()!;
      deps.pop();
      next.pop();
      done.mark = 2;
      order.push(done);
    }
  }
  return order;
}

/** Evaluate in dependency order. A read of a formula not yet evaluated cannot happen (the order has it first). */
function evaluateAll(formulas: readonly FormulaCell[]): void {
  for (const f of dependencyOrder(formulas)) {
    try {
      // a formula's empty result is the number 0 (HF_CONFIG.evaluateNullToZero, as Excel): =A1&"x" is "0x"
      const v = f.shape.code(f);
      f.value = v === null ? 0 : v;
    } catch (e) {
      if (e === NEED) bail("a reference the dependency walk missed");
      throw e;
    }
    f.state = DONE;
  }
}

/**
 * The direct path for a whole workbook, or undefined when it gives up (the caller then runs HyperFormula). On
 * success the sheets' bytes are taken out of pkg.parts (kept as text in sheetXml), as the HyperFormula path does.
 */
export function evaluateDirect(pkg: WorkbookPackage): Evaluation | undefined {
  try {
    const evaluation = run(pkg);
    // the cells, compiled formulas and the scan's garbage go before patch.ts builds the new sheet text
    grid = [];
    collectGarbage();
    return evaluation;
  } catch (e) {
    if (e instanceof Bail) {
      if (process.env.SHANTY_RECALC_PROFILE === "1") process.stderr.write(`DIRECT gave up: ${e.message}\n`);
      phase("direct evaluation gave up");
      return undefined;
    }
    if (e === NEED) return undefined;
    // an unexpected failure (a function throwing): HyperFormula's path decides what it is
    if (process.env.SHANTY_RECALC_PROFILE === "1") process.stderr.write(`DIRECT failed: ${(e as Error).message}\n`);
    return undefined;
  } finally {
    grid = [];
  }
}

function run(pkg: WorkbookPackage): Evaluation {
  const sheetIndex = new Map<string, number>();
  const lower = new Set<string>();
  pkg.sheets.forEach((s, i) => {
    if (lower.has(s.name.toLowerCase())) bail("two sheets with the same name");
    lower.add(s.name.toLowerCase());
    if (s.isWorksheet) sheetIndex.set(s.name, i);
  });
  grid = pkg.sheets.map(() => []);
  const sheetXml = new Map<number, string>();
  const formulas: FormulaCell[] = [];
  const shapes = new Map<string, Shape>();
  for (let s = 0; s < pkg.sheets.length; s++) {
    const ref = pkg.sheets[s];
    if (!ref.isWorksheet) continue;
    const bytes = pkg.parts.get(ref.path);
    if (!bytes) continue;
    const xml = asBytes(bytes);
    sheetXml.set(s, xml);
    const rows = grid[s];
    const masters = new Map<string, { shape: Shape; text: string }>();
    scanSheet(xml, (c) => {
      let row = rows[c.row];
      if (row === undefined) rows[c.row] = row = [];
      if (!c.f) {
        const stored = storedValue(c, pkg);
        const v = stored.content;
        if (v === null || v === undefined) return;
        if (typeof v === "string") {
          if (c.t === "e") row[c.col] = STORED_ERROR;
          else row[c.col] = v.slice(1); // storedValue gives text as HyperFormula content ('text)
        } else row[c.col] = v as number | boolean;
        return;
      }
      const ft = c.f.attrs.t ?? "normal";
      if (c.f.attrs.ref !== undefined && ft !== "shared") bail("array formula");
      if (c.f.attrs.cm !== undefined || c.attrText.includes("cm=")) bail("dynamic array");
      let shape: Shape;
      let text: string;
      if (ft === "shared") {
        const si = c.f.attrs.si ?? "";
        if (c.f.text.trim() !== "") {
          text = c.f.text;
          shape = compile(text, { sheet: s, row: c.row, col: c.col, sheets: sheetIndex }, shapes);
          masters.set(si, { shape, text });
        } else {
          const m = masters.get(si);
          if (!m) return bail("shared formula without its master");
          shape = m.shape;
          text = m.text; // reported by the master's text (only in messages of cells with errors, see below)
        }
      } else if (ft === "normal") {
        if (c.f.text.trim() === "") bail("empty formula");
        text = c.f.text;
        shape = compile(text, { sheet: s, row: c.row, col: c.col, sheets: sheetIndex }, shapes);
      } else return bail(`formula type ${ft}`);
      const f = new FormulaCell(s, c.row, c.col, shape, text, storedValue(c, pkg).out, c.start, c.end);
      row[c.col] = f;
      formulas.push(f);
    });
  }
  phase(`direct: scan and compile (${shapes.size} formula shapes)`);
  evaluateAll(formulas);
  phase("direct: evaluate");

  const patches = new Map<number, Map<number, Patch>>();
  const errors: CellErrorReport[] = [];
  const errorCells: FormulaCell[] = [];
  for (const f of formulas) {
    const v = f.value;
    let out: CellOut;
    if (v instanceof ErrorValue) {
      const shown = DISPLAY[v.type];
      if (!shown) bail(`error ${v.type}`);
      out = { t: "e", text: shown };
      errorCells.push(f);
      errors.push({
        sheet: pkg.sheets[f.sheet].name,
        address: a1(f.row, f.col),
        error: shown,
        message: bilingualMessage(v.type, v.message, `=${f.text}`),
      });
    } else out = plainOut(v, true);
    if (same(f.cached, out)) continue;
    let m = patches.get(f.sheet);
    if (!m) patches.set(f.sheet, (m = new Map()));
    m.set(key(f.row, f.col), { out, start: f.start, end: f.end });
  }
  // in sheet, row and column order, as the HyperFormula path lists them
  const order = errorCells
    .map((_f, i) => i)
    .sort((x, y) => {
      const a = errorCells[x];
      const b = errorCells[y];
      return a.sheet - b.sheet || a.row - b.row || a.col - b.col;
    });
  const sorted = order.map((i) => errors[i]);
  for (const s of sheetXml.keys()) pkg.parts.set(pkg.sheets[s].path, Buffer.alloc(0));
  return { formulas: formulas.length, errors: sorted, notRecalculated: [], patches, sheetXml };
}

function compile(text: string, ctx: Context, shapes: Map<string, Shape>): Shape {
  // the shape first (no tokens made: most formulas have a shape seen before), the tokens only for a new one
  const key = tokenize(text, ctx, false).shape;
  let shape = shapes.get(key);
  if (!shape) {
    const tokens = tokenize(text, ctx, true).tokens;
    const cells: Ref[] = [];
    const ranges: { a: Ref; b: Ref }[] = [];
    for (const t of tokens) if (t.k === "ref") t.b ? ranges.push({ a: t.a, b: t.b }) : cells.push(t.a);
    shape = { code: new Parser(tokens).parse(), cells, ranges };
    shapes.set(key, shape);
  }
  return shape;
}
