import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { bundledSample } from "../../src/cli/demo";
import { shanty } from "../support/shanty";
import { readGrid } from "../../src/cli/grid";
import {
  buildSampleWorkbook,
  EXAMPLE_SHEET,
  exampleSheet,
  fixZipTimestamps,
  SAMPLE_FILE,
  sampleWorkbookBytes,
} from "../../scripts/gen-sample-workbook";
import { templateSheets } from "../../src/workbook/generate";
import type { SheetModel } from "../../src/workbook/model";

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-demo-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("shanty demo", () => {
  it("runs plan and recalc on the bundled sample into the folder given (created), never into assets/", async () => {
    const sample = bundledSample();
    expect(sample).toBe(SAMPLE_FILE);
    const before = fs.readFileSync(SAMPLE_FILE);
    const out = path.join(dir, "nested", "out");
    const { code, out: printed } = await shanty("demo", "--out", out);
    expect(code).toBe(0);
    expect(printed).toContain("实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米");
    expect(printed).toContain("verdicts:");
    expect(printed).toContain(path.join(out, "sample-district-plan.xlsx"));
    expect(printed).toContain(path.join(out, "sample-district-recalc.xlsx"));
    expect(fs.readdirSync(out).sort()).toEqual(["district-merged.xlsx", "sample-district-plan.xlsx", "sample-district-recalc.xlsx"]);
    // Step 0 consolidates the four towns' submissions (one in 万㎡/亿元) into the same district plan.
    expect(printed).toContain("已汇总 4 个文件、24 个项目");
    expect(printed).toContain("汇总后 consolidated: 力争用3年时间，实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米");
    expect(fs.readFileSync(SAMPLE_FILE).equals(before)).toBe(true);

    // The recalculated file carries the SHANTY results of 测算示例 as cached values.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(out, "sample-district-recalc.xlsx"));
    const ws = wb.getWorksheet(EXAMPLE_SHEET)!;
    const examples: Record<string, unknown> = {};
    ws.eachRow((row) => {
      const fn = row.getCell(1).value;
      if (typeof fn === "string" && fn.startsWith("SHANTY.")) examples[fn] = row.getCell(4).result;
    });
    // worked examples of domain.md: 10000×150 + 15000×150 + 5000×75; 30000×150 − 4125000 + 30000×50
    expect(examples["SHANTY.FEEEXEMPT"]).toBe(4125000);
    expect(examples["SHANTY.FEEDUE"]).toBe(1875000);
    expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["项目库", "现金流", "参数", EXAMPLE_SHEET]));
  }, 60_000);

  it("a missing sample: exit 1 with a bilingual message, nothing written", async () => {
    const { code, out } = await shanty("demo", "--out", path.join(dir, "out"), "--sample", path.join(dir, "none.xlsx"));
    expect(code).toBe(1);
    expect(out).toContain("找不到文件");
    expect(fs.readdirSync(dir)).toEqual([]); // not even the output folder
  });

  it("an unknown argument is a usage error", async () => {
    expect((await shanty("demo", "--fast")).code).toBe(1);
  });
});

describe("the sample workbook (scripts/gen-sample-workbook.ts)", () => {
  it("assets/samples/sample-district.xlsx is exactly what the script builds (rebuild it after changing the sample data)", async () => {
    const built = await sampleWorkbookBytes();
    expect(built.equals(fs.readFileSync(SAMPLE_FILE))).toBe(true);
  });

  it("building twice gives the same bytes", async () => {
    const a = await sampleWorkbookBytes();
    await new Promise((r) => setTimeout(r, 2100)); // zip entry times have a 2-second resolution
    const b = await sampleWorkbookBytes();
    expect(a.equals(b)).toBe(true);
  });

  it("fixZipTimestamps leaves the archive readable with the same content", async () => {
    const raw = Buffer.from((await buildSampleWorkbook().xlsx.writeBuffer()) as ArrayBuffer);
    const fixed = fixZipTimestamps(raw);
    const a = new ExcelJS.Workbook();
    await a.xlsx.load(raw as unknown as ExcelJS.Buffer);
    const b = new ExcelJS.Workbook();
    await b.xlsx.load(fixed as unknown as ExcelJS.Buffer);
    expect(readGrid(b)).toEqual(readGrid(a));
  });

  it("refuses to build without template sheets", () => {
    expect(() => buildSampleWorkbook([])).toThrow(/no sheets/);
  });

  describe("测算示例 on a hand-made project table", () => {
    // Two projects; headers as the template writes them, in a different column order, table at B2.
    const projects: SheetModel = {
      role: "projects",
      name: "项目 库",
      rows: [
        [null, null, null, null, null, null, null, null],
        [null, "项目名称", "项目编号", "投资主体", "安置面积（㎡）", "开发面积（㎡）", "计划年度", "户数"],
        [null, "甲", "P1", "民间资本", 10000, 20000, 2024, 100],
        [null, "乙", "P2", "政府", 8000, 5000, 2025, 50],
      ],
      tables: [{ name: "Projects", range: { row: 1, col: 1, rows: 3, cols: 7 }, style: "TableStyleMedium2" }],
    };
    const params: SheetModel = {
      role: "params",
      name: "参数",
      rows: [["基础费率", 150]],
      namedCells: [{ name: "p_baseRate", row: 0, col: 1 }],
    };

    it("references the project cells by column header and the parameters by name, with literal defaults for missing names", () => {
      const sheet = exampleSheet([projects, params])!;
      const f = (header: string, project: number) => {
        const col = sheet.rows.findIndex((r) => r[0] === "项目编号");
        const c = sheet.rows[col].indexOf(header);
        return sheet.formulas!.find((x) => x.row === col + 1 + project && x.col === c)?.formula;
      };
      expect(f("项目编号", 0)).toBe("'项目 库'!C3");
      expect(f("配套费减免（元）", 1)).toBe("SHANTY.FEEEXEMPT('项目 库'!E4,'项目 库'!F4,p_baseRate,'项目 库'!D4,1.5)");
      expect(f("配套费应缴（元）", 0)).toBe("SHANTY.FEEDUE('项目 库'!E3,'项目 库'!F3,p_baseRate,'项目 库'!D3,1.5,0,0)");
      // no building area column: no per-household columns
      expect(sheet.rows.some((r) => r.includes("户均面积（㎡）"))).toBe(false);
    });

    it("recalculates to hand-computed values", async () => {
      const wb = buildSampleWorkbook([projects, params]);
      const input = path.join(dir, "mini.xlsx");
      const output = path.join(dir, "mini-out.xlsx");
      await wb.xlsx.writeFile(input);
      const { code } = await shanty("recalc", input, "-o", output);
      expect(code).toBe(0);
      const back = new ExcelJS.Workbook();
      await back.xlsx.readFile(output);
      const grid = readGrid(back);
      const ex = grid.sheets.find((s) => s.name === EXAMPLE_SHEET)!;
      const header = ex.values.findIndex((r) => r[0] === "项目编号");
      const col = (h: string) => ex.values[header].indexOf(h);
      const exempt = col("配套费减免（元）");
      const due = col("配套费应缴（元）");
      // P1 private: 10000×150 + 15000×150 + 5000×75 = 4,125,000; due 30000×150 − 4,125,000 = 375,000
      expect(ex.values[header + 1].slice(0, 3)).toEqual(["P1", "甲", "民间资本"]);
      expect(ex.values[header + 1][exempt]).toBe(4125000);
      expect(ex.values[header + 1][due]).toBe(375000);
      // P2 government-led: exempt 8000×150 = 1,200,000; due 5000×150 = 750,000
      expect(ex.values[header + 2][exempt]).toBe(1200000);
      expect(ex.values[header + 2][due]).toBe(750000);
      // totals: 4,125,000 + 1,200,000; 375,000 + 750,000
      expect(ex.values[header + 3][0]).toBe("合计");
      expect(ex.values[header + 3][exempt]).toBe(5325000);
      expect(ex.values[header + 3][due]).toBe(1125000);
    });
  });

  it("uses the template's project table when there is one", () => {
    const sheet = exampleSheet(templateSheets(true))!;
    expect(sheet.formulas!.some((f) => f.formula.startsWith("SHANTY.PLANTEXT("))).toBe(true);
  });
});
