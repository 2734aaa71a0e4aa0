import { Dec, ZERO, sum } from "../decimal";
import { DomainError, fail } from "../errors";
import { roundHalfUp } from "../money";
import { isNegativeDec } from "./sign";

/**
 * Σ income − Σ cost (domain §3 "Balance"): the project's surplus (结余) over whatever flows are given.
 * The one definition of a balance; the portfolio's planned-period surplus is this over the planned years.
 */
export function balanceOf(income: readonly Dec[], cost: readonly Dec[]): Dec {
  return sum(income).minus(sum(cost));
}

/**
 * Check a year axis: whole four-digit years ascending by exactly 1, none missing. `positions` gives the 1-based row of each
 * year in the user's range (blank rows may have been dropped), so messages point at the right cell.
 */
export function checkYears(years: readonly number[], arg = "years", positions?: readonly number[]): DomainError | undefined {
  if (years.length === 0) return fail("rangeEmpty", { arg });
  const pos = (i: number) => (positions ? positions[i] : i + 1);
  for (let i = 0; i < years.length; i++) {
    const y = years[i];
    if (!Number.isInteger(y)) return fail("yearNotWhole", { arg, pos: pos(i), value: y });
    // A balance table's years have four digits; anything else is a wrong range (flows given as years) or an
    // empty cell, which Excel desktop sends as 0.
    if (y < 1000 || y > 9999) return fail("yearOutOfRange", { arg, pos: pos(i), value: y === 0 ? 0 : y });
    if (i === 0) continue;
    const prev = years[i - 1];
    if (y <= prev) return fail("yearsNotAscending", { arg, pos: pos(i), value: y, prev });
    if (y !== prev + 1) return fail("yearsGap", { arg, pos: pos(i), value: y, prev, missing: prev + 1 });
  }
  return undefined;
}

/** Cumulative balance after each year: cum[k] = flows[0] + … + flows[k]. */
export function cumulative(flows: readonly Dec[]): Dec[] {
  const out: Dec[] = new Array(flows.length);
  let running = ZERO;
  for (let k = 0; k < flows.length; k++) {
    const flow = flows[k];
    // Decimals are immutable: an empty year shares the running total instead of adding 0 to it.
    if (k === 0) running = flow;
    else if (!flow.isZero()) running = running.plus(flow);
    out[k] = running;
  }
  return out;
}

/**
 * Index of the balance year in a cumulative series (domain §3 step 3): the earliest year from which the
 * cumulative balance stays ≥ 0 through the last year given — not the first year it touches 0, because a later
 * dip below 0 (e.g. a second construction phase) undoes that. −1 when the last cumulative value is negative.
 * Scanning back from the end makes this one pass.
 */
export function balanceYearIndex(cum: readonly Dec[]): number {
  let k = cum.length;
  while (k > 0 && !isNegativeDec(cum[k - 1])) k--;
  return k === cum.length ? -1 : k;
}

/** Extension of the balance period (延长平衡期限): balance year − planned end year, 0 when none is needed. */
export function extensionYears(balanceYear: number, plannedEndYear: number): number {
  return Math.max(0, balanceYear - plannedEndYear);
}

/**
 * The balance year of yearly net flows (BALANCEYEAR), or an #N/A error when the cumulative balance is still
 * negative in the last year given. `years` must have passed `checkYears`.
 */
export function balanceYear(years: readonly number[], netFlows: readonly Dec[]): number | DomainError {
  const cum = cumulative(netFlows);
  const k = balanceYearIndex(cum);
  if (k < 0) {
    const last = years.length - 1;
    return fail("notBalancedWithin", {
      arg: "netFlows",
      first: years[0],
      last: years[last],
      cumulative: roundHalfUp(cum[last], 2).toFixed(2),
    });
  }
  return years[k];
}

/**
 * Years of extension needed (EXTENDYEARS): balance year − planned end year, 0 if the flows already balance by
 * the planned end; the #N/A of `balanceYear` when they never do within the years given. A planned end before the
 * first year given is an error naming `plannedEndArg`.
 */
export function extendYears(
  years: readonly number[],
  netFlows: readonly Dec[],
  plannedEndYear: number,
  plannedEndArg = "plannedEndYear",
): number | DomainError {
  if (plannedEndYear < years[0]) return fail("plannedEndBeforeStart", { arg: plannedEndArg, value: plannedEndYear, first: years[0] });
  const year = balanceYear(years, netFlows);
  return typeof year === "number" ? extensionYears(year, plannedEndYear) : year;
}
