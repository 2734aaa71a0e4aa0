import fc from "fast-check";
import { Dec, sum } from "../../src/engine/decimal";
import { apportion, roundHalfUp, roundPartsToTotal, sqmTo, toOutput, toYuan, yuanTo } from "../../src/engine/money";

const d = (x: number | string) => new Dec(x);
const strs = (xs: Dec[]) => xs.map((x) => x.toFixed(2));

describe("money helpers (domain §0)", () => {
  it("rounds half-up (四舍五入), also for values binary floats get wrong", () => {
    expect(roundHalfUp(d("1.005")).toString()).toBe("1.01");
    expect(roundHalfUp(d("2.675")).toString()).toBe("2.68");
    expect(roundHalfUp(d("-1.005")).toString()).toBe("-1.01");
    expect(toOutput(d("0.004"))).toBe(0);
    expect(Object.is(toOutput(d("-0.004")), 0)).toBe(true); // never −0 in a cell
  });

  it("converts 元 ↔ 万元 ↔ 亿元 and ㎡ → 万㎡ exactly", () => {
    expect(yuanTo(d(123456789), "万元").toString()).toBe("12345.6789");
    expect(yuanTo(d(123456789), "亿元").toString()).toBe("1.23456789");
    expect(toYuan(d("1.5"), "万元").toString()).toBe("15000");
    expect(sqmTo(d(385700), "万㎡").toString()).toBe("38.57");
  });

  it("three years of 33,335 ㎡: naive rounding shows 3.33 × 3 ≠ 10.00; apportioned parts add up", () => {
    // 33,335 ㎡ = 3.3335 万㎡; total 10.0005 → 10.00 shown; naive parts 3.33 + 3.33 + 3.33 = 9.99.
    const parts = [d("3.3335"), d("3.3335"), d("3.3335")];
    const { parts: shown, total } = roundPartsToTotal(parts);
    expect(total.toFixed(2)).toBe("10.00");
    expect(strs(shown)).toEqual(["3.34", "3.33", "3.33"]);
    expect(sum(shown).toFixed(2)).toBe("10.00");
  });

  it("gives the unit to the part with the largest remainder", () => {
    // 1.114 + 1.114 + 1.117 = 3.345 → 3.35; rounded parts 1.11 + 1.11 + 1.12 = 3.34; the largest remainder
    // below its rounding is 1.114 (−0.004 vs 1.11 → remainder 0.004), tie → first: 1.12, 1.11, 1.12.
    const { parts: shown, total } = roundPartsToTotal([d("1.114"), d("1.114"), d("1.117")]);
    expect(total.toFixed(2)).toBe("3.35");
    expect(strs(shown)).toEqual(["1.12", "1.11", "1.12"]);
  });

  it("takes units away when rounding overshoots", () => {
    // 0.005 × 3 = 0.015 → total 0.02, half-up parts 0.01 × 3 = 0.03: one part gives back 0.01.
    const shown = apportion([d("0.005"), d("0.005"), d("0.005")], d("0.02"));
    expect(sum(shown).toFixed(2)).toBe("0.02");
    expect(shown.filter((x) => x.toFixed(2) === "0.01").length).toBe(2);
  });

  it("parts always add up to the total shown (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1e9, max: 1e9 }), { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 4 }),
        (raw, dp) => {
          const parts = raw.map((n) => new Dec(n).div(1000));
          const { parts: shown, total } = roundPartsToTotal(parts, dp);
          expect(sum(shown).equals(total)).toBe(true);
          // no part moves by more than one unit of the last decimal from its exact value
          const unit = new Dec(10).pow(-dp);
          shown.forEach((s, i) => expect(s.minus(parts[i]).abs().lessThanOrEqualTo(unit)).toBe(true));
        },
      ),
      { numRuns: 500 },
    );
  });
});
