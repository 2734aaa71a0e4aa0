import fc from "fast-check";
import { bondSchedule, BondYear, coverage, showBondSchedule } from "../../src/engine/bonds";
import { Dec, dec, sum } from "../../src/engine/decimal";
import { isError } from "../../src/engine/errors";
import { roundHalfUp } from "../../src/engine/money";
import { call, failure as errorOf } from "../support/invoke";

const HEADER = ["年度", "期初本金", "利息", "还本", "本息合计"];

describe("BONDSERVICE", () => {
  // 10,000 at 3.5% for 5 years, bullet: interest 10,000 × 0.035 = 350 every year; principal 10,000 in year 5.
  // Totals: interest 5 × 350 = 1,750; principal 10,000; debt service 11,750.
  test("bullet bond: 350 interest each year and 10,000 principal in the last year", () => {
    expect(call("BONDSERVICE", 10000, 0.035, 5, 2025)).toEqual([
      HEADER,
      [2025, 10000, 350, 0, 350],
      [2026, 10000, 350, 0, 350],
      [2027, 10000, 350, 0, 350],
      [2028, 10000, 350, 0, 350],
      [2029, 10000, 350, 10000, 10350],
      ["合计", "", 1750, 10000, 11750],
    ]);
  });

  // 10,000 at 4%, 20% a year: openings 10,000, 8,000, 6,000, 4,000, 2,000 → interest 400, 320, 240, 160, 80 (Σ 1,200);
  // principal 2,000 a year. Without startYear the years are numbered 1..5.
  test("staged repayment: interest on the outstanding principal, years numbered 1..term", () => {
    expect(call("BONDSERVICE", 10000, 0.04, 5, null, [[0.2], [0.2], [0.2], [0.2], [0.2]])).toEqual([
      HEADER,
      [1, 10000, 400, 2000, 2400],
      [2, 8000, 320, 2000, 2320],
      [3, 6000, 240, 2000, 2240],
      [4, 4000, 160, 2000, 2160],
      [5, 2000, 80, 2000, 2080],
      ["合计", "", 1200, 10000, 11200],
    ]);
  });

  test("the engine schedule is exact and usable by the balance engine", () => {
    const rows = bondSchedule({
      principal: dec(10000),
      rate: dec(0.04),
      term: 5,
      startYear: 2030,
      shares: [0.2, 0.2, 0.2, 0.2, 0.2].map(dec),
    }) as BondYear[];
    expect(rows.map((r) => r.year)).toEqual([2030, 2031, 2032, 2033, 2034]);
    expect(rows.map((r) => r.interest.toNumber())).toEqual([400, 320, 240, 160, 80]);
    expect(rows.map((r) => r.debtService.toNumber())).toEqual([2400, 2320, 2240, 2160, 2080]);
  });

  // 100.01 at 5%, shares 0.3/0.3/0.4: principal exact 30.003, 30.003, 40.004 → rounded 30.00 + 30.00 + 40.00 = 100.00,
  // one fen short of 100.01; the largest remainder (0.004, year 3) takes it → 40.01. Interest on 100.01, 70.007,
  // 40.004 = 5.0005, 3.50035, 2.0002 (Σ 10.50105 → 10.50) → 5.00, 3.50, 2.00. Openings shown 100.01, 70.01, 40.01.
  test("principal shown adds up exactly to the principal (尾差调整)", () => {
    expect(call("BONDSERVICE", 100.01, 0.05, 3, 2025, [[0.3, 0.3, 0.4]])).toEqual([
      HEADER,
      [2025, 100.01, 5, 30, 35],
      [2026, 70.01, 3.5, 30, 33.5],
      [2027, 40.01, 2, 40.01, 42.01],
      ["合计", "", 10.5, 100.01, 110.51],
    ]);
  });

  test("shares are compared as decimals: ten shares of 0.1 add up to 1", () => {
    // In binary floats 0.1 × 10 sums to 0.9999999999999999; as decimals it is exactly 1.
    const r = call("BONDSERVICE", 1000, 0.03, 10, 2025, [Array(10).fill(0.1)]) as (string | number)[][];
    expect(r).toHaveLength(12);
    expect(r[11]).toEqual(["合计", "", 165, 1000, 1165]); // interest 30+27+…+3 = 3 × 55 = 165
  });

  test("shares not adding up to 1 are refused, saying what they add up to", () => {
    const e = errorOf("BONDSERVICE", 10000, 0.04, 5, 2025, [[0.2, 0.2, 0.2, 0.2, 0.3]]);
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("还本比例(principalShares)");
    expect(e.zh).toContain("1.1");
  });

  test("a share count different from the term is refused naming principalShares", () => {
    const e = errorOf("BONDSERVICE", 10000, 0.04, 5, 2025, [[0.5, 0.5]]);
    expect(e.zh).toContain("还本比例(principalShares)");
    expect(e.zh).toContain("共 5 个");
    expect(e.zh).toContain("收到 2 个");
  });

  test("term must be a whole number from 1 to 30", () => {
    expect(errorOf("BONDSERVICE", 10000, 0.04, 31).zh).toContain("期限(term)");
    expect(errorOf("BONDSERVICE", 10000, 0.04, 0).zh).toContain("期限(term)");
    expect(errorOf("BONDSERVICE", 10000, 0.04, 2.5).zh).toContain("期限(term)");
    expect(isError(bondSchedule({ principal: dec(1), rate: dec(0), term: 0 }))).toBe(true);
  });

  test("a rate in percent is refused as a share", () => {
    expect(errorOf("BONDSERVICE", 10000, 3.5, 5).zh).toContain("票面利率(rate)");
  });

  // Law: the principal repaid equals the principal issued — exactly in the engine, to the fen as shown.
  test("property: bond principal repaid equals the principal issued", () => {
    const sharesArb = fc.integer({ min: 1, max: 30 }).chain((term) =>
      fc
        .array(fc.integer({ min: 0, max: 1000 }), {
          minLength: term,
          maxLength: term,
        })
        .map((w) => {
          // Shares in thousandths adding up to exactly 1: cut points of 0..1000.
          const cuts = w.slice(0, term - 1).sort((a, b) => a - b);
          const bounds = [0, ...cuts, 1000];
          return bounds.slice(1).map((b, i) => (b - bounds[i]) / 1000);
        }),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000_000 }).map((c) => c / 1000),
        fc.integer({ min: 0, max: 1000 }).map((x) => x / 10000),
        sharesArb,
        fc.boolean(),
        (principal, rate, shares, staged) => {
          const term = shares.length;
          const rows = bondSchedule({
            principal: dec(principal),
            rate: dec(rate),
            term,
            shares: staged ? shares.map(dec) : undefined,
          });
          expect(isError(rows)).toBe(false);
          const exact = rows as BondYear[];
          expect(sum(exact.map((r) => r.principalRepaid)).equals(dec(principal))).toBe(true);
          const shown = showBondSchedule(exact);
          expect(sum(shown.rows.map((r) => r.principalRepaid)).equals(roundHalfUp(dec(principal)))).toBe(true);
          const table = call("BONDSERVICE", principal, rate, term, 2025, staged ? [shares] : null) as (string | number)[][];
          const repaidColumn = table.slice(1, -1).map((r) => dec(r[3] as number));
          expect(sum(repaidColumn).equals(roundHalfUp(dec(principal)))).toBe(true);
          expect(table[table.length - 1][3]).toBe(roundHalfUp(dec(principal)).toNumber());
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe("COVERAGE", () => {
  test("Σ income ÷ Σ debt service", () => {
    // (5,000 + 8,200) ÷ (5,500 + 5,500) = 13,200 ÷ 11,000 = 1.2
    expect(call("COVERAGE", [[5000], [8200]], [[5500], [5500]])).toBe(1.2);
    expect((coverage([dec(13200)], [dec(11000)]) as Dec).toNumber()).toBe(1.2);
  });

  test("rounded half-up to 4 decimals", () => {
    expect(call("COVERAGE", [[10]], [[3]])).toBe(3.3333); // 3.33333…
    expect(call("COVERAGE", [[2]], [[3]])).toBe(0.6667); // 0.66666…
    expect(call("COVERAGE", [[100005]], [[100000]])).toBe(1.0001); // 1.00005 → half-up, not to even
  });

  test("blank cells are skipped", () => {
    expect(call("COVERAGE", [[12000], [null]], [[null], [10000]])).toBe(1.2);
  });

  test("zero debt service is a division-by-zero error naming debtService", () => {
    const e = errorOf("COVERAGE", [[1000]], [[0], [0]]);
    expect(e.kind).toBe("DIV0");
    expect(e.zh).toContain("还本付息(debtService)");
    expect(e.zh).toContain("合计为 0");
    expect(errorOf("COVERAGE", [[1000]], [[null]]).kind).toBe("DIV0");
  });
});

describe("shares computed by formulas", () => {
  it("three shares of =1/3 (decimal sum 0.9999999999999999) are accepted and repay exactly the principal", () => {
    const third = new Dec(1 / 3); // what Excel hands over: 0.3333333333333333
    expect(third.times(3).toString()).toBe("0.9999999999999999");
    const rows = bondSchedule({ principal: new Dec(9000), rate: new Dec(0), term: 3, shares: [third, third, third] });
    if (isError(rows)) throw new Error(rows.render().zh);
    // 2,999.9999999999997 + 2,999.9999999999997 + the rest (3,000.0000000000006) = 9,000 exactly
    expect(rows.reduce((s, r) => s.plus(r.principalRepaid), new Dec(0)).toString()).toBe("9000");
  });

  it("0.33 × 3 = 0.99 is still refused", () => {
    const s = new Dec("0.33");
    expect(isError(bondSchedule({ principal: new Dec(9000), rate: new Dec(0), term: 3, shares: [s, s, s] }))).toBe(true);
  });
});
