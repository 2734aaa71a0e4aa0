import * as ExcelJS from "exceljs";
import { readGrid } from "../../src/cli/grid";
import { writeSheets } from "../../src/cli/sheets";
import { splitByApproval } from "../../src/workbook/approval";
import { appendColumns } from "../../src/workbook/consolidate";
import { generateOutputs, templateSheets } from "../../src/workbook/generate";
import type { Cell } from "../../src/workbook/model";

/*
 * 核准 (实施方案 四(一)): with a 核准状态 column in 项目库 only 核准 projects enter the annual plan, the report sentence
 * and the balance report; 退回 and 申报中 projects are listed on their own with their 核准意见.
 */

const RETURNED: Record<string, string> = { "PG-2026-02": "征收补偿方案未经听证", "PG-2026-09": "用地手续不全，下年度再报" };

/** The sample workbook with 核准状态/核准意见 filled in: every project 核准 except the two returned. */
async function reviewedSample(status: (id: string) => Cell = (id) => (RETURNED[id] ? "退回" : "核准")) {
  const sheets = templateSheets(true);
  const projects = sheets[0];
  const ids = projects.rows.slice(1).map((r) => String(r[0]));
  sheets[0] = appendColumns(
    projects,
    ["核准状态", "核准意见"],
    ids.map((id) => [status(id), RETURNED[id] ?? null]),
  );
  const workbook = new ExcelJS.Workbook();
  writeSheets(workbook, sheets, { replaceOwned: false });
  const reread = new ExcelJS.Workbook();
  await reread.xlsx.load((await workbook.xlsx.writeBuffer()) as ArrayBuffer);
  return readGrid(reread);
}

test("two projects 退回: the plan counts 22 projects and lists the two with their reasons", async () => {
  const g = generateOutputs(await reviewedSample(), ["plan", "balance"], { now: new Date(Date.UTC(2026, 11, 1)) });
  expect(g.problems.filter((p) => p.severity === "error")).toEqual([]);
  expect(g.summary.projectCount).toBe(22);
  // 13161 − 318 (PG-2026-02) − 289 (PG-2026-09) = 12554 户; 1,283,400 − 26,124 − 24,636 = 1,232,640 ㎡ = 123.26 万㎡;
  // 2026: 10 − 2 = 8 projects, 4903 − 607 = 4296 户, 408,800 − 50,760 = 358,040 ㎡ = 35.80 万㎡.
  expect(g.summary.sentence).toContain("实施棚户区改造项目22个、12554户，改造建筑面积123.26万平方米");
  expect(g.summary.sentence).toContain("2026年，实施棚户区改造项目8个、4296户，改造建筑面积35.80万平方米");
  expect(g.summary.leftOut).toEqual([
    { id: "PG-2026-02", name: "站北路棚户区改造项目", status: "退回", comment: "征收补偿方案未经听证" },
    { id: "PG-2026-09", name: "北山老街棚户区改造项目", status: "退回", comment: "用地手续不全，下年度再报" },
  ]);
  const verdictTotal = Object.values(g.summary.verdicts).reduce((a, b) => a + b, 0);
  expect(verdictTotal).toBe(22);
  const left = g.sheets.find((s) => s.role === "approval")!;
  expect(left.rows.slice(3).map((r) => [r[1], r[4], r[5]])).toEqual([
    ["PG-2026-02", "退回", "征收补偿方案未经听证"],
    ["PG-2026-09", "退回", "用地手续不全，下年度再报"],
  ]);
});

test("a blank status in a reviewed table is 申报中: a project enters the plan only by being approved", async () => {
  const g = generateOutputs(await reviewedSample((id) => (id === "PG-2024-01" ? null : "核准")), ["plan"]);
  expect(g.summary.projectCount).toBe(23);
  expect(g.summary.leftOut).toEqual([{ id: "PG-2024-01", name: "东关南街棚户区改造项目", status: "申报中" }]);
});

test("without a 核准状态 column every project counts, as before", () => {
  const split = splitByApproval([
    { id: "A", name: "a" },
    { id: "B", name: "b" },
  ]);
  expect(split).toEqual({
    reviewed: false,
    counted: [
      { id: "A", name: "a" },
      { id: "B", name: "b" },
    ],
    pending: [],
    returned: [],
  });
});
