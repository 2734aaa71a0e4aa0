import { Dec, decShifted, ZERO, sum } from "../engine/decimal";
import { isError } from "../engine/errors";
import { apportion, toOutput } from "../engine/money";
import { buildPlanTableByTown, NO_TOWN_LABEL, planSentence, PlanProject, PlanTable } from "../engine/plan";
import { argLabelFor } from "./labels";
import { SHEET_NAMES } from "./contract";
import { a4, keepTogetherBreaks, notesBlock, REPORT_STYLE, runTime, SheetBuilder, signatureLine, wrappedHeight } from "./layout";
import { a1, columnLetters, type Cell, type ChartSpec, type InputProblem, type SheetModel } from "./model";
import type { ProjectRow } from "./read";

export const PLAN_FORMATS = {
  count: "#,##0",
  wanArea: "#,##0.00",
  wanYuan: "#,##0.00",
  year: "0",
} as const;

export interface PlanSheetResult {
  readonly sheet?: SheetModel;
  readonly sentence: string;
  readonly problems: InputProblem[];
}

export interface ReportContext {
  /** Time of the run, printed in the notes and the 编制日期 line (tests pass a fixed one). */
  readonly now: Date;
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

/** The project list's columns (实施方案 四(一): 项目库 → 年度改造计划). */
export const PLAN_LIST_HEADER = [
  "序号",
  "项目编号",
  "项目名称",
  "镇街",
  "片区",
  "户数",
  "建筑面积（万㎡）",
  "总投资（万元）",
  "投资主体",
  "计划完成年度",
] as const;
const COL = { no: 0, id: 1, name: 2, town: 3, area: 4, households: 5, areaWan: 6, investment: 7, investor: 8, endYear: 9 } as const;
const WIDTH = PLAN_LIST_HEADER.length;
/** Column widths in characters; the hidden column after the table holds the fingerprint. */
const COLUMN_WIDTHS = [5, 12, 30, 10, 13, 9, 11, 12, 9, 8, 2];
const FINGERPRINT_COL = WIDTH;

/** One project as shown: areas and investment rounded and adjusted so that each year's parts add up to it. */
interface ShownProject {
  readonly p: ProjectRow;
  readonly town: string;
  readonly areaWan: Dec;
  readonly investment: Dec | null;
}

/**
 * 尾差 with live formulas: the engine rounds every year's exact total (合计 = the rounded exact sum, years
 * apportioned to it); here each year's figure is apportioned again over its projects (largest remainder). So
 * the project values written are "parts adjusted", and every 小计/合计 formula — a plain SUM of the cells
 * above it — gives exactly the total of the exact values, rounded. The by-镇街 summary sums the same project
 * cells (SUMIF), so it adds up to the 合计 too. When the user edits a project, the formulas recompute from the
 * edited cells.
 */
function shownProjects(projects: readonly ProjectRow[], table: PlanTable): Map<number, ShownProject[]> {
  const byYear = new Map<number, ShownProject[]>();
  for (const y of table.years) {
    const list = projects.filter((p) => p.planYear === y.year);
    const areas = apportion(
      // ㎡ → 万㎡: new Dec(area).div(WAN), exactly, by moving the decimal point (decShifted).
      list.map((p) => decShifted(p.buildingArea, -4)),
      y.areaWan,
    );
    const invs =
      y.investment === null
        ? null
        : apportion(
            list.map((p) => new Dec(p.investment ?? 0)),
            y.investment,
          );
    byYear.set(
      y.year,
      list.map((p, i) => ({
        p,
        town: p.town?.trim() || NO_TOWN_LABEL,
        areaWan: areas[i],
        investment: invs && p.investment !== undefined ? invs[i] : null,
      })),
    );
  }
  return byYear;
}

const ref = (row: number, col: number) => a1(row, col);
const colRange = (col: number, first: number, last: number) => `${ref(first, col)}:${ref(last, col)}`;
const abs = (row: number, col: number) => `$${columnLetters(col)}$${row + 1}`;
const absColRange = (col: number, first: number, last: number) => `${abs(first, col)}:${abs(last, col)}`;

/**
 * The 年度计划 sheet — the annual plan table as it is printed, signed and sent upward:
 *  一、the per-project list grouped by year (序号 … 计划完成年度) with a 小计 per year and the 合计;
 *  二、the by-year summary and 三、the by-镇街 summary (formulas over the list), a chart of households and area
 *     by year over the by-year summary;
 *  四、the report sentence (PLANTEXT) in a merged, wrapped block; the 编制单位/编制日期/审核 line; notes.
 * Totals are formulas with their cached values; A4 portrait, one page wide, the header row repeated.
 */
export function buildPlanSheet(projects: readonly ProjectRow[], context: ReportContext = { now: new Date() }): PlanSheetResult {
  const byTown = buildPlanTableByTown(planProjects(projects));
  if (isError(byTown)) {
    const { zh, en } = byTown.render(argLabelFor);
    const pos = Number(byTown.params.pos);
    const at = Number.isInteger(pos) && pos >= 1 ? projects[pos - 1] : undefined;
    return {
      sentence: "",
      problems: [{ sheet: at?.sheet ?? SHEET_NAMES.projects, address: at ? `A${at.row + 1}` : "", zh, en, severity: "error" }],
    };
  }
  const table = byTown.table;
  const sentence = planSentence(table);
  const shown = shownProjects(projects, table);
  const widthUnits = COLUMN_WIDTHS.slice(0, WIDTH).reduce((a, b) => a + b, 0);
  const b = new SheetBuilder(WIDTH);
  const grid = (row: number, rows: number, cols: number = WIDTH, col = 0) => b.style({ row, col, rows, cols }, { border: "thin" });

  b.line(
    `棚户区改造年度计划表（${table.firstYear}—${table.lastYear}年）`,
    { bold: true, fontSize: REPORT_STYLE.titleSize, horizontal: "center", vertical: "middle" },
    34,
  );
  b.line(table.hasInvestment ? "单位：户、万㎡、万元" : "单位：户、万㎡", { horizontal: "right", vertical: "bottom" }, 18);

  // 一、the project list
  const header = b.add([...PLAN_LIST_HEADER]);
  b.height(header, 32);
  b.style(
    { row: header, col: 0, rows: 1, cols: WIDTH },
    { bold: true, fill: REPORT_STYLE.headerFill, horizontal: "center", vertical: "middle", wrap: true },
  );
  const listFirst = b.next;
  const subtotalRows: number[] = [];
  const yearBlocks: { year: number; first: number; last: number; subtotal: number; count: number }[] = [];
  let no = 0;
  for (const y of table.years) {
    const group = b.line(`${y.year}年`, { bold: true, fill: REPORT_STYLE.groupFill, horizontal: "left" });
    void group;
    const first = b.next;
    for (const s of shown.get(y.year) ?? []) {
      no += 1;
      const p = s.p;
      b.add([
        no,
        p.id,
        p.name,
        s.town,
        p.area ?? "",
        p.households,
        toOutput(s.areaWan, 2),
        s.investment === null ? null : toOutput(s.investment, 2),
        p.investor ?? "",
        p.plannedEndYear ?? null,
      ]);
    }
    const last = b.next - 1;
    const st = b.add([`${y.year}年小计`]);
    b.merge(st, 0, COL.households);
    b.formula(st, COL.households, `SUM(${colRange(COL.households, first, last)})`, y.households);
    b.formula(st, COL.areaWan, `SUM(${colRange(COL.areaWan, first, last)})`, toOutput(y.areaWan, 2));
    if (table.hasInvestment)
      b.formula(st, COL.investment, `SUM(${colRange(COL.investment, first, last)})`, toOutput(y.investment ?? ZERO, 2));
    b.style({ row: st, col: 0, rows: 1, cols: WIDTH }, { bold: true, fill: REPORT_STYLE.totalFill });
    b.style({ row: st, col: 0, rows: 1, cols: 1 }, { horizontal: "center" });
    subtotalRows.push(st);
    yearBlocks.push({ year: y.year, first, last, subtotal: st, count: last - first + 1 });
  }
  const total = b.add(["合计"]);
  b.merge(total, 0, COL.households);
  const sumOf = (col: number) => `SUM(${subtotalRows.map((r) => ref(r, col)).join(",")})`;
  b.formula(total, COL.households, sumOf(COL.households), table.total.households);
  b.formula(total, COL.areaWan, sumOf(COL.areaWan), toOutput(table.total.areaWan, 2));
  if (table.hasInvestment) b.formula(total, COL.investment, sumOf(COL.investment), toOutput(table.total.investment ?? ZERO, 2));
  b.style({ row: total, col: 0, rows: 1, cols: WIDTH }, { bold: true, fill: REPORT_STYLE.totalFill });
  b.style({ row: total, col: 0, rows: 1, cols: 1 }, { horizontal: "center" });
  const listLast = total;
  grid(header, listLast - header + 1);
  b.format({ row: listFirst, col: COL.households, rows: listLast - listFirst + 1, cols: 1 }, PLAN_FORMATS.count);
  b.format({ row: listFirst, col: COL.areaWan, rows: listLast - listFirst + 1, cols: 2 }, PLAN_FORMATS.wanArea);
  b.format({ row: listFirst, col: COL.endYear, rows: listLast - listFirst + 1, cols: 1 }, PLAN_FORMATS.year);
  b.style({ row: listFirst, col: COL.no, rows: listLast - listFirst + 1, cols: 1 }, { horizontal: "center" });
  b.style({ row: listFirst, col: COL.town, rows: listLast - listFirst + 1, cols: 2 }, { horizontal: "center" });
  b.style({ row: listFirst, col: COL.investor, rows: listLast - listFirst + 1, cols: 2 }, { horizontal: "center" });
  // The summaries below sum the project rows only (the 小计 rows have no 镇街, so SUMIF skips them).
  const townRange = absColRange(COL.town, listFirst, listLast);
  const sumRange = (col: number) => absColRange(col, listFirst, listLast);

  // 二、by year and 三、by 镇街: label in B:D (merged), then 项目数 (E), 户数, 面积, 投资 under the list's columns.
  const blocks: { first: number; last: number }[] = [];
  const summaryHeader = (title: string, label: string): number => {
    b.line(title, { bold: true, horizontal: "left", vertical: "bottom" }, 24);
    const h = b.add(["序号", label, null, null, "项目数", "户数", "建筑面积（万㎡）", "总投资（万元）"]);
    b.merge(h, 1, 3);
    b.height(h, 32);
    b.style(
      { row: h, col: 0, rows: 1, cols: 8 },
      { bold: true, fill: REPORT_STYLE.headerFill, horizontal: "center", vertical: "middle", wrap: true },
    );
    return h;
  };
  const summaryTotal = (
    first: number,
    last: number,
    cached: { projects: number; households: number; areaWan: Dec; investment: Dec | null },
  ): number => {
    const r = b.add(["合计"]);
    b.merge(r, 0, 4);
    const sumCol = (col: number) => `SUM(${colRange(col, first, last)})`;
    b.formula(r, 4, sumCol(4), cached.projects);
    b.formula(r, COL.households, sumCol(COL.households), cached.households);
    b.formula(r, COL.areaWan, sumCol(COL.areaWan), toOutput(cached.areaWan, 2));
    if (table.hasInvestment) b.formula(r, COL.investment, sumCol(COL.investment), toOutput(cached.investment ?? ZERO, 2));
    b.style({ row: r, col: 0, rows: 1, cols: 8 }, { bold: true, fill: REPORT_STYLE.totalFill });
    b.style({ row: r, col: 0, rows: 1, cols: 1 }, { horizontal: "center" });
    return r;
  };
  const summaryFormats = (first: number, last: number) => {
    b.format({ row: first, col: 4, rows: last - first + 1, cols: 2 }, PLAN_FORMATS.count);
    b.format({ row: first, col: COL.areaWan, rows: last - first + 1, cols: 2 }, PLAN_FORMATS.wanArea);
    b.style({ row: first, col: 0, rows: last - first + 1, cols: 5 }, { horizontal: "center" });
  };

  const yh = summaryHeader("二、分年度汇总", "年度");
  const yearFirst = b.next;
  yearBlocks.forEach((blk, i) => {
    const y = table.years[i];
    const r = b.add([i + 1, `${blk.year}年`]);
    b.merge(r, 1, 3);
    b.formula(r, 4, `COUNT(${colRange(COL.households, blk.first, blk.last)})`, blk.count);
    b.formula(r, COL.households, ref(blk.subtotal, COL.households), y.households);
    b.formula(r, COL.areaWan, ref(blk.subtotal, COL.areaWan), toOutput(y.areaWan, 2));
    if (table.hasInvestment) b.formula(r, COL.investment, ref(blk.subtotal, COL.investment), toOutput(y.investment ?? ZERO, 2));
  });
  const yearLast = b.next - 1;
  const yt = summaryTotal(yearFirst, yearLast, table.total);
  grid(yh, yt - yh + 1, 8);
  summaryFormats(yearFirst, yt);

  const th = summaryHeader("三、分镇街汇总", "镇街");
  const townFirst = b.next;
  // Each 镇街's shown projects, in list order (grouped once: a filter per 镇街 was quadratic on a long list).
  const ofTown = new Map<string, ShownProject[]>();
  for (const list of shown.values()) {
    for (const s of list) {
      const mine = ofTown.get(s.town);
      if (mine) mine.push(s);
      else ofTown.set(s.town, [s]);
    }
  }
  byTown.towns.forEach((town, i) => {
    const mine = ofTown.get(town) ?? [];
    const r = b.add([i + 1, town]);
    b.merge(r, 1, 3);
    const label = abs(r, 1);
    b.formula(r, 4, `COUNTIF(${townRange},${label})`, mine.length);
    b.formula(
      r,
      COL.households,
      `SUMIF(${townRange},${label},${sumRange(COL.households)})`,
      mine.reduce((n, s) => n + s.p.households, 0),
    );
    b.formula(r, COL.areaWan, `SUMIF(${townRange},${label},${sumRange(COL.areaWan)})`, toOutput(sum(mine.map((s) => s.areaWan)), 2));
    if (table.hasInvestment)
      b.formula(
        r,
        COL.investment,
        `SUMIF(${townRange},${label},${sumRange(COL.investment)})`,
        toOutput(sum(mine.map((s) => s.investment ?? ZERO)), 2),
      );
  });
  const townLast = b.next - 1;
  const tt = summaryTotal(townFirst, townLast, table.total);
  grid(th, tt - th + 1, 8);
  summaryFormats(townFirst, tt);

  // The chart: households (columns) and area (line, secondary axis) by year, over the by-year summary's cells.
  b.line("四、各年度改造户数与建筑面积", { bold: true, horizontal: "left", vertical: "bottom" }, 24);
  const chartTop = b.next;
  const chartRows = 12;
  for (let i = 0; i < chartRows; i++) b.height(b.add(), REPORT_STYLE.rowHeight);
  const charts: ChartSpec[] = [
    {
      title: "各年度改造户数与建筑面积",
      type: "ColumnClustered",
      categories: { row: yearFirst, col: 1, rows: yearLast - yearFirst + 1, cols: 1 },
      series: [
        {
          name: "户数",
          nameCell: { row: yh, col: COL.households },
          values: { row: yearFirst, col: COL.households, rows: yearLast - yearFirst + 1, cols: 1 },
        },
        {
          name: "建筑面积（万㎡）",
          nameCell: { row: yh, col: COL.areaWan },
          values: { row: yearFirst, col: COL.areaWan, rows: yearLast - yearFirst + 1, cols: 1 },
          secondaryAxis: true,
        },
      ],
      categoryAxisTitle: "年度",
      valueAxisTitle: "户数（户）",
      secondaryAxisTitle: "建筑面积（万㎡）",
      anchor: { row: chartTop, col: 1, rows: chartRows, cols: WIDTH - 2 },
    },
  ];

  // 五、the report sentence, in a merged block that wraps.
  b.line("五、目标任务", { bold: true, horizontal: "left", vertical: "bottom" }, 24);
  b.line(sentence, { horizontal: "left", vertical: "top", wrap: true, border: "thin" }, wrappedHeight(sentence, widthUnits));
  signatureLine(b, context.now, [4, 7]);
  notesBlock(
    b,
    [
      `数据来源：工作表“${projects[0]?.sheet ?? SHEET_NAMES.projects}”，共 ${projects.length} 个项目；建筑面积按 ㎡ ÷ 10000 折算为万㎡，面积和投资保留两位小数（四舍五入）；本表只汇总项目库数据，不用“参数”表的测算参数。`,
      "尾差：合计为各项目精确值之和的四舍五入；各年小计按最大余数法分配到合计，各项目再分配到所在年度的小计，所以表中各项目之和等于小计、小计之和等于合计。小计、合计和汇总表均为公式，修改项目数据后自动重算。",
      `本表由“棚改测算 Shanty Balance”生成，生成时间 ${runTime(context.now)}。`,
    ],
    widthUnits,
  );
  const lastRow = b.next - 1;
  // Summaries, chart and closing text stay together on one page: when the sheet does not fit on one page they
  // start a new one (estimated with Excel's metrics; LibreOffice packs rows a little denser).
  blocks.push({ first: yh - 1, last: lastRow });
  const print = a4("portrait", { row: 0, col: 0, rows: lastRow + 1, cols: WIDTH }, { titleRows: { first: header, last: header } });
  const rowHeights = b.allHeights();
  const pageBreaks = keepTogetherBreaks(b, COLUMN_WIDTHS, print, blocks);
  // The fingerprint column's empty cell, appended to the builder's own rows (fresh arrays, see SheetBuilder.add).
  for (const r of b.rows) r.push(null);

  return {
    sentence,
    problems: [],
    sheet: {
      role: "plan",
      name: SHEET_NAMES.plan,
      rows: b.rows,
      columnWidths: COLUMN_WIDTHS,
      numberFormats: b.formats,
      formulas: b.formulas,
      styles: b.styles,
      merges: b.merges,
      rowHeights,
      charts,
      hiddenColumns: [FINGERPRINT_COL],
      fingerprintCell: { row: 0, col: FINGERPRINT_COL },
      freeze: { rows: header + 1, cols: 0 },
      print,
      pageBreaks,
    },
  };
}

/** Cells of a sheet model as a plain grid (tests and the render check read it). */
export function cellAt(model: SheetModel, row: number, col: number): Cell {
  return model.rows[row]?.[col] ?? null;
}
