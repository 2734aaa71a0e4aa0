import { coverage } from "../bonds";
import { Dec, ZERO, decUnits, sum, decFromUnits } from "../decimal";
import { isError } from "../errors";
import type { ProjectInput } from "./portfolio";
import { isPositiveDec } from "./sign";
import { balanceYearIndex, cumulative } from "./years";

/*
 * One project's yearly flows summed (domain §3): cumulative net flow, surplus over the planned period, balance year,
 * and bond coverage over the bond term with the income missing to reach the threshold.
 */

/** The sums of one project's flows. */
export interface Flows {
  readonly surplus: Dec;
  readonly totalNet: Dec;
  readonly cumulative: Dec[];
  readonly balanceYear?: number;
  readonly coverage?: Dec;
  readonly coverageShortfall: Dec;
}

/** Flows, surplus, balance year and bond coverage of one project (exported for the path-equivalence test). */
export function projectFlows(p: ProjectInput, years: readonly number[], threshold: Dec): Flows {
  const n = years.length;
  const bonds = bondTerm(p.debtService);
  const end = Math.min(n - 1, p.plannedEndYear - years[0]);
  const scaled = scaledFlows(p, n, end);
  let surplus: Dec;
  let totalNet: Dec;
  let k: number;
  let cum: Dec[] | undefined;
  if (scaled) {
    surplus = scaled.surplus;
    totalNet = scaled.totalNet;
    k = scaled.balanceIndex;
    // The cumulative series is part of the result but read by no report: made (by the Decimal path) when asked for.
  } else {
    cum = cumulative(netFlows(p, n));
    // The surplus is the domain's balance Σ income − Σ cost (balanceOf, BALANCE) over the planned period, read off
    // the cumulative net flow at the planned end year: the same sum, without adding the flows a second time.
    surplus = cum[end];
    totalNet = cum[n - 1];
    k = balanceYearIndex(cum);
  }
  let cov: Dec | undefined;
  let shortfall = ZERO;
  if (bonds) {
    const income = sum(p.income.slice(bonds.first, bonds.last + 1));
    const debt = sum(p.debtService!.slice(bonds.first, bonds.last + 1));
    // The bonds family's coverage ratio (COVERAGE), over the term totals.
    const c = coverage([income], [debt]);
    if (!isError(c)) cov = c;
    // Coverage ≥ threshold ⇔ Σ income ≥ threshold × Σ debt service: decided exactly, without the division.
    const missing = threshold.times(debt).minus(income);
    if (isPositiveDec(missing)) shortfall = missing;
  }
  const balanceYear = k < 0 ? undefined : years[k];
  if (scaled) return new LazyFlows(surplus, totalNet, balanceYear, cov, shortfall, p, n);
  return { surplus, totalNet, cumulative: cum!, balanceYear, coverage: cov, coverageShortfall: shortfall };
}

/**
 * The sums of the scaled path, with the cumulative series made (by the Decimal path) when it is first read: a class,
 * so that a portfolio of 200,000 projects holds no getter and closure of its own per project.
 */
class LazyFlows implements Flows {
  private made: Dec[] | undefined;

  constructor(
    readonly surplus: Dec,
    readonly totalNet: Dec,
    readonly balanceYear: number | undefined,
    readonly coverage: Dec | undefined,
    readonly coverageShortfall: Dec,
    private readonly project: ProjectInput,
    private readonly n: number,
  ) {}

  get cumulative(): Dec[] {
    return (this.made ??= cumulative(netFlows(this.project, this.n)));
  }
}

/** Most decimals the scaled path takes. */
const MAX_SCALE = 15;

interface ScaledFlows {
  readonly surplus: Dec;
  readonly totalNet: Dec;
  readonly balanceIndex: number;
}

/**
 * The surplus, total net flow and balance-year index of the Decimal path (netFlows → cumulative → balanceYearIndex),
 * on exact scaled integers: with S = the most decimals among the project's incomes and costs (at most 15), each is
 * the integer value × 10^S (decUnits: at most 2 digit words, exact, within 2⁵³ − 1), and so is every net flow and
 * running total. An operation on such integers whose exact result is within 2⁵³ − 1 returns it exactly, and one whose
 * exact result is not returns a magnitude ≥ 2⁵³ (rounding is monotone), so checking every difference and sum against
 * Number.MAX_SAFE_INTEGER proves each of them exact — the bound is 2⁵³ − 1 units of 10^−S, e.g. 9.007e13 万元 at 2
 * decimals. The Decimal path's sums are exact as well (at most 31 digits, within the precision of 64), so both give
 * the same values. Zeros: every zero the Decimal path makes is +0 (a half-up sum or difference that cancels is +0;
 * −x only of a non-zero x) unless an input is −0, so an input −0 is left to that path, as is any value outside the
 * bound (undefined is returned).
 */
function scaledFlows(p: ProjectInput, n: number, end: number): ScaledFlows | undefined {
  const income = p.income;
  const cost = p.cost;
  let scale = 0;
  for (let k = 0; k < n; k++) {
    const places = Math.max(placesOf(income[k]), placesOf(cost[k]));
    if (!(places <= MAX_SCALE)) return undefined; // NaN (−0, NaN, ±Infinity) or too many decimals
    if (places > scale) scale = places;
  }
  let running = 0;
  let atEnd = 0;
  // balance-year index: the earliest year from which the running total stays ≥ 0 through the last year.
  let balanceFrom = 0;
  for (let k = 0; k < n; k++) {
    const a = decUnits(income[k], scale);
    const b = decUnits(cost[k], scale);
    if (Number.isNaN(a) || Number.isNaN(b)) return undefined; // more than 2 digit words, or not within 2⁵³
    const net = a - b;
    if (Math.abs(net) > Number.MAX_SAFE_INTEGER) return undefined;
    running += net;
    if (Math.abs(running) > Number.MAX_SAFE_INTEGER) return undefined;
    if (running < 0) balanceFrom = k + 1;
    if (k === end) atEnd = running;
  }
  const surplus = decFromUnits(atEnd, scale);
  return {
    surplus,
    totalNet: end === n - 1 ? surplus : decFromUnits(running, scale),
    balanceIndex: running < 0 ? -1 : balanceFrom,
  };
}

/** Decimals of a value for scaledFlows: 0 for +0, NaN for −0 (left to the Decimal path), NaN, ±Infinity. */
function placesOf(x: Dec): number {
  if (x.isZero()) return x.isNegative() ? NaN : 0;
  return x.decimalPlaces();
}

/**
 * The yearly net flows in Decimal arithmetic, one subtraction per project-year at most (the path for values beyond
 * scaledFlows' bound, and for the cumulative series). (A scaled-integer path that wrote decimal.js's private digit
 * fields was removed: measured on the bench's 5,000 × 30 portfolio it was no faster, and rebuilding Decimals through
 * the public API made it slower than this; scaledFlows reads the digit fields only and makes at most two Decimals.)
 */
function netFlows(p: ProjectInput, n: number): Dec[] {
  const net: Dec[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const income = p.income[k];
    const cost = p.cost[k];
    // Balance tables are full of empty years; a Decimal subtraction costs more than the whole rest of the year.
    net[k] = cost.isZero() ? income : income.isZero() ? cost.negated() : income.minus(cost);
  }
  return net;
}

interface BondTerm {
  readonly first: number;
  readonly last: number;
}

/** The bond term: first to last year with debt service; undefined when there is none. */
function bondTerm(debtService: readonly Dec[] | undefined): BondTerm | undefined {
  if (!debtService) return undefined;
  let first = -1;
  let last = -1;
  for (let k = 0; k < debtService.length; k++) {
    if (debtService[k].isZero()) continue;
    if (first < 0) first = k;
    last = k;
  }
  return first < 0 ? undefined : { first, last };
}
