import fc from "fast-check";
import DecimalBase from "decimal.js";
import { Dec, ExactSum, ZERO, decCmp, decMax, decMin, decShifted, decToNumber, decUnits, sum } from "../../src/engine/decimal";
import { roundHalfUp, toOutput } from "../../src/engine/money";

/*
 * The allocation-free Decimal helpers (decCmp, decToNumber, sum's shared first value, roundHalfUp's own-rounding
 * case) against decimal.js's own methods, on random values including the edge cases: many decimals, magnitudes near
 * 1e15 and beyond, ±0, 0.1 + 0.2, long digit strings (more digits than the precision), NaN and ±Infinity.
 */

const digits = (min: number, max: number) =>
  fc.array(fc.integer({ min: 0, max: 9 }), { minLength: min, maxLength: max }).map((d) => d.join(""));

/** Decimal text: sign, up to 20 integer digits and 20 decimals, an exponent. */
const textArb = fc
  .tuple(fc.boolean(), digits(1, 20), fc.option(digits(1, 20), { nil: undefined }), fc.integer({ min: -30, max: 30 }))
  .map(([neg, int, frac, exp]) => `${neg ? "-" : ""}${int}${frac ? `.${frac}` : ""}e${exp}`);

const edgeNumbers = [
  0,
  -0,
  0.1 + 0.2,
  0.3,
  1e15,
  -1e15,
  999999999999999.9,
  1e15 - 0.01,
  123456789012345.67,
  9007199254740991,
  2 ** 53 + 2,
  2 ** 53,
  1e22,
  1e23,
  5e-324,
  1.005,
  -2.675,
  0.125,
  1e-7,
  12345678.9012345,
  Number.MAX_VALUE,
];

const decArb: fc.Arbitrary<Dec> = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => new Dec(x)),
  fc.integer({ min: -1e9, max: 1e9 }).chain((n) => fc.integer({ min: 0, max: 8 }).map((dp) => new Dec(n).div(10 ** dp))),
  fc.constantFrom(...edgeNumbers).map((x) => new Dec(x)),
  textArb.map((t) => new Dec(t)),
  // More digits than the precision (a Decimal made from text keeps them all; arithmetic rounds them to 64).
  fc.tuple(fc.boolean(), digits(30, 40), digits(30, 40)).map(([neg, a, b]) => new Dec(`${neg ? "-" : ""}${a}.${b}`)),
  // Arithmetic results: rounded to the precision of 64.
  fc.tuple(textArb, textArb).map(([a, b]) => new Dec(a).plus(b)),
  fc.constantFrom(new Dec(NaN), new Dec(Infinity), new Dec(-Infinity), new Dec("-0"), ZERO),
);

const shownDec = (x: Dec) => `${x.isNegative() ? "-" : "+"}${x.toString()}`;
const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe("allocation-free Decimal helpers equal decimal.js (property-based)", () => {
  test("decCmp(a, b) is a.comparedTo(b); decMin/decMax pick what lessThan/greaterThan pick", () => {
    fc.assert(
      fc.property(decArb, decArb, (a, b) => {
        expect(same(decCmp(a, b), a.comparedTo(b))).toBe(true);
        expect(same(decCmp(a, a), a.comparedTo(a))).toBe(true);
        expect(decMin(a, b)).toBe(a.lessThan(b) ? a : b);
        expect(decMax(a, b)).toBe(a.greaterThan(b) ? a : b);
      }),
      { numRuns: 3000 },
    );
  });

  test("decCmp with a Decimal of another class goes through comparedTo", () => {
    expect(decCmp(new Dec(1), new DecimalBase(2) as unknown as Dec)).toBe(-1);
    expect(decCmp(new Dec("0.1"), new DecimalBase("0.1") as unknown as Dec)).toBe(0);
  });

  test("decToNumber(x) is x.toNumber(), −0 included", () => {
    fc.assert(
      fc.property(decArb, (x) => {
        expect(same(decToNumber(x), x.toNumber())).toBe(true);
      }),
      { numRuns: 5000 },
    );
    for (const x of edgeNumbers) expect(same(decToNumber(new Dec(x)), new Dec(x).toNumber())).toBe(true);
  });

  test("sum(values) has the value and sign of the plain fold 0 + v₁ + v₂ + …", () => {
    fc.assert(
      fc.property(fc.array(decArb, { maxLength: 8 }), (values) => {
        let fold = ZERO;
        for (const v of values) fold = fold.plus(v);
        const s = sum(values);
        expect(s.toString()).toBe(fold.toString());
        expect(s.isNegative()).toBe(fold.isNegative());
      }),
      { numRuns: 3000 },
    );
  });

  test("sum of a longer list (ExactSum's integer units) has the value and sign of the plain fold", () => {
    // Amounts as a plan adds them (areas, 万元 with up to 6 decimals), mixed with every kind of decArb value, and
    // amounts near 2⁵³ units where a rescale or a partial sum no longer fits and the total goes on by Decimal.
    const amount = fc.oneof(
      fc.integer({ min: -1e9, max: 1e9 }).chain((n) => fc.integer({ min: 0, max: 6 }).map((dp) => new Dec(n).div(10 ** dp))),
      fc
        .constantFrom("90071992547409.91", "-90071992547409.91", "9007199254740991", "0.000000000000001", "1e-16", "45035996273704.96")
        .map((t) => new Dec(t)),
      decArb,
    );
    fc.assert(
      fc.property(fc.array(amount, { maxLength: 40 }), (values) => {
        let fold = ZERO;
        for (const v of values) fold = fold.plus(v);
        const s = sum(values);
        expect(shownDec(s)).toBe(shownDec(fold));
        // ExactSum on its own, on lists of any length (sum takes it from 16 values on, Decimal additions below).
        const total = new ExactSum();
        for (const v of values) total.add(v);
        expect(shownDec(total.total())).toBe(shownDec(fold));
      }),
      { numRuns: 3000 },
    );
  });

  test("ExactSum by hand: 0.1 + 0.2 + 0.3 + 0.4 is 1 exactly; cancelling amounts give +0; 2⁵³ units go on by Decimal", () => {
    const exact = (values: Dec[]) => {
      const total = new ExactSum();
      for (const v of values) total.add(v);
      return total.total();
    };
    expect(exact([0.1, 0.2, 0.3, 0.4].map((x) => new Dec(x))).toString()).toBe("1");
    expect(shownDec(exact(["1.25", "-1.25", "0", "-0"].map((x) => new Dec(x))))).toBe("+0");
    // 9,007,199,254,740,991 fen is 2⁵³ − 1 units at 2 decimals: one fen more does not fit, and the total is still exact.
    const big = ["90071992547409.91", "0.01", "0.01", "0.5"].map((x) => new Dec(x));
    expect(exact(big).toString()).toBe("90071992547410.43");
    // A value with 15 decimals after one with 2: the units are rescaled (×10¹³).
    expect(exact(["1.25", "0.000000000000001", "2", "3"].map((x) => new Dec(x))).toString()).toBe("6.250000000000001");
  });

  test("roundHalfUp and toOutput equal toDecimalPlaces(dp, half-up) and its number", () => {
    fc.assert(
      fc.property(decArb, fc.integer({ min: 0, max: 6 }), (x, dp) => {
        const expected = x.toDecimalPlaces(dp, Dec.ROUND_HALF_UP);
        const r = roundHalfUp(x, dp);
        expect(r.toString()).toBe(expected.toString());
        expect(r.isNegative()).toBe(expected.isNegative());
        if (x.isFinite()) {
          const n = expected.toNumber();
          expect(same(toOutput(x, dp), n === 0 ? 0 : n)).toBe(true);
        }
      }),
      { numRuns: 3000 },
    );
  });

  test("decUnits(x, places) is x × 10^places exactly whenever it is not NaN, and is not NaN for amounts of 2 digit words", () => {
    fc.assert(
      fc.property(decArb, fc.integer({ min: 0, max: 15 }), (x, places) => {
        const u = decUnits(x, places);
        const exact = x.times(new Dec(10).pow(places));
        if (!Number.isNaN(u)) {
          expect(Number.isSafeInteger(u)).toBe(true);
          expect(new Dec(u).equals(exact)).toBe(true);
          expect(Object.is(u, -0)).toBe(false);
        } else if (x.isFinite() && exact.isInteger() && exact.abs().lte(Number.MAX_SAFE_INTEGER)) {
          // Left out only for more than 2 digit words.
          expect(x.d.length).toBeGreaterThan(2);
        }
      }),
      { numRuns: 5000 },
    );
    expect(decUnits(new Dec("0.01"), 2)).toBe(1);
    expect(decUnits(new Dec("1234.56"), 2)).toBe(123456);
    expect(decUnits(new Dec("-1234.56"), 4)).toBe(-12345600);
    expect(decUnits(new Dec("1234.565"), 2)).toBeNaN();
    expect(decUnits(new Dec("90071992547409"), 2)).toBe(9007199254740900);
    expect(decUnits(new Dec("90071992547410"), 2)).toBeNaN();
  });

  test("decShifted(v, k) is new Dec(v) × 10^k (÷ 10⁴ for k = −4), sign of zero included", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.double(), fc.constantFrom(0, -0, 0.1 + 0.2, 1e21, 1e-7, 123456.789, -2.5e-300, NaN, Infinity)),
        fc.integer({ min: -8, max: 8 }),
        (v, k) => {
          const got = decShifted(v, k);
          const want = new Dec(v).times(new Dec(10).pow(k));
          expect(got.isNaN() ? "NaN" : shownDec(got)).toBe(want.isNaN() ? "NaN" : shownDec(want));
          if (k === -4)
            expect(got.isNaN() ? "NaN" : shownDec(got)).toBe(new Dec(v).div(10000).isNaN() ? "NaN" : shownDec(new Dec(v).div(10000)));
        },
      ),
      { numRuns: 5000 },
    );
    expect(decShifted(12345.67, -4).toString()).toBe("1.234567");
  });
});
