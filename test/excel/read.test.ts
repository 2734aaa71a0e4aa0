import { readWorkbook } from "../../src/excel/read";
import { contextOf, mockExcel } from "./mockExcel";

function projectRows(n: number): (string | number | null)[][] {
  const rows: (string | number | null)[][] = [["项目编号", "项目名称", "户数"]];
  for (let i = 1; i <= n; i++) rows.push([`P${i}`, `项目${i}`, i]);
  return rows;
}

describe("readWorkbook", () => {
  test("reads used ranges with their origin, blanks as null, tables and single-cell names with values", async () => {
    const fake = mockExcel({
      sheets: [
        {
          name: "项目库",
          origin: { row: 2, col: 1 },
          values: [
            ["项目编号", "项目名称", "户数"],
            ["P1", null, 12],
          ],
          tables: [{ name: "ShantyProjects", row: 2, col: 1, rows: 2, cols: 3 }],
        },
        { name: "参数", values: [["贴现率", 0.05]] },
        { name: "空表" },
      ],
      names: [
        { name: "贴现率", sheet: "参数", row: 0, col: 1 },
        { name: "SHANTY_OUTPUT_PROJECTS", sheet: "项目库", row: 0, col: 0 },
      ],
    });
    const grid = await readWorkbook(contextOf(fake));
    expect(grid.sheets.map((s) => s.name)).toEqual(["项目库", "参数", "空表"]);
    const projects = grid.sheets[0];
    expect(projects.origin).toEqual({ row: 2, col: 1 });
    expect(projects.values).toEqual([
      ["项目编号", "项目名称", "户数"],
      ["P1", null, 12],
    ]);
    expect(projects.tables).toEqual([{ name: "ShantyProjects", range: { row: 2, col: 1, rows: 2, cols: 3 } }]);
    expect(grid.sheets[2].values).toEqual([]);
    expect(grid.names).toEqual([
      { name: "贴现率", sheet: "参数", row: 0, col: 1, value: 0.05 },
      { name: "SHANTY_OUTPUT_PROJECTS", sheet: "项目库", row: 0, col: 0, value: null },
    ]);
  });

  test("numbers shown with a date format are marked as dates (absolute [row, col]); other numbers are not", async () => {
    const fake = mockExcel({
      sheets: [
        {
          name: "项目库",
          origin: { row: 1, col: 0 },
          values: [
            ["计划年度", "户数"],
            [45292, 20251],
          ],
        },
      ],
    });
    fake.sheets[0].cells.get("2,0")!.numberFormat = 'yyyy"年"m"月"d"日"';
    fake.sheets[0].cells.get("2,1")!.numberFormat = "#,##0";
    const grid = await readWorkbook(contextOf(fake));
    expect(grid.sheets[0].dates).toEqual([[2, 0]]);
  });

  test("a table showing its totals row is marked totalsRow (the reader then skips and checks that row)", async () => {
    const fake = mockExcel({
      sheets: [
        {
          name: "项目库",
          values: [
            ["项目编号", "项目名称"],
            ["P1", "甲"],
            ["汇总", null],
          ],
          tables: [{ name: "ShantyProjects", row: 0, col: 0, rows: 3, cols: 2 }],
        },
      ],
    });
    fake.sheets[0].tables[0].showTotals = true;
    const grid = await readWorkbook(contextOf(fake));
    expect(grid.sheets[0].tables).toEqual([{ name: "ShantyProjects", range: { row: 0, col: 0, rows: 3, cols: 2 }, totalsRow: true }]);
  });

  test("a name whose sheet was deleted (#REF!) is left out instead of failing the read", async () => {
    const fake = mockExcel({
      sheets: [
        { name: "A", values: [[1]] },
        { name: "B", values: [[2]] },
      ],
      names: [{ name: "onB", sheet: "B", row: 0, col: 0 }],
    });
    fake.sheets.splice(1, 1);
    fake.names[0].sheetId = undefined;
    const grid = await readWorkbook(contextOf(fake));
    expect(grid.names).toEqual([]);
  });

  test("takes two round trips for 10 rows and for 10,000 rows", async () => {
    const counts: number[] = [];
    for (const n of [10, 10_000]) {
      const fake = mockExcel({
        sheets: [
          { name: "项目库", values: projectRows(n) },
          { name: "其他", values: [["x"]] },
        ],
        names: [],
      });
      const context = contextOf(fake);
      const sync = jest.spyOn(context, "sync");
      const grid = await readWorkbook(context);
      expect(grid.sheets[0].values.length).toBe(n + 1);
      counts.push(sync.mock.calls.length);
    }
    expect(counts).toEqual([2, 2]);
  });
});

describe("the mock enforces Office.js load/sync rules", () => {
  test("a collection's items read before sync are the mock's error, not data", async () => {
    const fake = mockExcel({ sheets: [{ name: "S" }] });
    const sheets = contextOf(fake).workbook.worksheets;
    sheets.load("items/name");
    expect(sheets.items as unknown).toBe("Error, context.sync() was not called");
    await contextOf(fake).sync();
    expect(sheets.items.map((s) => s.name)).toEqual(["S"]);
  });

  test("loading a property the object does not have throws", () => {
    const fake = mockExcel({ sheets: [{ name: "S" }] });
    expect(() => contextOf(fake).workbook.worksheets.getItem("S").load("nonsense")).toThrow(/needs to be present/);
  });
});
