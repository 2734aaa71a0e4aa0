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

/**
 * How a project's yearly flows are summed. "auto": exactly in scaled integers when the project's flows allow it
 * (see `scaledSums`), in Decimal otherwise; "decimal": always in Decimal. Both give identical Decimals — same
 * value, same digits, exponent and sign — so the choice only changes the speed (test/engine/balance-properties).
 */
export type FlowPath = "auto" | "decimal";

/** The sums a project's verdict needs: cumulative net flow per year, and Σ income / Σ debt service over the bond term. */
interface FlowSums {
  readonly cumulative: Dec[];
  readonly bondIncome: Dec;
  readonly bondDebt: Dec;
}

/** Flows, surplus, balance year and bond coverage of one project (exported for the path-equivalence test). */
export function projectFlows(p: ProjectInput, years: readonly number[], threshold: Dec, path: FlowPath = "auto"): Flows {
  const n = years.length;
  const bonds = bondTerm(p.debtService);
  const sums = (path === "auto" ? scaledSums(p, n, bonds) : undefined) ?? decimalSums(p, n, bonds);
  const cum = sums.cumulative;
  // The surplus is the domain's balance Σ income − Σ cost (balanceOf, BALANCE) over the planned period, read off
  // the cumulative net flow at the planned end year: the same sum, without adding the flows a second time.
  const surplus = cum[Math.min(n - 1, p.plannedEndYear - years[0])];
  const k = balanceYearIndex(cum);
  let cov: Dec | undefined;
  let shortfall = ZERO;
  if (bonds) {
    const income = sums.bondIncome;
    const debt = sums.bondDebt;
    // The bonds family's coverage ratio (COVERAGE), over the term totals.
    const c = coverage([income], [debt]);
    if (!isError(c)) cov = c;
    // Coverage ≥ threshold ⇔ Σ income ≥ threshold × Σ debt service: decided exactly, without the division.
    const missing = threshold.times(debt).minus(income);
    if (isPositiveDec(missing)) shortfall = missing;
  }
  return {
    surplus,
    totalNet: cum[n - 1],
    cumulative: cum,
    balanceYear: k < 0 ? undefined : years[k],
    coverage: cov,
    coverageShortfall: shortfall,
  };
}

/** The reference path: Decimal arithmetic, one subtraction and one addition per project-year at most. */
function decimalSums(p: ProjectInput, n: number, bonds: BondTerm | undefined): FlowSums {
  const net: Dec[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const income = p.income[k];
    const cost = p.cost[k];
    // Balance tables are full of empty years; a Decimal subtraction costs more than the whole rest of the year.
    net[k] = cost.isZero() ? income : income.isZero() ? cost.negated() : income.minus(cost);
  }
  return {
    cumulative: cumulative(net),
    bondIncome: bonds ? sum(p.income.slice(bonds.first, bonds.last + 1)) : ZERO,
    bondDebt: bonds ? sum(p.debtService!.slice(bonds.first, bonds.last + 1)) : ZERO,
  };
}

/*
 * The exact fast path. A Decimal is digits d (base 10⁷ words, most significant first, aligned on the decimal
 * point: word k stands for 10^(7·(⌊e/7⌋ − k))), exponent e and sign s — decimal.js's documented read-only
 * properties. A value with at most 7 decimals is therefore an integer number of 10⁻⁷ units, and JS numbers add
 * integers exactly up to 2⁵³ − 1. If the magnitudes of all the flows a project sums add up to at most 2⁵³ − 1
 * units (about 9 × 10⁸ 万元), every partial sum is exact, and the cumulative values are written back into Decimals
 * word by word: the same canonical digits Decimal arithmetic would produce (no trailing zero words), no parsing.
 * Anything else — more than 7 decimals, larger sums, NaN/±Infinity, a negative zero — takes the Decimal path.
 */
const WORD = 1e7;
const MAX_UNITS = Number.MAX_SAFE_INTEGER;
const MAX_BEFORE_WORD = Math.floor(MAX_UNITS / WORD);

/** Mutable view of a Decimal's fields, for writing a freshly made Decimal's digits. */
type DecFields = { d: number[]; e: number; s: number };

/** x in units of 10⁻⁷ as an exact JS integer, or undefined when x has more than 7 decimals or is too large. */
export function scaledUnits(x: Dec): number | undefined {
  const d = x.d;
  if (!d) return undefined; // NaN, ±Infinity
  if (d[0] === 0) return x.s < 0 ? undefined : 0; // −0: leave it to the Decimal path, which keeps its sign
  const top = Math.floor(x.e / 7); // word exponent of d[0]
  const bottom = top - (d.length - 1); // word exponent of the last word
  if (bottom < -1) return undefined; // a digit below 10⁻⁷
  let units = 0;
  for (let k = 0; k < d.length; k++) {
    if (units > MAX_BEFORE_WORD) return undefined;
    units = units * WORD + d[k];
  }
  for (let w = -1; w < bottom; w++) {
    if (units > MAX_BEFORE_WORD) return undefined;
    units *= WORD;
  }
  if (units > MAX_UNITS) return undefined;
  return x.s < 0 ? -units : units;
}

/** The Decimal of an exact integer number of 10⁻⁷ units (|units| ≤ 2⁵³ − 1), in canonical form. */
export function decimalOfUnits(units: number): Dec {
  if (units === 0) return ZERO;
  const a = units < 0 ? -units : units;
  // Base-10⁷ words, most significant first; the last word holds the 10⁻¹ … 10⁻⁷ digits. |units| < 2⁵³ < 10¹⁶
  // makes at most 3 words. `%` is exact on integers, and (a − r) ÷ 10⁷ divides an exact multiple.
  const low = a % WORD;
  const rest = (a - low) / WORD;
  let words: number[];
  let first: number;
  let e: number;
  if (rest === 0) {
    words = [low];
    first = low;
    e = -8;
  } else {
    const mid = rest % WORD;
    const high = (rest - mid) / WORD;
    if (high === 0) {
      words = low === 0 ? [mid] : [mid, low];
      first = mid;
      e = -1;
    } else {
      words = low === 0 ? (mid === 0 ? [high] : [high, mid]) : [high, mid, low];
      first = high;
      e = 6;
    }
  }
  // e = 7 · (word exponent of the first word) + its digit count − 1
  e += first >= 1e6 ? 7 : first >= 1e5 ? 6 : first >= 1e4 ? 5 : first >= 1e3 ? 4 : first >= 100 ? 3 : first >= 10 ? 2 : 1;
  const x = new Dec(0);
  const f = x as unknown as DecFields;
  f.d = words;
  f.e = e;
  f.s = units < 0 ? -1 : 1;
  return x;
}

/** The sums in exact scaled integers, or undefined when some flow does not fit (then the Decimal path runs). */
function scaledSums(p: ProjectInput, n: number, bonds: BondTerm | undefined): FlowSums | undefined {
  let budget = MAX_UNITS; // Σ |units| still allowed: keeps every partial sum exact
  const net: number[] = new Array(n);
  for (let k = 0; k < n; k++) {
    const income = scaledUnits(p.income[k]);
    if (income === undefined) return undefined;
    const cost = scaledUnits(p.cost[k]);
    if (cost === undefined) return undefined;
    budget -= Math.abs(income) + Math.abs(cost);
    if (budget < 0) return undefined;
    net[k] = income - cost;
  }
  let bondIncome = 0;
  let bondDebt = 0;
  if (bonds) {
    for (let k = bonds.first; k <= bonds.last; k++) {
      const debt = scaledUnits(p.debtService![k]);
      if (debt === undefined) return undefined;
      budget -= Math.abs(debt);
      if (budget < 0) return undefined;
      bondDebt += debt;
      bondIncome += scaledUnits(p.income[k])!; // read above, so it fits
    }
  }
  const cum: Dec[] = new Array(n);
  let running = 0;
  for (let k = 0; k < n; k++) {
    const flow = net[k];
    // As in `cumulative`: an empty year shares the running total.
    if (k > 0 && flow === 0) {
      cum[k] = cum[k - 1];
      continue;
    }
    running += flow;
    cum[k] = decimalOfUnits(running);
  }
  return { cumulative: cum, bondIncome: decimalOfUnits(bondIncome), bondDebt: decimalOfUnits(bondDebt) };
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

