import fc from "fast-check";
import { Dec, sum } from "../../src/engine/decimal";
import { centsOf, shownTotal } from "../../src/workbook/balanceSheet";

/*
 * The 区域汇总's cached totals add the shown project amounts in whole fen when that is exact
 * (src/workbook/balanceSheet.ts centsOf/shownTotal) and by Decimal additions otherwise: the same Decimal as
 * sum(new Dec(shown)) either way — value and sign — on amounts with 2 decimals, near 1e13 and 1e15, 0.1 + 0.2, −0.
 */

const amountArb: fc.Arbitrary<number> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1e10, max: 1e10 }).map((n) => n / 100) },
  { weight: 2, arbitrary: fc.double({ min: -1e16, max: 1e16, noNaN: true }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      0,
      -0,
      0.1 + 0.2,
      0.3,
      0.01,
      -0.01,
      9999999999999.99,
      99999999999999.98,
      1e15,
      -1e15,
      45035996273704.96,
      2 ** 53,
    ),
  },
);

const shown = (x: Dec) => `${x.isNegative() ? "-" : "+"}${x.toString()}`;

describe("shownTotal equals the Decimal sum of the shown amounts (property-based)", () => {
  test("any members of any amounts", () => {
    fc.assert(
      fc.property(fc.array(amountArb, { minLength: 1, maxLength: 30 }), fc.array(fc.nat(), { maxLength: 30 }), (values, picks) => {
        const members = picks.map((k) => k % values.length);
        const expected = sum(members.map((i) => new Dec(values[i])));
        expect(shown(shownTotal(members, values, values.map(centsOf)))).toBe(shown(expected));
      }),
      { numRuns: 5000 },
    );
  });

  test("hand-checked: 0.1 + 0.2 (not a whole number of fen) and 1.10 + 2.20", () => {
    expect(Number.isNaN(centsOf(0.1 + 0.2))).toBe(true);
    expect(centsOf(1.1)).toBe(110);
    expect(shownTotal([0, 1], [1.1, 2.2], [110, 220]).toString()).toBe("3.3");
    expect(shownTotal([0, 1], [0.1 + 0.2, -0.3], [NaN, -30]).toString()).toBe("0.00000000000000004");
  });
});
