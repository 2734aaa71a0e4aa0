import { buildEngine } from "../../src/cli/hfPlugin";

/*
 * Spilled functions given cell ranges (not array literals) in HyperFormula: the spill size comes from the ranges'
 * cell counts. (HyperFormula's ArraySize counts a range reference as "scalar", which once made every range one
 * row tall: BALANCETABLE over A2:A4 failed with "结果超出预计的 1×5 区域".)
 */
describe("spill sizes from ranges in HyperFormula", () => {
  // P1 +100 (A), P2 −50 (A), P3 −500 (B): P2 pools with P1 in 片区 A; P3 finds 50 left in the district → gap 450.
  test("BALANCETABLE over A2:A4… spills three rows beside the list", () => {
    const rows: unknown[][] = [
      ["项目编号", "结余", "片区", "镇街"],
      ["P1", 100, "A", "T", "=SHANTY.BALANCETABLE(A2:A4,B2:B4,C2:C4,D2:D4)"],
      ["P2", -50, "A", "T"],
      ["P3", -500, "B", "T"],
    ];
    const hf = buildEngine({ S: rows });
    const v = hf.getSheetValues(0) as unknown[][];
    expect(v.slice(1).map((r) => r.slice(4))).toEqual([
      ["P1", "项目自平衡", "", "", 0],
      ["P2", "片区平衡", "A", "P1", 0],
      ["P3", "不能平衡", "", "", 450],
    ]);
    hf.destroy();
  });

  // Years 2024, 2024, 2025 with 10/20/30 户 and 10000/20000/30000 ㎡: 2024 → 2 projects, 30 户, 3.00 万㎡; 2025 → 1, 30, 3.00.
  test("PLANTABLE over ranges spills its header, one row per year and the total", () => {
    const hf = buildEngine({
      S: [
        [2024, 10, 10000, "=SHANTY.PLANTABLE(A1:A3,B1:B3,C1:C3)"],
        [2024, 20, 20000],
        [2025, 30, 30000],
      ],
    });
    const v = hf.getSheetValues(0) as unknown[][];
    expect(v.map((r) => r.slice(3))).toEqual([
      ["年度", "项目数", "户数", "改造面积(万㎡)"],
      [2024, 2, 30, 3],
      [2025, 1, 30, 3],
      ["合计", 3, 60, 6],
    ]);
    hf.destroy();
  });
});
