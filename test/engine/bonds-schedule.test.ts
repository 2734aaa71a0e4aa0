import fc from "fast-check";
import { breakEven } from "../../src/engine/bonds/breakeven";
import { NO_FEES, ScheduleYear, showTrancheSchedule, trancheSchedule } from "../../src/engine/bonds/schedule";
import { Dec, sum } from "../../src/engine/decimal";
import { isError } from "../../src/engine/errors";
import { call, col, failure } from "../support/invoke";

const d = (x: number | string) => new Dec(x);
const HEADER = ["年度", "发行额", "期末余额", "利息", "其中建设期利息", "还本", "发行及兑付费用", "还本付息合计"];

describe("BONDSCHEDULE — domain §5 worked example", () => {
  // One tranche of 100,000,000 元 (1 亿) issued 2025 at 3% for 10 years, construction to 2026; fees 0.08% + 0.0064%
  // at issue, 0.005% of each payment.
  // 2025: issue fees 100,000,000 × (0.0008 + 0.000064) = 100,000,000 × 0.000864 = 86,400; no interest yet.
  // 2026 … 2035: interest 100,000,000 × 0.03 = 3,000,000 each year (2026 ≤ construction end → construction interest).
  // 2026 … 2034: redemption fee 3,000,000 × 0.00005 = 150 → row total 3,000,150.
  // 2035: principal 100,000,000; redemption fee (3,000,000 + 100,000,000) × 0.00005 = 5,150 → row 103,005,150.
  // Totals: interest 10 × 3,000,000 = 30,000,000; construction interest 3,000,000; fees 86,400 + 9 × 150 + 5,150
  // = 92,900; 还本付息合计 30,000,000 + 100,000,000 + 92,900 = 130,092,900.00 (13,009.29 万元).
  test("1 亿元 at 3% for 10 years: 还本付息合计 130,092,900.00", () => {
    const table = call("BONDSCHEDULE", col(2025), col(100000000), col(0.03), col(10), 2026, 0.0008, 0.000064, 0.00005) as unknown[][];
    const middle = [2027, 2028, 2029, 2030, 2031, 2032, 2033, 2034].map((y) => [y, 0, 100000000, 3000000, 0, 0, 150, 3000150]);
    expect(table).toEqual([
      HEADER,
      [2025, 100000000, 100000000, 0, 0, 0, 86400, 86400],
      [2026, 0, 100000000, 3000000, 3000000, 0, 150, 3000150],
      ...middle,
      [2035, 0, 0, 3000000, 0, 100000000, 5150, 103005150],
      ["合计", 100000000, "", 30000000, 3000000, 100000000, 92900, 130092900],
    ]);
  });

  test("in 万元 the same schedule shows 13,009.29 (the unit is the amounts' unit)", () => {
    // 10,000 万元: fees 8.64 in 2025, 0.015 a year 2026–2034, 0.515 in 2035 → exact total 9.29; shown parts are
    // apportioned: 8.64 + nine of 0.015 rounded (0.02 × 9 = 0.18) + 0.52 = 9.34 would not add up to 9.29, so the
    // largest-remainder method takes 5 fen back → the fee column adds up to 9.29 and the total is 13,009.29.
    const table = call("BONDSCHEDULE", col(2025), col(10000), col(0.03), col(10), 2026, 0.0008, 0.000064, 0.00005) as unknown[][];
    const total = table[table.length - 1];
    expect(total).toEqual(["合计", 10000, "", 3000, 300, 10000, 9.29, 13009.29]);
    const feeColumn = table.slice(1, -1).map((r) => r[6] as number);
    expect(feeColumn.reduce((a, b) => Math.round((a + b) * 100) / 100, 0)).toBe(9.29);
  });
});

describe("BONDSCHEDULE — several tranches (分年发行), worked by hand", () => {
  // Tranche A: 12,345,678.90 元 issued 2024 at 1.61% for 3 years → interest 12,345,678.90 × 0.0161 = 198,765.43029 in
  //   2025, 2026, 2027; principal in 2027.
  // Tranche B: 20,000,000 元 issued 2025 at 2.35% for 2 years → interest 470,000 in 2026 and 2027; principal in 2027.
  // Construction to 2025; fees 0.08% + 0.0064% = 0.0864% at issue, 0.005% of payments.
  // 2024: issued 12,345,678.90; fee 12,345,678.90 × 0.000864 = 10,666.6665696 → 10,666.67; total 10,666.67.
  // 2025: issued 20,000,000; interest 198,765.43029 → 198,765.43 (construction year: all construction interest);
  //       fee 20,000,000 × 0.000864 = 17,280 + 198,765.43029 × 0.00005 = 9.9382715 → 17,289.9382715 → 17,289.94;
  //       total 198,765.43 + 17,289.94 = 216,055.37; closing 32,345,678.90.
  // 2026: interest 198,765.43029 + 470,000 = 668,765.43029 → 668,765.43; fee × 0.00005 = 33.4382715 → 33.44;
  //       total 668,798.87; closing 32,345,678.90.
  // 2027: interest 668,765.43; principal 12,345,678.90 + 20,000,000 = 32,345,678.90; fee (668,765.43029 +
  //       32,345,678.90) × 0.00005 = 1,650.7222165 → 1,650.72; total 668,765.43 + 32,345,678.90 + 1,650.72
  //       = 33,016,095.05; closing 0.
  // 合计: issued 32,345,678.90; interest exact 3 × 198,765.43029 + 940,000 = 1,536,296.29087 → 1,536,296.29
  //       (= 198,765.43 + 668,765.43 + 668,765.43); construction interest 198,765.43; fees exact 29,640.7653291
  //       → 29,640.77 (= 10,666.67 + 17,289.94 + 33.44 + 1,650.72); total 1,536,296.29 + 32,345,678.90 + 29,640.77
  //       = 33,911,615.96 (= 10,666.67 + 216,055.37 + 668,798.87 + 33,016,095.05).
  test("two tranches with their own year, rate and term", () => {
    expect(
      call("BONDSCHEDULE", col(2024, 2025), col(12345678.9, 20000000), col(0.0161, 0.0235), col(3, 2), 2025, 0.0008, 0.000064, 0.00005),
    ).toEqual([
      HEADER,
      [2024, 12345678.9, 12345678.9, 0, 0, 0, 10666.67, 10666.67],
      [2025, 20000000, 32345678.9, 198765.43, 198765.43, 0, 17289.94, 216055.37],
      [2026, 0, 32345678.9, 668765.43, 0, 0, 33.44, 668798.87],
      [2027, 0, 0, 668765.43, 0, 32345678.9, 1650.72, 33016095.05],
      ["合计", 32345678.9, "", 1536296.29, 198765.43, 32345678.9, 29640.77, 33911615.96],
    ]);
  });

  // 1 元 at 0.5% for 2 years: interest 0.005 in each of 2026 and 2027, exact total 0.01. Rounded half-up each year
  // would be 0.01 + 0.01 = 0.02 ≠ 0.01: the largest-remainder method gives the fen to one year only (tie → the
  // earlier year is lowered), so the column adds up to the 0.01 shown.
  test("尾差: interest parts add up to the total shown", () => {
    expect(call("BONDSCHEDULE", col(2025), col(1), col(0.005), col(2))).toEqual([
      HEADER,
      [2025, 1, 1, 0, 0, 0, 0, 0],
      [2026, 0, 1, 0, 0, 0, 0, 0],
      [2027, 0, 0, 0.01, 0, 1, 0, 1.01],
      ["合计", 1, "", 0.01, 0, 1, 0, 1.01],
    ]);
  });

  test("without constructionEndYear no interest is construction-period interest", () => {
    const table = call("BONDSCHEDULE", col(2025), col(1000), col(0.03), col(2)) as unknown[][];
    expect(table.slice(1).map((r) => r[4])).toEqual([0, 0, 0, 0]);
  });
});

describe("BONDSCHEDULE — bad input is named", () => {
  test("a rate typed in percent names the rates range and its row", () => {
    expect(failure("BONDSCHEDULE", col(2025, 2026), col(100, 100), col(0.03, 3), col(10, 10)).zh).toContain("票面利率(rates)第 2 行");
  });
  test("a term above 30 names terms", () => {
    expect(failure("BONDSCHEDULE", col(2025), col(100), col(0.03), col(31)).zh).toContain("期限(terms)第 1 行");
  });
  test("ranges of different lengths are refused", () => {
    expect(failure("BONDSCHEDULE", col(2025, 2026), col(100), col(0.03), col(10)).zh).toContain("发行额(amounts)");
  });
  test("a missing amount in a tranche row is refused (not read as 0)", () => {
    expect(failure("BONDSCHEDULE", col(2025, 2026), col(100, null), col(0.03, 0.03), col(10, 10)).zh).toContain(
      "发行额(amounts)第 2 行为空",
    );
  });
  test("more than 50 years from first issue to last repayment is refused", () => {
    // 2000 + 30 → 2030 and 2021 + 30 = 2051: 2000 … 2051 is 52 years.
    expect(failure("BONDSCHEDULE", col(2000, 2021), col(1, 1), col(0.03, 0.03), col(30, 30)).zh).toContain("52 年");
  });
  test("results that cannot carry the fen are refused (|result| < 9e13)", () => {
    // 9.9e13 元 at 3% for 10 years: debt service 9.9e13 × 1.3 = 1.287e14 ≥ 9e13.
    const r = failure("BONDSCHEDULE", col(2025), col(9.9e13), col(0.03), col(10));
    expect(r.zh).toContain("9e13");
  });
  test("no tranche at all is #N/A naming issueYears", () => {
    expect(failure("BONDSCHEDULE", col(null), col(null), col(null), col(null))).toEqual({
      code: "rangeEmpty",
      arg: "issueYears",
      kind: "NA",
      zh: expect.stringContaining("发行年度(issueYears)"),
    });
  });
});

describe("BREAKEVEN", () => {
  // 1 − 1.2 × 8,000 ÷ 16,000 = 1 − 0.6 = 0.4
  test("largest uniform drop keeping coverage ≥ 1.2", () => {
    expect(call("BREAKEVEN", col(10000, 6000), col(8000), 1.2)).toBe(0.4);
  });
  // coverage 10,000 ÷ 9,000 = 1.11 < 1.2 → 1 − 1.2 × 0.9 = −0.08
  test("negative when already below the threshold", () => {
    expect(call("BREAKEVEN", col(10000), col(9000))).toBe(-0.08);
  });
  test("Σ income ≤ 0 is an error naming income", () => {
    expect(failure("BREAKEVEN", col(0), col(100)).zh).toContain("偿债收益(income)");
  });
  test("property: income reduced by the break-even drop has coverage exactly the threshold", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1e9 }),
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 300 }),
        (inc, debt, t100) => {
          const threshold = d(t100).div(100);
          const drop = breakEven([d(inc)], [d(debt)], threshold) as Dec;
          // Σ income × (1 − drop) = threshold × Σ debt, exactly
          return d(inc).times(d(1).minus(drop)).minus(threshold.times(debt)).abs().lessThan("1e-40");
        },
      ),
    );
  });
});

describe("tranche schedule laws", () => {
  const trancheArb = fc.record({
    issueYear: fc.integer({ min: 2020, max: 2030 }),
    cents: fc.integer({ min: 0, max: 1e12 }),
    bp: fc.integer({ min: 0, max: 600 }),
    term: fc.integer({ min: 1, max: 15 }),
  });
  const feeArb = fc.integer({ min: 0, max: 100 });
  const build = (ts: { issueYear: number; cents: number; bp: number; term: number }[], fee: number) =>
    trancheSchedule(
      ts.map((t) => ({ issueYear: t.issueYear, amount: d(t.cents).div(100), rate: d(t.bp).div(10000), term: t.term })),
      {
        constructionEndYear: 2027,
        issueFeeRate: d(fee).div(1e5),
        registrationFeeRate: d(fee).div(1e6),
        redemptionFeeRate: d(fee).div(1e6),
      },
    ) as ScheduleYear[];

  test("Σ 还本 = Σ 发行, and the balance ends at 0", () => {
    fc.assert(
      fc.property(fc.array(trancheArb, { minLength: 1, maxLength: 8 }), feeArb, (ts, fee) => {
        const rows = build(ts, fee);
        return sum(rows.map((r) => r.principal)).equals(sum(rows.map((r) => r.issued))) && rows[rows.length - 1].closing.isZero();
      }),
    );
  });

  test("shown parts add up to the totals shown, row by row and column by column", () => {
    fc.assert(
      fc.property(fc.array(trancheArb, { minLength: 1, maxLength: 8 }), feeArb, (ts, fee) => {
        const shown = showTrancheSchedule(build(ts, fee));
        const t = shown.totals;
        const col = (f: (r: ScheduleYear) => Dec) => sum(shown.rows.map(f));
        const rowsAddUp = shown.rows.every(
          (r) => r.total.equals(r.interest.plus(r.principal).plus(r.fees)) && r.constructionInterest.lessThanOrEqualTo(r.interest),
        );
        const exact = build(ts, fee);
        const exactTotal = sum(exact.map((r) => r.total));
        return (
          rowsAddUp &&
          col((r) => r.total).equals(t.total) &&
          t.total.equals(t.interest.plus(t.principal).plus(t.fees)) &&
          t.principal.equals(t.issued) &&
          // the shown total differs from the exact one by at most the rounding of its three parts (1.5 fen)
          t.total.minus(exactTotal).abs().lessThanOrEqualTo("0.015") &&
          shown.rows.every((r) => r.interest.decimalPlaces() <= 2 && r.fees.decimalPlaces() <= 2)
        );
      }),
    );
  });

  test("no fees: NO_FEES gives interest + principal only", () => {
    const rows = trancheSchedule([{ issueYear: 2025, amount: d(100), rate: d(0.05), term: 2 }], NO_FEES);
    expect(isError(rows)).toBe(false);
    // 2026: 5; 2027: 5 + 100 = 105
    expect((rows as ScheduleYear[]).map((r) => r.total.toNumber())).toEqual([0, 5, 105]);
  });
});

describe("其中用于资本金 as shown never exceeds the 发行额 shown in its year (debt system check: 用于资本金 ≤ 专项债)", () => {
  // Two tranches at 0% for 1 year: 2025 issues 0.005 of which 0.005 capital; 2026 issues 0.005 of which 0.004.
  // 发行额: exact 0.005, 0.005, 0 → total 0.01; half-up gives 0.01 + 0.01, one fen too many, taken from the earlier
  // of the tied years → 2025 0.00, 2026 0.01 (unchanged by the fix).
  // 资本金: exact 0.005, 0.004, 0 → total 0.009 → 0.01. Apportioned on its own it went to 2025 (0.005 rounds up),
  // showing capital 0.01 in a year whose issue shows 0.00. The fen can only go to 2026, where the issue shows 0.01.
  /** Interest-free tranches (year, amount, capital, term) as shown: [year, 发行额, 其中用于资本金] per row. */
  const shownIssues = (...ts: [number, string, string, number][]) => {
    const rows = trancheSchedule(
      ts.map(([issueYear, amount, capital, term]) => ({ issueYear, amount: d(amount), rate: d(0), term, capitalPart: d(capital) })),
      NO_FEES,
    ) as ScheduleYear[];
    const shown = showTrancheSchedule(rows);
    return {
      rows: shown.rows.map((r) => [r.year, r.issued.toFixed(2), r.capitalPart.toFixed(2)]),
      totals: [shown.totals.issued.toFixed(2), shown.totals.capitalPart.toFixed(2)],
    };
  };

  // Two tranches for 1 year: 2025 issues 0.005 of which 0.005 capital; 2026 issues 0.005 of which 0.004.
  // 发行额: exact 0.005, 0.005, 0 → total 0.01; half-up gives 0.01 + 0.01, one fen too many, taken from the earlier
  // of the tied years → 2025 0.00, 2026 0.01 (unchanged by the fix).
  // 资本金: exact 0.005, 0.004, 0 → total 0.009 → 0.01. Apportioned on its own it went to 2025 (0.005 rounds up),
  // showing capital 0.01 in a year whose issue shows 0.00. The fen can only go to 2026, where the issue shows 0.01.
  test("a tie year: capital 2025 0.00, 2026 0.01 with issue 2025 0.00, 2026 0.01", () => {
    const shown = shownIssues([2025, "0.005", "0.005", 1], [2026, "0.005", "0.004", 1]);
    expect(shown.rows).toEqual([
      [2025, "0.00", "0.00"],
      [2026, "0.01", "0.01"],
      [2027, "0.00", "0.00"],
    ]);
    expect(shown.totals).toEqual(["0.01", "0.01"]);
  });

  // Where no year can take the capital's fen under the issues as first apportioned, the issue's fen moves:
  // 2025 issues 0.006 (capital 0.006), 2026 0.0099 (capital 0.0099), 2027 0.007 (capital 0). 发行额 0.0229 → 0.02,
  // first to 2026 (0.0099) and 2027 (0.007); 资本金 0.0159 → 0.02 needs 2025 and 2026, so 2025's issue must show 0.01:
  // the issue's fen moves from 2027 (no capital) to 2025.
  test("the issue's fen moves to the year that needs it for its capital", () => {
    const shown = shownIssues([2025, "0.006", "0.006", 3], [2026, "0.0099", "0.0099", 2], [2027, "0.007", "0", 1]);
    expect(shown.rows).toEqual([
      [2025, "0.01", "0.01"],
      [2026, "0.01", "0.01"],
      [2027, "0.00", "0.00"],
      [2028, "0.00", "0.00"],
    ]);
    expect(shown.totals).toEqual(["0.02", "0.02"]);
  });

  test("a capital part above its issue (a data error the debt-system check lists) is shown as it is", () => {
    expect(shownIssues([2025, "1000", "1200", 1]).rows[0]).toEqual([2025, "1000.00", "1200.00"]);
  });

  // Amounts in thousandths of a fen-unit (3 decimals) so that rounding ties and near-ties are common.
  const trancheArb = fc
    .record({
      issueYear: fc.integer({ min: 2024, max: 2029 }),
      milli: fc.integer({ min: 0, max: 40 }),
      share: fc.integer({ min: 0, max: 100 }),
      term: fc.integer({ min: 1, max: 3 }),
    })
    .map((t) => ({
      issueYear: t.issueYear,
      amount: d(t.milli).div(1000),
      // capital ≤ amount, itself to the thousandth
      rate: d(0),
      term: t.term,
      capitalPart: d(t.milli).times(t.share).div(100).toDecimalPlaces(3, Dec.ROUND_DOWN).div(1000),
    }));

  test("property: per year capital ≤ issue as shown; both columns add up to their 合计; each within a fen of exact", () => {
    fc.assert(
      fc.property(fc.array(trancheArb, { minLength: 1, maxLength: 10 }), (ts) => {
        const exact = trancheSchedule(ts, NO_FEES) as ScheduleYear[];
        const shown = showTrancheSchedule(exact);
        const round = (x: Dec) => x.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
        const issuedTotal = round(sum(exact.map((r) => r.issued)));
        const capitalTotal = round(sum(exact.map((r) => r.capitalPart)));
        const nearExact = (f: (r: ScheduleYear) => Dec) => shown.rows.every((r, k) => f(r).minus(f(exact[k])).abs().lessThan("0.01"));
        return (
          shown.rows.every((r) => r.capitalPart.lessThanOrEqualTo(r.issued)) &&
          sum(shown.rows.map((r) => r.issued)).equals(issuedTotal) &&
          sum(shown.rows.map((r) => r.capitalPart)).equals(capitalTotal) &&
          shown.totals.issued.equals(issuedTotal) &&
          shown.totals.capitalPart.equals(capitalTotal) &&
          nearExact((r) => r.issued) &&
          nearExact((r) => r.capitalPart)
        );
      }),
      { numRuns: 2000 },
    );
  });
});
