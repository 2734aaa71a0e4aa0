import type { ChartWriter } from "../../src/excel/charts";
import { ExcelLayerError } from "../../src/excel/errors";
import { selectCell } from "../../src/excel/select";
import { insertTemplate, toExcelValue, widthToPoints, writeOutputs } from "../../src/excel/write";
import { ownershipName, SheetModel } from "../../src/workbook/model";
import type { FakeExcel } from "./fakeExcel";
import { contextOf, mockExcel } from "./mockExcel";

const noCharts: ChartWriter = { addChart: () => undefined };

/** An annual-plan-like output: title row, a table of `n` years, a total row, formats, a chart. */
function planModel(n: number, label = "v1"): SheetModel {
  const rows: (string | number | null)[][] = [
    [`年度计划 ${label}`, null, null],
    ["年度", "户数", "面积"],
  ];
  for (let i = 0; i < n; i++) rows.push([String(2024 + i), 100 + i, 1.5]);
  rows.push(["合计", n, 1.5 * n]);
  return {
    role: "plan",
    name: "年度计划",
    rows,
    columnWidths: [10, 14],
    numberFormats: [{ range: { row: 2, col: 1, rows: n + 1, cols: 1 }, format: "#,##0" }],
    tables: [{ name: "ShantyPlanByYear", range: { row: 1, col: 0, rows: n + 2, cols: 3 }, style: "TableStyleMedium2" }],
    highlights: [{ range: { row: n + 2, col: 0, rows: 1, cols: 3 }, fill: "#F2F2F2", bold: true, fontColor: "#000000" }],
    charts: [
      {
        title: "户数",
        type: "ColumnClustered",
        categories: { row: 2, col: 0, rows: n, cols: 1 },
        series: [
          { name: "户数", nameCell: { row: 1, col: 1 }, values: { row: 2, col: 1, rows: n, cols: 1 } },
          { name: "面积", nameCell: { row: 1, col: 2 }, values: { row: 2, col: 2, rows: n, cols: 1 }, secondaryAxis: true },
        ],
        categoryAxisTitle: "年度",
        valueAxisTitle: "户数（户）",
        secondaryAxisTitle: "面积（万㎡）",
        anchor: { row: 0, col: 5, rows: 12, cols: 6 },
      },
    ],
    freeze: { rows: 2, cols: 1 },
    formulas: [{ row: 0, col: 2, formula: "SUM(B3:B4)" }],
  };
}

function balanceModel(label = "v1"): SheetModel {
  return {
    role: "balance",
    name: "资金平衡报告",
    rows: [[`资金平衡 ${label}`], ["项目自平衡", 3]],
    namedCells: [{ name: "平衡项目数", row: 1, col: 1 }],
  };
}

const userSheet = (name: string) => ({ name, values: [["我的数据", 42]] });

function ownerSheet(fake: FakeExcel, role: Parameters<typeof ownershipName>[0]): string | undefined {
  const mark = fake.names.find((n) => n.name === ownershipName(role));
  return mark && fake.sheets.find((s) => s.id === mark.sheetId)?.name;
}

describe("writeOutputs", () => {
  test("writes values, formulas, formats, widths, highlights, tables, panes and the ownership mark", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    const report = await writeOutputs(contextOf(fake), [planModel(2)], undefined, { charts: noCharts });
    expect(report.sheets).toEqual([{ role: "plan", name: "年度计划" }]);
    const sheet = fake.sheet("年度计划")!;
    expect(fake.valuesOf("年度计划").slice(1)).toEqual([
      ["年度", "户数", "面积"],
      ["2024", 100, 1.5],
      ["2025", 101, 1.5],
      ["合计", 2, 3],
    ]);
    // the year labels stay text (categories for the chart), not numbers
    expect(typeof sheet.cells.get("2,0")!.value).toBe("string");
    expect(sheet.cells.get("0,2")!.formula).toBe("=SUM(B3:B4)");
    expect(sheet.cells.get("2,1")!.numberFormat).toBe("#,##0");
    expect(sheet.cells.get("4,1")!.numberFormat).toBe("#,##0");
    expect(sheet.cells.get("1,1")!.numberFormat).toBeUndefined();
    expect(sheet.columnWidths.get(0)).toBe(widthToPoints(10));
    expect(sheet.cells.get("4,2")).toMatchObject({ fill: "#F2F2F2", bold: true, fontColor: "#000000" });
    expect(sheet.tables).toEqual([
      expect.objectContaining({ name: "ShantyPlanByYear", row: 1, col: 0, rows: 4, cols: 3, style: "TableStyleMedium2" }),
    ]);
    expect(sheet.freeze).toEqual({ rows: 2, cols: 1 });
    expect(fake.nameFormula(fake.names.find((n) => n.name === "SHANTY_OUTPUT_PLAN")!)).toBe("=年度计划!$A$1");
    expect(fake.stats.valuesWrites).toEqual({ 年度计划: 1 });
    expect(fake.activeSheet).toBe("年度计划");
    // the user's sheet is as it was
    expect(fake.valuesOf("Sheet1")).toEqual([["我的数据", 42]]);
  });

  test("named cells become workbook names pointing at their cell", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    await writeOutputs(contextOf(fake), [balanceModel()], undefined, { charts: noCharts });
    expect(fake.nameFormula(fake.names.find((n) => n.name === "平衡项目数")!)).toBe("=资金平衡报告!$B$2");
  });

  test("uses the same number of round trips (3) for 10 rows and for 10,000 rows", async () => {
    const counts: number[] = [];
    for (const n of [10, 10_000]) {
      const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
      const context = contextOf(fake);
      const sync = jest.spyOn(context, "sync");
      await writeOutputs(context, [planModel(n), balanceModel()], undefined, { charts: noCharts });
      expect(fake.valuesOf("年度计划").length).toBe(n + 3);
      // one range.values assignment per sheet, whatever the size
      expect(fake.stats.valuesWrites).toEqual({ 年度计划: 1, 资金平衡报告: 1 });
      counts.push(sync.mock.calls.length);
    }
    expect(counts).toEqual([3, 3]);
  });

  test("regeneration (again 3 round trips) replaces the add-in's own sheet, keeping its name, tables and names", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    await writeOutputs(contextOf(fake), [planModel(2, "v1"), balanceModel("v1")], undefined, { charts: noCharts });
    const context = contextOf(fake);
    const sync = jest.spyOn(context, "sync");
    const report = await writeOutputs(context, [planModel(3, "v2"), balanceModel("v2")], undefined, { charts: noCharts });
    expect(sync).toHaveBeenCalledTimes(3);
    expect(report.sheets).toEqual([
      { role: "plan", name: "年度计划", replaced: "年度计划" },
      { role: "balance", name: "资金平衡报告", replaced: "资金平衡报告" },
    ]);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Sheet1", "年度计划", "资金平衡报告"]);
    expect(fake.valuesOf("年度计划")[0][0]).toBe("年度计划 v2");
    expect(fake.sheet("年度计划")!.tables.map((t) => t.name)).toEqual(["ShantyPlanByYear"]);
    expect(ownerSheet(fake, "plan")).toBe("年度计划");
    expect(fake.names.map((n) => n.name).sort()).toEqual(["SHANTY_OUTPUT_BALANCE", "SHANTY_OUTPUT_PLAN", "平衡项目数"].sort());
    expect(fake.nameFormula(fake.names.find((n) => n.name === "平衡项目数")!)).toBe("=资金平衡报告!$B$2");
  });

  test("a user's sheet named like an output sheet survives; the output goes to “年度计划 (2)”, also on regeneration", async () => {
    const fake = mockExcel({ sheets: [userSheet("年度计划")] });
    const first = await writeOutputs(contextOf(fake), [planModel(2, "v1")], undefined, { charts: noCharts });
    expect(first.sheets[0].name).toBe("年度计划 (2)");
    expect(fake.valuesOf("年度计划")).toEqual([["我的数据", 42]]);
    expect(ownerSheet(fake, "plan")).toBe("年度计划 (2)");

    await writeOutputs(contextOf(fake), [planModel(2, "v2")], undefined, { charts: noCharts });
    expect(fake.sheets.map((s) => s.name)).toEqual(["年度计划", "年度计划 (2)"]);
    expect(fake.valuesOf("年度计划")).toEqual([["我的数据", 42]]);
    expect(fake.valuesOf("年度计划 (2)")[0][0]).toBe("年度计划 v2");
  });

  test("a sheet is replaced only when the ownership name points at it, not because of its name", async () => {
    // The mark points at "计划旧", so "年度计划" (same name as the output) is the user's and must survive.
    const fake = mockExcel({
      sheets: [userSheet("年度计划"), userSheet("计划旧")],
      names: [{ name: "SHANTY_OUTPUT_PLAN", sheet: "计划旧", row: 0, col: 0 }],
    });
    await writeOutputs(contextOf(fake), [planModel(1)], undefined, { charts: noCharts });
    expect(fake.sheets.map((s) => s.name)).toEqual(["年度计划", "年度计划 (2)"]);
    expect(fake.valuesOf("年度计划")).toEqual([["我的数据", 42]]);
  });

  test("a table name held by a user's table is not taken over: the output table gets a free name", async () => {
    const fake = mockExcel({
      sheets: [{ name: "Mine", values: [["h"], [1]], tables: [{ name: "ShantyPlanByYear", row: 0, col: 0, rows: 2, cols: 1 }] }],
    });
    await writeOutputs(contextOf(fake), [planModel(1)], undefined, { charts: noCharts });
    expect(fake.sheet("Mine")!.tables[0].name).toBe("ShantyPlanByYear");
    expect(fake.sheet("年度计划")!.tables[0].name).toBe("ShantyPlanByYear_2");
  });

  test("an injected failure on the second sheet's write leaves the workbook exactly as it was", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1"), userSheet("年度计划")] });
    await writeOutputs(contextOf(fake), [planModel(2, "v1"), balanceModel("v1")], undefined, { charts: noCharts });
    const before = fake.snapshot();

    fake.failWhen((op) => op.kind === "range.values" && op.sheet !== undefined && op.sheet.startsWith("SHANTY_TMP_资金平衡报告"));
    const progress: string[] = [];
    const run = writeOutputs(contextOf(fake), [planModel(5, "v2"), balanceModel("v2")], (p) => progress.push(p.phase), {
      charts: noCharts,
    });
    await expect(run).rejects.toBeInstanceOf(ExcelLayerError);
    await run.catch((e: ExcelLayerError) => {
      expect(e.code).toBe("writeFailed");
      expect(e.zh).toMatch(/已撤销本次创建的工作表/);
      expect(e.en).toMatch(/injected failure/);
    });
    expect(progress).toContain("rollback");
    expect(fake.snapshot()).toEqual(before);
  });

  test("a failure while adding the second new sheet on a first run removes the first one", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    const before = fake.snapshot();
    fake.failWhen((op) => op.kind === "worksheets.add" && op.nth === 2);
    await expect(writeOutputs(contextOf(fake), [planModel(2), balanceModel()], undefined, { charts: noCharts })).rejects.toMatchObject({
      code: "writeFailed",
    });
    expect(fake.snapshot()).toEqual(before);
  });

  test("charts go through the chart writer with the sheet being written and the model's spec", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    const charts: ChartWriter = { addChart: jest.fn() };
    const model = planModel(2);
    await writeOutputs(contextOf(fake), [model], undefined, { charts });
    expect(charts.addChart).toHaveBeenCalledTimes(1);
    expect(jest.mocked(charts.addChart).mock.calls[0][1]).toBe(model.charts![0]);
  });

  test("the Office chart writer builds the chart series by series from the table's cells, both value axes titled", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    await writeOutputs(contextOf(fake), [planModel(2)]);
    expect(fake.sheet("年度计划")!.charts).toEqual([
      {
        type: "ColumnClustered",
        source: { row: 2, col: 1, rows: 2, cols: 1 },
        seriesBy: "Columns",
        title: "户数",
        position: { row: 0, col: 5 },
        end: { row: 11, col: 10 },
        series: {
          0: { name: "户数", xValues: { row: 2, col: 0, rows: 2, cols: 1 } },
          1: {
            name: "面积",
            values: { row: 2, col: 2, rows: 2, cols: 1 },
            xValues: { row: 2, col: 0, rows: 2, cols: 1 },
            chartType: "Line",
            axisGroup: "Secondary",
          },
        },
        axisTitles: { "Category/Primary": "年度", "Value/Primary": "户数（户）", "Value/Secondary": "面积（万㎡）" },
      },
    ]);
  });

  test("text that Excel would parse (formulas, numbers, dates) is written as text", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    const model: SheetModel = { role: "plan", name: "P", rows: [['=HYPERLINK("http://x")', "2024", "3/4", "+1", "TRUE", "项目", 7]] };
    await writeOutputs(contextOf(fake), [model], undefined, { charts: noCharts });
    expect(fake.valuesOf("P")).toEqual([['=HYPERLINK("http://x")', "2024", "3/4", "+1", "TRUE", "项目", 7]]);
    expect(fake.sheet("P")!.cells.get("0,0")!.formula).toBeUndefined();
    expect(toExcelValue("项目")).toBe("项目");
    expect(toExcelValue(null)).toBe("");
  });

  test("reports progress: inspect, one write step per sheet, commit, done", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    const seen: string[] = [];
    await writeOutputs(contextOf(fake), [planModel(1), balanceModel()], (p) => seen.push(`${p.phase}:${p.done}/${p.total}`), {
      charts: noCharts,
    });
    expect(seen).toEqual(["inspect:0/2", "write:0/2", "write:1/2", "commit:2/2", "done:2/2"]);
  });
});

describe("insertTemplate", () => {
  test("never replaces existing template sheets: refuses without changing anything", async () => {
    const fake = mockExcel({ sheets: [userSheet("项目库")], names: [{ name: "SHANTY_OUTPUT_PROJECTS", sheet: "项目库", row: 0, col: 0 }] });
    const before = fake.snapshot();
    const context = contextOf(fake);
    const sync = jest.spyOn(context, "sync");
    const templates = jest.requireActual("../../src/workbook/generate") as typeof import("../../src/workbook/generate");
    const spy = jest.spyOn(templates, "templateSheets").mockReturnValue([{ role: "projects", name: "项目库", rows: [["项目编号"]] }]);
    try {
      await expect(insertTemplate(context, true)).rejects.toMatchObject({ code: "templateExists" });
    } finally {
      spy.mockRestore();
    }
    expect(sync).toHaveBeenCalledTimes(1);
    expect(fake.snapshot()).toEqual(before);
  });

  test("writes the template's tables and named cells; a user's defined name of the same name is kept", async () => {
    const fake = mockExcel({ sheets: [{ name: "Mine", values: [[0.1]] }], names: [{ name: "贴现率", sheet: "Mine", row: 0, col: 0 }] });
    const templates = jest.requireActual("../../src/workbook/generate") as typeof import("../../src/workbook/generate");
    const spy = jest.spyOn(templates, "templateSheets").mockReturnValue([
      {
        role: "projects",
        name: "项目库",
        rows: [
          ["项目编号", "户数"],
          ["P1", 3],
        ],
        tables: [{ name: "ShantyProjects", range: { row: 0, col: 0, rows: 2, cols: 2 }, style: "TableStyleMedium2" }],
      },
      {
        role: "params",
        name: "参数",
        rows: [
          ["贴现率", 0.05],
          ["期限", 10],
        ],
        namedCells: [
          { name: "贴现率", row: 0, col: 1 },
          { name: "期限", row: 1, col: 1 },
        ],
      },
    ]);
    try {
      const report = await insertTemplate(contextOf(fake), true, undefined, { charts: noCharts });
      expect(report.skippedNames).toEqual(["贴现率"]);
    } finally {
      spy.mockRestore();
    }
    expect(fake.sheet("项目库")!.tables[0].name).toBe("ShantyProjects");
    expect(fake.nameFormula(fake.names.find((n) => n.name === "贴现率")!)).toBe("=Mine!$A$1");
    expect(fake.nameFormula(fake.names.find((n) => n.name === "期限")!)).toBe("=参数!$B$2");
    expect(ownerSheet(fake, "projects")).toBe("项目库");
  });
});

describe("selectCell", () => {
  test("activates the sheet and selects the cell in one round trip", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1"), userSheet("项目库")] });
    const context = contextOf(fake);
    const sync = jest.spyOn(context, "sync");
    await selectCell(context, "项目库", "D7");
    expect(sync).toHaveBeenCalledTimes(1);
    expect(fake.activeSheet).toBe("项目库");
    expect(fake.selection).toEqual({ sheet: "项目库", address: "D7" });
  });

  test("a missing sheet gives a bilingual error", async () => {
    const fake = mockExcel({ sheets: [userSheet("Sheet1")] });
    await expect(selectCell(contextOf(fake), "不存在", "A1")).rejects.toMatchObject({
      code: "selectFailed",
      zh: expect.stringContaining("不存在!A1"),
    });
  });
});
