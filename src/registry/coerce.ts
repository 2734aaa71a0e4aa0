import { Dec, MAX_MAGNITUDE } from "../engine/decimal";
import { DomainError, fail } from "../engine/errors";
import { parseInvestor } from "../engine/investor";
import { showNumber } from "../engine/text";
import type { Aligned, AlignedValueByCell, ColumnCell, Coerced, CoercedArgs, ParamSpec } from "./types";

/**
 * An error value arriving as input (HyperFormula's CellError, an Excel error): carried as its display text.
 */
export class InputError {
  constructor(readonly display: string) {}
}

/**
 * What Excel or HyperFormula hands a function for one argument. Excel: optional arguments left out arrive
 * as null; an empty cell is 0 on desktop and null on the web; a range is a 2-D array.
 */
export type RawArg = number | string | boolean | null | undefined | InputError | RawArg[][];

/** Empty cell or left-out argument: null/undefined, or "" (HyperFormula and the web send it for blanks). */
export function isBlank(v: unknown): v is null | undefined | "" {
  return v === null || v === undefined || v === "";
}

function show(v: unknown): string {
  if (v instanceof InputError) return v.display;
  if (typeof v === "boolean") return v ? "TRUE" : "FALSE";
  return String(v);
}

/**
 * Read one argument by its declaration; the spec's `name` goes into any error as `arg`. `numbers`: decimal values
 * stay JS numbers (validated exactly as for Decimals) — the input of a function's exact fast path.
 */
export function coerceArg(spec: ParamSpec, raw: RawArg, numbers = false): Coerced | DomainError | undefined {
  switch (spec.kind) {
    case "decimals":
      return numbers ? readList(spec, raw, cellToNumber) : readList(spec, raw, cellToDecimal);
    case "texts":
      return readList(spec, raw, cellToText);
    case "column":
    case "aligned": // the cells; `coerceArgs` aligns the group
      return readColumn(spec, raw);
    default:
      return coerceScalar(spec, raw, numbers);
  }
}

function coerceScalar(spec: ParamSpec, raw: RawArg, numbers: boolean): Coerced | DomainError | undefined {
  let value: RawArg = raw;
  if (Array.isArray(value)) {
    const rows = value.length;
    const cols = rows ? value[0].length : 0;
    if (rows !== 1 || cols !== 1) return fail("notScalar", { arg: spec.name, rows, cols });
    value = value[0][0];
    if (Array.isArray(value)) return fail("notScalar", { arg: spec.name, rows, cols });
  }
  if (value instanceof InputError) return fail("errorInput", { arg: spec.name, value: value.display });
  if (isBlank(value)) {
    if (spec.default !== undefined) value = spec.default;
    else if (spec.optional) return undefined;
    // A required argument on an empty cell: Excel desktop passes 0 for it, so the web's null means 0 as well.
    else if (spec.kind === "decimal" || spec.kind === "integer") value = 0;
    else return fail("required", { arg: spec.name });
  }
  switch (spec.kind) {
    case "decimal":
    case "integer":
      return readNumber(spec, value, numbers);
    case "text":
      if (typeof value === "string") return value.trim();
      if (typeof value === "number") return showNumber(value);
      return fail("notText", { arg: spec.name, value: show(value) });
    case "investor":
      if (typeof value !== "string") return fail("unknownInvestor", { arg: spec.name, value: show(value) });
      return parseInvestor(value, spec.name);
    case "boolean":
      return readBoolean(spec, value);
    default:
      return fail("internal", { detail: `unexpected scalar kind ${spec.kind}` });
  }
}

const TRUE_WORDS = new Set(["true", "是", "y", "yes", "1", "首套", "真"]);
const FALSE_WORDS = new Set(["false", "否", "n", "no", "0", "非首套", "假"]);

function readBoolean(spec: ParamSpec, value: number | string | boolean): boolean | DomainError {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") {
    // Excel treats 1/0 as TRUE/FALSE in logical arguments; other numbers are most likely a wrong column.
    if (value === 1 || value === 0) return value === 1;
    return fail("notBoolean", { arg: spec.name, value: show(value) });
  }
  const key = value.normalize("NFKC").trim().toLowerCase();
  if (TRUE_WORDS.has(key)) return true;
  if (FALSE_WORDS.has(key)) return false;
  return fail("notBoolean", { arg: spec.name, value });
}

function readNumber(spec: ParamSpec, value: number | string | boolean, numbers: boolean): Dec | number | DomainError {
  if (typeof value === "string") return fail("notNumber", { arg: spec.name, value });
  if (typeof value === "boolean") return fail("boolNotNumber", { arg: spec.name, value: show(value) });
  if (!Number.isFinite(value)) return fail("notFinite", { arg: spec.name, value: show(value) });
  const n = value === 0 ? 0 : value; // −0 is 0
  const bound = checkBounds(spec, n);
  if (bound) return bound;
  if (spec.kind === "integer") {
    if (!Number.isInteger(n)) return fail("notInteger", { arg: spec.name, value: n });
    return n;
  }
  return numbers ? n : new Dec(n);
}

/** Bounds are declared on the spec; the check runs on the JS number, before any Decimal is made. */
export function checkBounds(spec: ParamSpec, n: number): DomainError | undefined {
  if (Math.abs(n) >= MAX_MAGNITUDE) return fail("tooLarge", { arg: spec.name, value: n });
  if (spec.share && (n < 0 || n > 1)) return fail("notShare", { arg: spec.name, value: n });
  if (spec.min !== undefined && n < spec.min) return fail("belowMin", { arg: spec.name, min: spec.min, value: n });
  if (spec.above !== undefined && n <= spec.above) return fail("notPositive", { arg: spec.name, min: spec.above, value: n });
  if (spec.max !== undefined && n > spec.max) return fail("aboveMax", { arg: spec.name, max: spec.max, value: n });
  return undefined;
}

type CellReader<T> = (spec: ParamSpec, cell: RawArg, pos: number) => T | DomainError;

function readList<T>(spec: ParamSpec, raw: RawArg, read: CellReader<T>): T[] | DomainError | undefined {
  if (isBlank(raw) && spec.optional) return undefined;
  const list = readListCells(spec, raw, read);
  if (spec.nonEmpty && Array.isArray(list) && list.length === 0) return fail("rangeEmpty", { arg: spec.name });
  return list;
}

function readListCells<T>(spec: ParamSpec, raw: RawArg, read: CellReader<T>): T[] | DomainError {
  const out: T[] = [];
  let pos = 0;
  const take = (cell: RawArg): DomainError | undefined => {
    pos++;
    if (isBlank(cell)) return undefined;
    const v = read(spec, cell, pos);
    if (v instanceof DomainError) return v;
    out.push(v);
    return undefined;
  };
  if (Array.isArray(raw)) {
    for (const row of raw) {
      if (Array.isArray(row)) {
        for (const c of row) {
          const bad = take(c);
          if (bad) return bad;
        }
      } else {
        const bad = take(row);
        if (bad) return bad;
      }
    }
  } else {
    const bad = take(raw);
    if (bad) return bad;
  }
  return out;
}

/** A range cell that must be a number: the error, or undefined when it is a finite number within bounds. */
function cellNumberError(spec: ParamSpec, cell: RawArg, pos: number): DomainError | undefined {
  if (typeof cell === "number" && Number.isFinite(cell)) return checkBounds(spec, cell);
  if (cell instanceof InputError) return fail("rangeCellError", { arg: spec.name, pos, value: cell.display });
  return fail("rangeCellNotNumber", { arg: spec.name, pos, value: show(cell) });
}

const cellToDecimal: CellReader<Dec> = (spec, cell, pos) =>
  cellNumberError(spec, cell, pos) ?? new Dec((cell as number) === 0 ? 0 : (cell as number));

const cellToNumber: CellReader<number> = (spec, cell, pos) =>
  cellNumberError(spec, cell, pos) ?? ((cell as number) === 0 ? 0 : (cell as number));

const cellToText: CellReader<string> = (spec, cell, pos) => {
  if (cell instanceof InputError) return fail("rangeCellError", { arg: spec.name, pos, value: cell.display });
  if (typeof cell === "string") return cell.trim();
  if (typeof cell === "number") return showNumber(cell);
  return fail("rangeCellNotText", { arg: spec.name, pos, value: show(cell) });
};

/** One cell of a column (kind column/aligned) appended to `out`: blanks as null, text trimmed; or the error. */
function takeColumnCell(spec: ParamSpec, out: ColumnCell[], cell: RawArg): DomainError | undefined {
  if (typeof cell === "number") {
    const pos = out.length + 1;
    if (!Number.isFinite(cell)) return fail("rangeCellNotNumber", { arg: spec.name, pos, value: show(cell) });
    if (cell >= MAX_MAGNITUDE || cell <= -MAX_MAGNITUDE) return fail("rangeCellTooLarge", { arg: spec.name, pos, value: cell });
    out.push(cell);
  } else if (cell instanceof InputError) {
    return fail("rangeCellError", { arg: spec.name, pos: out.length + 1, value: cell.display });
  } else {
    out.push(isBlank(cell) ? null : typeof cell === "string" ? cell.trim() || null : (cell as boolean));
  }
  return undefined;
}

function readColumn(spec: ParamSpec, raw: RawArg): ColumnCell[] | DomainError | undefined {
  if (isBlank(raw) && spec.optional) return undefined;
  const out: ColumnCell[] = [];
  if (!Array.isArray(raw)) return takeColumnCell(spec, out, raw) ?? out;
  for (let i = 0; i < raw.length; i++) {
    const row = raw[i];
    if (Array.isArray(row)) {
      for (let j = 0; j < row.length; j++) {
        const bad = takeColumnCell(spec, out, row[j]);
        if (bad) return bad;
      }
    } else {
      const bad = takeColumnCell(spec, out, row);
      if (bad) return bad;
    }
  }
  return out;
}

/**
 * Every argument of a function, by its declarations: by position and by name (the record `impl` receives).
 * Aligned ranges are read as one group after each one's cells (see `alignGroup`).
 */
export function coerceArgs(params: readonly ParamSpec[], raw: readonly RawArg[], numbers = false): CoercedArgs | DomainError {
  const args: (Coerced | undefined)[] & Record<string, Coerced | undefined> = new Array(params.length) as never;
  let aligned: number[] | undefined;
  for (let i = 0; i < params.length; i++) {
    const spec = params[i];
    const v = coerceArg(spec, raw[i], numbers);
    if (v instanceof DomainError) return v;
    args[i] = v;
    if (spec.kind === "aligned" && v !== undefined) (aligned ??= []).push(i);
  }
  if (aligned) {
    const group = alignedGroup(
      params,
      aligned,
      aligned.map((i) => args[i] as ColumnCell[]),
      numbers,
    );
    if (group instanceof DomainError) return group;
    aligned.forEach((i, k) => (args[i] = group[k]));
  }
  for (let i = 0; i < params.length; i++) args[params[i].name] = args[i];
  return args;
}

/** Blank for alignment: null, or 0 — an empty cell on Excel desktop arrives as 0. */
function blankish(c: ColumnCell): c is null | 0 {
  return c === null || c === 0;
}

type AlignedValue = AlignedValueByCell[keyof AlignedValueByCell];

function alignedCell(spec: ParamSpec, c: ColumnCell, pos: number, numbers: boolean): AlignedValue | number | DomainError {
  switch (spec.cell ?? "decimal") {
    case "decimal":
      if (c === null) return numbers ? 0 : ZERO_DEC;
      if (typeof c !== "number") return fail("columnCellNotNumber", { arg: spec.name, pos, value: String(c) });
      return numbers ? (c === 0 ? 0 : c) : new Dec(c);
    case "number":
      if (c === null) return fail("columnCellBlank", { arg: spec.name, pos });
      if (typeof c !== "number") return fail("columnCellNotNumber", { arg: spec.name, pos, value: String(c) });
      return c;
    case "text":
      if (blankish(c)) return fail("columnCellBlank", { arg: spec.name, pos });
      return cellText(c);
    case "optionalText":
      return blankish(c) ? undefined : cellText(c);
  }
}
const ZERO_DEC = new Dec(0);

function cellText(c: number | string | boolean): string {
  return typeof c === "boolean" ? (c ? "TRUE" : "FALSE") : typeof c === "number" ? showNumber(c) : c;
}

/**
 * Recently aligned groups with the cells they were read from, per declaration. A sheet with BALANCELEVEL in every
 * row of a 2,000-project list passes the same ranges 2,000 times; reading them (a Decimal per surplus) is a pure
 * function of the cells, so an identical group (every cell ===) is read once and its Aligned values reused —
 * which also lets the functions memoise what they build on them by object identity.
 */
interface AlignedEntry {
  readonly cells: readonly (readonly ColumnCell[])[];
  readonly result: Aligned<AlignedValue>[] | DomainError;
}
/** Per declaration, one cache for Decimal values and one for the fast path's numbers. */
const ALIGNED_CACHE = [new WeakMap<readonly ParamSpec[], AlignedEntry[]>(), new WeakMap<readonly ParamSpec[], AlignedEntry[]>()];
const ALIGNED_CACHE_SIZE = 4;
/** Below this many cells reading is cheaper than comparing and caching. */
const ALIGNED_CACHE_MIN_CELLS = 64;

function sameCells(a: readonly (readonly ColumnCell[])[], b: readonly (readonly ColumnCell[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let c = 0; c < a.length; c++) {
    const x = a[c];
    const y = b[c];
    if (x.length !== y.length) return false;
    for (let r = 0; r < x.length; r++) if (x[r] !== y[r]) return false;
  }
  return true;
}

function alignedGroup(
  params: readonly ParamSpec[],
  at: readonly number[],
  cells: ColumnCell[][],
  numbers: boolean,
): Aligned<AlignedValue>[] | DomainError {
  if (cells[0].length * cells.length < ALIGNED_CACHE_MIN_CELLS) return alignRead(params, at, cells, numbers);
  const cache = ALIGNED_CACHE[numbers ? 1 : 0];
  let entries = cache.get(params);
  if (!entries) cache.set(params, (entries = []));
  const hit = entries.findIndex((e) => sameCells(e.cells, cells));
  if (hit >= 0) {
    const [entry] = entries.splice(hit, 1);
    entries.push(entry); // most recently used last
    return entry.result;
  }
  const result = alignRead(params, at, cells, numbers);
  entries.push({ cells, result }); // `cells` are fresh arrays made by readColumn, never the host's
  if (entries.length > ALIGNED_CACHE_SIZE) entries.shift();
  return result;
}

/**
 * Line up the aligned ranges: equal lengths (the message names both ranges), rows where every range is blank
 * dropped (trailing rows of a generous selection), each kept cell read by its `cell` kind, row by row.
 */
function alignRead(
  params: readonly ParamSpec[],
  at: readonly number[],
  cells: ColumnCell[][],
  numbers: boolean,
): Aligned<AlignedValue>[] | DomainError {
  const first = params[at[0]];
  const n = cells[0].length;
  const w = at.length;
  for (let k = 1; k < w; k++) {
    if (cells[k].length !== n) {
      return fail("lengthMismatch", { arg: params[at[k]].name, count: cells[k].length, other: first.name, otherCount: n });
    }
  }
  const specs: ParamSpec[] = new Array(w);
  const values: AlignedValue[][] = new Array(w);
  for (let k = 0; k < w; k++) {
    specs[k] = params[at[k]];
    values[k] = [];
  }
  const pos: number[] = [];
  for (let r = 0; r < n; r++) {
    let blank = true;
    for (let k = 0; k < w && blank; k++) blank = blankish(cells[k][r]);
    if (blank) continue;
    for (let k = 0; k < w; k++) {
      const v = alignedCell(specs[k], cells[k][r], r + 1, numbers);
      if (v instanceof DomainError) return v;
      values[k].push(v as AlignedValue);
    }
    pos.push(r + 1);
  }
  if (pos.length === 0 && first.nonEmpty) return fail("rangeEmpty", { arg: first.name });
  const out: Aligned<AlignedValue>[] = new Array(w);
  for (let k = 0; k < w; k++) out[k] = { values: values[k], pos };
  return out;
}
