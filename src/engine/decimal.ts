import DecimalBase from "decimal.js";

/**
 * The add-in's own Decimal: a clone so that its settings never leak into other code that uses decimal.js.
 * 64 significant digits hold exactly any product of three inputs below MAX_MAGNITUDE (1e15) with their decimals
 * (area × rate × months); rounding is explicit
 * (half-up, 四舍五入) and happens only where the code asks for it, at the output.
 */
export const Dec = DecimalBase.clone({
  precision: 64,
  rounding: DecimalBase.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = InstanceType<typeof Dec>;

export const ZERO = new Dec(0);
export const ONE = new Dec(1);

/** Exact decimal from a JS number: decimal.js reads the shortest round-trip string, so 1.005 stays 1.005. */
export function dec(x: number | string | Dec): Dec {
  return x instanceof Dec ? x : new Dec(x);
}

/**
 * Σ values. decimal.js's 0 + v is a copy of v rounded to the precision, and t + 0 is a copy of t: a value of at most 9
 * digit words (≤ 63 digits, within the precision of 64) is taken as it is instead of copied, and a zero is skipped
 * (the total is never −0: 0 + −0 and x + −x are +0 under half-up rounding, and a zero total stays ZERO). Only which
 * object holds the value changes, never the value. A longer list is added up by ExactSum (the same total).
 */
export function sum(values: readonly Dec[]): Dec {
  if (values.length >= EXACT_SUM_FROM) {
    const total = new ExactSum();
    for (const v of values) total.add(v);
    return total.total();
  }
  let total = ZERO;
  for (const v of values) total = addDec(total, v);
  return total;
}

/**
 * The lists sum adds up by ExactSum. Shorter ones cost less by Decimal additions: ExactSum makes its one Decimal at the
 * end from text (measured, 2-decimal amounts: 4 values 0.9 µs by additions against 1.7 µs, 8 values 2.1 against 2.4,
 * 30 values 8.7 against 6.4, 1,000 values 300 against 170).
 */
const EXACT_SUM_FROM = 16;

/** One step of sum: total + v, a zero skipped, a first value taken as it is. */
function addDec(total: Dec, v: Dec): Dec {
  if (v.isZero()) return total;
  return total === ZERO && v.d !== null && v.d.length <= 9 ? v : total.plus(v);
}

/** Most decimals ExactSum keeps in its units. */
const EXACT_SUM_MAX_SCALE = 15;

/**
 * A running total with sum's result, kept in exact integer units of 10^−scale — scale the most decimals of any value
 * added so far (at most 15), the units rescaled when a value with more comes — instead of a Decimal addition per value
 * (a 200,000-project plan adds its areas by town and year). Every value taken is decUnits' exact integer and every
 * partial sum is checked against 2⁵³ − 1 (see within in balance/pool.ts: a sum or product of exact integers is exact
 * when its exact value is within it, and beyond it when not), so the units are the exact partial sum. From the first
 * value or partial sum that does not fit (more digits, beyond 2⁵³ units, NaN, ±Infinity) it goes on as sum does —
 * Decimal additions from the exact partial sum so far, which sum's own partial sums equal (below 2⁵³ units of at most
 * 15 decimals: at most 16 significant digits, within the precision of 64, so they were exact as well): the same total
 * in value and sign, +0 for a zero total.
 */
export class ExactSum {
  private units = 0;
  private scale = 0;
  /** The total once the units do not hold (then every later value is added to it as sum does). */
  private decimal: Dec | undefined;

  add(v: Dec): void {
    if (this.decimal !== undefined) {
      this.decimal = addDec(this.decimal, v);
      return;
    }
    if (v.isZero()) return;
    const places = v.d === null ? NaN : v.decimalPlaces();
    let units = this.units;
    let scale = this.scale;
    if (places > scale && places <= EXACT_SUM_MAX_SCALE) {
      units *= POW10[places - scale];
      scale = places;
    }
    const x = places <= scale ? decUnits(v, scale) : NaN;
    const next = units + x;
    if (!(Math.abs(units) <= Number.MAX_SAFE_INTEGER) || !(Math.abs(next) <= Number.MAX_SAFE_INTEGER)) {
      this.decimal = addDec(decFromUnits(this.units, this.scale), v);
      return;
    }
    this.units = next;
    this.scale = scale;
  }

  total(): Dec {
    if (this.decimal !== undefined) return this.decimal;
    return decFromUnits(this.units, this.scale);
  }
}

/**
 * A Decimal of `units` × 10^−places (an integer within 2⁵³), exactly: decUnits' inverse, +0 (ZERO) for 0. Shared by the
 * scaled paths (ExactSum, the pool's region totals and allocation, a project's scaled flows).
 */
export function decFromUnits(units: number, places: number): Dec {
  return units === 0 ? ZERO : new Dec(places === 0 ? units : `${units}e-${places}`);
}

/**
 * a.comparedTo(b) (−1, 0, 1; NaN with a NaN) without its copy of b into a new Decimal: the same steps on b itself
 * (decimal.js 10's comparedTo, which reads only b's sign, exponent and digit words). A b of another Decimal class
 * (or not a Decimal) goes through comparedTo.
 */
export function decCmp(a: Dec, b: Dec): number {
  if (!(b instanceof Dec)) return a.comparedTo(b);
  const xd = a.d;
  const yd = b.d;
  const xs = a.s;
  const ys = b.s;
  if (!xd || !yd) return a.comparedTo(b); // NaN or ±Infinity
  if (!xd[0] || !yd[0]) return xd[0] ? xs : yd[0] ? -ys : 0;
  if (xs !== ys) return xs;
  if (a.e !== b.e) return a.e > b.e !== xs < 0 ? 1 : -1;
  const xl = xd.length;
  const yl = yd.length;
  for (let i = 0, j = xl < yl ? xl : yl; i < j; ++i) {
    if (xd[i] !== yd[i]) return xd[i] > yd[i] !== xs < 0 ? 1 : -1;
  }
  return xl === yl ? 0 : xl > yl !== xs < 0 ? 1 : -1;
}

/** 10^0 … 10^22: every one a double exactly. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/**
 * x.toNumber() (which prints the Decimal and parses the text) read from its digit words when the value is
 * M × 10^q with an integer M of at most 2 words (< 10¹⁴) and |q| ≤ 22: then M and 10^|q| are doubles exactly, and
 * M × 10^q (q ≥ 0, kept only while < 2⁵³, so exact) or M ÷ 10^−q (one correctly rounded division) is the double nearest
 * to the value — which is what parsing its decimal text gives. ±0 keeps its sign, as toNumber does. Anything else
 * (more digits, NaN, ±Infinity, a Decimal of another class) goes through toNumber.
 */
export function decToNumber(x: Dec): number {
  const d = x.d;
  if (!(x instanceof Dec) || !d || d.length > 2) return x.toNumber();
  const w0 = d[0];
  if (w0 === 0) return x.s < 0 ? -0 : 0;
  const len0 = w0 < 10 ? 1 : w0 < 100 ? 2 : w0 < 1e3 ? 3 : w0 < 1e4 ? 4 : w0 < 1e5 ? 5 : w0 < 1e6 ? 6 : 7;
  const m = d.length === 1 ? w0 : w0 * 1e7 + d[1];
  const q = x.e - (len0 - 1) - 7 * (d.length - 1);
  let n: number;
  if (q >= 0) {
    if (q > 22) return x.toNumber();
    n = m * POW10[q];
    if (n > Number.MAX_SAFE_INTEGER) return x.toNumber();
  } else {
    if (q < -22) return x.toNumber();
    n = m / POW10[-q];
  }
  return x.s < 0 ? -n : n;
}

/**
 * x × 10^places as an exact integer (a double), or NaN when it is not one within 2⁵³ − 1 that this reads directly:
 * x is read from its digit words as ±M × 10^q (at most 2 words, so M < 10¹⁴; the last word's trailing zeros
 * removed by exact integer division), and the result M × 10^(q+places) needs q + places ≥ 0 (x has at most `places`
 * decimals), q + places ≤ 22 (10^k exact) and ≤ 2⁵³ − 1 — a product of exact doubles is exact when its exact value is
 * such an integer, and ≥ 2⁵³ when not (rounding is monotone), so the check proves it. ±0 gives 0 (the caller decides
 * about −0); NaN, ±Infinity, a Decimal of another class and more digits give NaN.
 */
export function decUnits(x: Dec, places: number): number {
  const d = x.d;
  if (!(x instanceof Dec) || !d || d.length > 2) return NaN;
  const w0 = d[0];
  if (w0 === 0) return 0;
  const len0 = w0 < 10 ? 1 : w0 < 100 ? 2 : w0 < 1e3 ? 3 : w0 < 1e4 ? 4 : w0 < 1e5 ? 5 : w0 < 1e6 ? 6 : 7;
  let m = d.length === 1 ? w0 : w0 * 1e7 + d[1];
  let shift = x.e - (len0 - 1) - 7 * (d.length - 1) + places;
  while (shift < 0 && m % 10 === 0) {
    m /= 10;
    shift++;
  }
  if (shift < 0 || shift > 22) return NaN;
  const v = m * POW10[shift];
  if (v > Number.MAX_SAFE_INTEGER) return NaN;
  return x.s < 0 ? -v : v;
}

/**
 * new Dec(v) × 10^k, exactly, without a multiplication or division: new Dec(v) reads String(v) (the shortest decimal
 * of v), so the text String(v) + "e" + k is the same digits with the exponent moved. Where String(v) has an exponent
 * already, or v is −0 (String(−0) is "0"), NaN or ±Infinity: new Dec(v).times(10^k) (exact: at most 17 digits).
 */
export function decShifted(v: number, k: number): Dec {
  if (Number.isFinite(v) && !Object.is(v, -0) && Number.isInteger(k)) {
    const t = String(v);
    if (!t.includes("e")) return new Dec(`${t}e${k}`);
  }
  return new Dec(v).times(new Dec(10).pow(k));
}

export function decMin(a: Dec, b: Dec): Dec {
  return decCmp(a, b) < 0 ? a : b;
}

export function decMax(a: Dec, b: Dec): Dec {
  return decCmp(a, b) > 0 ? a : b;
}

/**
 * The largest magnitude an input may have (1e15: a thousand trillion 元 or ㎡). Beyond it products of inputs
 * would outgrow the Decimal precision and results could be silently wrong, so coercion refuses such inputs.
 */
export const MAX_MAGNITUDE = 1e15;

/**
 * The largest magnitude a returned number may have (9e13 元): below 2⁵³ ÷ 100 ≈ 9.007e13 every amount with two
 * decimals is a distinct double that prints back as written, so a result carries its fen. Larger results are
 * refused with a message (registry/invoke.ts) instead of being returned without their fen.
 */
export const MAX_RESULT = 9e13;
