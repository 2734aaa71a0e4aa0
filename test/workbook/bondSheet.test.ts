import { generateOutputs } from "../../src/workbook/generate";
import { templateSheets } from "../../src/workbook/generate";
import { bondLines, checkText, yearGroups } from "../../src/workbook/bondSheet";
import { Dec } from "../../src/engine/decimal";
import type { BondProjectReport } from "../../src/workbook/bondInputs";
import type { BondCheck } from "../../src/engine/bonds/project";
import type { Cell, SheetModel, WorkbookGrid } from "../../src/workbook/model";

/** The template sheets as a workbook grid (what a host reads back after writing them). */
function gridOf(sheets: readonly SheetModel[]): WorkbookGrid {
  return {
    sheets: sheets.map((s) => ({ name: s.name, values: s.rows, tables: (s.tables ?? []).map((t) => ({ name: t.name, range: t.range })) })),
    names: sheets.flatMap((s) =>
      (s.namedCells ?? []).map((n) => ({ name: n.name, sheet: s.name, row: n.row, col: n.col, value: s.rows[n.row][n.col] })),
    ),
  };
}

const sample = () => templateSheets(true);

function bondSheet(sheets: readonly SheetModel[] = sample()) {
  const g = generateOutputs(gridOf(sheets));
  expect(g.problems.filter((p) => p.severity === "error")).toEqual([]);
  return { g, sheet: g.sheets.find((s) => s.role === "bondBalance") };
}

/** The block of a project: rows from its title to the next title. */
function block(sheet: SheetModel, id: string): (readonly Cell[])[] {
  const start = sheet.rows.findIndex((r) => typeof r[0] === "string" && r[0].includes(`（${id}）专项债券项目收支平衡表`));
  const next = sheet.rows.findIndex((r, i) => i > start && typeof r[0] === "string" && r[0].endsWith("专项债券项目收支平衡表"));
  return sheet.rows.slice(start, next < 0 ? undefined : next);
}
const line = (rows: (readonly Cell[])[], label: string) => rows.find((r) => typeof r[1] === "string" && r[1].trim().startsWith(label))!;

describe("收支平衡表 of the sample's bond-funded projects", () => {
  const { g, sheet } = bondSheet();

  test("one block per bond-funded project; the balance verdicts stay 19/1/1/1/1/1", () => {
    expect(sheet).toBeDefined();
    expect(sheet!.name).toBe("收支平衡表");
    for (const id of ["PG-2024-08", "PG-2025-01", "PG-2025-04"]) expect(block(sheet!, id).length).toBeGreaterThan(30);
    expect(g.summary.verdicts).toEqual({ 项目自平衡: 19, 片区平衡: 1, 镇街平衡: 1, 全区平衡: 1, 延长平衡期限: 1, 不能平衡: 1 });
  });

  test("PG-2024-08, by hand: income split, tranches, interest by period, principal, coverage", () => {
    const b = block(sheet!, "PG-2024-08");
    expect(line(b, "项目").slice(0, 11)).toEqual(["编码", "项目", "合计", "2024", "2025", "2026", "2027", "2028", "2029", "2030", "2031"]);
    // planned income 24,800 + 1,040 interest + 400 surplus = 26,240: 10% in 2026 = 2,624, 30% = 7,872 in 2027–2029;
    // land 70%: 2,624 × 0.7 = 1,836.8 → 1,837; 7,872 × 0.7 = 5,510.4 → 5,510; Σ 1,837 + 3 × 5,510 = 18,367.
    expect(line(b, "土地出让收入").slice(2, 11)).toEqual([18367, 0, 0, 1837, 5510, 5510, 5510, 0, 0]);
    // other income: 2,624 − 1,837 = 787; 7,872 − 5,510 = 2,362; Σ 787 + 7,086 = 7,873; 01 = 18,367 + 7,873 = 26,240
    expect(line(b, "其他专项收入").slice(2, 11)).toEqual([7873, 0, 0, 787, 2362, 2362, 2362, 0, 0]);
    expect(line(b, "项目运营预期收入")[2]).toBe(26240);
    // tranches: 4,800 (60%) in 2024, 3,200 (40%) in 2025
    expect(line(b, "地方政府专项债券").slice(2, 6)).toEqual([8000, 4800, 3200, 0]);
    // construction to 2026: 0301 = 144 (4,800 × 3%) in 2025, 144 + 80 (3,200 × 2.5%) = 224 in 2026; 0402 = 224 in 2027–2029
    expect(line(b, "其中：财务费用").slice(2, 11)).toEqual([368, 0, 144, 224, 0, 0, 0, 0, 0]);
    expect(line(b, "其中：专项债券付息支出").slice(2, 11)).toEqual([672, 0, 0, 0, 224, 224, 224, 0, 0]);
    // both tranches repaid in 2029: 06 = 8,000; 还本付息合计 = 368 + 672 + 8,000 = 9,040
    expect(line(b, "专项债券还本")[8]).toBe(8000);
    expect(line(b, "专项债券还本付息合计")[2]).toBe(9040);
    // 09 = 26,240 / 9,040 = 2.90265… → 2.9027 (4 decimals, ROUND in the formula as in the cached value)
    expect(line(b, "本息覆盖倍数（净收益口径，不含财政补助）")[2]).toBe(2.9027);
  });

  test("totals and sums are formulas whose cached values are the shown numbers", () => {
    const f = sheet!.formulas!;
    const top = sheet!.rows.findIndex((r) => r[1] === "项目运营预期收入");
    const at = (row: number, col: number) => f.find((x) => x.row === row && x.col === col)?.formula;
    // 01 合计 = SUM over the yearly columns D…K; 01 of 2024 = its four income lines
    expect(at(top, 2)).toBe(`SUM(D${top + 1}:K${top + 1})`);
    expect(at(top, 3)).toBe(`D${top + 2}+D${top + 3}+D${top + 4}+D${top + 5}`);
    const service = sheet!.rows.findIndex((r) => typeof r[1] === "string" && r[1].startsWith("专项债券还本付息合计"));
    const cov = sheet!.rows.findIndex((r) => r[0] === "09");
    expect(at(cov, 2)).toBe(`IF(C${service + 1}=0,"",ROUND(C${service + 2}/C${service + 1},4))`);
  });

  test("the debt system's checks: PG-2025-04's sources exceed 总投资 by 1,000, naming both numbers", () => {
    // 总投资 46,700 + interest 1,950 = 48,650; sources 资本金 24,650 + 债券 15,000 + 市场化 8,000 + 财政补助 2,000 = 49,650
    const b = block(sheet!, "PG-2025-04");
    const check = line(b, "资金来源合计 = 总投资");
    expect(check[2]).toBe("不通过");
    expect(check[3]).toContain("49650.00 万元 ≠ 总投资 48650.00 万元，相差 1000.00 万元");
    const others = b.filter(
      (r) => typeof r[0] === "number" && typeof r[2] === "string" && ["通过", "不通过", "无法校验"].includes(r[2] as string),
    );
    expect(others.map((r) => r[2])).toEqual(["通过", "通过", "通过", "不通过", "通过", "通过", "通过"]);
  });

  test("财政补助 stays separate: PG-2025-04 balances only with its subsidy (国办发〔2024〕52号)", () => {
    // self income: 2027 land 1,475 + other 492 (4,915 split 30%/10%, half-up); 2028–2030 4,424 + 1,475 each
    // → 1,967 + 3 × 5,899 = 19,664; 19,664 / 16,950 = 1.1601 < 1.2; with subsidy 49,150 / 16,950 = 2.8997
    const b = block(sheet!, "PG-2025-04");
    expect(line(b, "本息覆盖倍数（净收益口径，不含财政补助）")[2]).toBe(1.1601);
    expect(line(b, "本息覆盖倍数（净收益口径，含财政补助）")[2]).toBe(2.8997);
    expect(String(b[1][0])).toContain("财政补助后平衡");
    expect(g.summary.bonds!.some((l) => l.startsWith("PG-2025-04") && l.includes("财政补助后平衡"))).toBe(true);
  });

  test("敏感性分析: base, −10%, −20%, cost +10%, +100 BP, land 1 and 2 years later, and the break-even drop", () => {
    const b = block(sheet!, "PG-2024-08");
    const head = b.findIndex((r) => r[1] === "情景");
    const scen = b.slice(head + 1, head + 8);
    expect(scen.map((r) => r[1])).toEqual([
      "基准情景",
      "收入下降 10%",
      "收入下降 20%",
      "运营成本上升 10%",
      "利率上升 100BP（重算还本付息）",
      "土地出让推迟 1 年",
      "土地出让推迟 2 年",
    ]);
    // −10%: 23,616 / 9,040 = 2.6124; +100 BP: interest 4,800 × 4% × 5 + 3,200 × 3.5% × 4 = 960 + 448 = 1,408 →
    // 26,240 / 9,408 = 2.7891; land 1 year later: 2029's land 5,510 falls after the term → 20,730 / 9,040 = 2.2931;
    // 2 years: 2028's and 2029's → 15,220 / 9,040 = 1.6836
    expect(scen.map((r) => r[2])).toEqual([2.9027, 2.6124, 2.3221, 2.9027, 2.7891, 2.2931, 1.6836]);
    expect(scen.map((r) => r[4])).toEqual(["是", "是", "是", "是", "是", "是", "是"]);
    // break-even: 1 − 1.2 × 9,040 / 26,240 = 0.58659… → 58.66%
    expect(String(line(b, "盈亏平衡点")[2])).toContain("58.66%");
  });
});

describe("workbooks without bonds, and bad bond data", () => {
  test("no 债券 table: no 收支平衡表 and no bond problems (works as before)", () => {
    const sheets = sample().filter((s) => s.role !== "bonds");
    const { g, sheet } = bondSheet(sheets);
    expect(sheet).toBeUndefined();
    expect(g.summary.bonds).toEqual([]);
    expect(g.sheets.map((s) => s.role)).toEqual(["plan", "balance"]);
  });

  test("a cash-flow row whose split does not add up to 收入 is an error naming the row", () => {
    const sheets = sample().map((s) => {
      if (s.role !== "flows") return s;
      const header = s.rows[0] as string[];
      const land = header.indexOf("土地出让收入（万元）");
      const rows = s.rows.map((r) => r.slice());
      const k = rows.findIndex((r) => r[0] === "PG-2024-08" && r[1] === 2027);
      rows[k][land] = (rows[k][land] as number) + 1;
      return { ...s, rows };
    });
    const g = generateOutputs(gridOf(sheets));
    const errors = g.problems.filter((p) => p.severity === "error");
    expect(errors).toHaveLength(1);
    // 5,511 + 2,362 + 0 = 7,873 ≠ 7,872
    expect(errors[0].zh).toContain("土地出让收入、专项收入、财政补助之和 7873 万元与收入 7872 万元不一致");
    expect(g.sheets).toEqual([]);
  });
});

describe("parameters from the 参数 sheet", () => {
  test("p_coverageMax 2.5 flags PG-2024-08's 2.90 as implausibly high; p_stressLandDelay2 0 leaves that scenario out", () => {
    const sheets = sample().map((s) => {
      if (s.role !== "params") return s;
      const rows = s.rows.map((r) => r.slice());
      for (const name of ["p_coverageMax", "p_stressLandDelay2"]) {
        const cell = s.namedCells!.find((n) => n.name === name)!;
        rows[cell.row][cell.col] = name === "p_coverageMax" ? 2.5 : 0;
      }
      return { ...s, rows };
    });
    const { sheet } = bondSheet(sheets);
    const b = block(sheet!, "PG-2024-08");
    const check = line(b, "本息覆盖倍数在上下限之内");
    // 26,240 / 9,040 = 2.90 > 2.5
    expect(check.slice(2, 4)).toEqual(["不通过", "本息覆盖倍数 2.90 高于上限 2.5，疑似数据错误，请核对收入"]);
    expect(b.some((r) => r[1] === "土地出让推迟 2 年")).toBe(false);
    expect(b.some((r) => r[1] === "土地出让推迟 1 年")).toBe(true);
  });
});

describe("a tranche issued before 开工年度", () => {
  test("falls outside the table: the construction-period check and Σ 还本 = Σ 发行 fail", () => {
    // PG-2024-08 starts in 2024; its first tranche (4,800) is moved to 2023 → 0202 shows only 3,200 while 06
    // repays 4,800 (2028) + 3,200 (2029) = 8,000.
    const sheets = sample().map((s) => {
      if (s.role !== "bonds") return s;
      const rows = s.rows.map((r) => r.slice());
      const k = rows.findIndex((r) => r[0] === "PG-2024-08" && r[1] === 2024);
      rows[k][1] = 2023;
      return { ...s, rows };
    });
    const { sheet } = bondSheet(sheets);
    const b = block(sheet!, "PG-2024-08");
    expect(line(b, "债券仅在建设期内发行").slice(2, 4)).toEqual(["不通过", "2023 年发行的债券不在建设期 2024—2026 年内"]);
    expect(line(b, "Σ 还本 = Σ 发行")[2]).toBe("不通过");
    expect(String(line(b, "Σ 还本 = Σ 发行")[3])).toContain("还本合计 8000.00 万元 ≠ 表内发行合计 3200.00 万元");
  });
});

describe("at most 30 yearly columns, the last one '及以后'", () => {
  test("36 years → 29 single years and 2049及以后", () => {
    const years = Array.from({ length: 36 }, (_, k) => 2020 + k);
    const groups = yearGroups(years);
    expect(groups).toHaveLength(30);
    expect(groups[28].label).toBe("2048");
    expect(groups[29]).toEqual({ label: "2049及以后", indices: [29, 30, 31, 32, 33, 34, 35] });
    expect(yearGroups(years.slice(0, 30))).toHaveLength(30);
    expect(yearGroups(years.slice(0, 30))[29].label).toBe("2049");
  });
});

describe("coverage in the check messages is printed so that the message is true", () => {
  const coverageCheck = (coverage: string, side: string, threshold = "1.2", max = ""): string =>
    checkText({ code: "coverageWithinBounds", ok: side === "", detail: { coverage, self: coverage, threshold, max, side } } as BondCheck);

  test("1.1996 below 1.2 is printed 1.1996, not 1.20 (2 decimals would equal the limit)", () => {
    expect(coverageCheck("1.1996", "low")).toBe("本息覆盖倍数 1.1996 低于下限 1.2");
  });

  test("1.19999 below 1.2: 4 decimals half-up would still be 1.2000, so it is cut to 1.1999", () => {
    expect(coverageCheck("1.19999", "low")).toBe("本息覆盖倍数 1.1999 低于下限 1.2");
  });

  test("where 2 decimals already tell it from the limit they are kept: 1.15 below 1.2", () => {
    expect(coverageCheck("1.15", "low")).toBe("本息覆盖倍数 1.15 低于下限 1.2");
  });

  test("above the upper bound: 3.004 above 3 is printed 3.004, not 3.00; 3.00001 as 3.0001", () => {
    expect(coverageCheck("3.004", "high", "1.2", "3")).toBe("本息覆盖倍数 3.004 高于上限 3，疑似数据错误，请核对收入");
    expect(coverageCheck("3.00001", "high", "1.2", "3")).toBe("本息覆盖倍数 3.0001 高于上限 3，疑似数据错误，请核对收入");
  });

  test("within the bounds: 2.99996 within an upper bound of 2.9999… is never printed above it", () => {
    // limit 2.99999: 2.99996 rounds to 3.00 (2 dp), 3.000 (3 dp), 3.0000 (4 dp); 5 decimals of the limit: 2.99996
    expect(coverageCheck("2.99996", "", "1.2", "2.99999")).toBe("本息覆盖倍数 2.99996（不含财政补助 3.00），下限 1.2、上限 2.99999");
  });
});

describe("coverage as the CLI summary and the sheet's cells show it", () => {
  test("the summary line prints 1.1996 (below 1.2) and 1.25 as they stand to the threshold, scenarios too", () => {
    const report = {
      project: { id: "PG-1", name: "东关" },
      result: { status: "short", coverage: { self: new Dec("1.1996"), withSubsidy: new Dec("1.25") }, checks: [] },
      sensitivity: { scenarios: [{ scenario: { kind: "base" }, coverage: { withSubsidy: new Dec("1.19999") }, status: "short" }] },
    } as unknown as BondProjectReport;
    const [head, scenarios] = bondLines([report], 1.2);
    expect(head).toBe("PG-1 东关：不达标（本息覆盖倍数 1.1996 不含财政补助 / 1.25 含财政补助）");
    expect(scenarios).toContain("1.1999✗");
  });

  test("ratio cells show 2 decimals and up to 4 where they matter (number format 0.00##)", () => {
    const { sheet } = bondSheet();
    const formats = new Set((sheet!.numberFormats ?? []).map((f) => f.format));
    expect(formats.has("0.00##")).toBe(true);
    expect(formats.has("0.00")).toBe(false);
  });
});
