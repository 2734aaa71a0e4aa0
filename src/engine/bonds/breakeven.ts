import { Dec, ONE, sum } from "../decimal";
import { DomainError, fail } from "../errors";

/** Lowest drop returned: every returned number keeps its 4 decimals exactly (|result| < 9e11). */
export const MIN_DROP = new Dec("-9e11");

/**
 * Break-even drop (盈亏平衡 / 收入下降临界值), domain §5: the largest uniform drop d of income that keeps
 * Σ income × (1 − d) ÷ Σ debt service ≥ threshold, i.e. d = 1 − threshold × Σ debtService ÷ Σ income (exact).
 * Negative when the project is already below the threshold; 1 when there is no debt service at all.
 * Σ income ≤ 0 is an error naming `income`: no drop of nothing can be measured.
 */
export function breakEven(income: readonly Dec[], debtService: readonly Dec[], threshold: Dec): Dec | DomainError {
  const totalIncome = sum(income);
  if (!totalIncome.greaterThan(0)) return fail("breakEvenNoIncome", { arg: "income", value: totalIncome.toString() });
  const drop = ONE.minus(threshold.times(sum(debtService)).div(totalIncome));
  // A drop below −9e11 (debt service a trillion times the income) cannot be shown to 4 decimals in a double.
  if (drop.lessThanOrEqualTo(MIN_DROP)) return fail("breakEvenOutOfRange", { arg: "income", value: totalIncome.toString() });
  return drop;
}
