import { DomainError } from "../../src/engine/errors";
import { buildPlanTable, buildPlanTableByTown, planSentence, planTableCells } from "../../src/engine/plan";
import { Dec } from "../../src/engine/decimal";
import { getFunction } from "../../src/registry";
import { invoke } from "../../src/registry/invoke";
import { SAMPLE_DISTRICT, SampleProject, buildSampleDistrict } from "../../src/samples/district";
import { isError } from "../../src/engine/errors";
import { Portfolio, ProjectInput, checkPortfolio } from "../../src/engine/balance";
import { verdictText } from "../../src/registry/verdicts";

const D = SAMPLE_DISTRICT;
const byId = new Map(D.projects.map((p) => [p.id, p]));
const column = (f: (p: SampleProject) => number) => D.projects.map((p) => [f(p)]);
const planProjects = D.projects.map((p) => ({
  year: p.planYear,
  households: p.households,
  buildingArea: new Dec(p.buildingArea),
  investment: new Dec(p.investment),
  town: p.town,
}));

/** D 三, written out by hand from the seed (with the real years 2024–2026). */
const TARGET_SENTENCE =
  "力争用3年时间，实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米。其中：" +
  "——2024年，实施棚户区改造项目8个、3926户，改造建筑面积38.57万平方米。" +
  "——2025年，实施棚户区改造项目6个、4332户，改造建筑面积48.89万平方米。" +
  "——2026年，实施棚户区改造项目10个、4903户，改造建筑面积40.88万平方米。";

describe("sample district reproduces the plan's target section (D 三)", () => {
  test("per-year sums are exactly the plan's: 8/6/10 projects, 3926/4332/4903 households, 385,700/488,900/408,800 ㎡", () => {
    const sums = new Map<number, [number, number, number]>();
    for (const p of D.projects) {
      const s = sums.get(p.planYear) ?? [0, 0, 0];
      sums.set(p.planYear, [s[0] + 1, s[1] + p.households, s[2] + p.buildingArea]);
    }
    expect(Object.fromEntries(sums)).toEqual({
      2024: [8, 3926, 385700],
      2025: [6, 4332, 488900],
      2026: [10, 4903, 408800],
    });
  });

  test("PLANTEXT through the engine writes the plan's sentence", () => {
    const t = buildPlanTable(planProjects);
    if (t instanceof DomainError) throw new Error(t.code);
    expect(planSentence(t)).toBe(TARGET_SENTENCE);
  });

  test("PLANTEXT through the registry, with 2-D column ranges as Excel passes them, writes the same sentence", () => {
    const out = invoke(getFunction("PLANTEXT")!, [column((p) => p.planYear), column((p) => p.households), column((p) => p.buildingArea)]);
    expect(out).toBe(TARGET_SENTENCE);
  });

  test("PLANTABLE over the sample: the plan's figures plus investment (Σ cost incl. bond interest)", () => {
    // Bond interest of the two tranches (60% at 3% × 5 years, 40% at 2.5% × 4 years): 8,000 → 720 + 320 = 1,040;
    // 10,000 → 900 + 400 = 1,300 (plus 3 × 200 operating cost); 15,000 → 1,350 + 600 = 1,950.
    // investment 2024: 26000+20500+18300+24000+30600+34400+17800+(24800+1040)          = 197,440
    //            2025: (29300+1300+600)+35100+24900+(46700+1950)+37300+43400           = 220,550
    //            2026: 19600+15900+22300+13800+16700+29400+32100+25200+14500+55900    = 245,400
    const out = invoke(getFunction("PLANTABLE")!, [
      column((p) => p.planYear),
      column((p) => p.households),
      column((p) => p.buildingArea),
      column((p) => p.investment),
    ]);
    expect(out).toEqual([
      ["年度", "项目数", "户数", "改造面积(万㎡)", "投资(万元)"],
      [2024, 8, 3926, 38.57, 197440],
      [2025, 6, 4332, 48.89, 220550],
      [2026, 10, 4903, 40.88, 245400],
      ["合计", 24, 13161, 128.34, 663390],
    ]);
  });

  test("the engine's 亿元 view and per-town table of the sample add up", () => {
    const t = buildPlanTable(planProjects, { investmentUnit: "亿元" });
    if (t instanceof DomainError) throw new Error(t.code);
    // 19.744 → 19.74, 22.055 → 22.06, 24.54; total 66.339 → 66.34 = 19.74 + 22.06 + 24.54 (no adjustment)
    expect(planTableCells(t).map((r) => r[4])).toEqual(["投资(亿元)", 19.74, 22.06, 24.54, 66.34]);
    const byTown = buildPlanTableByTown(planProjects);
    if (byTown instanceof DomainError) throw new Error(byTown.code);
    expect(byTown.towns).toEqual(["东关街道", "西城街道", "南湖镇", "北山镇"]);
    // 2024 by town: 东关 48,635+39,765+33,218 = 121,618 ㎡ → 12.1618; 西城 45,282+52,146 = 97,428 → 9.7428;
    // 南湖 71,354 → 7.1354; 北山 38,927+56,373 = 95,300 → 9.53. Half-up: 12.16 + 9.74 + 7.14 + 9.53 = 38.57 ✓ (no adjustment)
    expect(byTown.rows.filter((r) => r.year === 2024).map((r) => [r.town, r.projects, r.households, r.areaWan.toFixed(2)])).toEqual([
      ["东关街道", 3, 1295, "12.16"],
      ["西城街道", 2, 1092, "9.74"],
      ["南湖镇", 1, 688, "7.14"],
      ["北山镇", 2, 851, "9.53"],
    ]);
  });
});

describe("sample district records", () => {
  test("24 projects with unique ids PG-<year>-<nn>, 4 镇街 and 7 片区, each 片区 in one 镇街", () => {
    expect(D.projects).toHaveLength(24);
    expect(new Set(D.projects.map((p) => p.id)).size).toBe(24);
    for (const p of D.projects) expect(p.id).toMatch(new RegExp(`^PG-${p.planYear}-\\d{2}$`));
    expect(D.towns).toHaveLength(4);
    expect(D.areas).toHaveLength(7);
    for (const p of D.projects) expect(D.areas).toContainEqual({ name: p.area, town: p.town });
  });

  test("every project is ELIGIBLE and passes UNITCHECK", () => {
    for (const p of D.projects) {
      expect([p.id, invoke(getFunction("ELIGIBLE")!, [p.houseType, p.ageYears, p.rating || null])]).toEqual([p.id, true]);
      expect([p.id, invoke(getFunction("UNITCHECK")!, [p.householdsPerFloor])]).toEqual([p.id, true]);
    }
  });

  test("every project keeps its plot ratio within the maximum", () => {
    for (const p of D.projects) expect((p.resettleArea + p.devArea) / p.landArea).toBeLessThanOrEqual(p.maxFar);
  });

  test("the first priority tier is the four 2024 projects with only homes and 100% signing and handover", () => {
    // PG-2024-04: 1000 + 0.5·95 + 0.3·85 + 0.2·75 = 1088;  PG-2024-08: 1000 + 49 + 22.5 + 16 = 1087.5
    // PG-2024-01: 1000 + 42.5 + 24 + 14 = 1080.5;          PG-2024-05: 1000 + 39 + 24.6 + 12 = 1075.6
    // (PG-2024-02 has 98% handover, PG-2024-06 has no only-home rule: both fall to the second tier)
    const scored = D.projects
      .map((p) => ({
        id: p.id,
        s: invoke(getFunction("PRIORITY")!, [p.safety, p.living, p.environment, p.onlyHome, p.signRate, p.handoverRate]) as number,
      }))
      .sort((a, b) => b.s - a.s);
    expect(scored.slice(0, 5)).toEqual([
      { id: "PG-2024-04", s: 1088 },
      { id: "PG-2024-08", s: 1087.5 },
      { id: "PG-2024-01", s: 1080.5 },
      { id: "PG-2024-05", s: 1075.6 },
      expect.objectContaining({ s: expect.any(Number) }),
    ]);
    expect(scored[4].s).toBeLessThan(100);
  });

  test("cash flows: 8 whole-万元 years per project, from the plan year; investment = Σ cost", () => {
    for (const p of D.projects) {
      const flows = D.cashFlows.filter((f) => f.projectId === p.id);
      expect(flows.map((f) => f.year)).toEqual(Array.from({ length: 8 }, (_, k) => p.planYear + k));
      for (const f of flows) for (const v of [f.income, f.cost, f.bondService]) expect(Number.isInteger(v) && v >= 0).toBe(true);
      expect(flows.reduce((s, f) => s + f.cost, 0)).toBe(p.investment);
      expect(p.plannedEndYear).toBe(p.planYear + 5);
    }
  });

  test("fee inputs and land sales line up with the projects; some projects are private capital", () => {
    expect(D.feeInputs.map((f) => f.projectId)).toEqual(D.projects.map((p) => p.id));
    for (const f of D.feeInputs) {
      const p = byId.get(f.projectId)!;
      expect([f.resettleArea, f.devArea, f.investor, f.baseRate, f.collectRate, f.metroRate]).toEqual([
        p.resettleArea,
        p.devArea,
        p.investor,
        150,
        20,
        30,
      ]);
    }
    expect(D.projects.filter((p) => p.investor === "民间资本").map((p) => p.id)).toEqual(["PG-2024-02", "PG-2025-03", "PG-2026-07"]);
    // PG-2024-02: 410 households × 90 = 36,900 ㎡ resettlement, dev 1.8 × = 66,420 > 1.5 × 36,900 = 55,350 → a half-rate part
    expect([byId.get("PG-2024-02")!.resettleArea, byId.get("PG-2024-02")!.devArea]).toEqual([36900, 66420]);
    for (const l of D.landSales) expect(l.costItems).toBe(l.grossIncome * 0.4);
    expect(D.parameters).toMatchObject({
      feeBaseRate: 150,
      ratio: 1.5,
      coverageThreshold: 1.2,
      eduRate: 0.1,
      irrigationRate: 0.1,
      housingRate: 0,
      fundRate: 0,
    });
  });

  test("the generator is deterministic", () => {
    expect(buildSampleDistrict()).toEqual(SAMPLE_DISTRICT);
  });
});

/*
 * Balance design (domain §3), checked here by hand because the balance engine is written separately.
 * Surplus = Σ income − Σ cost over the planned period planYear .. planYear+5, in 万元.
 */
const HAND_SURPLUS: Record<string, number> = {
  // 东关街道 / 东关片区
  "PG-2024-01": 1000,
  "PG-2024-02": 800,
  "PG-2025-01": 1000,
  "PG-2026-01": -300,
  // 东关街道 / 火车站片区
  "PG-2024-03": 300,
  "PG-2025-02": -800,
  "PG-2026-02": 200,
  // 西城街道 / 西城老街片区, 纺织厂片区
  "PG-2024-04": 400,
  "PG-2025-03": 500,
  "PG-2026-03": 300,
  "PG-2024-05": 200,
  "PG-2026-04": 100,
  "PG-2026-05": 0,
  // 南湖镇 / 南湖片区
  "PG-2024-06": 600,
  "PG-2025-04": 500,
  "PG-2026-06": 300,
  "PG-2026-07": 200,
  "PG-2026-08": 100,
  // 北山镇 / 北山村片区, 北山矿区片区
  "PG-2024-07": 200,
  "PG-2025-05": -1500,
  "PG-2026-09": 300,
  "PG-2024-08": 400,
  "PG-2025-06": -9000,
  "PG-2026-10": -12000,
};

function flowsOf(id: string) {
  return D.cashFlows.filter((f) => f.projectId === id);
}

function plannedSurplus(p: SampleProject): number {
  return flowsOf(p.id)
    .filter((f) => f.year <= p.plannedEndYear)
    .reduce((s, f) => s + f.income - f.cost, 0);
}

/** Earliest year from which the cumulative net flow stays ≥ 0 through the last year given, or null. */
function balanceYear(id: string): number | null {
  const flows = flowsOf(id);
  let cum = 0;
  const cums = flows.map((f) => (cum += f.income - f.cost));
  let year: number | null = null;
  for (let i = cums.length - 1; i >= 0 && cums[i] >= 0; i--) year = flows[i].year;
  return year;
}

describe("sample district balance design: the flows behind the verdicts", () => {
  test("the flows give the hand-designed planned-period surpluses", () => {
    expect(Object.fromEntries(D.projects.map((p) => [p.id, plannedSurplus(p)]))).toEqual(HAND_SURPLUS);
  });

  test("PG-2025-06 balances by extending the period 2 years: cumulative −9,000 (2030) → −4,000 (2031) → +1,000 (2032)", () => {
    const flows = flowsOf("PG-2025-06");
    let cum = 0;
    const cums = flows.map((f) => [f.year, (cum += f.income - f.cost)]);
    expect(cums.slice(5)).toEqual([
      [2030, -9000],
      [2031, -4000],
      [2032, 1000],
    ]);
    expect(balanceYear("PG-2025-06")).toBe(2032);
  });

  test("PG-2026-10 never balances: −12,000 at its planned end (2031), −8,000 at the last year given (2033)", () => {
    const flows = flowsOf("PG-2026-10");
    expect(flows.reduce((s, f) => s + f.income - f.cost, 0)).toBe(-8000);
    expect(balanceYear("PG-2026-10")).toBeNull();
  });

  test("bonded projects are self-balanced with coverage well above 1.2", () => {
    // Two tranches each: 60% in the plan year at 3% for 5 years, 40% a year later at 2.5% for 4 years, both repaid in
    // planYear + 5. Σ income over the term ÷ Σ (interest + principal):
    // PG-2024-08: interest 4,800 × 3% × 5 + 3,200 × 2.5% × 4 = 720 + 320 = 1,040; income 24,800 + 1,040 + 400 = 26,240;
    //             26,240 / (1,040 + 8,000) = 26,240 / 9,040
    // PG-2025-01: interest 6,000 × 3% × 5 + 4,000 × 2.5% × 4 = 900 + 400 = 1,300; operating cost 3 × 200 = 600;
    //             income 29,300 + 1,300 + 600 + 1,000 = 32,200; 32,200 / 11,300
    // PG-2025-04: interest 9,000 × 3% × 5 + 6,000 × 2.5% × 4 = 1,350 + 600 = 1,950; income 46,700 + 1,950 + 500 = 49,150;
    //             49,150 / 16,950
    const coverage = (id: string) => {
      const ts = D.bonds.filter((x) => x.projectId === id);
      const first = Math.min(...ts.map((t) => t.issueYear));
      const last = Math.max(...ts.map((t) => t.issueYear + t.term));
      const inTerm = flowsOf(id).filter((f) => f.year >= first && f.year <= last);
      return inTerm.reduce((s, f) => s + f.income, 0) / inTerm.reduce((s, f) => s + f.bondService, 0);
    };
    expect([...new Set(D.bonds.map((b) => b.projectId))]).toEqual(["PG-2024-08", "PG-2025-01", "PG-2025-04"]);
    expect(D.bonds).toHaveLength(6);
    expect(coverage("PG-2024-08")).toBeCloseTo(26240 / 9040, 10);
    expect(coverage("PG-2025-01")).toBeCloseTo(32200 / 11300, 10);
    expect(coverage("PG-2025-04")).toBeCloseTo(49150 / 16950, 10);
  });

  test("read as plain sums of every project of a level, the district as a whole is short", () => {
    const total = (f: (p: SampleProject) => boolean) => D.projects.filter(f).reduce((s, p) => s + HAND_SURPLUS[p.id], 0);
    expect(total((p) => p.area === "东关片区")).toBe(2500); // 2,800 − 300
    expect(total((p) => p.area === "火车站片区")).toBe(-300); // 500 − 800
    expect(total((p) => p.town === "东关街道")).toBe(2200);
    // Surpluses 7,400 − deficits (300 + 800 + 1,500 + 9,000 + 12,000 = 23,600) = −16,200: a plain-sum rule
    // ("the district balances a project when its total ≥ 0") could never show 全区平衡 next to 不能平衡 here.
    expect(total(() => true)).toBe(-16200);
  });
});

/*
 * The verdicts under surplus allocation (每一笔结余只统筹一次; src/engine/balance/pool.ts), worked by hand, 万元.
 * Offers (need 0, surplus > 0): 东关片区 PG-2024-01 1,000, PG-2024-02 800, PG-2025-01 1,000; 火车站片区 PG-2024-03
 * 300, PG-2026-02 200; 西城街道 400 + 500 + 300 + 200 + 100 (PG-2026-05 is exactly 0: self-balanced, offers nothing);
 * 南湖镇 600 + 500 + 300 + 200 + 100; 北山镇 PG-2024-07 200, PG-2026-09 300, PG-2024-08 400. Σ offers = 7,400.
 * Projects in need, in list order: PG-2025-02 (800), PG-2025-05 (1,500), PG-2025-06 (9,000), PG-2026-01 (300),
 * PG-2026-10 (12,000). No bond coverage shortfalls (coverage ≥ 2.69, test above).
 * 片区 pass:
 *   PG-2025-02 @火车站片区: 300 + 200 = 500 < 800.
 *   PG-2025-05 @北山村片区: 200 + 300 = 500 < 1,500.
 *   PG-2025-06 @北山矿区片区: 400 < 9,000 (PG-2026-10 is in need and offers nothing).
 *   PG-2026-01 @东关片区: 1,000 + 800 + 1,000 = 2,800 ≥ 300 → 片区平衡（东关片区）; largest first, tie 1,000/1,000 by list
 *     order → PG-2024-01 alone, claims 300 (700 left); pooled 2,800 − 300 = 2,500.
 *   PG-2026-10 @北山矿区片区: 400 < 12,000.
 * 镇街 pass:
 *   PG-2025-02 @东关街道: 700 + 800 + 1,000 + 300 + 200 = 3,000 ≥ 800 → 镇街平衡（东关街道）; PG-2025-01 (1,000)
 *     alone, claims 800 (200 left); pooled 3,000 − 800 = 2,200.
 *   PG-2025-05, PG-2025-06, PG-2026-10 @北山镇: 200 + 300 + 400 = 900 — short of 1,500, 9,000, 12,000.
 * 全区 pass: available 7,400 − 300 − 800 = 6,300
 *   (东关街道 700 + 800 + 200 + 300 + 200 = 2,200; 西城 1,500; 南湖 1,700; 北山 900).
 *   PG-2025-05: 6,300 ≥ 1,500 → 全区平衡; largest first PG-2024-02 800 + PG-2024-01 700 = 1,500, both used up;
 *     pooled 6,300 − 1,500 = 4,800.
 *   PG-2025-06: 4,800 < 9,000; own flows −9,000 (2030) → −4,000 → +1,000 (2032) → 延长平衡期限 2 年.
 *   PG-2026-10: 4,800 < 12,000; never ≥ 0 → 不能平衡, gap 12,000 − 4,800 = 7,200.00 万元.
 * The other 19 projects: 项目自平衡.
 */
describe("sample district through checkPortfolio: every verdict kind occurs", () => {
  const flowYears = D.cashFlows.map((f) => f.year);
  const first = Math.min(...flowYears);
  const years = Array.from({ length: Math.max(...flowYears) - first + 1 }, (_, k) => first + k);
  const portfolio: Portfolio = {
    years,
    projects: D.projects.map((p): ProjectInput => {
      const zeros = () => years.map(() => new Dec(0));
      const income = zeros();
      const cost = zeros();
      const debtService = zeros();
      for (const f of flowsOf(p.id)) {
        const k = f.year - first;
        income[k] = new Dec(f.income);
        cost[k] = new Dec(f.cost);
        debtService[k] = new Dec(f.bondService);
      }
      return { id: p.id, area: p.area, town: p.town, income, cost, debtService, plannedEndYear: p.plannedEndYear };
    }),
  };
  const result = checkPortfolio(portfolio, { coverageThreshold: new Dec(D.parameters.coverageThreshold) });
  if (isError(result)) throw new Error(result.render().zh);
  const verdicts = Object.fromEntries(result.projects.map((r) => [r.id, verdictText(r.verdict)]));
  const pooled = (id: string) => {
    const v = result.projects.find((r) => r.id === id)!.verdict;
    if (v.kind !== "pooled") throw new Error(`${id} is not pooled`);
    return { partners: v.partners, claims: v.claims.map(Number), pooledSurplus: v.pooledSurplus.toNumber() };
  };

  test("the axis runs from the first to the last flow year (2024–2033) and the surpluses are the hand-designed ones", () => {
    expect([years[0], years[years.length - 1]]).toEqual([2024, 2033]);
    expect(Object.fromEntries(result.projects.map((r) => [r.id, r.surplus.toNumber()]))).toEqual(HAND_SURPLUS);
  });

  test("19 self-balanced (one at exactly 0), and one each of 片区, 镇街, 全区, extended period, not balanced", () => {
    expect(Object.values(verdicts).filter((v) => v === "项目自平衡")).toHaveLength(19);
    expect(Object.fromEntries(Object.entries(verdicts).filter(([, v]) => v !== "项目自平衡"))).toEqual({
      "PG-2025-02": "镇街平衡（东关街道）",
      "PG-2025-05": "全区平衡",
      "PG-2025-06": "延长平衡期限 2 年（2032 年实现平衡）",
      "PG-2026-01": "片区平衡（东关片区）",
      "PG-2026-10": "不能平衡，缺口 7200.00 万元",
    });
  });

  test("partners and claims as worked by hand", () => {
    expect(pooled("PG-2026-01")).toEqual({ partners: ["PG-2024-01"], claims: [300], pooledSurplus: 2500 });
    expect(pooled("PG-2025-02")).toEqual({ partners: ["PG-2025-01"], claims: [800], pooledSurplus: 2200 });
    expect(pooled("PG-2025-05")).toEqual({ partners: ["PG-2024-02", "PG-2024-01"], claims: [800, 700], pooledSurplus: 4800 });
    const e = result.projects.find((r) => r.id === "PG-2025-06")!.verdict;
    expect(e).toEqual({ kind: "extended", balanceYear: 2032, extension: 2 });
    const u = result.projects.find((r) => r.id === "PG-2026-10")!.verdict;
    expect(u.kind === "unbalanced" && u.gap.toNumber()).toBe(7200);
  });
});
