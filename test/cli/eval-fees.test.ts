import { shanty } from "../support/shanty";

describe("shanty eval — fee and tax relief through HyperFormula", () => {
  it.each([
    ['=SHANTY.FEEEXEMPT(10000,20000,150,"民间资本")', "4125000"],
    ['=SHANTY.FEEDUE(10000,20000,150,"民间资本",1.5,20,30)', "1875000"],
    ["=SHANTY.FEEEXEMPT(10000,20000,150)", "1500000"],
    ['=SHANTY.FEEDUE(10000,20000,150,"政府",1.5,20,30)', "4500000"],
    ["=SHANTY.FEEEXEMPT(1,0,1.005)", "1.01"],
    ['=SHANTY.FEEWAIVED("新型墙体材料专项基金")', "TRUE"],
    ['=SHANTY.FEEWAIVED("工程保险费")', "FALSE"],
    ["=SHANTY.TAXSHARE(3000,10000,200000)", "60000"],
    ["=SHANTY.LATEXEMPT(200000,1000000)", "TRUE"],
    ["=SHANTY.LATEXEMPT(200001,1000000)", "FALSE"],
    ["=SHANTY.DEEDTAX(900000,90,600000)", "3000"],
    // Household rule (2024年第16号) on by default: the lower of 3% (not first, not ordinary) and 1% (second home ≤ 140 ㎡).
    ["=SHANTY.DEEDTAX(1000000,120,0,FALSE,FALSE)", "10000"],
    // The stored eight-argument meaning under the resettlement rule alone: 1,000,000 × 3% = 30,000.
    ["=SHANTY.DEEDTAX(1000000,120,0,FALSE,FALSE,0.03,90,0.01,FALSE)", "30000"],
    ['=SHANTY.WAIVEDTOTAL({"防空地下室易地建设费";"供水管网增容费";"工程保险费"},{100000;40000;9000},0.5)', "120000"],
  ])("%s prints %s", async (formula, expected) => {
    const { code, out } = await shanty("eval", formula);
    expect(out).toBe(expected);
    expect(code).toBe(0);
  });

  it("prints the spilled fee table as tab-separated rows", async () => {
    const { code, out } = await shanty("eval", '=SHANTY.FEETABLE(10000,20000,150,"民间资本",1.5,20,30)');
    expect(code).toBe(0);
    const rows = out.split("\n").map((l) => l.split("\t"));
    expect(rows).toHaveLength(10);
    expect(rows[4]).toEqual(["减免金额（元）", "4125000"]);
    expect(rows[8]).toEqual(["应缴合计（元）", "1875000"]);
    // parts of the due add up: 375,000 + 600,000 + 900,000 = 1,875,000
    expect(Number(rows[5][1]) + Number(rows[6][1]) + Number(rows[7][1])).toBe(1875000);
  });

  it("a negative resettlement area prints #VALUE! naming it and exits 2", async () => {
    const { code, out } = await shanty("eval", "=SHANTY.FEEEXEMPT(-1,0,100)");
    expect(code).toBe(2);
    expect(out).toMatch(/^#VALUE! /);
    expect(out).toContain("安置面积(resettleArea)");
  });

  it.each([
    ['=SHANTY.FEEEXEMPT("1,000元",0,100)', "安置面积(resettleArea)"],
    ['=SHANTY.FEEEXEMPT(1,0,100,"外资")', "投资主体(investor)"],
    ['=SHANTY.WAIVEDTOTAL({"a";"b"},{1;2;3})', "金额(amounts)"],
    ["=SHANTY.DEEDTAX(1,1,0,TRUE,TRUE,3)", "法定税率(statutoryRate)"],
    ["=SHANTY.TAXSHARE(1,0,5)", "总建筑面积(totalArea)"],
  ])("%s is an error naming %s", async (formula, label) => {
    const { code, out } = await shanty("eval", formula);
    expect(code).toBe(2);
    expect(out).toMatch(/^#(VALUE!|N\/A) /);
    expect(out).toContain(label);
  });

  it("unknown commands and missing formulas exit non-zero with usage", async () => {
    expect((await shanty("frobnicate")).code).toBe(1);
    expect((await shanty("eval")).code).toBe(1);
  });
});
