import { Dec } from "../engine/decimal";
import { DomainError, fail, isError } from "../engine/errors";
import {
  NO_PARTNERS,
  PoolIndex,
  PoolMember,
  PoolOutcome,
  balanceOf,
  balanceYear,
  checkYears,
  extendYears,
  farBreach,
  farExtra,
  farWithin,
  verdictText,
} from "../engine/balance";
import { toOutput } from "../engine/money";
import { NamedColumn, alignColumns, columnDecimal, columnNumber, columnText } from "./columns";
import { defineFunction } from "./define";
import type { ColumnCell, FunctionSpec, ParamSpec } from "./types";

const YEAR_PARAMS = [
  { name: "years", kind: "column", label: "年度", zh: "年度区域（一列，如 2024…2030），逐年递增 1、不得缺年", en: "Range of years (one column, e.g. 2024…2030), ascending by 1 with none missing" },
  { name: "netFlows", kind: "column", label: "净现金流", unit: "万元", zh: "各年度净现金流（收入 − 支出），与年度逐行对应；空白按 0", en: "Yearly net cash flow (income − cost), row by row with the years; blank counts as 0" },
] as const satisfies readonly ParamSpec[];

const POOL_PARAMS = [
  { name: "target", kind: "text", label: "目标项目", zh: "要判断的项目编号", en: "Id of the project to check" },
  { name: "ids", kind: "column", label: "项目编号", zh: "全区项目编号区域（一列，不得重复）", en: "Range of every project id of the district (one column, no duplicates)" },
  { name: "surpluses", kind: "column", label: "结余", unit: "万元", zh: "各项目平衡期内结余（收入 − 支出，万元），与项目编号逐行对应", en: "Each project's surplus over its balance period (income − cost, 万元), row by row with the ids" },
  { name: "areas", kind: "column", label: "片区", zh: "各项目所属片区，与项目编号逐行对应；空白表示不属于任何片区", en: "Each project's bundle area (片区), row by row with the ids; blank: none" },
  { name: "towns", kind: "column", label: "镇街", optional: true, zh: "各项目所属镇（街道），可省略；省略时不按镇街统筹", en: "Each project's town or street (镇街), optional; left out: no town level" },
] as const satisfies readonly ParamSpec[];

const FAR_LAND = { name: "landArea", kind: "decimal", label: "用地面积", unit: "㎡", above: 0, zh: "项目用地面积（㎡）", en: "Land area of the plot (㎡)" } as const satisfies ParamSpec;
const FAR_BUILDING = { name: "buildingArea", kind: "decimal", label: "计容建筑面积", unit: "㎡", min: 0, zh: "计容建筑面积：安置 + 开发（㎡）", en: "Building area counted in the plot ratio: resettlement + development (㎡)" } as const satisfies ParamSpec;
const FAR_MAX = { name: "maxFar", kind: "decimal", label: "容积率上限", above: 0, zh: "控制性规划规定的容积率上限", en: "Maximum plot ratio set by the regulatory plan" } as const satisfies ParamSpec;

interface YearFlows {
  readonly years: number[];
  readonly flows: Dec[];
}

/** Years and net flows lined up row for row; years checked whole, ascending by 1, none missing. */
function readYearFlows(years: readonly ColumnCell[], netFlows: readonly ColumnCell[]): YearFlows | DomainError {
  const cols: NamedColumn[] = [
    { name: "years", cells: years },
    { name: "netFlows", cells: netFlows },
  ];
  const rows = alignColumns(cols);
  if (isError(rows)) return rows;
  if (rows.length === 0) return fail("rangeEmpty", { arg: "years" });
  const ys: number[] = [];
  const flows: Dec[] = [];
  for (const r of rows) {
    const y = columnNumber(cols[0], r);
    if (isError(y)) return y;
    const f = columnDecimal(cols[1], r);
    if (isError(f)) return f;
    ys.push(y);
    flows.push(f);
  }
  const bad = checkYears(ys, "years", rows.map((r) => r + 1));
  return bad ?? { years: ys, flows };
}

/** A 片区/镇街 cell: blank, or 0 (an empty cell on Excel desktop), means none. */
function regionName(col: NamedColumn | undefined, r: number): string | undefined {
  const c = col?.cells[r];
  if (c === undefined || c === null || c === 0) return undefined;
  return typeof c === "string" ? c : String(c);
}

/**
 * Recently built pool indexes with the ranges they were built from. A sheet with BALANCELEVEL/BALANCEPARTNERS in
 * every row of a 2,000-project list passes the same four ranges 2,000 times with only the target changing; the
 * index (every surplus parsed to Decimal, grouped and summed) is a pure function of those ranges, so it is built
 * once and reused. An entry is reused only when every cell of every range is identical (===), so an edited cell
 * can never hit a stale entry; comparing cells is far cheaper than parsing and summing decimals again.
 */
interface PoolCacheEntry {
  readonly cells: readonly (readonly ColumnCell[])[];
  readonly index: PoolIndex | DomainError;
}
const POOL_CACHE: PoolCacheEntry[] = [];
const POOL_CACHE_SIZE = 4;

function sameCells(a: readonly (readonly ColumnCell[])[], b: readonly (readonly ColumnCell[])[]): boolean {
  if (a.length !== b.length) return false;
  for (let c = 0; c < a.length; c++) {
    const x = a[c];
    const y = b[c];
    if (x.length !== y.length) return false;
    for (let r = 0; r < x.length; r++) if (x[r] !== y[r]) return false;
  }
  return true;
}

function cachedPoolIndex(cols: readonly NamedColumn[]): PoolIndex | DomainError {
  const cells = cols.map((c) => c.cells);
  const at = POOL_CACHE.findIndex((e) => sameCells(e.cells, cells));
  if (at >= 0) {
    const [hit] = POOL_CACHE.splice(at, 1);
    POOL_CACHE.push(hit); // most recently used last; the first entry is evicted first
    return hit.index;
  }
  // Copies: the host may reuse the arrays it handed over.
  const entry = { cells: cells.map((c) => c.slice()), index: buildPoolIndex(cols) };
  POOL_CACHE.push(entry);
  if (POOL_CACHE.length > POOL_CACHE_SIZE) POOL_CACHE.shift();
  return entry.index;
}

/** The projects of the ranges as one PoolIndex — the same grouping the portfolio check uses. */
function buildPoolIndex(cols: readonly NamedColumn[]): PoolIndex | DomainError {
  const rows = alignColumns(cols);
  if (isError(rows)) return rows;
  if (rows.length === 0) return fail("rangeEmpty", { arg: "ids" });
  const members: PoolMember[] = new Array(rows.length);
  for (let k = 0; k < rows.length; k++) {
    const r = rows[k];
    // A project id of 0 is an empty cell on Excel desktop: treat it as missing, like a blank.
    const id = cols[0].cells[r] === 0 ? fail("columnCellBlank", { arg: "ids", pos: r + 1 }) : columnText(cols[0], r);
    if (isError(id)) return id;
    const surplus = columnDecimal(cols[1], r);
    if (isError(surplus)) return surplus;
    members[k] = { id, surplus, area: regionName(cols[2], r), town: regionName(cols[3], r) };
  }
  return PoolIndex.build(members, { idArg: "ids", positions: rows.map((r) => r + 1) });
}

/**
 * The pooling verdict of `target` among the projects of the ranges. Under surplus allocation every verdict depends
 * on the whole list, so the cached index allocates once (on the first target asked) and keeps every verdict.
 */
function poolOutcome(
  target: string,
  ids: readonly ColumnCell[],
  surpluses: readonly ColumnCell[],
  areas: readonly ColumnCell[],
  towns: readonly ColumnCell[] | undefined,
): PoolOutcome | DomainError {
  const cols: NamedColumn[] = [
    { name: "ids", cells: ids },
    { name: "surpluses", cells: surpluses },
    { name: "areas", cells: areas },
  ];
  if (towns) cols.push({ name: "towns", cells: towns });
  const index = cachedPoolIndex(cols);
  if (isError(index)) return index;
  const t = index.indexOf(target);
  if (t === undefined) return fail("targetNotFound", { arg: "target", value: target });
  return index.outcome(t);
}

export const BALANCE_FUNCTIONS: readonly FunctionSpec[] = [
  defineFunction({
    id: "BALANCE",
    family: "balance",
    zh: "资金平衡：收入合计 − 支出合计",
    en: "Funding balance: Σ income − Σ cost",
    returns: { kind: "number", zh: "结余（与输入同一单位，≥ 0 表示自平衡）", en: "Surplus (same unit as the inputs; ≥ 0 means self-balanced)" },
    params: [
      { name: "income", kind: "decimals", label: "收入", zh: "收入区域：土地出让可用收益、安置房销售、商业销售或租金、各级补助、统筹税收等（不含债券本金）", en: "Income range: usable land income, resettlement sales, commercial sales or rent, subsidies, assigned taxes (not bond principal)" },
      { name: "cost", kind: "decimals", label: "支出", zh: "支出区域：征收补偿、安置房及配套建设、前期费用、融资成本、不可预见费等；可与收入区域长短不同", en: "Cost range: compensation, construction, early-stage costs, financing cost, contingency; may differ in length from income" },
    ],
    impl: ([income, cost]) => toOutput(balanceOf(income, cost)),
  }),
  defineFunction({
    id: "BALANCEYEAR",
    family: "balance",
    zh: "平衡年度：累计净现金流自该年起直到最后一年都不小于 0 的最早年度",
    en: "Balance year: the earliest year from which the cumulative net flow stays ≥ 0 through the last year given",
    returns: { kind: "number", zh: "平衡年度", en: "Balance year" },
    params: YEAR_PARAMS,
    impl: ([years, netFlows]) => {
      const yf = readYearFlows(years, netFlows);
      return isError(yf) ? yf : balanceYear(yf.years, yf.flows);
    },
  }),
  defineFunction({
    id: "EXTENDYEARS",
    family: "balance",
    zh: "需延长的平衡期限（年）：平衡年度 − 计划完成年度，不需延长为 0",
    en: "Years the balance period must be extended: balance year − planned end year, 0 if none",
    returns: { kind: "number", zh: "延长年数", en: "Years of extension" },
    params: [
      ...YEAR_PARAMS,
      { name: "plannedEndYear", kind: "integer", label: "计划完成年度", zh: "计划平衡期最后一年（如 2026）", en: "Last year of the planned balance period (e.g. 2026)" },
    ],
    impl: ([years, netFlows, plannedEndYear]) => {
      const yf = readYearFlows(years, netFlows);
      return isError(yf) ? yf : extendYears(yf.years, yf.flows, plannedEndYear);
    },
  }),
  defineFunction({
    id: "BALANCELEVEL",
    family: "balance",
    zh: "平衡层级：项目自平衡 / 片区平衡 / 镇街平衡 / 全区平衡 / 不能平衡及缺口",
    en: "Balance level: self / 片区 / 镇街 / district, or not balanced with the gap",
    returns: { kind: "text", zh: "项目自平衡、片区平衡（名称）、镇街平衡（名称）、全区平衡 或 不能平衡，缺口 N 万元", en: "项目自平衡, 片区平衡（name）, 镇街平衡（name）, 全区平衡, or 不能平衡，缺口 N 万元" },
    params: POOL_PARAMS,
    impl: ([target, ids, surpluses, areas, towns]) => {
      const outcome = poolOutcome(target, ids, surpluses, areas, towns);
      return isError(outcome) ? outcome : verdictText(outcome);
    },
  }),
  defineFunction({
    id: "BALANCEPARTNERS",
    family: "balance",
    zh: "统筹平衡伙伴：按结余从大到小选取、伙伴最少（一列，自动溢出）",
    en: "Pooling partners: projects with the largest surpluses first, fewest partners (spills one column)",
    returns: { kind: "matrix", zh: "伙伴项目编号（一列）；项目自平衡时为“无需统筹（项目自平衡）”，不能平衡时为“无（扩大到全区仍不能平衡）”", en: "Partner ids (one column); “无需统筹（项目自平衡）” when the project balances itself, “无（扩大到全区仍不能平衡）” when no level balances" },
    params: POOL_PARAMS,
    spill: (probe) => ({ rows: Math.max(1, probe.rangeRows(1) ?? 1), cols: 1 }),
    impl: ([target, ids, surpluses, areas, towns]) => {
      const outcome = poolOutcome(target, ids, surpluses, areas, towns);
      if (isError(outcome)) return outcome;
      if (outcome.kind === "pooled") return outcome.partners.map((id) => [id]);
      return [[NO_PARTNERS[outcome.kind]]];
    },
  }),
  defineFunction({
    id: "FARCHECK",
    family: "balance",
    zh: "容积率校验：（安置 + 开发建筑面积）÷ 用地面积 ≤ 容积率上限",
    en: "Plot ratio check: (resettlement + development building area) ÷ land area ≤ maximum",
    returns: { kind: "boolean", zh: "TRUE 表示未突破容积率上限", en: "TRUE if within the maximum plot ratio" },
    params: [FAR_LAND, FAR_BUILDING, FAR_MAX],
    impl: ([landArea, buildingArea, maxFar]) => farWithin(landArea, buildingArea, maxFar),
  }),
  defineFunction({
    id: "FAREXTRA",
    family: "balance",
    zh: "弥补资金缺口需增加的开发面积（㎡）；突破容积率时报错",
    en: "Extra development area that closes a deficit (㎡); an error if it would break the plot ratio",
    returns: { kind: "number", zh: "需增加的开发建筑面积（㎡）", en: "Extra development building area (㎡)", unit: "㎡" },
    params: [
      { name: "deficit", kind: "decimal", label: "资金缺口", unit: "元", min: 0, zh: "需弥补的资金缺口（元，正数）", en: "Funding deficit to close (元, positive)" },
      { name: "netIncomePerSqm", kind: "decimal", label: "每平方米净收益", unit: "元/㎡", above: 0, zh: "每增加 1㎡ 开发面积的净收益（元/㎡）", en: "Net income per ㎡ of extra development area (元/㎡)" },
      FAR_LAND,
      FAR_BUILDING,
      FAR_MAX,
    ],
    impl: ([deficit, netIncomePerSqm, landArea, buildingArea, maxFar]) => {
      const extra = farExtra(deficit, netIncomePerSqm, landArea, buildingArea, maxFar);
      return farBreach(extra) ?? toOutput(extra.extraArea, 2);
    },
  }),
];
