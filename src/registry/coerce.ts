import { Dec, MAX_MAGNITUDE } from "../engine/decimal";
import { DomainError, fail } from "../engine/errors";
import { parseInvestor } from "../engine/investor";
import type { ColumnCell, Coerced, ParamSpec } from "./types";

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

/** Read one argument by its declaration; the spec's `name` goes into any error as `arg`. */
export function coerceArg(spec: ParamSpec, raw: RawArg): Coerced | DomainError | undefined {
  switch (spec.kind) {
    case "decimals":
      return readList(spec, raw, cellToDecimal);
    case "texts":
      return readList(spec, raw, cellToText);
    case "column":
      return readColumn(spec, raw);
    default:
      return coerceScalar(spec, raw);
  }
}

function coerceScalar(spec: ParamSpec, raw: RawArg): Coerced | DomainError | undefined {
  let value: RawArg = raw;
  if (Array.isArray(value)) {
    const rows = value.length;
    const cols = rows ? value[0].length : 0;
    if (rows !== 1 || cols !== 1) return fail("notScalar", { arg: spec.name, rows, cols });
    value = value[0][0];
    if (Array.isArray(value)) return fail("notScalar", { arg: spec.name, rows, cols });
  }
  if (value instanceof InputError) return fail("errorInput", { arg: spec.name, value: value.display });
  // An empty text ("" typed in the formula, or a formula's "" result) for a required number is text, not a blank.
  if (value === "" && spec.default === undefined && !spec.optional && (spec.kind === "decimal" || spec.kind === "integer")) {
    return fail("notNumber", { arg: spec.name, value: "" });
  }
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
      return readNumber(spec, value);
    case "text":
      if (typeof value === "string") return value.trim();
      if (typeof value === "number") return String(value);
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

function readNumber(spec: ParamSpec, value: number | string | boolean): Dec | number | DomainError {
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
  return new Dec(n);
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

function cells(raw: RawArg): RawArg[] {
  if (Array.isArray(raw)) {
    const out: RawArg[] = [];
    for (const row of raw) {
      if (Array.isArray(row)) for (const c of row) out.push(c);
      else out.push(row);
    }
    return out;
  }
  return [raw];
}

function readList<T>(spec: ParamSpec, raw: RawArg, read: CellReader<T>): T[] | DomainError | undefined {
  if (isBlank(raw) && spec.optional) return undefined;
  const all = cells(raw);
  const out: T[] = [];
  for (let i = 0; i < all.length; i++) {
    const cell = all[i];
    if (isBlank(cell)) continue;
    const v = read(spec, cell, i + 1);
    if (v instanceof DomainError) return v;
    out.push(v);
  }
  return out;
}

const cellToDecimal: CellReader<Dec> = (spec, cell, pos) => {
  if (cell instanceof InputError) return fail("rangeCellError", { arg: spec.name, pos, value: cell.display });
  if (typeof cell !== "number" || !Number.isFinite(cell)) {
    return fail("rangeCellNotNumber", { arg: spec.name, pos, value: show(cell) });
  }
  const bound = checkBounds(spec, cell);
  if (bound) return bound;
  return new Dec(cell === 0 ? 0 : cell);
};

const cellToText: CellReader<string> = (spec, cell, pos) => {
  if (cell instanceof InputError) return fail("rangeCellError", { arg: spec.name, pos, value: cell.display });
  if (typeof cell === "string") return cell.trim();
  if (typeof cell === "number") return String(cell);
  return fail("rangeCellNotText", { arg: spec.name, pos, value: show(cell) });
};

function readColumn(spec: ParamSpec, raw: RawArg): ColumnCell[] | DomainError | undefined {
  if (isBlank(raw) && spec.optional) return undefined;
  const all = cells(raw);
  const out: ColumnCell[] = new Array(all.length);
  for (let i = 0; i < all.length; i++) {
    const cell = all[i];
    if (cell instanceof InputError) return fail("rangeCellError", { arg: spec.name, pos: i + 1, value: cell.display });
    if (typeof cell === "number" && !Number.isFinite(cell)) {
      return fail("rangeCellNotNumber", { arg: spec.name, pos: i + 1, value: show(cell) });
    }
    if (typeof cell === "number" && Math.abs(cell) >= MAX_MAGNITUDE) {
      return fail("rangeCellTooLarge", { arg: spec.name, pos: i + 1, value: cell });
    }
    out[i] = isBlank(cell) ? null : typeof cell === "string" ? cell.trim() || null : (cell as number | boolean);
  }
  return out;
}
