import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { shanty } from "../support/shanty";
import { reportCells, shownValue, withoutRunTime } from "../support/reportCells";
import { loadWorkbookFile } from "../../src/cli/load";
import { convertWithLibreOffice, describeWith, runPython } from "../support/realPrograms";
import JSZip from "jszip";
import { SAMPLE_FILE } from "../../scripts/gen-sample-workbook";

/*
 * Files written by the programs finance staff actually use, through `shanty plan`: the bundled sample re-saved by
 * LibreOffice (directly and through .ods) and by openpyxl, and small workbooks of our own written by openpyxl and
 * re-saved by LibreOffice. Built fresh with the real programs where they are installed (CI requires them), and
 * from committed copies (test/fixtures/files, made by make.sh with the same programs) everywhere.
 */

const FIXTURES = path.join(__dirname, "..", "fixtures", "files");
const MAKE_FIXTURES = path.join(FIXTURES, "make_fixtures.py");

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-real-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Verdict counts from the printed "平衡结论 verdicts: 项目自平衡 19，片区平衡 1，…" line. */
function verdicts(out: string): Record<string, number> {
  const line = out.split("\n").find((l) => l.includes("verdicts:"));
  if (!line) throw new Error(`no verdict line in:\n${out}`);
  const counts: Record<string, number> = {};
  for (const m of line.split("verdicts:")[1].matchAll(/([^\s，]+) (\d+)/g)) counts[m[1]] = Number(m[2]);
  return counts;
}

let outputs = 0;

/** `shanty plan FILE -o OUT`, checking the input's bytes are unchanged and the output was written. */
async function plan(file: string): Promise<{ code: number; out: string; output: string }> {
  const before = fs.readFileSync(file);
  const output = path.join(dir, `plan-${++outputs}-${path.basename(file)}`);
  const { code, out } = await shanty("plan", file, "-o", output);
  expect(fs.readFileSync(file).equals(before)).toBe(true);
  return { code, out, output };
}

/** The generated report sheets of a plan output (年度计划, 资金平衡报告, 收支平衡表 when there), cell by cell (formulas as their cached results). */
async function reportValues(file: string): Promise<Record<string, Record<string, unknown>>> {
  const out = await reportCells(file, shownValue);
  expect(Object.keys(out)).toEqual(expect.arrayContaining(["年度计划", "资金平衡报告"]));
  return out;
}

// The sample district (src/samples/district.ts): 24 projects, 13161 户, 1,283,400 ㎡ = 128.34 万㎡; verdicts by design.
const SAMPLE_SENTENCE = "实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米";
const SAMPLE_VERDICTS = { 项目自平衡: 19, 片区平衡: 1, 镇街平衡: 1, 全区平衡: 1, 延长平衡期限: 1, 不能平衡: 1 };

// Our mini workbook (make_fixtures.py): 100 + 200 + 300 = 600 户; 10000 + 20000 + 34567 = 64567 ㎡ = 6.4567 → 6.46 万㎡;
// 2024: 2 projects, 300 户, 30000 ㎡ = 3.00 万㎡; 2025: 1, 300 户, 34567 ㎡ → 3.46 万㎡ (3.00 + 3.46 = 6.46).
// M-1 surplus 500 − 300 = +200 → 项目自平衡; M-2 100 − 250 = −150, covered by M-1's 200 in 东关片区 → 片区平衡;
// M-3 1000 − 1000 = 0 → 项目自平衡.
const MINI_SENTENCE =
  "实施棚户区改造项目3个、600户，改造建筑面积6.46万平方米。其中：——2024年，实施棚户区改造项目2个、300户，改造建筑面积3.00万平方米。——2025年，实施棚户区改造项目1个、300户，改造建筑面积3.46万平方米。";
const MINI_VERDICTS = { 项目自平衡: 2, 片区平衡: 1 };

async function expectMiniPlan(file: string): Promise<void> {
  await expectMiniPlanOutput(file);
}

async function expectMiniPlanOutput(file: string): Promise<{ output: string; out: string }> {
  const { code, out, output } = await plan(file);
  expect(code).toBe(0);
  expect(out).toContain(MINI_SENTENCE);
  expect(verdicts(out)).toEqual(MINI_VERDICTS);
  // Read as the CLI reads (the output keeps the input's parts as they were, e.g. openpyxl's absolute relationship
  // targets, which ExcelJS alone cannot read).
  const wb = await loadWorkbookFile(output);
  expect(wb.worksheets.map((w) => w.name)).toEqual(expect.arrayContaining(["项目库", "现金流", "年度计划", "资金平衡报告"]));
  return { output, out };
}

/** What the "rich" workbook (make_fixtures.py) carries besides the tables, read back from a plan output. */
async function expectRichKept(output: string): Promise<void> {
  const wb = await loadWorkbookFile(output);
  const ws = wb.getWorksheet("项目库")!;
  const note = ws.getCell("J2").note as { texts?: { text: string }[] } | string | undefined;
  expect(typeof note === "string" ? note : (note?.texts ?? []).map((t) => t.text).join("")).toBe("批注：优先实施");
  const k2 = ws.getCell("K2").value;
  expect(k2 instanceof Date ? k2.toISOString().slice(0, 10) : k2).toBe("2024-03-15");
  expect((ws.getCell("L2").value as { hyperlink?: string }).hyperlink).toBe("https://example.com/project");
  expect(ws.getCell("M3").dataValidation).toMatchObject({ type: "list" });
  expect(ws.getCell("M3").dataValidation.formulae?.[0]).toBe('"是,否"'); // LibreOffice adds a formula2 of 0
  expect(ws.getCell("B2").font).toMatchObject({ bold: true });
  const notes = wb.getWorksheet("说明")!;
  expect(notes.getCell("B1").isMerged).toBe(true);
  expect(notes.getCell("B3").formula).toBe("A3*2");
  expect(wb.definedNames.getRanges("rate").ranges).toEqual(["'说明'!$A$3"]);
}

describe("committed fixtures written by LibreOffice and openpyxl (no programs needed)", () => {
  it.each(["openpyxl-mini.xlsx", "openpyxl-plain.xlsx", "lo-mini.xlsx", "lo-ods-mini.xlsx"])(
    "%s gives the hand-computed plan",
    async (name) => {
      await expectMiniPlan(path.join(FIXTURES, name));
    },
  );

  // lo-rich has every cached value: the package path copies every part, its chart too, byte for byte. openpyxl-rich
  // has a formula without a cached value: the ExcelJS path computes it in memory and says that the chart is lost.
  it.each([
    ["openpyxl-rich.xlsx", "computed"],
    ["lo-rich.xlsx", "copied"],
  ])(
    "%s: the plan; the output keeps the user's comment, date, link, validation, merge, name and formula; the chart (%s path)",
    async (name, way) => {
      const input = path.join(FIXTURES, name);
      const { output, out } = await expectMiniPlanOutput(input);
      await expectRichKept(output);
      if (way === "computed") {
        expect(out).toContain("computed in memory");
        expect(out).toContain("1 chart(s) of the input are not carried into the output"); // said, not silently dropped
        return;
      }
      expect(out).not.toContain("not carried into the output");
      const zipIn = await JSZip.loadAsync(fs.readFileSync(input));
      const zipOut = await JSZip.loadAsync(fs.readFileSync(output));
      const charts = Object.keys(zipIn.files).filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n));
      expect(charts).toHaveLength(1);
      for (const c of charts) expect(await zipOut.file(c)!.async("string")).toBe(await zipIn.file(c)!.async("string"));
      // Planned again (the earlier outputs replaced), the user's chart is still there as it came.
      const again = path.join(dir, "again.xlsx");
      const second = await shanty("plan", output, "-o", again);
      expect(second.code).toBe(0);
      expect(second.out).toContain("替换上次生成的「年度计划」");
      expect(second.out).not.toContain("not carried into the output");
      const zipAgain = await JSZip.loadAsync(fs.readFileSync(again));
      for (const c of charts) expect(await zipAgain.file(c)!.async("string")).toBe(await zipIn.file(c)!.async("string"));
      await expectRichKept(again);
    },
  );

  it.each(["openpyxl-mini.xlsx", "openpyxl-formulas.xlsx", "openpyxl-rich.xlsx", "lo-mini.xlsx", "lo-ods-mini.xlsx", "lo-rich.xlsx"])(
    "recalc reads %s too (exit 0, input unchanged)",
    async (name) => {
      const file = path.join(FIXTURES, name);
      const before = fs.readFileSync(file);
      const output = path.join(dir, `recalc-${name}`);
      const { code } = await shanty("recalc", file, "-o", output);
      expect(code).toBe(0);
      expect(fs.statSync(output).size).toBeGreaterThan(0);
      expect(fs.readFileSync(file).equals(before)).toBe(true);
    },
  );

  it("the fixtures carry the writers' quirks the normalisation is for", async () => {
    const lo = await JSZip.loadAsync(fs.readFileSync(path.join(FIXTURES, "lo-mini.xlsx")));
    expect(await lo.file("xl/tables/table1.xml")!.async("string")).not.toContain("tableStyleInfo");
    const py = await JSZip.loadAsync(fs.readFileSync(path.join(FIXTURES, "openpyxl-mini.xlsx")));
    expect(await py.file("xl/worksheets/_rels/sheet1.xml.rels")!.async("string")).toContain('Target="/xl/tables/table1.xml"');
    expect(py.file("xl/sharedStrings.xml")).toBeNull(); // openpyxl 3.0 writes inline strings
    const rich = await JSZip.loadAsync(fs.readFileSync(path.join(FIXTURES, "openpyxl-rich.xlsx")));
    expect(await rich.file("xl/comments/comment1.xml")!.async("string")).toContain("<text><t>批注：优先实施</t></text>");
  });

  it("formula cells without cached values (openpyxl: 债券还本付息 =2*10, =0*1): computed in memory, the same plan and report as with values", async () => {
    const { code, out, output } = await plan(path.join(FIXTURES, "openpyxl-formulas.xlsx"));
    expect(code).toBe(0);
    expect(out).toContain("3 formula cells had no cached value");
    expect(out).toContain(MINI_SENTENCE);
    expect(verdicts(out)).toEqual(MINI_VERDICTS);
    // openpyxl-mini.xlsx holds the same data with the values 20, 0, 0 typed in: the reports must be identical.
    const control = await plan(path.join(FIXTURES, "openpyxl-mini.xlsx"));
    expect(withoutRunTime(await reportValues(output))).toBe(withoutRunTime(await reportValues(control.output)));
  });

  it("formula cells that cannot be computed either (an unknown function): exit 4, each named, nothing written", async () => {
    const zip = await JSZip.loadAsync(fs.readFileSync(path.join(FIXTURES, "openpyxl-formulas.xlsx")));
    const sheet = "xl/worksheets/sheet2.xml"; // 现金流
    const xml = await zip.file(sheet)!.async("string");
    expect(xml).toContain("<f>2*10</f>");
    zip.file(sheet, xml.replace("<f>2*10</f>", "<f>NOSUCHFUNCTION(2)</f>"));
    const file = path.join(dir, "unknown.xlsx");
    fs.writeFileSync(file, await zip.generateAsync({ type: "nodebuffer" }));
    const { code, out, output } = await plan(file);
    expect(code).toBe(4);
    expect(out).toContain("以下 1 个单元格是公式但没有计算结果");
    expect(out).toContain("现金流!E2");
    expect(out).not.toContain("现金流!E3"); // =0*1 was computed
    expect(fs.existsSync(output)).toBe(false);
  });
});

describeWith("soffice", "the sample re-saved by LibreOffice Calc", () => {
  it("as .xlsx directly: the sample's plan and verdicts", async () => {
    const lo = convertWithLibreOffice(SAMPLE_FILE, "xlsx", path.join(dir, "lo"));
    const { code, out } = await plan(lo);
    expect(code).toBe(0);
    expect(out).toContain(SAMPLE_SENTENCE);
    expect(verdicts(out)).toEqual(SAMPLE_VERDICTS);
  }, 120_000);

  it("through .ods and back to .xlsx: the sample's plan and verdicts; LibreOffice opens the output again", async () => {
    const ods = convertWithLibreOffice(SAMPLE_FILE, "ods", path.join(dir, "ods"));
    const back = convertWithLibreOffice(ods, "xlsx", path.join(dir, "back"));
    const { code, out, output } = await plan(back);
    expect(code).toBe(0);
    expect(out).toContain(SAMPLE_SENTENCE);
    expect(verdicts(out)).toEqual(SAMPLE_VERDICTS);
    // The file we wrote is one LibreOffice reads: converting it again gives an .ods.
    expect(fs.statSync(convertWithLibreOffice(output, "ods", path.join(dir, "again"))).size).toBeGreaterThan(0);
  }, 180_000);

  it("our own openpyxl workbook re-saved by LibreOffice (directly and through .ods): the hand-computed plan", async () => {
    const src = path.join(dir, "mini.xlsx");
    runPython(fs.readFileSync(MAKE_FIXTURES, "utf8"), "mini", src);
    await expectMiniPlan(convertWithLibreOffice(src, "xlsx", path.join(dir, "lo")));
    const ods = convertWithLibreOffice(src, "ods", path.join(dir, "ods"));
    await expectMiniPlan(convertWithLibreOffice(ods, "xlsx", path.join(dir, "back")));
  }, 180_000);
});

describeWith("both", "a user's richer workbook written by openpyxl, and re-saved by LibreOffice", () => {
  it("the plan, and everything besides the tables kept in the output", async () => {
    const src = path.join(dir, "rich.xlsx");
    runPython(fs.readFileSync(MAKE_FIXTURES, "utf8"), "rich", src);
    await expectRichKept((await expectMiniPlanOutput(src)).output);
    await expectRichKept((await expectMiniPlanOutput(convertWithLibreOffice(src, "xlsx", path.join(dir, "lo")))).output);
  }, 120_000);
});

describeWith("openpyxl", "workbooks written by openpyxl", () => {
  it("the sample loaded and saved unchanged by openpyxl: the sample's plan and verdicts; openpyxl reads the output", async () => {
    const py = path.join(dir, "py.xlsx");
    runPython("import openpyxl, sys\nopenpyxl.load_workbook(sys.argv[1]).save(sys.argv[2])", SAMPLE_FILE, py);
    const { code, out, output } = await plan(py);
    expect(code).toBe(0);
    expect(out).toContain(SAMPLE_SENTENCE);
    expect(verdicts(out)).toEqual(SAMPLE_VERDICTS);
    const names = runPython("import openpyxl, sys\nprint(','.join(openpyxl.load_workbook(sys.argv[1]).sheetnames))", output).trim();
    expect(names.split(",")).toEqual(expect.arrayContaining(["项目库", "现金流", "年度计划", "资金平衡报告"]));
  }, 120_000);

  it.each(["mini", "plain"])(
    "our own workbook (%s) written by openpyxl: the hand-computed plan",
    async (variant) => {
      const src = path.join(dir, `${variant}.xlsx`);
      runPython(fs.readFileSync(MAKE_FIXTURES, "utf8"), variant, src);
      await expectMiniPlan(src);
    },
    120_000,
  );

  it("the sample's 债券还本付息 written as formulas without cached values: computed in memory, the sample's plan and report", async () => {
    // Each number v in 现金流 column E becomes the formula =v*1 (openpyxl stores no value for it).
    const py = path.join(dir, "bond-formulas.xlsx");
    const count = runPython(
      [
        "import openpyxl, sys",
        "wb = openpyxl.load_workbook(sys.argv[1]); ws = wb['现金流']; n = 0",
        "for row in ws.iter_rows(min_row=2, min_col=5, max_col=5):",
        "    c = row[0]",
        "    if isinstance(c.value, (int, float)):",
        "        c.value = '=%r*1' % c.value; n += 1",
        "wb.save(sys.argv[2]); print(n)",
      ].join("\n"),
      SAMPLE_FILE,
      py,
    ).trim();
    const sample = new ExcelJS.Workbook();
    await sample.xlsx.readFile(SAMPLE_FILE);
    const flows = sample.getWorksheet("现金流")!;
    const numeric: string[] = [];
    flows.getColumn(5).eachCell((cell, row) => {
      if (row > 1 && typeof cell.value === "number") numeric.push(`现金流!E${row}`);
    });
    expect(Number(count)).toBe(numeric.length);
    expect(numeric.length).toBeGreaterThan(100);
    // openpyxl also drops the cached values of the sample's own formulas (测算示例): they are computed too.
    let sampleFormulas = 0;
    sample.eachSheet((ws) =>
      ws.eachRow((row) => row.eachCell((cell) => void (cell.type === ExcelJS.ValueType.Formula && sampleFormulas++))),
    );
    const { code, out, output } = await plan(py);
    expect(code).toBe(0);
    expect(out).toContain(`${numeric.length + sampleFormulas} formula cells had no cached value`);
    expect(out).toContain(SAMPLE_SENTENCE);
    expect(verdicts(out)).toEqual(SAMPLE_VERDICTS);
    // The same report, to the fen, as the sample itself gives.
    const control = await plan(SAMPLE_FILE);
    expect(withoutRunTime(await reportValues(output))).toBe(withoutRunTime(await reportValues(control.output)));
  }, 120_000);
});
