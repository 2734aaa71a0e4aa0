import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import JSZip from "jszip";
import * as via from "../../src/cli/plan/viaExcelJs";
import { readGrid } from "../../src/cli/grid";
import type { Cell, WorkbookGrid } from "../../src/workbook/model";
import { readPlanningWorkbook } from "../../src/workbook/read";
import {
  applyMapping,
  mappingSheet,
  parseMapArgument,
  parseMapArguments,
  storedMapping,
  suggestMapping,
} from "../../src/workbook/reader/mapping";
import { shanty } from "../support/shanty";

/*
 * Mapping when the contract does not fit: the closest sheet is named with the columns it lacks, the user maps
 * columns (CLI --map, the task pane through suggestMapping/applyMapping/mappingSheet), and the mapping stored in
 * the workbook makes the next run need nothing.
 */

/** A list whose 户数 and 建筑面积 columns carry words the contract does not know. */
const ODD: Cell[][] = [
  ["棚改项目一览表", null, null, null, null],
  ["项目编号", "项目名称", "计划年度", "拆迁户数(户)", "房屋面积(㎡)"],
  ["P1", "甲", 2024, 100, 1000],
  ["P2", "乙", 2025, 50, 500],
];
const oddGrid = (): WorkbookGrid => ({
  sheets: [
    { name: "Sheet1", values: [["说明"]] },
    { name: "清单", values: ODD },
  ],
  names: [],
});

describe("no project table: name the closest sheet and what it lacks", () => {
  it("one error naming sheet 清单, row 2, and the required columns 户数 and 建筑面积", () => {
    const { problems } = readPlanningWorkbook(oddGrid());
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "wbClosestTable", sheet: "清单", address: "A2", severity: "error" });
    expect(problems[0].zh).toContain("最接近的是工作表“清单”第 2 行的表头，缺少必需列 “户数”“建筑面积（㎡）”");
    expect(problems[0].zh).toContain("--map 户数=列名");
  });

  it("suggestMapping proposes the headers that contain the fields' words", () => {
    const s = suggestMapping(oddGrid())!;
    expect(s).toMatchObject({ sheet: "清单", row: 1, col: 0 });
    expect(s.missing.map((m) => m.key)).toEqual(["households", "buildingArea"]);
    // "拆迁户数(户)" contains 户数; "房屋面积" contains none of 建筑面积's words (建筑面积/改造面积/…) → no proposal.
    expect(s.proposal).toEqual({ households: "拆迁户数(户)" });
    expect(
      suggestMapping({ sheets: [{ name: "项目库", values: [["项目编号", "项目名称", "计划年度", "户数", "建筑面积"]] }], names: [] }),
    ).toBeUndefined();
  });
});

describe("applying a mapping", () => {
  it("parseMapArgument: field by Chinese name, alias, English or key; 现金流. prefix for cash-flow columns; bad ones are problems", () => {
    expect(parseMapArgument("户数=拆迁户数(户)")).toEqual({ mapping: { projects: { households: "拆迁户数(户)" }, flows: {} } });
    expect(parseMapArgument("building area=房屋面积(㎡)")).toEqual({ mapping: { projects: { buildingArea: "房屋面积(㎡)" }, flows: {} } });
    expect(parseMapArgument("现金流.收入=资金流入")).toEqual({ mapping: { projects: {}, flows: { income: "资金流入" } } });
    const bad = parseMapArguments(["户数", "人口=常住人口"]);
    expect(bad.problems.map((p) => p.code)).toEqual(["wbMapSyntax", "wbMapFieldUnknown"]);
  });

  it("with the mapping, the odd list reads: units of the mapped headers apply, each mapped column is a notice", () => {
    const { mapping } = parseMapArguments(["户数=拆迁户数(户)", "建筑面积=房屋面积(㎡)"]);
    const input = readPlanningWorkbook(oddGrid(), { mapping });
    expect(input.problems.filter((p) => p.severity !== "notice")).toEqual([]);
    expect(input.projects.map((p) => [p.id, p.households, p.buildingArea])).toEqual([
      ["P1", 100, 1000],
      ["P2", 50, 500],
    ]);
    expect(input.problems.filter((p) => p.code === "wbMappedColumn").map((p) => p.address)).toEqual(["D2", "E2"]);
  });

  it("applyMapping stores it as SHANTY_MAP_ names the reader finds by itself; mappingSheet is what a host writes", () => {
    const mapping = parseMapArguments(["户数=拆迁户数(户)", "建筑面积=房屋面积(㎡)"]).mapping;
    const stored = applyMapping(oddGrid(), mapping);
    expect(storedMapping(stored)).toEqual(mapping);
    expect(readPlanningWorkbook(stored).projects).toHaveLength(2);
    const sheet = mappingSheet(mapping);
    expect(sheet.namedCells.map((n) => n.name)).toEqual(["SHANTY_MAP_P_households", "SHANTY_MAP_P_buildingArea"]);
    expect(sheet.rows[sheet.namedCells[0].row][sheet.namedCells[0].col]).toBe("拆迁户数(户)");
  });

  it("a mapped header not in the row is a warning, and the contract's own words still apply", () => {
    const input = readPlanningWorkbook(
      {
        sheets: [
          {
            name: "项目库",
            values: [
              ["项目编号", "项目名称", "计划年度", "户数", "建筑面积"],
              ["P1", "甲", 2024, 1, 1],
            ],
          },
        ],
        names: [],
      },
      { mapping: { projects: { households: "改造户数" }, flows: {} } },
    );
    expect(input.projects).toHaveLength(1);
    expect(input.problems.filter((p) => p.severity !== "notice").map((p) => p.code)).toEqual(["wbMappedMissing"]);
  });
});

describe("shanty plan --map", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-map-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  async function oddFile(): Promise<string> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("清单");
    ODD.forEach((r, i) => r.forEach((v, j) => v !== null && (ws.getCell(i + 1, j + 1).value = v)));
    const file = path.join(dir, "odd.xlsx");
    await wb.xlsx.writeFile(file);
    return file;
  }

  it("without --map: exit 4 naming the closest sheet; with --map (twice): exit 0; the output remembers it, so its next run needs no --map", async () => {
    const input = await oddFile();
    const first = await shanty("plan", input, "-o", path.join(dir, "x.xlsx"), "--only", "plan");
    expect(first.code).toBe(4);
    expect(first.out).toContain("清单!A2");

    const out1 = path.join(dir, "out1.xlsx");
    const mapped = await shanty("plan", input, "-o", out1, "--only", "plan", "--map", "户数=拆迁户数(户)", "--map=建筑面积=房屋面积(㎡)");
    expect(mapped.code).toBe(0);
    expect(mapped.out).toContain("实施棚户区改造项目2个、150户");

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out1);
    expect(wb.getWorksheet("shanty_settings")!.state).toBe("hidden");
    expect(storedMapping(readGrid(wb)).projects).toEqual({ households: "拆迁户数(户)", buildingArea: "房屋面积(㎡)" });

    const again = await shanty("plan", out1, "-o", path.join(dir, "out2.xlsx"), "--only", "plan");
    expect(again.code).toBe(0);
    expect(again.out).toContain("实施棚户区改造项目2个、150户");
  });

  it("--map on the package path: the same stored mapping and settings sheet as the ExcelJS path; mapped again, the sheet is replaced in its place", async () => {
    const input = await oddFile();
    const args = ["--only", "plan", "--map", "户数=拆迁户数(户)", "--map=建筑面积=房屋面积(㎡)"];
    const viaPackage = path.join(dir, "package.xlsx");
    const viaExcelJs = path.join(dir, "exceljs.xlsx");
    const spy = jest.spyOn(via, "planViaExcelJs");
    expect((await shanty("plan", input, "-o", viaPackage, ...args)).code).toBe(0);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
    process.env.SHANTY_PLAN_VIA_EXCELJS = "1";
    try {
      expect((await shanty("plan", input, "-o", viaExcelJs, ...args)).code).toBe(0);
    } finally {
      delete process.env.SHANTY_PLAN_VIA_EXCELJS;
    }
    const settings = async (file: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const ws = wb.getWorksheet("shanty_settings")!;
      const cells: unknown[][] = [];
      ws.eachRow((row, r) => row.eachCell((c, col) => ((cells[r - 1] ??= [])[col - 1] = c.value)));
      const names = wb.definedNames.model.filter((n) => n.name.startsWith("SHANTY_MAP_")).map((n) => [n.name, n.ranges]);
      return {
        state: ws.state,
        width: ws.getColumn(3).width,
        cells,
        names,
        stored: storedMapping(readGrid(wb)),
        sheets: wb.worksheets.length,
      };
    };
    const a = await settings(viaPackage);
    expect(a).toEqual(await settings(viaExcelJs));
    expect(a.state).toBe("hidden");
    expect(a.stored.projects).toEqual({ households: "拆迁户数(户)", buildingArea: "房屋面积(㎡)" });
    // Mapped again with one header changed: one settings sheet, the new mapping merged over the stored one.
    const again = path.join(dir, "again.xlsx");
    const spy2 = jest.spyOn(via, "planViaExcelJs");
    expect((await shanty("plan", viaPackage, "-o", again, "--only", "plan", "--map", "户数=拆迁户数(户)")).code).toBe(0);
    expect(spy2).not.toHaveBeenCalled();
    spy2.mockRestore();
    const b = await settings(again);
    expect(b.sheets).toBe(a.sheets);
    expect(b.stored.projects).toEqual({ households: "拆迁户数(户)", buildingArea: "房屋面积(㎡)" });
    expect(b.names).toEqual(a.names);
    const zipA = await JSZip.loadAsync(fs.readFileSync(viaPackage));
    const zipB = await JSZip.loadAsync(fs.readFileSync(again));
    expect(Object.keys(zipB.files).sort()).toEqual(Object.keys(zipA.files).sort());
  });

  it("a malformed --map is a usage error (exit 1), nothing read or written", async () => {
    const input = await oddFile();
    const r = await shanty("plan", input, "-o", path.join(dir, "x.xlsx"), "--map", "人口=常住人口");
    expect(r.code).toBe(1);
    expect(r.out).toContain("字段“人口”无法识别");
    expect(fs.existsSync(path.join(dir, "x.xlsx"))).toBe(false);
  });
});
