import { Dec, ONE, ZERO, sum } from "./decimal";
import { DomainError, fail } from "./errors";
import { apportion, roundHalfUp } from "./money";

/**
 * A special bond (专项债券) to schedule, domain §3: principal P (元), annual rate i (a share), term n years.
 * `shares` given → staged repayment (分期还本), one principal share per year adding up to 1; omitted (or empty)
 * → bullet repayment (到期一次还本). Interest each year = outstanding principal at the start of the year × i.
 */
export interface BondInput {
  readonly principal: Dec;
  readonly rate: Dec;
  /** Whole years, ≥ 1. */
  readonly term: number;
  /** First year of the schedule; omitted → years are numbered 1..term. */
  readonly startYear?: number;
  readonly shares?: readonly Dec[];
}

/** One year of the debt service schedule. */
export interface BondYear {
  /** 年度: startYear + i, or i + 1 when no start year is given. */
  readonly year: number;
  /** 期初本金: outstanding principal at the start of the year. */
  readonly opening: Dec;
  /** 利息 = opening × rate */
  readonly interest: Dec;
  /** 还本 */
  readonly principalRepaid: Dec;
  /** 本息合计 = interest + principalRepaid */
  readonly debtService: Dec;
}

export interface BondTotals {
  readonly interest: Dec;
  readonly principalRepaid: Dec;
  readonly debtService: Dec;
}

/**
 * The yearly schedule, exact (unrounded). Errors name the catalogue arguments: `term` (not a whole number ≥ 1),
 * `principalShares` (count ≠ term, or not adding up to 1 — compared as decimals, so 0.1 × 10 is 1, with
 * SHARE_SUM_TOLERANCE for the binary noise of shares computed by formulas such as =1/3).
 */
/** How far the shares may sum from 1 before it is a mistake rather than binary rounding noise. */
export const SHARE_SUM_TOLERANCE = new Dec("1e-9");

export function bondSchedule(input: BondInput): BondYear[] | DomainError {
  const { principal, rate, term, startYear } = input;
  if (!Number.isInteger(term)) return fail("notInteger", { arg: "term", value: term });
  if (term < 1) return fail("belowMin", { arg: "term", min: 1, value: term });
  const shares = input.shares && input.shares.length > 0 ? input.shares : undefined;
  if (shares) {
    if (shares.length !== term)
      return fail("sharesCount", {
        arg: "principalShares",
        term,
        count: shares.length,
      });
    const total = sum(shares);
    // Shares typed as =1/3 arrive as binary doubles summing to 0.9999999999999999: noise below 1e-9 is
    // accepted (the last year repays what is still outstanding); 0.33 × 3 = 0.99 is a real mistake.
    if (total.minus(ONE).abs().greaterThan(SHARE_SUM_TOLERANCE))
      return fail("sharesNotOne", {
        arg: "principalShares",
        total: total.toString(),
      });
  }
  const rows: BondYear[] = [];
  let outstanding = principal;
  for (let k = 0; k < term; k++) {
    const last = k === term - 1;
    // The last year repays whatever is still outstanding: exactly P × its share when the shares add up to 1.
    const repaid = last ? outstanding : shares ? principal.times(shares[k]) : ZERO;
    const interest = outstanding.times(rate);
    rows.push({
      year: startYear === undefined ? k + 1 : startYear + k,
      opening: outstanding,
      interest,
      principalRepaid: repaid,
      debtService: interest.plus(repaid),
    });
    outstanding = outstanding.minus(repaid);
  }
  return rows;
}

export function scheduleTotals(rows: readonly BondYear[]): BondTotals {
  return {
    interest: sum(rows.map((r) => r.interest)),
    principalRepaid: sum(rows.map((r) => r.principalRepaid)),
    debtService: sum(rows.map((r) => r.debtService)),
  };
}

/**
 * The schedule as shown (domain §0 尾差调整), to `dp` decimals: principal repaid adds up to the principal shown,
 * interest to its rounded total; each year's 本息合计 is its shown interest plus shown principal, and each
 * opening balance is the previous one less the principal shown repaid, so every row and column adds up.
 */
export function showBondSchedule(rows: readonly BondYear[], dp = 2): { rows: BondYear[]; totals: BondTotals } {
  const exact = scheduleTotals(rows);
  const principalShown = roundHalfUp(exact.principalRepaid, dp);
  const interestShown = roundHalfUp(exact.interest, dp);
  const repaid = apportion(
    rows.map((r) => r.principalRepaid),
    principalShown,
    dp,
  );
  const interest = apportion(
    rows.map((r) => r.interest),
    interestShown,
    dp,
  );
  const shown: BondYear[] = [];
  let opening = principalShown;
  rows.forEach((r, k) => {
    shown.push({
      year: r.year,
      opening,
      interest: interest[k],
      principalRepaid: repaid[k],
      debtService: interest[k].plus(repaid[k]),
    });
    opening = opening.minus(repaid[k]);
  });
  return {
    rows: shown,
    totals: {
      interest: interestShown,
      principalRepaid: principalShown,
      debtService: interestShown.plus(principalShown),
    },
  };
}

/**
 * Largest coverage ratio (in magnitude, exclusive) COVERAGE returns: below 9e11 a double still holds the ratio's 4
 * decimals (9e11 × 10⁴ = 9e15 < 2⁵³), so the number handed to a cell is the ratio shown. The one bound of the
 * engine (`coverage`), its exact fast path (fast.ts coverageFast) and the portable native formula
 * (registry/native/bonds.ts); test/registry/bonds-registry.test.ts and test/cli/portable.test.ts test both sides.
 */
export const MAX_COVERAGE = new Dec("9e11");

/**
 * Bond coverage (本息覆盖倍数), domain §3: Σ income available for debt service ÷ Σ debt service (principal +
 * interest + issuance costs), exact. Σ debt service = 0 is an error naming `debtService`; so is a ratio of
 * MAX_COVERAGE or more in magnitude (a debt service vanishingly small against the income: usually a unit error).
 */
export function coverage(income: readonly Dec[], debtService: readonly Dec[]): Dec | DomainError {
  const debt = sum(debtService);
  if (debt.isZero()) return fail("coverageNoDebt", { arg: "debtService" });
  const ratio = sum(income).div(debt);
  if (ratio.abs().greaterThanOrEqualTo(MAX_COVERAGE)) {
    return fail("coverageOutOfRange", { arg: "debtService", value: debt.toString(), max: MAX_COVERAGE.toExponential().replace("+", "") });
  }
  return ratio;
}
