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

export function sum(values: readonly Dec[]): Dec {
  let total = ZERO;
  for (const v of values) total = total.plus(v);
  return total;
}

export function decMin(a: Dec, b: Dec): Dec {
  return a.lessThan(b) ? a : b;
}

export function decMax(a: Dec, b: Dec): Dec {
  return a.greaterThan(b) ? a : b;
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
