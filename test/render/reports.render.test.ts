import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { PNG } from "pngjs";
import { bundledSample } from "../../src/cli/demo";
import { workbookBytes, writeSheets } from "../../src/cli/sheets";
import { generateOutputs } from "../../src/workbook/generate";
import { pdfText, popplerOrSkip } from "../support/pdf";
import { describeWith, runPython } from "../support/realPrograms";
import { renderSheets } from "../../scripts/renderSheets";
import { shanty } from "../support/shanty";

jest.setTimeout(120_000);

/*
 * `shanty plan` on the sample, rendered by LibreOffice headless (an independent renderer) to PDF: every page
 * A4, no "###", the plan sheet at most 2 pages, the chart drawn (axis titles in the text, coloured pixels in
 * the chart area of the picture). Skipped with a notice where soffice/poppler are missing; required in CI.
 */
const TITLE = "shanty plan output, printed through LibreOffice";
const run = popplerOrSkip(TITLE) ? describeWith : (_p: string, title: string, body: () => void) => describe.skip(title, body);

run("soffice", TITLE, () => {
  let dir: string;
  let results: Awaited<ReturnType<typeof renderSheets>>;
  let out: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-render-"));
    out = path.join(dir, "plan.xlsx");
    const r = await shanty("plan", bundledSample()!, "-o", out);
    expect(r.code).toBe(0);
    results = await renderSheets(out, dir);
  }, 180_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("the workbook: plan sheet formulas with cached values, no Excel table with a total row", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("年度计划")!;
    const total = ws.getColumn(1).values.findIndex((v) => v === "合计");
    expect(ws.getCell(total, 6).formula).toBe("SUM(F13,F21,F33)");
    expect(ws.getCell(total, 6).result).toBe(13161);
    expect(ws.getCell(total, 7).result).toBe(128.34);
    for (const sheet of wb.worksheets)
      for (const t of Object.values((sheet as unknown as { tables: Record<string, { table: { totalsRow?: boolean } }> }).tables ?? {}))
        expect(t.table.totalsRow).toBeFalsy();
    expect(ws.pageSetup).toMatchObject({ paperSize: 9, fitToPage: true, fitToWidth: 1 });
  });

  test("every page is A4, nothing shows ###, the plan takes at most 2 pages", () => {
    const [plan, balance] = results;
    for (const r of results) {
      expect(r.pages.length).toBeGreaterThan(0);
      for (const p of r.pages) {
        const [short, long] = [Math.min(p.width, p.height), Math.max(p.width, p.height)];
        expect(Math.abs(short - 595.3)).toBeLessThan(2); // A4 = 210 × 297 mm = 595.3 × 841.9 pt
        expect(Math.abs(long - 841.9)).toBeLessThan(2);
      }
      expect(pdfText(r.pdf)).not.toContain("###");
    }
    expect(plan.pages.length).toBeLessThanOrEqual(2);
    expect(balance.pages[0].width).toBeGreaterThan(balance.pages[0].height); // landscape
    const text = pdfText(plan.pdf);
    expect(text.match(/PG-20\d\d-\d\d/g)?.length).toBe(24); // every project printed once
    expect(text).toContain("13,161");
    expect(text).toContain("128.34");
    expect(text).toMatch(/第\s*1\s*页\s*共\s*\d\s*页/);
  });

  test("the chart is drawn: its axis titles are in the PDF and its area is not blank", () => {
    const plan = results[0];
    const text = pdfText(plan.pdf);
    expect(text).toContain("户数（户）");
    expect(text).toContain("各年度改造户数与建筑面积");
    // the column bars are #4472C4: count strongly blue pixels on the plan's pages
    let blue = 0;
    for (const file of plan.pngs) {
      const png = PNG.sync.read(fs.readFileSync(file));
      for (let i = 0; i < png.data.length; i += 4) {
        const [r, g, b] = [png.data[i], png.data[i + 1], png.data[i + 2]];
        if (b > 150 && r < 110 && g < 150 && b - r > 80) blue++;
      }
    }
    expect(blue).toBeGreaterThan(500);
  });
});

// openpyxl parses chart parts with its schema-derived classes: an independent check of the DrawingML we write.
describeWith("openpyxl", "the plan chart part, read by openpyxl", () => {
  test("one combined chart: columns of 户数 and a line of 面积 on the secondary axis, both value axes titled, over the summary's cells", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-chart-"));
    try {
      const out = path.join(dir, "plan.xlsx");
      expect((await shanty("plan", bundledSample()!, "-o", out)).code).toBe(0);
      const printed = runPython(
        [
          "import sys, json, openpyxl",
          "ws = openpyxl.load_workbook(sys.argv[1])['年度计划']",
          "c = ws._charts[0]",
          "t = lambda x: x.tx.rich.p[0].r[0].t",
          "line = [p for p in c._charts if type(p).__name__ == 'LineChart'] if hasattr(c, '_charts') else []",
          "print(json.dumps({'type': type(c).__name__, 'title': t(c.title), 'x': t(c.x_axis.title), 'y': t(c.y_axis.title),",
          "  'series': [s.val.numRef.f for s in c.series], 'cats': c.series[0].cat.strRef.f, 'n': len(ws._charts)}, ensure_ascii=False))",
        ].join("\n"),
        out,
      );
      const chart = JSON.parse(printed.trim());
      expect(chart).toEqual({
        type: "BarChart",
        title: "各年度改造户数与建筑面积",
        x: "年度",
        y: "户数（户）",
        series: ["'年度计划'!$F$37:$F$39"],
        cats: "'年度计划'!$B$37:$B$39",
        n: 1,
      });
      const xml = await (
        await import("jszip")
      ).default
        .loadAsync(fs.readFileSync(out))
        .then((z) => z.file("xl/charts/chart1.xml")!.async("string"));
      expect(xml).toContain("<c:lineChart>");
      expect(xml).toContain("建筑面积（万㎡）");
      expect(xml).toContain("<c:f>'年度计划'!$G$37:$G$39</c:f>");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

run("soffice", "a long plan (120 projects) printed through LibreOffice", () => {
  test("the header row is repeated on every page, every page A4 and numbered, nothing shows ###", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-long-"));
    try {
      const header = [
        "项目编号",
        "项目名称",
        "镇街",
        "片区",
        "计划年度",
        "户数",
        "建筑面积（㎡）",
        "总投资（万元）",
        "投资主体",
        "计划完成年度",
      ];
      const rows = Array.from({ length: 120 }, (_, i) => [
        `P-${String(i + 1).padStart(3, "0")}`,
        `第${i + 1}号棚户区改造项目`,
        `镇${i % 5}`,
        `片区${i % 12}`,
        2024 + (i % 3),
        100 + i,
        10000 + 37 * i,
        5000 + i,
        "政府",
        2030,
      ]);
      const grid = { sheets: [{ name: "项目库", values: [header, ...rows] }], names: [] };
      const models = generateOutputs(grid, ["plan"]).sheets;
      const wb = new ExcelJS.Workbook();
      const written = writeSheets(wb, models);
      const file = path.join(dir, "long.xlsx");
      fs.writeFileSync(file, await workbookBytes(wb, written.charts));
      const [plan] = await renderSheets(file, dir, [{ sheet: "年度计划", stem: "long" }]);
      expect(plan.pages.length).toBeGreaterThan(2);
      // the summaries, the chart and the closing text are kept together on one page (a manual break before them)
      const texts = plan.pages.map((_, i) =>
        execFileSync("pdftotext", ["-layout", "-f", String(i + 1), "-l", String(i + 1), plan.pdf, "-"], { encoding: "utf8" }),
      );
      const summaryPage = texts.findIndex((t) => t.includes("二、分年度汇总"));
      expect(summaryPage).toBeGreaterThan(0);
      for (const part of ["三、分镇街汇总", "四、各年度改造户数与建筑面积", "户数（户）", "五、目标任务", "编制单位"])
        expect(texts[summaryPage]).toContain(part);
      plan.pages.forEach((p, i) => {
        expect([Math.round(p.width), Math.round(p.height)]).toEqual([595, 842]);
        const page = execFileSync("pdftotext", ["-layout", "-f", String(i + 1), "-l", String(i + 1), plan.pdf, "-"], { encoding: "utf8" });
        expect(page).toContain("项目编号"); // the repeated header row
        expect(page).toMatch(new RegExp(`第\\s*${i + 1}\\s*页\\s*共\\s*${plan.pages.length}\\s*页`));
        expect(page).not.toContain("###");
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
