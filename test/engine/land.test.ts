import { Dec, dec } from "../../src/engine/decimal";
import { DomainError } from "../../src/engine/errors";
import { landNet, landProvisions, LandRates } from "../../src/engine/land";
import { getFunction } from "../../src/registry";
import type { RawArg } from "../../src/registry/coerce";
import { argLabel, invoke } from "../../src/registry/invoke";

const call = (...args: RawArg[]) => invoke(getFunction("LANDNET")!, args);

function rates(over: Partial<Record<keyof LandRates, number>> = {}): LandRates {
  // The policy table's defaults (p_eduRate 0.1, p_irrigationRate 0.1, p_housingRate 0, p_fundRate 0).
  const r = { eduRate: 0.1, irrigationRate: 0.1, housingRate: 0, fundRate: 0, ...over };
  return {
    eduRate: dec(r.eduRate),
    irrigationRate: dec(r.irrigationRate),
    housingRate: dec(r.housingRate),
    fundRate: dec(r.fundRate),
  };
}

describe("LANDNET (domain §3, §3.4)", () => {
  // gross 100,000,000, cost items 40,000,000 → G = 60,000,000; education 10% = 6,000,000; irrigation 10% = 6,000,000;
  // usable = 100,000,000 − 12,000,000 = 88,000,000 (cost items are not subtracted again).
  test("worked example with default rates: 88,000,000", () => {
    const p = landProvisions(dec(100000000), dec(40000000), rates());
    expect(p.income.toNumber()).toBe(60000000);
    expect(p.education.toNumber()).toBe(6000000);
    expect(p.irrigation.toNumber()).toBe(6000000);
    expect(p.netIncome.toNumber()).toBe(48000000);
    expect(p.housing.toNumber()).toBe(0);
    expect(p.fund.toNumber()).toBe(0);
    expect(p.totalProvisions.toNumber()).toBe(12000000);
    expect(p.usable.toNumber()).toBe(88000000);
    expect(call(100000000, 40000000)).toBe(88000000);
  });

  // housingRate 0.1 on N = 48,000,000 → 4,800,000; usable 88,000,000 − 4,800,000 = 83,200,000.
  test("affordable housing provision is taken from net income N", () => {
    expect((landNet(dec(100000000), dec(40000000), rates({ housingRate: 0.1 })) as Dec).toNumber()).toBe(83200000);
    expect(call(100000000, 40000000, 0.1, 0.1, 0.1)).toBe(83200000);
  });

  // fundRate 0.02 on gross 100,000,000 → 2,000,000; usable 88,000,000 − 2,000,000 = 86,000,000.
  test("state land income fund is taken from gross income", () => {
    expect((landNet(dec(100000000), dec(40000000), rates({ fundRate: 0.02 })) as Dec).toNumber()).toBe(86000000);
    expect(call(100000000, 40000000, null, null, null, 0.02)).toBe(86000000);
  });

  // cost items above gross: G = max(0, −2,000,000) = 0, so only the fund applies: 10,000,000 − 200,000 = 9,800,000.
  test("income below the cost items gives no G-based provisions", () => {
    expect(call(10000000, 12000000, 0.1, 0.1, 0.1, 0.02)).toBe(9800000);
  });

  // G = 1,000,000.01 − 0 → education 100,000.001, irrigation 100,000.001 → usable 800,000.008 → 800,000.01
  test("rounding happens once, at the output", () => {
    expect(call(1000000.01, 0)).toBe(800000.01);
  });

  test("the provisions add up: total and usable from the exact parts", () => {
    const p = landProvisions(dec(100000000), dec(40000000), rates({ housingRate: 0.1, fundRate: 0.02 }));
    // provisions 6,000,000 + 6,000,000 + 4,800,000 + 2,000,000 = 18,800,000; usable 81,200,000
    expect(p.totalProvisions.toNumber()).toBe(18800000);
    expect(p.usable.toNumber()).toBe(81200000);
  });

  // 0.6 + 0.6 = 1.2 > 1: education 600 + irrigation 600 of G = 1000 would leave N = −200 and a housing fund of −100.
  test("rates on the land income adding up to more than 1 are refused (LANDNET(1000,0,0.6,0.6,0.5))", () => {
    const r = call(1000, 0, 0.6, 0.6, 0.5) as DomainError;
    expect(r).toBeInstanceOf(DomainError);
    expect(r.code).toBe("landRatesAboveIncome");
    expect(r.params.arg).toBe("irrigationRate");
    expect(r.params.other).toBe("eduRate");
    expect(r.render(argLabel(getFunction("LANDNET")!)).zh).toContain("之和为 1.2");
  });

  // G = 1000: education 500 + irrigation 500 (N = 0) + fund 0.5 × 1000 = 500 → provisions 1500 > gross 1000.
  test("provisions above the gross income are refused naming fundRate", () => {
    const r = call(1000, 0, 0.5, 0.5, 0, 0.5) as DomainError;
    expect(r.code).toBe("landProvisionsAboveGross");
    expect(r.params.arg).toBe("fundRate");
    // exactly the income is possible: 500 + 500 = 1000 → usable 0
    expect(call(1000, 0, 0.5, 0.5, 0, 0)).toBe(0);
  });

  test("a rate given in percent is refused as a share naming the argument", () => {
    const r = call(100000000, 40000000, 10);
    expect(r).toBeInstanceOf(DomainError);
    expect((r as DomainError).render(argLabel(getFunction("LANDNET")!)).zh).toContain("教育资金比例(eduRate)");
  });

  test("negative income is refused naming grossIncome", () => {
    const r = call(-1, 0) as DomainError;
    expect(r.render(argLabel(getFunction("LANDNET")!)).zh).toContain("土地出让收入(grossIncome)");
  });
});
