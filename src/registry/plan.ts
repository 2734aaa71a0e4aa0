import { Dec } from "../engine/decimal";
import { isError } from "../engine/errors";
import { toOutput } from "../engine/money";
import {
  HouseRating,
  PlanPolicy,
  PlanProject,
  buildPlanTable,
  isEligible,
  parsePriorityWeights,
  planSentence,
  planTableCells,
  priorityScore,
  toPriorityWeights,
  unitCheck,
} from "../engine/plan";
import { defineFunction } from "./define";
import { POLICY } from "./policy";
import type { Aligned, FunctionSpec, ParamSpec } from "./types";

const YEARS = {
  name: "years",
  kind: "aligned",
  cell: "number",
  label: "年度",
  zh: "各项目的计划年度区域（一列，每行一个项目，如 2024）",
  en: "Plan year of each project (one column, one row per project, e.g. 2024)",
} as const satisfies ParamSpec;
const HOUSEHOLDS = {
  name: "households",
  kind: "aligned",
  cell: "number",
  label: "户数",
  unit: "户",
  zh: "各项目的户数区域，与年度逐行对应",
  en: "Households of each project, row by row with the years",
} as const satisfies ParamSpec;
const AREAS = {
  name: "areas",
  kind: "aligned",
  cell: "number",
  label: "改造面积",
  unit: "㎡",
  zh: "各项目的改造建筑面积区域（㎡），与年度逐行对应",
  en: "Building area of each project (㎡), row by row with the years",
} as const satisfies ParamSpec;
const INVESTMENT = {
  name: "investment",
  kind: "aligned",
  cell: "decimal",
  label: "投资",
  unit: "万元",
  optional: true,
  zh: "各项目的投资区域（万元，可省略），与年度逐行对应",
  en: "Investment of each project (万元, optional), row by row with the years",
} as const satisfies ParamSpec;

const SCORE = (name: string, label: string, zhWhat: string, enWhat: string) =>
  ({
    name,
    kind: "decimal" as const,
    label,
    unit: "分",
    min: 0,
    max: 100,
    zh: `${zhWhat}评分（0–100，越高越急）`,
    en: `${enWhat} score (0–100, higher = more urgent)`,
  }) satisfies ParamSpec;

/** Each kept row of the aligned ranges is one project (households and areas required, investment when given). */
function planProjects(
  years: Aligned<number>,
  households: Aligned<number>,
  areas: Aligned<number>,
  investment?: Aligned<Dec>,
): PlanProject[] {
  return years.values.map((year, k) => ({
    year,
    households: households.values[k],
    buildingArea: new Dec(areas.values[k]),
    investment: investment?.values[k],
    row: years.pos[k],
  }));
}

const RATINGS: readonly HouseRating[] = ["A", "B", "C", "D"];

/**
 * The plan rules' policy at the policy table's defaults (the engine holds none). p_dangerRatingMin is a level 1–4:
 * every rating from it up qualifies (3 → C and D).
 */
export const PLAN_POLICY: PlanPolicy = {
  dilapidatedMinAge: POLICY.p_dilapidatedMinAge.default,
  villageMinAge: POLICY.p_villageMinAge.default,
  qualifyingRatings: RATINGS.slice(POLICY.p_dangerRatingMin.default - 1),
  maxHouseholdsPerFloor: POLICY.p_maxHouseholdsPerFloor.default,
  priorityWeights: {
    safety: POLICY.p_weightSafety.default,
    living: POLICY.p_weightLiving.default,
    environment: POLICY.p_weightEnvironment.default,
  },
  tierBonus: POLICY.p_priorityTierBonus.default,
  tierRate: POLICY.p_priorityTierRate.default,
};

const DEFAULT_WEIGHTS = PLAN_POLICY.priorityWeights;

export const PLAN_FUNCTIONS: readonly FunctionSpec[] = [
  defineFunction({
    id: "ELIGIBLE",
    family: "plan",
    zh: "判断房屋是否属于棚户区改造范围",
    en: "TRUE if the house is within the shantytown redevelopment scope",
    returns: { kind: "boolean", zh: "TRUE 表示属于改造范围", en: "TRUE if within the scope" },
    params: [
      {
        name: "houseType",
        kind: "text",
        label: "房屋类型",
        zh: "房屋类型：危旧房（城市危房/旧房）、城中村、城边村、棚户区 或 采煤塌陷区",
        en: "House type: 危旧房 (dilapidated urban housing, also 危房/旧房), 城中村, 城边村, 棚户区 or 采煤塌陷区",
      },
      {
        name: "ageYears",
        kind: "decimal",
        label: "使用年限",
        unit: "年",
        min: 0,
        zh: "房屋已使用年限（年）",
        en: "Years the house has been in use",
      },
      {
        name: "rating",
        kind: "text",
        label: "鉴定等级",
        optional: true,
        zh: "房屋安全鉴定等级 A/B/C/D（如 C级，可省略）",
        en: "Housing safety appraisal rating A/B/C/D (e.g. C级; optional)",
      },
    ],
    impl: ({ houseType, ageYears, rating }) => isEligible(houseType, ageYears, rating, PLAN_POLICY),
  }),
  defineFunction({
    id: "UNITCHECK",
    family: "plan",
    zh: "检查安置房每单元平层户数是否不超过 8 户",
    en: "TRUE if a resettlement building has at most 8 households per floor per stair unit",
    returns: { kind: "boolean", zh: "TRUE 表示符合（不超过 8 户）", en: "TRUE if within the limit" },
    params: [
      {
        name: "householdsPerFloor",
        kind: "integer",
        label: "每单元平层户数",
        unit: "户",
        min: 0,
        zh: "安置房每个单元每层的户数",
        en: "Households per floor per stair unit of the resettlement building",
      },
    ],
    impl: ({ householdsPerFloor }) => unitCheck(householdsPerFloor, PLAN_POLICY.maxHouseholdsPerFloor),
  }),
  defineFunction({
    id: "PRIORITY",
    family: "plan",
    zh: "棚户区改造项目优先级得分（先急后缓，降序排列即为改造次序）",
    en: "Priority score of a project (sort descending for the order of redevelopment)",
    returns: { kind: "number", zh: "优先级得分（保留 4 位小数）", en: "Priority score (4 decimals)" },
    params: [
      SCORE("safety", "安全隐患", "安全隐患", "Safety hazard"),
      SCORE("living", "居住条件", "居住条件差的程度", "Poor living conditions"),
      SCORE("environment", "周边环境", "周边环境恶劣的程度", "Bad surroundings"),
      {
        name: "onlyHome",
        kind: "boolean",
        label: "仅有一套自住房",
        zh: "居民是否仅有一套自住房（TRUE/FALSE 或 是/否）",
        en: "Residents own only one home (TRUE/FALSE or 是/否)",
      },
      {
        name: "signRate",
        kind: "decimal",
        label: "签约率",
        share: true,
        zh: "规定时间内的签约率（0–1，100% 填 1）",
        en: "Signing rate within the set time (0–1; 100% is 1)",
      },
      {
        name: "handoverRate",
        kind: "decimal",
        label: "交房率",
        share: true,
        zh: "规定时间内的交房率（0–1，100% 填 1）",
        en: "Handover rate within the set time (0–1; 100% is 1)",
      },
      {
        name: "weights",
        kind: "decimals",
        label: "权重",
        min: 0,
        optional: true,
        zh: `安全隐患、居住条件、周边环境三项权重（3 个单元格，均 ≥ 0，合计为 1；默认 ${DEFAULT_WEIGHTS.safety}、${DEFAULT_WEIGHTS.living}、${DEFAULT_WEIGHTS.environment}）`,
        en: `Weights of safety, living and surroundings (3 cells, each ≥ 0, summing to 1; default ${DEFAULT_WEIGHTS.safety}, ${DEFAULT_WEIGHTS.living}, ${DEFAULT_WEIGHTS.environment})`,
      },
    ],
    impl: ({ safety, living, environment, onlyHome, signRate, handoverRate, weights }) => {
      const w =
        weights === undefined || weights.length === 0 ? toPriorityWeights(DEFAULT_WEIGHTS) : parsePriorityWeights(weights, "weights");
      if (isError(w)) return w;
      return toOutput(priorityScore({ safety, living, environment, onlyHome, signRate, handoverRate }, w, PLAN_POLICY).score, 4);
    },
  }),
  defineFunction({
    id: "PLANTABLE",
    family: "plan",
    zh: "棚户区改造年度计划表（按年度汇总项目数、户数、改造面积、投资，含合计行，自动溢出）",
    en: "Annual plan table: projects, households, building area and investment per year with a total row (spills)",
    returns: {
      kind: "matrix",
      zh: "表头 年度、项目数、户数、改造面积(万㎡)[、投资(万元)]，每年一行，最后一行合计",
      en: "Header 年度, 项目数, 户数, 改造面积(万㎡)[, 投资(万元)], one row per year, then 合计",
    },
    params: [YEARS, HOUSEHOLDS, AREAS, INVESTMENT],
    spill: (probe) => ({ rows: (probe.rangeRows(0) ?? 1) + 2, cols: probe.argCount >= 4 ? 5 : 4 }),
    impl: ({ years, households, areas, investment }) => {
      const table = buildPlanTable(planProjects(years, households, areas, investment));
      return isError(table) ? table : planTableCells(table);
    },
  }),
  defineFunction({
    id: "PLANTEXT",
    family: "plan",
    zh: "生成年度计划目标任务表述（与实施方案“三、目标任务”同样的句式）",
    en: "The annual plan's target sentence in the district plan's style",
    returns: { kind: "text", zh: "目标任务文字", en: "Target sentence" },
    params: [YEARS, HOUSEHOLDS, AREAS],
    impl: ({ years, households, areas }) => {
      const table = buildPlanTable(planProjects(years, households, areas));
      return isError(table) ? table : planSentence(table);
    },
  }),
];
