import type { Dec } from "../decimal";

/*
 * Sign tests read from the Decimal's sign and digits. `x.greaterThan(0)` would first turn the 0 into a new Decimal,
 * which in the per-year loops of a 5,000-project portfolio costs more than the arithmetic itself. −0 counts as 0.
 */

/** x > 0 */
export function isPositiveDec(x: Dec): boolean {
  return x.isPositive() && !x.isZero();
}

/** x < 0 */
export function isNegativeDec(x: Dec): boolean {
  return x.isNegative() && !x.isZero();
}
