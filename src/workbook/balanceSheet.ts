import { checkPortfolio, ProjectBalance, ProjectInput } from "../engine/balance";
import { LEVEL_WORDS, VERDICT_KINDS, VERDICT_WORDS, verdictKind, verdictText } from "../registry/verdicts";
import { Dec, decToNumber, ZERO, sum } from "../engine/decimal";
import { isError } from "../engine/errors";
import { roundHalfUp, toOutput } from "../engine/money";
import { SHEET_NAMES } from "./contract";
import { argLabelFor } from "./labels";
import { columnLetters, type Cell, type CellStyle, type InputProblem, type SheetModel } from "./model";
import { a4, textUnits, REPORT_STYLE, SheetBuilder, signatureLine, notesBlock, runTime, wrappedHeight } from "./layout";
import type { ReportContext } from "./planSheet";
import { columnValue, type FlowTable } from "./flowTable";
import type { ProjectRow } from "./read";
import { PARAMETERS, type Parameters } from "./contract";

/** Verdict names used in the summary and in the report's 结论 column (worded once, in registry/verdicts.ts). */
export const VERDICT_NAMES = Object.fromEntries(VERDICT_KINDS.map((k) => [k, VERDICT_WORDS[k].zh])) as Record<
  (typeof VERDICT_KINDS)[number],
  string
>;

export function verdictName(b: ProjectBalance): string {
  return VERDICT_WORDS[verdictKind(b.verdict)].zh;
}

export interface BalanceSheetResult {
  readonly sheet?: SheetModel;
  readonly problems: InputProblem[];
  readonly verdicts: Record<string, number>;
  readonly balances: readonly ProjectBalance[];
}

/**
 * Decimals of the cash-flow amounts and areas, one per distinct number: a Decimal is immutable, so equal numbers
 * share one (new Dec(v) prints and parses v; a large plan repeats many amounts). Keyed by the number, which is never
 * 0 or −0 here (callers skip zeros: Map keys do not tell −0 from 0). Cleared when large, so it never holds more
 * than DEC_CACHE_LIMIT of them.
 */
class DecCache {
  private readonly map = new Map<number, Dec>();

  of(v: number): Dec {
    let x = this.map.get(v);
    if (x === undefined) {
      if (this.map.size >= DEC_CACHE_LIMIT) this.map.clear();
      this.map.set(v, (x = new Dec(v)));
    }
    return x;
  }
}

const DEC_CACHE_LIMIT = 65536;

/**
 * sum.plus(v), without the addition for a year's first flow: decimal.js's 0 + v is v itself (a number has at most 17
 * digits, within the precision), and 0 + ±0 is the 0 it started from. Most project-years have one flow row.
 */
function addFlow(sum: Dec, v: number, decs: DecCache): Dec {
  if (v === 0) return sum;
  return sum === ZERO ? decs.of(v) : sum.plus(v);
}

/**
 * The portfolio the balance engine checks, from the project list and the cash-flow table: one yearly column
 * per year from the first to the last flow year (a year without a flow row counts 0). A project without any
 * flow row cannot be checked and is reported.
 */
export function portfolioFrom(
  projects: readonly ProjectRow[],
  flows: FlowTable,
  problems: InputProblem[],
): { years: number[]; inputs: ProjectInput[]; rows: ProjectRow[] } {
  // Each project's rows, by index: a project's flow rows usually follow one another, so the list of the row before is
  // reused without a lookup.
  const byProject = new Map<string, number[]>();
  // 年度, 收入 and 支出 are required: every row the reader kept has them (no presence marks to check).
  const yearColumn = flows.column("year")!;
  const income = flows.column("income")!;
  const cost = flows.column("cost")!;
  const bondService = flows.column("bondService");
  let first = Infinity;
  let last = -Infinity;
  let lastId: string | undefined;
  let lastList: number[] = [];
  for (let i = 0; i < flows.length; i++) {
    const year = yearColumn.values[i];
    if (year < first) first = year;
    if (year > last) last = year;
    const id = flows.projectId(i);
    if (id === lastId) {
      lastList.push(i);
      continue;
    }
    let list = byProject.get(id);
    if (list) list.push(i);
    else byProject.set(id, (list = [i]));
    lastList = list;
    lastId = id;
  }
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  const n = years.length;
  const decs = new DecCache();
  const d = (v: number | undefined) => (v === undefined ? undefined : v === 0 ? new Dec(v) : decs.of(v));
  const inputs: ProjectInput[] = [];
  const rows: ProjectRow[] = [];
  for (const p of projects) {
    const list = byProject.get(p.id);
    if (!list) {
      problems.push({
        sheet: p.sheet,
        address: `A${p.row + 1}`,
        zh: `项目“${p.id}”没有现金流，未参加资金平衡测算`,
        en: `Project "${p.id}" has no cash flows and is left out of the balance check`,
        severity: "warning",
      });
      continue;
    }
    const yearIncome: Dec[] = new Array<Dec>(n).fill(ZERO);
    const yearCost: Dec[] = new Array<Dec>(n).fill(ZERO);
    // Debt service only for a project with a 债券还本付息 cell: omitted is "no bonds", as all 0 is (ProjectInput).
    let debt: Dec[] | undefined;
    let flowEnd = -Infinity;
    for (const i of list) {
      const year = yearColumn.values[i];
      const k = year - first;
      yearIncome[k] = addFlow(yearIncome[k], income.values[i], decs);
      yearCost[k] = addFlow(yearCost[k], cost.values[i], decs);
      const service = columnValue(bondService, i);
      if (service !== undefined) {
        debt ??= new Array<Dec>(n).fill(ZERO);
        debt[k] = addFlow(debt[k], service, decs);
      }
      if (year > flowEnd) flowEnd = year;
    }
    inputs.push({
      id: p.id,
      area: p.area,
      town: p.town,
      income: yearIncome,
      cost: yearCost,
      debtService: debt,
      // Without a planned end year the balance period is every year given.
      plannedEndYear: Math.min(Math.max(p.plannedEndYear ?? flowEnd, first), last),
      landArea: p.landArea ? d(p.landArea) : undefined,
      resettleArea: d(p.resettleArea),
      devArea: d(p.devArea),
      maxFar: p.maxFar ? d(p.maxFar) : undefined,
      netIncomePerSqm: p.netIncomePerSqm ? d(p.netIncomePerSqm) : undefined,
    });
    rows.push(p);
  }
  return { years, inputs, rows };
}

const HEADER = [
  "项目编号",
  "项目名称",
  "镇街",
  "片区",
  "计划期末",
  "期内结余(万元)",
  "全期净额(万元)",
  "本息覆盖倍数",
  "结论",
  "平衡层级",
  "平衡区域",
  "统筹伙伴项目",
  "平衡年度",
  "延长年限",
  "缺口(万元)",
  "容积率",
  "增加开发面积(㎡)",
  "说明",
] as const;

const RED_FILL = REPORT_STYLE.deficitFill;
const RED_TEXT = REPORT_STYLE.deficitText;
const GREEN_FILL = "#E7F4E4";
const AMBER_FILL = "#FFF4CE";

/** The 结论 cell's style by verdict (one frozen object each, shared by every row that has it); none for 项目自平衡. */
const VERDICT_STYLE: Readonly<Record<ProjectBalance["verdict"]["kind"], CellStyle | undefined>> = {
  self: undefined,
  pooled: Object.freeze({ fill: GREEN_FILL, fontColor: undefined, bold: false }),
  extended: Object.freeze({ fill: AMBER_FILL, fontColor: undefined, bold: false }),
  unbalanced: Object.freeze({ fill: RED_FILL, fontColor: RED_TEXT, bold: true }),
};
/** A negative 期内结余, and the 缺口 of a project that cannot balance (frozen: shared by many rows). */
const DEFICIT_STYLE: CellStyle = Object.freeze({ fill: RED_FILL, fontColor: RED_TEXT });
const GAP_STYLE: CellStyle = Object.freeze({ fill: RED_FILL, fontColor: RED_TEXT, bold: true });

/** Width (characters) of each report column; wrapped columns (结论, 伙伴, 说明) are kept narrow. */
const HEADER_WIDTHS = [12, 30, 10, 13, 9, 13, 13, 10, 28, 9, 13, 22, 9, 9, 12, 8, 14, 36] as const;
/** Columns whose text wraps instead of widening the page. */
const WRAPPED = new Set([1, 8, 11, 17]);
const C = { id: 0, name: 1, town: 2, area: 3, end: 4, surplus: 5, net: 6, coverage: 7, verdict: 8, gap: 14 } as const;

function reportRow(p: ProjectRow, b: ProjectBalance, plannedEnd: number): Cell[] {
  const v = b.verdict;
  const far = b.far;
  let note = "";
  if (far?.extra) {
    note = far.extra.withinMax
      ? `可增加开发面积约 ${toOutput(far.extra.extraArea, 2)}㎡ 弥补资金需求（不突破容积率上限）`
      : "靠增加开发面积弥补会突破容积率上限，须扩大平衡区域或延长平衡期限";
  } else if (b.coverage !== undefined && b.coverageShortfall.greaterThan(0)) {
    note = "本息覆盖倍数低于下限";
  }
  return [
    p.id,
    p.name,
    p.town ?? "",
    p.area ?? "",
    plannedEnd,
    toOutput(b.surplus, 2),
    toOutput(b.totalNet, 2),
    b.coverage === undefined ? "" : toOutput(b.coverage, 4),
    verdictText(v),
    v.kind === "pooled" ? LEVEL_WORDS[v.level].zh : v.kind === "self" ? "项目" : "",
    v.kind === "pooled" ? v.region : "",
    v.kind === "pooled" ? v.partners.join("、") : "",
    v.kind === "extended" ? v.balanceYear : (b.balanceYear ?? ""),
    v.kind === "extended" ? v.extension : "",
    v.kind === "unbalanced" ? decToNumber(roundHalfUp(v.gap, 2)) : "",
    far ? toOutput(far.ratio, 2) : "",
    far?.extra ? toOutput(far.extra.extraArea, 2) : "",
    note,
  ];
}

/**
 * A shown amount (a number rounded to the fen) as whole fen, when that is exact: u = round(v × 100) with u ÷ 100 === v
 * and |u| < 10¹⁵. Then u/100 is a decimal of at most 15 significant digits whose nearest double is v, and two such
 * decimals never share a double (15 digits round-trip), so v's shortest decimal — the one new Dec(v) reads — is
 * u/100 exactly. NaN otherwise.
 */
export function centsOf(v: number): number {
  const u = Math.round(v * 100);
  return Math.abs(u) < 1e15 && u / 100 === v ? u : NaN;
}

/**
 * Σ new Dec(shown[i]) over the members, as sum() adds them: in whole fen while every partial sum is exact (each within
 * 2⁵³ − 1: a sum of integers whose exact value is within it is exact, one beyond it is ≥ 2⁵³ in magnitude, so the
 * check proves it), else by Decimal additions. Exact both ways; a zero total is +0 either way (sum never gives −0).
 */
export function shownTotal(members: readonly number[], shown: readonly number[], cents: readonly number[]): Dec {
  let total = 0;
  for (const i of members) {
    total += cents[i];
    if (!(Math.abs(total) <= Number.MAX_SAFE_INTEGER)) return sum(members.map((k) => new Dec(shown[k])));
  }
  return total === 0 ? ZERO : new Dec(`${total}e-2`);
}

const blank = (c: Cell | undefined) => c === null || c === undefined || c === "";

/**
 * The 资金平衡报告 sheet: one row per project with its verdict, level, partners, balance year, extension and gap,
 * then the region totals (live SUMIFs over the project rows, grouped as the engine pools them). Printed A4 landscape, one page wide, with the
 * header row and the 项目编号/项目名称 columns repeated; columns empty for every project are left out.
 */
export function buildBalanceSheet(
  projects: readonly ProjectRow[],
  flows: FlowTable,
  params: Parameters,
  context: ReportContext = { now: new Date() },
  portfolioBuilt?: () => void,
): BalanceSheetResult {
  const problems: InputProblem[] = [];
  if (flows.length === 0) {
    problems.push({
      sheet: SHEET_NAMES.flows,
      address: "",
      zh: "没有现金流数据（需要“现金流”表：项目编号、年度、收入、支出），无法做资金平衡测算",
      en: "No cash flows (a cash-flow table with project id, year, income, cost is needed): the balance check cannot run",
      severity: "error",
    });
    return { problems, verdicts: {}, balances: [] };
  }
  const { years, inputs, rows } = portfolioFrom(projects, flows, problems);
  // The flow rows are not read after this (a host handing its input over lets them go here).
  portfolioBuilt?.();
  if (inputs.length === 0) return { problems, verdicts: {}, balances: [] };
  const result = checkPortfolio({ years, projects: inputs }, { coverageThreshold: new Dec(params.p_coverageThreshold) });
  if (isError(result)) {
    const { zh, en } = result.render(argLabelFor);
    problems.push({ sheet: SHEET_NAMES.flows, address: "", zh, en, severity: "error" });
    return { problems, verdicts: {}, balances: [] };
  }
  const verdicts: Record<string, number> = {};
  for (const b of result.projects) verdicts[verdictName(b)] = (verdicts[verdictName(b)] ?? 0) + 1;

  // The report's rows with every column, then only the columns that have something for some project.
  const full = result.projects.map((bal, i) => reportRow(rows[i], bal, inputs[i].plannedEndYear));
  const keep = HEADER.map((_, c) => c).filter((c) => c <= C.verdict || full.some((r) => !blank(r[c])));
  const at = (c: number) => keep.indexOf(c);
  const width = keep.length;
  const widths = keep.map((c) => HEADER_WIDTHS[c]);
  const widthUnits = widths.reduce((a, w) => a + w, 0);

  const b = new SheetBuilder(width);
  b.line(
    `棚户区改造项目资金平衡测算报告（${years[0]}—${years[years.length - 1]}年）`,
    { bold: true, fontSize: REPORT_STYLE.titleSize, horizontal: "center", vertical: "middle" },
    34,
  );
  const intro =
    `共 ${result.projects.length} 个项目：` +
    Object.values(VERDICT_NAMES)
      .filter((n) => verdicts[n])
      .map((n) => `${n} ${verdicts[n]} 个`)
      .join("，") +
    `。全区期内结余合计 ${toOutput(result.districtSurplus, 2).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 万元；本息覆盖倍数下限 ${params.p_coverageThreshold}。` +
    "测算顺序：先看项目自身能否平衡；不能的，依次在片区、镇街、全区范围统筹平衡；仍不能的，延长平衡期限；都不能的，列出缺口（实施方案 五(一)；《西安市棚户区改造管理办法》第二十七条）。";
  b.line(intro, { horizontal: "left", vertical: "top", wrap: true }, wrappedHeight(intro, widthUnits));
  b.line("单位：万元", { horizontal: "right", vertical: "bottom" }, 18);
  const headerRow = b.add(keep.map((c) => HEADER[c]));
  b.height(headerRow, 32);
  b.style(
    { row: headerRow, col: 0, rows: 1, cols: width },
    { bold: true, fill: REPORT_STYLE.headerFill, horizontal: "center", vertical: "middle", wrap: true },
  );
  const first = b.next;
  const wrappedKept = keep.filter((c) => WRAPPED.has(c));
  result.projects.forEach((bal, i) => {
    const r = b.add(keep.map((c) => full[i][c]));
    let lines = 1;
    for (const c of wrappedKept) lines = Math.max(lines, Math.ceil(textUnits(String(full[i][c] ?? "")) / (HEADER_WIDTHS[c] * 1.05)));
    if (lines > 1) b.height(r, lines * 14 + 2);
    const v = bal.verdict;
    const verdictStyle = VERDICT_STYLE[v.kind];
    if (verdictStyle) b.style({ row: r, col: at(C.verdict), rows: 1, cols: 1 }, verdictStyle);
    if (bal.surplus.isNegative()) b.style({ row: r, col: at(C.surplus), rows: 1, cols: 1 }, DEFICIT_STYLE);
    if (v.kind === "unbalanced" && at(C.gap) >= 0) b.style({ row: r, col: at(C.gap), rows: 1, cols: 1 }, GAP_STYLE);
  });
  const n = result.projects.length;
  const last = first + n - 1;
  b.style({ row: first, col: 0, rows: n, cols: width }, { vertical: "middle" });
  for (const c of keep) if (WRAPPED.has(c)) b.style({ row: first, col: at(c), rows: n, cols: 1 }, { wrap: true });
  b.style({ row: headerRow, col: 0, rows: n + 1, cols: width }, { border: "thin" });

  const money = "#,##0.00;[Red]-#,##0.00";
  const fmt = (c: number, f: string) => at(c) >= 0 && b.format({ row: first, col: at(c), rows: n, cols: 1 }, f);
  fmt(C.surplus, money);
  fmt(C.net, money);
  fmt(C.coverage, "0.0000");
  fmt(C.gap, money);
  fmt(15, "0.00");
  fmt(16, "#,##0.00");

  // 区域汇总: 层级 | 区域 | 所属镇街 | 项目数 | 期内结余合计, the total a live SUMIF over the project rows. Its cached
  // value is the sum of the project values as shown (each rounded to the fen), which is what the formula gives.
  b.add();
  b.line("区域汇总（期内结余合计为项目行的公式汇总）", { bold: true, horizontal: "left" }, 22);
  const sc = at(C.surplus);
  const countCol = 3;
  const rh = b.add(["层级", "区域", "所属镇街", "项目数"]);
  b.set(rh, sc, "期内结余合计（万元）");
  b.merge(rh, countCol, sc - countCol);
  b.height(rh, 32);
  b.style(
    { row: rh, col: 0, rows: 1, cols: sc + 1 },
    { bold: true, fill: REPORT_STYLE.headerFill, horizontal: "center", vertical: "middle", wrap: true },
  );
  const absCol = (c: number) => `$${columnLetters(c)}$${first + 1}:$${columnLetters(c)}$${last + 1}`;
  const shown = full.map((r) => r[C.surplus] as number);
  const shownCents = shown.map(centsOf);
  const regionFirst = b.next;
  // The engine pools 镇街 and 片区 by their normalised names (a 片区 within its 镇街), so formulas matching the names
  // as written would split 东关街道 from "东关 街道" and add a 片区 without 镇街 to the same-named 片区 of a 镇街. Two
  // hidden helper columns carry, on each project row, the number of the 镇街 and of the 片区 the engine put it in (the
  // region's row number in this summary, 1 = 全区); the totals are SUMIF/COUNTIF on those numbers.
  const townNoCol = width + 1;
  const areaNoCol = width + 2;
  const townNo: (number | null)[] = full.map(() => null);
  const areaNo: (number | null)[] = full.map(() => null);
  result.regions.forEach((region, k) => {
    const no = region.level === "town" ? townNo : region.level === "area" ? areaNo : undefined;
    if (no) for (const i of region.members) no[i] = k + 1;
  });
  result.regions.forEach((region, k) => {
    const r = b.add([LEVEL_WORDS[region.level].zh, region.name, region.town ?? ""]);
    b.merge(r, countCol, sc - countCol);
    let count: string;
    let total: string;
    if (region.level === "district") {
      count = `ROWS(${absCol(0)})`;
      total = `SUM(${absCol(sc)})`;
    } else {
      const numbers = absCol(region.level === "town" ? townNoCol : areaNoCol);
      count = `COUNTIF(${numbers},${k + 1})`;
      total = `SUMIF(${numbers},${k + 1},${absCol(sc)})`;
    }
    b.formula(r, countCol, count, region.members.length);
    const cached = shownTotal(region.members, shown, shownCents);
    b.formula(r, sc, total, toOutput(cached, 2));
    if (cached.isNegative()) b.style({ row: r, col: sc, rows: 1, cols: 1 }, { fill: RED_FILL, fontColor: RED_TEXT });
  });
  const regionLast = b.next - 1;
  b.style({ row: rh, col: 0, rows: regionLast - rh + 1, cols: sc + 1 }, { border: "thin" });
  b.style({ row: regionFirst, col: 0, rows: regionLast - regionFirst + 1, cols: sc }, { horizontal: "center" });
  b.format({ row: regionFirst, col: sc, rows: regionLast - regionFirst + 1, cols: 1 }, money);

  b.add();
  signatureLine(b, context.now, [Math.min(3, width - 2), Math.min(8, width - 1)]);
  // The parameters this report depends on (the balance check reads only the coverage threshold).
  const used = PARAMETERS.filter((p) => p.name === "p_coverageThreshold");
  const paramText = used.map((p) => `${p.label} ${params[p.name]}${p.unit ? ` ${p.unit}` : ""}（名称 ${p.name}）`).join("；");
  notesBlock(
    b,
    [
      `测算参数（工作表“参数”，未填的取默认值）：${paramText}；项目期限取项目库的“计划完成年度”，现金流取工作表“现金流”。`,
      "期内结余 = 计划期末前各年收入 − 支出之和；金额为万元，保留两位小数（四舍五入）；区域汇总为所列项目期内结余之和，与测算统筹口径一致：镇街、片区名称去空格、全角转半角、不分大小写后归并，片区按所属镇街区分（隐藏的两列为各项目所属镇街、片区在区域汇总中的序号）。",
      `本表由“棚改测算 Shanty Balance”生成，生成时间 ${runTime(context.now)}。`,
    ],
    widthUnits,
  );
  const lastRow = b.next - 1;
  const fingerprintCol = width;
  // The helper columns: a header on the header row, the region numbers on the project rows.
  // Appended to the builder's own rows (fresh arrays of its own, see SheetBuilder.add) instead of copying each one.
  for (let k = 0; k < b.rows.length; k++) {
    const r = b.rows[k];
    if (k === headerRow) r.push(null, "镇街序号（汇总用）", "片区序号（汇总用）");
    else if (k >= first && k <= last) r.push(null, townNo[k - first], areaNo[k - first]);
    else r.push(null, null, null);
  }
  return {
    problems,
    verdicts,
    balances: result.projects,
    sheet: {
      role: "balance",
      name: SHEET_NAMES.balance,
      rows: b.rows,
      columnWidths: [...widths.map((w, i) => (i === sc ? Math.max(w, 14) : w)), 2, 10, 10],
      numberFormats: b.formats,
      formulas: b.formulas,
      styles: b.styles,
      merges: b.merges,
      rowHeights: b.allHeights(),
      tables: [{ name: "ShantyBalanceReport", range: { row: headerRow, col: 0, rows: n + 1, cols: width }, style: "TableStyleLight1" }],
      hiddenColumns: [fingerprintCol, townNoCol, areaNoCol],
      fingerprintCell: { row: 0, col: fingerprintCol },
      freeze: { rows: headerRow + 1, cols: 2 },
      print: a4(
        "landscape",
        { row: 0, col: 0, rows: lastRow + 1, cols: width },
        { titleRows: { first: headerRow, last: headerRow }, titleColumns: { first: 0, last: 1 } },
      ),
    },
  };
}
