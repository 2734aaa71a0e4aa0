import { Dec } from "../engine/decimal";
import { isError } from "../engine/errors";
import { buildPlanTableByTown, planSentence, planTableCells, planTownCells, PlanProject } from "../engine/plan";
import { argLabelFor } from "./labels";
import { SHEET_NAMES } from "./contract";
import type { Cell, ChartSpec, Highlight, InputProblem, NumberFormat, SheetModel, TableSpec } from "./model";
import type { ProjectRow } from "./read";

export const PLAN_FORMATS = {
  count: "#,##0",
  wanArea: "#,##0.00",
  wanYuan: "#,##0.00",
} as const;

const HEADER_FILL = "#DEEAF6";
const TOTAL_FILL = "#F2F2F2";

export interface PlanSheetResult {
  readonly sheet?: SheetModel;
  readonly sentence: string;
  readonly problems: InputProblem[];
}

/** Plan rows from the project list: every project is one row of the annual plan (domain §4). */
export function planProjects(projects: readonly ProjectRow[]): PlanProject[] {
  return projects.map((p, i) => ({
    year: p.planYear,
    households: p.households,
    buildingArea: new Dec(p.buildingArea),
    investment: p.investment === undefined ? undefined : new Dec(p.investment),
    town: p.town,
    row: i + 1,
  }));
}

function pad(rows: Cell[][], width: number): Cell[][] {
  return rows.map((r) => [...r, ...new Array(Math.max(0, width - r.length)).fill(null)]);
}

/**
 * The 年度计划 sheet: the PLANTABLE table per year, the same table per 镇街 with 小计 rows, the report sentence
 * (PLANTEXT) and a chart of households and area by year. Both tables come from the plan engine, so the
 * displayed parts add up to the displayed totals (尾差调整).
 */
export function buildPlanSheet(projects: readonly ProjectRow[]): PlanSheetResult {
  const byTown = buildPlanTableByTown(planProjects(projects));
  if (isError(byTown)) {
    const { zh, en } = byTown.render(argLabelFor);
    const pos = Number(byTown.params.pos);
    const at = Number.isInteger(pos) && pos >= 1 ? projects[pos - 1]?.at : undefined;
    return {
      sentence: "",
      problems: [{ sheet: at?.sheet ?? SHEET_NAMES.projects, address: at ? `A${at.row + 1}` : "", zh, en, severity: "error" }],
    };
  }
  const table = byTown.table;
  const sentence = planSentence(table);
  const yearCells = planTableCells(table) as Cell[][];
  const townCells = planTownCells(byTown) as Cell[][];
  const width = Math.max(yearCells[0].length, townCells[0].length);

  const rows: Cell[][] = [];
  const formats: NumberFormat[] = [];
  const highlights: Highlight[] = [];
  const tables: TableSpec[] = [];
  const unitNote = table.hasInvestment ? "单位：户；万㎡；万元" : "单位：户；万㎡";
  rows.push([`棚户区改造年度计划表（${table.firstYear}—${table.lastYear}年）`]);
  rows.push([`${unitNote}。数据来源：项目库 ${projects.length} 个项目。尾差已调整，各年合计等于总计。`]);
  rows.push([]);

  // Table 1: by year (PLANTABLE).
  const t1 = rows.length;
  rows.push(...yearCells);
  tables.push({ name: "ShantyPlanByYear", range: { row: t1, col: 0, rows: yearCells.length, cols: yearCells[0].length }, style: "TableStyleMedium2" });
  formats.push({ range: { row: t1 + 1, col: 1, rows: yearCells.length - 1, cols: 2 }, format: PLAN_FORMATS.count });
  formats.push({ range: { row: t1 + 1, col: 3, rows: yearCells.length - 1, cols: 1 }, format: PLAN_FORMATS.wanArea });
  if (table.hasInvestment) formats.push({ range: { row: t1 + 1, col: 4, rows: yearCells.length - 1, cols: 1 }, format: PLAN_FORMATS.wanYuan });
  highlights.push({ range: { row: t1 + yearCells.length - 1, col: 0, rows: 1, cols: yearCells[0].length }, fill: TOTAL_FILL, bold: true });
  rows.push([]);

  // Table 2: by 镇街, with 小计 rows.
  rows.push(["分镇街计划"]);
  const t2 = rows.length;
  rows.push(...townCells);
  tables.push({ name: "ShantyPlanByTown", range: { row: t2, col: 0, rows: townCells.length, cols: townCells[0].length }, style: "TableStyleLight9" });
  formats.push({ range: { row: t2 + 1, col: 2, rows: townCells.length - 1, cols: 2 }, format: PLAN_FORMATS.count });
  formats.push({ range: { row: t2 + 1, col: 4, rows: townCells.length - 1, cols: 1 }, format: PLAN_FORMATS.wanArea });
  if (table.hasInvestment) formats.push({ range: { row: t2 + 1, col: 5, rows: townCells.length - 1, cols: 1 }, format: PLAN_FORMATS.wanYuan });
  townCells.forEach((r, i) => {
    if (i > 0 && (r[1] === "小计" || r[0] === "合计")) {
      highlights.push({ range: { row: t2 + i, col: 0, rows: 1, cols: townCells[0].length }, fill: TOTAL_FILL, bold: true });
    }
  });
  rows.push([]);

  // The report sentence (PLANTEXT).
  rows.push(["报告文字"]);
  const sentenceRow = rows.length;
  rows.push([sentence]);
  highlights.push({ range: { row: 0, col: 0, rows: 1, cols: 1 }, fill: "#FFFFFF", bold: true });
  highlights.push({ range: { row: t2 - 1, col: 0, rows: 1, cols: 1 }, fill: HEADER_FILL, bold: true });
  highlights.push({ range: { row: sentenceRow - 1, col: 0, rows: 1, cols: 1 }, fill: HEADER_FILL, bold: true });

  // Chart data block (years × households, area) to the right, and the chart below it.
  const chartCol = width + 1;
  const chartRows: Cell[][] = [["年度", "户数", "改造面积(万㎡)"], ...table.years.map((y) => [String(y.year), y.households, y.areaWan.toNumber()])];
  chartRows.forEach((cr, i) => {
    const target = (rows[t1 + i] ??= []);
    while (target.length < chartCol) target.push(null);
    target.push(...cr);
  });
  const charts: ChartSpec[] = [
    {
      title: "各年度改造户数与建筑面积",
      source: { row: t1, col: chartCol, rows: chartRows.length, cols: 3 },
      type: "ColumnClustered",
      anchor: { row: t1 + chartRows.length + 1, col: chartCol },
      secondaryAxisSeries: [1],
    },
  ];
  formats.push({ range: { row: t1 + 1, col: chartCol + 1, rows: chartRows.length - 1, cols: 1 }, format: PLAN_FORMATS.count });
  formats.push({ range: { row: t1 + 1, col: chartCol + 2, rows: chartRows.length - 1, cols: 1 }, format: PLAN_FORMATS.wanArea });

  const fullWidth = Math.max(...rows.map((r) => r.length), chartCol + 3);
  return {
    sentence,
    problems: [],
    sheet: {
      role: "plan",
      name: SHEET_NAMES.plan,
      rows: pad(rows, fullWidth),
      columnWidths: [10, 14, 12, 16, 16, 14, 4, 10, 12, 16],
      numberFormats: formats,
      tables,
      highlights,
      charts,
      freeze: { rows: 0, cols: 0 },
    },
  };
}
