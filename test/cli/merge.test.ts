import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { mergeFiles, parseMergeArgs } from "../../src/cli/merge";
import { planFile } from "../../src/cli/plan";
import { writeTownWorkbooks } from "../../scripts/gen-town-workbooks";

/*
 * `shanty merge` on the sample district split into its four towns' submissions (one in a clerk's layout: title
 * row, 建筑面积 in 万㎡, 总投资 and cash flows in 亿元). Consolidated, they must give back the sample district's plan
 * exactly (实施方案 三: 24 projects, 13161 户, 128.34 万㎡) and its verdicts.
 */

let dir: string;
let towns: string[];
const quiet = () => {
  jest.spyOn(console, "log").mockImplementation(() => undefined);
  jest.spyOn(console, "error").mockImplementation(() => undefined);
};

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-merge-"));
  towns = await writeTownWorkbooks(path.join(dir, "towns"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
afterEach(() => jest.restoreAllMocks());

test("four town workbooks consolidate into the sample district's plan and verdicts", async () => {
  quiet();
  const out = path.join(dir, "district.xlsx");
  const merged = await mergeFiles(towns, out);
  expect(merged.code).toBe(0);
  expect(merged.result?.projects).toHaveLength(24);
  // 7 + 6 + 5 + 6 projects: 东关街道 7, 西城街道 6, 南湖镇 5, 北山镇 6 (src/samples/district.ts seeds).
  expect(Object.fromEntries(merged.result!.perFile.map((f) => [f.file, f.projects]))).toEqual({
    "东关街道.xlsx": 7,
    "西城街道.xlsx": 6,
    "南湖镇.xlsx": 5,
    "北山镇.xlsx": 6,
  });
  const plan = await planFile(out, path.join(dir, "district-plan.xlsx"));
  expect(plan.code).toBe(0);
  // The consolidated 项目库's 来源文件 / 来源位置 columns are the add-in's own: read silently, no warning.
  expect(plan.generation!.problems.filter((p) => p.severity !== "notice")).toEqual([]);
  const sentence = plan.generation!.summary.sentence;
  expect(sentence).toContain("实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米");
  expect(sentence).toContain("2024年，实施棚户区改造项目8个、3926户，改造建筑面积38.57万平方米");
  expect(sentence).toContain("2025年，实施棚户区改造项目6个、4332户，改造建筑面积48.89万平方米");
  expect(sentence).toContain("2026年，实施棚户区改造项目10个、4903户，改造建筑面积40.88万平方米");
  expect(plan.generation!.summary.verdicts).toEqual({
    项目自平衡: 19,
    片区平衡: 1,
    镇街平衡: 1,
    全区平衡: 1,
    延长平衡期限: 1,
    不能平衡: 1,
  });
});

test("the file order does not change the consolidated list", async () => {
  quiet();
  const a = await mergeFiles(towns, path.join(dir, "a.xlsx"));
  const b = await mergeFiles([...towns].reverse(), path.join(dir, "b.xlsx"));
  expect(b.result!.projects.map((p) => p.id)).toEqual(a.result!.projects.map((p) => p.id));
  expect(a.result!.projects[0].id).toBe("PG-2024-01");
});

test("a project id submitted by two towns is an error naming both files and cells, and nothing is written", async () => {
  quiet();
  // The 东关街道 workbook submitted a second time under another name: every id clashes.
  const copy = path.join(dir, "东关街道-重复.xlsx");
  fs.copyFileSync(towns[0], copy);
  const out = path.join(dir, "dup.xlsx");
  const merged = await mergeFiles([towns[0], copy], out);
  expect(merged.code).toBe(4);
  expect(fs.existsSync(out)).toBe(false);
  const dup = merged.result!.checks.find((c) => c.kind === "duplicateId" && c.zh.includes("PG-2024-01"))!;
  expect(dup.severity).toBe("error");
  // Row 2 of 项目库 holds PG-2024-01 in both files (header on row 1), column A = 项目编号.
  expect(dup.places).toEqual([
    { file: "东关街道.xlsx", sheet: "项目库", address: "A2" },
    { file: "东关街道-重复.xlsx", sheet: "项目库", address: "A2" },
  ]);
  expect(dup.zh).toContain("东关街道.xlsx 项目库!A2");
  expect(dup.zh).toContain("东关街道-重复.xlsx 项目库!A2");
});

test("arguments: inputs, -o and --district", () => {
  expect(parseMergeArgs(["a.xlsx", "b.xlsx", "-o", "d.xlsx", "--district=q.xlsx"])).toEqual({
    inputs: ["a.xlsx", "b.xlsx"],
    output: "d.xlsx",
    district: "q.xlsx",
    force: false,
  });
  expect(parseMergeArgs(["a.xlsx", "-o", "d.xlsx", "-f"])).toEqual({ inputs: ["a.xlsx"], output: "d.xlsx", force: true });
  expect(parseMergeArgs(["a.xlsx"])).toHaveProperty("error");
  expect(parseMergeArgs(["-o", "d.xlsx"])).toHaveProperty("error");
  expect(parseMergeArgs(["a.xlsx", "-o", "d.xlsx", "--bogus"])).toHaveProperty("error");
});

test("assets/samples/towns holds exactly what scripts/gen-town-workbooks.ts builds (rebuild with npm run gen:sample)", async () => {
  const { townWorkbookBytes, TOWNS_DIR } = await import("../../scripts/gen-town-workbooks");
  const built = await townWorkbookBytes();
  expect(fs.readdirSync(TOWNS_DIR).sort()).toEqual(built.map((b) => b.file).sort());
  for (const b of built) expect([b.file, fs.readFileSync(path.join(TOWNS_DIR, b.file)).equals(b.bytes)]).toEqual([b.file, true]);
});

describe("consolidate (in memory)", () => {
  const { consolidate } = jest.requireActual("../../src/workbook/consolidate") as typeof import("../../src/workbook/consolidate");
  const head = ["项目编号", "项目名称", "镇街", "计划年度", "户数", "建筑面积（㎡）", "核准状态", "核准意见"];
  const town = (label: string, rows: (string | number | null)[][], rate?: number) => ({
    label,
    grid: {
      sheets: [
        { name: "项目库", values: [head, ...rows] },
        ...(rate === undefined ? [] : [{ name: "参数", values: [["p_eduRate", rate]] }]),
      ],
      names: rate === undefined ? [] : [{ name: "p_eduRate", sheet: "参数", row: 0, col: 1, value: rate }],
    },
  });

  test("核准状态 and 核准意见 travel with their projects into the district's 项目库", () => {
    const r = consolidate([
      town("甲镇.xlsx", [
        ["A1", "甲一", "甲镇", 2024, 10, 100, "核准", null],
        ["A2", "甲二", "甲镇", 2024, 20, 200, "退回", "手续不全"],
      ]),
    ]);
    const sheet = r.sheets.find((s) => s.role === "projects")!;
    const header = sheet.rows[0];
    const status = header.indexOf("核准状态");
    const comment = header.indexOf("核准意见");
    expect(status).toBeGreaterThan(-1);
    expect(sheet.rows.slice(1).map((row) => [row[0], row[status], row[comment]])).toEqual([
      ["A1", "核准", null],
      ["A2", "退回", "手续不全"],
    ]);
  });

  test("a district workbook that leaves a parameter at its default does not override what the towns agree on", () => {
    const district = { label: "区.xlsx", grid: { sheets: [{ name: "参数", values: [["x"]] }], names: [] } };
    const r = consolidate(
      [
        town("甲镇.xlsx", [["A1", "甲一", "甲镇", 2024, 10, 100, "核准", null]], 0.05),
        town("乙镇.xlsx", [["B1", "乙一", "乙镇", 2024, 10, 100, "核准", null]], 0.05),
      ],
      { district },
    );
    expect(r.params.p_eduRate).toBe(0.05);
    expect(r.checks.filter((c) => c.kind === "parameterDiffers")).toEqual([]);
  });
});
