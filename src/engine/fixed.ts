/*
 * Exact scaled-integer arithmetic: the fast path of the common case. A value is an integer mantissa m and a scale
 * s (value = m × 10⁻ˢ) with |m| ≤ 2⁵³ − 1, so every sum, difference and product is an exact JS integer operation.
 * When an operation would leave that range (or an input has too many digits), the result is "not exact" (NaN
 * mantissa), which propagates through every later operation; the caller then falls back to the decimal.js path.
 * Nothing here ever rounds except `fxRound`, which rounds half-up (away from zero) exactly like
 * `roundHalfUp` (decimal.js ROUND_HALF_UP), and `fxToNumber`, which gives the nearest double of the exact value —
 * the double `Decimal.toNumber()` gives. test/properties/fastpath.property.test.ts proves both paths agree.
 */

const P10: readonly number[] = Array.from({ length: 23 }, (_, k) => 10 ** k); // 1 … 1e22, all exact doubles
const MAX = Number.MAX_SAFE_INTEGER;
/** Largest mantissa read from an input: below 2⁵⁰, one decimal of `s` places rounds to a given double (see fx). */
const MAX_INPUT = 1e15;
/** Most decimals read from an input. */
const MAX_INPUT_SCALE = 10;

export class Fx {
  constructor(
    readonly m: number,
    readonly s: number,
  ) {}
}

const NOT_EXACT = new Fx(NaN, 0);
export const FX_ZERO = new Fx(0, 0);

function checked(m: number, s: number): Fx {
  return m <= MAX && m >= -MAX && s <= 22 ? new Fx(m, s) : NOT_EXACT;
}

/** The value is exact (no operation left the safe range). */
export function isExact(a: Fx): boolean {
  return a.m === a.m; // not NaN
}

/**
 * The exact decimal a JS number stands for — the same value `new Decimal(x)` reads (its shortest round-trip
 * decimal): the fewest decimals s with m ÷ 10ˢ === x. With |m| ≤ 1e15 < 2⁵⁰ the doubles near x are closer than
 * half a unit of the s-th decimal, so no other s-decimal value rounds to x.
 */
export function fx(x: number): Fx {
  if (Number.isInteger(x)) return x <= MAX_INPUT && x >= -MAX_INPUT ? new Fx(x === 0 ? 0 : x, 0) : NOT_EXACT;
  for (let s = 1; s <= MAX_INPUT_SCALE; s++) {
    const m = Math.round(x * P10[s]);
    if (m > MAX_INPUT || m < -MAX_INPUT) return NOT_EXACT;
    if (m / P10[s] === x) return new Fx(m, s);
  }
  return NOT_EXACT;
}

export function fxInt(n: number): Fx {
  return Number.isSafeInteger(n) ? new Fx(n, 0) : NOT_EXACT;
}

/** Mantissa of `a` at scale `s` ≥ a.s (NaN when it leaves the safe range). */
function at(a: Fx, s: number): number {
  if (a.s === s) return a.m;
  const m = a.m * P10[s - a.s];
  return m <= MAX && m >= -MAX ? m : NaN;
}

export function fxAdd(a: Fx, b: Fx): Fx {
  const s = a.s > b.s ? a.s : b.s;
  return checked(at(a, s) + at(b, s), s);
}

export function fxSub(a: Fx, b: Fx): Fx {
  const s = a.s > b.s ? a.s : b.s;
  return checked(at(a, s) - at(b, s), s);
}

/** The float product is exact exactly when the integer product is within 2⁵³ − 1, so the range check decides. */
export function fxMul(a: Fx, b: Fx): Fx {
  return checked(a.m * b.m, a.s + b.s);
}

/** a ÷ 2, exactly: a × 5 ÷ 10. */
export function fxHalf(a: Fx): Fx {
  return checked(a.m * 5, a.s + 1);
}

/** Sign of a − b: −1, 0, 1, or NaN when either is not exact. */
export function fxCmp(a: Fx, b: Fx): number {
  const s = a.s > b.s ? a.s : b.s;
  const d = at(a, s) - at(b, s);
  return d !== d ? NaN : d < 0 ? -1 : d > 0 ? 1 : 0;
}

export function fxMin(a: Fx, b: Fx): Fx {
  const c = fxCmp(a, b);
  return c !== c ? NOT_EXACT : c <= 0 ? a : b;
}

export function fxMax(a: Fx, b: Fx): Fx {
  const c = fxCmp(a, b);
  return c !== c ? NOT_EXACT : c >= 0 ? a : b;
}

export function fxSum(values: readonly Fx[]): Fx {
  let total = FX_ZERO;
  for (const v of values) total = fxAdd(total, v);
  return total;
}

/** Half-up (away from zero, as decimal.js ROUND_HALF_UP) to `dp` decimals. */
export function fxRound(a: Fx, dp: number): Fx {
  if (a.s <= dp || !isExact(a)) return a;
  const q = P10[a.s - dp];
  const r = a.m % q; // same sign as m; m − r is an exact multiple of q
  let t = (a.m - r) / q;
  if (2 * Math.abs(r) >= q) t += a.m < 0 ? -1 : 1;
  return new Fx(t, dp);
}

/** The nearest double of the exact value (what Decimal.toNumber() gives), never −0; NaN when not exact. */
export function fxToNumber(a: Fx): number {
  const n = a.s === 0 ? a.m : a.m / P10[a.s];
  return n === 0 ? 0 : n;
}

/**
 * a ÷ b rounded half-up to `dp` decimals, exactly (integer division with remainder), or not exact; b must be ≠ 0.
 * ratio·10^dp = a.m · 10^(dp + b.s − a.s) ÷ b.m.
 */
export function fxDivRound(a: Fx, b: Fx, dp: number): Fx {
  if (!isExact(a) || !isExact(b) || b.m === 0) return NOT_EXACT;
  const e = dp + b.s - a.s;
  let n = Math.abs(a.m);
  let d = Math.abs(b.m);
  if (e >= 0) {
    if (e > 22) return NOT_EXACT;
    n *= P10[e];
  } else {
    if (-e > 22) return NOT_EXACT;
    d *= P10[-e];
  }
  if (n > MAX || d > MAX) return NOT_EXACT;
  let q = Math.floor(n / d);
  if (q * d > MAX) return NOT_EXACT;
  let r = n - q * d;
  // The float quotient may be one off when it rounds across an integer: correct with the exact remainder.
  if (r < 0) {
    q -= 1;
    r += d;
  } else if (r >= d) {
    q += 1;
    r -= d;
  }
  if (2 * r >= d) q += 1;
  const negative = a.m < 0 !== b.m < 0 && q !== 0;
  return new Fx(negative ? -q : q, dp);
}
