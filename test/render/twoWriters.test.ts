import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import { readBack, writeSheets, workbookBytes } from "../../src/cli/sheets";
import { writeOutputs } from "../../src/excel/write";
import { generateOutputs } from "../../src/workbook/generate";
import { fingerprintName, ownershipName } from "../../src/workbook/model";
import { contextOf, mockExcel } from "../excel/mockExcel";
import { sampleGrid } from "../support/sampleGrid";

jest.setTimeout(60_000);

/*
 * One sheet model, two writers: the Office.js writer (into the fake Excel on office-addin-mock) and the xlsx
 * writer (ExcelJS, then read back from the bytes) must produce the same cells, formulas, merges and print setup.
 */
const NOW = new Date(2026, 11, 1, 9, 30);
const models = generateOutputs(sampleGrid(), ["plan", "balance"], { now: NOW }).sheets;

type Grid = (string | number | boolean | null)[][];
const trim = (g: Grid): Grid => g.map((r) => r.map((v) => (v === "" || v === undefined ? null : v)));

let sheetXml: string[] = [];
async function viaXlsx(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet("Sheet1");
  const written = writeSheets(wb, models);
  const bytes = await workbookBytes(wb, written.charts);
  const zip = await JSZip.loadAsync(bytes);
  sheetXml = await Promise.all(
    Object.keys(zip.files)
      .filter((f) => /^xl\/worksheets\/sheet\d+\.xml$/.test(f))
      .sort()
      .map((f) => zip.file(f)!.async("string")),
  );
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(bytes as unknown as ExcelJS.Buffer);
  return back;
}

describe("Office.js writer and xlsx writer render the same sheet model", () => {
  test("cells and formulas, merges, hidden columns and page setup agree", async () => {
    const fake = mockExcel({ sheets: [{ name: "Sheet1" }] });
    const report = await writeOutputs(contextOf(fake), models, undefined, { charts: { addChart: () => undefined } });
    expect(report.syncs).toBe(3);
    const book = await viaXlsx();
    for (const model of models) {
      const office = fake.sheet(model.name)!;
      const ws = book.getWorksheet(model.name)!;
      // cells: formula text where a formula is, else the value (Office Range.formulas ≡ ExcelJS formula/value)
      const rows = model.rows.length;
      const cols = model.rows[0].length;
      const officeGrid: Grid = Array.from({ length: rows }, (_, i) =>
        Array.from({ length: cols }, (_, j) => {
          const c = office.cells.get(`${i},${j}`);
          return c?.formula ?? c?.value ?? null;
        }),
      );
      const xlsxGrid: Grid = Array.from({ length: rows }, (_, i) =>
        Array.from({ length: cols }, (_, j) => (readBack(ws)[i]?.[j] ?? null) as Grid[0][0]),
      );
      expect(trim(xlsxGrid)).toEqual(trim(officeGrid));
      expect(officeGrid.flat().filter((v) => typeof v === "string" && v.startsWith("=")).length).toBe(model.formulas!.length);
      // merges
      const xlsxMerges = ((ws.model as unknown as { merges: string[] }).merges ?? []).slice().sort();
      const toA1 = (m: { row: number; col: number; rows: number; cols: number }) =>
        `${String.fromCharCode(65 + m.col)}${m.row + 1}:${String.fromCharCode(65 + m.col + m.cols - 1)}${m.row + m.rows}`;
      expect(xlsxMerges).toEqual(office.merges.map(toA1).sort());
      expect(office.merges.length).toBe(model.merges!.length);
      // hidden fingerprint column
      expect([...office.hiddenColumns]).toEqual(model.hiddenColumns);
      expect(model.hiddenColumns!.every((c) => ws.getColumn(c + 1).hidden)).toBe(true);
      // page setup
      const p = office.pageLayout;
      const ps = ws.pageSetup;
      expect([p.paperSize, ps.paperSize]).toEqual(["A4", 9]);
      expect([p.orientation?.toLowerCase(), ps.orientation]).toEqual([model.print!.orientation, model.print!.orientation]);
      expect([p.zoom?.horizontalFitToPages, ps.fitToWidth, ps.fitToPage]).toEqual([1, 1, true]);
      expect([p.zoom?.verticalFitToPages, ps.fitToHeight]).toEqual([0, 0]);
      expect(p.printArea).toEqual(model.print!.printArea);
      expect(String(ps.printArea).replace(/\$/g, "")).toBe(toA1(model.print!.printArea));
      expect(p.titleRows).toEqual(model.print!.titleRows);
      expect(ps.printTitlesRow).toBe(`${model.print!.titleRows!.first + 1}:${model.print!.titleRows!.last + 1}`);
      expect(p.centerFooter).toBe("第 &P 页 共 &N 页");
      expect(office.pageBreaks).toEqual(model.pageBreaks ?? []);
      // ExcelJS does not read page breaks back: look at the sheet part (OOXML's break after 1-based row r)
      const part = sheetXml[book.worksheets.indexOf(ws)];
      expect([...part.matchAll(/<brk id="(\d+)"/g)].map((m) => Number(m[1]))).toEqual(model.pageBreaks ?? []);
      expect(ws.headerFooter.oddFooter).toBe("&C第 &P 页 共 &N 页");
      // borders drawn on the table's cells in both
      expect(office.cells.get("4,5")!.borders).toEqual(expect.arrayContaining(["InsideHorizontal", "InsideVertical"]));
      expect(ws.getCell(5, 6).border?.top?.style).toBe("thin");
    }
    // ownership and fingerprint names in both
    for (const role of ["plan", "balance"] as const) {
      expect(fake.names.some((n) => n.name === fingerprintName(role))).toBe(true);
      expect(book.definedNames.model.some((n) => n.name === fingerprintName(role))).toBe(true);
      expect(book.definedNames.model.some((n) => n.name === ownershipName(role))).toBe(true);
    }
  });
});

describe("regeneration keeps a sheet the user edited", () => {
  test("Office: unchanged → replaced; edited → kept as 年度计划（旧）, still 3 round trips", async () => {
    const fake = mockExcel({ sheets: [{ name: "Sheet1" }] });
    const noCharts = { addChart: () => undefined };
    await writeOutputs(contextOf(fake), models, undefined, { charts: noCharts });
    const again = await writeOutputs(contextOf(fake), models, undefined, { charts: noCharts });
    expect(again.sheets.map((s) => [s.name, s.replaced, s.kept])).toEqual([
      ["年度计划", "年度计划", undefined],
      ["资金平衡报告", "资金平衡报告", undefined],
    ]);
    fake.setCell("年度计划", 4, 5, 999); // a clerk corrects the first project's households
    const third = await writeOutputs(contextOf(fake), models.slice(0, 1), undefined, { charts: noCharts });
    expect(third.syncs).toBe(3);
    expect(third.sheets).toEqual([{ role: "plan", name: "年度计划", kept: "年度计划（旧）" }]);
    expect(fake.sheets.map((s) => s.name)).toEqual(["Sheet1", "年度计划（旧）", "资金平衡报告", "年度计划"]);
    expect(fake.sheet("年度计划（旧）")!.cells.get("4,5")!.value).toBe(999);
    expect(fake.sheet("年度计划")!.cells.get("4,5")!.value).toBe(520);
    // the kept sheet is the user's now: the next run replaces only the new output
    const fourth = await writeOutputs(contextOf(fake), models.slice(0, 1), undefined, { charts: noCharts });
    expect(fourth.sheets[0]).toMatchObject({ replaced: "年度计划" });
    expect(fake.sheet("年度计划（旧）")).toBeDefined();
  });

  test("Office: an edited balance report is kept with its table renamed; the new report gets the table name", async () => {
    const fake = mockExcel({ sheets: [{ name: "Sheet1" }] });
    const noCharts = { addChart: () => undefined };
    const balanceOnly = models.filter((m) => m.role === "balance");
    await writeOutputs(contextOf(fake), balanceOnly, undefined, { charts: noCharts });
    fake.setCell("资金平衡报告", 4, 5, 1234.5);
    const report = await writeOutputs(contextOf(fake), balanceOnly, undefined, { charts: noCharts });
    expect(report.sheets).toEqual([{ role: "balance", name: "资金平衡报告", kept: "资金平衡报告（旧）" }]);
    expect(fake.sheet("资金平衡报告（旧）")!.tables.map((t) => t.name)).toEqual(["ShantyBalanceReport_old"]);
    expect(fake.sheet("资金平衡报告")!.tables.map((t) => t.name)).toEqual(["ShantyBalanceReport"]);
    expect(
      fake.names.filter((n) => n.name.startsWith("SHANTY_")).map((n) => [n.name, fake.sheets.find((x) => x.id === n.sheetId)?.name]),
    ).toEqual([
      ["SHANTY_OUTPUT_BALANCE", "资金平衡报告"],
      ["SHANTY_FINGERPRINT_BALANCE", "资金平衡报告"],
    ]);
  });

  test("xlsx: the same rule in writeSheets", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Sheet1");
    writeSheets(wb, models);
    const unchanged = writeSheets(wb, models);
    expect(unchanged.sheets.map((s) => s.replaced)).toEqual(["年度计划", "资金平衡报告"]);
    wb.getWorksheet("年度计划")!.getCell("F5").value = 999;
    const edited = writeSheets(wb, models.slice(0, 1));
    expect(edited.sheets).toEqual([{ role: "plan", name: "年度计划", kept: "年度计划（旧）" }]);
    expect(edited.notes.join("\n")).toContain("已保留并改名为「年度计划（旧）」");
    expect(wb.getWorksheet("年度计划（旧）")!.getCell("F5").value).toBe(999);
    expect(wb.getWorksheet("年度计划")!.getCell("F5").value).toBe(520);
  });
});
