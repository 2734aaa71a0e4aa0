import { describeCause, ExcelLayerError } from "../../src/excel/errors";
import { writeParameters } from "../../src/excel/params";
import { insertTemplateSheets, templatePresence } from "../../src/excel/template";
import { contextOf, mockExcel } from "./mockExcel";

/** 参数 as the template writes it: header, then label / value / unit / name rows with named cells in column B. */
const paramsSheet = {
  name: "参数",
  values: [
    ["参数 Parameter", "值 Value", "单位 Unit", "名称"],
    ["城市基础设施配套费基础费率", 150, "元/㎡", "p_baseRate"],
    ["债券本息覆盖倍数下限", 1.2, "倍", "p_coverageThreshold"],
  ],
};
const paramNames = [
  { name: "p_baseRate", sheet: "参数", row: 1, col: 1 },
  { name: "p_coverageThreshold", sheet: "参数", row: 2, col: 1 },
];

describe("writeParameters", () => {
  test("writes existing named cells in three round trips and reports old → new", async () => {
    const fake = mockExcel({ sheets: [paramsSheet], names: paramNames });
    const report = await writeParameters(contextOf(fake), [
      { name: "p_baseRate", value: 180 },
      { name: "p_coverageThreshold", value: 1.3 },
    ]);
    expect(fake.valuesOf("参数")[1][1]).toBe(180);
    expect(fake.valuesOf("参数")[2][1]).toBe(1.3);
    expect(report.changes).toEqual([
      { name: "p_baseRate", from: 150, to: 180, created: false, cell: "参数!B2" },
      { name: "p_coverageThreshold", from: 1.2, to: 1.3, created: false, cell: "参数!B3" },
    ]);
    expect(report.syncs).toBe(3);
  });

  test("a parameter the workbook lacks gets a row below the last one on 参数, with its name and a % format for shares", async () => {
    const fake = mockExcel({ sheets: [paramsSheet], names: paramNames });
    const report = await writeParameters(contextOf(fake), [
      { name: "p_eduRate", value: 0.12 },
      { name: "p_baseRate", value: 160 },
    ]);
    expect(fake.valuesOf("参数")[3]).toEqual(["教育资金计提比例（土地出让收益）", 0.12, "", "p_eduRate"]);
    expect(fake.names.find((n) => n.name === "p_eduRate")).toMatchObject({ row: 3, col: 1 });
    expect(fake.sheet("参数")!.cells.get("3,1")?.numberFormat).toBe("0.00%");
    expect(report.changes.map((c) => [c.name, c.created, c.cell])).toEqual([
      ["p_baseRate", false, "参数!B2"],
      ["p_eduRate", true, "参数!B4"],
    ]);
    expect(report.syncs).toBe(3); // the same three round trips with a creation
  });

  test("参数 itself is created when absent, with the template's header", async () => {
    const fake = mockExcel({ sheets: [{ name: "Sheet1" }] });
    await writeParameters(contextOf(fake), [{ name: "p_ratio", value: 2 }]);
    expect(fake.valuesOf("参数")).toEqual([
      ["参数 Parameter", "值 Value", "单位 Unit", "名称 Name（公式中可引用）"],
      ["安置面积与开发面积之比上限（1∶1.5 填 1.5）", 2, "", "p_ratio"],
    ]);
    expect(fake.names.map((n) => n.name)).toEqual(["p_ratio"]);
  });

  test("a formula in the parameter cell is kept: nothing is written and the message names the cell", async () => {
    const fake = mockExcel({ sheets: [paramsSheet], names: paramNames });
    fake.sheet("参数")!.cells.set("1,1", { value: 150, formula: "=100+50" });
    const before = JSON.stringify(fake.snapshot());
    const error = await writeParameters(contextOf(fake), [
      { name: "p_coverageThreshold", value: 1.3 },
      { name: "p_baseRate", value: 180 },
    ]).catch((e) => e);
    expect(error).toBeInstanceOf(ExcelLayerError);
    expect(error.code).toBe("paramIsFormula");
    expect(error.zh).toContain("参数!B2");
    expect(error.zh).toContain("=100+50");
    expect(JSON.stringify(fake.snapshot())).toBe(before);
  });

  test("a name that is not one cell (#REF!) is not written, and says what to do", async () => {
    const fake = mockExcel({ sheets: [paramsSheet, { name: "旧表" }], names: [{ name: "p_baseRate", sheet: "旧表", row: 0, col: 0 }] });
    fake.sheets.splice(1, 1);
    fake.names[0].sheetId = undefined; // the sheet it pointed at is gone: =#REF!
    const error = await writeParameters(contextOf(fake), [{ name: "p_baseRate", value: 180 }]).catch((e) => e);
    expect(error.code).toBe("paramNotACell");
    expect(error.zh).toContain("名称管理器");
  });

  test("a failed write restores the old values and reports the Office cause in Chinese", async () => {
    const fake = mockExcel({ sheets: [paramsSheet], names: paramNames });
    fake.failWhen((op) => op.kind === "names.add", { code: "AccessDenied", message: "The sheet is protected." });
    const error = await writeParameters(contextOf(fake), [
      { name: "p_baseRate", value: 180 },
      { name: "p_eduRate", value: 0.12 },
    ]).catch((e) => e);
    expect(error.code).toBe("paramsWriteFailed");
    expect(error.zh).toContain("工作簿或工作表受保护");
    expect(fake.valuesOf("参数")[1][1]).toBe(150);
  });

  test("an unknown parameter name is refused before anything is read", async () => {
    const fake = mockExcel({ sheets: [paramsSheet], names: paramNames });
    await expect(writeParameters(contextOf(fake), [{ name: "p_nope", value: 1 }])).rejects.toMatchObject({ code: "paramsWriteFailed" });
  });
});

describe("template presence", () => {
  test("a fresh workbook lacks all four; after insertion all are present; a user's 项目库 counts as present", async () => {
    const fake = mockExcel({ sheets: [{ name: "Sheet1" }] });
    expect(await templatePresence(contextOf(fake))).toEqual({ present: [], missing: ["projects", "flows", "bonds", "params"] });
    await insertTemplateSheets(contextOf(fake), false);
    expect((await templatePresence(contextOf(fake))).missing).toEqual([]);

    const user = mockExcel({ sheets: [{ name: "项目库", values: [["我的项目"]] }] });
    expect(await templatePresence(contextOf(user))).toEqual({
      present: [{ role: "projects", sheet: "项目库" }],
      missing: ["flows", "bonds", "params"],
    });
    await insertTemplateSheets(contextOf(user), false, ["flows", "params"]);
    expect(user.sheets.map((s) => s.name)).toEqual(["项目库", "现金流", "参数"]);
    expect(user.valuesOf("项目库")).toEqual([["我的项目"]]); // untouched
  });
});

describe("describeCause: Office.js error codes in Chinese, with what to do", () => {
  test.each([
    ["InvalidOperationInCellEditMode", "x", "请先按 Enter 或 Esc 结束单元格编辑，再试一次"],
    [
      "InvalidOperation",
      "The operation cannot be performed because Excel is in cell-editing mode.",
      "请先按 Enter 或 Esc 结束单元格编辑，再试一次",
    ],
    ["ItemNotFound", "not found", "找不到所需的工作表、表格或名称"],
    ["GeneralException", "boom", "Excel 内部错误。请保存工作簿后重试"],
    ["AccessDenied", "protected", "请在“审阅”中撤销保护后重试"],
  ])("%s", (code, message, zh) => {
    const cause = describeCause({ code, message });
    expect(cause.zh).toContain(zh);
    // the Chinese advice comes first; Office's own text only in brackets at the end
    const detail = message.includes(code) ? message : `${code}: ${message}`;
    expect(cause.zh.endsWith(`（${detail}）`)).toBe(true);
    expect(cause.zh.indexOf(zh)).toBeLessThan(cause.zh.length - detail.length - 2);
    expect(cause.en.length).toBeGreaterThan(10);
  });

  test("an unknown code still says what to do, and keeps Office's text for support", () => {
    expect(describeCause({ code: "Weird", message: "odd" })).toEqual({
      zh: "Excel 报告了错误。请重试；如仍失败，请保存工作簿、重新打开后再试。（Weird: odd）",
      en: "Excel reported an error. Try again; if it keeps failing, save the workbook, reopen it and try again. (Weird: odd)",
    });
  });
});

describe("storeMapping (the pane's mapping step)", () => {
  test("writes the hidden settings sheet and one SHANTY_MAP_ name per field, replacing an earlier one, in two round trips", async () => {
    const { storeMapping } = await import("../../src/excel/mapping");
    const fake = mockExcel({ sheets: [{ name: "项目库", values: [["编号", "名称", "拆迁户数合计"]] }] });
    const first = await storeMapping(contextOf(fake), { projects: { households: "拆迁户数合计" }, flows: {} });
    expect(first.syncs).toBe(2);
    expect(fake.sheet("shanty_settings")?.visibility).toBe("Hidden");
    expect(fake.valuesOf("shanty_settings")[1]).toEqual(["项目库", "户数", "拆迁户数合计"]);
    expect(fake.names.map((n) => n.name)).toEqual(["SHANTY_MAP_P_households"]);
    await storeMapping(contextOf(fake), { projects: { households: "户数（户）", buildingArea: "面积" }, flows: {} });
    expect(fake.sheets.filter((s) => s.name === "shanty_settings").length).toBe(1);
    expect(fake.names.map((n) => n.name).sort()).toEqual(["SHANTY_MAP_P_buildingArea", "SHANTY_MAP_P_households"]);
    expect(fake.valuesOf("项目库")).toEqual([["编号", "名称", "拆迁户数合计"]]); // the user's sheet untouched
  });
});
