import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { shanty } from "../support/shanty";

/*
 * 小计 checks through `shanty plan`, on an .xlsx a clerk might send: a typo in the first group's project does not
 * silence the 小计 checks of the groups below it. The wrong 小计 further down is printed with its cell and both
 * numbers; the 小计 over the typo is named as not checked.
 */

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-subtotals-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

test("a typo above a 小计 disables only that 小计; a wrong 小计 below is still a warning with its cell and both numbers", async () => {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("项目计划表");
  ws.addRows([
    ["某区2025年棚户区改造项目计划表"],
    ["序号", "项目编号", "项目名称", "计划年度", "改造户数（户）", "建筑面积（㎡）"],
    [1, "PG-1", "甲", 2025, 100, 1000],
    [2, "PG-2", "乙", 2025, "6l", 500], // typo: letter l
    ["东关街道小计", null, null, null, 161, 1500], // over the typo: not checked
    [3, "PG-3", "丙", 2025, 40, 400],
    [4, "PG-4", "丁", 2025, 30, 300],
    ["西城街道小计", null, null, null, 80, 700], // 40 + 30 = 70 ≠ 80; 400 + 300 = 700
  ]);
  const input = path.join(dir, "plan-in.xlsx");
  await wb.xlsx.writeFile(input);
  const run = await shanty("plan", input, "-o", path.join(dir, "out.xlsx"), "--only", "plan");
  expect(run.code).toBe(4); // the typo is an error
  expect(run.out).toContain("项目计划表!E4");
  expect(run.out).toContain("警告 warning  项目计划表!E8  改造户数西城街道小计 80 ≠ 各项目之和 70 户（E8，第 6–7 行）");
  expect(run.out.match(/≠/g)).toHaveLength(2); // the zh and en text of the one warning
});
