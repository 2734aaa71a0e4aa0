import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { shanty } from "../support/shanty";
import { loadWorkbookWithNotes } from "../../src/cli/load";
import { normalisePackage, readPackage, rebindPrefixes, relsSource, resolveTarget } from "../../src/cli/package";
import { generateOutputs, templateSheets } from "../../src/workbook/generate";
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
    charts: [
      {
        title: "年度改造面积",
        type: "ColumnClustered",
        categories: { row: 3, col: 0, rows: 2, cols: 1 },
        series: [{ name: "户数", nameCell: { row: 2, col: 1 }, values: { row: 3, col: 1, rows: 2, cols: 1 } }],
        categoryAxisTitle: "年度",
        valueAxisTitle: "户数",
        anchor: { row: 0, col: 5, rows: 10, cols: 5 },
      },
    ],
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
    const t = Object.values(
      (wb.getWorksheet("年度计划") as unknown as { tables: Record<string, { table: { style: { theme: string } } }> }).tables,
    )[0];
    expect(t.table.style.theme).toBe("TableStyleMedium2");
  });

  it("named cells and ownership names come back as single-cell names with their values", () => {
    const byName = new Map(grid.names.map((n) => [n.name, n]));
    expect(byName.get("SHANTY_BASE_RATE")).toEqual({ name: "SHANTY_BASE_RATE", sheet: "参数", row: 1, col: 1, value: 150 });
    expect(byName.get("SHANTY_TARGET")?.value).toBe("项目自平衡");
    expect(byName.get(ownershipName("plan"))).toMatchObject({ sheet: "年度计划", row: 0, col: 0 });
    expect(byName.get(ownershipName("params"))).toMatchObject({ sheet: "参数", row: 0, col: 0 });
  });

  it("charts are handed on for the package (src/cli/chartPart.ts), not dropped with a note", () => {
    expect(notes.some((n) => n.includes(CHARTS_NOTE))).toBe(false);
    const out = new ExcelJS.Workbook();
    const written = writeSheets(out, [planModel([1, 2])]);
    expect(written.charts.map((c) => [c.sheet, c.charts.map((x) => x.title)])).toEqual([["年度计划", ["年度改造面积"]]]);
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

// ---------- the package before ExcelJS: normalisation of other writers' files ----------

describe("package normalisation (src/cli/package.ts): each writer's quirk fails or misreads in ExcelJS alone, and reads right after", () => {
  /** The sample planning workbook (template + sample district) as ExcelJS writes it. */
  async function templateBytes(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    writeSheets(wb, templateSheets(true));
    return Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer);
  }

  async function rezip(bytes: Buffer, edit: (zip: JSZip) => Promise<void>): Promise<Buffer> {
    const zip = await JSZip.loadAsync(bytes);
    await edit(zip);
    return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
  }

  async function str(zip: JSZip, name: string): Promise<string> {
    const f = zip.file(name);
    if (!f) throw new Error(`no ${name} in ${Object.keys(zip.files).join(", ")}`);
    return f.async("string");
  }

  /** The part of a worksheet by its name (workbook.xml → its relationship). */
  async function sheetPart(zip: JSZip, name: string): Promise<string> {
    const wb = await str(zip, "xl/workbook.xml");
    const id = new RegExp(`<sheet [^>]*name="${name}"[^>]*r:id="([^"]+)"`).exec(wb)?.[1];
    const rels = await str(zip, "xl/_rels/workbook.xml.rels");
    const target =
      new RegExp(`<Relationship [^>]*Id="${id}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ??
      new RegExp(`<Relationship [^>]*Target="([^"]+)"[^>]*Id="${id}"`).exec(rels)?.[1];
    if (!id || !target) throw new Error(`no sheet ${name}`);
    return target.startsWith("/") ? target.slice(1) : `xl/${target}`;
  }

  async function move(zip: JSZip, from: string, to: string): Promise<void> {
    zip.file(to, await zip.file(from)!.async("nodebuffer"));
    zip.remove(from);
  }

  async function excelJsAlone(bytes: Buffer): Promise<ExcelJS.Workbook> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(bytes as unknown as ExcelJS.Buffer);
    return wb;
  }

  async function viaLoader(bytes: Buffer, name = "quirk.xlsx") {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, bytes);
    return loadWorkbookWithNotes(file);
  }

  let tmp: string;
  beforeEach(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-pkg-"));
  });
  afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

  // The sample district's plan sentence: 24 projects, 13161 households, 1,283,400 ㎡.
  const SENTENCE = "实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米";

  it("absolute relationship targets (openpyxl: /xl/tables/table1.xml): ExcelJS alone throws; normalised, they are relative", async () => {
    const bytes = await rezip(await templateBytes(), async (zip) => {
      for (const name of Object.keys(zip.files).filter((n) => n.endsWith(".rels"))) {
        const xml = await str(zip, name);
        const dirOf = path.posix.dirname(name.replace(/_rels\/([^/]*)\.rels$/, "$1"));
        zip.file(
          name,
          xml.replace(/Target="([^"]+)"/g, (_m, t: string) =>
            t.startsWith("/") || /^https?:/.test(t) ? _m : `Target="/${path.posix.normalize(path.posix.join(dirOf, t))}"`,
          ),
        );
      }
    });
    await expect(excelJsAlone(bytes)).rejects.toThrow(/reading 'name'/);
    const loaded = await viaLoader(bytes);
    expect(loaded.normalised).toContain("relTargets");
    expect(generateOutputs(readGrid(loaded.workbook)).summary.sentence).toContain(SENTENCE);
  });

  it("tables without tableStyleInfo (LibreOffice): ExcelJS alone cannot write them back; normalised, they keep 'no style' and write", async () => {
    const bytes = await rezip(await templateBytes(), async (zip) => {
      for (const name of Object.keys(zip.files).filter((n) => /^xl\/tables\/.*\.xml$/.test(n))) {
        zip.file(name, (await str(zip, name)).replace(/<tableStyleInfo\b[^>]*\/>/, ""));
      }
    });
    await expect((await excelJsAlone(bytes)).xlsx.writeBuffer()).rejects.toThrow(/reading 'theme'/);
    const loaded = await viaLoader(bytes);
    expect(loaded.normalised).toContain("tableStyle");
    const out = await JSZip.loadAsync(Buffer.from((await loaded.workbook.xlsx.writeBuffer()) as ArrayBuffer));
    const table = await str(out, "xl/tables/table1.xml");
    expect(table).toMatch(/<tableStyleInfo showFirstColumn="0"/);
    expect(table).not.toMatch(/<tableStyleInfo name=/); // no style invented
  });

  it("parts under other names (xl/book.xml, xl/worksheets/projects.xml, xl/tables/Projects.xml): ExcelJS alone loses them; normalised, all read", async () => {
    const bytes = await rezip(await templateBytes(), async (zip) => {
      await move(zip, "xl/workbook.xml", "xl/book.xml");
      await move(zip, "xl/_rels/workbook.xml.rels", "xl/_rels/book.xml.rels");
      await move(zip, "xl/worksheets/sheet1.xml", "xl/worksheets/projects.xml");
      await move(zip, "xl/worksheets/_rels/sheet1.xml.rels", "xl/worksheets/_rels/projects.xml.rels");
      await move(zip, "xl/tables/table1.xml", "xl/tables/Projects.xml");
      zip.file("_rels/.rels", (await str(zip, "_rels/.rels")).replace(/xl\/workbook\.xml/, "xl/book.xml"));
      zip.file(
        "xl/_rels/book.xml.rels",
        (await str(zip, "xl/_rels/book.xml.rels")).replace(/worksheets\/sheet1\.xml/, "worksheets/projects.xml"),
      );
      zip.file(
        "xl/worksheets/_rels/projects.xml.rels",
        (await str(zip, "xl/worksheets/_rels/projects.xml.rels")).replace(/table1\.xml/, "Projects.xml"),
      );
      const ct = await str(zip, "[Content_Types].xml");
      zip.file(
        "[Content_Types].xml",
        ct
          .replace("/xl/workbook.xml", "/xl/book.xml")
          .replace("/xl/worksheets/sheet1.xml", "/xl/worksheets/projects.xml")
          .replace("/xl/tables/table1.xml", "/xl/tables/Projects.xml"),
      );
    });
    const alone = await excelJsAlone(bytes).catch(() => undefined);
    expect(alone?.worksheets.length ?? 0).toBe(0); // without xl/workbook.xml ExcelJS sees no sheets
    const loaded = await viaLoader(bytes);
    expect(loaded.normalised).toContain("partNames");
    const plainNames = (await excelJsAlone(await templateBytes())).worksheets.map((w) => w.name);
    expect(plainNames).toEqual(expect.arrayContaining(["项目库", "现金流", "参数"]));
    expect(loaded.workbook.worksheets.map((w) => w.name)).toEqual(plainNames);
    expect(readGrid(loaded.workbook).sheets[0].tables?.map((t) => t.name)).toEqual(["ShantyProjects"]);
    expect(generateOutputs(readGrid(loaded.workbook)).summary.sentence).toContain(SENTENCE);
  });

  it("a worksheet ExcelJS cannot find (part missing) stops the load, named, instead of being left out", async () => {
    const template = await templateBytes();
    const bytes = await rezip(template, async (zip) => {
      zip.remove(await sheetPart(zip, "现金流"));
    });
    const plainNames = (await excelJsAlone(template)).worksheets.map((w) => w.name);
    expect((await excelJsAlone(bytes)).worksheets.map((w) => w.name)).toEqual(plainNames.filter((n) => n !== "现金流")); // silently gone
    await expect(viaLoader(bytes)).rejects.toThrow(/无法读取 .* 中的工作表：现金流/);
  });

  it('ISO date cells (t="d"): ExcelJS alone reads 2024-03-15 as the number 2024; normalised, the date serial 45366', async () => {
    const bytes = await rezip(await templateBytes(), async (zip) => {
      const part = await sheetPart(zip, "参数");
      const xml = await str(zip, part);
      zip.file(
        part,
        xml.replace(
          "</sheetData>",
          '<row r="40"><c r="A40" t="d"><v>2024-03-15T00:00:00</v></c><c r="B40" t="d"><v>1900-01-01</v></c></row></sheetData>',
        ),
      );
    });
    expect((await excelJsAlone(bytes)).getWorksheet("参数")!.getCell("A40").value).toBe(2024); // the silent wrong number
    const loaded = await viaLoader(bytes);
    expect(loaded.normalised).toContain("isoDates");
    const ws = loaded.workbook.getWorksheet("参数")!;
    // 2024-01-01 is serial 45292; + 31 (January) + 29 (February 2024) + 14 = 45366. 1900-01-01 is serial 1.
    expect(ws.getCell("A40").value).toBe(45366);
    expect(ws.getCell("B40").value).toBe(1);
  });

  it('a self-closing date cell (<c r="A40" t="d"/>, no value) stays blank and the ISO date after it converts', async () => {
    let part = "";
    const bytes = await rezip(await templateBytes(), async (zip) => {
      part = await sheetPart(zip, "参数");
      const xml = await str(zip, part);
      zip.file(
        part,
        xml.replace(
          "</sheetData>",
          '<row r="40"><c r="A40" s="0" t="d"/><c r="B40" t="d"><v>2024-03-15T00:00:00</v></c><c r="C40" t="d" /><c r="D40" t="d"><v>2024-01-01</v></c></row></sheetData>',
        ),
      );
    });
    const parts = await readPackage(bytes, "quirk.xlsx");
    normalisePackage(parts);
    const sheetXml = parts.get(part)!.toString("utf8");
    // Each cell on its own: B40 and D40 hold their serials; A40 and C40 stay empty; none keeps t="d".
    expect(/<row r="40">.*<\/row>/.exec(sheetXml)![0]).toBe(
      '<row r="40"><c r="A40" s="0"/><c r="B40"><v>45366</v></c><c r="C40" /><c r="D40"><v>45292</v></c></row>',
    );
    const ws = (await viaLoader(bytes)).workbook.getWorksheet("参数")!;
    // 2024-03-15 is serial 45366 (45292 for 2024-01-01, + 31 + 29 + 14); the empty date cells read as blank.
    expect([ws.getCell("A40").value, ws.getCell("B40").value, ws.getCell("C40").value, ws.getCell("D40").value]).toEqual([
      null,
      45366,
      null,
      45292,
    ]);
  });

  it("an unreadable ISO date names its cell", async () => {
    const bytes = await rezip(await templateBytes(), async (zip) => {
      const part = await sheetPart(zip, "参数");
      const xml = await str(zip, part);
      zip.file(part, xml.replace("</sheetData>", '<row r="40"><c r="C40" t="d"><v>yesterday</v></c></row></sheetData>'));
    });
    await expect(viaLoader(bytes)).rejects.toThrow(/C40.*yesterday/);
  });

  it("no <dimension>, no styles.xml, inline strings: ExcelJS reads them as they are, no rule needed", async () => {
    const bytes = await rezip(await templateBytes(), async (zip) => {
      zip.remove("xl/styles.xml");
      for (const name of Object.keys(zip.files).filter((n) => /^xl\/worksheets\/sheet\d+\.xml$/.test(n))) {
        zip.file(name, (await str(zip, name)).replace(/<dimension\b[^>]*\/>/, ""));
      }
      // 项目库!A1 as an inline string instead of a shared one
      const s1 = await str(zip, "xl/worksheets/sheet1.xml");
      const inline = s1.replace(
        /<c r="A1"([^>]*?) t="s"([^>]*)><v>\d+<\/v><\/c>/,
        '<c r="A1"$1 t="inlineStr"$2><is><t>项目编号</t></is></c>',
      );
      expect(inline).toContain('t="inlineStr"');
      zip.file("xl/worksheets/sheet1.xml", inline);
    });
    const loaded = await viaLoader(bytes);
    expect(loaded.normalised).toEqual([]);
    expect(loaded.workbook.getWorksheet("项目库")!.getCell("A1").value).toBe("项目编号");
    expect(generateOutputs(readGrid(loaded.workbook)).summary.sentence).toContain(SENTENCE);
    await loaded.workbook.xlsx.writeBuffer(); // and it writes
  });

  it("a name also defined for one sheet (Excel's 'copy sheet'): ExcelJS alone reads the sheet's copy as the workbook's; the loader reads the workbook-level one", async () => {
    const bytes = await rezip(await templateBytes(), async (zip) => {
      const wbXml = await str(zip, "xl/workbook.xml");
      expect(wbXml).toMatch(/<definedName name="p_baseRate">/);
      // a sheet-scoped p_baseRate on 项目库 (sheet 0), pointing at a cell that holds 13161 … any other value
      zip.file(
        "xl/workbook.xml",
        wbXml.replace("</definedNames>", `<definedName name="p_baseRate" localSheetId="0">'项目库'!$A$1</definedName></definedNames>`),
      );
    });
    const alone = readGrid(await excelJsAlone(bytes)).names.find((n) => n.name === "p_baseRate");
    expect(alone?.sheet).toBe("项目库"); // the silently wrong parameter
    const loaded = await viaLoader(bytes);
    const names = readGrid(loaded.workbook).names.filter((n) => n.name === "p_baseRate");
    expect(names).toEqual([expect.objectContaining({ sheet: "参数", value: 150 })]);
    expect(loaded.notes.join("\n")).toContain("p_baseRate（项目库）");
    expect(loaded.ambiguousNames).toEqual([]);
  });

  it("a name defined only per sheet, on two sheets: ambiguous, plan stops naming it (exit 4), nothing written", async () => {
    const bytes = await rezip(await templateBytes(), async (zip) => {
      const wbXml = (await str(zip, "xl/workbook.xml")).replace(/<definedName name="p_baseRate">[^<]*<\/definedName>/, "");
      zip.file(
        "xl/workbook.xml",
        wbXml.replace(
          "</definedNames>",
          `<definedName name="p_baseRate" localSheetId="0">'项目库'!$A$1</definedName><definedName name="p_baseRate" localSheetId="1">'现金流'!$A$1</definedName></definedNames>`,
        ),
      );
    });
    const file = path.join(tmp, "ambiguous.xlsx");
    fs.writeFileSync(file, bytes);
    const { code, out } = await shanty("plan", file, "-o", path.join(tmp, "out.xlsx"));
    expect(code).toBe(4);
    expect(out).toContain("p_baseRate（定义于工作表 项目库、现金流）");
    expect(fs.existsSync(path.join(tmp, "out.xlsx"))).toBe(false);
  });

  it("an Excel-shaped package (what Excel and WPS write) is left byte-for-byte as it is", async () => {
    const bytes = await templateBytes();
    const parts = await readPackage(bytes, "excel.xlsx");
    const copy = new Map([...parts].map(([k, v]) => [k, Buffer.from(v)]));
    expect(normalisePackage(parts)).toEqual([]);
    expect([...parts.keys()].sort()).toEqual([...copy.keys()].sort());
    for (const [k, v] of parts) expect(v.equals(copy.get(k)!)).toBe(true);
  });

  it("relationship helpers: the source of a .rels part and OPC target resolution", () => {
    expect(relsSource("_rels/.rels")).toBe(""); // the package itself
    expect(relsSource("xl/worksheets/_rels/sheet1.xml.rels")).toBe("xl/worksheets/sheet1.xml");
    expect(resolveTarget("xl/worksheets/sheet1.xml", "../tables/table1.xml")).toBe("xl/tables/table1.xml");
    expect(resolveTarget("xl/worksheets/sheet1.xml", "/xl/tables/table1.xml")).toBe("xl/tables/table1.xml");
    expect(resolveTarget("xl/workbook.xml", "worksheets/sheet%201.xml")).toBe("xl/worksheets/sheet 1.xml");
  });
});

describe("namespace prefixes as ExcelJS reads them (rebindPrefixes)", () => {
  const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
  const XDR = "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing";

  it("x:-prefixed SpreadsheetML (Open XML SDK) becomes the default namespace; a relationships prefix becomes r:, everywhere it is declared", () => {
    const xml = `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN}" xmlns:rel="${REL}"><x:sheetData><x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row></x:sheetData><x:tableParts count="1"><x:tablePart rel:id="rId1" xmlns:rel="${REL}"/></x:tableParts></x:worksheet>`;
    expect(rebindPrefixes(xml)).toBe(
      `<?xml version="1.0"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><tableParts count="1"><tablePart r:id="rId1" xmlns:r="${REL}"/></tableParts></worksheet>`,
    );
  });

  it("an unprefixed drawing (openpyxl) gets xdr:, prefixed children untouched", () => {
    const xml = `<wsDr xmlns="${XDR}"><oneCellAnchor><from><col>14</col></from><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/></oneCellAnchor></wsDr>`;
    expect(rebindPrefixes(xml)).toBe(
      `<xdr:wsDr xmlns:xdr="${XDR}"><xdr:oneCellAnchor><xdr:from><xdr:col>14</xdr:col></xdr:from><a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/></xdr:oneCellAnchor></xdr:wsDr>`,
    );
  });

  it("Excel's own prefixes and ambiguous declarations are left exactly as they are", () => {
    const excel = `<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData/></worksheet>`;
    expect(rebindPrefixes(excel)).toBe(excel);
    const ambiguous = `<x:worksheet xmlns:x="${MAIN}"><x:extLst><x:ext xmlns:x="urn:other"/></x:extLst></x:worksheet>`;
    expect(rebindPrefixes(ambiguous)).toBe(ambiguous);
  });

  it("a whole workbook written with x: prefixes: ExcelJS alone reads no cells; normalised, the sample's plan", async () => {
    const wb = new ExcelJS.Workbook();
    writeSheets(wb, templateSheets(true));
    const zip = await JSZip.loadAsync(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
    for (const name of Object.keys(zip.files).filter((n) =>
      /^xl\/(workbook|worksheets\/sheet\d+|sharedStrings|tables\/table\d+)\.xml$/.test(n),
    )) {
      const xml = await zip.file(name)!.async("string");
      zip.file(name, xml.replace(/<(\/?)(?![\w.-]+:)([A-Za-z_][\w.-]*)/g, "<$1x:$2").replace(`xmlns="${MAIN}"`, `xmlns:x="${MAIN}"`));
    }
    const bytes = await zip.generateAsync({ type: "nodebuffer" });
    const alone = new ExcelJS.Workbook();
    const aloneLoaded = await alone.xlsx.load(bytes as unknown as ExcelJS.Buffer).then(
      () => {
        let cells = 0;
        for (const ws of alone.worksheets) ws.eachRow((row) => row.eachCell(() => void cells++));
        return cells;
      },
      () => 0,
    );
    expect(aloneLoaded).toBe(0);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-ns-"));
    try {
      const file = path.join(dir, "x-prefixed.xlsx");
      fs.writeFileSync(file, bytes);
      const loaded = await loadWorkbookWithNotes(file);
      expect(loaded.normalised).toContain("namespaces");
      expect(generateOutputs(readGrid(loaded.workbook)).summary.sentence).toContain(
        "实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米",
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
