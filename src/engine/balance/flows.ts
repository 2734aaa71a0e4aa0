import { coverage } from "../bonds";
import { Dec, ZERO, sum } from "../decimal";
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
  let lazy: (() => Dec[]) | undefined;
  let cum: Dec[] | undefined;
  if (scaled) {
    surplus = scaled.surplus;
    totalNet = scaled.totalNet;
    k = scaled.balanceIndex;
    // The cumulative series is part of the result but read by no report: made (by the Decimal path) when asked for.
    lazy = () => (cum ??= cumulative(netFlows(p, n)));
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
  if (lazy) {
    const made = lazy;
    return {
      surplus,
      totalNet,
      get cumulative() {
        return made();
      },
      balanceYear,
      coverage: cov,
      coverageShortfall: shortfall,
    };
  }
  return { surplus, totalNet, cumulative: cum!, balanceYear, coverage: cov, coverageShortfall: shortfall };
}

/** 10^0 … 10^22: every one a double exactly. */
const POW10 = Array.from({ length: 23 }, (_, k) => Number(`1e${k}`));

/** Most decimals the scaled path takes (10^15 × a value of 2 digit words would pass 2⁵³ anyway). */
const MAX_SCALE = 15;

/** Digit word count, integer part M and exponent q of a finite non-zero Decimal x = ±M × 10^q (M < 10¹⁴), or q NaN. */
function wordsOf(x: Dec, out: { m: number; q: number }): void {
  const d = x.d;
  if (!d || d.length > 2) {
    out.q = NaN;
    return;
  }
  const w0 = d[0];
  const len0 = w0 < 10 ? 1 : w0 < 100 ? 2 : w0 < 1e3 ? 3 : w0 < 1e4 ? 4 : w0 < 1e5 ? 5 : w0 < 1e6 ? 6 : 7;
  out.m = d.length === 1 ? w0 : w0 * 1e7 + d[1];
  out.q = x.e - (len0 - 1) - 7 * (d.length - 1);
}

interface ScaledFlows {
  readonly surplus: Dec;
  readonly totalNet: Dec;
  readonly balanceIndex: number;
}

const SCRATCH = { m: 0, q: 0 };

/**
 * The surplus, total net flow and balance-year index of the Decimal path (netFlows → cumulative → balanceYearIndex),
 * on exact scaled integers: every income and cost is ±M × 10^q with an integer M < 10¹⁴ (at most 2 digit words) and
 * q ≥ −15; with S = the most decimals among them, each is the integer ±M × 10^(q+S) and every net flow and running
 * total an integer too. A double holds an integer exactly while its magnitude is below 2⁵³, and an operation whose
 * exact result is such an integer returns it exactly; a result that is not is ≥ 2⁵³ in magnitude (rounding is
 * monotone), so checking every product, difference and sum against Number.MAX_SAFE_INTEGER proves each of them
 * exact — the bound 2⁵³ ≈ 9.007e15 units of 10^−S, e.g. 9.007e13 万元 at 2 decimals. The Decimal path's sums are exact
 * as well (at most 16 digits, within the precision of 64), so both give the same values. Zeros: every zero the
 * Decimal path makes is +0 (a half-up sum or difference that cancels is +0; −x only of a non-zero x) unless an input
 * is −0, so an input −0 is left to that path, as is any value outside the bound (undefined is returned).
 */
function scaledFlows(p: ProjectInput, n: number, end: number): ScaledFlows | undefined {
  const income = p.income;
  const cost = p.cost;
  const w = SCRATCH;
  let minQ = 0;
  for (let k = 0; k < n; k++) {
    const q = Math.min(exponentOf(income[k], w), exponentOf(cost[k], w));
    if (!(q >= -MAX_SCALE)) return undefined; // NaN (−0, too many digits, NaN, ±Infinity) or too many decimals
    if (q < minQ) minQ = q;
  }
  const scale = -minQ;
  let running = 0;
  let atEnd = 0;
  // balance-year index: the earliest year from which the running total stays ≥ 0 through the last year.
  let balanceFrom = 0;
  for (let k = 0; k < n; k++) {
    const a = scaledOf(income[k], scale, w);
    const b = scaledOf(cost[k], scale, w);
    if (Number.isNaN(a) || Number.isNaN(b)) return undefined;
    const net = a - b;
    if (Math.abs(net) > Number.MAX_SAFE_INTEGER) return undefined;
    running += net;
    if (Math.abs(running) > Number.MAX_SAFE_INTEGER) return undefined;
    if (running < 0) balanceFrom = k + 1;
    if (k === end) atEnd = running;
  }
  const fromScaled = (v: number) => (v === 0 ? ZERO : new Dec(scale === 0 ? v : `${v}e-${scale}`));
  const surplus = fromScaled(atEnd);
  return {
    surplus,
    totalNet: end === n - 1 ? surplus : fromScaled(running),
    balanceIndex: running < 0 ? -1 : balanceFrom,
  };
}

/** The exponent q of x = ±M × 10^q for scaledFlows: 0 for +0, NaN for −0 and for a value it does not take. */
function exponentOf(x: Dec, w: { m: number; q: number }): number {
  if (x.isZero()) return x.isNegative() ? NaN : 0;
  wordsOf(x, w);
  return w.q;
}

/** A Decimal that passed scaledFlows' first check as an integer of units 10^−scale; NaN when not below 2⁵³. */
function scaledOf(x: Dec, scale: number, w: { m: number; q: number }): number {
  if (x.isZero()) return 0;
  wordsOf(x, w);
  const shift = w.q + scale; // ≥ 0: scale is the most decimals of the project's values
  if (shift > 22) return NaN;
  const v = w.m * POW10[shift];
  if (v > Number.MAX_SAFE_INTEGER) return NaN;
  return x.s < 0 ? -v : v;
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
