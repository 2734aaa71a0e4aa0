import { Dec, ZERO, sum } from "../decimal";
import { DomainError, isError } from "../errors";
import { roundHalfUp, WAN_PLACES } from "../money";
import { scheduleTotals, ScheduleOptions, ScheduleYear, Tranche, trancheSchedule } from "./schedule";

/*
 * One bond-funded project as the debt-management system sees it (domain §5): the yearly 收支平衡表 rows, the
 * coverage variants and the system's own checks. Exact decimals in the caller's money unit (万元 in workbooks);
 * rounding, folding into "及以后" and display text belong to the sheet.
 */

/** Yearly inputs, one entry per year of `years` (consecutive). Costs include the bonds' interest and fees. */
export interface ProjectFlows {
  readonly years: readonly number[];
  /** 0102 土地出让收入 */
  readonly landIncome: readonly Dec[];
  /** other 专项收入 (配套商业销售/租赁 …) */
  readonly specialIncome: readonly Dec[];
  /** income given without a split (counted as project income; treated like land income when a land sale is delayed) */
  readonly unsplitIncome: readonly Dec[];
  /** 0101 财政补助 (budget subsidy income, kept apart: 国办发〔2024〕52号) */
  readonly subsidyIncome: readonly Dec[];
  /** 03 项目建设支出, including construction-period interest and fees */
  readonly constructionCost: readonly Dec[];
  /** 04 项目运营支出, including operating-period interest and fees */
  readonly operatingCost: readonly Dec[];
  /** 债券还本付息 as the cash-flow table states it, when that column is given */
  readonly reportedDebtService?: readonly (Dec | undefined)[];
}

export interface BondProjectInput {
  readonly id: string;
  /** 开工年度 as given (undefined → not given). */
  readonly startYear?: number;
  /** 建设期末年度 used for the split of interest (given, or derived by the caller). */
  readonly constructionEndYear: number;
  readonly constructionEndGiven: boolean;
  readonly flows: ProjectFlows;
  readonly tranches: readonly Tranche[];
  readonly fees: Omit<ScheduleOptions, "constructionEndYear">;
  readonly capital?: Dec;
  readonly marketFinancing?: Dec;
  readonly budgetSubsidy?: Dec;
  /** 总投资 */
  readonly investment?: Dec;
}

export interface BondPolicy {
  /** p_coverageThreshold (> 0) */
  readonly threshold: Dec;
  /** p_coverageMax; undefined → no upper bound */
  readonly coverageMax?: Dec;
}

/** One year (column) of the 收支平衡表, exact. */
export interface BalanceColumn {
  readonly year: number;
  readonly income: Dec;
  readonly subsidyIncome: Dec;
  readonly landIncome: Dec;
  readonly specialIncome: Dec;
  readonly unsplitIncome: Dec;
  readonly sources: Dec;
  readonly capital: Dec;
  readonly bonds: Dec;
  readonly bondCapital: Dec;
  readonly marketFinancing: Dec;
  readonly budgetSubsidy: Dec;
  readonly constructionCost: Dec;
  /** 0301 interest and fees of a construction year */
  readonly constructionFinance: Dec;
  readonly operatingCost: Dec;
  /** 0402 interest and fees of an operating year */
  readonly operatingFinance: Dec;
  /** 05 = 02 + 01 − 03 − 04 */
  readonly carry: Dec;
  /** 06 */
  readonly bondPrincipal: Dec;
  /** principal + interest + fees of the year */
  readonly debtService: Dec;
  /** Within the bond term (first issue … last repayment): counts for the coverage. */
  readonly inTerm: boolean;
  /** Income available for debt service, net: project income − operating cost other than bond interest/fees. */
  readonly availableSelf: Dec;
  /** The same with 财政补助. */
  readonly availableWithSubsidy: Dec;
  /** 2018-style numerator: gross project income (no subsidy). */
  readonly grossSelf: Dec;
}

export interface Coverages {
  /** Net income without subsidy ÷ debt service: 项目自平衡 is judged on it. */
  readonly self: Dec;
  /** Net income with 财政补助 ÷ debt service. */
  readonly withSubsidy: Dec;
  /** Gross project income ÷ debt service (2018 口径). */
  readonly gross: Dec;
  readonly debtService: Dec;
  readonly availableSelf: Dec;
  readonly availableWithSubsidy: Dec;
}

export type BalanceStatus = "self" | "subsidy" | "short";

export type CheckCode =
  | "bondsInConstruction"
  | "principalEqualsIssued"
  | "capitalPartWithinBonds"
  | "fundingEqualsInvestment"
  | "coverageWithinBounds"
  | "financeInCost"
  | "reportedDebtService";

/** One check of the debt-management system: ok true/false, or undefined when it cannot be made (data missing). */
export interface BondCheck {
  readonly code: CheckCode;
  readonly ok: boolean | undefined;
  /** Values for the message (money in the caller's unit, exact). */
  readonly detail: Readonly<Record<string, string | number>>;
}

export interface BondProjectResult {
  readonly id: string;
  readonly schedule: readonly ScheduleYear[];
  readonly columns: readonly BalanceColumn[];
  readonly coverage: Coverages;
  readonly status: BalanceStatus;
  readonly checks: readonly BondCheck[];
  readonly termFirst: number;
  readonly termLast: number;
}

function at(list: readonly Dec[], k: number): Dec {
  return list[k] ?? ZERO;
}

/** Σ numerator ÷ Σ debt service over the bond term; no debt service → 0 coverage is meaningless, so Infinity is avoided by the caller. */
export function ratio(num: Dec, den: Dec): Dec {
  return den.isZero() ? ZERO : num.div(den);
}

/** The schedule of the project's tranches, on the project's construction period. */
export function projectSchedule(p: BondProjectInput, tranches: readonly Tranche[] = p.tranches): ScheduleYear[] | DomainError {
  // 其中用于资本金 is checked year by year in bondChecks (a data error to list, not a reason to refuse the schedule).
  return trancheSchedule(tranches, { ...p.fees, constructionEndYear: p.constructionEndYear });
}

/** Yearly columns and coverage for given flows and schedule (used by the base case and every scenario). */
export function balanceColumns(
  p: BondProjectInput,
  flows: ProjectFlows,
  schedule: readonly ScheduleYear[],
): { columns: BalanceColumn[]; coverage: Coverages } {
  const byYear = new Map(schedule.map((s) => [s.year, s]));
  const termFirst = schedule[0].year;
  const termLast = schedule[schedule.length - 1].year;
  const first = flows.years[0];
  const columns: BalanceColumn[] = flows.years.map((year, k) => {
    const s = byYear.get(year);
    const finance = s ? s.interest.plus(s.fees) : ZERO;
    const construction = year <= p.constructionEndYear;
    const land = at(flows.landIncome, k);
    const special = at(flows.specialIncome, k);
    const unsplit = at(flows.unsplitIncome, k);
    const subsidy = at(flows.subsidyIncome, k);
    const projectIncome = land.plus(special).plus(unsplit);
    const income = projectIncome.plus(subsidy);
    // Funding sources known only as project totals are shown in the first year of the table (开工年).
    const capital = year === first ? (p.capital ?? ZERO) : ZERO;
    const market = year === first ? (p.marketFinancing ?? ZERO) : ZERO;
    const budget = year === first ? (p.budgetSubsidy ?? ZERO) : ZERO;
    const bonds = s?.issued ?? ZERO;
    const bondCapital = s?.capitalPart ?? ZERO;
    const sources = capital.plus(bonds).plus(market).plus(budget);
    const cc = at(flows.constructionCost, k);
    const oc = at(flows.operatingCost, k);
    const operatingOther = construction ? oc : oc.minus(finance);
    const otherCost = operatingOther.isNegative() ? ZERO : operatingOther;
    const availableSelf = projectIncome.minus(otherCost);
    return {
      year,
      income,
      subsidyIncome: subsidy,
      landIncome: land,
      specialIncome: special,
      unsplitIncome: unsplit,
      sources,
      capital,
      bonds,
      bondCapital,
      marketFinancing: market,
      budgetSubsidy: budget,
      constructionCost: cc,
      constructionFinance: construction ? finance : ZERO,
      operatingCost: oc,
      operatingFinance: construction ? ZERO : finance,
      carry: sources.plus(income).minus(cc).minus(oc),
      bondPrincipal: s?.principal ?? ZERO,
      debtService: s?.total ?? ZERO,
      inTerm: year >= termFirst && year <= termLast,
      availableSelf,
      availableWithSubsidy: availableSelf.plus(subsidy),
      grossSelf: projectIncome,
    };
  });
  const inTerm = columns.filter((c) => c.inTerm);
  const debtService = scheduleTotals(schedule).total;
  const availableSelf = sum(inTerm.map((c) => c.availableSelf));
  const availableWithSubsidy = sum(inTerm.map((c) => c.availableWithSubsidy));
  return {
    columns,
    coverage: {
      self: ratio(availableSelf, debtService),
      withSubsidy: ratio(availableWithSubsidy, debtService),
      gross: ratio(sum(inTerm.map((c) => c.grossSelf)), debtService),
      debtService,
      availableSelf,
      availableWithSubsidy,
    },
  };
}

export function statusOf(c: Coverages, threshold: Dec): BalanceStatus {
  if (c.self.greaterThanOrEqualTo(threshold)) return "self";
  if (c.withSubsidy.greaterThanOrEqualTo(threshold)) return "subsidy";
  return "short";
}

/** The 收支平衡表 of one project with its checks. */
export function bondProject(p: BondProjectInput, policy: BondPolicy): BondProjectResult | DomainError {
  const schedule = projectSchedule(p);
  if (isError(schedule)) return schedule;
  const { columns, coverage } = balanceColumns(p, p.flows, schedule);
  const status = statusOf(coverage, policy.threshold);
  return {
    id: p.id,
    schedule,
    columns,
    coverage,
    status,
    checks: bondChecks(p, policy, schedule, columns, coverage),
    termFirst: schedule[0].year,
    termLast: schedule[schedule.length - 1].year,
  };
}

const str = (d: Dec) => d.toString();

/** Decimals at which the sheet shows money (万元, 2 decimals): the checks compare amounts as shown. */
const SHOWN_PLACES = WAN_PLACES;

function bondChecks(
  p: BondProjectInput,
  policy: BondPolicy,
  schedule: readonly ScheduleYear[],
  columns: readonly BalanceColumn[],
  coverage: Coverages,
): BondCheck[] {
  const checks: BondCheck[] = [];
  const constructionFirst = p.startYear ?? columns[0].year;
  // 1. Bonds only within the construction period (开工年度 … 建设期末年度).
  const outside = p.tranches.filter((t) => t.issueYear < constructionFirst || t.issueYear > p.constructionEndYear).map((t) => t.issueYear);
  checks.push({
    code: "bondsInConstruction",
    ok: outside.length === 0,
    detail: {
      first: constructionFirst,
      last: p.constructionEndYear,
      outside: outside.join("、"),
      endGiven: p.constructionEndGiven ? 1 : 0,
    },
  });
  // 2. Σ 还本 = Σ 发行 as the table shows them (a tranche issued before the table's first year is missing from 0202).
  const issued = sum(columns.map((c) => c.bonds));
  const repaid = sum(columns.map((c) => c.bondPrincipal));
  checks.push({ code: "principalEqualsIssued", ok: issued.equals(repaid), detail: { issued: str(issued), repaid: str(repaid) } });
  // 3. 其中用于资本金 ≤ 专项债 in every year.
  const overYears = schedule.filter((s) => s.capitalPart.greaterThan(s.issued)).map((s) => `${s.year}`);
  const capitalTotal = sum(p.tranches.map((t) => t.capitalPart ?? ZERO));
  checks.push({
    code: "capitalPartWithinBonds",
    ok: overYears.length === 0,
    detail: { years: overYears.join("、"), capital: str(capitalTotal) },
  });
  // 4. Σ funding sources = 总投资, naming both numbers.
  const knownSources = p.capital !== undefined || p.marketFinancing !== undefined || p.budgetSubsidy !== undefined;
  const sources = sum(p.tranches.map((t) => t.amount))
    .plus(p.capital ?? ZERO)
    .plus(p.marketFinancing ?? ZERO)
    .plus(p.budgetSubsidy ?? ZERO);
  checks.push({
    code: "fundingEqualsInvestment",
    ok: p.investment === undefined || !knownSources ? undefined : sources.equals(p.investment),
    detail: {
      sources: str(sources),
      investment: p.investment ? str(p.investment) : "",
      diff: p.investment ? str(sources.minus(p.investment)) : "",
    },
  });
  // 5. Coverage within [p_coverageThreshold, p_coverageMax].
  const low = coverage.withSubsidy.lessThan(policy.threshold);
  const high = policy.coverageMax !== undefined && coverage.withSubsidy.greaterThan(policy.coverageMax);
  checks.push({
    code: "coverageWithinBounds",
    ok: !low && !high,
    detail: {
      coverage: str(coverage.withSubsidy),
      self: str(coverage.self),
      threshold: str(policy.threshold),
      max: policy.coverageMax ? str(policy.coverageMax) : "",
      side: low ? "low" : high ? "high" : "",
    },
  });
  // 6. 支出 includes the bonds' interest and fees (domain §3): 0301 ≤ 03 and 0402 ≤ 04 each year.
  const missing = columns
    .filter((c) => c.constructionFinance.greaterThan(c.constructionCost) || c.operatingFinance.greaterThan(c.operatingCost))
    .map((c) => `${c.year}`);
  checks.push({ code: "financeInCost", ok: missing.length === 0, detail: { years: missing.join("、") } });
  // 7. The cash-flow table's 债券还本付息 agrees with the schedule of the 债券 table as both are shown: each rounded
  // half-up to 0.01, so a correctly rounded table (50.01 for 50.005) passes and a shown 0.01 apart always fails.
  const reported = p.flows.reportedDebtService;
  if (reported && reported.some((r) => r !== undefined)) {
    const byYear = new Map(schedule.map((s) => [s.year, s.total]));
    const shown = (x: Dec) => roundHalfUp(x, SHOWN_PLACES);
    const differ = p.flows.years
      .map((year, k) => ({ year, r: reported[k] ?? ZERO, s: byYear.get(year) ?? ZERO }))
      .filter((x) => !shown(x.r).equals(shown(x.s)))
      .map((x) => `${x.year}`);
    const reportedTotal = sum(reported.map((r) => r ?? ZERO));
    checks.push({
      code: "reportedDebtService",
      ok: differ.length === 0,
      detail: { years: differ.join("、"), reported: str(reportedTotal), schedule: str(coverage.debtService) },
    });
  }
  return checks;
}
