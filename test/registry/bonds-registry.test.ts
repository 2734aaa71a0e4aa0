import { getFunction } from "../../src/registry";
import { POLICY } from "../../src/registry/policy";
import { call, failure } from "../support/invoke";
import { DomainError } from "../../src/engine/errors";
import { coverageFast } from "../../src/engine/fast";
import { invoke } from "../../src/registry/invoke";
import { DetailedCellError } from "hyperformula";
import { HF_CONFIG, HyperFormula, registerShantyFunctions } from "../../src/cli/hfPlugin";

describe("bond and deed-tax declarations keep the catalogue's contract (functions.md)", () => {
  const names = (id: string) => getFunction(id)!.params.map((p) => p.name);

  test("argument names and order", () => {
    expect(names("BONDSCHEDULE")).toEqual([
      "issueYears",
      "amounts",
      "rates",
      "terms",
      "constructionEndYear",
      "issueFeeRate",
      "registrationFeeRate",
      "redemptionFeeRate",
    ]);
    expect(names("BREAKEVEN")).toEqual(["income", "debtService", "threshold"]);
    // the first eight are the old DEEDTAX; the five of the household rule are appended
    expect(names("DEEDTAX")).toEqual([
      "price",
      "area",
      "compensation",
      "firstHome",
      "ordinary",
      "statutoryRate",
      "areaLimit",
      "reducedRate",
      "householdRule",
      "onlyHome",
      "householdAreaLimit",
      "largeOnlyRate",
      "largeSecondRate",
    ]);
  });

  test("defaults: fee rates and the threshold come from the policy table; household rule 140 ㎡, 1.5%, 2%", () => {
    const def = (id: string, arg: string) => getFunction(id)!.params.find((p) => p.name === arg)!.default;
    expect(def("BONDSCHEDULE", "issueFeeRate")).toBe(POLICY.p_bondIssueFeeRate.default);
    expect(def("BONDSCHEDULE", "redemptionFeeRate")).toBe(0);
    expect(def("BREAKEVEN", "threshold")).toBe(1.2);
    expect([
      def("DEEDTAX", "householdRule"),
      def("DEEDTAX", "householdAreaLimit"),
      def("DEEDTAX", "largeOnlyRate"),
      def("DEEDTAX", "largeSecondRate"),
    ]).toEqual([true, 140, 0.015, 0.02]);
    expect(def("DEEDTAX", "onlyHome")).toBeUndefined(); // left out: follows firstHome
  });

  test("a formula stored with the old eight arguments still evaluates (now under the lower-of-two rule)", () => {
    // 1,000,000, 120 ㎡, first home, ordinary: resettlement 1.5% = 15,000, household 1% = 10,000 → 10,000
    expect(call("DEEDTAX", 1000000, 120, 0, true, true, 0.03, 90, 0.01)).toBe(10000);
    // second home above 140 ㎡ (onlyHome FALSE): 2% = 30,000 vs resettlement 1.5% = 22,500 → 22,500
    expect(call("DEEDTAX", 1500000, 150, 0, true, true, 0.03, 90, 0.01, true, false)).toBe(22500);
  });

  test("a tax that could not carry the fen (≥ 9e13 元) is an error, not a rounded number", () => {
    // 9.9e14 × 100% (statutoryRate 1, not ordinary, not first home, household rule off) = 9.9e14 ≥ 9e13
    expect((call("DEEDTAX", 9.9e14, 200, 0, false, false, 1, 90, 0.01, false) as { code: string }).code).toBe("resultTooLarge");
    expect(failure("DEEDTAX", 9.9e14, 200, 0, false, false, 1, 90, 0.01, false).zh).toContain("9e13");
  });
});

describe("BONDSCHEDULE through HyperFormula with cell ranges (two tranches)", () => {
  // Tranches in A1:D2: 2025 600 at 3% for 2 years; 2026 400 at 2.5% for 1 year; construction to 2026.
  // 2026: interest 18 (construction); 2027: 18 + 10 = 28, principal 600 + 400 = 1,000 → 1,028; Σ 1,046.
  test("spills the schedule from ranges, with a blank trailing row skipped", () => {
    registerShantyFunctions();
    const hf = HyperFormula.buildFromArray(
      [
        [2025, 600, 0.03, 2, "=SHANTY.BONDSCHEDULE(A1:A3,B1:B3,C1:C3,D1:D3,2026)"],
        [2026, 400, 0.025, 1],
        [null, null, null, null],
      ],
      { ...HF_CONFIG },
    );
    try {
      const v = (row: number, c: number) => {
        const x = hf.getCellValue({ sheet: 0, row, col: c });
        if (x instanceof DetailedCellError) throw new Error(x.message);
        return x;
      };
      const row = (r: number) => [0, 1, 2, 3, 4, 5, 6, 7].map((c) => v(r, 4 + c));
      expect(row(1)).toEqual([2025, 600, 600, 0, 0, 0, 0, 0]);
      expect(row(2)).toEqual([2026, 400, 1000, 18, 18, 0, 0, 18]);
      expect(row(3)).toEqual([2027, 0, 0, 28, 0, 1000, 0, 1028]);
      expect(row(4)).toEqual(["合计", 1000, "", 46, 18, 1000, 0, 1046]);
    } finally {
      hf.destroy();
    }
  });
});

describe("ratios that could not keep their 4 decimals are errors", () => {
  // A coverage of 9e11 or more cannot keep its 4 decimals in a double (9e11 × 10⁴ = 9e15 ≈ 2⁵³): the engine, its
  // exact fast path and the portable native formula (test/cli/portable.test.ts) all refuse it with coverageOutOfRange.
  // Before MAX_COVERAGE the engine only had invoke's 9e13 bound, so 1e14 was resultTooLarge and 1e12 was returned.
  test("COVERAGE of 1e12 ÷ 0.01 = 1e14 is refused as out of range (coverageOutOfRange, naming debtService)", () => {
    const e = failure("COVERAGE", [[1e12]], [[0.01]]);
    expect([e.code, e.arg]).toEqual(["coverageOutOfRange", "debtService"]);
    expect(e.zh).toContain("9e11");
  });
  const code = (r: unknown) => (r instanceof DomainError ? r.code : r);
  const both = (income: number, debt: number) => {
    const spec = getFunction("COVERAGE")!;
    return [code(invoke(spec, [[[income]], [[debt]]], "auto")), code(invoke(spec, [[[income]], [[debt]]], "decimal"))];
  };
  test.each([
    ["9e11 ÷ 1 = 9e11 (on the bound)", 9e11, 1],
    ["−9e11 ÷ 1 = −9e11 (on the bound, negative income)", -9e11, 1],
    ["1e12 ÷ 1 = 1e12 (between 9e11 and invoke's 9e13)", 1e12, 1],
    ["9,000,000,000 ÷ 0.01 = 9e11", 9e9, 0.01],
  ])("COVERAGE %s is refused by the fast path and the decimal path alike", (_what, income, debt) => {
    expect(both(income, debt)).toEqual(["coverageOutOfRange", "coverageOutOfRange"]);
    expect(coverageFast([income], [debt])).toBeUndefined(); // the fast twin leaves the refusal to the original
  });
  test.each([
    ["899,999,999,999.99 ÷ 1", 899999999999.99, 1, 899999999999.99],
    ["−899,999,999,999.99 ÷ 1", -899999999999.99, 1, -899999999999.99],
    ["8,999,999,999.9999 ÷ 0.01 = 899,999,999,999.99", 8999999999.9999, 0.01, 899999999999.99],
    ["899,999,999,999 ÷ 1 (the native formula's own boundary test, test/cli/portable.test.ts)", 899999999999, 1, 899999999999],
  ])("COVERAGE %s, just below the bound, is returned by both paths", (_what, income, debt, expected) => {
    expect(both(income, debt)).toEqual([expected, expected]);
  });
  test("the fast twin itself returns the ratio just below the bound", () => {
    expect(coverageFast([899999999999.99], [1])).toBe(899999999999.99);
  });
  test("BREAKEVEN with income a trillionth of the debt service", () => {
    // 1 − 1.2 × 1e12 ÷ 0.01 = −1.2e14 < −9e11
    expect(failure("BREAKEVEN", [[0.01]], [[1e12]]).zh).toContain("偿债收益(income)");
  });
});
