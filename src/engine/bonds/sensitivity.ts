import { Dec, ONE, ZERO } from "../decimal";
import { DomainError, isError } from "../errors";
import { breakEven } from "./breakeven";
import { balanceColumns, BalanceStatus, BondPolicy, BondProjectInput, Coverages, ProjectFlows, projectSchedule, statusOf } from "./project";

/*
 * 敏感性分析 / 压力测试 (domain §5): the project's coverage recomputed under each scenario, with whether it still
 * qualifies. Which scenarios and how large are parameters (src/registry/policy.ts p_stress…); a size of 0 leaves
 * the scenario out.
 */

export type Scenario =
  | { readonly kind: "base" }
  /** Every project income (not the budget subsidy) × (1 − share). */
  | { readonly kind: "incomeDrop"; readonly share: Dec }
  /** Operating cost other than bond interest/fees × (1 + share) (construction cost is funded, it does not enter the coverage). */
  | { readonly kind: "costRise"; readonly share: Dec }
  /** Every tranche's rate + delta; the schedule is recomputed. */
  | { readonly kind: "rateRise"; readonly delta: Dec }
  /** Land income (and income given without a split) moved `years` later; beyond the bond term it no longer counts. */
  | { readonly kind: "landDelay"; readonly years: number };

export interface ScenarioSizes {
  readonly incomeDrops: readonly Dec[];
  readonly costRise: Dec;
  readonly rateRise: Dec;
  readonly landDelays: readonly number[];
}

/** The scenario list from the sizes (0 → left out), base first, in the order of domain §5. */
export function scenarioList(sizes: ScenarioSizes): Scenario[] {
  const list: Scenario[] = [{ kind: "base" }];
  for (const s of sizes.incomeDrops) if (s.greaterThan(0)) list.push({ kind: "incomeDrop", share: s });
  if (sizes.costRise.greaterThan(0)) list.push({ kind: "costRise", share: sizes.costRise });
  if (sizes.rateRise.greaterThan(0)) list.push({ kind: "rateRise", delta: sizes.rateRise });
  for (const y of sizes.landDelays) if (y > 0) list.push({ kind: "landDelay", years: y });
  return list;
}

export interface ScenarioResult {
  readonly scenario: Scenario;
  readonly coverage: Coverages;
  readonly status: BalanceStatus;
}

export interface SensitivityResult {
  readonly scenarios: readonly ScenarioResult[];
  /** BREAKEVEN on the base case: the largest uniform drop of income available for debt service (no subsidy / with it). */
  readonly breakEvenSelf: Dec | undefined;
  readonly breakEvenWithSubsidy: Dec | undefined;
}

function shift(list: readonly Dec[], years: number): Dec[] {
  return list.map((_, k) => (k - years >= 0 ? list[k - years] : ZERO));
}

/** The flows under a scenario; a delayed land sale may run past the table's last year and then falls away. */
function scenarioFlows(p: BondProjectInput, s: Scenario): ProjectFlows {
  const f = p.flows;
  switch (s.kind) {
    case "incomeDrop": {
      const keep = ONE.minus(s.share);
      const scale = (l: readonly Dec[]) => l.map((v) => v.times(keep));
      return { ...f, landIncome: scale(f.landIncome), specialIncome: scale(f.specialIncome), unsplitIncome: scale(f.unsplitIncome) };
    }
    case "landDelay":
      return { ...f, landIncome: shift(f.landIncome, s.years), unsplitIncome: shift(f.unsplitIncome, s.years) };
    default:
      return f;
  }
}

/**
 * Coverage of every scenario and the break-even drop. Operating cost holds the bonds' finance (interest and fees of
 * operating years): its other part is taken from the base case once, and each scenario's operating cost is that
 * part (× (1 + share) when cost rises) plus the scenario's own finance — so a higher rate never lowers the cost.
 */
export function sensitivity(p: BondProjectInput, policy: BondPolicy, scenarios: readonly Scenario[]): SensitivityResult | DomainError {
  const baseSchedule = projectSchedule(p);
  if (isError(baseSchedule)) return baseSchedule;
  const baseColumns = balanceColumns(p, p.flows, baseSchedule).columns;
  const otherOperating = baseColumns.map((c) => {
    const other = c.operatingCost.minus(c.operatingFinance);
    return other.isNegative() ? ZERO : other;
  });
  const results: ScenarioResult[] = [];
  let base: Coverages | undefined;
  for (const s of scenarios) {
    const tranches = s.kind === "rateRise" ? p.tranches.map((t) => ({ ...t, rate: Dec.min(ONE, t.rate.plus(s.delta)) })) : p.tranches;
    const schedule = s.kind === "rateRise" ? projectSchedule(p, tranches) : baseSchedule;
    if (isError(schedule)) return schedule;
    const finance = new Map(schedule.map((y) => [y.year, y.interest.plus(y.fees)]));
    const rise = s.kind === "costRise" ? ONE.plus(s.share) : ONE;
    const flows: ProjectFlows = {
      ...scenarioFlows(p, s),
      operatingCost: p.flows.years.map((year, k) =>
        year <= p.constructionEndYear
          ? p.flows.operatingCost[k].times(rise)
          : otherOperating[k].times(rise).plus(finance.get(year) ?? ZERO),
      ),
    };
    const coverage = balanceColumns(p, flows, schedule).coverage;
    if (s.kind === "base") base = coverage;
    results.push({ scenario: s, coverage, status: statusOf(coverage, policy.threshold) });
  }
  const be = (available: Dec | undefined) => {
    if (!base || available === undefined) return undefined;
    const v = breakEven([available], [base.debtService], policy.threshold);
    return isError(v) ? undefined : v;
  };
  return { scenarios: results, breakEvenSelf: be(base?.availableSelf), breakEvenWithSubsidy: be(base?.availableWithSubsidy) };
}
