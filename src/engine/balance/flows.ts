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

/** The sums a project's verdict needs: cumulative net flow per year, and Σ income / Σ debt service over the bond term. */
interface FlowSums {
  readonly cumulative: Dec[];
  readonly bondIncome: Dec;
  readonly bondDebt: Dec;
}

/** Flows, surplus, balance year and bond coverage of one project (exported for the path-equivalence test). */
export function projectFlows(p: ProjectInput, years: readonly number[], threshold: Dec): Flows {
  const n = years.length;
  const bonds = bondTerm(p.debtService);
  const sums = decimalSums(p, n, bonds);
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

/**
 * Decimal arithmetic, one subtraction and one addition per project-year at most. (A scaled-integer path that wrote
 * decimal.js's private digit fields was removed: measured on the bench's 5,000 × 30 portfolio it was no faster, and
 * rebuilding Decimals through the public API made it slower than this.)
 */
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
