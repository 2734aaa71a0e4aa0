import { Dec } from "../engine/decimal";
import { DomainError, fail, isError } from "../engine/errors";
import {
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
} from "../engine/balance";
import { balanceYearFast } from "../engine/fast";
import { WAN_PLACES, toOutput } from "../engine/money";
import { defineFunction } from "./define";
import { noPartnersText, VERDICT_WORDS, verdictKind, verdictRegion, verdictText } from "./verdicts";
import type { Aligned, CellScalar, FunctionSpec, ParamSpec } from "./types";

const YEAR_PARAMS = [
  {
    name: "years",
    kind: "aligned",
    cell: "number",
    nonEmpty: true,
    label: "年度",
    zh: "年度区域（一列，如 2024…2030），逐年递增 1、不得缺年",
    en: "Range of years (one column, e.g. 2024…2030), ascending by 1 with none missing",
  },
  {
    name: "netFlows",
    kind: "aligned",
    cell: "decimal",
    label: "净现金流",
    unit: "万元",
    zh: "各年度净现金流（收入 − 支出），与年度逐行对应；空白按 0",
    en: "Yearly net cash flow (income − cost), row by row with the years; blank counts as 0",
  },
] as const satisfies readonly ParamSpec[];

const LIST_PARAMS = [
  {
    name: "ids",
    kind: "aligned",
    cell: "text",
    nonEmpty: true,
    label: "项目编号",
    zh: "全区项目编号区域（一列，不得重复）",
    en: "Range of every project id of the district (one column, no duplicates)",
  },
  {
    name: "surpluses",
    kind: "aligned",
    cell: "decimal",
    label: "结余",
    unit: "万元",
    zh: "各项目平衡期内结余（收入 − 支出，万元），与项目编号逐行对应",
    en: "Each project's surplus over its balance period (income − cost, 万元), row by row with the ids",
  },
  {
    name: "areas",
    kind: "aligned",
    cell: "optionalText",
    label: "片区",
    zh: "各项目所属片区，与项目编号逐行对应；空白表示不属于任何片区",
    en: "Each project's bundle area (片区), row by row with the ids; blank: none",
  },
  {
    name: "towns",
    kind: "aligned",
    cell: "optionalText",
    label: "镇街",
    optional: true,
    zh: "各项目所属镇（街道），可省略；省略时不按镇街统筹",
    en: "Each project's town or street (镇街), optional; left out: no town level",
  },
] as const satisfies readonly ParamSpec[];

const POOL_PARAMS = [
  { name: "target", kind: "text", label: "目标项目", zh: "要判断的项目编号", en: "Id of the project to check" },
  ...LIST_PARAMS,
] as const satisfies readonly ParamSpec[];

const FAR_LAND = {
  name: "landArea",
  kind: "decimal",
  label: "用地面积",
  unit: "㎡",
  above: 0,
  zh: "项目用地面积（㎡）",
  en: "Land area of the plot (㎡)",
} as const satisfies ParamSpec;
const FAR_BUILDING = {
  name: "buildingArea",
  kind: "decimal",
  label: "计容建筑面积",
  unit: "㎡",
  min: 0,
  zh: "计容建筑面积：安置 + 开发（㎡）",
  en: "Building area counted in the plot ratio: resettlement + development (㎡)",
} as const satisfies ParamSpec;
const FAR_MAX = {
  name: "maxFar",
  kind: "decimal",
  label: "容积率上限",
  above: 0,
  zh: "控制性规划规定的容积率上限",
  en: "Maximum plot ratio set by the regulatory plan",
} as const satisfies ParamSpec;

/** Years checked whole, ascending by 1, none missing (positions name the rows of the range). */
function yearsError(years: Aligned<number>): DomainError | undefined {
  return checkYears(years.values, "years", years.pos);
}

/**
 * The pool index of the ranges — the same grouping the portfolio check uses. Coercion hands identical ranges over
 * as the same Aligned objects (see coerce.ts), so a sheet with BALANCELEVEL in every row builds the index once:
 * under surplus allocation every verdict depends on the whole list, and the index keeps every verdict.
 */
const POOL_INDEXES = new WeakMap<Aligned<string>, PoolIndex | DomainError>();

interface PoolRanges {
  readonly ids: Aligned<string>;
  readonly surpluses: Aligned<Dec>;
  readonly areas: Aligned<string | undefined>;
  readonly towns?: Aligned<string | undefined>;
}

function poolIndex({ ids, surpluses, areas, towns }: PoolRanges): PoolIndex | DomainError {
  let index = POOL_INDEXES.get(ids);
  if (index === undefined) {
    const members: PoolMember[] = ids.values.map((id, k) => ({
      id,
      surplus: surpluses.values[k],
      area: areas.values[k],
      town: towns?.values[k],
    }));
    index = PoolIndex.build(members, { idArg: "ids", positions: ids.pos, places: WAN_PLACES });
    POOL_INDEXES.set(ids, index);
  }
  return index;
}

/** The pooling verdict of `target` among the projects of the ranges. */
function poolOutcome(target: string, ranges: PoolRanges): PoolOutcome | DomainError {
  const index = poolIndex(ranges);
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
    returns: {
      kind: "number",
      zh: "结余（与输入同一单位，≥ 0 表示自平衡）",
      en: "Surplus (same unit as the inputs; ≥ 0 means self-balanced)",
    },
    params: [
      {
        name: "income",
        kind: "decimals",
        label: "收入",
        zh: "收入区域：土地出让可用收益、安置房销售、商业销售或租金、各级补助、统筹税收等（不含债券本金）",
        en: "Income range: usable land income, resettlement sales, commercial sales or rent, subsidies, assigned taxes (not bond principal)",
      },
      {
        name: "cost",
        kind: "decimals",
        label: "支出",
        zh: "支出区域：征收补偿、安置房及配套建设、前期费用、融资成本、不可预见费等；可与收入区域长短不同",
        en: "Cost range: compensation, construction, early-stage costs, financing cost, contingency; may differ in length from income",
      },
    ],
    impl: ({ income, cost }) => toOutput(balanceOf(income, cost)),
  }),
  defineFunction({
    id: "BALANCEYEAR",
    family: "balance",
    zh: "平衡年度：累计净现金流自该年起直到最后一年都不小于 0 的最早年度",
    en: "Balance year: the earliest year from which the cumulative net flow stays ≥ 0 through the last year given",
    returns: { kind: "number", zh: "平衡年度", en: "Balance year" },
    params: YEAR_PARAMS,
    impl: ({ years, netFlows }) => yearsError(years) ?? balanceYear(years.values, netFlows.values),
    fast: ({ years, netFlows }) => (yearsError(years) ? undefined : balanceYearFast(years.values, netFlows.values)),
  }),
  defineFunction({
    id: "EXTENDYEARS",
    family: "balance",
    zh: "需延长的平衡期限（年）：平衡年度 − 计划完成年度，不需延长为 0",
    en: "Years the balance period must be extended: balance year − planned end year, 0 if none",
    returns: { kind: "number", zh: "延长年数", en: "Years of extension" },
    params: [
      ...YEAR_PARAMS,
      {
        name: "plannedEndYear",
        kind: "integer",
        label: "计划完成年度",
        zh: "计划平衡期最后一年（如 2026）",
        en: "Last year of the planned balance period (e.g. 2026)",
      },
    ],
    impl: ({ years, netFlows, plannedEndYear }) => yearsError(years) ?? extendYears(years.values, netFlows.values, plannedEndYear),
  }),
  defineFunction({
    id: "BALANCELEVEL",
    family: "balance",
    zh: "平衡层级：项目自平衡 / 片区平衡 / 镇街平衡 / 全区平衡 / 不能平衡及缺口",
    en: "Balance level: self / 片区 / 镇街 / district, or not balanced with the gap",
    returns: {
      kind: "text",
      zh: "项目自平衡、片区平衡（名称）、镇街平衡（名称）、全区平衡 或 不能平衡，缺口 N 万元",
      en: "项目自平衡, 片区平衡（name）, 镇街平衡（name）, 全区平衡, or 不能平衡，缺口 N 万元",
    },
    params: POOL_PARAMS,
    impl: ({ target, ...ranges }) => {
      const outcome = poolOutcome(target, ranges);
      return isError(outcome) ? outcome : verdictText(outcome);
    },
  }),
  defineFunction({
    id: "BALANCEPARTNERS",
    family: "balance",
    zh: "统筹平衡伙伴：按结余从大到小选取、伙伴最少（一列，自动溢出）",
    en: "Pooling partners: projects with the largest surpluses first, fewest partners (spills one column)",
    returns: {
      kind: "matrix",
      zh: "伙伴项目编号（一列）；项目自平衡时为“无需统筹（项目自平衡）”，不能平衡时为“无（扩大到全区仍不能平衡）”",
      en: "Partner ids (one column); “无需统筹（项目自平衡）” when the project balances itself, “无（扩大到全区仍不能平衡）” when no level balances",
    },
    params: POOL_PARAMS,
    spill: (probe) => ({ rows: Math.max(1, probe.rangeRows(1) ?? 1), cols: 1 }),
    impl: ({ target, ...ranges }) => {
      const outcome = poolOutcome(target, ranges);
      if (isError(outcome)) return outcome;
      if (outcome.kind === "pooled") return outcome.partners.map((id) => [id]);
      return [[noPartnersText(outcome.kind)]];
    },
  }),
  defineFunction({
    id: "FARCHECK",
    family: "balance",
    zh: "容积率校验：（安置 + 开发建筑面积）÷ 用地面积 ≤ 容积率上限",
    en: "Plot ratio check: (resettlement + development building area) ÷ land area ≤ maximum",
    returns: { kind: "boolean", zh: "TRUE 表示未突破容积率上限", en: "TRUE if within the maximum plot ratio" },
    params: [FAR_LAND, FAR_BUILDING, FAR_MAX],
    impl: ({ landArea, buildingArea, maxFar }) => farWithin(landArea, buildingArea, maxFar),
  }),
  defineFunction({
    id: "FAREXTRA",
    family: "balance",
    zh: "弥补资金缺口需增加的开发面积（㎡）；突破容积率时报错",
    en: "Extra development area that closes a deficit (㎡); an error if it would break the plot ratio",
    returns: { kind: "number", zh: "需增加的开发建筑面积（㎡）", en: "Extra development building area (㎡)", unit: "㎡" },
    params: [
      {
        name: "deficit",
        kind: "decimal",
        label: "资金缺口",
        unit: "元",
        min: 0,
        zh: "需弥补的资金缺口（元，正数）",
        en: "Funding deficit to close (元, positive)",
      },
      {
        name: "netIncomePerSqm",
        kind: "decimal",
        label: "每平方米净收益",
        unit: "元/㎡",
        above: 0,
        zh: "每增加 1㎡ 开发面积的净收益（元/㎡）",
        en: "Net income per ㎡ of extra development area (元/㎡)",
      },
      FAR_LAND,
      FAR_BUILDING,
      FAR_MAX,
    ],
    impl: ({ deficit, netIncomePerSqm, landArea, buildingArea, maxFar }) => {
      const extra = farExtra(deficit, netIncomePerSqm, landArea, buildingArea, maxFar);
      return farBreach(extra) ?? toOutput(extra.extraArea, 2);
    },
  }),
  defineFunction({
    id: "BALANCETABLE",
    family: "balance",
    zh: "资金平衡总表：一次给出每个项目的平衡层级、统筹区域、统筹伙伴和缺口（每个项目一行，自动溢出）",
    en: "The balance check of the whole list in one call: level, region, partners and gap per project (one row per project, spills)",
    returns: {
      kind: "matrix",
      zh: "5 列，与项目编号区域逐行对应：项目编号、平衡层级（项目自平衡/片区平衡/镇街平衡/全区平衡/不能平衡）、统筹区域、统筹伙伴（以“、”分隔）、缺口（万元，平衡时为 0）；区域中的空行输出空行",
      en: "5 columns, row by row with the ids range: id, level (项目自平衡/片区平衡/镇街平衡/全区平衡/不能平衡), region, partners (joined by 、), gap (万元, 0 when balanced); a blank row of the ranges gives a blank row",
    },
    params: LIST_PARAMS,
    spill: (probe) => ({ rows: Math.max(1, probe.rangeRows(0) ?? 1), cols: 5 }),
    impl: (ranges) => {
      const index = poolIndex(ranges);
      if (isError(index)) return index;
      const rows: CellScalar[][] = [];
      const { ids } = ranges;
      let k = 0;
      const total = ids.pos.length === 0 ? 0 : ids.pos[ids.pos.length - 1];
      for (let r = 1; r <= total; r++) {
        if (ids.pos[k] !== r) {
          rows.push(["", "", "", "", ""]); // a blank row of the ranges
          continue;
        }
        const o = index.outcome(k);
        rows.push([
          ids.values[k],
          VERDICT_WORDS[verdictKind(o)].zh,
          verdictRegion(o),
          o.kind === "pooled" ? o.partners.join("、") : "",
          o.kind === "unbalanced" ? toOutput(o.gap, WAN_PLACES) : 0,
        ]);
        k++;
      }
      return rows;
    },
  }),
];
