import { DomainError, fail, isError } from "../errors";
import { WAN, WAN_PLACES } from "../money";
import { Dec, ZERO } from "../decimal";
import { farExtra, farWithin, plotRatio } from "./far";
import type { FarExtra } from "./far";
import { projectFlows, Flows } from "./flows";
import { PoolIndex, PoolMember, PoolOutcome, RegionSummary } from "./pool";
import { isPositiveDec } from "./sign";
import { validateProject } from "./validate";
import { checkYears, extensionYears } from "./years";

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

/**
 * Check every project of the portfolio (domain §3). Returns a verdict per project, or the first input error
 * (years not whole/ascending/contiguous, yearly arrays of the wrong length, duplicate ids, a planned end before the
 * first year, negative debt service, non-positive land area, plot ratio or net income per ㎡).
 * Cost: one pass over the flows, one grouping pass (Maps), then one allocation, O(n log n) plus the partner lists.
 */
export function checkPortfolio(portfolio: Portfolio, options: BalanceOptions): PortfolioBalance | DomainError {
  const { years, projects } = portfolio;
  const threshold = options.coverageThreshold;
  if (!isPositiveDec(threshold)) return fail("notPositive", { arg: "coverageThreshold", min: 0, value: threshold });
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
  const index = PoolIndex.build(members, { idArg: "id", places: WAN_PLACES });
  if (isError(index)) return index;

  const results: ProjectBalance[] = new Array(projects.length);
  for (let i = 0; i < projects.length; i++) {
    const p = projects[i];
    const f = flows[i];
    const need = index.needOf(i);
    results[i] = new Balance(p, f, need, verdictOf(index.outcome(i), f, p.plannedEndYear), assessFar(p, need));
  }
  return { years, coverageThreshold: threshold, projects: results, regions: index.regions(), districtSurplus: index.districtSurplus };
}

/**
 * One project's ProjectBalance: its flows' sums, need, verdict and plot-ratio view. The cumulative series is read
 * through (projectFlows makes it only when asked for; no report reads it) by a getter of the class, not one of each
 * project's own.
 */
class Balance implements ProjectBalance {
  readonly id: string;
  readonly area?: string;
  readonly town?: string;
  readonly surplus: Dec;
  readonly totalNet: Dec;
  readonly balanceYear?: number;
  readonly coverage?: Dec;
  readonly coverageShortfall: Dec;

  constructor(
    p: ProjectInput,
    private readonly flows: Flows,
    readonly need: Dec,
    readonly verdict: Verdict,
    readonly far: FarAssessment | undefined,
  ) {
    this.id = p.id;
    this.area = p.area;
    this.town = p.town;
    this.surplus = flows.surplus;
    this.totalNet = flows.totalNet;
    this.balanceYear = flows.balanceYear;
    this.coverage = flows.coverage;
    this.coverageShortfall = flows.coverageShortfall;
  }

  get cumulative(): readonly Dec[] {
    return this.flows.cumulative;
  }
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
