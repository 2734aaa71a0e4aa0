import { officeHost, BatchRunner } from "../../src/excel/host";
import { TaskPaneController, PaneState } from "../../src/taskpane/controller";
import { readPlanningWorkbook } from "../../src/workbook/read";
import { createFakeExcel, FakeExcel, InitialWorkbook } from "./fakeExcel";

/*
 * The 核准 step (issue 18 item 3) against the in-memory Excel: the selected project rows get their 核准状态 /
 * 核准意见 cells written, the columns are added right of the project table when missing (the Excel table grows),
 * and nothing else changes; the one reader then reads the statuses back.
 */

const HEAD = ["项目编号", "项目名称", "计划年度", "户数", "建筑面积（㎡）"];
const BODY = [
  ["P1", "东街", 2026, 100, 5000],
  ["P2", "西街", 2026, 80, 4000],
  ["P3", "南街", 2027, 60, 3000],
];

function setup(initial: InitialWorkbook, selection?: { sheet: string; address: string }) {
  const fake = createFakeExcel(initial);
  if (selection) fake.selection = selection;
  const states: PaneState[] = [];
  const controller = new TaskPaneController(officeHost(fake.run as unknown as BatchRunner), (s) => states.push(s));
  return { fake, controller, states };
}

async function statuses(fake: FakeExcel) {
  const grid = await officeHost(fake.run as unknown as BatchRunner).readWorkbook();
  return readPlanningWorkbook(grid, { kinds: ["plan"] }).projects.map((p) => [p.id, p.approvalStatus ?? null, p.approvalComment ?? null]);
}

/** Cells of the snapshot, minus the ones listed ("row,col"). */
function cellsExcept(fake: FakeExcel, sheet: string, except: string[]) {
  const s = fake.sheet(sheet)!;
  return [...s.cells.entries()].filter(([k]) => !except.includes(k)).map(([k, c]) => [k, c.value]);
}

describe("核准: writing the status of the selected project rows", () => {
  test("an Excel table without the columns gains 核准状态 and 核准意见 at its right; only the selected rows are set", async () => {
    // title in A1, header in row 2 (index 1), P1…P3 in rows 3–5 (indexes 2–4), table A2:E5
    const { fake, controller } = setup(
      {
        sheets: [
          {
            name: "项目库",
            values: [["某区棚改项目库"], HEAD, ...BODY],
            tables: [{ name: "ShantyProjects", row: 1, col: 0, rows: 4, cols: 5 }],
          },
        ],
      },
      { sheet: "项目库", address: "B3:C4" },
    );
    const before = cellsExcept(fake, "项目库", []);
    const syncs = fake.stats.syncs;
    await controller.setApproval("核准", "");
    expect(controller.current.error).toBeUndefined();
    // 1 (selection) + 2 (read) + 1 (writes)
    expect(fake.stats.syncs - syncs).toBe(4);
    const table = fake.sheet("项目库")!.tables[0];
    expect([table.col, table.cols, table.row, table.rows]).toEqual([0, 7, 1, 4]);
    // F2 / G2 headers (col 5, 6), F3 and F4 核准 (rows 2, 3), F5 blank; G (comment) blank as no comment was given
    const vals = fake.valuesOf("项目库");
    expect(vals[1].slice(5)).toEqual(["核准状态", "核准意见"]);
    expect(vals.slice(2).map((r) => r[5] ?? "")).toEqual(["核准", "核准", ""]);
    expect(cellsExcept(fake, "项目库", ["1,5", "1,6", "2,5", "3,5"])).toEqual(before);
    expect(controller.current.notice?.zh).toBe(
      "已将 2 个项目（P1、P2）设为“核准”，写入 项目库!F3:F4。已在项目表右侧添加 “核准状态”、“核准意见” 列。",
    );
    expect(await statuses(fake)).toEqual([
      ["P1", "核准", null],
      ["P2", "核准", null],
      ["P3", null, null],
    ]);
  });

  test("existing columns: 退回 with a comment writes both cells of the selected rows; a comment starting with = stays text", async () => {
    const head = [...HEAD, "核准状态", "核准意见"];
    const body = BODY.map((r) => [...r, "申报", null]);
    const { fake, controller } = setup({ sheets: [{ name: "项目库", values: [head, ...body] }] }, { sheet: "项目库", address: "A3:G4" });
    const before = cellsExcept(fake, "项目库", ["2,5", "2,6", "3,5", "3,6"]);
    await controller.setApproval("退回", " =资金来源未落实 ");
    expect(controller.current.error).toBeUndefined();
    expect(cellsExcept(fake, "项目库", ["2,5", "2,6", "3,5", "3,6"])).toEqual(before);
    expect(fake.sheet("项目库")!.cells.get("2,6")?.formula).toBeUndefined();
    expect(await statuses(fake)).toEqual([
      ["P1", "申报", null],
      ["P2", "退回", "=资金来源未落实"],
      ["P3", "退回", "=资金来源未落实"],
    ]);
  });

  test("a selection over the header and a 合计 row writes only the project rows", async () => {
    // header row 1 (index 0), P1…P3 rows 2–4, 合计 row 5 (index 4): households 100+80+60 = 240, area 5000+4000+3000 = 12000
    const { fake, controller } = setup(
      { sheets: [{ name: "项目库", values: [HEAD, ...BODY, ["合计", null, null, 240, 12000]] }] },
      { sheet: "项目库", address: "A1:A5" },
    );
    await controller.setApproval("申报", "");
    const vals = fake.valuesOf("项目库");
    expect(vals.map((r) => r[5] ?? "")).toEqual(["核准状态", "申报", "申报", "申报", ""]);
    expect(controller.current.notice?.zh).toContain("所选区域中其余的行不是项目行，未改动。");
  });

  test.each([
    ["another sheet", { sheet: "参数", address: "A1" }],
    ["the header row only", { sheet: "项目库", address: "A1:E1" }],
    ["rows below the table", { sheet: "项目库", address: "A10" }],
  ])("a selection on %s writes nothing and says where to select, Chinese first", async (_what, selection) => {
    const { fake, controller } = setup(
      {
        sheets: [
          { name: "项目库", values: [HEAD, ...BODY] },
          { name: "参数", values: [["贴现率", 0.05]] },
        ],
      },
      selection,
    );
    const before = JSON.stringify(fake.snapshot());
    await controller.setApproval("核准", "");
    expect(JSON.stringify(fake.snapshot())).toBe(before);
    expect(controller.current.notice?.kind).toBe("warning");
    expect(controller.current.notice?.zh).toContain("不在项目库的项目行中。请在“项目库”工作表中选中项目行（A2:E4）");
    expect(controller.current.notice?.en).toContain("not project rows");
  });

  test("a non-blank cell where a column would be added: nothing is written", async () => {
    // table A1:E4; F3 holds a note of the user's
    const { fake, controller } = setup(
      {
        sheets: [
          {
            name: "项目库",
            values: [HEAD, ...BODY.map((r, i) => (i === 1 ? [...r, "待补资料"] : r))],
            tables: [{ name: "ShantyProjects", row: 0, col: 0, rows: 4, cols: 5 }],
          },
        ],
      },
      { sheet: "项目库", address: "A2" },
    );
    const before = JSON.stringify(fake.snapshot());
    await controller.setApproval("核准", "");
    expect(JSON.stringify(fake.snapshot())).toBe(before);
    expect(controller.current.notice?.zh).toBe(
      "要在“项目库”工作表 F 列添加“核准状态”列，但单元格 F3 不是空的；为保护数据未作更改。请在项目表中自行添加“核准状态”列后重试。",
    );
  });

  test("no selection (the host fails getSelectedRange): a bilingual error, nothing written", async () => {
    const { fake, controller } = setup({ sheets: [{ name: "项目库", values: [HEAD, ...BODY] }] });
    const before = JSON.stringify(fake.snapshot());
    await controller.setApproval("核准", "");
    expect(JSON.stringify(fake.snapshot())).toBe(before);
    expect(controller.current.error?.zh).toMatch(/^无法读取所选单元格/);
  });
});
