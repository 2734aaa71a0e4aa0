import fc from "fast-check";
import { Dec, decCmp, sum } from "../../src/engine/decimal";
import { apportion, roundHalfUp } from "../../src/engine/money";

/*
 * apportion orders its candidates on exact integer units when every part fits (src/engine/money.ts orderInUnits) and
 * on Decimals otherwise. The Decimal way, as it was written, is the reference here: the same parts must come back, in
 * value and sign, on parts with ties (equal gaps, equal sizes), signs, up to 20 decimals (beyond the units' 15) and
 * magnitudes beyond 2⁵³ units, for totals anywhere from the rounded sum to as many units off as there are parts.
 */

function referenceApportion(exactParts: readonly Dec[], totalShown: Dec, dp = 2): Dec[] {
  const rounded = exactParts.map((p) => roundHalfUp(p, dp));
  if (rounded.length === 0) return rounded;
  const unit = new Dec(1).div(new Dec(10).pow(dp));
  let diffUnits = totalShown.minus(sum(rounded)).div(unit).round().toNumber();
  if (diffUnits === 0) return rounded;
  const direction = diffUnits > 0 ? 1 : -1;
  const order = exactParts
    .map((exact, index) => ({ index, gap: exact.minus(rounded[index]).times(direction), size: exact.abs() }))
    .sort((a, b) => decCmp(b.gap, a.gap) || decCmp(b.size, a.size) || a.index - b.index);
  if (Math.abs(diffUnits) > order.length) throw new Error(`apportion: total ${totalShown} is not the rounded sum of the parts`);
  const adjusted = rounded.slice();
  for (let i = 0; diffUnits !== 0; i = (i + 1) % order.length) {
    const target = order[i].index;
    adjusted[target] = adjusted[target].plus(unit.times(direction));
    diffUnits -= direction;
  }
  return adjusted;
}

const shown = (x: Dec) => `${x.isNegative() ? "-" : "+"}${x.toString()}`;

const part = fc.oneof(
  // few distinct values: ties in gap and size are common
  { weight: 3, arbitrary: fc.constantFrom("0.005", "0.015", "-0.005", "1.235", "2.5", "0.125", "-0.125", "0").map((t) => new Dec(t)) },
  {
    weight: 3,
    arbitrary: fc.integer({ min: -1e9, max: 1e9 }).chain((n) => fc.integer({ min: 0, max: 8 }).map((k) => new Dec(n).div(10 ** k))),
  },
  // more decimals than the units take, and magnitudes beyond 2⁵³ units
  {
    weight: 1,
    arbitrary: fc.constantFrom("0.12345678901234567891", "90071992547409.915", "123456789012345.678", "-0").map((t) => new Dec(t)),
  },
);

describe("apportion on integer units equals the Decimal way (property-based)", () => {
  test("the same parts for any total within the parts' reach", () => {
    fc.assert(
      fc.property(
        fc.array(part, { minLength: 1, maxLength: 30 }),
        fc.integer({ min: 0, max: 4 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        (parts, dp, off) => {
          const unit = new Dec(10).pow(-dp);
          // a total from the rounded sum of the exact parts, moved by up to as many units as there are parts
          const shift = Math.round(off * parts.length);
          const total = roundHalfUp(sum(parts), dp).plus(unit.times(shift));
          // Both give the same parts, or both refuse a total beyond the parts' reach.
          const run = (f: typeof apportion) => {
            try {
              return f(parts, total, dp).map(shown);
            } catch (e) {
              return String(e);
            }
          };
          expect(run(apportion)).toEqual(run(referenceApportion));
        },
      ),
      { numRuns: 4000 },
    );
  });

  test("by hand: three parts of 0.005 shown as 0.02 — equal gaps and sizes: the first one gives its 0.01 back", () => {
    const parts = ["0.005", "0.005", "0.005"].map((t) => new Dec(t));
    expect(apportion(parts, new Dec("0.02")).map(String)).toEqual(["0", "0.01", "0.01"]);
    // 1.004 and 2.006 shown as 3.01: rounded 1 + 2.01 = 3.01 already — no move.
    expect(
      apportion(
        ["1.004", "2.006"].map((t) => new Dec(t)),
        new Dec("3.01"),
      ).map(String),
    ).toEqual(["1", "2.01"]);
    // 0.004 + 0.004 + 0.003 = 0.011 shown as 0.01; rounded 0 + 0 + 0 = 0: the largest gap (0.004, the earlier) gets it.
    expect(
      apportion(
        ["0.004", "0.004", "0.003"].map((t) => new Dec(t)),
        new Dec("0.01"),
      ).map(String),
    ).toEqual(["0.01", "0", "0"]);
  });
});
