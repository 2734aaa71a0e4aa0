import * as ExcelJS from "exceljs";
import { Dec } from "../../src/engine/decimal";
import { SAMPLE_DISTRICT } from "../../src/samples/district";
import { templateSheets } from "../../src/workbook/generate";
import type { Cell } from "../../src/workbook/model";
import type { FakeExcel, InitialWorkbook } from "../excel/fakeExcel";
import { mockExcel } from "../excel/mockExcel";

/*
 * A planning workbook laid out the way a district clerk lays it out, built from the sample district
 * (src/samples/district.ts): a merged title row above the header, a 序号 column, a blank row in the list,
 * 建筑面积/安置面积/开发面积 in 万㎡, 用地面积 in 亩, 总投资 in 亿元, 签约率 in %, a few 户数 typed as text with
 * full-width digits or a thousands separator, one 计划年度 entered as a date, a 合计 row at the bottom; cash
 * flows in 亿元 given by a unit row under the header. Same data as the sample, so the same plan and verdicts.
 *
 * One description, two hosts: toExcelJS (the CLI reads it from an .xlsx) and toMock (the task pane's Office.js
 * adapter reads it from the fake Excel). The Office.js grid holds date serials as numbers, as Excel gives them.
 */

export interface FixtureSheet {
  readonly name: string;
  readonly rows: readonly (readonly Cell[])[];
  /** Merged ranges, "A1:T1". */
  readonly merges?: readonly string[];
  readonly names?: readonly { name: string; row: number; col: number }[];
  /** Cells that are dates (Excel serial in rows; written as a Date into the .xlsx). */
  readonly dates?: readonly { row: number; col: number }[];
}

export interface ClerkOptions {
  /** Write this into the 合计 row's 户数 cell instead of the true 13161. */
  readonly householdsTotal?: Cell;
  /** Replace a project cell: [project index 0–23, column header, value]. */
  readonly edit?: readonly [number, string, Cell];
  /** Replace a cash-flow cell: [flow index 0–191, column 0–4, value]. */
  readonly flowEdit?: readonly [number, number, Cell];
}

/** 1.2345 exactly as a decimal, then to the nearest double (what a clerk typing 1.2345 stores). */
const div = (x: number, by: number) => new Dec(x).div(by).toNumber();
const mul = (x: number, by: number) => new Dec(x).times(by).toNumber();

/** Excel's serial of 1 January of a year (1900 date system): days since 1899-12-30. */
export function januaryFirstSerial(year: number): number {
  return (Date.UTC(year, 0, 1) - Date.UTC(1899, 11, 30)) / 86400000;
}

const FULL_WIDTH = (n: number) => String(n).replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

export const CLERK_PROJECT_HEADERS = [
  "序号",
  "项目编号",
  "项目名称",
  "镇街",
  "片区",
  "计划年度",
  "改造户数（户）",
  "建筑面积（万㎡）",
  "安置面积（万㎡）",
  "开发面积（万㎡）",
  "用地面积（亩）",
  "容积率上限",
  "投资主体",
  "总投资（亿元）",
  "房屋类型",
  "房龄（年）",
  "鉴定等级",
  "计划完成年度",
  "唯一住房",
  "签约率（%）",
  "交房率",
  "安全隐患评分",
  "居住条件评分",
  "周边环境评分",
] as const;

/** The clerk-style workbook's sheets: 项目计划表 (projects), 资金流量 (cash flows), 参数 (from the template). */
export function clerkWorkbook(options: ClerkOptions = {}): FixtureSheet[] {
  const projects = SAMPLE_DISTRICT.projects;
  const title = "示例区2024—2026年棚户区改造项目计划表";
  const rows: Cell[][] = [[title, ...CLERK_PROJECT_HEADERS.slice(1).map(() => null)], [...CLERK_PROJECT_HEADERS]];
  const dates: { row: number; col: number }[] = [];
  projects.forEach((p, i) => {
    if (i === 12) rows.push(CLERK_PROJECT_HEADERS.map(() => null)); // a blank row in the list
    // 户数 as a clerk types it: three in full-width digits, the one above 1,000 with a thousands separator.
    const households: Cell =
      i === 1 || i === 9 || i === 17
        ? FULL_WIDTH(p.households)
        : p.households >= 1000
          ? p.households.toLocaleString("en-US")
          : p.households;
    const planYear: Cell = i === 9 ? januaryFirstSerial(p.planYear) : p.planYear;
    if (i === 9) dates.push({ row: rows.length, col: 5 });
    const line: Cell[] = [
      i + 1,
      p.id,
      p.name,
      p.town,
      p.area,
      planYear,
      households,
      div(p.buildingArea, 10000),
      div(p.resettleArea, 10000),
      div(p.devArea, 10000),
      div(mul(p.landArea, 15), 10000), // 亩 = ㎡ × 15 ÷ 10000
      p.maxFar,
      p.investor,
      div(p.investment, 10000),
      p.houseType,
      p.ageYears,
      p.rating || null,
      p.plannedEndYear,
      p.onlyHome ? "是" : "否",
      mul(p.signRate, 100),
      i % 5 === 0 ? `${mul(p.handoverRate, 100)}%` : p.handoverRate,
      p.safety,
      p.living,
      p.environment,
    ];
    if (options.edit && options.edit[0] === i) line[CLERK_PROJECT_HEADERS.indexOf(options.edit[1] as never)] = options.edit[2];
    rows.push(line);
  });
  const sum = (f: (p: (typeof projects)[number]) => number) => projects.reduce((s, p) => s.plus(f(p)), new Dec(0));
  const total: Cell[] = CLERK_PROJECT_HEADERS.map(() => null);
  total[1] = "合计";
  total[6] = options.householdsTotal ?? sum((p) => p.households).toNumber();
  total[7] = sum((p) => p.buildingArea)
    .div(10000)
    .toNumber();
  total[13] = sum((p) => p.investment)
    .div(10000)
    .toNumber();
  rows.push(total);

  const flowRows: Cell[][] = [
    ["项目编号", "年度", "收入", "支出", "债券还本付息"],
    [null, null, "（亿元）", "（亿元）", "（亿元）"],
    ...SAMPLE_DISTRICT.cashFlows.map(
      (f) => [f.projectId, f.year, div(f.income, 10000), div(f.cost, 10000), div(f.bondService ?? 0, 10000)] as Cell[],
    ),
  ];
  if (options.flowEdit) flowRows[2 + options.flowEdit[0]][options.flowEdit[1]] = options.flowEdit[2];
  const params = templateSheets(false).find((s) => s.role === "params")!;
  return [
    { name: "项目计划表", rows, merges: [`A1:X1`], dates },
    { name: "资金流量", rows: flowRows },
    { name: params.name, rows: params.rows, names: params.namedCells },
  ];
}

/** The fixture as an ExcelJS workbook (what `shanty plan` reads once written to a file). */
export function toExcelJS(sheets: readonly FixtureSheet[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    s.rows.forEach((line, r) =>
      line.forEach((v, c) => {
        if (v === null) return;
        const isDate = s.dates?.some((d) => d.row === r && d.col === c);
        const cell = ws.getCell(r + 1, c + 1);
        if (isDate && typeof v === "number") {
          cell.value = new Date(Date.UTC(1899, 11, 30) + v * 86400000);
          cell.numFmt = "yyyy-mm-dd";
        } else {
          cell.value = v;
        }
      }),
    );
    for (const m of s.merges ?? []) ws.mergeCells(m);
    for (const n of s.names ?? []) {
      wb.definedNames.model = [
        ...wb.definedNames.model,
        { name: n.name, ranges: [`'${s.name}'!$${String.fromCharCode(65 + n.col)}$${n.row + 1}`] },
      ];
    }
  }
  return wb;
}

/** The fixture in the fake Excel (the task pane's host in tests), date cells formatted as dates as Excel shows them. */
export function clerkMock(sheets: readonly FixtureSheet[]): FakeExcel {
  const fake = mockExcel(toMock(sheets));
  for (const s of sheets) {
    const sheet = fake.sheets.find((x) => x.name === s.name)!;
    for (const d of s.dates ?? []) sheet.cells.get(`${d.row},${d.col}`)!.numberFormat = "yyyy-mm-dd";
  }
  return fake;
}

/** The fixture as the fake Excel's starting workbook (the task pane's host in tests). */
export function toMock(sheets: readonly FixtureSheet[]): InitialWorkbook {
  return {
    sheets: sheets.map((s) => ({ name: s.name, values: s.rows.map((r) => [...r]) })),
    names: sheets.flatMap((s) => (s.names ?? []).map((n) => ({ name: n.name, sheet: s.name, row: n.row, col: n.col }))),
  };
}
