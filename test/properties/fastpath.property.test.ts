import fc from "fast-check";
import { DomainError } from "../../src/engine/errors";
import { Fx, fx, fxDivRound, fxRound, fxToNumber } from "../../src/engine/fixed";
import { FUNCTIONS } from "../../src/registry";
import { coerceArgs, RawArg } from "../../src/registry/coerce";
import { invoke } from "../../src/registry/invoke";
import type { FunctionSpec } from "../../src/registry/types";
import { seedFor } from "./guard";

/*
 * Issue 15 item 3: the exact scaled-integer fast path (engine/fixed.ts, engine/fast.ts) and the decimal.js path give
 * identical results — the same number to the last bit, the same error code — on random inputs of every size,
 * from the common case (a few decimals, workbook magnitudes) to inputs that do not fit and fall back.
 */

/** A number with 0–12 decimals and a magnitude up to 1e14: most fit the fast path, some do not. */
const num = (maxExp = 14) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxExp }), fc.integer({ min: 0, max: 12 }), fc.double({ min: 0, max: 1, noNaN: true }))
    .map(([e, d, f]) => Number((f * 10 ** e).toFixed(d)));
const share = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(0, 0.1, 0.2, 0.5, 1) },
  { weight: 3, arbitrary: fc.integer({ min: 0, max: 10000 }).map((n) => n / 10000) },
  { weight: 1, arbitrary: fc.double({ min: 0, max: 1, noNaN: true }) },
);
const signed = fc.tuple(num(9), fc.boolean()).map(([x, neg]) => (neg ? -x : x));
const column = (a: fc.Arbitrary<number>, min = 1, max = 12) =>
  fc.array(a, { minLength: min, maxLength: max }).map((xs) => xs.map((x) => [x]));

const ARGS: Record<string, fc.Arbitrary<RawArg[]>> = {
  FEEEXEMPT: fc.tuple(num(), num(), num(5), fc.constantFrom("政府", "民间资本"), fc.oneof(fc.constant(null), num(1))),
  FEEDUE: fc.tuple(
    num(),
    num(),
    num(5),
    fc.constantFrom("政府", "民间资本"),
    fc.oneof(fc.constant(null), num(1)),
    fc.oneof(fc.constant(null), num(3)),
    fc.oneof(fc.constant(null), num(3)),
  ),
  COMPENSATION: fc.tuple(
    num(6),
    num(6),
    num(3),
    num(3),
    fc.oneof(fc.integer({ min: 0, max: 48 }), num(2)),
    fc.constantFrom(1, 2, null),
    num(4),
    num(7),
  ),
  LANDNET: fc.tuple(
    num(),
    num(),
    share,
    share.map((x) => x / 2),
    share,
    share.map((x) => x / 10),
  ),
  COVERAGE: fc
    .integer({ min: 1, max: 10 })
    .chain((n) => fc.tuple(column(signed, n, n), column(fc.oneof(num(9), fc.integer({ min: 0, max: 1e6 })), n, n))),
  BALANCEYEAR: fc
    .integer({ min: 1, max: 15 })
    .chain((n) => fc.tuple(fc.constant(Array.from({ length: n }, (_, k) => [2024 + k])), column(signed, n, n))),
};

function same(a: unknown, b: unknown): boolean {
  if (a instanceof DomainError || b instanceof DomainError)
    return a instanceof DomainError && b instanceof DomainError && a.code === b.code;
  return JSON.stringify(a) === JSON.stringify(b) && (typeof a !== "number" || Object.is(a, b));
}

describe("the fast path agrees with the decimal path", () => {
  const withFast = FUNCTIONS.filter((f) => f.fast);

  test("every function with a fast path has a generator here", () => {
    expect(withFast.map((f) => f.id).sort()).toEqual(Object.keys(ARGS).sort());
  });

  test.each(withFast.map((f) => [f.id, f] as [string, FunctionSpec]))(
    "%s: invoke with and without the fast path is identical",
    (id, spec) => {
      let fast = 0;
      let runs = 0;
      fc.assert(
        fc.property(ARGS[id], (raw) => {
          runs++;
          const auto = invoke(spec, raw);
          const decimal = invoke(spec, raw, "decimal");
          if (!same(auto, decimal))
            throw new Error(`${id}(${JSON.stringify(raw)}): fast ${JSON.stringify(auto)} ≠ decimal ${JSON.stringify(decimal)}`);
          const numbers = coerceArgs(spec.params, raw, true);
          if (!(numbers instanceof DomainError) && spec.fast!(numbers) !== undefined) fast++;
        }),
        { numRuns: 1000, seed: seedFor(`fast ${id}`) },
      );
      // The property exercises the fast path for real (most inputs fit) and the fallback (some do not).
      expect(fast).toBeGreaterThan(runs * 0.3);
      expect(fast).toBeLessThan(runs);
    },
  );
});

describe("scaled integers (engine/fixed.ts), hand-checked", () => {
  const show = (a: Fx) => `${a.m}e-${a.s}`;
  test("a JS number reads as the decimal decimal.js reads: 1.005 is 1005 × 10⁻³, 0.1 + 0.2 is 30000000000000004 × 10⁻¹⁷ (too long: not exact)", () => {
    expect(show(fx(1.005))).toBe("1005e-3");
    expect(show(fx(150))).toBe("150e-0");
    expect(Number.isNaN(fx(0.1 + 0.2).m)).toBe(true);
    expect(Number.isNaN(fx(1e20).m)).toBe(true);
  });

  test("half-up rounds away from zero at the half: 1.005 → 1.01, −1.005 → −1.01, 1.0049 → 1.00", () => {
    expect(fxToNumber(fxRound(fx(1.005), 2))).toBe(1.01);
    expect(fxToNumber(fxRound(fx(-1.005), 2))).toBe(-1.01);
    expect(fxToNumber(fxRound(fx(1.0049), 2))).toBe(1);
  });

  // 3500 ÷ 11750 = 0.29787… → 0.2979; 1 ÷ 3 = 0.33333… → 0.3333; 2 ÷ 3 → 0.6667; −1 ÷ 8 = −0.125 → −0.125
  test("exact division with half-up rounding", () => {
    expect(fxToNumber(fxDivRound(fx(3500), fx(11750), 4))).toBe(0.2979);
    expect(fxToNumber(fxDivRound(fx(1), fx(3), 4))).toBe(0.3333);
    expect(fxToNumber(fxDivRound(fx(2), fx(3), 4))).toBe(0.6667);
    expect(fxToNumber(fxDivRound(fx(-1), fx(8), 4))).toBe(-0.125);
    // 0.00005 ÷ 1 → the half at the 4th decimal rounds up to 0.0001
    expect(fxToNumber(fxDivRound(fx(0.00005), fx(1), 4))).toBe(0.0001);
  });
});
