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
 *   2. pooled — 片区, then 镇街, then 全区, by surplus allocation: each 万元 of surplus is claimed at most once, levels
 *      are tried smallest first across the whole portfolio and projects in need take their turn in input order
 *      (see pool.ts for the exact rule);
 *   3. extended — the balance year of the project's own yearly net flows, through the last year given;
 *   4. unbalanced — the remaining gap in 万元.
 * Money in 万元 (the unit of balance tables), exact Decimal throughout; nothing is rounded here.
 */


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
  /** 本息覆盖倍数 threshold (> 0): a policy parameter (p_coverageThreshold in src/registry/policy.ts), always given. */
  readonly coverageThreshold: Dec;
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
 * Cost: one pass over the flows, one grouping pass (Maps), then one allocation, O(n log n) plus the partner lists.
 */
export function checkPortfolio(portfolio: Portfolio, options: BalanceOptions): PortfolioBalance | DomainError {
  const { years, projects } = portfolio;
  const threshold = options.coverageThreshold;
  if (!isPositiveDec(threshold)) return fail("notPositive", { arg: "coverageThreshold", min: 0, value: threshold.toString() });
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
    v !== undefined && !isPositiveDec(v) ? fail("projectNotPositive", { arg, id, value: v.toString() }) : undefined;
  const nonNegative = (arg: string, v: Dec | undefined) =>
    v !== undefined && isNegativeDec(v) ? fail("projectNegative", { arg, id, value: v.toString() }) : undefined;
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
