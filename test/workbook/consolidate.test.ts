import type { Cell, WorkbookGrid } from "../../src/workbook/model";
import { consolidate } from "../../src/workbook/consolidate";

/*
 * 来源位置: the consolidation names each project's cell in its town's file from the reader's own placement of the
 * table (title block, moved table, headers with a bracketed note), not by searching the header again.
 */

function town(label: string, values: Cell[][], origin?: { row: number; col: number }): { label: string; grid: WorkbookGrid } {
  return { label, grid: { sheets: [{ name: "项目库", values, ...(origin ? { origin } : {}) }], names: [] } };
}

describe("consolidate: the cells it names are the reader's", () => {
  // A clerk's layout: a title block on rows 1–3, the table from column B (序号 first), headers with 【必填】 notes.
  const titled = town("东关街道.xlsx", [
    ["东关街道2025年棚户区改造项目申报表", null, null, null, null, null, null, null],
    ["填报单位：东关街道办事处", null, null, null, null, null, null, null],
    [null, null, null, null, null, null, null, null],
    [null, "序号", "项目编号【必填】", "项目名称【必填】", "镇街", "计划年度", "户数", "建筑面积（㎡）"],
    [null, 1, "PG-1", "甲", "东关街道", 2025, 10, 100],
    [null, 2, "PG-2", "乙", "东关街道", 2025, 20, 200],
    [null, 3, "PG-3", "丙", "西城街道", 2025, 30, 300],
  ]);
  // A used range that starts at D3 (values[0][0] is D3): the table's header on sheet row 3, 项目编号 in column D.
  const moved = town(
    "南湖镇.xlsx",
    [
      ["项目编号", "项目名称", "所属镇街", "计划年度", "户数", "建筑面积"],
      ["NH-1", "丁", "南湖镇", 2026, 5, 50],
    ],
    { row: 2, col: 3 },
  );

  const result = consolidate([titled, moved]);

  it("来源位置 of each project is its 项目编号 cell: C5, C6, C7 in the titled file (row 4 is the header), D4 in the moved one", () => {
    expect(result.checks.filter((c) => c.severity === "error")).toEqual([]);
    expect(result.projects.map((p) => [p.id, p.source.file, p.source.sheet, p.source.address])).toEqual([
      ["PG-1", "东关街道.xlsx", "项目库", "C5"],
      ["PG-2", "东关街道.xlsx", "项目库", "C6"],
      ["PG-3", "东关街道.xlsx", "项目库", "C7"],
      ["NH-1", "南湖镇.xlsx", "项目库", "D4"],
    ]);
    const projectSheet = result.sheets.find((s) => s.name === "项目库")!;
    const header = projectSheet.rows[0];
    const at = header.indexOf("来源位置");
    expect(projectSheet.rows.slice(1).map((r) => r[at])).toEqual(["项目库!C5", "项目库!C6", "项目库!C7", "项目库!D4"]);
  });

  it("a project under another town is named at its 镇街 cell (E7: column E of the table that starts at B)", () => {
    const mismatch = result.checks.filter((c) => c.kind === "townMismatch");
    expect(mismatch.map((c) => c.places)).toEqual([[{ file: "东关街道.xlsx", sheet: "项目库", address: "E7" }]]);
  });
});
