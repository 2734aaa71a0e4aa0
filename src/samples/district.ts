import { Dec, dec } from "../engine/decimal";
import { toOutput } from "../engine/money";

/*
 * The sample district (示例区): 24 shantytown projects in 4 镇街 and 7 片区 whose per-year sums are exactly the
 * district plan's target section (D 三): 2024 — 8 projects, 3926 households, 385,700 ㎡ (38.57 万㎡); 2025 — 6,
 * 4332, 488,900 ㎡ (48.89); 2026 — 10, 4903, 408,800 ㎡ (40.88); in all 24, 13161, 128.34 万㎡.
 *
 * Pure data plus a deterministic generator: no I/O, no randomness, same output on every call.
 *
 * Cash-flow design (万元; `surplus` = Σ income − Σ cost over the planned period planYear..plannedEndYear):
 * - 19 projects are self-balanced (surplus ≥ 0; PG-2026-05 exactly 0). Three of them carry a special bond; their
 *   coverage Σ income ÷ Σ debt service over the bond term is ≥ 2.69, well above the 1.2 threshold.
 * Verdicts under the balance engine's surplus allocation (src/engine/balance/pool.ts: levels tried smallest first
 * across the portfolio, projects in list order, each 万元 of surplus claimed once):
 * - PG-2026-01 (东关片区, −300) is covered inside its 片区 (300 from PG-2024-01).
 * - PG-2025-02 (火车站片区, −800): its 片区 partners have only +500; 东关街道 covers it (800 from PG-2025-01).
 * - PG-2025-05 (北山村片区, −1,500): 片区 +500, 北山镇 +900 are not enough; of the district's 7,400 of surplus,
 *   6,300 is left after the 片区/镇街 claims → 全区平衡.
 * - PG-2025-06 (北山矿区片区, −9,000 > the 4,800 left) earns 5,000 in each of the two years after its planned end:
 *   cumulative −9,000 → −4,000 → +1,000, balanced by extending the period 2 years (2030 → 2032).
 * - PG-2026-10 (北山矿区片区, −12,000): nothing covers it and its cumulative flow stays negative → 不能平衡, gap
 *   12,000 − 4,800 = 7,200 万元. (A plain sum over the district, −16,200, would balance none of the last three.)
 *
 * Money conventions of the flows: `cost` includes the bonds' interest (financing cost, domain §3); `bondService`
 * is interest + principal repaid, for the coverage check only; bond principal is financing, never income.
 *
 * Special bonds (domain §5, issue 13): the three bond-funded projects receive their bonds in two tranches (分年发行),
 * 60% in the plan year at 3.00% for 5 years and 40% a year later at 2.50% for 4 years, so both are repaid in
 * planYear + 5, the last year of the planned period, and all their interest falls inside it (the surpluses and
 * verdicts above are unchanged). Construction runs planYear … planYear + 2 (the cost shares); the flows split 收入
 * into 土地出让收入 / 专项收入 / 财政补助 and 支出 into 建设支出 / 运营支出 (both including the interest).
 * PG-2025-04 lives on a 60% budget subsidy: its coverage without subsidy is 19,664 ÷ 16,950 = 1.16 < 1.2, with it
 * 49,150 ÷ 16,950 = 2.90 → 财政补助后平衡 (国办发〔2024〕52号). Its funding sources are entered as one 2018 plan printed
 * them — 1,000 万元 more than its 总投资 — so the debt system's check Σ sources = 总投资 shows a failure in the demo.
 */

/** 投资主体 as written in the workbook. */
export type SampleInvestor = "政府" | "民间资本";

/** One project of the project list (项目库). Areas in ㎡, money in 万元. */
export interface SampleProject {
  /** e.g. PG-2024-01 */
  readonly id: string;
  /** e.g. 东关南街棚户区改造项目 */
  readonly name: string;
  /** 镇街 */
  readonly town: string;
  /** 片区 (bundle area for pooled balance) */
  readonly area: string;
  /** 计划年度 */
  readonly planYear: number;
  /** 户数 */
  readonly households: number;
  /** 改造建筑面积 (㎡) */
  readonly buildingArea: number;
  /** 安置面积 (㎡) */
  readonly resettleArea: number;
  /** 开发面积 (㎡) */
  readonly devArea: number;
  /** 用地面积 (㎡) */
  readonly landArea: number;
  /** 最大容积率 */
  readonly maxFar: number;
  /** 投资主体 */
  readonly investor: SampleInvestor;
  /** 总投资 (万元) = Σ cost of the cash flows (construction + bond interest). */
  readonly investment: number;
  /** 房屋类型 (ELIGIBLE houseType) */
  readonly houseType: string;
  /** 使用年限 (years) */
  readonly ageYears: number;
  /** 房屋安全鉴定等级, "" when not appraised */
  readonly rating: string;
  /** 安置房每单元平层户数 (UNITCHECK) */
  readonly householdsPerFloor: number;
  /** 计划平衡期末年度 = planYear + plannedPeriodYears − 1 */
  readonly plannedEndYear: number;
  /** 仅有一套自住房 */
  readonly onlyHome: boolean;
  /** 签约率 (0–1) */
  readonly signRate: number;
  /** 交房率 (0–1) */
  readonly handoverRate: number;
  /** 安全隐患 score 0–100 */
  readonly safety: number;
  /** 居住条件 score 0–100 */
  readonly living: number;
  /** 周边环境 score 0–100 */
  readonly environment: number;
  /** Bond-funded projects only: 开工年度, 建设期末年度 and funding sources (万元). */
  readonly startYear?: number;
  readonly constructionEndYear?: number;
  readonly capital?: number;
  readonly marketFinancing?: number;
  readonly budgetSubsidy?: number;
}

/** One year of one project's cash flow (万元). */
export interface SampleCashFlow {
  readonly projectId: string;
  readonly year: number;
  /** 收入: usable land income, sales, subsidies … */
  readonly income: number;
  /** 支出: compensation, construction, early-stage costs, bond interest */
  readonly cost: number;
  /** 债券还本付息 (interest + principal), for the coverage check */
  readonly bondService: number;
  /** Split of income and cost, given for the bond-funded projects only (万元; they add up to income / cost). */
  readonly landIncome?: number;
  readonly specialIncome?: number;
  readonly subsidyIncome?: number;
  readonly constructionCost?: number;
  readonly operatingCost?: number;
}

/**
 * One tranche (一期) of a special bond (棚改专项债), 按年付息、到期一次还本: interest amount × rate in each year
 * issueYear + 1 … issueYear + term, the amount repaid in issueYear + term (the 债券 table of the workbook).
 */
export interface SampleBond {
  readonly projectId: string;
  /** 发行年度 */
  readonly issueYear: number;
  /** 发行额 (万元) */
  readonly amount: number;
  /** 票面利率 */
  readonly rate: number;
  /** 期限 (years) */
  readonly term: number;
  /** 其中用于资本金 (万元), 0 when none */
  readonly capitalPart: number;
}

/** Inputs of the infrastructure supporting fee (FEEDUE row) of one project. */
export interface SampleFeeInput {
  readonly projectId: string;
  /** ㎡ */
  readonly resettleArea: number;
  /** ㎡ */
  readonly devArea: number;
  readonly investor: SampleInvestor;
  /** 元/㎡ */
  readonly baseRate: number;
  /** 元/㎡ */
  readonly collectRate: number;
  /** 元/㎡ */
  readonly metroRate: number;
}

/**
 * Land transfer of one project (LANDNET inputs, 万元). Gross = the project's planned income, cost items 40% of
 * it; with the default provisions the usable part is 0.88 × gross (≤ the income; the rest of the income is
 * subsidies and sales).
 */
export interface SampleLandSale {
  readonly projectId: string;
  readonly year: number;
  /** 土地出让收入 (万元) */
  readonly grossIncome: number;
  /** 征地拆迁补偿、土地开发等成本 (万元) */
  readonly costItems: number;
}

/** District-wide parameters of the sample. */
export interface SampleParameters {
  readonly districtName: string;
  readonly firstYear: number;
  readonly lastYear: number;
  /** 城市基础设施配套费基础费率 (元/㎡) */
  readonly feeBaseRate: number;
  /** 代收资金 (元/㎡) */
  readonly collectRate: number;
  /** 地铁专项配套费 (元/㎡) */
  readonly metroRate: number;
  /** 安置:开发 ratio limit */
  readonly ratio: number;
  /** 本息覆盖倍数 threshold */
  readonly coverageThreshold: number;
  readonly eduRate: number;
  readonly irrigationRate: number;
  readonly housingRate: number;
  readonly fundRate: number;
  /** The sample's bond tranches: share of the project's bond, offset of the issue year from planYear, rate, term. */
  readonly bondTranches: ReadonlyArray<{ readonly share: number; readonly offset: number; readonly rate: number; readonly term: number }>;
  /** X Art. 31 */
  readonly maxHouseholdsPerFloor: number;
  /** Years of cash flow given per project: planYear .. planYear + flowYears − 1. */
  readonly flowYears: number;
  /** Planned balance period: planYear .. planYear + plannedPeriodYears − 1. */
  readonly plannedPeriodYears: number;
  /** 安置面积 per household (㎡). */
  readonly resettleAreaPerHousehold: number;
  /** Construction cost by year from planYear (shares summing to 1). */
  readonly costShares: readonly number[];
  /** Planned income by year from planYear (shares summing to 1, within the planned period). */
  readonly incomeShares: readonly number[];
  /** Land-sale cost items as a share of gross land income. */
  readonly landCostShare: number;
}

export interface SampleDistrict {
  readonly parameters: SampleParameters;
  /** 镇街, in list order. */
  readonly towns: readonly string[];
  /** 片区 with their 镇街. */
  readonly areas: ReadonlyArray<{ readonly name: string; readonly town: string }>;
  /** By plan year, then number. */
  readonly projects: readonly SampleProject[];
  /** Project by project, year by year (flowYears rows each). */
  readonly cashFlows: readonly SampleCashFlow[];
  readonly bonds: readonly SampleBond[];
  readonly feeInputs: readonly SampleFeeInput[];
  readonly landSales: readonly SampleLandSale[];
}

export const SAMPLE_PARAMETERS: SampleParameters = {
  districtName: "XX区",
  firstYear: 2024,
  lastYear: 2026,
  feeBaseRate: 150,
  collectRate: 20,
  metroRate: 30,
  ratio: 1.5,
  coverageThreshold: 1.2,
  eduRate: 0.1,
  irrigationRate: 0.1,
  housingRate: 0,
  fundRate: 0,
  bondTranches: [
    { share: 0.6, offset: 0, rate: 0.03, term: 5 },
    { share: 0.4, offset: 1, rate: 0.025, term: 4 },
  ],
  maxHouseholdsPerFloor: 8,
  flowYears: 8,
  plannedPeriodYears: 6,
  resettleAreaPerHousehold: 90,
  costShares: [0.4, 0.4, 0.2],
  incomeShares: [0, 0, 0.1, 0.3, 0.3, 0.3],
  landCostShare: 0.4,
};

/** What a project is made of before the generator derives areas, flows and investment. */
interface ProjectSeed {
  readonly id: string;
  readonly name: string;
  readonly town: string;
  readonly area: string;
  readonly households: number;
  readonly buildingArea: number;
  readonly householdsPerFloor: number;
  readonly investor: SampleInvestor;
  readonly houseType: string;
  readonly ageYears: number;
  readonly rating: string;
  readonly onlyHome: boolean;
  readonly signRate: number;
  readonly handoverRate: number;
  readonly safety: number;
  readonly living: number;
  readonly environment: number;
  /** 开发面积 ÷ 安置面积 */
  readonly devFactor: number;
  readonly maxFar: number;
  /** Construction and compensation cost (万元), spread by costShares. */
  readonly cost: number;
  /** Planned-period surplus by design (万元); planned income = cost + bond interest + surplus. */
  readonly surplus: number;
  /** Bond principal (万元), if the project has a special bond (issued in the tranches of the parameters). */
  readonly bond?: number;
  /** Bond-funded projects: income split (shares of 土地出让收入 and 专项收入; the rest is 财政补助), funding sources, 其中用于资本金 of the first tranche, operating cost per operating year (万元). */
  readonly bondFunding?: {
    readonly landShare: number;
    readonly specialShare: number;
    readonly marketFinancing: number;
    readonly budgetSubsidy: number;
    readonly capitalPart: number;
    readonly operatingCost: number;
    /** Funding sources minus 总投资 as entered (0 = consistent). */
    readonly sourcesError: number;
  };
  /** Income in the years after the planned period (万元), from plannedEndYear + 1. */
  readonly lateIncome?: readonly number[];
}

const E = "东关街道";
const W = "西城街道";
const S = "南湖镇";
const N = "北山镇";

const SEEDS: readonly ProjectSeed[] = [
  // ——2024: 8 projects, 3926 households, 385,700 ㎡
  {
    id: "PG-2024-01",
    name: "东关南街棚户区改造项目",
    town: E,
    area: "东关片区",
    households: 520,
    buildingArea: 48635,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "危旧房",
    ageYears: 38,
    rating: "",
    onlyHome: true,
    signRate: 1,
    handoverRate: 1,
    safety: 85,
    living: 80,
    environment: 70,
    devFactor: 1.2,
    maxFar: 3.0,
    cost: 26000,
    surplus: 1000,
  },
  {
    id: "PG-2024-02",
    name: "东关北街棚户区改造项目",
    town: E,
    area: "东关片区",
    households: 410,
    buildingArea: 39765,
    householdsPerFloor: 6,
    investor: "民间资本",
    houseType: "城市危旧房",
    ageYears: 35,
    rating: "C级",
    onlyHome: true,
    signRate: 1,
    handoverRate: 0.98,
    safety: 80,
    living: 75,
    environment: 65,
    devFactor: 1.8,
    maxFar: 3.0,
    cost: 20500,
    surplus: 800,
  },
  {
    id: "PG-2024-03",
    name: "火车站前街棚户区改造项目",
    town: E,
    area: "火车站片区",
    households: 365,
    buildingArea: 33218,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "旧房",
    ageYears: 42,
    rating: "",
    onlyHome: false,
    signRate: 0.95,
    handoverRate: 0.9,
    safety: 75,
    living: 70,
    environment: 80,
    devFactor: 1.0,
    maxFar: 2.8,
    cost: 18300,
    surplus: 300,
  },
  {
    id: "PG-2024-04",
    name: "西城老街棚户区改造项目",
    town: W,
    area: "西城老街片区",
    households: 480,
    buildingArea: 45282,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "危旧房",
    ageYears: 55,
    rating: "D级",
    onlyHome: true,
    signRate: 1,
    handoverRate: 1,
    safety: 95,
    living: 85,
    environment: 75,
    devFactor: 1.1,
    maxFar: 2.8,
    cost: 24000,
    surplus: 400,
  },
  {
    id: "PG-2024-05",
    name: "纺织厂家属院棚户区改造项目",
    town: W,
    area: "纺织厂片区",
    households: 612,
    buildingArea: 52146,
    householdsPerFloor: 6,
    investor: "政府",
    houseType: "危旧房",
    ageYears: 41,
    rating: "",
    onlyHome: true,
    signRate: 1,
    handoverRate: 1,
    safety: 78,
    living: 82,
    environment: 60,
    devFactor: 1.0,
    maxFar: 3.0,
    cost: 30600,
    surplus: 200,
  },
  {
    id: "PG-2024-06",
    name: "南湖村城中村改造项目",
    town: S,
    area: "南湖片区",
    households: 688,
    buildingArea: 71354,
    householdsPerFloor: 2,
    investor: "政府",
    houseType: "城中村",
    ageYears: 25,
    rating: "",
    onlyHome: false,
    signRate: 1,
    handoverRate: 1,
    safety: 60,
    living: 70,
    environment: 75,
    devFactor: 1.4,
    maxFar: 2.5,
    cost: 34400,
    surplus: 600,
  },
  {
    id: "PG-2024-07",
    name: "北山村城边村改造项目",
    town: N,
    area: "北山村片区",
    households: 356,
    buildingArea: 38927,
    householdsPerFloor: 2,
    investor: "政府",
    houseType: "城边村",
    ageYears: 24,
    rating: "",
    onlyHome: true,
    signRate: 0.97,
    handoverRate: 0.95,
    safety: 55,
    living: 65,
    environment: 70,
    devFactor: 1.0,
    maxFar: 2.5,
    cost: 17800,
    surplus: 200,
  },
  {
    id: "PG-2024-08",
    name: "北山煤矿塌陷区棚户区改造项目",
    town: N,
    area: "北山矿区片区",
    households: 495,
    buildingArea: 56373,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "采煤塌陷区",
    ageYears: 28,
    rating: "",
    onlyHome: true,
    signRate: 1,
    handoverRate: 1,
    safety: 98,
    living: 75,
    environment: 80,
    devFactor: 0.9,
    maxFar: 2.5,
    cost: 24800,
    surplus: 400,
    bond: 8000,
    bondFunding: {
      landShare: 0.7,
      specialShare: 0.3,
      marketFinancing: 0,
      budgetSubsidy: 0,
      capitalPart: 0,
      operatingCost: 0,
      sourcesError: 0,
    },
  },
  // ——2025: 6 projects, 4332 households, 488,900 ㎡
  {
    id: "PG-2025-01",
    name: "鼓楼巷棚户区改造项目",
    town: E,
    area: "东关片区",
    households: 586,
    buildingArea: 55420,
    householdsPerFloor: 6,
    investor: "政府",
    houseType: "危房",
    ageYears: 12,
    rating: "D级",
    onlyHome: true,
    signRate: 0.96,
    handoverRate: 0.92,
    safety: 90,
    living: 70,
    environment: 60,
    devFactor: 1.3,
    maxFar: 3.0,
    cost: 29300,
    surplus: 1000,
    bond: 10000,
    bondFunding: {
      landShare: 0.8,
      specialShare: 0.2,
      marketFinancing: 3000,
      budgetSubsidy: 0,
      capitalPart: 1000,
      operatingCost: 200,
      sourcesError: 0,
    },
  },
  {
    id: "PG-2025-02",
    name: "铁路新村棚户区改造项目",
    town: E,
    area: "火车站片区",
    households: 702,
    buildingArea: 71580,
    householdsPerFloor: 6,
    investor: "政府",
    houseType: "危旧房",
    ageYears: 30,
    rating: "",
    onlyHome: false,
    signRate: 0.9,
    handoverRate: 0.85,
    safety: 70,
    living: 75,
    environment: 70,
    devFactor: 0.8,
    maxFar: 2.8,
    cost: 35100,
    surplus: -800,
  },
  {
    id: "PG-2025-03",
    name: "城隍庙巷棚户区改造项目",
    town: W,
    area: "西城老街片区",
    households: 498,
    buildingArea: 47263,
    householdsPerFloor: 4,
    investor: "民间资本",
    houseType: "危旧房",
    ageYears: 48,
    rating: "C级",
    onlyHome: true,
    signRate: 0.93,
    handoverRate: 0.9,
    safety: 82,
    living: 78,
    environment: 72,
    devFactor: 1.5,
    maxFar: 3.0,
    cost: 24900,
    surplus: 500,
  },
  {
    id: "PG-2025-04",
    name: "前湖村城中村改造项目",
    town: S,
    area: "南湖片区",
    households: 934,
    buildingArea: 106737,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "城中村",
    ageYears: 22,
    rating: "",
    onlyHome: false,
    signRate: 0.92,
    handoverRate: 0.88,
    safety: 58,
    living: 68,
    environment: 72,
    devFactor: 1.2,
    maxFar: 2.5,
    cost: 46700,
    surplus: 500,
    bond: 15000,
    bondFunding: {
      landShare: 0.3,
      specialShare: 0.1,
      marketFinancing: 8000,
      budgetSubsidy: 2000,
      capitalPart: 0,
      operatingCost: 0,
      sourcesError: 1000,
    },
  },
  {
    id: "PG-2025-05",
    name: "王家沟村城边村改造项目",
    town: N,
    area: "北山村片区",
    households: 745,
    buildingArea: 82915,
    householdsPerFloor: 2,
    investor: "政府",
    houseType: "城边村",
    ageYears: 21,
    rating: "",
    onlyHome: true,
    signRate: 0.9,
    handoverRate: 0.86,
    safety: 52,
    living: 66,
    environment: 64,
    devFactor: 0.7,
    maxFar: 2.5,
    cost: 37300,
    surplus: -1500,
  },
  {
    id: "PG-2025-06",
    name: "矿务局家属区棚户区改造项目",
    town: N,
    area: "北山矿区片区",
    households: 867,
    buildingArea: 124985,
    householdsPerFloor: 6,
    investor: "政府",
    houseType: "采煤塌陷区",
    ageYears: 40,
    rating: "D级",
    onlyHome: true,
    signRate: 0.95,
    handoverRate: 0.9,
    safety: 96,
    living: 72,
    environment: 78,
    devFactor: 0.5,
    maxFar: 2.5,
    cost: 43400,
    surplus: -9000,
    lateIncome: [5000, 5000],
  },
  // ——2026: 10 projects, 4903 households, 408,800 ㎡
  {
    id: "PG-2026-01",
    name: "东关菜市场周边棚户区改造项目",
    town: E,
    area: "东关片区",
    households: 392,
    buildingArea: 31476,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "棚户区",
    ageYears: 26,
    rating: "",
    onlyHome: false,
    signRate: 0.8,
    handoverRate: 0.75,
    safety: 68,
    living: 72,
    environment: 66,
    devFactor: 1.0,
    maxFar: 3.0,
    cost: 19600,
    surplus: -300,
  },
  {
    id: "PG-2026-02",
    name: "站北路棚户区改造项目",
    town: E,
    area: "火车站片区",
    households: 318,
    buildingArea: 26124,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "棚户区",
    ageYears: 18,
    rating: "",
    onlyHome: false,
    signRate: 0.78,
    handoverRate: 0.7,
    safety: 62,
    living: 70,
    environment: 74,
    devFactor: 1.1,
    maxFar: 2.8,
    cost: 15900,
    surplus: 200,
  },
  {
    id: "PG-2026-03",
    name: "西门里棚户区改造项目",
    town: W,
    area: "西城老街片区",
    households: 445,
    buildingArea: 36851,
    householdsPerFloor: 6,
    investor: "政府",
    houseType: "旧房",
    ageYears: 33,
    rating: "",
    onlyHome: true,
    signRate: 0.85,
    handoverRate: 0.8,
    safety: 72,
    living: 76,
    environment: 68,
    devFactor: 1.2,
    maxFar: 2.8,
    cost: 22300,
    surplus: 300,
  },
  {
    id: "PG-2026-04",
    name: "棉纺路棚户区改造项目",
    town: W,
    area: "纺织厂片区",
    households: 276,
    buildingArea: 22749,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "危旧房",
    ageYears: 36,
    rating: "",
    onlyHome: false,
    signRate: 0.82,
    handoverRate: 0.76,
    safety: 66,
    living: 74,
    environment: 62,
    devFactor: 1.0,
    maxFar: 3.0,
    cost: 13800,
    surplus: 100,
  },
  {
    id: "PG-2026-05",
    name: "机械厂宿舍棚户区改造项目",
    town: W,
    area: "纺织厂片区",
    households: 334,
    buildingArea: 27318,
    householdsPerFloor: 8,
    investor: "政府",
    houseType: "危旧房",
    ageYears: 31,
    rating: "",
    onlyHome: true,
    signRate: 0.88,
    handoverRate: 0.8,
    safety: 70,
    living: 72,
    environment: 60,
    devFactor: 1.0,
    maxFar: 3.0,
    cost: 16700,
    surplus: 0,
  },
  {
    id: "PG-2026-06",
    name: "后湖村城边村改造项目",
    town: S,
    area: "南湖片区",
    households: 587,
    buildingArea: 49882,
    householdsPerFloor: 2,
    investor: "政府",
    houseType: "城边村",
    ageYears: 20,
    rating: "",
    onlyHome: false,
    signRate: 0.8,
    handoverRate: 0.72,
    safety: 50,
    living: 64,
    environment: 70,
    devFactor: 1.3,
    maxFar: 2.5,
    cost: 29400,
    surplus: 300,
  },
  {
    id: "PG-2026-07",
    name: "湖滨村城中村改造项目",
    town: S,
    area: "南湖片区",
    households: 642,
    buildingArea: 56907,
    householdsPerFloor: 4,
    investor: "民间资本",
    houseType: "城中村",
    ageYears: 15,
    rating: "C级",
    onlyHome: false,
    signRate: 0.84,
    handoverRate: 0.78,
    safety: 76,
    living: 66,
    environment: 62,
    devFactor: 1.6,
    maxFar: 2.5,
    cost: 32100,
    surplus: 200,
  },
  {
    id: "PG-2026-08",
    name: "张庄村城边村改造项目",
    town: S,
    area: "南湖片区",
    households: 503,
    buildingArea: 44293,
    householdsPerFloor: 2,
    investor: "政府",
    houseType: "城边村",
    ageYears: 27,
    rating: "",
    onlyHome: true,
    signRate: 0.8,
    handoverRate: 0.7,
    safety: 54,
    living: 62,
    environment: 66,
    devFactor: 1.2,
    maxFar: 2.5,
    cost: 25200,
    surplus: 100,
  },
  {
    id: "PG-2026-09",
    name: "北山老街棚户区改造项目",
    town: N,
    area: "北山村片区",
    households: 289,
    buildingArea: 24636,
    householdsPerFloor: 4,
    investor: "政府",
    houseType: "棚户区",
    ageYears: 35,
    rating: "",
    onlyHome: true,
    signRate: 0.86,
    handoverRate: 0.8,
    safety: 74,
    living: 70,
    environment: 64,
    devFactor: 1.0,
    maxFar: 2.5,
    cost: 14500,
    surplus: 300,
  },
  {
    id: "PG-2026-10",
    name: "二矿沉陷区棚户区改造项目",
    town: N,
    area: "北山矿区片区",
    households: 1117,
    buildingArea: 88564,
    householdsPerFloor: 6,
    investor: "政府",
    houseType: "采煤塌陷区",
    ageYears: 33,
    rating: "",
    onlyHome: true,
    signRate: 0.75,
    handoverRate: 0.7,
    safety: 94,
    living: 74,
    environment: 82,
    devFactor: 0.5,
    maxFar: 2.5,
    cost: 55900,
    surplus: -12000,
    lateIncome: [2000, 2000],
  },
];

const TOWNS = [E, W, S, N] as const;

const AREAS: ReadonlyArray<{ name: string; town: string }> = [
  { name: "东关片区", town: E },
  { name: "火车站片区", town: E },
  { name: "西城老街片区", town: W },
  { name: "纺织厂片区", town: W },
  { name: "南湖片区", town: S },
  { name: "北山村片区", town: N },
  { name: "北山矿区片区", town: N },
];

const planYearOf = (id: string): number => Number(id.slice(3, 7));

/** Exact share of an amount in 万元, as the number written to the sheet (2 decimals, half-up). */
const share = (amount: Dec, s: number): Dec => amount.times(dec(s));
const out = (d: Dec): number => toOutput(d, 2);

/**
 * Build the sample district. Deterministic: the same parameters give the same records, in the same order.
 * Derived per project: 安置面积 = households × resettleAreaPerHousehold; 开发面积 = 安置面积 × devFactor; 用地面积 =
 * (安置 + 开发) ÷ (0.9 × maxFar) rounded up to 10 ㎡ (so the plot ratio stays below the maximum); cash flows by
 * costShares / incomeShares plus bond interest and late income; investment = Σ cost.
 */
export function buildSampleDistrict(parameters: SampleParameters = SAMPLE_PARAMETERS): SampleDistrict {
  const p = parameters;
  const projects: SampleProject[] = [];
  const cashFlows: SampleCashFlow[] = [];
  const bonds: SampleBond[] = [];
  const feeInputs: SampleFeeInput[] = [];
  const landSales: SampleLandSale[] = [];

  for (const s of SEEDS) {
    const planYear = planYearOf(s.id);
    const plannedEndYear = planYear + p.plannedPeriodYears - 1;
    const resettleArea = s.households * p.resettleAreaPerHousehold;
    const devArea = out(dec(resettleArea).times(dec(s.devFactor)).round());
    const landArea = out(
      dec(resettleArea + devArea)
        .div(dec(s.maxFar).times("0.9"))
        .div(10)
        .ceil()
        .times(10),
    );

    // Tranches of the project's bond; construction is planYear … planYear + costShares.length − 1.
    const constructionEndYear = planYear + p.costShares.length - 1;
    const tranches =
      s.bond === undefined
        ? []
        : p.bondTranches.map((t, i) => ({
            issueYear: planYear + t.offset,
            amount: dec(s.bond!).times(dec(t.share)),
            rate: dec(t.rate),
            term: t.term,
            capitalPart: i === 0 ? dec(s.bondFunding?.capitalPart ?? 0) : dec(0),
          }));
    const interestIn = (year: number) =>
      tranches.reduce((a, t) => (year > t.issueYear && year <= t.issueYear + t.term ? a.plus(t.amount.times(t.rate)) : a), dec(0));
    const principalIn = (year: number) => tranches.reduce((a, t) => (year === t.issueYear + t.term ? a.plus(t.amount) : a), dec(0));
    const f = s.bondFunding;
    const operatingIn = (year: number) => (f && year > constructionEndYear && year <= plannedEndYear ? dec(f.operatingCost) : dec(0));
    let interestTotal = dec(0);
    let operatingTotal = dec(0);
    for (let k = 0; k < p.flowYears; k++) {
      interestTotal = interestTotal.plus(interestIn(planYear + k));
      operatingTotal = operatingTotal.plus(operatingIn(planYear + k));
    }
    const cost = dec(s.cost);
    const plannedIncome = cost.plus(interestTotal).plus(operatingTotal).plus(s.surplus);

    let investment = dec(0);
    for (let k = 0; k < p.flowYears; k++) {
      const year = planYear + k;
      const construction = share(cost, p.costShares[k] ?? 0);
      const interest = interestIn(year);
      const yearCost = construction.plus(interest).plus(operatingIn(year));
      const late = year > plannedEndYear ? (s.lateIncome?.[year - plannedEndYear - 1] ?? 0) : 0;
      const income = share(plannedIncome, p.incomeShares[k] ?? 0).plus(late);
      const service = interest.plus(principalIn(year));
      investment = investment.plus(yearCost);
      const flow: SampleCashFlow = { projectId: s.id, year, income: out(income), cost: out(yearCost), bondService: out(service) };
      if (f) {
        // Whole 万元 parts that add up exactly to the income and cost written.
        const land = income.times(dec(f.landShare)).round();
        const special = income.times(dec(f.specialShare)).round();
        const inConstruction = year <= constructionEndYear;
        cashFlows.push({
          ...flow,
          landIncome: out(land),
          specialIncome: out(special),
          subsidyIncome: out(income.minus(land).minus(special)),
          constructionCost: out(inConstruction ? yearCost : dec(0)),
          operatingCost: out(inConstruction ? dec(0) : yearCost),
        });
      } else {
        cashFlows.push(flow);
      }
    }

    for (const t of tranches) {
      bonds.push({
        projectId: s.id,
        issueYear: t.issueYear,
        amount: out(t.amount),
        rate: toOutput(t.rate, 6),
        term: t.term,
        capitalPart: out(t.capitalPart),
      });
    }
    feeInputs.push({
      projectId: s.id,
      resettleArea,
      devArea,
      investor: s.investor,
      baseRate: p.feeBaseRate,
      collectRate: p.collectRate,
      metroRate: p.metroRate,
    });
    landSales.push({
      projectId: s.id,
      year: planYear + 3,
      grossIncome: out(plannedIncome),
      costItems: out(share(plannedIncome, p.landCostShare)),
    });
    // Funding sources: 资本金 = 总投资 − bonds − market financing − subsidy (+ the entry error of the sample, if any).
    const funding =
      f && s.bond !== undefined
        ? {
            startYear: planYear,
            constructionEndYear,
            capital: out(investment.minus(s.bond).minus(f.marketFinancing).minus(f.budgetSubsidy).plus(f.sourcesError)),
            marketFinancing: f.marketFinancing,
            budgetSubsidy: f.budgetSubsidy,
          }
        : {};

    projects.push({
      id: s.id,
      name: s.name,
      town: s.town,
      area: s.area,
      planYear,
      households: s.households,
      buildingArea: s.buildingArea,
      resettleArea,
      devArea,
      landArea,
      maxFar: s.maxFar,
      investor: s.investor,
      investment: out(investment),
      houseType: s.houseType,
      ageYears: s.ageYears,
      rating: s.rating,
      householdsPerFloor: s.householdsPerFloor,
      plannedEndYear,
      onlyHome: s.onlyHome,
      signRate: s.signRate,
      handoverRate: s.handoverRate,
      safety: s.safety,
      living: s.living,
      environment: s.environment,
      ...funding,
    });
  }
  return { parameters: p, towns: [...TOWNS], areas: AREAS, projects, cashFlows, bonds, feeInputs, landSales };
}

/** The sample with its default parameters. */
export const SAMPLE_DISTRICT: SampleDistrict = buildSampleDistrict();
