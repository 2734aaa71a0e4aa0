/*
 * Builds assets/samples/sample-district.xlsx, the bundled sample planning workbook that `shanty demo` runs on:
 *   - the template sheets with the sample district's data (templateSheets(true): 项目库, 现金流, 参数), written
 *     through the same writeSheets as `shanty plan`;
 *   - a sheet 测算示例 with SHANTY formulas per project row referencing the project table (fees, per-household
 *     compensation, plot ratio, scope, priority), totals with native formulas (SUM, COUNTIF), the report sentence
 *     from table references, and the registry's own worked examples, so that `shanty recalc` has real work.
 * Deterministic: fixed document dates and fixed zip entry dates, so a rebuild gives the same bytes.
 *
 *   npx ts-node --transpile-only scripts/gen-sample-workbook.ts [OUT.xlsx]
 */
import { HELP_TEXT } from "../src/help/text";
import * as fs from "fs";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { quoteSheet } from "../src/workbook/address";
import { fillSheet, SheetContent, writeSheets } from "../src/cli/sheets";
import { writeFileAtomic } from "../src/cli/xlsx";
import { FUNCTIONS, NAMESPACE, getFunction } from "../src/registry";
import { PARAMETERS, PROJECT_COLUMNS } from "../src/workbook/contract";
import { placeHeaders } from "../src/workbook/reader/headers";
import { templateSheets } from "../src/workbook/generate";
import { a1, Cell, SheetModel } from "../src/workbook/model";

export const SAMPLE_FILE = path.join(__dirname, "..", "assets", "samples", "sample-district.xlsx");
export const EXAMPLE_SHEET = "测算示例";
/** Document and zip entry dates of the generated file. */
export const FIXED_DATE = new Date(Date.UTC(2024, 0, 1, 0, 0, 0));

/** Assumptions of the per-household compensation example (cells B2:B4 of 测算示例). */
export const EXAMPLE_ASSUMPTIONS = { unitPrice: 8000, tempMonths: 24, moves: 2 } as const;

type ProjectKey = (typeof PROJECT_COLUMNS)[number]["key"];

/** True if a formula's text mentions a cell reference (outside string literals): such examples need their own cells. */
function hasCellReference(formula: string): boolean {
  return /(^|[^A-Za-z_.])\$?[A-Z]{1,3}\$?\d+(?![\d(])/.test(formula.replace(/"[^"]*"/g, '""'));
}

/**
 * The 测算示例 sheet for the given template sheets, or undefined when they hold no project table.
 * Only functions present in the registry are used; a project column the table lacks drops the columns needing it.
 */
export function exampleSheet(templates: readonly SheetModel[]): SheetContent | undefined {
  const projects = templates.find((s) => s.role === "projects");
  const table = projects?.tables?.[0];
  if (!projects || !table) return undefined;
  const params = templates.find((s) => s.role === "params");
  const paramNames = new Set((params?.namedCells ?? []).map((n) => n.name));
  /** A policy parameter: its named cell on 参数 when there is one, else its default as a literal. */
  const param = (name: (typeof PARAMETERS)[number]["name"]): string =>
    paramNames.has(name) ? name : String(PARAMETERS.find((p) => p.name === name)?.default ?? 0);

  const headerRow = projects.rows[table.range.row] ?? [];
  const headers = headerRow.slice(table.range.col, table.range.col + table.range.cols);
  const { index } = placeHeaders(headers, PROJECT_COLUMNS);
  const has = (...keys: ProjectKey[]) => keys.every((k) => index[k] !== undefined);
  const sheetRef = quoteSheet(projects.name);
  const ref = (key: ProjectKey, row: number) => `${sheetRef}!${a1(row, table.range.col + (index[key] as number))}`;
  const fn = (id: string) => (getFunction(id) ? `${NAMESPACE}.${id}` : undefined);

  // Data rows of the project table (a 合计 row, if any, is not a project).
  const dataRows: number[] = [];
  for (let r = table.range.row + 1; r < table.range.row + table.range.rows; r++) {
    const first = projects.rows[r]?.[table.range.col];
    if (first === null || first === undefined || first === "" || first === "合计") continue;
    dataRows.push(r);
  }

  const U = "$B$2";
  const M = "$B$3";
  const V = "$B$4";
  interface Column {
    header: string;
    format?: string;
    width: number;
    /** Formula for the project in table row r, placed in sheet row `at`. */
    formula: (r: number, at: number) => string;
    total?: (first: number, last: number, col: number) => string;
  }
  const sumTotal = (first: number, last: number, col: number) => `SUM(${a1(first, col)}:${a1(last, col)})`;
  const countTrue = (first: number, last: number, col: number) => `COUNTIF(${a1(first, col)}:${a1(last, col)},TRUE)`;
  const columns: Column[] = [];
  if (has("id")) columns.push({ header: "项目编号", width: 14, formula: (r) => ref("id", r) });
  if (has("name")) columns.push({ header: "项目名称", width: 28, formula: (r) => ref("name", r) });
  if (has("investor")) columns.push({ header: "投资主体", width: 10, formula: (r) => ref("investor", r) });
  const feeExempt = fn("FEEEXEMPT");
  if (feeExempt && has("resettleArea", "devArea", "investor")) {
    columns.push({
      header: "配套费减免（元）",
      format: "#,##0.00",
      width: 18,
      formula: (r) =>
        `${feeExempt}(${ref("resettleArea", r)},${ref("devArea", r)},${param("p_baseRate")},${ref("investor", r)},${param("p_ratio")})`,
      total: sumTotal,
    });
  }
  const feeDue = fn("FEEDUE");
  if (feeDue && has("resettleArea", "devArea", "investor")) {
    columns.push({
      header: "配套费应缴（元）",
      format: "#,##0.00",
      width: 18,
      formula: (r) =>
        `${feeDue}(${ref("resettleArea", r)},${ref("devArea", r)},${param("p_baseRate")},${ref("investor", r)},${param("p_ratio")},${param("p_collectRate")},${param("p_metroRate")})`,
      total: sumTotal,
    });
  }
  const compensation = fn("COMPENSATION");
  let avgAreaCol = -1;
  if (has("buildingArea", "households")) {
    avgAreaCol = columns.length;
    columns.push({
      header: "户均面积（㎡）",
      format: "#,##0.00",
      width: 14,
      formula: (r) => `IF(${ref("households", r)}>0,ROUND(${ref("buildingArea", r)}/${ref("households", r)},2),0)`,
    });
    if (compensation) {
      const areaCol = avgAreaCol;
      columns.push({
        header: "户均货币补偿（元）",
        format: "#,##0.00",
        width: 18,
        formula: (_r, at) =>
          `${compensation}(${a1(at, areaCol)},${U},${param("p_relocRate")},${param("p_tempRate")},${M},${V},${param("p_bonusRate")})`,
      });
    }
  }
  const farCheck = fn("FARCHECK");
  if (farCheck && has("landArea", "buildingArea", "maxFar")) {
    columns.push({
      header: "容积率合规",
      width: 12,
      formula: (r) => `${farCheck}(${ref("landArea", r)},${ref("buildingArea", r)},${ref("maxFar", r)})`,
      total: countTrue,
    });
  }
  const eligible = fn("ELIGIBLE");
  if (eligible && has("houseType", "ageYears")) {
    const rating = (r: number) => (has("rating") ? `,${ref("rating", r)}` : "");
    columns.push({
      header: "纳入改造范围",
      width: 12,
      formula: (r) => `${eligible}(${ref("houseType", r)},${ref("ageYears", r)}${rating(r)})`,
      total: countTrue,
    });
  }
  const priority = fn("PRIORITY");
  if (priority && has("safety", "living", "environment", "onlyHome", "signRate", "handoverRate")) {
    columns.push({
      header: "优先级评分",
      format: "0.0000",
      width: 12,
      formula: (r) =>
        `${priority}(${ref("safety", r)},${ref("living", r)},${ref("environment", r)},${ref("onlyHome", r)},${ref("signRate", r)},${ref("handoverRate", r)})`,
    });
  }

  const rows: Cell[][] = [];
  const formulas: { row: number; col: number; formula: string }[] = [];
  const width = Math.max(columns.length, 4);
  const line = (...cells: Cell[]) => rows.push([...cells, ...new Array<Cell>(Math.max(0, width - cells.length)).fill(null)]);
  line("测算示例：逐个项目调用 SHANTY 函数（引用「项目库」表和「参数」表的命名单元格；运行 shanty recalc 计算全部公式）");
  line("被征收房屋评估单价（元/㎡）", EXAMPLE_ASSUMPTIONS.unitPrice);
  line("临时安置期（月）", EXAMPLE_ASSUMPTIONS.tempMonths);
  line("搬迁次数", EXAMPLE_ASSUMPTIONS.moves);
  line();
  const headerAt = rows.length;
  line(...columns.map((c) => c.header));
  const firstData = rows.length;
  for (const r of dataRows) {
    const at = rows.length;
    line();
    columns.forEach((c, col) => formulas.push({ row: at, col, formula: c.formula(r, at) }));
  }
  const lastData = rows.length - 1;
  const totalAt = rows.length;
  line("合计");
  if (dataRows.length > 0) {
    columns.forEach((c, col) => {
      if (c.total && col > 0) formulas.push({ row: totalAt, col, formula: c.total(firstData, lastData, col) });
    });
  }

  // The report sentence from the project table through table references (recalc turns them into ranges).
  const planText = fn("PLANTEXT");
  let sentenceAt = -1;
  if (planText && has("planYear", "households", "buildingArea")) {
    const col = (key: ProjectKey) => `${table.name}[${String(headers[index[key] as number])}]`;
    line();
    sentenceAt = rows.length;
    line("计划表述（PLANTEXT）");
    formulas.push({ row: sentenceAt, col: 1, formula: `${planText}(${col("planYear")},${col("households")},${col("buildingArea")})` });
  }

  // The registry's worked examples that need no cells of their own.
  line();
  const examplesHeader = rows.length;
  line("函数示例（帮助中的例子）", "公式", "帮助中的结果", "计算结果");
  for (const spec of FUNCTIONS) {
    // the first worked example of each function's help page (src/help/text), one row per function
    const ex = HELP_TEXT[spec.id]?.examples[0];
    if (!ex || spec.returns.kind === "matrix" || ex.expected === undefined || hasCellReference(ex.formula)) continue;
    const at = rows.length;
    line(`${NAMESPACE}.${spec.id}`, ex.formula, ex.expected);
    formulas.push({ row: at, col: 3, formula: ex.formula.replace(/^=/, "") });
  }

  const numberFormats = columns.flatMap((c, col) =>
    c.format && dataRows.length > 0 ? [{ range: { row: firstData, col, rows: dataRows.length + 1, cols: 1 }, format: c.format }] : [],
  );
  return {
    name: EXAMPLE_SHEET,
    rows,
    formulas,
    numberFormats: [...numberFormats, { range: { row: 1, col: 1, rows: 1, cols: 1 }, format: "#,##0" }],
    columnWidths: columns.map((c, i) => (i === 0 ? Math.max(c.width, 30) : i === 1 ? Math.max(c.width, 42) : Math.max(c.width, 14))),
    highlights: [
      { range: { row: headerAt, col: 0, rows: 1, cols: Math.max(1, columns.length) }, fill: "#DEEAF6", bold: true },
      { range: { row: totalAt, col: 0, rows: 1, cols: Math.max(1, columns.length) }, fill: "#FFF2CC", bold: true },
      { range: { row: examplesHeader, col: 0, rows: 1, cols: 4 }, fill: "#DEEAF6", bold: true },
      ...(sentenceAt >= 0 ? [{ range: { row: sentenceAt, col: 0, rows: 1, cols: 1 }, fill: "#E2EFDA", bold: true }] : []),
    ],
    freeze: { rows: headerAt + 1, cols: Math.min(2, columns.length) },
  };
}

/** The sample workbook: template sheets with data, plus 测算示例. Throws when the templates are missing. */
export function buildSampleWorkbook(templates: readonly SheetModel[] = templateSheets(true)): ExcelJS.Workbook {
  if (templates.length === 0) {
    throw new Error("templateSheets(true) 没有返回任何工作表 / returned no sheets: nothing to build");
  }
  const workbook = new ExcelJS.Workbook();
  workbook.creator = "Shanty Balance 棚改测算";
  workbook.lastModifiedBy = "Shanty Balance 棚改测算";
  workbook.created = FIXED_DATE;
  workbook.modified = FIXED_DATE;
  writeSheets(workbook, templates, { replaceOwned: false });
  const example = exampleSheet(templates);
  if (example) {
    const ws = workbook.addWorksheet(example.name);
    fillSheet(workbook, ws, example);
  }
  workbook.calcProperties.fullCalcOnLoad = true;
  return workbook;
}

/**
 * Give every zip entry the same modification date (JSZip stamps entries with the current time), so that the
 * same content gives the same bytes. Walks the central directory; the entries' data and CRCs are untouched.
 */
export function fixZipTimestamps(zip: Buffer, date: Date = FIXED_DATE): Buffer {
  const out = Buffer.from(zip);
  const dosTime = (date.getUTCHours() << 11) | (date.getUTCMinutes() << 5) | Math.floor(date.getUTCSeconds() / 2);
  const dosDate = ((date.getUTCFullYear() - 1980) << 9) | ((date.getUTCMonth() + 1) << 5) | date.getUTCDate();
  let eocd = -1;
  for (let i = out.length - 22; i >= Math.max(0, out.length - 22 - 65535); i--) {
    if (out.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error("not a zip archive: no end of central directory");
  const entries = out.readUInt16LE(eocd + 10);
  let p = out.readUInt32LE(eocd + 16);
  for (let k = 0; k < entries; k++) {
    if (out.readUInt32LE(p) !== 0x02014b50) throw new Error("bad central directory entry");
    out.writeUInt16LE(dosTime, p + 12);
    out.writeUInt16LE(dosDate, p + 14);
    const local = out.readUInt32LE(p + 42);
    if (out.readUInt32LE(local) !== 0x04034b50) throw new Error("bad local file header");
    out.writeUInt16LE(dosTime, local + 10);
    out.writeUInt16LE(dosDate, local + 12);
    p += 46 + out.readUInt16LE(p + 28) + out.readUInt16LE(p + 30) + out.readUInt16LE(p + 32);
  }
  return out;
}

/** The sample workbook's bytes (deterministic). */
export async function sampleWorkbookBytes(templates?: readonly SheetModel[]): Promise<Buffer> {
  const workbook = buildSampleWorkbook(templates);
  return fixZipTimestamps(Buffer.from((await workbook.xlsx.writeBuffer()) as ArrayBuffer));
}

async function main(): Promise<number> {
  const target = path.resolve(process.argv[2] ?? SAMPLE_FILE);
  let bytes: Buffer;
  try {
    bytes = await sampleWorkbookBytes();
  } catch (e) {
    console.error(`未生成示例工作簿 / sample workbook not built: ${(e as Error).message}`);
    return 1;
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  // The script owns this file: rebuilding it replaces it.
  writeFileAtomic(target, bytes, { force: true });
  console.log(`已生成 written: ${target} (${bytes.length} bytes)`);
  return 0;
}

if (require.main === module) {
  main().then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      console.error(e instanceof Error ? (e.stack ?? e.message) : String(e));
      process.exitCode = 1;
    },
  );
}
