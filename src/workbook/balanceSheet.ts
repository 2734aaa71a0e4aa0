import { checkPortfolio, ProjectBalance, ProjectInput } from "../engine/balance";
import { LEVEL_WORDS, VERDICT_KINDS, VERDICT_WORDS, verdictKind, verdictText } from "../registry/verdicts";
import { Dec, ZERO } from "../engine/decimal";
import { isError } from "../engine/errors";
import { roundHalfUp, toOutput } from "../engine/money";
import { SHEET_NAMES } from "./contract";
import { argLabelFor } from "./labels";
import type { Cell, Highlight, InputProblem, NumberFormat, SheetModel } from "./model";
import type { FlowRow, ProjectRow } from "./read";
import type { Parameters } from "./contract";

/** Verdict names used in the summary and in the report's 结论 column (worded once, in registry/verdicts.ts). */
export const VERDICT_NAMES = Object.fromEntries(VERDICT_KINDS.map((k) => [k, VERDICT_WORDS[k].zh])) as Record<(typeof VERDICT_KINDS)[number], string>;

export function verdictName(b: ProjectBalance): string {
  return VERDICT_WORDS[verdictKind(b.verdict)].zh;
}

export interface BalanceSheetResult {
  readonly sheet?: SheetModel;
  readonly problems: InputProblem[];
  readonly verdicts: Record<string, number>;
  readonly balances: readonly ProjectBalance[];
}

const d = (n: number | undefined) => (n === undefined ? undefined : new Dec(n));

/**
 * The portfolio the balance engine checks, from the project list and the cash-flow table: one yearly column
 * per year from the first to the last flow year (a year without a flow row counts 0). A project without any
 * flow row cannot be checked and is reported.
 */
export function portfolioFrom(projects: readonly ProjectRow[], flows: readonly FlowRow[], problems: InputProblem[]): { years: number[]; inputs: ProjectInput[]; rows: ProjectRow[] } {
  const byProject = new Map<string, FlowRow[]>();
  for (const f of flows) {
    const list = byProject.get(f.projectId);
    if (list) list.push(f);
    else byProject.set(f.projectId, [f]);
  }
  let first = Infinity;
  let last = -Infinity;
  for (const f of flows) {
    first = Math.min(first, f.year);
    last = Math.max(last, f.year);
  }
  const years: number[] = [];
  for (let y = first; y <= last; y++) years.push(y);
  const inputs: ProjectInput[] = [];
  const rows: ProjectRow[] = [];
  for (const p of projects) {
    const list = byProject.get(p.id);
    if (!list) {
      problems.push({ sheet: p.at.sheet, address: `A${p.at.row + 1}`, zh: `项目“${p.id}”没有现金流，未参加资金平衡测算`, en: `Project "${p.id}" has no cash flows and is left out of the balance check`, severity: "warning" });
      continue;
    }
    const income = years.map(() => ZERO);
    const cost = years.map(() => ZERO);
    const debt = years.map(() => ZERO);
    for (const f of list) {
      const k = f.year - first;
      income[k] = income[k].plus(f.income);
      cost[k] = cost[k].plus(f.cost);
      if (f.bondService !== undefined) debt[k] = debt[k].plus(f.bondService);
    }
    const flowEnd = Math.max(...list.map((f) => f.year));
    inputs.push({
      id: p.id,
      area: p.area,
      town: p.town,
      income,
      cost,
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

const RED_FILL = "#FDE7E9";
const RED_TEXT = "#A4262C";
const GREEN_FILL = "#E7F4E4";
const AMBER_FILL = "#FFF4CE";

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
    v.kind === "unbalanced" ? roundHalfUp(v.gap, 2).toNumber() : "",
    far ? toOutput(far.ratio, 2) : "",
    far?.extra ? toOutput(far.extra.extraArea, 2) : "",
    note,
  ];
}

/** The 资金平衡报告 sheet: one row per project with its verdict, level, partners, balance year, extension and gap. */
export function buildBalanceSheet(projects: readonly ProjectRow[], flows: readonly FlowRow[], params: Parameters): BalanceSheetResult {
  const problems: InputProblem[] = [];
  if (flows.length === 0) {
    problems.push({ sheet: SHEET_NAMES.flows, address: "", zh: "没有现金流数据（需要“现金流”表：项目编号、年度、收入、支出），无法做资金平衡测算", en: "No cash flows (a cash-flow table with project id, year, income, cost is needed): the balance check cannot run", severity: "error" });
    return { problems, verdicts: {}, balances: [] };
  }
  const { years, inputs, rows } = portfolioFrom(projects, flows, problems);
  if (inputs.length === 0) return { problems, verdicts: {}, balances: [] };
  const result = checkPortfolio({ years, projects: inputs }, { coverageThreshold: new Dec(params.p_coverageThreshold) });
  if (isError(result)) {
    const { zh, en } = result.render(argLabelFor);
    problems.push({ sheet: SHEET_NAMES.flows, address: "", zh, en, severity: "error" });
    return { problems, verdicts: {}, balances: [] };
  }
  const verdicts: Record<string, number> = {};
  for (const b of result.projects) verdicts[verdictName(b)] = (verdicts[verdictName(b)] ?? 0) + 1;

  const out: Cell[][] = [];
  out.push([`棚户区改造项目资金平衡测算报告（${years[0]}—${years[years.length - 1]}年，单位：万元）`]);
  out.push([
    `共 ${result.projects.length} 个项目：` +
      Object.values(VERDICT_NAMES)
        .filter((n) => verdicts[n])
        .map((n) => `${n} ${verdicts[n]} 个`)
        .join("，") +
      `。全区期内结余合计 ${toOutput(result.districtSurplus, 2)} 万元；本息覆盖倍数下限 ${params.p_coverageThreshold}。`,
  ]);
  out.push(["测算顺序：先看项目自身能否平衡；不能的，依次在片区、镇街、全区范围统筹平衡；仍不能的，延长平衡期限；都不能的，列出缺口（实施方案 五(一)；《西安市棚户区改造管理办法》第二十七条）。"]);
  out.push([]);
  const headerRow = out.length;
  out.push([...HEADER]);
  const highlights: Highlight[] = [];
  result.projects.forEach((b, i) => {
    const r = out.length;
    out.push(reportRow(rows[i], b, inputs[i].plannedEndYear));
    const v = b.verdict;
    const fill = v.kind === "unbalanced" ? RED_FILL : v.kind === "self" ? undefined : v.kind === "extended" ? AMBER_FILL : GREEN_FILL;
    if (fill) highlights.push({ range: { row: r, col: 8, rows: 1, cols: 1 }, fill, fontColor: v.kind === "unbalanced" ? RED_TEXT : undefined, bold: v.kind === "unbalanced" });
    if (b.surplus.isNegative()) highlights.push({ range: { row: r, col: 5, rows: 1, cols: 1 }, fill: RED_FILL, fontColor: RED_TEXT });
    if (v.kind === "unbalanced") highlights.push({ range: { row: r, col: 14, rows: 1, cols: 1 }, fill: RED_FILL, fontColor: RED_TEXT, bold: true });
  });
  const n = result.projects.length;
  out.push([]);
  out.push(["区域汇总"]);
  const regionHeader = out.length;
  out.push(["层级", "区域", "所属镇街", "项目数", "期内结余合计(万元)"]);
  for (const r of result.regions) out.push([LEVEL_WORDS[r.level].zh, r.name, r.town ?? "", r.projects, toOutput(r.surplus, 2)]);
  const regions = result.regions.length;
  result.regions.forEach((r, i) => {
    if (r.surplus.isNegative()) highlights.push({ range: { row: regionHeader + 1 + i, col: 4, rows: 1, cols: 1 }, fill: RED_FILL, fontColor: RED_TEXT });
  });
  highlights.push({ range: { row: 0, col: 0, rows: 1, cols: 1 }, fill: "#FFFFFF", bold: true });
  highlights.push({ range: { row: regionHeader - 1, col: 0, rows: 1, cols: 1 }, fill: "#DEEAF6", bold: true });

  const money = "#,##0.00;[Red]-#,##0.00";
  const formats: NumberFormat[] = [
    { range: { row: headerRow + 1, col: 5, rows: n, cols: 2 }, format: money },
    { range: { row: headerRow + 1, col: 7, rows: n, cols: 1 }, format: "0.0000" },
    { range: { row: headerRow + 1, col: 14, rows: n, cols: 1 }, format: money },
    { range: { row: headerRow + 1, col: 15, rows: n, cols: 1 }, format: "0.00" },
    { range: { row: headerRow + 1, col: 16, rows: n, cols: 1 }, format: "#,##0.00" },
    { range: { row: regionHeader + 1, col: 4, rows: Math.max(regions, 1), cols: 1 }, format: money },
  ];
  const width = HEADER.length;
  return {
    problems,
    verdicts,
    balances: result.projects,
    sheet: {
      role: "balance",
      name: SHEET_NAMES.balance,
      rows: out.map((r) => [...r, ...new Array(Math.max(0, width - r.length)).fill(null)]),
      columnWidths: [12, 26, 10, 12, 9, 14, 14, 12, 30, 9, 12, 24, 9, 9, 12, 8, 14, 40],
      numberFormats: formats,
      tables: [
        { name: "ShantyBalanceReport", range: { row: headerRow, col: 0, rows: n + 1, cols: width }, style: "TableStyleMedium2" },
        { name: "ShantyBalanceRegions", range: { row: regionHeader, col: 0, rows: regions + 1, cols: 5 }, style: "TableStyleLight9" },
      ],
      highlights,
      freeze: { rows: headerRow + 1, cols: 2 },
    },
  };
}
