import { colIndex } from "../../src/workbook/address";
import { generateOutputs } from "../../src/workbook/generate";
import { gridFingerprint, modelReadBack } from "../../src/workbook/fingerprint";
import type { SheetModel } from "../../src/workbook/model";
import { sampleGrid } from "../support/sampleGrid";

const NOW = new Date(2026, 11, 1, 9, 30);
const sheets = generateOutputs(sampleGrid(), ["plan", "balance"], { now: NOW }).sheets;
const plan = sheets.find((s) => s.role === "plan")!;
const balance = sheets.find((s) => s.role === "balance")!;

const rowOf = (m: SheetModel, first: string) => m.rows.findIndex((r) => r[0] === first);
const formulaAt = (m: SheetModel, row: number, col: number) => m.formulas?.find((f) => f.row === row && f.col === col)?.formula;
const F = 5; // 户数
const G = 6; // 建筑面积（万㎡）

describe("年度计划表 on the sample district", () => {
  test("lists all 24 projects with 序号 1…24, grouped by year", () => {
    const numbered = plan.rows.filter((r) => typeof r[0] === "number" && typeof r[1] === "string" && String(r[1]).startsWith("PG-"));
    expect(numbered.map((r) => r[0])).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
    expect(plan.rows[2].slice(0, 10)).toEqual([
      "序号",
      "项目编号",
      "项目名称",
      "镇街",
      "片区",
      "户数",
      "建筑面积（万㎡）",
      "总投资（万元）",
      "投资主体",
      "计划完成年度",
    ]);
  });

  test("小计 and 合计 are SUM formulas whose cached values are the hand-checked totals", () => {
    // Hand check from the sample (src/samples/district.ts):
    // 2024: 520+410+365+480+612+688+356+495 = 3926 户; 48635+39765+33218+45282+52146+71354+38927+56373 = 385700 ㎡ = 38.57万㎡
    // 2025: 586+702+498+934+745+867 = 4332 户; 55420+71580+47263+106737+82915+124985 = 488900 ㎡ = 48.89万㎡
    // 2026: 392+318+445+276+334+587+642+503+289+1117 = 4903 户; 31476+26124+36851+22749+27318+49882+56907+44293+24636+88564 = 408800 ㎡ = 40.88万㎡
    // 合计 3926+4332+4903 = 13161 户; 38.57+48.89+40.88 = 128.34万㎡
    const expected: [string, number, number][] = [
      ["2024年小计", 3926, 38.57],
      ["2025年小计", 4332, 48.89],
      ["2026年小计", 4903, 40.88],
      ["合计", 13161, 128.34],
    ];
    for (const [label, households, area] of expected) {
      const r = rowOf(plan, label);
      expect(r).toBeGreaterThan(2);
      expect([plan.rows[r][F], plan.rows[r][G]]).toEqual([households, area]);
      expect(formulaAt(plan, r, F)).toMatch(/^SUM\(/);
      expect(formulaAt(plan, r, G)).toMatch(/^SUM\(/);
    }
    // 小计 sums exactly the rows of its year: 2024 = rows 5…12 (1-based), the 8 projects
    expect(formulaAt(plan, rowOf(plan, "2024年小计"), F)).toBe("SUM(F5:F12)");
    // 合计 sums the three 小计 cells (not a SUBTOTAL over nested subtotals, which HyperFormula would double count)
    expect(formulaAt(plan, rowOf(plan, "合计"), F)).toBe("SUM(F13,F21,F33)");
  });

  test("尾差: the projects' shown areas add up to their year's 小计 (parts adjusted)", () => {
    const sub = rowOf(plan, "2024年小计");
    const parts = plan.rows.slice(4, sub).map((r) => Math.round(Number(r[G]) * 100));
    expect(parts.reduce((a, b) => a + b, 0)).toBe(3857);
  });

  test("no Excel table on the plan sheet (its totals are rows of a plain bordered range); the balance table has no total row", () => {
    expect(plan.tables ?? []).toEqual([]);
    for (const t of balance.tables ?? []) {
      expect(t.totalRow).toBeFalsy();
      const body = balance.rows.slice(t.range.row + 1, t.range.row + t.range.rows);
      expect(body.every((r) => typeof r[0] === "string" && String(r[0]).startsWith("PG-"))).toBe(true);
    }
  });

  test("print setup: A4, fit to one page wide, header repeated, footer with page numbers", () => {
    expect(plan.print).toMatchObject({
      paperSize: "A4",
      orientation: "portrait",
      fitToWidth: 1,
      fitToHeight: 0,
      titleRows: { first: 2, last: 2 },
      footerCenter: "第 &P 页 共 &N 页",
    });
    expect(balance.print).toMatchObject({ paperSize: "A4", orientation: "landscape", fitToWidth: 1, titleColumns: { first: 0, last: 1 } });
    expect(plan.merges?.[0]).toEqual({ row: 0, col: 0, rows: 1, cols: 10 });
    expect(plan.styles?.[0].style).toMatchObject({ bold: true, fontSize: 18, horizontal: "center" });
    expect(plan.rows.some((r) => String(r[0] ?? "").startsWith("编制单位"))).toBe(true);
    expect(plan.rows.some((r) => String(r[0] ?? "").includes("生成时间 2026-12-01 09:30"))).toBe(true);
  });

  test("the chart reads the by-year summary's cells (no helper block) and titles both value axes", () => {
    const chart = plan.charts![0];
    expect(plan.rows[chart.categories.row].slice(1, 2)).toEqual(["2024年"]);
    expect(chart.categories.rows).toBe(3);
    expect(chart.series.map((s) => [s.name, plan.rows[s.values.row][s.values.col]])).toEqual([
      ["户数", 3926],
      ["建筑面积（万㎡）", 38.57],
    ]);
    expect([chart.valueAxisTitle, chart.secondaryAxisTitle]).toEqual(["户数（户）", "建筑面积（万㎡）"]);
  });

  test("the fingerprint cell holds the hash of every other generated cell", () => {
    const at = plan.fingerprintCell!;
    expect(plan.hiddenColumns).toContain(at.col);
    expect(plan.rows[at.row][at.col]).toBe(gridFingerprint(modelReadBack(plan), { row: 0, col: 0 }, at));
    const edited = modelReadBack(plan);
    edited[4][F] = 521;
    expect(gridFingerprint(edited, { row: 0, col: 0 }, at)).not.toBe(plan.rows[at.row][at.col]);
  });
});

describe("资金平衡报告 on the sample district", () => {
  test("no empty column; region totals are SUMIF formulas (on the engine's region numbers) with the sums of the shown project values", () => {
    const header = balance.rows[3];
    expect(header).not.toContain("说明");
    const first = 4;
    const n = 24;
    // every visible column has something; the hidden ones are the fingerprint and the two region-number helpers
    expect(balance.hiddenColumns).toHaveLength(3);
    for (let c = 0; c < header.length; c++) {
      if (balance.hiddenColumns!.includes(c)) continue;
      expect(balance.rows.slice(first, first + n).some((r) => r[c] !== "" && r[c] !== null)).toBe(true);
    }
    const district = rowOf(balance, "全区");
    // Σ 期内结余 of the 24 projects (万元): 1000+800+300+400+200+600+200+400+1000−800+500+500−1500−9000−300+200+300+100+0+300+200+100+300−12000 = −16200
    expect(balance.rows[district][5]).toBe(-16200);
    expect(formulaAt(balance, district, 5)).toBe("SUM($F$5:$F$28)");
    const town = balance.rows.findIndex((r) => r[0] === "镇街" && r[1] === "北山镇");
    // 北山镇: 200+400−1500−9000+300−12000 = −21600
    expect(balance.rows[town][5]).toBe(-21600);
    const sumif = /^SUMIF\(\$([A-Z]+)\$5:\$\1\$28,(\d+),\$F\$5:\$F\$28\)$/.exec(formulaAt(balance, town, 5) ?? "");
    expect(sumif).not.toBeNull();
    // the helper column is hidden and holds that number on exactly the 北山镇 rows
    const helper = colIndex(sumif![1]);
    expect(balance.hiddenColumns).toContain(helper);
    const rows = balance.rows.slice(first, first + n);
    expect(rows.filter((r) => r[helper] === Number(sumif![2])).map((r) => r[0])).toEqual(
      rows.filter((r) => r[2] === "北山镇").map((r) => r[0]),
    );
  });
});

describe("年度计划表 edge cases", () => {
  const grid = (rows: (string | number | null)[][]) => ({
    sheets: [{ name: "项目库", values: [["项目编号", "项目名称", "镇街", "计划年度", "户数", "建筑面积（㎡）"], ...rows] }],
    names: [],
  });

  test("projects without 镇街 are listed under 未填镇街, which the by-镇街 SUMIF matches; no investment → no investment totals", () => {
    // 10001 + 20002 = 30003 ㎡ = 3.0003万㎡ → 3.00; parts 1.0001 → 1.00 and 2.0002 → 2.00 add up to 3.00
    const g = generateOutputs(
      grid([
        ["A", "甲", null, 2025, 10, 10001],
        ["B", "乙", "东关街道", 2025, 20, 20002],
      ]),
      ["plan"],
      { now: NOW },
    );
    const m = g.sheets[0];
    expect(g.problems).toEqual([]);
    const a = m.rows.findIndex((r) => r[1] === "A");
    expect(m.rows[a].slice(3, 8)).toEqual(["未填镇街", "", 10, 1, null]);
    const town = m.rows.findIndex((r) => r[1] === "未填镇街");
    expect(m.rows[town].slice(4, 7)).toEqual([1, 10, 1]);
    expect(formulaAt(m, town, F)).toMatch(/^SUMIF\(\$D\$\d+:\$D\$\d+,\$B\$\d+,\$F\$\d+:\$F\$\d+\)$/);
    const total = rowOf(m, "合计");
    expect([m.rows[total][F], m.rows[total][G]]).toEqual([30, 3]);
    expect(formulaAt(m, total, 7)).toBeUndefined();
    expect(m.rows[1][0]).toBe("单位：户、万㎡");
  });

  test("a bad year is a problem naming the project's row, and no sheet is written", () => {
    const g = generateOutputs(grid([["A", "甲", "东关街道", 2025.5, 10, 100]]), ["plan"], { now: NOW });
    expect(g.sheets).toEqual([]);
    expect(g.problems.some((p) => p.severity === "error" && p.sheet === "项目库")).toBe(true);
  });
});
