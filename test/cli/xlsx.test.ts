import * as ExcelJS from "exceljs";
import { readGrid } from "../../src/cli/grid";
import { CHARTS_NOTE, writeSheets } from "../../src/cli/sheets";
import { ownershipName, SheetModel, WorkbookGrid } from "../../src/workbook/model";

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const fresh = new ExcelJS.Workbook();
  await fresh.xlsx.load((await wb.xlsx.writeBuffer()) as ExcelJS.Buffer);
  return fresh;
}

function sheetOf(grid: WorkbookGrid, name: string) {
  const s = grid.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`no sheet ${name} in ${grid.sheets.map((x) => x.name).join(",")}`);
  return s;
}

/** An annual plan sheet as generation would produce it: title, table with a 合计 row, formats, a chart. */
function planModel(households: [number, number]): SheetModel {
  const total = households[0] + households[1];
  return {
    role: "plan",
    name: "年度计划",
    rows: [
      ["棚户区改造年度计划", null, null],
      [null, null, null],
      ["年度", "户数", "改造面积(万㎡)"],
      [2024, households[0], 38.57],
      [2025, households[1], 48.89],
      ["合计", total, 87.46],
    ],
    columnWidths: [14, 10, 16],
    numberFormats: [
      { range: { row: 3, col: 1, rows: 3, cols: 1 }, format: "#,##0" },
      { range: { row: 3, col: 2, rows: 3, cols: 1 }, format: '0.00"万㎡"' },
    ],
    tables: [{ name: "SHANTY_PLAN", range: { row: 2, col: 0, rows: 4, cols: 3 }, style: "TableStyleMedium2" }],
    highlights: [{ range: { row: 5, col: 0, rows: 1, cols: 3 }, fill: "#FFF2CC", fontColor: "#9C5700", bold: true }],
    freeze: { rows: 3, cols: 1 },
    formulas: [{ row: 5, col: 1, formula: "SUM(B4:B5)" }],
    charts: [{ title: "年度改造面积", source: { row: 2, col: 0, rows: 3, cols: 3 }, type: "ColumnClustered", anchor: { row: 0, col: 5 } }],
  };
}

const paramsModel: SheetModel = {
  role: "params",
  name: "参数",
  rows: [
    ["参数", "值"],
    ["基础设施配套费基准费率（元/㎡）", 150],
    ["平衡目标", "项目自平衡"],
  ],
  namedCells: [
    { name: "SHANTY_BASE_RATE", row: 1, col: 1 },
    { name: "SHANTY_TARGET", row: 2, col: 1 },
  ],
};

describe("writeSheets → .xlsx → readGrid round trip", () => {
  let wb: ExcelJS.Workbook;
  let notes: readonly string[];
  let grid: WorkbookGrid;

  beforeAll(async () => {
    const out = new ExcelJS.Workbook();
    ({ notes } = writeSheets(out, [planModel([3926, 4332]), paramsModel]));
    wb = await roundTrip(out);
    grid = readGrid(wb);
  });

  it("values come back at the same cells, the formula as its cached result", () => {
    const s = sheetOf(grid, "年度计划");
    expect(s.origin).toEqual({ row: 0, col: 0 });
    expect(s.values[2]).toEqual(["年度", "户数", "改造面积(万㎡)"]);
    expect(s.values[3]).toEqual([2024, 3926, 38.57]);
    expect(s.values[5]).toEqual(["合计", 8258, 87.46]); // 3926 + 4332
    expect(wb.getWorksheet("年度计划")!.getCell("B6").formula).toBe("SUM(B4:B5)");
  });

  it("number formats, column widths, freeze panes and highlights are kept", () => {
    const ws = wb.getWorksheet("年度计划")!;
    expect(ws.getCell("B4").numFmt).toBe("#,##0");
    expect(ws.getCell("C6").numFmt).toBe('0.00"万㎡"');
    expect(ws.getColumn(3).width).toBe(16);
    expect(ws.views[0]).toMatchObject({ state: "frozen", xSplit: 1, ySplit: 3 });
    expect(ws.getCell("A6").fill).toMatchObject({ type: "pattern", pattern: "solid", fgColor: { argb: "FFFFF2CC" } });
    expect(ws.getCell("A6").font).toMatchObject({ bold: true, color: { argb: "FF9C5700" } });
  });

  it("the Excel table comes back with its range and style", () => {
    expect(sheetOf(grid, "年度计划").tables).toEqual([{ name: "SHANTY_PLAN", range: { row: 2, col: 0, rows: 4, cols: 3 } }]);
    const t = Object.values((wb.getWorksheet("年度计划") as unknown as { tables: Record<string, { table: { style: { theme: string } } }> }).tables)[0];
    expect(t.table.style.theme).toBe("TableStyleMedium2");
  });

  it("named cells and ownership names come back as single-cell names with their values", () => {
    const byName = new Map(grid.names.map((n) => [n.name, n]));
    expect(byName.get("SHANTY_BASE_RATE")).toEqual({ name: "SHANTY_BASE_RATE", sheet: "参数", row: 1, col: 1, value: 150 });
    expect(byName.get("SHANTY_TARGET")?.value).toBe("项目自平衡");
    expect(byName.get(ownershipName("plan"))).toMatchObject({ sheet: "年度计划", row: 0, col: 0 });
    expect(byName.get(ownershipName("params"))).toMatchObject({ sheet: "参数", row: 0, col: 0 });
  });

  it("charts are skipped with a note", () => {
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(CHARTS_NOTE);
    expect(notes[0]).toContain("年度改造面积");
  });

  it("formulas make Excel recalculate on open", async () => {
    const out = new ExcelJS.Workbook();
    writeSheets(out, [planModel([1, 2])]);
    expect(out.calcProperties.fullCalcOnLoad).toBe(true);
  });
});

describe("ownership: user sheets survive, the add-in's own sheet is replaced", () => {
  it("a user's sheet named like an output survives; the output gets a free name and the ownership mark", async () => {
    const wb = new ExcelJS.Workbook();
    const user = wb.addWorksheet("年度计划");
    user.getCell("A1").value = "我自己的表";
    user.getCell("B2").value = 42;
    const res = writeSheets(wb, [planModel([10, 20])]);
    expect(res.sheets).toEqual([{ role: "plan", name: "年度计划 (2)" }]);
    const back = await roundTrip(wb);
    const grid = readGrid(back);
    expect(sheetOf(grid, "年度计划").values).toEqual([
      ["我自己的表", null],
      [null, 42],
    ]);
    expect(sheetOf(grid, "年度计划 (2)").values[3]).toEqual([2024, 10, 38.57]);
    expect(grid.names.find((n) => n.name === ownershipName("plan"))?.sheet).toBe("年度计划 (2)");
  });

  it("regeneration replaces the owned sheet in place and leaves the user's sheet and others alone", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("年度计划").getCell("A1").value = "我自己的表";
    writeSheets(wb, [planModel([10, 20])]);
    wb.addWorksheet("备注").getCell("A1").value = "note";
    const first = await roundTrip(wb);

    const res = writeSheets(first, [planModel([100, 200])]);
    expect(res.sheets).toEqual([{ role: "plan", name: "年度计划 (2)", replaced: "年度计划 (2)" }]);
    const back = await roundTrip(first);
    expect(back.worksheets.map((w) => w.name)).toEqual(["年度计划", "年度计划 (2)", "备注"]);
    const grid = readGrid(back);
    expect(sheetOf(grid, "年度计划").values).toEqual([["我自己的表"]]);
    expect(sheetOf(grid, "年度计划 (2)").values[5]).toEqual(["合计", 300, 87.46]); // 100 + 200
    expect(sheetOf(grid, "备注").values).toEqual([["note"]]);
    // the table name is free again once the old sheet is gone: no "_2" suffix, and only one table
    expect(grid.sheets.flatMap((s) => s.tables ?? []).map((t) => t.name)).toEqual(["SHANTY_PLAN"]);
    expect(grid.names.filter((n) => n.name === ownershipName("plan"))).toHaveLength(1);
  });

  it("table headers are made unique and non-empty, and the header cells say the same as the table's columns", async () => {
    const wb = new ExcelJS.Workbook();
    writeSheets(wb, [
      {
        role: "balance",
        name: "资金平衡报告",
        rows: [
          ["年度", "户数", null, "户数"],
          [2024, 1, 2, 3],
        ],
        tables: [{ name: "T_dup", range: { row: 0, col: 0, rows: 2, cols: 4 }, style: "TableStyleLight9" }],
      },
    ]);
    const back = await roundTrip(wb);
    const ws = back.getWorksheet("资金平衡报告")!;
    const t = (ws as unknown as { tables: Record<string, { table: { columns: { name: string }[] } }> }).tables.T_dup;
    expect(t.table.columns.map((c) => c.name)).toEqual(["年度", "户数", "列3", "户数2"]);
    expect([1, 2, 3, 4].map((c) => ws.getCell(1, c).value)).toEqual(["年度", "户数", "列3", "户数2"]);
  });

  it("a named cell never overwrites the user's name of the same name; invalid names are skipped; both are reported", () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("我的参数").getCell("C3").value = 99;
    wb.definedNames.add("'我的参数'!$C$3", "shanty_base_rate"); // same name, other case
    const res = writeSheets(wb, [{ ...paramsModel, namedCells: [...paramsModel.namedCells!, { name: "A1", row: 1, col: 1 }] }]);
    expect(res.skippedNames).toEqual(["SHANTY_BASE_RATE", "A1"]);
    expect(res.notes.join("\n")).toContain("SHANTY_BASE_RATE");
    const names = readGrid(wb).names;
    expect(names.find((n) => n.name.toLowerCase() === "shanty_base_rate")).toMatchObject({ sheet: "我的参数", value: 99 });
    expect(names.find((n) => n.name === "SHANTY_TARGET")).toMatchObject({ sheet: "参数", value: "项目自平衡" });
  });

  it("named cells of a replaced output sheet are re-made on the new sheet", async () => {
    const wb = new ExcelJS.Workbook();
    writeSheets(wb, [paramsModel]);
    const again = await roundTrip(wb);
    const res = writeSheets(again, [paramsModel]);
    expect(res.skippedNames).toEqual([]);
    expect(readGrid(again).names.find((n) => n.name === "SHANTY_BASE_RATE")).toMatchObject({ sheet: "参数", value: 150 });
  });

  it("the template (replaceOwned: false) is never written over existing template sheets", () => {
    const wb = new ExcelJS.Workbook();
    writeSheets(wb, [paramsModel], { replaceOwned: false });
    wb.getWorksheet("参数")!.getCell("B2").value = 200; // the user's own value
    expect(() => writeSheets(wb, [paramsModel], { replaceOwned: false })).toThrow(/已有模板工作表：参数/);
    expect(wb.getWorksheet("参数")!.getCell("B2").value).toBe(200);
    expect(wb.worksheets).toHaveLength(1);
  });

  it("a table name already used by the user's workbook gets a suffix instead of clashing", () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("数据").addTable({ name: "SHANTY_PLAN", ref: "A1", columns: [{ name: "x" }], rows: [[1]] });
    writeSheets(wb, [planModel([1, 2])]);
    const grid = readGrid(wb);
    expect(sheetOf(grid, "年度计划").tables?.[0].name).toBe("SHANTY_PLAN_2");
  });
});

describe("readGrid of a workbook as a user keeps it", () => {
  it("used range with origin, dates as serials, rich text as text, formula results, errors, merged cells, tables", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("项目库");
    ws.getCell("C3").value = "编号";
    ws.getCell("D3").value = { richText: [{ text: "安置" }, { font: { bold: true }, text: "面积" }] };
    ws.getCell("C4").value = new Date(Date.UTC(2024, 0, 1));
    ws.getCell("C4").numFmt = "yyyy-mm-dd";
    ws.getCell("D4").value = { formula: "1+1", result: 2 };
    ws.getCell("E4").value = { error: "#N/A" };
    ws.getCell("C5").value = { formula: "1-1", result: 0 };
    ws.getCell("D5").value = { formula: "1>2", result: false };
    ws.getCell("E3").value = "合并";
    ws.mergeCells("E3:F3");
    ws.getCell("G3").value = "后";
    ws.addTable({ name: "项目表", ref: "C7", columns: [{ name: "a" }, { name: "b" }], rows: [[1, 2]] });
    wb.definedNames.add("'项目库'!$D$4", "两");
    const grid = readGrid(await roundTrip(wb));
    const s = sheetOf(grid, "项目库");
    expect(s.origin).toEqual({ row: 2, col: 2 });
    expect(s.values[0]).toEqual(["编号", "安置面积", "合并", null, "后"]); // F3 is merged into E3: blank
    expect(s.values[1]).toEqual([45292, 2, "#N/A", null, null]); // 2024-01-01 is serial 45292
    expect(s.values[2]).toEqual([0, false, null, null, null]); // cached results 0 and FALSE are values, not blanks
    expect(s.tables).toEqual([{ name: "项目表", range: { row: 6, col: 2, rows: 2, cols: 2 } }]);
    expect(grid.names).toEqual([{ name: "两", sheet: "项目库", row: 3, col: 3, value: 2 }]);
  });

  it("an empty sheet has no values", () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("空");
    expect(readGrid(wb).sheets).toEqual([{ name: "空", values: [], origin: { row: 0, col: 0 }, tables: [] }]);
  });
});
