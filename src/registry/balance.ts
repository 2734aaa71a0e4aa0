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

const SOURCE = "实施方案 五(一)；《西安市棚户区改造管理办法》第十、十一、二十四、二十七条；domain §3";
const FAR_SOURCE = "《西安市棚户区改造管理办法》第二十七条；domain §3 容积率";

const YEAR_PARAMS = [
  { name: "years", kind: "aligned", cell: "number", nonEmpty: true, label: "年度", zh: "年度区域（一列，如 2024…2030），逐年递增 1、不得缺年", en: "Range of years (one column, e.g. 2024…2030), ascending by 1 with none missing" },
  { name: "netFlows", kind: "aligned", cell: "decimal", label: "净现金流", unit: "万元", zh: "各年度净现金流（收入 − 支出），与年度逐行对应；空白按 0", en: "Yearly net cash flow (income − cost), row by row with the years; blank counts as 0" },
] as const satisfies readonly ParamSpec[];

const LIST_PARAMS = [
  { name: "ids", kind: "aligned", cell: "text", nonEmpty: true, label: "项目编号", zh: "全区项目编号区域（一列，不得重复）", en: "Range of every project id of the district (one column, no duplicates)" },
  { name: "surpluses", kind: "aligned", cell: "decimal", label: "结余", unit: "万元", zh: "各项目平衡期内结余（收入 − 支出，万元），与项目编号逐行对应", en: "Each project's surplus over its balance period (income − cost, 万元), row by row with the ids" },
  { name: "areas", kind: "aligned", cell: "optionalText", label: "片区", zh: "各项目所属片区，与项目编号逐行对应；空白表示不属于任何片区", en: "Each project's bundle area (片区), row by row with the ids; blank: none" },
  { name: "towns", kind: "aligned", cell: "optionalText", label: "镇街", optional: true, zh: "各项目所属镇（街道），可省略；省略时不按镇街统筹", en: "Each project's town or street (镇街), optional; left out: no town level" },
] as const satisfies readonly ParamSpec[];

const POOL_PARAMS = [
  { name: "target", kind: "text", label: "目标项目", zh: "要判断的项目编号", en: "Id of the project to check" },
  ...LIST_PARAMS,
] as const satisfies readonly ParamSpec[];

const FAR_LAND = { name: "landArea", kind: "decimal", label: "用地面积", unit: "㎡", above: 0, zh: "项目用地面积（㎡）", en: "Land area of the plot (㎡)" } as const satisfies ParamSpec;
const FAR_BUILDING = { name: "buildingArea", kind: "decimal", label: "计容建筑面积", unit: "㎡", min: 0, zh: "计容建筑面积：安置 + 开发（㎡）", en: "Building area counted in the plot ratio: resettlement + development (㎡)" } as const satisfies ParamSpec;
const FAR_MAX = { name: "maxFar", kind: "decimal", label: "容积率上限", above: 0, zh: "控制性规划规定的容积率上限", en: "Maximum plot ratio set by the regulatory plan" } as const satisfies ParamSpec;

const POOL_RULE_ZH =
  "结余统筹按“每一笔结余只统筹一次”分配：" +
  "① 所需资金 = 本项目缺口（结余为负时取其绝对值）；所需资金为 0 的项目为项目自平衡，其正结余可供统筹；需要资金的项目不提供结余。" +
  "② 由小到大逐级统筹、全区一起进行：先让所有需要资金的项目在各自片区统筹，仍不能平衡的再到镇街，最后到全区——能在本片区平衡的项目，不会因别处项目先在全区统筹而失去本片区的结余。同一层级内按项目列表的先后顺序依次统筹（顺序由用户决定，例如先按 SHANTY.PRIORITY 优先级排序）。" +
  "③ 轮到某项目时，该区域内其他项目尚未被统筹的结余之和 ≥ 本项目所需资金，即在该层级平衡；统筹伙伴按可用结余从大到小选取（相同时按列表顺序），直到弥补缺口为止（伙伴最少）；被统筹的金额即被占用，最后一个伙伴可只用去一部分，剩余部分留给后面的项目。" +
  "④ 全区仍不能平衡的，不能平衡，缺口 = 所需资金 − 轮到该项目在全区统筹时其他项目尚未被统筹的结余。" +
  "因此：任何一笔结余不会被重复统筹；某区域结余合计 ≥ 0 时，该区域内各亏损项目都能在该层级或更小层级平衡；两个项目争用同一笔结余时，列表中靠前的项目优先。";
const POOL_RULE_EN =
  "Surpluses are allocated so that each 万元 is claimed at most once (每一笔结余只统筹一次). " +
  "(1) A project's need is its deficit (−surplus when negative); need 0 means 项目自平衡, and such a project offers its positive surplus; a project in need offers nothing. " +
  "(2) Levels are tried smallest first across the whole list: every project in need is tried in its 片区, those still unbalanced in their 镇街, then in the whole district — so a project that can balance locally never loses local surplus to a district-wide claim. Within a level, projects take their turn in list order (the user's order, e.g. sorted by SHANTY.PRIORITY). " +
  "(3) A project balances at a level when the unclaimed surplus of the other projects of its region covers its need; partners are taken largest available surplus first (ties: list order) until the need is covered (fewest partners), and what they give is used up — the last partner may give only part and keeps the rest for later projects. " +
  "(4) Not balanced in the district: the gap is the need less the others' unclaimed surplus in the district when its turn came. " +
  "So no surplus is counted twice; when a region's surpluses add up to ≥ 0, every deficit project of it balances at that level or a smaller one; when two projects compete for the same surplus, the one earlier in the list wins.";

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
    const members: PoolMember[] = ids.values.map((id, k) => ({ id, surplus: surpluses.values[k], area: areas.values[k], town: towns?.values[k] }));
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
    returns: { kind: "number", zh: "结余（与输入同一单位，≥ 0 表示自平衡）", en: "Surplus (same unit as the inputs; ≥ 0 means self-balanced)" },
    params: [
      { name: "income", kind: "decimals", label: "收入", zh: "收入区域：土地出让可用收益、安置房销售、商业销售或租金、各级补助、统筹税收等（不含债券本金）", en: "Income range: usable land income, resettlement sales, commercial sales or rent, subsidies, assigned taxes (not bond principal)" },
      { name: "cost", kind: "decimals", label: "支出", zh: "支出区域：征收补偿、安置房及配套建设、前期费用、融资成本、不可预见费等；可与收入区域长短不同", en: "Cost range: compensation, construction, early-stage costs, financing cost, contingency; may differ in length from income" },
    ],
    help: {
      ruleZh: "平衡期内收入合计减支出合计；结余 ≥ 0 为项目自平衡。专项债券本金是融资，不计入收入。两个区域分别求和，空白单元格跳过，长短可以不同（如收入 5 项、支出 8 项）。",
      ruleEn: "Σ income − Σ cost over the balance period; a surplus ≥ 0 means the project balances itself. Special-bond principal is financing, not income. Each range is summed on its own (blanks skipped), so they may differ in length.",
      source: SOURCE,
      example: { formula: "=SHANTY.BALANCE({500;700},{300;100;150})", result: "650", noteZh: "1200 − 550" },
    },
    impl: ({ income, cost }) => toOutput(balanceOf(income, cost)),
  }),
  defineFunction({
    id: "BALANCEYEAR",
    family: "balance",
    zh: "平衡年度：累计净现金流自该年起直到最后一年都不小于 0 的最早年度",
    en: "Balance year: the earliest year from which the cumulative net flow stays ≥ 0 through the last year given",
    returns: { kind: "number", zh: "平衡年度", en: "Balance year" },
    params: YEAR_PARAMS,
    help: {
      ruleZh: "逐年累计净现金流，取“自该年起到最后一年累计值始终 ≥ 0”的最早年度；累计值先转正后又转负的，以后来重新转正的年度为准。到最后一年累计仍为负的，返回 #N/A 并说明。",
      ruleEn: "Accumulate the yearly net flows; the balance year is the earliest year from which the cumulative value stays ≥ 0 through the last year. A cumulative value that turns positive and then negative again does not count. Still negative in the last year: #N/A with an explanation.",
      source: SOURCE,
      example: { formula: "=SHANTY.BALANCEYEAR({2024;2025;2026;2027;2028;2029;2030},{-500;-300;200;300;400;-50;100})", result: "2028", noteZh: "累计 −500, −800, −600, −300, 100, 50, 150" },
    },
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
      { name: "plannedEndYear", kind: "integer", label: "计划完成年度", zh: "计划平衡期最后一年（如 2026）", en: "Last year of the planned balance period (e.g. 2026)" },
    ],
    help: {
      ruleZh: "当期不能平衡的，适当延长平衡期限：延长年数 = 平衡年度 − 计划完成年度，平衡年度不晚于计划完成年度时为 0；在给定年度内不能平衡时返回 #N/A。",
      ruleEn: "Where a project does not balance in its period, the period may be extended: extension = balance year − planned end year, 0 when it balances by then; #N/A when it does not balance within the years given.",
      source: SOURCE,
      example: { formula: "=SHANTY.EXTENDYEARS({2024;2025;2026;2027;2028;2029;2030},{-500;-300;200;300;400;-50;100},2026)", result: "2", noteZh: "平衡年度 2028 − 2026" },
    },
    impl: ({ years, netFlows, plannedEndYear }) => yearsError(years) ?? extendYears(years.values, netFlows.values, plannedEndYear),
  }),
  defineFunction({
    id: "BALANCELEVEL",
    family: "balance",
    zh: "平衡层级：项目自平衡 / 片区平衡 / 镇街平衡 / 全区平衡 / 不能平衡及缺口",
    en: "Balance level: self / 片区 / 镇街 / district, or not balanced with the gap",
    returns: { kind: "text", zh: "项目自平衡、片区平衡（名称）、镇街平衡（名称）、全区平衡 或 不能平衡，缺口 N 万元", en: "项目自平衡, 片区平衡（name）, 镇街平衡（name）, 全区平衡, or 不能平衡，缺口 N 万元" },
    params: POOL_PARAMS,
    help: {
      ruleZh: POOL_RULE_ZH,
      ruleEn: POOL_RULE_EN,
      source: SOURCE,
      example: { formula: '=SHANTY.BALANCELEVEL("P2",{"P1";"P2";"P3"},{800;-200;-400},{"东关";"东关";"西关"})', result: "片区平衡（东关）", noteZh: "P2 缺 200，同在东关片区的 P1 结余 800 ≥ 200" },
    },
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
    returns: { kind: "matrix", zh: "伙伴项目编号（一列）；项目自平衡时为“无需统筹（项目自平衡）”，不能平衡时为“无（扩大到全区仍不能平衡）”", en: "Partner ids (one column); “无需统筹（项目自平衡）” when the project balances itself, “无（扩大到全区仍不能平衡）” when no level balances" },
    params: POOL_PARAMS,
    spill: (probe) => ({ rows: Math.max(1, probe.rangeRows(1) ?? 1), cols: 1 }),
    help: {
      ruleZh: POOL_RULE_ZH + " 结果按轮到该项目时的可用结余从大到小列出伙伴项目编号。",
      ruleEn: POOL_RULE_EN + " The partner ids are listed largest available surplus (at the project's turn) first.",
      source: SOURCE,
      example: { formula: '=SHANTY.BALANCEPARTNERS("T",{"T";"S1";"S2";"B"},{-500;100;100;600},{"甲";"甲";"甲";"甲"})', result: "B", noteZh: "缺 500：B 结余 600 一个即可（从小到大选要 S1、S2、B 三个）" },
    },
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
    help: {
      ruleZh: "不得因单个地块资金平衡等问题突破规定的容积率：计容建筑面积 ÷ 用地面积 ≤ 容积率上限（等于上限视为未突破）。",
      ruleEn: "A plot may not exceed its plot ratio to balance its funding: building area ÷ land area ≤ maximum (equal is within).",
      source: FAR_SOURCE,
      example: { formula: "=SHANTY.FARCHECK(10000,25000,2.5)", result: "TRUE", noteZh: "25000 ÷ 10000 = 2.5 ≤ 2.5" },
    },
    impl: ({ landArea, buildingArea, maxFar }) => farWithin(landArea, buildingArea, maxFar),
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
    help: {
      ruleZh: "需增加开发面积 = 资金缺口 ÷ 每平方米净收益；增加后（计容建筑面积 + 增加面积）÷ 用地面积超过容积率上限的，返回 #VALUE! 并说明超出多少——不得突破容积率，应扩大平衡区域或延长平衡期限。",
      ruleEn: "Extra area = deficit ÷ net income per ㎡. If (building area + extra) ÷ land area would exceed the maximum plot ratio, #VALUE! says by how much: the plot ratio may not be exceeded, so the project must expand the balance area or extend the period.",
      source: FAR_SOURCE,
      example: { formula: "=SHANTY.FAREXTRA(5000000,2000,10000,22000,2.5)", result: "2500", noteZh: "5000000 ÷ 2000 = 2500；(22000 + 2500) ÷ 10000 = 2.45 ≤ 2.5" },
    },
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
    help: {
      ruleZh:
        POOL_RULE_ZH +
        " 与每行一个 BALANCELEVEL / BALANCEPARTNERS 结果完全相同，但只调用一次：2000 个项目的清单只传递一次区域，而不是 2000 次，长清单请用本函数。结果与项目编号区域逐行对应（放在清单第一行旁边即可），不含表头。",
      ruleEn:
        POOL_RULE_EN +
        " The rows are identical to one BALANCELEVEL / BALANCEPARTNERS per row, from a single call: a 2,000-project list passes its ranges once instead of 2,000 times — use it for long lists. The rows line up with the ids range (put it beside the list's first row); there is no header row.",
      source: SOURCE,
      example: {
        formula: '=SHANTY.BALANCETABLE({"P1";"P2";"P3"},{800;-200;-400},{"东关";"东关";"西关"})',
        result: "P1 项目自平衡 0；P2 片区平衡 东关 P1 0；P3 全区平衡 全区 P1 0",
        noteZh: "P2 缺 200 由同片区 P1 统筹；P3 缺 400，西关片区无结余，全区 P1 剩余 600 ≥ 400",
      },
    },
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
