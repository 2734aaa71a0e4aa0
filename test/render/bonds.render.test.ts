import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { bundledSample } from "../../src/cli/demo";
import { pdfText, popplerOrSkip } from "../support/pdf";
import { describeWith } from "../support/realPrograms";
import { renderSheets } from "../../scripts/renderSheets";
import { shanty } from "../support/shanty";

/*
 * The 收支平衡表 of `shanty plan` on the sample, printed by LibreOffice headless: A4 landscape, one page wide,
 * nothing shown as ###, every project's table, checks and 敏感性分析 on paper. Skipped with a notice where
 * soffice/poppler are missing; required in CI (SHANTY_REQUIRE_REAL_PROGRAMS=1).
 */
const TITLE = "收支平衡表 printed through LibreOffice";
const run = popplerOrSkip(TITLE) ? describeWith : (_p: string, title: string, body: () => void) => describe.skip(title, body);

run("soffice", TITLE, () => {
  let dir: string;
  let out: string;
  let result: Awaited<ReturnType<typeof renderSheets>>[number];

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-bonds-render-"));
    out = path.join(dir, "plan.xlsx");
    const r = await shanty("plan", bundledSample()!, "-o", out, "--only", "bonds");
    expect(r.code).toBe(0);
    [result] = await renderSheets(out, dir, [{ sheet: "收支平衡表", stem: "bonds" }]);
  }, 180_000);

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test("page setup in the file: A4, landscape, fit to one page wide", async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.getWorksheet("收支平衡表")!.pageSetup).toMatchObject({
      paperSize: 9,
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
    });
  });

  test("every page is A4 landscape, nothing shows ###, all three projects with checks and scenarios are printed", () => {
    expect(result.pages.length).toBeGreaterThan(0);
    for (const p of result.pages) {
      expect(Math.abs(p.width - 841.9)).toBeLessThan(2); // A4 landscape: 297 × 210 mm = 841.9 × 595.3 pt
      expect(Math.abs(p.height - 595.3)).toBeLessThan(2);
    }
    const text = pdfText(result.pdf);
    expect(text).not.toContain("###");
    for (const id of ["PG-2024-08", "PG-2025-01", "PG-2025-04"]) expect(text).toContain(id);
    expect(text.split("债务管理系统校验").length - 1).toBe(3);
    expect(text.split("敏感性分析（压力测试）").length - 1).toBe(3);
    // the last year column of PG-2024-08 (2031) is on the page, i.e. the table fits the width
    expect(text).toContain("2031");
  });
});
