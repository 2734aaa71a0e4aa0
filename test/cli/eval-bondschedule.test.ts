import { shanty } from "../support/shanty";

describe("shanty eval — special bonds (domain §5)", () => {
  it("prints the worked example's schedule with 还本付息合计 130,092,900.00", async () => {
    const { code, out } = await shanty("eval", "=SHANTY.BONDSCHEDULE({2025},{100000000},{0.03},{10},2026,0.0008,0.000064,0.00005)");
    expect(code).toBe(0);
    const rows = out.split("\n").map((l) => l.split("\t"));
    expect(rows[0]).toEqual(["年度", "发行额", "期末余额", "利息", "其中建设期利息", "还本", "发行及兑付费用", "还本付息合计"]);
    // 2025 fees 1e8 × 0.000864 = 86,400; 2026 interest 3,000,000 (construction) + fee 150
    expect(rows[1]).toEqual(["2025", "100000000", "100000000", "0", "0", "0", "86400", "86400"]);
    expect(rows[2]).toEqual(["2026", "0", "100000000", "3000000", "3000000", "0", "150", "3000150"]);
    // total: 30,000,000 + 100,000,000 + (86,400 + 9 × 150 + 5,150 = 92,900) = 130,092,900
    expect(rows[rows.length - 1]).toEqual(["合计", "100000000", "", "30000000", "3000000", "100000000", "92900", "130092900"]);
    expect(rows).toHaveLength(13);
  });

  it.each([
    ["=SHANTY.DEEDTAX(1000000,120)", "10000"],
    ["=SHANTY.DEEDTAX(1000000,120,0,TRUE,TRUE,0.03,90,0.01,FALSE)", "15000"],
    // 1 − 1.2 × 8,000 ÷ 16,000 = 0.4
    ["=SHANTY.BREAKEVEN({10000;6000},{8000},1.2)", "0.4"],
  ])("%s prints %s", async (formula, expected) => {
    const { code, out } = await shanty("eval", formula);
    expect(out).toBe(expected);
    expect(code).toBe(0);
  });

  it("a rate in percent is #VALUE! naming the rates range", async () => {
    const { code, out } = await shanty("eval", "=SHANTY.BONDSCHEDULE({2025},{100},{3},{10})");
    expect(code).toBe(2);
    expect(out).toMatch(/^#VALUE! /);
    expect(out).toContain("票面利率(rates)");
  });
});
