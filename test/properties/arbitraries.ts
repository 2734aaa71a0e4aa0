import fc from "fast-check";
import type { FunctionSpec, ParamSpec } from "../../src/registry/types";

/*
 * Argument generators derived from the registry's declarations (ParamSpec: kind, bounds, optional, share),
 * so that every function added to the registry is covered without touching this file.
 *
 * A generated value is what Excel (desktop or web) hands a custom function: a number, a string, a boolean,
 * null (web blank, omitted optional), 0 (desktop blank), "" (blank from HyperFormula/web), undefined (an
 * argument the JavaScript caller left out), or a 2-D array for a range — including shapes Excel never
 * sends (ragged rows, empty arrays), because the adapter must survive them too.
 */

/** One argument as handed to the adapter (excelResult takes unknown[]). */
export type Arg = number | string | boolean | null | undefined | Arg[][];

// ---------------------------------------------------------------------------------------------------------
// Fixtures

/** Values at the edges of what a JS number can be. */
export const EDGE_NUMBERS: readonly number[] = [
  NaN,
  Infinity,
  -Infinity,
  -0,
  0,
  1e300,
  -1e300,
  1e-300,
  -1e-300,
  Number.MAX_VALUE,
  -Number.MAX_VALUE,
  Number.MIN_VALUE,
  Number.MAX_SAFE_INTEGER,
  0.1 + 0.2,
  1.005,
  0.005,
  0.015,
  2.675,
  -1,
  1,
  0.5,
  1e15,
  123456789.125,
];

/**
 * Text a user may type or a workbook may hold: Chinese words of the domain, numbers as text with units and
 * thousands separators, full-width digits, error texts, whitespace. No `{`: the properties look for
 * unreplaced `{placeholders}` in messages and must not be fooled by the input echoed back.
 */
export const TEXTS: readonly string[] = [
  "",
  " ",
  "\u3000",
  "abc",
  "一千",
  "1,000元",
  "1000元",
  "１２３",
  "12",
  " 12 ",
  "-5",
  "10%",
  "3.5万",
  "1e3",
  "TRUE",
  "FALSE",
  "true",
  "是",
  "否",
  "首套",
  "#N/A",
  "#VALUE!",
  "#DIV/0!",
  "政府",
  "民间资本",
  " 民间资本 ",
  "ＧＯＶ",
  "private",
  "社会资本",
  "外资",
  "防空地下室易地建设费",
  "新型墙体材料专项基金",
  "供水管网增容费",
  "工程保险费",
  "城市教育附加",
  "农业户口",
  "非农业户口",
  "学生",
  "现役军人",
  "服刑人员",
  "城市危房",
  "城中村",
  "棚户区",
  "C",
  "D级",
  "P1",
  "项目A",
  "片区一",
  "镇街甲",
  "2024",
  "2024年",
  "合计",
  "😀",
  "a\nb",
  "Ⅳ",
  "\u0000",
  "=1+1",
  "null",
  "undefined",
  "NaN",
];

/** Investor wordings: the aliases of domain §0 with the variations users type, and some that are wrong. */
const INVESTOR_TEXTS: readonly string[] = [
  "政府",
  "政府投资",
  "政府主导",
  "国有",
  "GOV",
  "gov",
  "ＧＯＶ",
  "government",
  " 政府 ",
  "民间",
  "民间资本",
  "民间投资",
  "社会资本",
  "PRIVATE",
  "private",
  "Private ",
  "ｐｒｉｖａｔｅ",
  "民 间 资 本",
];

const BOOLEAN_TEXTS: readonly string[] = [
  "TRUE",
  "FALSE",
  "true",
  "是",
  "否",
  "y",
  "n",
  "yes",
  "no",
  "1",
  "0",
  "首套",
  "非首套",
  "真",
  "假",
  "ＴＲＵＥ",
];

/** Random Chinese text (CJK Unified Ideographs). */
const chineseText = fc.string({
  unit: fc.integer({ min: 0x4e00, max: 0x9fa5 }).map((c) => String.fromCharCode(c)),
  minLength: 1,
  maxLength: 6,
});

/** Any text at all (graphemes, incl. emoji and combining marks), minus `{` (see TEXTS). */
const anyText = fc.string({ unit: "grapheme", maxLength: 12 }).map((s) => s.replace(/[{}]/g, "·"));

export const textArb: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...TEXTS), weight: 4 },
  { arbitrary: chineseText, weight: 2 },
  { arbitrary: anyText, weight: 1 },
  { arbitrary: fc.integer({ min: -1_000_000, max: 1_000_000 }).map((n) => n.toLocaleString("en-US") + "元"), weight: 1 },
);

export const blankArb: fc.Arbitrary<Arg> = fc.constantFrom<Arg>(null, 0, "", undefined);

// ---------------------------------------------------------------------------------------------------------
// Numbers within (and just outside) the declared bounds

interface Bounds {
  /** Lowest allowed value, or undefined when unbounded below. */
  readonly lo?: number;
  /** lo itself is not allowed (`above`). */
  readonly loExclusive: boolean;
  readonly hi?: number;
}

export function boundsOf(p: ParamSpec): Bounds {
  let lo: number | undefined;
  let loExclusive = false;
  const raise = (v: number | undefined, exclusive: boolean) => {
    if (v === undefined) return;
    if (lo === undefined || v > lo || (v === lo && exclusive)) {
      lo = v;
      loExclusive = exclusive;
    }
  };
  raise(p.min, false);
  raise(p.above, true);
  if (p.share) raise(0, false);
  let hi = p.max;
  if (p.share) hi = hi === undefined ? 1 : Math.min(hi, 1);
  return { lo, loExclusive, hi };
}

/*
 * Heuristics from the declaration's own name, label, unit and Chinese description — used only to make VALID
 * values realistic enough that every function gets past its argument checks often; nothing here names a
 * particular function, so a new declaration gets them too.
 */
function looksLikeYear(p: ParamSpec): boolean {
  return /year/i.test(p.name) || /年度|年份/.test(p.label);
}
/** A range of names, ids, statuses, groups: a column without a unit that is not years. */
function looksLikeText(p: ParamSpec): boolean {
  if (p.kind === "texts") return true;
  if (p.kind !== "column") return false;
  return !p.unit && !looksLikeYear(p);
}
function looksLikeIds(p: ParamSpec): boolean {
  return /ids?$/i.test(p.name) || /编号/.test(p.label);
}
/** Counts of households, persons, projects, moves: whole numbers ≥ 0. */
function looksLikeCount(p: ParamSpec): boolean {
  return p.unit !== undefined && /^(户|人|个|次|项)$/.test(p.unit);
}

/** Project ids shared by id ranges and text arguments (a target project must be among the ids). */
const ID_POOL: readonly string[] = ["P1", "P2", "P3", "P4", "P5", "P6", "P7", "P8", "P9"];

/**
 * The words a declaration's Chinese description offers as examples ("房屋类型：危旧房（城市危房/旧房）、城中村…",
 * "如 农业户口、非农业户口…", "等级 A/B/C/D"): what a user of that argument would type.
 */
export function vocabulary(p: ParamSpec): string[] {
  const words = p.zh
    .split(/[：:，,、；;（）()/\s{}“”"'…。.]+|或|如|和|及/u)
    .map((w) => w.trim())
    .filter((w) => w && w !== p.label && w.length <= 5 && (/^\p{Script=Han}+级?$/u.test(w) || /^[A-Z]$/.test(w) || /^[A-Z]级$/.test(w)));
  return [...new Set(words)];
}

/** Decimals with 0–3 places, so that exact cents and half-cent ties (0.005) both occur. */
function decimalsIn(lo: number, hi: number): fc.Arbitrary<number> {
  const out: fc.Arbitrary<number>[] = [];
  for (const scale of [1, 100, 1000]) {
    const min = Math.ceil(lo * scale);
    const max = Math.floor(hi * scale);
    if (min <= max) out.push(fc.integer({ min, max }).map((n) => (n === 0 ? 0 : n / scale)));
  }
  return out.length ? fc.oneof(...out) : fc.constant(hi);
}

/** A valid number for a scalar decimal/integer parameter or a numeric range cell. */
export function validNumber(p: ParamSpec): fc.Arbitrary<number> {
  const { lo, loExclusive, hi } = boundsOf(p);
  const integer = p.kind === "integer";
  if (looksLikeYear(p)) {
    const ylo = Math.max(lo ?? 2000, 2000);
    const yhi = Math.min(hi ?? 2060, 2060);
    if (ylo <= yhi) return fc.integer({ min: ylo, max: yhi });
  }
  if (looksLikeCount(p) && lo === undefined) return fc.integer({ min: 0, max: hi ?? 5000 });
  const low = lo ?? (p.unit === "㎡" ? 0 : -1e7);
  const high = hi ?? (lo !== undefined ? Math.max(lo, 0) + (integer ? 60 : 1e7) : 1e7);
  const out: fc.Arbitrary<number>[] = [];
  if (integer) {
    const ilo = Math.ceil(loExclusive ? low + 1e-9 : low);
    const ihi = Math.floor(high);
    out.push(fc.integer({ min: ilo, max: Math.max(ilo, ihi) }));
    out.push(fc.constant(ilo));
  } else {
    const dlo = loExclusive ? low + 0.001 : low;
    out.push(decimalsIn(dlo, high));
    out.push(
      fc.double({ min: low, max: high, minExcluded: loExclusive, noNaN: true, noDefaultInfinity: true }).map((x) => (x === 0 ? 0 : x)),
    );
    if (!loExclusive) out.push(fc.constant(low));
    if (hi !== undefined) out.push(fc.constant(hi));
    if (hi === undefined) out.push(fc.constantFrom(1e12, 123456789.125).map((x) => x + low)); // large but sane money
  }
  return fc.oneof(...out);
}

/** A number just outside the declared bounds (or a non-integer for an integer): an argument error. */
export function outOfBoundsNumber(p: ParamSpec): fc.Arbitrary<number> | undefined {
  const { lo, loExclusive, hi } = boundsOf(p);
  const out: fc.Arbitrary<number>[] = [];
  if (lo !== undefined) out.push(fc.constantFrom(loExclusive ? lo : lo - 0.01, lo - 1, lo - 1e6));
  if (hi !== undefined) out.push(fc.constantFrom(hi + 0.01, hi + 1, hi * 10 + 1));
  if (p.kind === "integer") out.push(fc.constantFrom(1.5, 2024.5, 0.1));
  return out.length ? fc.oneof(...out) : undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Scalars by kind

function validInvestor(): fc.Arbitrary<string> {
  return fc.constantFrom(...INVESTOR_TEXTS);
}

function validBoolean(): fc.Arbitrary<Arg> {
  return fc.oneof(fc.boolean(), fc.constantFrom<Arg>(1, 0), fc.constantFrom(...BOOLEAN_TEXTS));
}

function validText(p: ParamSpec): fc.Arbitrary<string> {
  const words = vocabulary(p);
  const choices: fc.WeightedArbitrary<string>[] = [
    { arbitrary: textArb, weight: 2 },
    { arbitrary: fc.constantFrom(...ID_POOL.slice(0, 3)), weight: 2 },
  ];
  if (words.length) choices.push({ arbitrary: fc.constantFrom(...words), weight: 5 });
  return fc.oneof(...choices);
}

/** A valid value for a scalar parameter (optional ones are sometimes left out). */
export function validScalar(p: ParamSpec): fc.Arbitrary<Arg> {
  let core: fc.Arbitrary<Arg>;
  switch (p.kind) {
    case "decimal":
    case "integer":
      core = validNumber(p);
      break;
    case "investor":
      core = validInvestor();
      break;
    case "boolean":
      core = validBoolean();
      break;
    default:
      core = validText(p);
  }
  if (!p.optional) return core;
  return fc.oneof({ arbitrary: core, weight: 4 }, { arbitrary: fc.constantFrom<Arg>(null, undefined, ""), weight: 1 });
}

/** Anything a cell can hold, and some it cannot. */
export const wildScalar: fc.Arbitrary<Arg> = fc.oneof(
  { arbitrary: fc.constantFrom<Arg>(...EDGE_NUMBERS), weight: 4 },
  { arbitrary: textArb, weight: 4 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: blankArb, weight: 2 },
  { arbitrary: fc.double(), weight: 2 },
  { arbitrary: fc.integer({ min: -100, max: 3000 }), weight: 2 },
);

// ---------------------------------------------------------------------------------------------------------
// Ranges

type Shape = "column" | "row" | "grid";

/** Lay out cells as a column (n×1), a row (1×n) or a rectangular grid; an empty list is []. */
function shapeCells(cells: Arg[], shape: Shape): Arg[][] {
  if (cells.length === 0) return [];
  if (shape === "row") return [cells];
  if (shape === "grid" && cells.length % 2 === 0 && cells.length > 2) {
    const out: Arg[][] = [];
    for (let i = 0; i < cells.length; i += 2) out.push([cells[i], cells[i + 1]]);
    return out;
  }
  return cells.map((c) => [c]);
}

/** A valid cell of a range parameter: its kind decides what "valid" means; blanks as both Excel flavours. */
export function validCell(p: ParamSpec): fc.Arbitrary<Arg> {
  const blank = fc.constantFrom<Arg>(null, "", 0);
  let value: fc.Arbitrary<Arg>;
  if (looksLikeText(p)) {
    const words = vocabulary(p);
    const texts = fc.oneof(fc.constantFrom(...TEXTS.filter((t) => t.trim() !== "")), chineseText, fc.constantFrom(...ID_POOL));
    value = words.length ? fc.oneof({ arbitrary: fc.constantFrom(...words), weight: 3 }, { arbitrary: texts, weight: 1 }) : texts;
  } else value = validNumber(p);
  return fc.oneof({ arbitrary: value, weight: 30 }, { arbitrary: blank, weight: 1 });
}

/**
 * A well-formed range of `length` valid cells (a column most of the time, like a table column). Years run
 * consecutively, ids are distinct, numbers are sometimes ascending (tier limits) — each most of the time only.
 */
export function validRange(p: ParamSpec, length: number): fc.Arbitrary<Arg[][]> {
  const free = fc.array(validCell(p), { minLength: length, maxLength: length });
  let cells: fc.Arbitrary<Arg[]> = free;
  if (looksLikeYear(p)) {
    const consecutive = fc.integer({ min: 2020, max: 2030 }).map((y) => Array.from({ length }, (_, i) => y + i));
    cells = fc.oneof({ arbitrary: consecutive, weight: 4 }, { arbitrary: free, weight: 1 });
  } else if (looksLikeIds(p)) {
    const distinct = fc.constant(Array.from({ length }, (_, i) => ID_POOL[i % ID_POOL.length] + (i >= ID_POOL.length ? `-${i}` : "")));
    cells = fc.oneof({ arbitrary: distinct, weight: 4 }, { arbitrary: free, weight: 1 });
  } else if (!looksLikeText(p)) {
    const ascending = free.map((c) => (c.every((v) => typeof v === "number") ? [...(c as number[])].sort((a, b) => a - b) : c));
    cells = fc.oneof({ arbitrary: free, weight: 3 }, { arbitrary: ascending, weight: 1 });
  }
  return fc.tuple(cells, fc.constantFrom<Shape>("column", "column", "column", "row")).map(([c, shape]) => shapeCells(c, shape));
}

/** Ranges of mixed content and odd shapes: ragged rows, [], [[]], 1×1, nested blanks, wild cells. */
export const wildRange: fc.Arbitrary<Arg[][]> = fc.oneof(
  fc.constantFrom<Arg[][]>(
    [],
    [[]],
    [[], []],
    [[null]],
    [[0]],
    [[""]],
    [[1]],
    [[1, 2], [3]],
    [[1], [2, 3]],
    [
      ["a", 1],
      [true, null],
    ],
  ),
  fc.tuple(fc.array(wildScalar, { maxLength: 10 }), fc.constantFrom<Shape>("column", "row", "grid")).map(([c, s]) => shapeCells(c, s)),
  fc.array(fc.array(wildScalar, { maxLength: 4 }), { maxLength: 5 }), // ragged
);

// ---------------------------------------------------------------------------------------------------------
// Arguments and argument vectors

const RANGE_KINDS = new Set(["decimals", "texts", "column"]);
export function isRangeParam(p: ParamSpec): boolean {
  return RANGE_KINDS.has(p.kind);
}

/** A valid argument for `p`; ranges get `length` cells so that ranges that must line up do. */
export function validArg(p: ParamSpec, length: number): fc.Arbitrary<Arg> {
  if (isRangeParam(p)) {
    const range = validRange(p, length);
    return p.optional ? fc.oneof({ arbitrary: range, weight: 4 }, { arbitrary: fc.constantFrom<Arg>(null, undefined), weight: 1 }) : range;
  }
  return validScalar(p);
}

/** Any argument for `p`: mostly valid, otherwise blank, wild, out of bounds, or the wrong shape. */
export function mixedArg(p: ParamSpec, length: number): fc.Arbitrary<Arg> {
  const choices: fc.WeightedArbitrary<Arg>[] = [
    { arbitrary: validArg(p, length), weight: 10 },
    { arbitrary: blankArb, weight: 2 },
    { arbitrary: wildScalar, weight: 3 },
    { arbitrary: wildRange, weight: 2 },
  ];
  if (isRangeParam(p)) {
    // Ranges of valid cells but another length than the others (mismatched shapes).
    choices.push({ arbitrary: fc.integer({ min: 0, max: 9 }).chain((n) => validRange(p, n)), weight: 3 });
  } else {
    const out = outOfBoundsNumber(p);
    if (out) choices.push({ arbitrary: out, weight: 2 });
    choices.push({ arbitrary: validScalar(p).map((v) => [[v]] as Arg[][]), weight: 1 }); // a 1×1 range
  }
  return fc.oneof(...choices);
}

/** Too few or too many arguments (Excel would not allow it; a JavaScript caller, or HyperFormula, might). */
function withArity(args: fc.Arbitrary<Arg[]>, paramCount: number): fc.Arbitrary<Arg[]> {
  return fc.oneof(
    { arbitrary: args, weight: 16 },
    { arbitrary: fc.tuple(args, fc.integer({ min: 0, max: Math.max(0, paramCount - 1) })).map(([a, n]) => a.slice(0, n)), weight: 2 },
    { arbitrary: fc.tuple(args, fc.array(wildScalar, { minLength: 1, maxLength: 3 })).map(([a, extra]) => [...a, ...extra]), weight: 2 },
  );
}

/**
 * Magnitudes far beyond any workbook — 1e15 … 1e308 and 1e-300 — with the sign the bounds allow: what a
 * wrong reference or a typo (1e30 for 1e3) hands a function. They must give an error or the right number.
 */
export function extremeNumber(p: ParamSpec): fc.Arbitrary<number> {
  const { lo, hi } = boundsOf(p);
  const fits = (v: number) => (lo === undefined || v >= lo) && (hi === undefined || v <= hi);
  const magnitudes = [1e15, 1e20, 1e40, 1e100, 1e300, Number.MAX_VALUE, 1e-300, 5e-324, 1e-20];
  const constants = [...magnitudes, ...magnitudes.map((m) => -m)].filter(fits);
  const out: fc.Arbitrary<number>[] = [];
  if (constants.length) out.push(fc.constantFrom(...constants));
  const dlo = Math.max(lo ?? 1e15, 1e15);
  const dhi = hi ?? Number.MAX_VALUE;
  if (dlo <= dhi) out.push(fc.double({ min: dlo, max: dhi, noNaN: true, noDefaultInfinity: true }));
  if (lo === undefined && hi === undefined)
    out.push(fc.double({ min: -Number.MAX_VALUE, max: -1e15, noNaN: true, noDefaultInfinity: true }));
  return out.length ? fc.oneof(...out) : validNumber(p);
}

/** Valid vectors in which the numeric parameters (and numeric range cells) take extreme magnitudes. */
function extremeVector(spec: FunctionSpec): fc.Arbitrary<Arg[]> {
  const arg = (p: ParamSpec, n: number): fc.Arbitrary<Arg> => {
    if (p.kind === "decimal" && boundsOf(p).hi === undefined) return fc.oneof(extremeNumber(p), validNumber(p));
    if (p.kind === "decimals" || (p.kind === "column" && !looksLikeText(p) && !looksLikeYear(p))) {
      const cell = fc.oneof(extremeNumber(p), validCell(p));
      return fc.array(cell, { minLength: n, maxLength: n }).map((cells) => shapeCells(cells, "column"));
    }
    return validArg(p, n);
  };
  return fc.integer({ min: 1, max: 6 }).chain((n) => fc.tuple(...spec.params.map((p) => arg(p, n))) as fc.Arbitrary<Arg[]>);
}

/**
 * Argument vectors for one function: fully valid, mixed (valid, blank, wild, out of bounds, misshapen) and
 * extreme-magnitude vectors, with arity errors now and then.
 */
export function argVectors(spec: FunctionSpec): fc.Arbitrary<Arg[]> {
  const aligned = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...spec.params.map((p) => validArg(p, n))) as fc.Arbitrary<Arg[]>);
  // Ranges of their own lengths (a price list one longer than its limits, a short weights range …).
  const free = fc.tuple(...spec.params.map((p) => fc.integer({ min: 1, max: 5 }).chain((n) => validArg(p, n)))) as fc.Arbitrary<Arg[]>;
  const valid = fc.oneof({ arbitrary: aligned, weight: 3 }, { arbitrary: free, weight: 1 });
  const mixed = fc.integer({ min: 0, max: 8 }).chain((n) => fc.tuple(...spec.params.map((p) => mixedArg(p, n))) as fc.Arbitrary<Arg[]>);
  const vectors = fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: mixed, weight: 5 }, { arbitrary: extremeVector(spec), weight: 2 });
  return withArity(vectors, spec.params.length);
}

/**
 * An unambiguous key of an argument vector (undefined, NaN, ±Infinity and −0 tagged, so that the text
 * "undefined" and the value undefined differ): results are cached by it.
 */
export function keyOf(args: readonly unknown[]): string {
  return JSON.stringify(args, (_k, v) => {
    if (v === undefined) return { u: 1 };
    if (typeof v === "number" && (!Number.isFinite(v) || Object.is(v, -0))) return { n: Object.is(v, -0) ? "-0" : String(v) };
    return v;
  });
}

/** Printable form of an argument vector for failure reports: undefined, NaN, Infinity and -0 shown bare. */
export function showArgs(args: readonly unknown[]): string {
  return keyOf(args)
    .replace(/\{"u":1\}/g, "undefined")
    .replace(/\{"n":"([^"]+)"\}/g, "$1");
}
