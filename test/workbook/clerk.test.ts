import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { readGrid } from "../../src/cli/grid";
import { officeHost } from "../../src/excel/host";
import { readWorkbook } from "../../src/excel/read";
import { generateOutputs, templateSheets } from "../../src/workbook/generate";
import type { WorkbookGrid } from "../../src/workbook/model";
import { readPlanningWorkbook } from "../../src/workbook/read";
import { contextOf } from "../excel/mockExcel";
import { convertWithLibreOffice, describeWith } from "../support/realPrograms";
import { shanty } from "../support/shanty";
import { clerkMock, clerkWorkbook, ClerkOptions, toExcelJS } from "./clerkFixture";

/*
 * The issue's done-when: a clerk-style workbook (test/workbook/clerkFixture.ts: merged title row, blank row,
 * 万㎡ / 亩 / 亿元 / % units, full-width and comma-typed households, a date as 计划年度, a 合计 row, cash flows in
 * 亿元 by a unit row) gives exactly the sample district's plan and verdicts, through both hosts' adapters.
 *
 * Expected figures are the sample district's design (src/samples/district.ts header): 24 projects, 13161 户,
 * 128.34万㎡; 2024 — 8 projects, 3926 户, 385,700 ㎡ = 38.57万㎡; 2025 — 6, 4332, 48.89; 2026 — 10, 4903, 40.88
 * (8 + 6 + 10 = 24; 3926 + 4332 + 4903 = 13161; 38.57 + 48.89 + 40.88 = 128.34). Verdicts by the sample's
 * design: 19 self-balanced, PG-2026-01 片区, PG-2025-02 镇街, PG-2025-05 全区, PG-2025-06 extended, PG-2026-10 not.
 */

async function cliGrid(options: ClerkOptions = {}): Promise<WorkbookGrid> {
  const buffer = await toExcelJS(clerkWorkbook(options)).xlsx.writeBuffer();
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buffer as ExcelJS.Buffer);
  return readGrid(back);
}

async function paneGrid(options: ClerkOptions = {}): Promise<WorkbookGrid> {
  return readWorkbook(contextOf(clerkMock(clerkWorkbook(options))));
}

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-clerk-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

async function clerkFile(options: ClerkOptions = {}, name = "clerk.xlsx"): Promise<string> {
  const file = path.join(dir, name);
  await toExcelJS(clerkWorkbook(options)).xlsx.writeFile(file);
  return file;
}

describe("one reader, two adapters", () => {
  it("the clerk workbook read through the Office.js adapter and through the xlsx adapter gives identical projects, flows, parameters and messages", async () => {
    const viaCli = readPlanningWorkbook(await cliGrid());
    const viaPane = readPlanningWorkbook(await paneGrid());
    expect(viaCli.projects).toHaveLength(24);
    expect(viaCli.flows).toHaveLength(192); // 24 projects × 8 years
    expect(viaPane.projects).toEqual(viaCli.projects);
    expect([...viaPane.flows]).toEqual([...viaCli.flows]);
    expect(viaPane.params).toEqual(viaCli.params);
    expect(viaPane.problems).toEqual(viaCli.problems);
  });

  it("the same holds for a broken copy (a typo, a wrong 合计): the same messages at the same cells", async () => {
    const options: ClerkOptions = { householdsTotal: 13171, edit: [3, "改造户数（户）", "48O"] };
    const viaCli = readPlanningWorkbook(await cliGrid(options));
    const viaPane = readPlanningWorkbook(await paneGrid(options));
    expect(viaCli.problems.filter((p) => p.severity !== "notice").map((p) => p.code)).toEqual(["wbNotNumber"]);
    expect(viaPane.problems).toEqual(viaCli.problems);
  });
});

describe("the clerk workbook gives the sample's plan", () => {
  it("converts units exactly: 4.8635万㎡ → 48635 ㎡, 57.21 亩 → 38140 ㎡, 2.6 亿元 → 26000 万元, 100 % → 1", async () => {
    const input = readPlanningWorkbook(await cliGrid());
    const first = input.projects[0];
    // PG-2024-01: 48635 ㎡ typed 4.8635 (万㎡); land 38140 ㎡ = 38140 × 15 ÷ 10000 = 57.21 亩; 26000 万元 = 2.6 亿元.
    expect(first).toMatchObject({
      id: "PG-2024-01",
      buildingArea: 48635,
      resettleArea: 46800,
      devArea: 56160,
      landArea: 38140,
      investment: 26000,
      signRate: 1,
    });
    // 户数 typed "４１０" (full-width) on PG-2024-02, "1,117" on PG-2026-10; 计划年度 of PG-2025-02 entered as the date 2025-01-01.
    expect(input.projects[1].households).toBe(410);
    expect(input.projects[23].households).toBe(1117);
    expect(input.projects[9]).toMatchObject({ id: "PG-2025-02", planYear: 2025 });
    // Cash flows in 亿元 (unit row): PG-2024-01 cost 10400 万元 in 2024, typed 1.04.
    expect(input.flows.get(0)).toMatchObject({ projectId: "PG-2024-01", year: 2024, cost: 10400, income: 0 });
  });

  it("lists each conversion once, as a notice, at the right cell — no errors, no warnings", async () => {
    const { problems } = readPlanningWorkbook(await cliGrid());
    expect(problems.filter((p) => p.severity !== "notice")).toEqual([]);
    const at = (code: string) => problems.filter((p) => p.code === code).map((p) => `${p.sheet}!${p.address}`);
    expect(at("wbUnitConverted")).toEqual([
      "项目计划表!H2",
      "项目计划表!I2",
      "项目计划表!J2",
      "项目计划表!K2",
      "项目计划表!N2",
      "项目计划表!T2",
      "资金流量!C1",
      "资金流量!D1",
      "资金流量!E1",
    ]);
    expect(at("wbTypedFullWidth")).toEqual(["项目计划表!G4"]); // three cells, one notice
    expect(problems.find((p) => p.code === "wbTypedFullWidth")!.zh).toContain("有 3 个单元格用全角数字输入");
    expect(at("wbTypedThousands")).toEqual(["项目计划表!G27"]);
    // The date is reported where it is (F12, the 计划年度 cell), as the date it shows.
    expect(at("wbTypedDate")).toEqual(["项目计划表!F12"]);
    expect(problems.find((p) => p.code === "wbTypedDate")!.zh).toContain("F12“2025-01-01”读作 2025");
    expect(at("wbTotalRow")).toEqual(["项目计划表!B28"]);
  });

  it("shanty plan: 24 projects, 13161 户, 128.34万㎡, by year 8/6/10, 3926/4332/4903, 38.57/48.89/40.88; verdicts 19·1·1·1·1·1; notices printed", async () => {
    const input = await clerkFile();
    const out = path.join(dir, "out.xlsx");
    const run = await shanty("plan", input, "-o", out);
    expect(run.code).toBe(0);
    expect(run.out).toContain(
      "实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米。其中：——2024年，实施棚户区改造项目8个、3926户，改造建筑面积38.57万平方米。——2025年，实施棚户区改造项目6个、4332户，改造建筑面积48.89万平方米。——2026年，实施棚户区改造项目10个、4903户，改造建筑面积40.88万平方米。",
    );
    const verdicts = run.out.split("\n").find((l) => l.includes("verdicts:"))!;
    for (const v of ["项目自平衡 19", "片区平衡 1", "镇街平衡 1", "全区平衡 1", "延长平衡期限 1", "不能平衡 1"])
      expect(verdicts).toContain(v);
    expect(run.out).toContain("说明 notice  项目计划表!H2  列“建筑面积（万㎡）”单位为 万㎡，已换算为 ㎡（×10000）");
    expect(run.out).toContain("说明 notice  项目计划表!K2  列“用地面积（亩）”单位为 亩，已换算为 ㎡（×10000÷15）");
    expect(run.out).not.toContain("警告 warning");
    expect(run.out).not.toContain("错误 error");
    expect(fs.existsSync(out)).toBe(true);
  });

  it("generates exactly the sample template's plan sheet (by year 8/6/10 projects, 3926/4332/4903 户, 38.57/48.89/40.88 万㎡)", async () => {
    const now = new Date(Date.UTC(2026, 0, 5));
    const clerk = generateOutputs(await cliGrid(), ["plan"], { now }).sheets.find((s) => s.role === "plan")!;
    const byYear = clerk.rows.filter((r) => typeof r[1] === "string" && /^\d{4}年$/.test(r[1]) && typeof r[4] === "number");
    expect(byYear.map((r) => [r[1], r[4], r[5], r[6]])).toEqual([
      ["2024年", 8, 3926, 38.57],
      ["2025年", 6, 4332, 48.89],
      ["2026年", 10, 4903, 40.88],
    ]);
    const template = templateSheets(true);
    const sample = generateOutputs({ sheets: template.map((s) => ({ name: s.name, values: s.rows })), names: [] }, ["plan"], {
      now,
    }).sheets.find((s) => s.role === "plan")!;
    // Identical but for the source sheet's name in the notes and the fingerprint of the cells that carry it.
    const same = (rows: typeof clerk.rows) =>
      rows.map((r) => r.map((c) => (typeof c === "string" ? (c.startsWith("SHANTY-FP1:") ? "FP" : c.replace("项目计划表", "项目库")) : c)));
    expect(same(clerk.rows)).toEqual(same(sample.rows));
  });

  it("a wrong 合计 (13171 户) prints the mismatch warning with the cell and both numbers, and the plan is still made", async () => {
    const input = await clerkFile({ householdsTotal: 13171 });
    const run = await shanty("plan", input, "-o", path.join(dir, "out.xlsx"));
    expect(run.code).toBe(0);
    expect(run.out).toContain("警告 warning  项目计划表!G28  改造户数合计 13171 ≠ 各项目之和 13161");
    expect(run.out.match(/≠/g)).toHaveLength(2); // the zh and en text of the one warning
  });

  it("a bad cash-flow cell does not block the annual plan: shanty plan --only plan exits 0; the balance report names the cell", async () => {
    const input = await clerkFile({ flowEdit: [3, 2, "八千一百"] }); // PG-2024-01's 2027 income, row 3 + 3 = sheet row 6
    const plan = await shanty("plan", input, "-o", path.join(dir, "plan.xlsx"), "--only", "plan");
    expect(plan.code).toBe(0);
    expect(plan.out).not.toContain("资金流量!");
    const balance = await shanty("plan", input, "-o", path.join(dir, "balance.xlsx"), "--only", "balance");
    expect(balance.code).toBe(4);
    expect(balance.out).toContain("错误 error  资金流量!C6  第 6 行：“收入”应为数值，收到“八千一百”");
    expect(balance.out.match(/错误 error/g)).toHaveLength(1);
  });

  it("one typo in the project list gives one message (no orphaned cash flows, no cascade)", async () => {
    // PG-2024-04's households typed "48O" (letter O): its 8 cash-flow rows are not reported again.
    const g = generateOutputs(await cliGrid({ edit: [3, "改造户数（户）", "48O"] }));
    const messages = g.problems.filter((p) => p.severity !== "notice");
    expect(messages).toHaveLength(1);
    expect(messages[0]).toMatchObject({ severity: "error", code: "wbNotNumber", sheet: "项目计划表", address: "G6" });
    expect(messages[0].zh).toBe("第 6 行：“改造户数”应为数值，收到“48O”");
    expect(g.sheets).toEqual([]);
  });
});

describe("the task pane's path (officeHost on the fake Excel)", () => {
  it("generates the plan and the balance report of the clerk workbook one kind at a time, as the pane's buttons do, and writes them", async () => {
    const fake = clerkMock(clerkWorkbook());
    const host = officeHost((batch) => fake.run(batch));
    const plan = generateOutputs(await host.readWorkbook(), ["plan"]);
    expect(plan.problems.filter((p) => p.severity !== "notice")).toEqual([]);
    expect(plan.summary.sentence).toContain("实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米");
    const balance = generateOutputs(await host.readWorkbook(), ["balance"]);
    expect(balance.summary.verdicts).toEqual({ 项目自平衡: 19, 片区平衡: 1, 镇街平衡: 1, 全区平衡: 1, 延长平衡期限: 1, 不能平衡: 1 });
    await host.writeOutputs([...plan.sheets, ...balance.sheets]);
    expect(fake.sheets.map((s) => s.name)).toEqual(expect.arrayContaining(["项目计划表", "资金流量", "参数", "年度计划", "资金平衡报告"]));
  });
});

describeWith("soffice", "the clerk workbook saved once by LibreOffice", () => {
  it("reads the same projects, flows and parameters after LibreOffice re-saved it", async () => {
    const file = await clerkFile();
    const saved = convertWithLibreOffice(file, "xlsx", fs.mkdtempSync(path.join(dir, "lo-")));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(saved);
    const viaLibreOffice = readPlanningWorkbook(readGrid(wb));
    const direct = readPlanningWorkbook(await cliGrid());
    expect(viaLibreOffice.projects).toEqual(direct.projects);
    expect([...viaLibreOffice.flows]).toEqual([...direct.flows]);
    expect(viaLibreOffice.params).toEqual(direct.params);
    expect(viaLibreOffice.problems.filter((p) => p.severity !== "notice")).toEqual([]);
    const run = await shanty("plan", saved, "-o", path.join(dir, "out.xlsx"));
    expect(run.code).toBe(0);
    expect(run.out).toContain("实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米");
  }, 180_000);
});
