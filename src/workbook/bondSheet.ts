import type { BalanceColumn, BondCheck } from "../engine/bonds/project";
import type { Scenario } from "../engine/bonds/sensitivity";
import { showTrancheSchedule } from "../engine/bonds/schedule";
import { Dec, ZERO, sum } from "../engine/decimal";
import { roundHalfUp, toOutput } from "../engine/money";
import { BOND_BALANCE_SHEET_NAME } from "./bondContract";
import { bondReports, BondProjectReport } from "./bondInputs";
import type { Parameters } from "./contract";
import { a4, wrappedHeight } from "./layout";
import { a1, Cell, CellRange, Highlight, InputProblem, NumberFormat, SheetModel, StyleSpec } from "./model";
import type { BondRow, FlowRow, ProjectRow } from "./read";

/*
 * The 收支平衡表 sheet (domain §5, issue 13): for every bond-funded project one block with
 *   1. the debt-management system's rows 01 … 09 over 开工年 … +N (at most 30 yearly columns, the last "及以后"),
 *      totals and sums as formulas with their cached values;
 *   2. the system's checks, listed before the user uploads;
 *   3. the 敏感性分析 (scenarios from the policy table) with coverage and 是否达标, and the break-even drop.
 * Money in 万元 with 2 decimals; every shown total is the sum of the shown parts (the schedule is apportioned).
 */

/** Most yearly columns of the table; beyond it the last column is "YYYY及以后". */
export const MAX_YEAR_COLUMNS = 30;
const FIRST_YEAR_COL = 3;
const MONEY = "#,##0.00;-#,##0.00";
/** Ratios at 2 decimals, up to 4 where they matter (1.1996 is shown so, not "1.20" beside 下限 1.2 and 不达标). */
const RATIO = "0.00##";
const TITLE_FILL = "#DEEAF6";
const RED_FILL = "#FDE7E9";
const RED_TEXT = "#A4262C";
const AMBER_FILL = "#FFF4CE";
const GREEN_FILL = "#E7F4E4";

export const STATUS_ZH = { self: "项目自平衡", subsidy: "财政补助后平衡", short: "不达标" } as const;

/** Columns of the table: single years, or the fold "YYYY及以后". */
interface ColumnGroup {
  readonly label: string;
  readonly indices: readonly number[];
}

export function yearGroups(years: readonly number[], max = MAX_YEAR_COLUMNS): ColumnGroup[] {
  if (years.length <= max) return years.map((y, k) => ({ label: String(y), indices: [k] }));
  const groups = years.slice(0, max - 1).map((y, k) => ({ label: String(y), indices: [k] }));
  const rest = years.map((_, k) => k).slice(max - 1);
  groups.push({ label: `${years[max - 1]}及以后`, indices: rest });
  return groups;
}

type RowKey =
  | "r01"
  | "r0101"
  | "r0102"
  | "rOther"
  | "rUnsplit"
  | "r02"
  | "r0201"
  | "r0202"
  | "r020201"
  | "r0203"
  | "rBudget"
  | "r03"
  | "r0301"
  | "r04"
  | "r0402"
  | "r05"
  | "rCum"
  | "r06"
  | "r07"
  | "rService"
  | "rAvailSelf"
  | "rAvailSub"
  | "rGross"
  | "r09"
  | "r09sub"
  | "r09gross";

interface RowDef {
  readonly key: RowKey;
  readonly code: string;
  readonly label: string;
  readonly kind: "money" | "ratio";
  /** Sum of other rows (formula), by key. */
  readonly sumOf?: readonly RowKey[];
  readonly bold?: boolean;
}

const ROWS: readonly RowDef[] = [
  { key: "r01", code: "01", label: "项目运营预期收入", kind: "money", sumOf: ["r0101", "r0102", "rOther", "rUnsplit"], bold: true },
  { key: "r0101", code: "0101", label: "  财政运营补贴收入（财政补助）", kind: "money" },
  { key: "r0102", code: "0102", label: "  土地出让收入", kind: "money" },
  { key: "rOther", code: "", label: "  其他专项收入（配套商业销售/租赁等）", kind: "money" },
  { key: "rUnsplit", code: "", label: "  项目收入（未拆分）", kind: "money" },
  { key: "r02", code: "02", label: "项目建设资金来源", kind: "money", sumOf: ["r0201", "r0202", "r0203", "rBudget"], bold: true },
  { key: "r0201", code: "0201", label: "  资本金", kind: "money" },
  { key: "r0202", code: "0202", label: "  地方政府专项债券", kind: "money" },
  { key: "r020201", code: "020201", label: "    其中：用于资本金", kind: "money" },
  { key: "r0203", code: "0203", label: "  项目单位市场化融资", kind: "money" },
  { key: "rBudget", code: "", label: "  财政补助资金（建设期投入）", kind: "money" },
  { key: "r03", code: "03", label: "项目建设支出", kind: "money", bold: true },
  { key: "r0301", code: "0301", label: "  其中：财务费用-专项债券付息（含发行兑付费用）", kind: "money" },
  { key: "r04", code: "04", label: "项目运营支出", kind: "money", bold: true },
  { key: "r0402", code: "0402", label: "  其中：专项债券付息支出（含兑付费用）", kind: "money" },
  { key: "r05", code: "05", label: "结转下年资金（02 + 01 − 03 − 04）", kind: "money", bold: true },
  { key: "rCum", code: "", label: "  累计资金结余（扣除还本后）", kind: "money" },
  { key: "r06", code: "06", label: "专项债券还本", kind: "money", bold: true },
  { key: "r07", code: "07", label: "市场化融资还本", kind: "money", bold: true },
  { key: "rService", code: "", label: "专项债券还本付息合计（本金 + 利息 + 费用）", kind: "money", sumOf: ["r0301", "r0402", "r06"] },
  { key: "rAvailSelf", code: "", label: "可用于偿债的项目收益（净，不含财政补助，债券存续期内）", kind: "money" },
  { key: "rAvailSub", code: "", label: "可用于偿债的收益（净，含财政补助，债券存续期内）", kind: "money" },
  { key: "rGross", code: "", label: "项目毛收入（不含财政补助，债券存续期内）", kind: "money" },
  { key: "r09", code: "09", label: "本息覆盖倍数（净收益口径，不含财政补助）", kind: "ratio", bold: true },
  { key: "r09sub", code: "", label: "  本息覆盖倍数（净收益口径，含财政补助）", kind: "ratio" },
  { key: "r09gross", code: "", label: "  本息覆盖倍数（毛收入口径，2018 年口径）", kind: "ratio" },
];

const RATIO_OF: Partial<Record<RowKey, RowKey>> = { r09: "rAvailSelf", r09sub: "rAvailSub", r09gross: "rGross" };

const CHECK_NAMES: Record<BondCheck["code"], string> = {
  bondsInConstruction: "债券仅在建设期内发行",
  principalEqualsIssued: "Σ 还本 = Σ 发行",
  capitalPartWithinBonds: "其中用于资本金 ≤ 当年专项债券",
  fundingEqualsInvestment: "资金来源合计 = 总投资",
  coverageWithinBounds: "本息覆盖倍数在上下限之内",
  financeInCost: "支出已包含债券利息及费用",
  reportedDebtService: "现金流表债券还本付息与债券表一致",
};

const wan = (s: string | number) => `${toOutput(new Dec(s), 2).toFixed(2)} 万元`;

/** How a printed coverage must stand to the limit printed beside it for the message to be true. */
type Relation = "<" | ">" | ">=" | "<=";
const HOLDS: Record<Relation, (c: number) => boolean> = { "<": (c) => c < 0, ">": (c) => c > 0, ">=": (c) => c >= 0, "<=": (c) => c <= 0 };

/**
 * A coverage ratio as a message prints it next to `limit`: 2 decimals, as the sheet shows ratios, unless that
 * rounding would contradict the message (1.1996 printed "1.20 低于下限 1.2"); then 3, 4, … up to the limit's own
 * decimals (at least 4), half-up; if even that equals the limit (1.19999 → 1.2000), cut toward the side the
 * message claims (1.1999), which keeps it true because the limit has no more decimals than that.
 */
export function ratioAgainst(value: Dec, limit: Dec, relation: Relation): string {
  const most = Math.max(4, limit.decimalPlaces());
  for (let dp = 2; dp <= most; dp++) {
    const shown = roundHalfUp(value, dp);
    if (HOLDS[relation](shown.comparedTo(limit))) return shown.toFixed(dp);
  }
  const toward = relation === "<" || relation === "<=" ? Dec.ROUND_FLOOR : Dec.ROUND_CEIL;
  return value.toDecimalPlaces(most, toward).toFixed(most);
}

/** The check as one line of text (Chinese), with the numbers it concerns. */
export function checkText(c: BondCheck): string {
  const d = c.detail;
  switch (c.code) {
    case "bondsInConstruction":
      return c.ok
        ? `各期债券均在建设期 ${d.first}—${d.last} 年内发行${d.endGiven ? "" : "（项目表未填建设期末年度，按推定年度检查）"}`
        : `${d.outside} 年发行的债券不在建设期 ${d.first}—${d.last} 年内`;
    case "principalEqualsIssued":
      return c.ok
        ? `还本合计 ${wan(d.repaid)} = 发行合计 ${wan(d.issued)}`
        : `还本合计 ${wan(d.repaid)} ≠ 表内发行合计 ${wan(d.issued)}（有债券早于开工年度发行？）`;
    case "capitalPartWithinBonds":
      return c.ok ? `用于资本金合计 ${wan(d.capital)}，各年均不超过当年发行额` : `${d.years} 年用于资本金的金额超过当年专项债券发行额`;
    case "fundingEqualsInvestment":
      if (c.ok === undefined) return "项目表未填总投资或资金来源（资本金、市场化融资、财政补助），无法校验";
      return c.ok
        ? `资金来源合计 ${wan(d.sources)} = 总投资 ${wan(d.investment)}`
        : `资金来源合计（资本金 + 专项债券 + 市场化融资 + 财政补助）${wan(d.sources)} ≠ 总投资 ${wan(d.investment)}，相差 ${wan(d.diff)}`;
    case "coverageWithinBounds": {
      const coverage = new Dec(d.coverage);
      const threshold = new Dec(d.threshold);
      if (d.side === "low") return `本息覆盖倍数 ${ratioAgainst(coverage, threshold, "<")} 低于下限 ${d.threshold}`;
      if (d.side === "high")
        return `本息覆盖倍数 ${ratioAgainst(coverage, new Dec(d.max), ">")} 高于上限 ${d.max}，疑似数据错误，请核对收入`;
      // Within the bounds: printed ≥ the threshold and, where there is one, ≤ the upper bound.
      const within = d.max ? ratioAgainst(coverage, new Dec(d.max), "<=") : ratioAgainst(coverage, threshold, ">=");
      const shownWithin = new Dec(within).lessThan(threshold) ? ratioAgainst(coverage, threshold, ">=") : within;
      const self = new Dec(d.self);
      const shownSelf = ratioAgainst(self, threshold, self.lessThan(threshold) ? "<" : ">=");
      return `本息覆盖倍数 ${shownWithin}（不含财政补助 ${shownSelf}），下限 ${d.threshold}${d.max ? `、上限 ${d.max}` : "，未设上限"}`;
    }
    case "financeInCost":
      return c.ok
        ? "各年支出均不小于当年债券利息及费用"
        : `${d.years} 年的支出小于当年债券利息及费用：现金流表的支出应包含债券利息（融资成本）`;
    case "reportedDebtService":
      return c.ok
        ? `现金流表还本付息合计 ${wan(d.reported)} 与债券表一致`
        : `${d.years} 年现金流表的债券还本付息与债券表计算不一致（现金流表合计 ${wan(d.reported)}，债券表 ${wan(d.schedule)}）`;
  }
}

export function checkResult(c: BondCheck): "通过" | "不通过" | "无法校验" {
  return c.ok === undefined ? "无法校验" : c.ok ? "通过" : "不通过";
}

export function scenarioName(s: Scenario): string {
  const pct = (d: Dec) => `${toOutput(d.times(100), 2)}%`;
  switch (s.kind) {
    case "base":
      return "基准情景";
    case "incomeDrop":
      return `收入下降 ${pct(s.share)}`;
    case "costRise":
      return `运营成本上升 ${pct(s.share)}`;
    case "rateRise":
      return `利率上升 ${toOutput(s.delta.times(10000), 0)}BP（重算还本付息）`;
    case "landDelay":
      return `土地出让推迟 ${s.years} 年`;
  }
}

/** Values of the plain (non-formula) rows, exact, per engine column. */
function rowValue(
  key: RowKey,
  c: BalanceColumn,
  finance: { shownFinance: Dec; shownPrincipal: Dec; shownIssued: Dec; shownCapital: Dec },
  construction: boolean,
): Dec | undefined {
  switch (key) {
    case "r0101":
      return c.subsidyIncome;
    case "r0102":
      return c.landIncome;
    case "rOther":
      return c.specialIncome;
    case "rUnsplit":
      return c.unsplitIncome;
    case "r0201":
      return c.capital;
    case "r0202":
      return finance.shownIssued;
    case "r020201":
      return finance.shownCapital;
    case "r0203":
      return c.marketFinancing;
    case "rBudget":
      return c.budgetSubsidy;
    case "r03":
      return c.constructionCost;
    case "r0301":
      return construction ? finance.shownFinance : ZERO;
    case "r04":
      return c.operatingCost;
    case "r0402":
      return construction ? ZERO : finance.shownFinance;
    case "r06":
      return finance.shownPrincipal;
    case "r07":
      return ZERO;
    case "rAvailSelf":
      return c.inTerm ? c.availableSelf : undefined;
    case "rAvailSub":
      return c.inTerm ? c.availableWithSubsidy : undefined;
    case "rGross":
      return c.inTerm ? c.grossSelf : undefined;
    default:
      return undefined;
  }
}

interface Block {
  rows: Cell[][];
  formulas: { row: number; col: number; formula: string }[];
  formats: NumberFormat[];
  highlights: Highlight[];
  merges: CellRange[];
  styles: StyleSpec[];
  rowHeights: { row: number; height: number }[];
}

function emptyBlock(): Block {
  return { rows: [], formulas: [], formats: [], highlights: [], merges: [], styles: [], rowHeights: [] };
}

/** Append `block` below what `into` holds (its rows are already absolute). */
function appendBlock(into: Block, block: Block): void {
  into.rows.push(...block.rows);
  into.formulas.push(...block.formulas);
  into.formats.push(...block.formats);
  into.highlights.push(...block.highlights);
  into.merges.push(...block.merges);
  into.styles.push(...block.styles);
  into.rowHeights.push(...block.rowHeights);
}

/** Width of the sheet's columns (character units): 编码, 项目, 合计, then the years. */
const COLUMN_WIDTHS = { code: 9, label: 44, total: 14, year: 12 } as const;

/** One project's block, rows relative to `top` (absolute sheet row of the block's first row). */
function projectBlock(report: BondProjectReport, top: number, params: Parameters): Block {
  const { project, result, sensitivity } = report;
  const years = result.columns.map((c) => c.year);
  const groups = yearGroups(years);
  const width = FIRST_YEAR_COL + groups.length;
  const block = emptyBlock();
  const { rows, formulas, formats, highlights, merges, styles, rowHeights } = block;
  const push = (r: Cell[]) => rows.push([...r, ...new Array(Math.max(0, width - r.length)).fill(null)]);
  const widthUnits = COLUMN_WIDTHS.code + COLUMN_WIDTHS.label + COLUMN_WIDTHS.total + COLUMN_WIDTHS.year * groups.length;
  /** A text line merged across the block, wrapped, tall enough for its text. */
  const textLine = (text: string, style: StyleSpec["style"] = {}) => {
    const r = top + rows.length;
    push([text]);
    merges.push({ row: r, col: 0, rows: 1, cols: width });
    styles.push({ range: { row: r, col: 0, rows: 1, cols: width }, style: { wrap: true, vertical: "top", horizontal: "left", ...style } });
    rowHeights.push({ row: r, height: Math.max(16, wrappedHeight(text, widthUnits)) });
  };

  // The shown schedule (尾差 adjusted), by year.
  const shown = showTrancheSchedule(result.schedule);
  const byYear = new Map(shown.rows.map((s) => [s.year, s]));
  const financeOf = (year: number) => {
    const s = byYear.get(year);
    return {
      shownFinance: s ? s.interest.plus(s.fees) : ZERO,
      shownPrincipal: s?.principal ?? ZERO,
      shownIssued: s?.issued ?? ZERO,
      shownCapital: s?.capitalPart ?? ZERO,
    };
  };
  const cov = result.coverage;
  const status = STATUS_ZH[result.status];
  const tranches = report.input.tranches;
  const issuedTotal = sum(tranches.map((t) => t.amount));
  const threshold = params.p_coverageThreshold;
  // Printed on the side of the threshold it is on (1.1996 is not "1.20" next to 下限 1.2 and 不达标).
  const againstThreshold = (c: Dec) => ratioAgainst(c, new Dec(threshold), c.lessThan(threshold) ? "<" : ">=");

  textLine(`${project.name}（${project.id}）专项债券项目收支平衡表`, { bold: true, fontSize: 14, horizontal: "center" });
  const endNote =
    report.constructionEndSource === "given"
      ? ""
      : report.constructionEndSource === "constructionCost"
        ? "（按建设支出推定）"
        : "（未填，按最后发行年度推定）";
  textLine(
    `单位：万元。建设期 ${report.input.startYear}—${report.input.constructionEndYear} 年${endNote}；专项债券 ${tranches.length} 期共 ${toOutput(issuedTotal, 2).toFixed(2)} 万元，${result.termFirst}—${result.termLast} 年还本付息；` +
      `本息覆盖倍数 ${againstThreshold(cov.self)}（不含财政补助）/ ${againstThreshold(cov.withSubsidy)}（含财政补助），下限 ${threshold}：${status}。`,
  );
  textLine(
    "口径：09 = 债券存续期内（首次发行至最后还本）可用于偿债的项目净收益（收入 − 运营支出中债券利息及费用以外的部分）÷ 还本付息合计（本金 + 利息 + 发行兑付费用）；另列含财政补助（国办发〔2024〕52号）与毛收入口径。资本金、市场化融资按项目总额列在开工年。",
    { fontSize: 9 },
  );
  const header = rows.length;
  push(["编码", "项目", "合计", ...groups.map((g) => g.label)]);
  highlights.push({ range: { row: top + header, col: 0, rows: 1, cols: width }, fill: TITLE_FILL, bold: true });

  const rowIndex = new Map<RowKey, number>();
  ROWS.forEach((def, i) => rowIndex.set(def.key, top + header + 1 + i));
  // Shown values: group sums of rounded yearly values, so formulas over the shown cells give the cached values.
  const shownValues = new Map<RowKey, (Dec | undefined)[]>();
  for (const def of ROWS) {
    if (def.sumOf || def.kind === "ratio" || def.key === "r05" || def.key === "rCum") continue;
    shownValues.set(
      def.key,
      groups.map((g) => {
        const parts = g.indices.map((k) =>
          rowValue(
            def.key,
            result.columns[k],
            financeOf(result.columns[k].year),
            result.columns[k].year <= report.input.constructionEndYear,
          ),
        );
        if (parts.every((p) => p === undefined)) return undefined;
        return sum(parts.map((p) => (p === undefined ? ZERO : roundHalfUp(p, 2))));
      }),
    );
  }
  for (const def of ROWS) {
    if (!def.sumOf) continue;
    shownValues.set(
      def.key,
      groups.map((_, g) => sum(def.sumOf!.map((k) => shownValues.get(k)![g] ?? ZERO))),
    );
  }
  const v = (key: RowKey, g: number) => shownValues.get(key)?.[g] ?? ZERO;
  shownValues.set(
    "r05",
    groups.map((_, g) => v("r02", g).plus(v("r01", g)).minus(v("r03", g)).minus(v("r04", g))),
  );
  let cum = ZERO;
  shownValues.set(
    "rCum",
    groups.map((_, g) => (cum = cum.plus(v("r05", g)).minus(v("r06", g)).minus(v("r07", g)))),
  );

  const cellOf = (key: RowKey, col: number) => a1(rowIndex.get(key)!, col);
  ROWS.forEach((def) => {
    const r = rowIndex.get(def.key)!;
    const line: Cell[] = [def.code, def.label];
    const vals = shownValues.get(def.key);
    const firstCol = a1(r, FIRST_YEAR_COL);
    const lastCol = a1(r, FIRST_YEAR_COL + groups.length - 1);
    if (def.kind === "ratio") {
      const numKey = RATIO_OF[def.key]!;
      const total = sum(shownValues.get(numKey)!.map((x) => x ?? ZERO));
      const debt = sum(shownValues.get("rService")!.map((x) => x ?? ZERO));
      line.push(debt.isZero() ? "" : toOutput(total.div(debt), 4));
      /** The ratio of the row's numerator to 还本付息合计 in one column, 4 decimals, blank where there is no debt service. */
      const ratioFormula = (col: number) =>
        `IF(${cellOf("rService", col)}=0,"",ROUND(${cellOf(numKey, col)}/${cellOf("rService", col)},4))`;
      formulas.push({ row: r, col: 2, formula: ratioFormula(2) });
      groups.forEach((_, g) => {
        const num = shownValues.get(numKey)![g];
        const den = v("rService", g);
        line.push(num === undefined || den.isZero() ? "" : toOutput(num.div(den), 4));
        const col = FIRST_YEAR_COL + g;
        if (num !== undefined) formulas.push({ row: r, col, formula: ratioFormula(col) });
      });
      formats.push({ range: { row: r, col: 2, rows: 1, cols: groups.length + 1 }, format: RATIO });
    } else {
      const total = def.key === "rCum" ? undefined : sum(vals!.map((x) => x ?? ZERO));
      line.push(total === undefined ? "" : toOutput(total, 2));
      if (total !== undefined) formulas.push({ row: r, col: 2, formula: `SUM(${firstCol}:${lastCol})` });
      vals!.forEach((x, g) => {
        line.push(x === undefined ? "" : toOutput(x, 2));
        const col = FIRST_YEAR_COL + g;
        if (def.sumOf) formulas.push({ row: r, col, formula: def.sumOf.map((k) => cellOf(k, col)).join("+") });
        else if (def.key === "r05")
          formulas.push({
            row: r,
            col,
            formula: `${cellOf("r02", col)}+${cellOf("r01", col)}-${cellOf("r03", col)}-${cellOf("r04", col)}`,
          });
        else if (def.key === "rCum") {
          const prev = g === 0 ? "" : `${a1(r, col - 1)}+`;
          formulas.push({ row: r, col, formula: `${prev}${cellOf("r05", col)}-${cellOf("r06", col)}-${cellOf("r07", col)}` });
        }
      });
      formats.push({ range: { row: r, col: 2, rows: 1, cols: groups.length + 1 }, format: MONEY });
    }
    push(line);
    if (def.bold) highlights.push({ range: { row: r, col: 0, rows: 1, cols: 2 }, fill: "#F3F5F4", bold: true });
  });
  styles.push({ range: { row: top + header, col: 0, rows: ROWS.length + 1, cols: width }, style: { border: "thin" } });
  const r09 = rowIndex.get("r09")!;
  highlights.push({
    range: { row: r09, col: 2, rows: 1, cols: 1 },
    fill: result.status === "self" ? GREEN_FILL : result.status === "subsidy" ? AMBER_FILL : RED_FILL,
    bold: true,
    fontColor: result.status === "short" ? RED_TEXT : undefined,
  });

  // The debt-management system's checks.
  push([]);
  const checksTitle = rows.length;
  push(["", "债务管理系统校验（上报前自查）"]);
  highlights.push({ range: { row: top + checksTitle, col: 1, rows: 1, cols: 1 }, fill: TITLE_FILL, bold: true });
  push(["序号", "校验项目", "结果", "说明"]);
  highlights.push({ range: { row: top + rows.length - 1, col: 0, rows: 1, cols: 4 }, fill: "#F3F5F4", bold: true });
  const checksHead = top + rows.length - 1;
  result.checks.forEach((c, i) => {
    const r = top + rows.length;
    push([i + 1, CHECK_NAMES[c.code], checkResult(c), checkText(c)]);
    // The explanation spans the year columns, wrapped.
    merges.push({ row: r, col: 3, rows: 1, cols: width - 3 });
    styles.push({ range: { row: r, col: 3, rows: 1, cols: width - 3 }, style: { wrap: true, vertical: "top" } });
    if (c.ok === false) highlights.push({ range: { row: r, col: 2, rows: 1, cols: 1 }, fill: RED_FILL, fontColor: RED_TEXT, bold: true });
    else if (c.ok === undefined) highlights.push({ range: { row: r, col: 2, rows: 1, cols: 1 }, fill: AMBER_FILL });
  });

  merges.push({ row: checksHead, col: 3, rows: 1, cols: width - 3 });
  styles.push({ range: { row: checksHead, col: 0, rows: result.checks.length + 1, cols: width }, style: { border: "thin" } });
  // 敏感性分析.
  push([]);
  const sensTitle = rows.length;
  push(["", "敏感性分析（压力测试）"]);
  highlights.push({ range: { row: top + sensTitle, col: 1, rows: 1, cols: 1 }, fill: TITLE_FILL, bold: true });
  rowHeights.push({ row: top + rows.length, height: 32 });
  push([
    "序号",
    "情景",
    "覆盖倍数（不含财政补助）",
    "覆盖倍数（含财政补助）",
    "是否达标",
    "平衡方式",
    "还本付息合计（万元）",
    "可用于偿债收益（不含补助，万元）",
  ]);
  highlights.push({ range: { row: top + rows.length - 1, col: 0, rows: 1, cols: 8 }, fill: "#F3F5F4", bold: true });
  const sensFirst = top + rows.length;
  sensitivity.scenarios.forEach((s, i) => {
    const r = top + rows.length;
    const ok = s.status !== "short";
    push([
      i + 1,
      scenarioName(s.scenario),
      toOutput(s.coverage.self, 4),
      toOutput(s.coverage.withSubsidy, 4),
      ok ? "是" : "否",
      STATUS_ZH[s.status],
      toOutput(s.coverage.debtService, 2),
      toOutput(s.coverage.availableSelf, 2),
    ]);
    if (!ok) highlights.push({ range: { row: r, col: 4, rows: 1, cols: 1 }, fill: RED_FILL, fontColor: RED_TEXT, bold: true });
  });
  formats.push({ range: { row: sensFirst, col: 2, rows: sensitivity.scenarios.length, cols: 2 }, format: RATIO });
  formats.push({ range: { row: sensFirst, col: 6, rows: sensitivity.scenarios.length, cols: 2 }, format: MONEY });
  styles.push({
    range: { row: sensFirst - 1, col: 0, rows: sensitivity.scenarios.length + 1, cols: 8 },
    style: { border: "thin", wrap: true },
  });
  const pct = (d: Dec | undefined) => (d === undefined ? "—" : `${toOutput(d.times(100), 2).toFixed(2)}%`);
  const beRow = top + rows.length;
  push([
    "",
    "盈亏平衡点",
    `收入统一下降不超过 ${pct(sensitivity.breakEvenSelf)}（不含财政补助）/ ${pct(sensitivity.breakEvenWithSubsidy)}（含财政补助）时，本息覆盖倍数仍不低于 ${threshold}（= 1 − 下限 × Σ还本付息 ÷ Σ可用于偿债收益；负数表示已低于下限）`,
  ]);
  merges.push({ row: beRow, col: 2, rows: 1, cols: width - 2 });
  styles.push({ range: { row: beRow, col: 2, rows: 1, cols: width - 2 }, style: { wrap: true } });
  rowHeights.push({ row: beRow, height: 32 });
  push([]);
  push([]);
  return block;
}

export interface BondSheetResult {
  readonly sheet?: SheetModel;
  readonly problems: InputProblem[];
  readonly reports: readonly BondProjectReport[];
  /** The checks and scenarios as text lines, for the CLI (one project after the other). */
  readonly lines: readonly string[];
}

/** Lines of the CLI summary: per project its verdict, each check and each scenario. */
export function bondLines(reports: readonly BondProjectReport[], threshold: number): string[] {
  const lines: string[] = [];
  // Printed on the side of the threshold it is on, as in the sheet's heading line.
  const shown = (c: Dec) => ratioAgainst(c, new Dec(threshold), c.lessThan(threshold) ? "<" : ">=");
  for (const r of reports) {
    const c = r.result.coverage;
    lines.push(
      `${r.project.id} ${r.project.name}：${STATUS_ZH[r.result.status]}（本息覆盖倍数 ${shown(c.self)} 不含财政补助 / ${shown(c.withSubsidy)} 含财政补助）`,
    );
    r.result.checks.forEach((k) => lines.push(`  [${checkResult(k)}] ${CHECK_NAMES[k.code]}：${checkText(k)}`));
    const scen = r.sensitivity.scenarios
      .map((s) => `${scenarioName(s.scenario)} ${shown(s.coverage.withSubsidy)}${s.status === "short" ? "✗" : "✓"}`)
      .join("；");
    lines.push(`  敏感性分析：${scen}`);
  }
  return lines;
}

/**
 * The 收支平衡表 sheet for every bond-funded project of the workbook. No 债券 table (or no project in it): no sheet
 * and no problem — a workbook without bonds plans as before.
 */
export function buildBondSheet(
  projects: readonly ProjectRow[],
  flows: readonly FlowRow[],
  bonds: readonly BondRow[],
  params: Parameters,
): BondSheetResult {
  if (bonds.length === 0) return { problems: [], reports: [], lines: [] };
  const { reports, problems } = bondReports(projects, flows, bonds, params);
  if (reports.length === 0) return { problems, reports, lines: [] };
  const all = emptyBlock();
  const { rows: out, formulas, formats, highlights, merges, styles, rowHeights } = all;
  let width = 8;
  for (const report of reports) {
    const block = projectBlock(report, out.length, params);
    appendBlock(all, block);
    width = Math.max(width, ...block.rows.map((r) => r.length));
  }
  // One hidden column after the table holds the fingerprint of what was generated (src/workbook/fingerprint.ts).
  const fingerprintCol = width;
  const sheet: SheetModel = {
    role: "bondBalance",
    name: BOND_BALANCE_SHEET_NAME,
    rows: out.map((r) => [...r, ...new Array(Math.max(0, width + 1 - r.length)).fill(null)]),
    columnWidths: [COLUMN_WIDTHS.code, COLUMN_WIDTHS.label, COLUMN_WIDTHS.total, ...new Array(width - 3).fill(COLUMN_WIDTHS.year), 2],
    numberFormats: formats,
    highlights,
    formulas,
    merges,
    styles,
    rowHeights,
    hiddenColumns: [fingerprintCol],
    fingerprintCell: { row: 0, col: fingerprintCol },
    // A4 landscape, one page wide; 编码 and 项目 repeated on every page.
    print: a4("landscape", { row: 0, col: 0, rows: out.length, cols: width }, { titleColumns: { first: 0, last: 1 } }),
  };
  return { sheet, problems, reports, lines: bondLines(reports, params.p_coverageThreshold) };
}
