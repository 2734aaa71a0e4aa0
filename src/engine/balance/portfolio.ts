import { coverage } from "../bonds";
import { Dec, ZERO, sum } from "../decimal";
import { DomainError, fail, isError } from "../errors";
import { WAN, roundHalfUp } from "../money";
import { FarExtra, farExtra, farWithin, plotRatio } from "./far";
import { PoolIndex, PoolLevel, PoolMember, PoolOutcome, RegionSummary, LEVEL_ZH } from "./pool";
import { isNegativeDec, isPositiveDec } from "./sign";
import { balanceYearIndex, checkYears, cumulative, extensionYears } from "./years";

/*
 * The balance check of a portfolio, domain §3 (D 五(一), X Art. 10–11, 24, 27), in the order the rules give:
 *   1. self-balanced — surplus over the planned period ≥ 0, and bond coverage ≥ threshold where there are bonds;
 *   2. pooled — 片区, then 镇街, then 全区 (see pool.ts for the exact semantics);
 *   3. extended — the balance year of the project's own yearly net flows, through the last year given;
 *   4. unbalanced — the remaining gap in 万元.
 * Money in 万元 (the unit of balance tables), exact Decimal throughout; nothing is rounded here.
 */

/** Policy defaults (parameters, never constants in the rules): domain §3 bond coverage, 1.1–1.3 locally. */
export const BALANCE_DEFAULTS = { coverageThreshold: 1.2 } as const;

/** One project of the portfolio. Yearly arrays follow `Portfolio.years`, one value per year (0 for none). */
export interface ProjectInput {
  readonly id: string;
  /** 片区 (bundle area); omitted: the project is in no 片区. */
  readonly area?: string;
  /** 镇街 (town / street); omitted: in no 镇街. */
  readonly town?: string;
  /** Yearly income, 万元: land income usable for the project, sales, subsidies, assigned taxes — not bond principal. */
  readonly income: readonly Dec[];
  /** Yearly cost, 万元: compensation, construction, early-stage, financing cost (interest, fees), contingency. */
  readonly cost: readonly Dec[];
  /** Yearly bond debt service (principal + interest + issuance costs), 万元, ≥ 0; omitted or all 0: no bonds. */
  readonly debtService?: readonly Dec[];
  /** Last year of the planned balance period; the surplus is counted through it. */
  readonly plannedEndYear: number;
  /** 用地面积 ㎡ (> 0); with `maxFar`, turns on the plot-ratio check. */
  readonly landArea?: Dec;
  /** 安置建筑面积 ㎡. */
  readonly resettleArea?: Dec;
  /** 开发建筑面积 ㎡. */
  readonly devArea?: Dec;
  /** 容积率上限 (> 0). */
  readonly maxFar?: Dec;
  /** Net income per ㎡ of extra development area, 元/㎡ (> 0); with a deficit, gives the extra area needed. */
  readonly netIncomePerSqm?: Dec;
}

export interface Portfolio {
  /** The yearly columns: whole years ascending by exactly 1. */
  readonly years: readonly number[];
  readonly projects: readonly ProjectInput[];
}

export interface BalanceOptions {
  /** 本息覆盖倍数 threshold (> 0), default BALANCE_DEFAULTS.coverageThreshold = 1.2. */
  readonly coverageThreshold?: Dec;
}

/** The verdict of domain §3 for one project, in the order the steps are tried. */
export type Verdict =
  | Extract<PoolOutcome, { kind: "self" } | { kind: "pooled" }>
  | { readonly kind: "extended"; readonly balanceYear: number; readonly extension: number }
  | Extract<PoolOutcome, { kind: "unbalanced" }>;

/** Plot-ratio view of a project (X Art. 27). */
export interface FarAssessment {
  /** resettleArea + devArea, ㎡. */
  readonly buildingArea: Dec;
  readonly ratio: Dec;
  readonly maxFar: Dec;
  /** The plan as it stands keeps within the maximum plot ratio. */
  readonly withinMax: boolean;
  /**
   * Closing the project's need by building more development area (need × 10⁴ 元 ÷ netIncomePerSqm): present
   * when the project needs money and `netIncomePerSqm` is given. `extra.withinMax` false means the project must
   * expand the balance area or extend the period instead.
   */
  readonly extra?: FarExtra;
}

export interface ProjectBalance {
  readonly id: string;
  readonly area?: string;
  readonly town?: string;
  /** Σ income − Σ cost over the years up to the planned end year, 万元. */
  readonly surplus: Dec;
  /** Σ income − Σ cost over every year given, 万元. */
  readonly totalNet: Dec;
  /** Cumulative net flow after each year, 万元. */
  readonly cumulative: readonly Dec[];
  /** Balance year of the project's own flows (step 3 rule), whatever the verdict; undefined when none. */
  readonly balanceYear?: number;
  /** Σ income ÷ Σ debt service over the bond term; undefined without bonds. */
  readonly coverage?: Dec;
  /** Income missing to reach the coverage threshold over the bond term, 万元 (0 when met or no bonds). */
  readonly coverageShortfall: Dec;
  /** What the project must receive to balance: max(0, −surplus, coverageShortfall), 万元. */
  readonly need: Dec;
  readonly verdict: Verdict;
  readonly far?: FarAssessment;
}

export interface PortfolioBalance {
  readonly years: readonly number[];
  readonly coverageThreshold: Dec;
  /** In input order. */
  readonly projects: readonly ProjectBalance[];
  /** District, 镇街 and 片区 totals of the planned-period surpluses. */
  readonly regions: readonly RegionSummary[];
  readonly districtSurplus: Dec;
}

interface Flows {
  readonly surplus: Dec;
  readonly totalNet: Dec;
  readonly cumulative: Dec[];
  readonly balanceYear?: number;
  readonly coverage?: Dec;
  readonly coverageShortfall: Dec;
}

/**
 * Check every project of the portfolio (domain §3). Returns a verdict per project, or the first input error
 * (years not whole/ascending/contiguous, yearly arrays of the wrong length, duplicate ids, a planned end before the
 * first year, negative debt service, non-positive land area, plot ratio or net income per ㎡).
 * Cost: one pass over the flows, one grouping pass (Maps), then O(log n + partners) per project.
 */
export function checkPortfolio(portfolio: Portfolio, options: BalanceOptions = {}): PortfolioBalance | DomainError {
  const { years, projects } = portfolio;
  const threshold = options.coverageThreshold ?? new Dec(BALANCE_DEFAULTS.coverageThreshold);
  if (!threshold.greaterThan(0)) return fail("notPositive", { arg: "coverageThreshold", min: 0, value: threshold.toString() });
  const yearError = checkYears(years, "years");
  if (yearError) return yearError;
  if (projects.length === 0) return fail("rangeEmpty", { arg: "projects" });

  const flows: Flows[] = new Array(projects.length);
  const members: PoolMember[] = new Array(projects.length);
  for (let i = 0; i < projects.length; i++) {
    const p = projects[i];
    const invalid = validateProject(p, i, years);
    if (invalid) return invalid;
    const f = projectFlows(p, years, threshold);
    flows[i] = f;
    const need = isPositiveDec(f.coverageShortfall) ? f.coverageShortfall : undefined;
    members[i] = { id: p.id, area: p.area, town: p.town, surplus: f.surplus, need };
  }
  const index = PoolIndex.build(members, { idArg: "id" });
  if (isError(index)) return index;

  const results: ProjectBalance[] = new Array(projects.length);
  for (let i = 0; i < projects.length; i++) {
    const p = projects[i];
    const f = flows[i];
    const need = index.needOf(i);
    results[i] = {
      id: p.id,
      area: p.area,
      town: p.town,
      surplus: f.surplus,
      totalNet: f.totalNet,
      cumulative: f.cumulative,
      balanceYear: f.balanceYear,
      coverage: f.coverage,
      coverageShortfall: f.coverageShortfall,
      need,
      verdict: verdictOf(index.outcome(i), f, p.plannedEndYear),
      far: assessFar(p, need),
    };
  }
  return { years, coverageThreshold: threshold, projects: results, regions: index.regions(), districtSurplus: index.districtSurplus };
}

/**
 * Steps 2–4 after the pooling outcome: extending the period helps only a plain deficit — it cannot raise the bond
 * coverage, which is measured over the bond term whatever the balance period.
 */
function verdictOf(outcome: PoolOutcome, f: Flows, plannedEndYear: number): Verdict {
  if (outcome.kind !== "unbalanced") return outcome;
  if (f.balanceYear !== undefined && !isPositiveDec(f.coverageShortfall)) {
    return { kind: "extended", balanceYear: f.balanceYear, extension: extensionYears(f.balanceYear, plannedEndYear) };
  }
  return outcome;
}

function projectFlows(p: ProjectInput, years: readonly number[], threshold: Dec): Flows {
  const n = years.length;
  const net: Dec[] = new Array(n);
  for (let k = 0; k < n; k++) net[k] = p.income[k].minus(p.cost[k]);
  const cum = cumulative(net);
  // The surplus is the domain's balance Σ income − Σ cost (balanceOf, BALANCE) over the planned period, read off
  // the cumulative net flow at the planned end year: the same sum, without adding the flows a second time.
  const surplus = cum[Math.min(n - 1, p.plannedEndYear - years[0])];
  const k = balanceYearIndex(cum);
  const bonds = bondTerm(p.debtService);
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
  return {
    surplus,
    totalNet: cum[n - 1],
    cumulative: cum,
    balanceYear: k < 0 ? undefined : years[k],
    coverage: cov,
    coverageShortfall: shortfall,
  };
}

/** The bond term: first to last year with debt service; undefined when there is none. */
function bondTerm(debtService: readonly Dec[] | undefined): { first: number; last: number } | undefined {
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

function assessFar(p: ProjectInput, need: Dec): FarAssessment | undefined {
  if (p.landArea === undefined || p.maxFar === undefined) return undefined;
  const buildingArea = (p.resettleArea ?? ZERO).plus(p.devArea ?? ZERO);
  const extra =
    isPositiveDec(need) && p.netIncomePerSqm !== undefined
      ? farExtra(need.times(WAN), p.netIncomePerSqm, p.landArea, buildingArea, p.maxFar)
      : undefined;
  return {
    buildingArea,
    ratio: plotRatio(p.landArea, buildingArea),
    maxFar: p.maxFar,
    withinMax: farWithin(p.landArea, buildingArea, p.maxFar),
    extra,
  };
}

function validateProject(p: ProjectInput, i: number, years: readonly number[]): DomainError | undefined {
  if (p.id === undefined || p.id === null || String(p.id).trim() === "") return fail("projectIdBlank", { arg: "id", pos: i + 1 });
  const id = p.id;
  const n = years.length;
  const lengthOf = (arg: string, a: readonly Dec[]) =>
    a.length === n ? undefined : fail("projectFlowLength", { arg, id, count: a.length, years: n });
  const bad = lengthOf("income", p.income) ?? lengthOf("cost", p.cost) ?? (p.debtService && lengthOf("debtService", p.debtService));
  if (bad) return bad;
  if (p.debtService) {
    for (const d of p.debtService) if (isNegativeDec(d)) return fail("projectNegative", { arg: "debtService", id, value: d.toString() });
  }
  if (!Number.isInteger(p.plannedEndYear)) return fail("projectNotWhole", { arg: "plannedEndYear", id, value: p.plannedEndYear });
  if (p.plannedEndYear < years[0]) {
    return fail("projectPlannedEndBeforeStart", { arg: "plannedEndYear", id, value: p.plannedEndYear, first: years[0] });
  }
  const positive = (arg: string, v: Dec | undefined) =>
    v !== undefined && !v.greaterThan(0) ? fail("projectNotPositive", { arg, id, value: v.toString() }) : undefined;
  const nonNegative = (arg: string, v: Dec | undefined) =>
    v !== undefined && v.lessThan(0) ? fail("projectNegative", { arg, id, value: v.toString() }) : undefined;
  return (
    positive("landArea", p.landArea) ??
    positive("maxFar", p.maxFar) ??
    positive("netIncomePerSqm", p.netIncomePerSqm) ??
    nonNegative("resettleArea", p.resettleArea) ??
    nonNegative("devArea", p.devArea)
  );
}

/**
 * Labels of the portfolio's fields for messages: `error.render(portfolioLabel)` prints “收入(income)” where the
 * error names the field `income` — the same style the cell functions use for their arguments.
 */
export const PORTFOLIO_FIELD_LABELS: Readonly<Record<string, string>> = {
  years: "年度",
  projects: "项目列表",
  id: "项目编号",
  area: "片区",
  town: "镇街",
  income: "收入",
  cost: "支出",
  debtService: "还本付息",
  plannedEndYear: "计划完成年度",
  landArea: "用地面积",
  resettleArea: "安置建筑面积",
  devArea: "开发建筑面积",
  maxFar: "容积率上限",
  netIncomePerSqm: "每平方米净收益",
  coverageThreshold: "本息覆盖倍数要求",
};

export function portfolioLabel(name: string): string {
  const label = PORTFOLIO_FIELD_LABELS[name];
  return label ? `${label}(${name})` : name;
}

/** Verdict text shown in cells and tables (BALANCELEVEL's wording for steps 1, 2 and 4). */
export function verdictText(verdict: Verdict): string {
  switch (verdict.kind) {
    case "self":
      return "项目自平衡";
    case "pooled":
      return verdict.level === "district" ? "全区平衡" : `${levelWord(verdict.level)}平衡（${verdict.region}）`;
    case "extended":
      return `延长平衡期限 ${verdict.extension} 年（${verdict.balanceYear} 年实现平衡）`;
    case "unbalanced":
      return `不能平衡，缺口 ${roundHalfUp(verdict.gap, 2).toFixed(2)} 万元`;
  }
}

function levelWord(level: PoolLevel): string {
  return LEVEL_ZH[level];
}

/**
 * What BALANCEPARTNERS shows instead of partner ids when there are none: a self-balanced project needs no
 * partners; one that no level balances has none that would suffice.
 */
export const NO_PARTNERS = {
  self: "无需统筹（项目自平衡）",
  unbalanced: "无（扩大到全区仍不能平衡）",
} as const;
