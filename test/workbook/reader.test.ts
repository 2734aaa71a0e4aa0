import { Dec } from "../../src/engine/decimal";
import { generateOutputs } from "../../src/workbook/generate";
import type { Cell, WorkbookGrid } from "../../src/workbook/model";
import { readPlanningWorkbook } from "../../src/workbook/read";
import { idKey, isDateFormat, readYesNo, totalWord } from "../../src/workbook/reader/cells";
import { readNumber } from "../../src/workbook/reader/numbers";
import { convert, headerUnit } from "../../src/workbook/reader/units";

/*
 * The reader's rules one at a time, on small grids (the clerk-style workbook test covers them together). Every
 * expected number is worked out in the comment next to it.
 */

const HEAD = ["项目编号", "项目名称", "计划年度", "户数", "建筑面积"];

function grid(projects: Cell[][], flows?: Cell[][], extra: WorkbookGrid["sheets"] = []): WorkbookGrid {
  const sheets: { name: string; values: Cell[][] }[] = [{ name: "项目库", values: projects }];
  if (flows) sheets.push({ name: "现金流", values: flows });
  return { sheets: [...sheets, ...extra], names: [] };
}

const codes = (g: WorkbookGrid, kinds?: ("plan" | "balance")[]) =>
  readPlanningWorkbook(g, { kinds })
    .problems.filter((p) => p.severity !== "notice")
    .map((p) => `${p.severity} ${p.code} ${p.sheet}!${p.address}`);

describe("units", () => {
  it("亩 converts exactly: 15 亩 = 15 × 10000 ÷ 15 = 10000 ㎡, 0.3 亩 = 3000 ÷ 15 = 200 ㎡ (no float drift)", () => {
    const mu = headerUnit("area", "亩")!;
    expect(convert(new Dec(15), mu).toString()).toBe("10000");
    expect(convert(new Dec("0.3"), mu).toString()).toBe("200");
  });

  it("money and area units by the header: 1.2345 亿元 = 12345 万元, 3926 元 = 0.3926 万元, 12.16 万㎡ = 121600 ㎡, 2 公顷 = 20000 ㎡", () => {
    const g = grid([
      ["项目编号", "项目名称", "计划年度", "户数", "建筑面积(万平方米)", "用地面积【公顷】", "总投资（亿元）", "开发净收益（元/㎡）"],
      ["P1", "甲", 2024, 10, 12.16, 2, 1.2345, 3926],
    ]);
    const [p] = readPlanningWorkbook(g).projects;
    expect(p).toMatchObject({ buildingArea: 121600, landArea: 20000, investment: 12345, netIncomePerSqm: 3926 });
    const g2 = grid([
      ["项目编号", "项目名称", "计划年度", "户数", "建筑面积", "总投资（元）"],
      ["P1", "甲", 2024, 10, 100, 3926],
    ]);
    expect(readPlanningWorkbook(g2).projects[0].investment).toBe(0.3926);
  });

  it("rates in % or ‰: 签约率（%）95 → 0.95, 交房率（‰）980 → 0.98", () => {
    const g = grid([
      [...HEAD, "签约率（%）", "交房率（‰）"],
      ["P1", "甲", 2024, 10, 100, 95, 980],
    ]);
    expect(readPlanningWorkbook(g).projects[0]).toMatchObject({ signRate: 0.95, handoverRate: 0.98 });
  });

  it("a unit row under the header: (亿元) under 收入/支出 — 0.5 亿元 = 5000 万元; data starts below it", () => {
    const g = grid(
      [HEAD, ["P1", "甲", 2024, 10, 100]],
      [
        ["项目编号", "年度", "收入", "支出"],
        [null, null, "（亿元）", "亿元"],
        ["P1", 2024, 0.5, 0.25],
      ],
    );
    const input = readPlanningWorkbook(g);
    expect([...input.flows]).toEqual([expect.objectContaining({ projectId: "P1", year: 2024, income: 5000, cost: 2500 })]);
    expect(input.problems.filter((p) => p.code === "wbUnitConverted").map((p) => p.address)).toEqual(["C1", "D1"]);
  });

  it("an unknown unit is ONE error at the header cell, naming the unit and the accepted ones; its rows are not reported again", () => {
    const g = grid([
      ["项目编号", "项目名称", "计划年度", "户数", "建筑面积（平方公里）"],
      ["P1", "甲", 2024, 10, 1],
      ["P2", "乙", 2024, 10, 2],
    ]);
    const { problems } = readPlanningWorkbook(g);
    const errors = problems.filter((p) => p.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "wbUnitUnknown", address: "E1" });
    expect(errors[0].zh).toContain("“平方公里”无法识别");
    expect(errors[0].zh).toContain("万㎡");
  });
});

describe("typed numbers", () => {
  const n = (v: Cell, d?: Parameters<typeof readNumber>[1]) => {
    const r = readNumber(v, d);
    return r.ok ? `${r.value.toString()} ${r.rule ?? ""}`.trim() : "not a number";
  };
  it("thousands, full width, text, signs", () => {
    expect(n("3,926", "count")).toBe("3926 thousands");
    expect(n("1,234.5")).toBe("1234.5 thousands");
    expect(n("５２０", "count")).toBe("520 fullWidth");
    expect(n("３，９２６", "count")).toBe("3926 fullWidth");
    expect(n(" 520 ")).toBe("520 text");
    expect(n("－３")).toBe("-3 fullWidth");
    expect(n("12,34")).toBe("not a number"); // not groups of three
    expect(n("abc")).toBe("not a number");
    expect(n("48O", "count")).toBe("not a number");
  });
  it("suffixes where the column allows them: 12.5万 is 12.5万元 in money (= 12.5 万元), 125000 ㎡ in area; 3亿 = 30000 万元; 100% = 1", () => {
    expect(n("12.5万", "money")).toBe("12.5 suffix");
    expect(n("12.5万", "area")).toBe("125000 suffix");
    expect(n("3亿", "money")).toBe("30000 suffix");
    expect(n("3亿元", "money")).toBe("30000 suffix");
    expect(n("500元", "money")).toBe("0.05 suffix");
    expect(n("100%", "share")).toBe("1 suffix");
    expect(n("2024年", "year")).toBe("2024 suffix");
    expect(n("1.2万户", "count")).toBe("12000 suffix");
    expect(n("12.5万", "share")).toBe("not a number");
    expect(n("100%", "money")).toBe("not a number");
    expect(n("2024年", "money")).toBe("not a number");
  });
  it("dates in year columns give the year: a date cell (serial 45292 = 2024-01-01), 2024-01-01, 2024/1/1, 2024年3月", () => {
    const r = readNumber(45292, "year", false, true);
    expect(r.ok && `${r.value.toString()} ${r.rule}`).toBe("2024 date");
    expect(n(45292, "year")).toBe("45292"); // a plain number is never taken for a date
    expect(n("2024-01-01", "year")).toBe("2024 date");
    expect(n("2024/1/1", "year")).toBe("2024 date");
    expect(n("2024年3月", "year")).toBe("2024 date");
    expect(n(45292, "count")).toBe("45292");
  });
  it("a 计划年度 typed as a date is read at its own cell (C2), as the date it shows", () => {
    const g: WorkbookGrid = { sheets: [{ name: "项目库", values: [HEAD, ["P1", "甲", 45292, 10, 100]], dates: [[1, 2]] }], names: [] };
    const input = readPlanningWorkbook(g);
    expect(input.projects[0].planYear).toBe(2024);
    const notice = input.problems.find((p) => p.code === "wbTypedDate")!;
    expect(notice).toMatchObject({ severity: "notice", address: "C2" });
    expect(notice.zh).toContain("C2“2024-01-01”读作 2024");
  });
  it("a year out of 1900–2200 is an error at its cell; a typo like 20251 is never read as a date (it would be 1955)", () => {
    expect(codes(grid([HEAD, ["P1", "甲", 20250101, 10, 100]]))).toEqual(["error wbNotYear 项目库!C2"]);
    expect(codes(grid([HEAD, ["P1", "甲", 20251, 10, 100]]))).toEqual(["error wbNotYear 项目库!C2"]);
  });
});

describe("date formats (how the Office.js adapter tells a date from a number)", () => {
  it("date and time formats are dates; General, numbers, text with 户/年 in quotes are not", () => {
    const yes = ["yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "m/d/yy h:mm", "[$-804]yyyy/m/d", "[h]:mm:ss", "d-mmm"];
    const no = ["General", "0", "#,##0.00", '0"户"', '0"年"', "0.00E+00", "[Red]#,##0", "_(* #,##0_)", "@"];
    expect(yes.map(isDateFormat)).toEqual(yes.map(() => true));
    expect(no.map(isDateFormat)).toEqual(no.map(() => false));
  });
});

describe("words", () => {
  it("yes/no, total rows, ids", () => {
    expect([readYesNo("是"), readYesNo("ＹＥＳ"), readYesNo("否"), readYesNo("×"), readYesNo("也许")]).toEqual([
      true,
      true,
      false,
      false,
      undefined,
    ]);
    expect([totalWord("合 计"), totalWord("东关街道小计"), totalWord("其中：2024年"), totalWord("Grand Total"), totalWord("PG-1")]).toEqual(
      ["合计", "小计", "其中", "total", undefined],
    );
    expect(idKey(" ＰＧ-2024-01 ")).toBe(idKey("pg-2024-01"));
  });
});

describe("total rows", () => {
  const rows = (total: Cell[]): Cell[][] => [HEAD, ["P1", "甲", 2024, 100, 1000], ["P2", "乙", 2024, 61, 500.5], total];

  it("a 合计 row is not a project; matching totals give no warning (100 + 61 = 161 户, 1000 + 500.5 = 1500.5 ㎡)", () => {
    const input = readPlanningWorkbook(grid(rows(["合计", null, null, 161, 1500.5])));
    expect(input.projects.map((p) => p.id)).toEqual(["P1", "P2"]);
    expect(input.problems.filter((p) => p.severity !== "notice")).toEqual([]);
    expect(input.problems.map((p) => p.code)).toEqual(["wbTotalRow"]);
  });

  it("a project whose name merely contains a total word is a project (东汇总部片区), a label ending in one is a total", () => {
    const input = readPlanningWorkbook(
      grid([HEAD, ["P1", "东汇总部片区改造项目", 2024, 100, 1000], ["P2", "乙", 2024, 61, 500.5], [null, "2024年小计", null, 161, 1500.5]]),
    );
    expect(input.projects.map((p) => p.id)).toEqual(["P1", "P2"]);
    expect(totalWord("东汇总部片区改造项目")).toBeUndefined();
    expect(totalWord("2024年小计")).toBe("小计");
    expect(totalWord("其中：棚户区")).toBe("其中");
  });

  it("a wrong total is a warning at its cell with both numbers: 户数合计 171 ≠ 各项目之和 161", () => {
    const input = readPlanningWorkbook(grid(rows([null, "合计", null, 171, 1500.5])));
    const warn = input.problems.filter((p) => p.severity === "warning");
    expect(warn).toHaveLength(1);
    expect(warn[0]).toMatchObject({ code: "wbTotalMismatch", address: "D4" });
    expect(warn[0].zh).toBe("户数合计 171 ≠ 各项目之和 161（D4，第 2–3 行）");
  });

  it("a total typed at a lower precision matches at that precision: 1500.5 ㎡ → 1501 typed is fine, 1502 is not", () => {
    expect(codes(grid(rows(["合计", null, null, 161, 1501])))).toEqual([]);
    expect(codes(grid(rows(["合计", null, null, 161, 1502])))).toEqual(["warning wbTotalMismatch 项目库!E4"]);
  });

  it("小计 rows total their group, 其中 rows are not checked, 合计 totals all projects (not the 小计 rows)", () => {
    const g = grid([
      HEAD,
      ["P1", "甲", 2024, 100, 1000],
      ["P2", "乙", 2024, 50, 500],
      ["东关小计", null, null, 150, 1500],
      ["其中：危旧房", null, null, 999, null],
      ["P3", "丙", 2025, 10, 100],
      ["西城小计", null, null, 11, null], // 10 ≠ 11
      ["合计", null, null, 160, 1600], // 100 + 50 + 10 = 160; 1000 + 500 + 100 = 1600
    ]);
    const input = readPlanningWorkbook(g);
    expect(input.projects.map((p) => p.id)).toEqual(["P1", "P2", "P3"]);
    expect(codes(g)).toEqual(["warning wbTotalMismatch 项目库!D7"]);
    // the four total rows: one notice
    expect(input.problems.filter((p) => p.code === "wbTotalRow").map((p) => p.zh)).toEqual([
      "第 4、5、7、8 行是合计行（东关小计、其中：危旧房、西城小计、合计，共 4 行），不作为项目读取",
    ]);
  });

  it("a rejected row disables only the 小计 of its own group (one notice naming it); later groups are checked again", () => {
    const g = grid([
      HEAD,
      ["P1", "甲", 2024, 100, 1000],
      ["P2", "乙", 2024, "十", 500], // rejected: D3 is not a number
      ["东关小计", null, null, 150, 1500], // its group holds row 3: not checked
      ["P3", "丙", 2025, 10, 100],
      ["P4", "丁", 2025, 5, 50],
      ["西城小计", null, null, 16, 150], // 10 + 5 = 15 ≠ 16; 100 + 50 = 150 matches
      ["P5", "戊", 2026, 20, 200],
      ["南区小计", null, null, 20, 200], // 20 = 20, 200 = 200
      ["合计", null, null, 135, 1850], // totals every row above, row 3 among them: not checked
    ]);
    const input = readPlanningWorkbook(g);
    expect(input.projects.map((p) => p.id)).toEqual(["P1", "P3", "P4", "P5"]);
    expect(codes(g)).toEqual(["error wbNotNumber 项目库!D3", "warning wbTotalMismatch 项目库!D7"]);
    expect(input.problems.find((p) => p.code === "wbTotalMismatch")!.zh).toBe("户数西城小计 16 ≠ 各项目之和 15（D7，第 5–6 行）");
    const unchecked = input.problems.filter((p) => p.code === "wbTotalUnchecked");
    expect(unchecked.map((p) => [p.severity, p.address, p.zh])).toEqual([
      ["notice", "A4", "东关小计（第 4 行）未核对：它所合计的第 3 行有错误，无法核对其和"],
      ["notice", "A10", "合计（第 10 行）未核对：它所合计的第 3 行有错误，无法核对其和"],
    ]);
    expect(unchecked[0].en).toBe("东关小计 (row 4) is not checked: row(s) 3 it totals hold errors, so its sum cannot be checked");
  });

  it("a 小计 whose group is only rejected rows is not checked either; the next group is", () => {
    const g = grid([
      HEAD,
      ["P1", "甲", 2024, "十", 1000], // rejected
      ["P2", "乙", 2024, 5, "x"], // rejected
      [null, "2024年小计", null, 15, 1500],
      ["P3", "丙", 2025, 10, 100],
      [null, "2025年小计", null, 10, 101], // 100 ≠ 101
    ]);
    expect(codes(g)).toEqual(["error wbNotNumber 项目库!D2", "error wbNotNumber 项目库!E3", "warning wbTotalMismatch 项目库!E6"]);
    const unchecked = readPlanningWorkbook(g).problems.filter((p) => p.code === "wbTotalUnchecked");
    expect(unchecked.map((p) => [p.address, p.zh])).toEqual([
      ["B4", "2024年小计（第 4 行）未核对：它所合计的第 2、3 行有错误，无法核对其和"],
    ]);
  });

  it("an Excel table's totals row is not a project and is checked", () => {
    const g: WorkbookGrid = {
      sheets: [
        {
          name: "项目库",
          values: [HEAD, ["P1", "甲", 2024, 100, 1000], ["P2", "乙", 2024, 61, 500], [null, null, null, 160, 1500]],
          tables: [{ name: "ShantyProjects", range: { row: 0, col: 0, rows: 4, cols: 5 }, totalsRow: true }],
        },
      ],
      names: [],
    };
    const input = readPlanningWorkbook(g);
    expect(input.projects).toHaveLength(2);
    expect(input.problems.find((p) => p.code === "wbTotalMismatch")!.zh).toBe("户数汇总行 160 ≠ 各项目之和 161（D4，第 2–3 行）");
  });

  it("totals in 万㎡ are compared in 万㎡: 1.2 + 0.34 = 1.54", () => {
    const g = grid([
      ["项目编号", "项目名称", "计划年度", "户数", "建筑面积（万㎡）"],
      ["P1", "甲", 2024, 1, 1.2],
      ["P2", "乙", 2024, 1, 0.34],
      ["合计", null, null, 2, 1.55],
    ]);
    expect(readPlanningWorkbook(g).problems.find((p) => p.code === "wbTotalMismatch")!.zh).toBe(
      "建筑面积合计 1.55 ≠ 各项目之和 1.54 万㎡（E4，第 2–3 行）",
    );
  });
});

describe("no cascades", () => {
  const flows: Cell[][] = [
    ["项目编号", "年度", "收入", "支出"],
    ["P1", 2024, 0, 100],
    ["P1", 2025, 200, 0],
    ["P2", 2024, 0, 50],
    ["P2", 2025, 80, 0],
  ];

  it("a rejected project row does not make its cash flows orphans: one message", () => {
    const g = grid([HEAD, ["P1", "甲", 2024, "十", 100], ["P2", "乙", 2024, 5, 100]], flows);
    expect(codes(g)).toEqual(["error wbNotNumber 项目库!D2"]);
  });

  it("orphan flows are reported once per id, with the row count and first cell", () => {
    const g = grid([HEAD, ["P1", "甲", 2024, 5, 100]], flows);
    const { problems } = readPlanningWorkbook(g);
    const orphan = problems.filter((p) => p.code === "wbFlowOrphan");
    expect(orphan).toHaveLength(1);
    expect(orphan[0]).toMatchObject({ sheet: "现金流", address: "A4" });
    expect(orphan[0].zh).toBe("现金流中的项目编号“P2”不在项目表中（2 行，首行 A4）");
  });

  it("a bad cash-flow cell does not block the annual plan (which needs only 项目库), but blocks the balance report", () => {
    const bad = flows.map((r, i) => (i === 2 ? ["P1", 2025, "两百", 0] : r));
    const g = grid([HEAD, ["P1", "甲", 2024, 5, 100], ["P2", "乙", 2024, 5, 100]], bad);
    const plan = generateOutputs(g, ["plan"]);
    expect(plan.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(plan.sheets.map((s) => s.role)).toEqual(["plan"]);
    expect(codes(g, ["balance"])).toEqual(["error wbNotNumber 现金流!C3"]);
  });

  it("ids compare by one normalisation: flows typed 'p1' / 'Ｐ１' belong to P1 and take its spelling", () => {
    const g = grid(
      [HEAD, ["P1", "甲", 2024, 5, 100]],
      [
        ["项目编号", "年度", "收入", "支出"],
        ["p1", 2024, 0, 10],
        ["Ｐ１ ", 2025, 20, 0],
      ],
    );
    const input = readPlanningWorkbook(g);
    expect(input.problems.filter((p) => p.severity !== "notice")).toEqual([]);
    expect([...input.flows].map((f) => f.projectId)).toEqual(["P1", "P1"]);
  });

  it("ids differing only in case or width clash, reported with both cells", () => {
    const g = grid([HEAD, ["P1", "甲", 2024, 5, 100], ["ｐ１", "乙", 2024, 5, 100]]);
    const { problems } = readPlanningWorkbook(g);
    const clash = problems.filter((p) => p.severity === "error");
    expect(clash).toHaveLength(1);
    expect(clash[0]).toMatchObject({ code: "wbIdClash", address: "A3" });
    expect(clash[0].zh).toContain("（A3）与 A2 的“P1”相同");
  });
});

describe("optional review columns (核准状态 / 核准意见)", () => {
  it("are read into the project rows; statuses in other words map to 申报/核准/退回; an unknown one is an error at its cell", () => {
    const g = grid([
      [...HEAD, "核准状态", "核准意见"],
      ["P1", "甲", 2024, 5, 100, "核准", "同意"],
      ["P2", "乙", 2024, 5, 100, "已退回", "补充鉴定报告"],
      ["P3", "丙", 2024, 5, 100, null, null],
    ]);
    const input = readPlanningWorkbook(g);
    expect(input.projects.map((p) => [p.approvalStatus, p.approvalComment])).toEqual([
      ["核准", "同意"],
      ["退回", "补充鉴定报告"],
      [undefined, undefined],
    ]);
    expect(
      codes(
        grid([
          [...HEAD, "核准状态"],
          ["P1", "甲", 2024, 5, 100, "待定"],
        ]),
      ),
    ).toEqual(["error wbNotChoice 项目库!F2"]);
  });
});

describe("parameters", () => {
  it('named cells typed as text are read by the same rules: p_eduRate "10%" = 0.1, p_baseRate "１５０" = 150; out of the policy range is an error at the cell', () => {
    const names = [
      { name: "p_eduRate", sheet: "参数", row: 1, col: 1, value: "10%" },
      { name: "p_baseRate", sheet: "参数", row: 2, col: 1, value: "１５０" },
    ];
    const input = readPlanningWorkbook({ ...grid([HEAD, ["P1", "甲", 2024, 5, 100]]), names });
    expect(input.params).toMatchObject({ p_eduRate: 0.1, p_baseRate: 150 });
    const bad = readPlanningWorkbook({
      ...grid([HEAD, ["P1", "甲", 2024, 5, 100]]),
      names: [{ name: "p_eduRate", sheet: "参数", row: 1, col: 1, value: "120%" }],
    });
    expect(bad.problems.filter((p) => p.severity === "error").map((p) => `${p.code} ${p.sheet}!${p.address}`)).toEqual([
      "wbParamOutOfRange 参数!B2",
    ]);
  });
});

describe("a clerk's habits around the list", () => {
  it('a "单位：万元、万㎡" note above the header gives the unit of columns that name none (1.5 万㎡ = 15000 ㎡, 2 万元 = 2); a header\'s own unit wins', () => {
    const g = grid([
      ["示例区棚改项目表", null, null, null, null, null, "单位：万元、万㎡"],
      ["项目编号", "项目名称", "计划年度", "户数", "建筑面积", "总投资", "安置面积（㎡）"],
      ["P1", "甲", 2024, 5, 1.5, 2, 900],
    ]);
    const input = readPlanningWorkbook(g);
    expect(input.projects[0]).toMatchObject({ buildingArea: 15000, investment: 2, resettleArea: 900 });
    const note = input.problems.find((p) => p.code === "wbUnitNote")!;
    expect(note).toMatchObject({ severity: "notice", address: "G1" });
    expect(note.zh).toBe("表头上方的“单位：万元、万㎡”用于未注明单位的列 “建筑面积”“总投资”");
  });

  it("a 合计 written in the first (序号) column, id and name blank, is a total row, checked; note rows under the list are skipped", () => {
    const g = grid([
      ["序号", "项目编号", "项目名称", "计划年度", "户数", "建筑面积"],
      [1, "P1", "甲", 2024, 100, 1000],
      [2, "P2", "乙", 2024, 61, 500],
      ["合计", null, null, null, 160, 1500], // 100 + 61 = 161 ≠ 160
      ["注：面积为建筑面积。", null, null, null, null, null],
      ["填表人：张三", "审核人：李四", null, null, null, null],
    ]);
    const input = readPlanningWorkbook(g);
    expect(input.projects.map((p) => p.id)).toEqual(["P1", "P2"]);
    expect(codes(g)).toEqual(["warning wbTotalMismatch 项目库!E4"]);
  });
});
