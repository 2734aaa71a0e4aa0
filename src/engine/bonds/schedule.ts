import { Dec, ZERO, sum } from "../decimal";
import { DomainError, fail } from "../errors";
import { apportion, roundHalfUp } from "../money";

/*
 * Special bonds issued in tranches (分年发行), domain §5 and functions.md BONDSCHEDULE. Each tranche is
 * 按年付息、到期一次还本: issued in year y it pays amount × rate in each year y+1 … y+term and repays its amount in
 * year y+term. Fees: amount × (issueFeeRate + registrationFeeRate) in the issue year, and (interest + principal) ×
 * redemptionFeeRate in every payment year. Interest of years ≤ constructionEndYear is construction-period interest
 * (a construction cost, 0301); later interest is an operating cost (0402).
 */

/** One tranche (一期债券). */
export interface Tranche {
  /** 发行年度 */
  readonly issueYear: number;
  /** 发行额 (any money unit; the schedule keeps it) */
  readonly amount: Dec;
  /** 票面利率, a share */
  readonly rate: Dec;
  /** 期限, whole years ≥ 1 */
  readonly term: number;
  /** 其中用于资本金 (same unit as amount); 0 when not given. Not checked here: the debt system's check lists it. */
  readonly capitalPart?: Dec;
}

/** Fee rates and the construction period of a schedule; every rate is a parameter (default 0, domain §5). */
export interface ScheduleOptions {
  /** Last year of construction (建设期末年度); undefined → no interest counts as construction-period interest. */
  readonly constructionEndYear?: number;
  readonly issueFeeRate: Dec;
  readonly registrationFeeRate: Dec;
  readonly redemptionFeeRate: Dec;
}

export const NO_FEES: ScheduleOptions = { issueFeeRate: ZERO, registrationFeeRate: ZERO, redemptionFeeRate: ZERO };

/** One year of the combined schedule (exact, or rounded by showTrancheSchedule). */
export interface ScheduleYear {
  /** 年度 */
  readonly year: number;
  /** The year is within the construction period (≤ constructionEndYear). */
  readonly construction: boolean;
  /** 发行额 */
  readonly issued: Dec;
  /** 其中用于资本金 of the bonds issued this year */
  readonly capitalPart: Dec;
  /** 期末余额 = Σ issued − Σ repaid up to this year */
  readonly closing: Dec;
  /** 利息 */
  readonly interest: Dec;
  /** 其中建设期利息 (the interest of a year ≤ constructionEndYear) */
  readonly constructionInterest: Dec;
  /** 还本 */
  readonly principal: Dec;
  /** 发行及兑付费用 */
  readonly fees: Dec;
  /** 还本付息合计 = interest + principal + fees */
  readonly total: Dec;
}

export interface ScheduleTotals {
  readonly issued: Dec;
  readonly capitalPart: Dec;
  readonly interest: Dec;
  readonly constructionInterest: Dec;
  readonly principal: Dec;
  readonly fees: Dec;
  readonly total: Dec;
}

/** Longest term of one tranche (棚改 ≤ 15 years, extendable; the balance table runs to 30 columns). */
export const MAX_TRANCHE_TERM = 30;
/** Most years from the first issue to the last repayment: bounds the spilled table (HyperFormula needs it). */
export const MAX_SCHEDULE_YEARS = 50;
/**
 * Largest magnitude a shown amount may have: below 9e13 a double still holds every fen exactly (2^53 ≈ 9.007e15
 * fen), so each number handed to Excel carries its two decimals.
 */
export const MAX_SHOWN_AMOUNT = new Dec("9e13");

/**
 * The yearly schedule of all tranches together, from the first issue year to the last repayment year, exact.
 * Errors name the catalogue arguments: `issueYears` (no tranche, or a span over MAX_SCHEDULE_YEARS), `terms`.
 */
export function trancheSchedule(tranches: readonly Tranche[], options: ScheduleOptions): ScheduleYear[] | DomainError {
  if (tranches.length === 0) return fail("rangeEmpty", { arg: "issueYears" });
  for (const t of tranches) {
    if (!Number.isInteger(t.term)) return fail("notInteger", { arg: "terms", value: t.term });
    if (t.term < 1) return fail("belowMin", { arg: "terms", min: 1, value: t.term });
    if (t.term > MAX_TRANCHE_TERM) return fail("aboveMax", { arg: "terms", max: MAX_TRANCHE_TERM, value: t.term });
    if (!Number.isInteger(t.issueYear)) return fail("notInteger", { arg: "issueYears", value: t.issueYear });
  }
  const first = Math.min(...tranches.map((t) => t.issueYear));
  const last = Math.max(...tranches.map((t) => t.issueYear + t.term));
  const span = last - first + 1;
  if (span > MAX_SCHEDULE_YEARS) return fail("scheduleTooLong", { arg: "issueYears", first, last, years: span, max: MAX_SCHEDULE_YEARS });
  const issueFee = options.issueFeeRate.plus(options.registrationFeeRate);
  const rows: ScheduleYear[] = [];
  let closing = ZERO;
  for (let year = first; year <= last; year++) {
    let issued = ZERO;
    let capitalPart = ZERO;
    let interest = ZERO;
    let principal = ZERO;
    for (const t of tranches) {
      if (t.issueYear === year) {
        issued = issued.plus(t.amount);
        capitalPart = capitalPart.plus(t.capitalPart ?? ZERO);
      }
      if (year > t.issueYear && year <= t.issueYear + t.term) interest = interest.plus(t.amount.times(t.rate));
      if (year === t.issueYear + t.term) principal = principal.plus(t.amount);
    }
    const fees = issued.times(issueFee).plus(interest.plus(principal).times(options.redemptionFeeRate));
    const inConstruction = options.constructionEndYear !== undefined && year <= options.constructionEndYear;
    closing = closing.plus(issued).minus(principal);
    rows.push({
      year,
      construction: inConstruction,
      issued,
      capitalPart,
      closing,
      interest,
      constructionInterest: inConstruction ? interest : ZERO,
      principal,
      fees,
      total: interest.plus(principal).plus(fees),
    });
  }
  const totals = scheduleTotals(rows);
  if (totals.total.abs().greaterThanOrEqualTo(MAX_SHOWN_AMOUNT) || totals.issued.abs().greaterThanOrEqualTo(MAX_SHOWN_AMOUNT)) {
    return fail("scheduleTooLarge", { arg: "amounts", value: roundHalfUp(totals.total, 2).toString() });
  }
  return rows;
}

export function scheduleTotals(rows: readonly ScheduleYear[]): ScheduleTotals {
  const col = (f: (r: ScheduleYear) => Dec) => sum(rows.map(f));
  return {
    issued: col((r) => r.issued),
    capitalPart: col((r) => r.capitalPart),
    interest: col((r) => r.interest),
    constructionInterest: col((r) => r.constructionInterest),
    principal: col((r) => r.principal),
    fees: col((r) => r.fees),
    total: col((r) => r.total),
  };
}

/**
 * The schedule as shown, to `dp` decimals (domain §0 尾差调整): 发行额, 利息, 还本 and 费用 are each apportioned to
 * their rounded exact totals; 其中建设期利息 is the shown interest of the construction years; 还本付息合计 of a row is
 * the sum of its shown parts, and 期末余额 the shown issues less the shown repayments so far. So every column adds
 * up to the 合计 shown and every row's parts add up to its total.
 */
export function showTrancheSchedule(rows: readonly ScheduleYear[], dp = 2): { rows: ScheduleYear[]; totals: ScheduleTotals } {
  const shownColumn = (f: (r: ScheduleYear) => Dec) => {
    const exact = rows.map(f);
    return apportion(exact, roundHalfUp(sum(exact), dp), dp);
  };
  const { issued, capitalPart } = shownIssues(
    rows.map((r) => r.issued),
    rows.map((r) => r.capitalPart),
    dp,
  );
  const interest = shownColumn((r) => r.interest);
  const principal = shownColumn((r) => r.principal);
  const fees = shownColumn((r) => r.fees);
  let closing = ZERO;
  const shown = rows.map((r, k) => {
    closing = closing.plus(issued[k]).minus(principal[k]);
    return {
      year: r.year,
      construction: r.construction,
      issued: issued[k],
      capitalPart: capitalPart[k],
      closing,
      interest: interest[k],
      constructionInterest: r.construction ? interest[k] : ZERO,
      principal: principal[k],
      fees: fees[k],
      total: interest[k].plus(principal[k]).plus(fees[k]),
    };
  });
  return { rows: shown, totals: scheduleTotals(shown) };
}

/**
 * 发行额 and 其中用于资本金 as shown, each apportioned to its rounded exact total (尾差调整), with one more rule the
 * debt-management system checks: in a year whose capital does not exceed its issue, the capital shown does not
 * exceed the issue shown. Apportioned separately, a fen could land on the capital of a year whose issue lost it
 * (capital 0.005 of an issue 0.005 shows 0.01 against 0.00). Then the capital's fens go, by largest remainder, only to
 * years with room; a year that needs its issue's fen for its capital takes it from a year that does not (the issue
 * column keeps its total, every shown value stays within a fen of the exact one). Always possible: the capital's
 * extra fens in years without room are at most the issue's extra fens (each such year's capital remainder is at most
 * its issue remainder). A year whose capital exceeds its issue is a data error: shown as it is, the check lists it.
 */
function shownIssues(issuedExact: readonly Dec[], capitalExact: readonly Dec[], dp: number): { issued: Dec[]; capitalPart: Dec[] } {
  const issued = apportion(issuedExact, roundHalfUp(sum(issuedExact), dp), dp);
  const plain = apportion(capitalExact, roundHalfUp(sum(capitalExact), dp), dp);
  const bounded = (k: number) => capitalExact[k].lessThanOrEqualTo(issuedExact[k]);
  if (plain.every((c, k) => !bounded(k) || c.lessThanOrEqualTo(issued[k]))) return { issued, capitalPart: plain };
  if ([...issuedExact, ...capitalExact].some((x) => x.isNegative())) return { issued, capitalPart: plain };

  const unit = new Dec(1).div(new Dec(10).pow(dp));
  const floorOf = (x: Dec) => x.div(unit).floor();
  const capitalFloor = capitalExact.map(floorOf);
  const capitalRem = capitalExact.map((c, k) => c.div(unit).minus(capitalFloor[k]));
  const issueRem = issuedExact.map((x) => x.div(unit).minus(floorOf(x)));
  /** Years whose issue shows its extra fen (above the floor). */
  const issueUp = issued.map((x, k) => floorOf(issuedExact[k]).lessThan(x.div(unit)));
  /** Bounded years whose capital and issue share the same floor: the capital's extra fen needs the issue's. */
  const tight = capitalExact.map((_, k) => bounded(k) && capitalFloor[k].equals(floorOf(issuedExact[k])) && capitalRem[k].greaterThan(0));
  let units = roundHalfUp(sum(capitalExact), dp).div(unit).minus(sum(capitalFloor)).toNumber();
  const given = capitalExact.map(() => false);
  // Largest remainder first; ties to the larger part, then the earlier year (as apportion).
  const order = capitalExact
    .map((_, k) => k)
    .filter((k) => capitalRem[k].greaterThan(0))
    .sort((a, b) => capitalRem[b].comparedTo(capitalRem[a]) || capitalExact[b].comparedTo(capitalExact[a]) || a - b);
  for (const k of order) {
    if (units === 0) break;
    if (tight[k] && !issueUp[k]) continue;
    given[k] = true;
    units--;
  }
  for (const k of order) {
    if (units === 0) break;
    if (given[k]) continue;
    // A donor: a year showing its issue's extra fen that its own capital does not need; the smallest remainder.
    const donors = issued.map((_, j) => j).filter((j) => issueUp[j] && !(tight[j] && given[j]));
    if (donors.length === 0) break;
    const donor = donors.sort((a, b) => issueRem[a].comparedTo(issueRem[b]) || issuedExact[a].comparedTo(issuedExact[b]) || b - a)[0];
    issueUp[donor] = false;
    issued[donor] = issued[donor].minus(unit);
    issueUp[k] = true;
    issued[k] = issued[k].plus(unit);
    given[k] = true;
    units--;
  }
  if (units !== 0) return { issued: apportion(issuedExact, roundHalfUp(sum(issuedExact), dp), dp), capitalPart: plain };
  return { issued, capitalPart: capitalFloor.map((f, k) => f.plus(given[k] ? 1 : 0).times(unit)) };
}
