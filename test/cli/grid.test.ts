import * as ExcelJS from "exceljs";
import { readGrid } from "../../src/cli/grid";
import { readPlanningWorkbook } from "../../src/workbook/read";

/* The ExcelJS grid adapter's part in the reader's rules: table totals rows and the 1904 date system. */

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const back = new ExcelJS.Workbook();
  await back.xlsx.load((await wb.xlsx.writeBuffer()) as ExcelJS.Buffer);
  return back;
}

describe("readGrid for the reader", () => {
  it("marks a table that shows its totals row; the reader does not read that row as a project", async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("项目库");
    ws.addTable({
      name: "ShantyProjects",
      ref: "A1",
      totalsRow: true,
      columns: [
        { name: "项目编号", totalsRowLabel: "汇总" },
        { name: "项目名称", totalsRowFunction: "none" },
        { name: "计划年度", totalsRowFunction: "none" },
        { name: "户数", totalsRowFunction: "sum" },
        { name: "建筑面积", totalsRowFunction: "sum" },
      ],
      rows: [
        ["P1", "甲", 2024, 10, 100],
        ["P2", "乙", 2024, 5, 50],
      ],
    });
    const grid = readGrid(await roundTrip(wb));
    expect(grid.sheets[0].tables).toEqual([{ name: "ShantyProjects", range: { row: 0, col: 0, rows: 4, cols: 5 }, totalsRow: true }]);
    const input = readPlanningWorkbook(grid);
    expect(input.projects.map((p) => p.id)).toEqual(["P1", "P2"]);
    expect(input.problems.filter((p) => p.severity === "error")).toEqual([]);
  });

  it("a 1904 date-system workbook: the grid says so and a date in a year column still gives its year", async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    const ws = wb.addWorksheet("项目库");
    ws.addRow(["项目编号", "项目名称", "计划年度", "户数", "建筑面积"]);
    ws.addRow(["P1", "甲", new Date(Date.UTC(2024, 0, 1)), 10, 100]);
    const grid = readGrid(await roundTrip(wb));
    expect(grid.date1904).toBe(true);
    // 2024-01-01 is serial 45292 in the 1900 system, 45292 − 1462 = 43830 in the 1904 one.
    expect(grid.sheets[0].values[1][2]).toBe(43830);
    expect(readPlanningWorkbook(grid).projects[0].planYear).toBe(2024);
  });
});
