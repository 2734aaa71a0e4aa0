import { DetailedCellError } from "hyperformula";
import { evaluateFormula } from "../../src/cli/evaluate";
import { HF_CONFIG, HyperFormula, registerShantyFunctions } from "../../src/cli/hfPlugin";

type Cell = number | string | boolean | null;

/** Build a one-sheet workbook, read what `read` asks for, and always free HyperFormula. */
function withSheet<T>(data: Cell[][], read: (hf: HyperFormula) => T): T {
  registerShantyFunctions();
  const hf = HyperFormula.buildFromArray(data, { ...HF_CONFIG });
  try {
    return read(hf);
  } finally {
    hf.destroy();
  }
}

const at = (row: number, col: number) => ({ sheet: 0, row, col });

describe("LANDNET through HyperFormula (domain §3 worked examples)", () => {
  test("defaults: G = 60,000,000, provisions 6,000,000 + 6,000,000 → 88,000,000", () => {
    expect(evaluateFormula("=SHANTY.LANDNET(100000000,40000000)")).toEqual({
      ok: true,
      value: 88000000,
    });
  });
  test("housingRate 0.1: N = 48,000,000, housing 4,800,000 → 83,200,000", () => {
    expect(evaluateFormula("=SHANTY.LANDNET(100000000,40000000,0.1,0.1,0.1)")).toEqual({ ok: true, value: 83200000 });
  });
  test("fundRate 0.02 on gross: 2,000,000 more → 86,000,000", () => {
    expect(evaluateFormula("=SHANTY.LANDNET(100000000,40000000,0.1,0.1,0,0.02)")).toEqual({ ok: true, value: 86000000 });
    expect(evaluateFormula("=SHANTY.LANDNET(100000000,40000000,,,,0.02)")).toEqual({ ok: true, value: 86000000 });
  });
});

describe("SWAPDIFF through HyperFormula", () => {
  // 15 ㎡ extra: 10 × 3,000 + 5 × 8,000 = 70,000
  test("inline arrays", () => {
    expect(evaluateFormula("=SHANTY.SWAPDIFF(60,75,{10},{3000,8000})")).toEqual({ ok: true, value: 70000 });
    expect(evaluateFormula("=SHANTY.SWAPDIFF(60,75,{10},{3000;8000})")).toEqual({ ok: true, value: 70000 });
  });

  test("cell ranges, caps in cells, with a blank cell in the caps column", () => {
    const value = withSheet(
      [
        [60, 75, 10, 3000, "=SHANTY.SWAPDIFF(A1,B1,C1:C2,D1:D2)"],
        [null, null, null, 8000, "=SHANTY.SWAPDIFF(A1,B1,C1:C2,D1:D2,4000)"],
      ],
      (hf) => [hf.getCellValue(at(0, 4)), hf.getCellValue(at(1, 4))],
    );
    expect(value).toEqual([70000, 70000]);
  });

  test("a smaller new home in cells is refunded: (80 − 70) × 4,000 = −40,000", () => {
    const value = withSheet([[80, 70, 10, 3000, 8000, 4000, "=SHANTY.SWAPDIFF(A1,B1,C1,D1:E1,F1)"]], (hf) => hf.getCellValue(at(0, 6)));
    expect(value).toBe(-40000);
  });

  test("unsorted caps in cells: #VALUE! naming tierCaps", () => {
    const value = withSheet([[60, 75, 10, 5, 3000, 5000, 8000, "=SHANTY.SWAPDIFF(A1,B1,C1:D1,E1:G1)"]], (hf) => hf.getCellValue(at(0, 7)));
    expect(value).toBeInstanceOf(DetailedCellError);
    expect((value as DetailedCellError).value).toBe("#VALUE!");
    expect((value as DetailedCellError).message).toContain("档位上限(tierCaps)");
  });

  test("price count mismatch: #VALUE! naming tierPrices", () => {
    const r = evaluateFormula("=SHANTY.SWAPDIFF(60,75,{10},{3000})");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBe("#VALUE!");
      expect(r.message).toContain("档位价格(tierPrices)");
    }
  });
});

describe("BONDSERVICE through HyperFormula", () => {
  test("spills header, one row per year and a total row", () => {
    const r = evaluateFormula("=SHANTY.BONDSERVICE(10000,0.035,5,2025)");
    expect(r).toEqual({
      ok: true,
      value: "年度",
      rows: [
        ["年度", "期初本金", "利息", "还本", "本息合计"],
        [2025, 10000, 350, 0, 350],
        [2026, 10000, 350, 0, 350],
        [2027, 10000, 350, 0, 350],
        [2028, 10000, 350, 0, 350],
        [2029, 10000, 350, 10000, 10350],
        ["合计", "", 1750, 10000, 11750],
      ],
    });
  });

  test("staged shares from cells and a term from a cell: padded to 32 rows, schedule on top", () => {
    // 10,000 at 4%, 20% a year: interest 400, 320, 240, 160, 80.
    const rows = withSheet(
      [
        ["=SHANTY.BONDSERVICE(G1,H1,I1,,J1:J5)", null, null, null, null, null, 10000, 0.04, 5, 0.2],
        [null, null, null, null, null, null, null, null, null, 0.2],
        [null, null, null, null, null, null, null, null, null, 0.2],
        [null, null, null, null, null, null, null, null, null, 0.2],
        [null, null, null, null, null, null, null, null, null, 0.2],
      ],
      (hf) => {
        const all = hf.getSheetValues(0) as Cell[][];
        return {
          height: hf.getSheetDimensions(0).height,
          top: all.slice(0, 7).map((r) => r.slice(0, 5)),
        };
      },
    );
    expect(rows.height).toBe(32);
    expect(rows.top.map((r) => r[2])).toEqual(["利息", 400, 320, 240, 160, 80, 1200]);
    expect(rows.top.map((r) => r[0])).toEqual(["年度", 1, 2, 3, 4, 5, "合计"]);
  });

  test("shares not adding up to 1: #VALUE! saying what they add up to", () => {
    const r = evaluateFormula("=SHANTY.BONDSERVICE(10000,0.04,5,2025,{0.2,0.2,0.2,0.2,0.1})");
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error).toBe("#VALUE!");
      expect(r.message).toContain("还本比例(principalShares)");
      expect(r.message).toContain("0.9");
    }
  });
});

describe("COMPENSATION, VILLAGERS and COVERAGE through HyperFormula", () => {
  test("COMPTABLE spills and its total equals COMPENSATION", () => {
    const table = evaluateFormula("=SHANTY.COMPTABLE(100,10000,20,15,24,2,300,20000)");
    expect(table.ok && table.rows?.[5]).toEqual(["合计", 1090000]);
    expect(evaluateFormula("=SHANTY.COMPENSATION(100,10000,20,15,24,2,300,20000)")).toEqual({ ok: true, value: 1090000 });
  });

  test("negative months: #VALUE! naming tempMonths", () => {
    const r = evaluateFormula("=SHANTY.COMPENSATION(80,12000,15,20,-1)");
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("临时安置月数(tempMonths)");
  });

  test("VILLAGERS over a range with a blank cell", () => {
    const value = withSheet(
      [["农业户口"], ["非农业户口"], [null], ["在校学生"], ["现役军人"], ["服刑人员"], ["=SHANTY.VILLAGERS(A1:A6)"]],
      (hf) => hf.getCellValue(at(6, 0)),
    );
    expect(value).toBe(4);
  });

  test("COVERAGE: 13,200 ÷ 11,000 = 1.2; zero debt service is an error naming debtService", () => {
    expect(evaluateFormula("=SHANTY.COVERAGE({5000,8200},{5500,5500})")).toEqual({ ok: true, value: 1.2 });
    const r = evaluateFormula("=SHANTY.COVERAGE({5000},{0})");
    expect(r.ok).toBe(false);
    // The domain error is DIV0; hosts show it as #VALUE! carrying the message (src/registry/hostError.ts).
    if (!r.ok) expect(r.message).toContain("还本付息(debtService)");
  });
});
