import fc from "fast-check";
import { Dec, sum } from "../../src/engine/decimal";
import { DomainError } from "../../src/engine/errors";
import { PlanProject, buildPlanTable, buildPlanTableByTown } from "../../src/engine/plan";
import { roundHalfUp } from "../../src/engine/money";
import { getFunction } from "../../src/registry";
import { invoke } from "../../src/registry/invoke";

/** Areas in ㎡ with up to 2 decimals, investment in 万元 with up to 4 decimals: rounding to 0.01 bites often. */
const projectArb: fc.Arbitrary<Row> = fc.record({
  year: fc.integer({ min: 2020, max: 2030 }),
  households: fc.integer({ min: 0, max: 5000 }),
  areaCents: fc.integer({ min: 0, max: 30_000_000 }),
  investmentTenThousandths: fc.option(fc.integer({ min: 0, max: 2_000_000_000 }), { nil: undefined }),
  town: fc.option(fc.constantFrom("东关街道", "西城街道", "南湖镇", "北山镇"), { nil: undefined }),
});

interface Row {
  year: number;
  households: number;
  areaCents: number;
  investmentTenThousandths?: number;
  town?: string;
}

const toProject = (r: Row): PlanProject => ({
  year: r.year,
  households: r.households,
  buildingArea: new Dec(r.areaCents).div(100),
  investment: r.investmentTenThousandths === undefined ? undefined : new Dec(r.investmentTenThousandths).div(10_000),
  town: r.town,
});

const listArb = fc.array(projectArb, { minLength: 1, maxLength: 40 }).map((rs) => rs.map(toProject));

describe("plan table laws (property-based)", () => {
  test("plan parts add up to the total shown: areas and investment, in 万元 and in 亿元", () => {
    fc.assert(
      fc.property(listArb, fc.constantFrom("万元" as const, "亿元" as const), (projects, unit) => {
        const t = buildPlanTable(projects, { investmentUnit: unit });
        if (t instanceof DomainError) return false;
        const area = sum(t.years.map((y) => y.areaWan));
        const inv = sum(t.years.map((y) => y.investment ?? new Dec(0)));
        expect(area.equals(t.total.areaWan)).toBe(true);
        if (t.hasInvestment) expect(inv.equals(t.total.investment!)).toBe(true);
        // the total is the exact sum rounded half-up (nothing is lost or invented)
        expect(t.total.areaWan.equals(roundHalfUp(sum(projects.map((p) => p.buildingArea)).div(10_000)))).toBe(true);
        // counts add up, and every shown part stays within one cent of its exact value
        expect(t.years.reduce((n, y) => n + y.projects, 0)).toBe(projects.length);
        expect(t.years.reduce((n, y) => n + y.households, 0)).toBe(t.total.households);
        for (const y of t.years) {
          const exact = sum(projects.filter((p) => p.year === y.year).map((p) => p.buildingArea)).div(10_000);
          expect(y.areaWan.minus(exact).abs().lessThan("0.01")).toBe(true);
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  test("by 镇街: each year's towns add up to the year shown", () => {
    fc.assert(
      fc.property(listArb, (projects) => {
        const t = buildPlanTableByTown(projects);
        if (t instanceof DomainError) return false;
        for (const y of t.table.years) {
          const towns = t.rows.filter((r) => r.year === y.year);
          expect(sum(towns.map((r) => r.areaWan)).equals(y.areaWan)).toBe(true);
          if (y.investment) expect(sum(towns.map((r) => r.investment!)).equals(y.investment)).toBe(true);
          expect(towns.reduce((n, r) => n + r.households, 0)).toBe(y.households);
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });

  test("PLANTABLE's spilled columns add up to its 合计 row (as Excel would sum them)", () => {
    const spec = getFunction("PLANTABLE")!;
    fc.assert(
      fc.property(fc.array(projectArb, { minLength: 1, maxLength: 30 }), (rs) => {
        const col = (f: (r: Row) => number) => rs.map((r) => [f(r)]);
        const out = invoke(spec, [
          col((r) => r.year),
          col((r) => r.households),
          col((r) => r.areaCents / 100),
          col((r) => (r.investmentTenThousandths ?? 0) / 10_000),
        ]);
        if (!Array.isArray(out)) return false;
        const body = out.slice(1, -1);
        const total = out[out.length - 1];
        for (const c of [3, 4]) {
          const s = sum(body.map((row) => new Dec(row[c] as number)));
          expect(s.equals(new Dec(total[c] as number))).toBe(true);
        }
        return true;
      }),
      { numRuns: 200 },
    );
  });
});
