import fc from "fast-check";
import { Dec, ZERO } from "../../src/engine/decimal";
import { projectFlows } from "../../src/engine/balance/flows";
import type { ProjectInput } from "../../src/engine/balance/portfolio";
import { balanceYearIndex, cumulative } from "../../src/engine/balance/years";

/*
 * projectFlows takes the surplus, total net flow and balance year from exact scaled integers when every value fits
 * (src/engine/balance/flows.ts scaledFlows) and from Decimal arithmetic otherwise. Both must give the Decimal path's
 * values — sign of zero included (a −0 surplus is shown red) — on random flows: many decimals, magnitudes near 1e15
 * and 2⁵³ units, −0, 0.1 + 0.2, values of more digits than the scaled path takes, cancelling flows.
 */

const valueArb: fc.Arbitrary<Dec> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1e9, max: 1e9 }).map((n) => new Dec(n).div(100)) },
  { weight: 2, arbitrary: fc.constant(ZERO) },
  { weight: 2, arbitrary: fc.double({ min: -1e15, max: 1e15, noNaN: true }).map((x) => new Dec(x)) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 17 }))
      .map(([n, dp]) => new Dec(n).div(new Dec(10).pow(dp))),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      new Dec(-0),
      new Dec(0.1 + 0.2),
      new Dec("0.1").plus("0.2"),
      new Dec(1e15),
      new Dec(-1e15),
      new Dec("999999999999999.99"),
      new Dec("90071992547409.91"),
      new Dec("90071992547409.92"),
      new Dec("4503599627370496"),
      new Dec("9007199254740993"),
      new Dec("1e-15"),
      new Dec("1e-16"),
      new Dec("1e25"),
      new Dec("123456789012345678901234567890.5"),
    ),
  },
);

const projectArb = fc.integer({ min: 1, max: 12 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    income: fc.array(valueArb, { minLength: n, maxLength: n }),
    cost: fc.array(valueArb, { minLength: n, maxLength: n }),
    end: fc.integer({ min: 0, max: n + 2 }),
    // Flows that cancel: the cost of some years repeats the income, so running totals hit exactly 0.
    mirror: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  }),
);

const shown = (x: Dec) => `${x.isNegative() ? "-" : "+"}${x.toString()}`;

describe("projectFlows' scaled-integer path equals the Decimal path (property-based)", () => {
  test("surplus, total net, balance year and the cumulative series", () => {
    fc.assert(
      fc.property(projectArb, ({ n, income, cost, end, mirror }) => {
        const years = Array.from({ length: n }, (_, k) => 2020 + k);
        const costs = cost.map((c, k) => (mirror[k] ? income[k] : c));
        const p: ProjectInput = { id: "P", income, cost: costs, plannedEndYear: 2020 + end };
        const f = projectFlows(p, years, new Dec(1.2));
        // The Decimal path, written out.
        const net = income.map((x, k) => (costs[k].isZero() ? x : x.isZero() ? costs[k].negated() : x.minus(costs[k])));
        const cum = cumulative(net);
        const k = balanceYearIndex(cum);
        expect(shown(f.surplus)).toBe(shown(cum[Math.min(n - 1, end)]));
        expect(shown(f.totalNet)).toBe(shown(cum[n - 1]));
        expect(f.balanceYear).toBe(k < 0 ? undefined : years[k]);
        expect(f.cumulative.map(shown)).toEqual(cum.map(shown));
      }),
      { numRuns: 5000 },
    );
  });

  test("hand-checked: 0.1 + 0.2 of income against 0.3 of cost balances to exactly 0 (+0), from year 2", () => {
    const p: ProjectInput = {
      id: "P",
      income: [new Dec(0.1), new Dec(0.2), ZERO],
      cost: [new Dec("0.3"), ZERO, ZERO],
      plannedEndYear: 2021,
    };
    const f = projectFlows(p, [2020, 2021, 2022], new Dec(1.2));
    expect(f.surplus.toString()).toBe("0");
    expect(f.surplus.isNegative()).toBe(false);
    expect(f.balanceYear).toBe(2021);
    expect(f.cumulative.map(String)).toEqual(["-0.2", "0", "0"]);
  });

  test("hand-checked: an income of −0 keeps the Decimal path's −0 surplus", () => {
    const p: ProjectInput = { id: "P", income: [new Dec(-0)], cost: [ZERO], plannedEndYear: 2020 };
    const f = projectFlows(p, [2020], new Dec(1.2));
    expect(f.surplus.isZero() && f.surplus.isNegative()).toBe(true);
  });
});
