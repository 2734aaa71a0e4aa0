import { Dec } from "../../src/engine/decimal";
import { isError } from "../../src/engine/errors";
import { POLICY } from "../../src/registry/policy";
import { portfolioLabel, verdictText } from "../../src/registry/verdicts";
import {
  PoolIndex,
  PoolMember,
  Portfolio,
  PortfolioBalance,
  ProjectBalance,
  ProjectInput,
  balanceOf,
  balanceYear,
  checkPortfolio,
  checkYears,
  extendYears,
  farBreach,
  farExtra,
  farWithin,
} from "../../src/engine/balance";

const d = (x: number | string) => new Dec(x);
const decs = (xs: readonly number[]) => xs.map(d);

/** A project from yearly net flows: income = the positive flows, cost = the negative ones. */
function fromNet(id: string, town: string, area: string, net: number[], plannedEndYear: number): ProjectInput {
  return { id, town, area, income: decs(net.map((x) => Math.max(0, x))), cost: decs(net.map((x) => Math.max(0, -x))), plannedEndYear };
}

function checked(portfolio: Portfolio, threshold?: number): PortfolioBalance {
  // 1.2: the policy table's default (p_coverageThreshold), passed explicitly — the engine has no defaults.
  const result = checkPortfolio(portfolio, { coverageThreshold: d(threshold ?? POLICY.p_coverageThreshold.default) });
  if (isError(result)) throw new Error(result.render().zh);
  return result;
}

function byId(result: PortfolioBalance): Record<string, ProjectBalance> {
  return Object.fromEntries(result.projects.map((p) => [p.id, p]));
}

/*
 * The hand-worked portfolio: two 镇街, three 片区, years 2024–2025, every planned end 2025 (万元).
 *
 * | id | 镇街     | 片区     | 收入 24 | 收入 25 | 支出 24 | 支出 25 | 还本付息 24/25 | 结余  |
 * |----|----------|----------|---------|---------|---------|---------|----------------|-------|
 * | P1 | 城关街道 | 东关片区 | 500     | 700     | 300     | 100     |                | +800  |
 * | P2 | 城关街道 | 东关片区 | 100     | 200     | 300     | 200     |                | −200  |
 * | P3 | 城关街道 | 西关片区 | 0       | 300     | 400     | 300     |                | −400  |
 * | P4 | 新城镇   | 南塬片区 | 100     | 100     | 500     | 400     |                | −700  |
 * | P5 | 新城镇   | 南塬片区 | 300     | 300     | 100     | 100     |                | +400  |
 * | P6 | 城关街道 | 西关片区 | 150     | 0       | 0       | 0       |                | +150  |
 * | P7 | 新城镇   | 南塬片区 | 300     | 300     | 300     | 300     | 500 / 500      | 0     |
 *
 * Region plain totals (summary table): 东关 800 − 200 = 600; 西关 −400 + 150 = −250; 南塬 −700 + 400 + 0 = −300;
 * 城关街道 600 − 250 = 350; 新城镇 −300; 全区 350 − 300 = 50.
 *
 * Surplus allocation (each 万元 claimed once; 片区 pass, then 镇街, then 全区; input order within a pass):
 * P1, P5, P6: need 0 → 项目自平衡; they offer P1 800, P5 400, P6 150.
 * P7: surplus 0 but bonds: coverage = (300 + 300) ÷ (500 + 500) = 0.6 < 1.2; shortfall = 1.2 × 1000 − 600 = 600
 *     → need 600 (offers nothing).
 * 片区 pass: P2 (need 200) @东关: P1 800 ≥ 200 → 片区平衡（东关片区）, partner P1 (claims 200, P1 left 600),
 *              pooled 800 − 200 = 600.
 *            P3 (400) @西关: P6 150 < 400. P4 (700) @南塬: P5 400 < 700. P7 (600) @南塬: 400 < 600.
 * 镇街 pass: P3 @城关街道: P1 600 + P6 150 = 750 ≥ 400 → 镇街平衡（城关街道）, partner P1 (600 ≥ 400; claims 400,
 *              P1 left 200), pooled 750 − 400 = 350.
 *            P4 @新城镇: P5 400 < 700. P7: 400 < 600.
 * 全区 pass: P4: P1 200 + P5 400 + P6 150 = 750 ≥ 700 → 全区平衡; largest first P5 400 + P1 200 = 600 < 700, + P6 150
 *              = 750 → partners P5, P1, P6, claims 400, 200, 100 (P6 left 50), pooled 750 − 700 = 50.
 *            P7: 50 < 600 → extending cannot raise coverage → 不能平衡, gap 600 − 50 = 550.00 万元.
 * Claims per offer: P1 200 + 400 + 200 = 800 ≤ 800; P5 400 ≤ 400; P6 100 ≤ 150 — nothing claimed twice.
 */
const HAND: Portfolio = {
  years: [2024, 2025],
  projects: [
    { id: "P1", town: "城关街道", area: "东关片区", income: decs([500, 700]), cost: decs([300, 100]), plannedEndYear: 2025 },
    { id: "P2", town: "城关街道", area: "东关片区", income: decs([100, 200]), cost: decs([300, 200]), plannedEndYear: 2025 },
    { id: "P3", town: "城关街道", area: "西关片区", income: decs([0, 300]), cost: decs([400, 300]), plannedEndYear: 2025 },
    { id: "P4", town: "新城镇", area: "南塬片区", income: decs([100, 100]), cost: decs([500, 400]), plannedEndYear: 2025 },
    { id: "P5", town: "新城镇", area: "南塬片区", income: decs([300, 300]), cost: decs([100, 100]), plannedEndYear: 2025 },
    { id: "P6", town: "城关街道", area: "西关片区", income: decs([150, 0]), cost: decs([0, 0]), plannedEndYear: 2025 },
    {
      id: "P7",
      town: "新城镇",
      area: "南塬片区",
      income: decs([300, 300]),
      cost: decs([300, 300]),
      debtService: decs([500, 500]),
      plannedEndYear: 2025,
    },
  ],
};

describe("checkPortfolio — the hand-worked portfolio (domain §3 order: self → 片区 → 镇街 → 全区 → extend → gap)", () => {
  const result = checked(HAND);
  const p = byId(result);

  it("projects with surplus ≥ 0 and no bonds balance themselves", () => {
    for (const id of ["P1", "P5", "P6"]) expect(p[id].verdict).toEqual({ kind: "self" });
    expect(p.P1.surplus.toString()).toBe("800");
    expect(p.P6.surplus.toString()).toBe("150");
  });

  it("P2 balances in its 片区 with P1, which keeps 600 of its 800 for later claims", () => {
    const v = p.P2.verdict;
    expect(v.kind).toBe("pooled");
    if (v.kind !== "pooled") return;
    expect(v.level).toBe("area");
    expect(v.region).toBe("东关片区");
    expect(v.pooledSurplus.toString()).toBe("600"); // 800 − 200
    expect(v.partners).toEqual(["P1"]);
    expect(v.partnerSurplus.toString()).toBe("800");
    expect(v.claims.map(String)).toEqual(["200"]);
    expect(verdictText(v)).toBe("片区平衡（东关片区）");
  });

  it("P3 balances only at 镇街 level, from what P2 left of P1", () => {
    const v = p.P3.verdict;
    expect(verdictText(v)).toBe("镇街平衡（城关街道）");
    if (v.kind !== "pooled") throw new Error("not pooled");
    expect(v.pooledSurplus.toString()).toBe("350"); // P1 600 + P6 150 − 400
    expect(v.partners).toEqual(["P1"]);
    expect(v.partnerSurplus.toString()).toBe("600");
    expect(v.claims.map(String)).toEqual(["400"]);
  });

  it("P4 balances only district-wide, from the rest of P1, P5 and part of P6 (largest available first)", () => {
    const v = p.P4.verdict;
    expect(verdictText(v)).toBe("全区平衡");
    if (v.kind !== "pooled") throw new Error("not pooled");
    expect(v.level).toBe("district");
    expect(v.region).toBe("全区");
    expect(v.pooledSurplus.toString()).toBe("50"); // 200 + 400 + 150 − 700
    expect(v.partners).toEqual(["P5", "P1", "P6"]); // available 400, 200, 150
    expect(v.partnerSurplus.toString()).toBe("750");
    expect(v.claims.map(String)).toEqual(["400", "200", "100"]); // the last partner partially
  });

  it("no surplus is claimed twice: P1 gives 200 + 400 + 200 = 800, P5 400, P6 100 of 150", () => {
    const claimed = new Map<string, Dec>();
    for (const r of result.projects) {
      if (r.verdict.kind !== "pooled") continue;
      r.verdict.partners.forEach((id, k) =>
        claimed.set(id, (claimed.get(id) ?? d(0)).plus((r.verdict as { claims: readonly Dec[] }).claims[k])),
      );
    }
    expect(Object.fromEntries([...claimed].map(([id, x]) => [id, x.toString()]))).toEqual({ P1: "800", P5: "400", P6: "100" });
  });

  it("P7 is not balanced: coverage 0.6 < 1.2 needs 600, the district has 50 left — gap 550.00 万元", () => {
    expect(p.P7.coverage?.toString()).toBe("0.6");
    expect(p.P7.coverageShortfall.toString()).toBe("600");
    expect(p.P7.need.toString()).toBe("600");
    expect(p.P7.balanceYear).toBe(2024); // its own flows are 0, 0: balanced from the start — but coverage fails
    expect(p.P7.verdict.kind).toBe("unbalanced");
    expect(verdictText(p.P7.verdict)).toBe("不能平衡，缺口 550.00 万元");
  });

  it("region totals: 东关 600, 西关 −250, 南塬 −300, 城关街道 350, 新城镇 −300, 全区 50", () => {
    const totals = Object.fromEntries(result.regions.map((r) => [`${r.level}:${r.name}`, r.surplus.toString()]));
    expect(totals).toEqual({
      "district:全区": "50",
      "town:城关街道": "350",
      "area:东关片区": "600",
      "area:西关片区": "-250",
      "town:新城镇": "-300",
      "area:南塬片区": "-300",
    });
    expect(result.districtSurplus.toString()).toBe("50");
  });

  it("the coverage threshold is a parameter: at 0.6 P7 (coverage exactly 0.6) balances itself", () => {
    const low = byId(checked(HAND, 0.6));
    expect(low.P7.verdict).toEqual({ kind: "self" });
    expect(low.P7.coverageShortfall.toString()).toBe("0");
  });
});

/*
 * When the whole district is short, extending the period comes next (years 2024–2030, planned end 2026, 万元):
 *
 * | id | 镇街     | 片区     | net 2024…2030                         | 结余 to 2026 |
 * | E1 | 新城镇   | 南塬片区 | −500, −300, 200, 300, 400, −50, 100  | −600         |
 * | Q  | 新城镇   | 南塬片区 | −100, 0, 0, 0, 0, 0, 0               | −100         |
 * | R  | 城关街道 | 东关片区 | 50, 0, 0, 0, 0, 0, 0                 | +50          |
 *
 * Only R offers (50). 片区 and 镇街 passes: 南塬 / 新城镇 offer nothing. 全区 pass: E1 (need 600): 50 < 600; Q (need
 * 100): 50 < 100 — neither claims, so both see 50.
 * E1: cumulative −500, −800, −600, −300, 100, 50, 150: balance year 2028, extension 2028 − 2026 = 2 → 延长平衡期限 2 年.
 * Q: cumulative stays −100 → 不能平衡, gap 100 − 50 = 50.00 万元.
 */
describe("checkPortfolio — extending the balance period (step 3) and the remaining gap (step 4)", () => {
  const years = [2024, 2025, 2026, 2027, 2028, 2029, 2030];
  const result = checked({
    years,
    projects: [
      fromNet("E1", "新城镇", "南塬片区", [-500, -300, 200, 300, 400, -50, 100], 2026),
      fromNet("Q", "新城镇", "南塬片区", [-100, 0, 0, 0, 0, 0, 0], 2026),
      fromNet("R", "城关街道", "东关片区", [50, 0, 0, 0, 0, 0, 0], 2026),
    ],
  });
  const p = byId(result);

  it("E1 balances by extending the period two years, to 2028", () => {
    expect(p.E1.surplus.toString()).toBe("-600");
    expect(p.E1.verdict).toEqual({ kind: "extended", balanceYear: 2028, extension: 2 });
    expect(verdictText(p.E1.verdict)).toBe("延长平衡期限 2 年（2028 年实现平衡）");
  });

  it("Q is not balanced: gap 100 − 50 = 50.00 万元", () => {
    expect(p.Q.balanceYear).toBeUndefined();
    expect(verdictText(p.Q.verdict)).toBe("不能平衡，缺口 50.00 万元");
  });

  it("R balances itself", () => {
    expect(p.R.verdict.kind).toBe("self");
  });

  it("the surplus counts only the planned period; totalNet counts every year given", () => {
    expect(p.E1.surplus.toString()).toBe("-600"); // −500 − 300 + 200
    expect(p.E1.totalNet.toString()).toBe("150"); // + 300 + 400 − 50 + 100
    expect(p.E1.cumulative.map(String)).toEqual(["-500", "-800", "-600", "-300", "100", "50", "150"]);
  });
});

/*
 * One portfolio with every verdict of domain §3 (years 2024–2027, every planned end 2025, 万元; surplus = 2024 + 2025):
 *
 * | # | id | 镇街   | 片区   | net 2024, 2025, 2026, 2027 | 结余   | cumulative                  |
 * |---|----|--------|--------|----------------------------|--------|-----------------------------|
 * | 1 | S1 | 甲街道 | A1片区 | 200, 300, 0, 0             | +500   |                             |
 * | 2 | D1 | 甲街道 | A1片区 | −500, 200, 0, 0            | −300   |                             |
 * | 3 | D2 | 甲街道 | A1片区 | −600, 200, 0, 0            | −400   |                             |
 * | 4 | S2 | 甲街道 | A2片区 | 100, 500, 0, 0             | +600   |                             |
 * | 5 | D3 | 乙镇   | B1片区 | −900, 200, 0, 0            | −700   |                             |
 * | 6 | E  | 乙镇   | B1片区 | −2500, 500, 1200, 1000     | −2000  | −2500, −2000, −800, +200    |
 * | 7 | U  | 乙镇   | B1片区 | −1000, −500, 300, 200      | −1500  | −1000, −1500, −1200, −1000  |
 * | 8 | S3 | 乙镇   | B1片区 | 0, 200, 0, 0               | +200   |                             |
 * | 9 | S5 | 丙镇   | C1片区 | 400, 600, 0, 0             | +1000  |                             |
 *
 * Plain district total 500 − 300 − 400 + 600 − 700 − 2000 − 1500 + 200 + 1000 = −2,600 < 0: under a plain sum no
 * project could be 全区平衡 here. Allocation (offers S1 500, S2 600, S3 200, S5 1000):
 * 片区 pass (input order D1, D2, D3, E, U):
 *   D1 (300) @A1: S1 500 ≥ 300 → 片区平衡（A1片区）, partner S1, claims 300 (S1 left 200), pooled 500 − 300 = 200.
 *   D2 (400) @A1: S1 200 < 400 — D1 came first and took S1's surplus (alone, D2 would have balanced here: 500 ≥ 400).
 *   D3 (700), E (2000), U (1500) @B1: S3 200 — short.
 * 镇街 pass:
 *   D2 @甲街道: S1 200 + S2 600 = 800 ≥ 400 → 镇街平衡（甲街道）, partner S2 (600 ≥ 400), claims 400 (S2 left 200),
 *       pooled 800 − 400 = 400.
 *   D3, E, U @乙镇: S3 200 — short.
 * 全区 pass:
 *   D3: S1 200 + S2 200 + S3 200 + S5 1000 = 1600 ≥ 700 → 全区平衡, partner S5 (1000 ≥ 700), claims 700 (S5 left 300),
 *       pooled 1600 − 700 = 900.
 *   E: 900 < 2000; its own flows balance in 2027 → 延长平衡期限 2027 − 2025 = 2 年.
 *   U: 900 < 1500; its cumulative never turns ≥ 0 → 不能平衡, gap 1500 − 900 = 600.00 万元.
 * S1, S2, S3, S5: 项目自平衡. Claims: S1 300 ≤ 500, S2 400 ≤ 600, S5 700 ≤ 1000.
 * Listing D2 before D1 swaps them: D2 片区 (S1 left 100), D1 @A1 100 < 300 → @甲街道 100 + 600 ≥ 300 → 镇街 (S2).
 */
describe("checkPortfolio — one portfolio shows every verdict: self, 片区, 镇街, 全区, extended, unbalanced", () => {
  const years = [2024, 2025, 2026, 2027];
  const rows: ProjectInput[] = [
    fromNet("S1", "甲街道", "A1片区", [200, 300, 0, 0], 2025),
    fromNet("D1", "甲街道", "A1片区", [-500, 200, 0, 0], 2025),
    fromNet("D2", "甲街道", "A1片区", [-600, 200, 0, 0], 2025),
    fromNet("S2", "甲街道", "A2片区", [100, 500, 0, 0], 2025),
    fromNet("D3", "乙镇", "B1片区", [-900, 200, 0, 0], 2025),
    fromNet("E", "乙镇", "B1片区", [-2500, 500, 1200, 1000], 2025),
    fromNet("U", "乙镇", "B1片区", [-1000, -500, 300, 200], 2025),
    fromNet("S3", "乙镇", "B1片区", [0, 200, 0, 0], 2025),
    fromNet("S5", "丙镇", "C1片区", [400, 600, 0, 0], 2025),
  ];
  const result = checked({ years, projects: rows });
  const p = byId(result);
  const pooled = (id: string) => {
    const v = p[id].verdict;
    if (v.kind !== "pooled") throw new Error(`${id} not pooled`);
    return {
      level: v.level,
      region: v.region,
      partners: v.partners,
      claims: v.claims.map(String),
      partnerSurplus: v.partnerSurplus.toString(),
      pooledSurplus: v.pooledSurplus.toString(),
    };
  };

  it("the verdict texts", () => {
    expect(Object.fromEntries(result.projects.map((r) => [r.id, verdictText(r.verdict)]))).toEqual({
      S1: "项目自平衡",
      D1: "片区平衡（A1片区）",
      D2: "镇街平衡（甲街道）",
      S2: "项目自平衡",
      D3: "全区平衡",
      E: "延长平衡期限 2 年（2027 年实现平衡）",
      U: "不能平衡，缺口 600.00 万元",
      S3: "项目自平衡",
      S5: "项目自平衡",
    });
    expect(result.districtSurplus.toString()).toBe("-2600");
  });

  it("partners, claims and what stays in the pool", () => {
    expect(pooled("D1")).toEqual({
      level: "area",
      region: "A1片区",
      partners: ["S1"],
      claims: ["300"],
      partnerSurplus: "500",
      pooledSurplus: "200",
    });
    expect(pooled("D2")).toEqual({
      level: "town",
      region: "甲街道",
      partners: ["S2"],
      claims: ["400"],
      partnerSurplus: "600",
      pooledSurplus: "400",
    });
    expect(pooled("D3")).toEqual({
      level: "district",
      region: "全区",
      partners: ["S5"],
      claims: ["700"],
      partnerSurplus: "1000",
      pooledSurplus: "900",
    });
    expect(p.E.verdict).toEqual({ kind: "extended", balanceYear: 2027, extension: 2 });
  });

  it("input order decides who gets scarce local surplus: listing D2 before D1 swaps their levels", () => {
    const swapped = byId(checked({ years, projects: [rows[0], rows[2], rows[1], ...rows.slice(3)] }));
    expect(verdictText(swapped.D2.verdict)).toBe("片区平衡（A1片区）");
    expect(verdictText(swapped.D1.verdict)).toBe("镇街平衡（甲街道）");
    // The district total claimed before 全区 is 300 + 400 = 700 either way, so D3, E and U keep their verdicts.
    expect(["D3", "E", "U"].map((id) => verdictText(swapped[id].verdict))).toEqual([
      "全区平衡",
      "延长平衡期限 2 年（2027 年实现平衡）",
      "不能平衡，缺口 600.00 万元",
    ]);
  });
});

describe("pooling semantics (PoolIndex)", () => {
  const member = (id: string, surplus: number, area?: string, town?: string) => ({ id, surplus: d(surplus), area, town });

  it("largest surplus first picks fewer partners than smallest first would", () => {
    // Target T −500; positives 300, 250, 100, 100, 100 in the same 片区. Largest first: 300 + 250 = 550 ≥ 500 →
    // two partners. Smallest first: 100 + 100 + 100 + 250 = 550 → four partners.
    const index = PoolIndex.build([
      member("T", -500, "A"),
      member("S1", 100, "A"),
      member("S2", 100, "A"),
      member("B1", 300, "A"),
      member("S3", 100, "A"),
      member("B2", 250, "A"),
    ]);
    if (isError(index)) throw new Error("build failed");
    const o = index.outcome(0);
    if (o.kind !== "pooled") throw new Error("not pooled");
    expect(o.partners).toEqual(["B1", "B2"]);
    expect(o.partnerSurplus.toString()).toBe("550");
    expect(o.claims.map(String)).toEqual(["300", "200"]); // B2 gives 200 of its 250
    expect(o.pooledSurplus.toString()).toBe("350"); // available 100 + 100 + 300 + 100 + 250 = 850, − 500
  });

  it("surpluses equal as numbers but not as decimals are ordered exactly (largest first)", () => {
    // 100.00000000000000000001 and 100.00000000000000000002 are the same double; the heap must still take the larger
    // first. T needs 100.00000000000000000002: the larger alone covers it.
    const big = { id: "B", surplus: new Dec("100.00000000000000000002") };
    const small = { id: "S", surplus: new Dec("100.00000000000000000001") };
    const index = PoolIndex.build([{ id: "T", surplus: new Dec("-100.00000000000000000002") }, small, member("M", 50), big]);
    if (isError(index)) throw new Error("build failed");
    const o = index.outcome(0);
    expect(o.kind === "pooled" && o.partners).toEqual(["B"]);
    expect(o.kind === "pooled" && o.claims.map(String)).toEqual(["100.00000000000000000002"]);
  });

  it("equal surpluses keep input order", () => {
    const index = PoolIndex.build([member("T", -150), member("X", 100), member("Y", 100), member("Z", 100)]);
    if (isError(index)) throw new Error("build failed");
    const o = index.outcome(0);
    expect(o.kind === "pooled" && o.partners).toEqual(["X", "Y"]);
    expect(o.kind === "pooled" && o.claims.map(String)).toEqual(["100", "50"]);
  });

  it("a 片区 name is scoped by its 镇街: two streets' 东片区 are different areas", () => {
    // T (−100) in 甲街道/东片区; S (+500) in 乙街道/东片区. Not the same 片区 nor 镇街 → district: 400 ≥ 0.
    const index = PoolIndex.build([member("T", -100, "东片区", "甲街道"), member("S", 500, "东片区", "乙街道")]);
    if (isError(index)) throw new Error("build failed");
    expect(verdictText(index.outcome(0))).toBe("全区平衡");
  });

  it("a project with no 片区 skips that level; names match across full-width and spaces", () => {
    const index = PoolIndex.build([member("T", -100, undefined, "城关 街道"), member("S", 100, "东关", "城关街道")]);
    if (isError(index)) throw new Error("build failed");
    expect(verdictText(index.outcome(0))).toBe("镇街平衡（城关 街道）");
    expect(index.indexOf("ｔ")).toBe(0); // full-width t
  });

  it("a coverage need larger than the deficit is what partners must cover; a project in need offers nothing", () => {
    // T surplus +50 but needs 300 (coverage), so it offers nothing; S +400 in the 片区: 400 ≥ 300 → pooled;
    // pooled surplus 400 − 300 = 100 (T's own 50 is not in the pool).
    const index = PoolIndex.build([{ ...member("T", 50, "A"), need: d(300) }, member("S", 400, "A")]);
    if (isError(index)) throw new Error("build failed");
    const o = index.outcome(0);
    expect(o.kind === "pooled" && [o.partners, o.pooledSurplus.toString()]).toEqual([["S"], "100"]);
    // U (−40) in the same 片区 cannot draw on T's +50: only S (left 100) can — and does.
    const withU = PoolIndex.build([{ ...member("T", 50, "A"), need: d(300) }, member("S", 400, "A"), member("U", -40, "A")]);
    if (isError(withU)) throw new Error("build failed");
    const u = withU.outcome(2);
    expect(u.kind === "pooled" && [u.partners, u.claims.map(String)]).toEqual([["S"], ["40"]]);
  });

  it("two deficits competing for one surplus: the earlier in the list wins, the later is left with the rest", () => {
    // One 片区: X −300, Y −300, S +400. 片区 pass: X claims 300 of S (left 100); Y: 100 < 300. 全区 pass: Y still
    // sees 100 → 不能平衡, gap 300 − 100 = 200. Listing Y first swaps the verdicts.
    const verdicts = (members: PoolMember[]) => {
      const index = PoolIndex.build(members);
      if (isError(index)) throw new Error("build failed");
      return { X: verdictText(index.outcome(index.indexOf("X")!)), Y: verdictText(index.outcome(index.indexOf("Y")!)) };
    };
    const [x, y, s] = [member("X", -300, "A"), member("Y", -300, "A"), member("S", 400, "A")];
    expect(verdicts([x, y, s])).toEqual({ X: "片区平衡（A）", Y: "不能平衡，缺口 200.00 万元" });
    expect(verdicts([y, x, s])).toEqual({ X: "不能平衡，缺口 200.00 万元", Y: "片区平衡（A）" });
  });

  it("levels are tried smallest first across the portfolio: a local claim beats an earlier district-wide one", () => {
    // X −450 (丙镇/C片区) is listed before L −100 (乙镇/B片区); S +500 is in B片区, nothing else offers.
    // 片区 pass: X @C: 0 < 450; L @B: S 500 ≥ 100 → 片区平衡（B片区）, S left 400. 镇街 pass: X @丙镇: 0.
    // 全区 pass: X: 400 < 450 → 不能平衡, gap 50. (Trying X all the way up first would have let it take 450 of S
    // and left L with 50 < 100.)
    const index = PoolIndex.build([
      member("X", -450, "C片区", "丙镇"),
      member("L", -100, "B片区", "乙镇"),
      member("S", 500, "B片区", "乙镇"),
    ]);
    if (isError(index)) throw new Error("build failed");
    expect(verdictText(index.outcome(1))).toBe("片区平衡（B片区）");
    expect(verdictText(index.outcome(0))).toBe("不能平衡，缺口 50.00 万元");
  });

  it("duplicate ids are an error naming both rows", () => {
    const index = PoolIndex.build([member("A1", 1), member("B", 2), member("a1", 3)]);
    expect(isError(index) && index.code).toBe("duplicateId");
    expect(isError(index) && index.render().zh).toContain("第 1 行和第 3 行");
  });
});

describe("balance year and extension (domain §3 step 3)", () => {
  const years7 = [2024, 2025, 2026, 2027, 2028, 2029, 2030];
  const flows7 = decs([-500, -300, 200, 300, 400, -50, 100]);

  it("−500, −300, 200, 300, 400, −50, 100 for 2024–2030 balances in 2028", () => {
    // cumulative −500, −800, −600, −300, 100, 50, 150: ≥ 0 from 2028 on
    expect(balanceYear(years7, flows7)).toBe(2028);
  });

  it("−500, 600, −200, 300 for 2024–2027 balances in 2027, not 2025 (the dip in 2026 undoes 2025)", () => {
    // cumulative −500, 100, −100, 200
    expect(balanceYear([2024, 2025, 2026, 2027], decs([-500, 600, -200, 300]))).toBe(2027);
  });

  it("extension of the first against planned end 2026 is 2; none needed is 0", () => {
    expect(extendYears(years7, flows7, 2026)).toBe(2);
    expect(extendYears(years7, flows7, 2029)).toBe(0);
  });

  it("flows never negative balance in the first year", () => {
    expect(balanceYear([2024, 2025], decs([0, 10]))).toBe(2024);
  });

  it("still negative in the last year is #N/A naming the years and the cumulative value", () => {
    const e = balanceYear([2024, 2025, 2026], decs([-500, 100, -200]));
    expect(isError(e) && e.kind).toBe("NA");
    expect(isError(e) && e.render().zh).toContain("2024–2026");
    expect(isError(e) && e.render().zh).toContain("-600.00");
  });

  it("years must be whole, ascending by exactly 1", () => {
    expect(checkYears([2024, 2025, 2026])).toBeUndefined();
    expect(checkYears([2024, 2026])?.code).toBe("yearsGap");
    expect(checkYears([2025, 2024])?.code).toBe("yearsNotAscending");
    expect(checkYears([2024, 2024])?.code).toBe("yearsNotAscending");
    expect(checkYears([2024.5])?.code).toBe("yearNotWhole");
    expect(checkYears([0, 1])?.code).toBe("yearOutOfRange"); // an empty year cell on Excel desktop, or flows as years
    expect(checkYears([-500, -499])?.code).toBe("yearOutOfRange");
    expect(checkYears([])?.code).toBe("rangeEmpty");
  });

  it("a planned end before the first year is an error", () => {
    expect(isError(extendYears(years7, flows7, 2020))).toBe(true);
  });

  it("BALANCE is Σ income − Σ cost", () => {
    // 500 + 700 − (300 + 100 + 150) = 650
    expect(balanceOf(decs([500, 700]), decs([300, 100, 150])).toString()).toBe("650");
    expect(balanceOf(decs([0.1, 0.2]), decs([0.3])).toString()).toBe("0"); // exact: no 5.55e-17
  });
});

describe("plot ratio (X Art. 27)", () => {
  it("FARCHECK: 25000 ㎡ on 10000 ㎡ at 2.5 is within, 25001 is not", () => {
    expect(farWithin(d(10000), d(25000), d(2.5))).toBe(true);
    expect(farWithin(d(10000), d(25001), d(2.5))).toBe(false);
  });

  it("FAREXTRA: 5,000,000 元 ÷ 2000 元/㎡ = 2500 ㎡, and 22000 + 2500 = 24500 ≤ 25000", () => {
    const x = farExtra(d(5000000), d(2000), d(10000), d(22000), d(2.5));
    expect(x.extraArea.toString()).toBe("2500");
    expect(x.ratioAfter.toString()).toBe("2.45");
    expect(x.withinMax).toBe(true);
    expect(farBreach(x)).toBeUndefined();
  });

  it("FAREXTRA: at 1000 元/㎡ the 5000 ㎡ would take the ratio to 2.7 > 2.5, 2000 ㎡ too many", () => {
    const x = farExtra(d(5000000), d(1000), d(10000), d(22000), d(2.5));
    expect(x.withinMax).toBe(false);
    expect(x.excessArea.toString()).toBe("2000"); // 27000 − 25000
    const e = farBreach(x);
    expect(e?.render().zh).toContain("容积率为 2.7，超过上限 2.5（超出 2000㎡）");
  });

  it("the portfolio reports the plot ratio and whether closing the need by extra area would break it", () => {
    // A: need 200 万元 = 2,000,000 元 ÷ 10000 元/㎡ = 200 ㎡; 22000 + 200 = 22200 ≤ 25000 → within.
    // B: need 700 万元 = 7,000,000 元 ÷ 2000 元/㎡ = 3500 ㎡; 22000 + 3500 = 25500 > 25000 → breaks it by 500 ㎡.
    const far = { landArea: d(10000), resettleArea: d(12000), devArea: d(10000), maxFar: d(2.5) };
    const result = checked({
      years: [2024],
      projects: [
        { id: "A", income: decs([0]), cost: decs([200]), plannedEndYear: 2024, ...far, netIncomePerSqm: d(10000) },
        { id: "B", income: decs([0]), cost: decs([700]), plannedEndYear: 2024, ...far, netIncomePerSqm: d(2000) },
        { id: "C", income: decs([900]), cost: decs([0]), plannedEndYear: 2024, ...far },
      ],
    });
    const p = byId(result);
    expect(p.A.far?.ratio.toString()).toBe("2.2");
    expect(p.A.far?.withinMax).toBe(true);
    expect(p.A.far?.extra?.extraArea.toString()).toBe("200");
    expect(p.A.far?.extra?.withinMax).toBe(true);
    expect(p.B.far?.extra?.extraArea.toString()).toBe("3500");
    expect(p.B.far?.extra?.withinMax).toBe(false);
    expect(p.B.far?.extra?.excessArea.toString()).toBe("500");
    expect(p.C.far?.extra).toBeUndefined(); // no need, no extra area
  });
});

describe("checkPortfolio — bad input is an error value naming what is wrong", () => {
  const base = (over: Partial<ProjectInput> = {}): ProjectInput => ({
    id: "X",
    income: decs([1, 2]),
    cost: decs([0, 0]),
    plannedEndYear: 2025,
    ...over,
  });
  const run = (portfolio: Portfolio) => {
    const r = checkPortfolio(portfolio, { coverageThreshold: d(1.2) });
    if (!isError(r)) throw new Error("expected an error");
    return r;
  };

  it("years with a gap or out of order", () => {
    expect(run({ years: [2024, 2026], projects: [base()] }).code).toBe("yearsGap");
    expect(run({ years: [2025, 2024], projects: [base()] }).code).toBe("yearsNotAscending");
  });

  it("yearly values of the wrong length name the project and the flow", () => {
    const e = run({ years: [2024, 2025], projects: [base({ cost: decs([1]) })] });
    expect(e.render(portfolioLabel).zh).toBe("项目“X”的支出(cost)有 1 个年度值，与年度数 2 不一致");
  });

  it("duplicate ids", () => {
    expect(run({ years: [2024, 2025], projects: [base(), base()] }).code).toBe("duplicateId");
  });

  it("planned end before the first year, negative debt service, zero land area", () => {
    expect(run({ years: [2024, 2025], projects: [base({ plannedEndYear: 2023 })] }).code).toBe("projectPlannedEndBeforeStart");
    expect(run({ years: [2024, 2025], projects: [base({ debtService: decs([0, -1]) })] }).code).toBe("projectNegative");
    expect(run({ years: [2024, 2025], projects: [base({ landArea: d(0), maxFar: d(2) })] }).code).toBe("projectNotPositive");
  });

  it("an empty portfolio and a non-positive coverage threshold", () => {
    expect(run({ years: [2024], projects: [] }).code).toBe("rangeEmpty");
    const e = checkPortfolio({ years: [2024, 2025], projects: [base()] }, { coverageThreshold: d(0) });
    expect(isError(e) && e.code).toBe("notPositive");
  });
});
