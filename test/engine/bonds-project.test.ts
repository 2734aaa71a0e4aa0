import { bondProject, BondProjectInput, BondProjectResult } from "../../src/engine/bonds/project";
import { scenarioList, sensitivity, SensitivityResult } from "../../src/engine/bonds/sensitivity";
import { NO_FEES } from "../../src/engine/bonds/schedule";
import { Dec } from "../../src/engine/decimal";
import { isError } from "../../src/engine/errors";

const d = (x: number | string) => new Dec(x);
const ds = (...xs: number[]) => xs.map(d);

/*
 * A small bond-funded project, worked by hand (万元):
 * one tranche of 1,000 issued 2025 at 5% for 2 years → interest 50 in 2026 and 2027, principal 1,000 in 2027;
 * construction 2025 only. Table years 2025 … 2028; bond term 2025 … 2027.
 *   income:  land 2026 600, 2027 900; budget subsidy 2027 300.
 *   cost:    construction 2025 1,200; operating 2026 70 = 50 interest + 20 other, 2027 70 = 50 + 20.
 * Debt service Σ = 50 + 50 + 1,000 = 1,100.
 * Available (net, no subsidy): 2026 600 − 20 = 580; 2027 900 − 20 = 880 → 1,460 → coverage 1,460 / 1,100 = 1.32727…
 * With subsidy: 1,460 + 300 = 1,760 → 1.6. Gross (2018): (600 + 900) / 1,100 = 1.36363…
 */
const input: BondProjectInput = {
  id: "T-1",
  startYear: 2025,
  constructionEndYear: 2025,
  constructionEndGiven: true,
  flows: {
    years: [2025, 2026, 2027, 2028],
    landIncome: ds(0, 600, 900, 0),
    specialIncome: ds(0, 0, 0, 0),
    unsplitIncome: ds(0, 0, 0, 0),
    subsidyIncome: ds(0, 0, 300, 0),
    constructionCost: ds(1200, 0, 0, 0),
    operatingCost: ds(0, 70, 70, 0),
    reportedDebtService: [undefined, d(50), d(1050), undefined],
  },
  tranches: [{ issueYear: 2025, amount: d(1000), rate: d(0.05), term: 2 }],
  fees: NO_FEES,
  capital: d(200),
  investment: d(1200),
};
const policy = { threshold: d(1.2), coverageMax: d(1.5) };

describe("收支平衡表 of one project (domain §5)", () => {
  const r = bondProject(input, policy) as BondProjectResult;

  test("coverage variants: net without subsidy, net with subsidy, gross", () => {
    expect(isError(r)).toBe(false);
    expect(r.coverage.debtService.toString()).toBe("1100");
    expect(r.coverage.availableSelf.toString()).toBe("1460");
    expect(r.coverage.self.toDecimalPlaces(4).toString()).toBe("1.3273");
    expect(r.coverage.withSubsidy.toString()).toBe("1.6");
    expect(r.coverage.gross.toDecimalPlaces(4).toString()).toBe("1.3636");
    expect(r.status).toBe("self");
  });

  test("rows 02, 0301/0402, 05 and 06 per year", () => {
    const c = r.columns;
    // 02 in 2025 = 资本金 200 + 专项债 1,000; 05 = 02 + 01 − 03 − 04 = 1,200 + 0 − 1,200 − 0 = 0
    expect([c[0].sources, c[0].carry].map(String)).toEqual(["1200", "0"]);
    // 2026: 0402 = 50 (an operating year), 05 = 600 − 70 = 530; 2027: 05 = 1,200 − 70 = 1,130, 06 = 1,000
    expect([c[1].operatingFinance, c[1].carry, c[2].carry, c[2].bondPrincipal].map(String)).toEqual(["50", "530", "1130", "1000"]);
    expect(c.map((x) => x.inTerm)).toEqual([true, true, true, false]);
  });

  test("the debt system's checks: all pass except the coverage above p_coverageMax 1.5", () => {
    const byCode = Object.fromEntries(r.checks.map((k) => [k.code, k.ok]));
    expect(byCode).toEqual({
      bondsInConstruction: true,
      principalEqualsIssued: true,
      capitalPartWithinBonds: true,
      // 200 + 1,000 = 1,200 = 总投资
      fundingEqualsInvestment: true,
      // 1.6 > 1.5: an implausibly high coverage is flagged as a data error
      coverageWithinBounds: false,
      financeInCost: true,
      reportedDebtService: true,
    });
    expect(r.checks.find((k) => k.code === "coverageWithinBounds")!.detail.side).toBe("high");
  });

  test("checks that fail on bad data: bond after construction, sources ≠ 总投资, capital part above the bond, cost without interest", () => {
    const bad = bondProject(
      {
        ...input,
        tranches: [{ issueYear: 2026, amount: d(1000), rate: d(0.05), term: 1, capitalPart: d(1200) }],
        capital: d(300),
        flows: { ...input.flows, operatingCost: ds(0, 0, 0, 0), reportedDebtService: undefined },
      },
      { threshold: d(1.2) },
    ) as BondProjectResult;
    const byCode = Object.fromEntries(bad.checks.map((k) => [k.code, k]));
    expect(byCode.bondsInConstruction.ok).toBe(false);
    expect(byCode.bondsInConstruction.detail.outside).toBe("2026");
    // 300 + 1,000 = 1,300 vs 1,200: both numbers named, difference 100
    expect(byCode.fundingEqualsInvestment.ok).toBe(false);
    expect([
      byCode.fundingEqualsInvestment.detail.sources,
      byCode.fundingEqualsInvestment.detail.investment,
      byCode.fundingEqualsInvestment.detail.diff,
    ]).toEqual(["1300", "1200", "100"]);
    expect(byCode.capitalPartWithinBonds.ok).toBe(false);
    // interest 50 in 2027 but 支出 0 that year: the flows left the interest out
    expect(byCode.financeInCost.ok).toBe(false);
    expect(byCode.reportedDebtService).toBeUndefined();
  });

  test("without 总投资 the funding check cannot be made (not a pass)", () => {
    const r2 = bondProject({ ...input, investment: undefined }, policy) as BondProjectResult;
    expect(r2.checks.find((k) => k.code === "fundingEqualsInvestment")!.ok).toBeUndefined();
  });
});

describe("the cash-flow 债券还本付息 is compared as shown (half-up to 0.01 万元)", () => {
  // 1,000.1 at 5% for 2 years: interest 50.005 in 2026 and 2027, principal 1,000.1 in 2027.
  // Exact debt service 2026 = 50.005 (shown 50.01), 2027 = 1,050.105 (shown 1,050.11).
  const reported = (r2026: number, r2027: number) => {
    const r = bondProject(
      {
        ...input,
        tranches: [{ issueYear: 2025, amount: d("1000.1"), rate: d(0.05), term: 2 }],
        flows: { ...input.flows, reportedDebtService: [undefined, d(r2026), d(r2027), undefined] },
      },
      policy,
    ) as BondProjectResult;
    return r.checks.find((k) => k.code === "reportedDebtService")!;
  };

  test("a correctly rounded table (50.01, 1,050.11 for 50.005, 1,050.105) is not flagged", () => {
    expect(reported(50.01, 1050.11).ok).toBe(true);
  });

  test("a value shown as the same fen is not flagged: 50.0149 shows 50.01, as 50.005 does", () => {
    expect(reported(50.0149, 1050.11).ok).toBe(true);
  });

  test("a 0.01 difference in what is shown is always flagged, however small the exact gap", () => {
    // 50.004 shows 50.00 against 50.01 (exact gap 0.001); 1,050.10 against 1,050.11 (exact gap 0.005)
    const c = reported(50.004, 1050.1);
    expect([c.ok, c.detail.years]).toEqual([false, "2026、2027"]);
    // 50.00 against 50.01 only
    expect(reported(50, 1050.11).detail.years).toBe("2026");
  });
});

describe("敏感性分析 of the same project", () => {
  const scenarios = scenarioList({ incomeDrops: [d(0.1), d(0.2)], costRise: d(0.1), rateRise: d(0.01), landDelays: [1, 2] });
  const s = sensitivity(input, policy, scenarios) as SensitivityResult;
  const cov = (i: number) => s.scenarios[i].coverage.self.toDecimalPlaces(4).toString();

  test("the scenario list follows the parameters; a size 0 leaves a scenario out", () => {
    expect(scenarios.map((x) => x.kind)).toEqual(["base", "incomeDrop", "incomeDrop", "costRise", "rateRise", "landDelay", "landDelay"]);
    expect(scenarioList({ incomeDrops: [d(0.1), d(0)], costRise: d(0), rateRise: d(0), landDelays: [0, 2] }).map((x) => x.kind)).toEqual([
      "base",
      "incomeDrop",
      "landDelay",
    ]);
  });

  test("coverage under each scenario, by hand", () => {
    // base 1,460 / 1,100 = 1.3273
    expect(cov(0)).toBe("1.3273");
    // income −10%: (540 − 20) + (810 − 20) = 1,310 → 1.1909 (below 1.2 without subsidy; with it 1,610 → 1.4636)
    expect(cov(1)).toBe("1.1909");
    expect(s.scenarios[1].status).toBe("subsidy");
    // income −20%: (480 − 20) + (720 − 20) = 1,160 → 1.0545
    expect(cov(2)).toBe("1.0545");
    // cost +10% (other operating cost 20 → 22): 578 + 878 = 1,456 → 1.3236
    expect(cov(3)).toBe("1.3236");
    // rate +100 BP: 6% → interest 60 + 60, debt service 1,120; operating cost keeps its other 20 → 1,460 / 1,120 = 1.3036
    expect(cov(4)).toBe("1.3036");
    expect(s.scenarios[4].coverage.debtService.toString()).toBe("1120");
    // land sale 1 year later: 2026 gets nothing (−20), 2027 gets 600 (580), 900 falls to 2028 after the term → 560 → 0.5091
    expect(cov(5)).toBe("0.5091");
    // with subsidy 860 / 1,100 = 0.7818 < 1.2 → 不达标
    expect(s.scenarios[5].status).toBe("short");
    // 2 years later: 2026 −20, 2027 −20 → −40 → −0.0364
    expect(cov(6)).toBe("-0.0364");
  });

  test("break-even drop = 1 − 1.2 × 1,100 ÷ 1,460 = 140 ÷ 1,460 = 0.0959; with subsidy 1 − 1,320 ÷ 1,760 = 0.25", () => {
    expect(s.breakEvenSelf!.toDecimalPlaces(4).toString()).toBe("0.0959");
    expect(s.breakEvenWithSubsidy!.toString()).toBe("0.25");
  });
});
