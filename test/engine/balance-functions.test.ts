import { DomainError } from "../../src/engine/errors";
import { getFunction } from "../../src/registry";
import type { RawArg } from "../../src/registry/coerce";
import { call, col, failure } from "../support/invoke";

const YEARS7 = col(2024, 2025, 2026, 2027, 2028, 2029, 2030);

/** The arguments of BALANCEYEAR, or of EXTENDYEARS with planned end 2025. */
const yearArgs = (id: string, years: RawArg[][], flows: RawArg[][]): RawArg[] =>
  id === "EXTENDYEARS" ? [years, flows, 2025] : [years, flows];
const FLOWS7 = col(-500, -300, 200, 300, 400, -50, 100);

/*
 * The surplus table of the hand-worked portfolio (test/engine/balance.test.ts), 万元:
 * | id | 结余 | 片区     | 镇街     |
 * | P1 | 800  | 东关片区 | 城关街道 |
 * | P2 | −200 | 东关片区 | 城关街道 |
 * | P3 | −400 | 西关片区 | 城关街道 |
 * | P4 | −700 | 南塬片区 | 新城镇   |
 * | P5 | 400  | 南塬片区 | 新城镇   |
 * | P6 | 150  | 西关片区 | 城关街道 |
 * 全区 = 800 − 200 − 400 − 700 + 400 + 150 = 50.
 * Allocation (offers P1 800, P5 400, P6 150; 片区 pass, 镇街 pass, 全区 pass; input order P2, P3, P4):
 *   片区: P2 @东关 800 ≥ 200 → claims 200 of P1 (600 left); P3 @西关 150 < 400; P4 @南塬 400 < 700.
 *   镇街: P3 @城关街道 600 + 150 = 750 ≥ 400 → claims 400 of P1 (200 left); P4 @新城镇 400 < 700.
 *   全区: P4: 200 + 400 + 150 = 750 ≥ 700 → P5 400, P1 200, P6 100 (of 150).
 */
const IDS = col("P1", "P2", "P3", "P4", "P5", "P6");
const SURPLUSES = col(800, -200, -400, -700, 400, 150);
const AREAS = col("东关片区", "东关片区", "西关片区", "南塬片区", "南塬片区", "西关片区");
const TOWNS = col("城关街道", "城关街道", "城关街道", "新城镇", "新城镇", "城关街道");

describe("BALANCE", () => {
  it("is Σ income − Σ cost: 500 + 700 − (300 + 100 + 150) = 650; ranges may differ in length", () => {
    expect(call("BALANCE", col(500, 700), col(300, 100, 150))).toBe(650);
  });

  it("blank cells are skipped; the result is exact to the fen", () => {
    // 0.1 + 0.2 − 0.3 = 0 exactly (binary floats would give 5.55e-17)
    expect(call("BALANCE", col(0.1, null, 0.2), col(0.3))).toBe(0);
  });

  it("text in a flow is #VALUE! naming the argument and the cell", () => {
    const e = failure("BALANCE", col(500, "七百"), col(300));
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("收入(income)");
    expect(e.zh).toContain("第 2 个单元格");
  });
});

describe("BALANCEYEAR and EXTENDYEARS", () => {
  it("−500, −300, 200, 300, 400, −50, 100 for 2024–2030 balances in 2028", () => {
    // cumulative −500, −800, −600, −300, 100, 50, 150
    expect(call("BALANCEYEAR", YEARS7, FLOWS7)).toBe(2028);
  });

  it("−500, 600, −200, 300 for 2024–2027 balances in 2027, not 2025", () => {
    // cumulative −500, 100, −100, 200: ≥ 0 from 2027 only
    expect(call("BALANCEYEAR", col(2024, 2025, 2026, 2027), col(-500, 600, -200, 300))).toBe(2027);
  });

  it("EXTENDYEARS of the first against planned end 2026 is 2, against 2028 is 0", () => {
    expect(call("EXTENDYEARS", YEARS7, FLOWS7, 2026)).toBe(2);
    expect(call("EXTENDYEARS", YEARS7, FLOWS7, 2028)).toBe(0);
  });

  it("trailing blank rows of a generous selection are ignored; a blank flow counts as 0", () => {
    expect(call("BALANCEYEAR", col(2024, 2025, 2026, null, null), col(-100, null, 100, null, null))).toBe(2026);
    // Excel desktop sends empty cells as 0
    expect(call("BALANCEYEAR", col(2024, 2025, 0), col(-100, 100, 0))).toBe(2025);
  });

  it("not balancing within the years given is #N/A with a Chinese explanation", () => {
    for (const id of ["BALANCEYEAR", "EXTENDYEARS"]) {
      const e = failure(id, ...yearArgs(id, col(2024, 2025, 2026), col(-500, 100, -200)));
      expect(e.kind).toBe("NA");
      expect(e.zh).toContain("在给定年度（2024–2026）内不能实现平衡");
      expect(e.zh).toContain("净现金流(netFlows)");
    }
  });

  it.each(["BALANCEYEAR", "EXTENDYEARS"])("%s: ranges of different lengths are #VALUE! naming the argument", (id) => {
    const e = failure(id, ...yearArgs(id, col(2024, 2025, 2026), col(-500, 600)));
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("净现金流(netFlows)有 2 行");
  });

  it.each(["BALANCEYEAR", "EXTENDYEARS"])("%s: years with a gap are #VALUE! naming the years and the missing one", (id) => {
    const e = failure(id, ...yearArgs(id, col(2024, 2025, 2027), col(-500, 600, 100)));
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("年度(years)不连续");
    expect(e.zh).toContain("缺少 2026 年");
  });

  it.each(["BALANCEYEAR", "EXTENDYEARS"])("%s: years not ascending are #VALUE! naming the years", (id) => {
    const e = failure(id, ...yearArgs(id, col(2025, 2024), col(-500, 600)));
    expect(e.zh).toContain("年度(years)应按升序排列");
    expect(e.zh).toContain("第 2 行");
  });

  it.each(["BALANCEYEAR", "EXTENDYEARS"])("%s: a year that is not whole, or text, is #VALUE! naming the years", (id) => {
    expect(failure(id, ...yearArgs(id, col(2024, 2025.5), col(-1, 1))).zh).toContain("年度(years)第 2 行应为整数年度");
    expect(failure(id, ...yearArgs(id, col(2024, "2025年"), col(-1, 1))).zh).toContain("年度(years)第 2 行应为数值");
  });

  it.each(["BALANCEYEAR", "EXTENDYEARS"])("%s: text in flows is #VALUE! naming the argument and the row", (id) => {
    const e = failure(id, ...yearArgs(id, col(2024, 2025, 2026), col(-500, "六百", 100)));
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toBe("净现金流(netFlows)第 2 行应为数值，收到“六百”");
  });

  it("EXTENDYEARS: a planned end before the first year is #VALUE! naming it", () => {
    expect(failure("EXTENDYEARS", YEARS7, FLOWS7, 2020).zh).toContain("计划完成年度(plannedEndYear)（2020）早于第一个年度 2024");
  });
});

describe("BALANCELEVEL — the verdict text, exactly", () => {
  it.each([
    ["P1", "项目自平衡"],
    ["P2", "片区平衡（东关片区）"], // 东关: P1 800 ≥ 200
    ["P3", "镇街平衡（城关街道）"], // 西关: P6 150 < 400; 城关街道: P1 800 − 200 + P6 150 = 750 ≥ 400
    ["P4", "全区平衡"], // 南塬 / 新城镇: P5 400 < 700; 全区: P1 200 + P5 400 + P6 150 = 750 ≥ 700
  ])("%s → %s", (target, text) => {
    expect(call("BALANCELEVEL", target, IDS, SURPLUSES, AREAS, TOWNS)).toBe(text);
  });

  it("one more deficit in 南塬 balances locally first and leaves P4 short: 不能平衡，缺口 50.00 万元", () => {
    // P8 −100 in 南塬片区/新城镇 (plain 全区 total 50 − 100 = −50).
    // 片区 pass: P2 claims 200 of P1 (600 left); P3 150 < 400; P4 400 < 700; P8 @南塬: P5 400 ≥ 100 → 片区平衡,
    //   P5 left 300. 镇街 pass: P3 @城关街道 600 + 150 ≥ 400 → P1 left 200; P4 @新城镇 300 < 700.
    // 全区 pass: P4: P1 200 + P5 300 + P6 150 = 650 < 700 → gap 700 − 650 = 50.
    const ids = [...IDS, ["P8"]];
    const s = [...SURPLUSES, [-100]];
    const a = [...AREAS, ["南塬片区"]];
    const t = [...TOWNS, ["新城镇"]];
    expect(call("BALANCELEVEL", "P4", ids, s, a, t)).toBe("不能平衡，缺口 50.00 万元");
    expect(call("BALANCELEVEL", "P8", ids, s, a, t)).toBe("片区平衡（南塬片区）");
    expect(call("BALANCELEVEL", "P2", ids, s, a, t)).toBe("片区平衡（东关片区）");
    expect(call("BALANCEPARTNERS", "P8", ids, s, a, t)).toEqual([["P5"]]);
  });

  it("row order decides who gets scarce surplus: the earlier row wins, the later one goes up a level", () => {
    // 甲片区/一街道: X −300, Y −400, S +500; 乙片区/一街道: T +600.
    // Rows X, Y: 片区 pass X claims 300 of S (200 left), Y 200 < 400; 镇街 pass Y: 200 + 600 ≥ 400 → 镇街 (T).
    // Rows Y, X: Y claims 400 of S (100 left), X 100 < 300; 镇街 pass X: 100 + 600 ≥ 300 → 镇街 (T).
    const a = col("甲片区", "甲片区", "甲片区", "乙片区");
    const t = col("一街道", "一街道", "一街道", "一街道");
    const xy = [col("X", "Y", "S", "T"), col(-300, -400, 500, 600), a, t];
    const yx = [col("Y", "X", "S", "T"), col(-400, -300, 500, 600), a, t];
    expect([call("BALANCELEVEL", "X", ...xy), call("BALANCELEVEL", "Y", ...xy)]).toEqual(["片区平衡（甲片区）", "镇街平衡（一街道）"]);
    expect([call("BALANCELEVEL", "X", ...yx), call("BALANCELEVEL", "Y", ...yx)]).toEqual(["镇街平衡（一街道）", "片区平衡（甲片区）"]);
    expect(call("BALANCEPARTNERS", "Y", ...xy)).toEqual([["T"]]);
  });

  it("the gap keeps its fen: −0.005 short shows 0.01 (half-up)", () => {
    expect(call("BALANCELEVEL", "A", col("A", "B"), col(-10.005, 10), col("X", "Y"))).toBe("不能平衡，缺口 0.01 万元");
  });

  it("without towns there is no 镇街 level", () => {
    // 片区 pass: P2 claims 200 of P1 (600 left); P3 @西关 150 < 400. 全区 pass: P3: 600 + 400 + 150 ≥ 400 → 全区.
    expect(call("BALANCELEVEL", "P3", IDS, SURPLUSES, AREAS)).toBe("全区平衡");
    expect(call("BALANCELEVEL", "P3", IDS, SURPLUSES, AREAS, null)).toBe("全区平衡");
  });

  it("ids may be numbers; the target matches them as text", () => {
    expect(call("BALANCELEVEL", 2, col(1, 2), col(500, -100), col("东", "东"))).toBe("片区平衡（东）");
  });
});

describe("BALANCEPARTNERS", () => {
  it("spills the fewest partners, largest surplus first", () => {
    // Target T −500; surpluses 300, 250, 100, 100, 100: largest first 300 + 250 = 550 ≥ 500 (two);
    // smallest first would take 100 + 100 + 100 + 250 (four).
    const ids = col("T", "S1", "S2", "B1", "S3", "B2");
    const s = col(-500, 100, 100, 300, 100, 250);
    const a = col("甲", "甲", "甲", "甲", "甲", "甲");
    expect(call("BALANCEPARTNERS", "T", ids, s, a)).toEqual([["B1"], ["B2"]]);
  });

  it("hand-worked portfolio: P4 pools district-wide with what P2 and P3 left, largest available first", () => {
    // At P4's turn (全区): P1 200 (800 − 200 − 400), P5 400, P6 150 → P5 400 + P1 200 = 600 < 700, + P6 → 750.
    expect(call("BALANCEPARTNERS", "P4", IDS, SURPLUSES, AREAS, TOWNS)).toEqual([["P5"], ["P1"], ["P6"]]);
    expect(call("BALANCEPARTNERS", "P2", IDS, SURPLUSES, AREAS, TOWNS)).toEqual([["P1"]]);
    expect(call("BALANCEPARTNERS", "P3", IDS, SURPLUSES, AREAS, TOWNS)).toEqual([["P1"]]); // P1 600 ≥ 400
  });

  it("no partners: a single cell saying why", () => {
    expect(call("BALANCEPARTNERS", "P1", IDS, SURPLUSES, AREAS, TOWNS)).toEqual([["无需统筹（项目自平衡）"]]);
    expect(call("BALANCEPARTNERS", "A", col("A", "B"), col(-100, 50), col("X", "X"))).toEqual([["无（扩大到全区仍不能平衡）"]]);
  });

  it("announces an upper bound of one row per project id", () => {
    const spill = getFunction("BALANCEPARTNERS")!.spill!;
    expect(spill({ argCount: 5, literal: () => undefined, rangeRows: (i) => (i === 1 ? 2000 : 1) })).toEqual({ rows: 2000, cols: 1 });
  });
});

describe.each(["BALANCELEVEL", "BALANCEPARTNERS"])("%s — bad input", (id) => {
  it("ranges of different lengths are #VALUE! naming the argument", () => {
    const e = failure(id, "P1", IDS, col(800, -200), AREAS, TOWNS);
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("结余(surpluses)有 2 行");
  });

  it("a target not in the list is #N/A naming the target", () => {
    const e = failure(id, "P9", IDS, SURPLUSES, AREAS, TOWNS);
    expect(e.kind).toBe("NA");
    expect(e.zh).toBe("目标项目(target)“P9”不在项目编号列表中");
  });

  it("duplicate ids are #VALUE! naming the ids and both rows", () => {
    const e = failure(id, "P1", col("P1", "P2", "P1"), col(1, 2, 3), col("A", "A", "A"));
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("项目编号(ids)中项目编号“P1”重复（第 1 行和第 3 行）");
  });

  it("text in surpluses is #VALUE! naming the argument and the row", () => {
    const e = failure(id, "P1", col("P1", "P2"), col(1, "一百"), col("A", "A"));
    expect(e.zh).toBe("结余(surpluses)第 2 行应为数值，收到“一百”");
  });

  it("a surplus without an id is #VALUE! naming the ids' row", () => {
    const e = failure(id, "P1", col("P1", null), col(1, 5), col("A", "A"));
    expect(e.zh).toContain("项目编号(ids)第 2 行为空");
  });
});

describe("FARCHECK and FAREXTRA", () => {
  it("FARCHECK(10000, 25000, 2.5) is TRUE and FARCHECK(10000, 25001, 2.5) is FALSE", () => {
    expect(call("FARCHECK", 10000, 25000, 2.5)).toBe(true);
    expect(call("FARCHECK", 10000, 25001, 2.5)).toBe(false);
  });

  it("FAREXTRA(5000000, 2000, 10000, 22000, 2.5) = 2500 ㎡", () => {
    // 5,000,000 ÷ 2000 = 2500; (22000 + 2500) ÷ 10000 = 2.45 ≤ 2.5
    expect(call("FAREXTRA", 5000000, 2000, 10000, 22000, 2.5)).toBe(2500);
  });

  it("FAREXTRA(5000000, 1000, 10000, 22000, 2.5) is #VALUE!: the plot ratio would be exceeded, by how much", () => {
    // 5,000,000 ÷ 1000 = 5000 ㎡; (22000 + 5000) ÷ 10000 = 2.7 > 2.5; 27000 − 25000 = 2000 ㎡ too many
    const e = failure("FAREXTRA", 5000000, 1000, 10000, 22000, 2.5);
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("超过上限 2.5");
    expect(e.zh).toContain("容积率为 2.7");
    expect(e.zh).toContain("超出 2000㎡");
  });

  it("FAREXTRA rounds the area to 2 decimals; no deficit needs no area", () => {
    // 1,000,000 ÷ 3000 = 333.333… → 333.33
    expect(call("FAREXTRA", 1000000, 3000, 10000, 0, 2.5)).toBe(333.33);
    expect(call("FAREXTRA", 0, 3000, 10000, 20000, 2.5)).toBe(0);
  });

  it("bad input names the argument", () => {
    expect(failure("FARCHECK", 0, 25000, 2.5).zh).toContain("用地面积(landArea)必须大于 0");
    expect(failure("FARCHECK", 10000, "两万", 2.5).zh).toContain("计容建筑面积(buildingArea)应为数值");
    expect(failure("FARCHECK", 10000, 25000, -1).zh).toContain("容积率上限(maxFar)");
    expect(failure("FAREXTRA", -5, 2000, 10000, 22000, 2.5).zh).toContain("资金缺口(deficit)不能小于 0");
    expect(failure("FAREXTRA", 5, 0, 10000, 22000, 2.5).zh).toContain("每平方米净收益(netIncomePerSqm)必须大于 0");
  });
});

describe("BALANCETABLE: the whole list in one call (functions.md)", () => {
  // P1 +800 (东关), P2 −200 (东关), P3 −400 (西关), P4 −1000 (西关), one blank row between P1 and P3.
  // 片区 turn: P2 needs 200, P1 in 东关 offers 800 → 片区平衡（东关）, P1 keeps 600. P3/P4: 西关 offers nothing.
  // 全区 turn, list order: P3 needs 400 ≤ 600 → 全区平衡 with P1, P1 keeps 200; P4 needs 1000 > 200 → gap 800.
  test("hand-worked list with a blank row: levels, regions, partners and gaps", () => {
    const t = call(
      "BALANCETABLE",
      col("P1", "P2", null, "P3", "P4"),
      col(800, -200, null, -400, -1000),
      col("东关", "东关", null, "西关", "西关"),
    );
    expect(t).toEqual([
      ["P1", "项目自平衡", "", "", 0],
      ["P2", "片区平衡", "东关", "P1", 0],
      ["", "", "", "", ""],
      ["P3", "全区平衡", "全区", "P1", 0],
      ["P4", "不能平衡", "", "", 800],
    ]);
  });

  // With towns: P2 (甲街道, 片区 东关) −300, P1 (甲街道, 片区 北关) +500 → no 片区 partner, 镇街平衡（甲街道）.
  test("the town level names the 镇街", () => {
    const t = call("BALANCETABLE", col("P1", "P2"), col(500, -300), col("北关", "东关"), col("甲街道", "甲街道")) as unknown[][];
    expect(t[1]).toEqual(["P2", "镇街平衡", "甲街道", "P1", 0]);
  });

  test("duplicate ids are an error naming ids and both rows", () => {
    const e = call("BALANCETABLE", col("P1", "p1"), col(1, 2), col("A", "A")) as DomainError;
    expect(e.code).toBe("duplicateId");
    expect([e.params.arg, e.params.first, e.params.pos]).toEqual(["ids", 1, 2]);
  });
});
