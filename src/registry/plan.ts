import { Dec } from "../engine/decimal";
import { isError } from "../engine/errors";
import { toOutput } from "../engine/money";
import {
  PLAN_POLICY,
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
import type { Aligned, FunctionSpec, ParamSpec } from "./types";

const PLAN_SOURCE = "XX区进一步推进棚户区改造工作实施方案 三、四(一)；domain §4";

const YEARS = { name: "years", kind: "aligned", cell: "number", label: "年度", zh: "各项目的计划年度区域（一列，每行一个项目，如 2024）", en: "Plan year of each project (one column, one row per project, e.g. 2024)" } as const satisfies ParamSpec;
const HOUSEHOLDS = { name: "households", kind: "aligned", cell: "number", label: "户数", unit: "户", zh: "各项目的户数区域，与年度逐行对应", en: "Households of each project, row by row with the years" } as const satisfies ParamSpec;
const AREAS = { name: "areas", kind: "aligned", cell: "number", label: "改造面积", unit: "㎡", zh: "各项目的改造建筑面积区域（㎡），与年度逐行对应", en: "Building area of each project (㎡), row by row with the years" } as const satisfies ParamSpec;
const INVESTMENT = { name: "investment", kind: "aligned", cell: "decimal", label: "投资", unit: "万元", optional: true, zh: "各项目的投资区域（万元，可省略），与年度逐行对应", en: "Investment of each project (万元, optional), row by row with the years" } as const satisfies ParamSpec;

const SCORE = (name: string, label: string, zhWhat: string, enWhat: string) => ({
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

const DEFAULT_WEIGHTS = PLAN_POLICY.priorityWeights;

const BONUS = PLAN_POLICY.tierBonus;

export const PLAN_FUNCTIONS: readonly FunctionSpec[] = [
  defineFunction({
    id: "ELIGIBLE",
    family: "plan",
    zh: "判断房屋是否属于棚户区改造范围",
    en: "TRUE if the house is within the shantytown redevelopment scope",
    returns: { kind: "boolean", zh: "TRUE 表示属于改造范围", en: "TRUE if within the scope" },
    params: [
      { name: "houseType", kind: "text", label: "房屋类型", zh: "房屋类型：危旧房（城市危房/旧房）、城中村、城边村、棚户区 或 采煤塌陷区", en: "House type: 危旧房 (dilapidated urban housing, also 危房/旧房), 城中村, 城边村, 棚户区 or 采煤塌陷区" },
      { name: "ageYears", kind: "decimal", label: "使用年限", unit: "年", min: 0, zh: "房屋已使用年限（年）", en: "Years the house has been in use" },
      { name: "rating", kind: "text", label: "鉴定等级", optional: true, zh: "房屋安全鉴定等级 A/B/C/D（如 C级，可省略）", en: "Housing safety appraisal rating A/B/C/D (e.g. C级; optional)" },
    ],
    help: {
      ruleZh: `棚户区、采煤塌陷区按认定纳入；经房屋安全鉴定为 C 级或 D 级的危房不论年限均纳入；其余城市危（旧）房使用年限 ${PLAN_POLICY.dilapidatedMinAge} 年以上（含 ${PLAN_POLICY.dilapidatedMinAge} 年）、城中村和城边村房屋 ${PLAN_POLICY.villageMinAge} 年以上（含）纳入。房屋类型可写 危旧房、城市危（旧）房、危房、旧房、城中村、城边村、棚户区、采煤塌陷区 等，全角、空格不影响识别。`,
      ruleEn: `棚户区 and 采煤塌陷区 qualify by designation; houses appraised C or D qualify whatever their age; otherwise dilapidated urban housing needs ${PLAN_POLICY.dilapidatedMinAge} years of use or more and 城中村/城边村 houses ${PLAN_POLICY.villageMinAge} years or more (inclusive). Usual wordings, full-width characters and spaces are accepted.`,
      source: "XX区进一步推进棚户区改造工作实施方案 一；《西安市棚户区改造管理办法》第三条；domain §4",
      example: { formula: '=SHANTY.ELIGIBLE("城中村",20)', result: "TRUE", noteZh: "城中村房屋 20 年以上（含 20 年）" },
    },
    impl: ({ houseType, ageYears, rating }) => isEligible(houseType, ageYears, rating),
  }),
  defineFunction({
    id: "UNITCHECK",
    family: "plan",
    zh: "检查安置房每单元平层户数是否不超过 8 户",
    en: "TRUE if a resettlement building has at most 8 households per floor per stair unit",
    returns: { kind: "boolean", zh: "TRUE 表示符合（不超过 8 户）", en: "TRUE if within the limit" },
    params: [{ name: "householdsPerFloor", kind: "integer", label: "每单元平层户数", unit: "户", min: 0, zh: "安置房每个单元每层的户数", en: "Households per floor per stair unit of the resettlement building" }],
    help: {
      ruleZh: `安置住房每单元平层不得超过 ${PLAN_POLICY.maxHouseholdsPerFloor} 户（含 ${PLAN_POLICY.maxHouseholdsPerFloor} 户为符合）。`,
      ruleEn: `At most ${PLAN_POLICY.maxHouseholdsPerFloor} households per floor per stair unit (${PLAN_POLICY.maxHouseholdsPerFloor} passes).`,
      source: "《西安市棚户区改造管理办法》第三十一条；domain §4",
      example: { formula: "=SHANTY.UNITCHECK(9)", result: "FALSE" },
    },
    impl: ({ householdsPerFloor }) => unitCheck(householdsPerFloor),
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
      { name: "onlyHome", kind: "boolean", label: "仅有一套自住房", zh: "居民是否仅有一套自住房（TRUE/FALSE 或 是/否）", en: "Residents own only one home (TRUE/FALSE or 是/否)" },
      { name: "signRate", kind: "decimal", label: "签约率", share: true, zh: "规定时间内的签约率（0–1，100% 填 1）", en: "Signing rate within the set time (0–1; 100% is 1)" },
      { name: "handoverRate", kind: "decimal", label: "交房率", share: true, zh: "规定时间内的交房率（0–1，100% 填 1）", en: "Handover rate within the set time (0–1; 100% is 1)" },
      { name: "weights", kind: "decimals", label: "权重", min: 0, optional: true, zh: `安全隐患、居住条件、周边环境三项权重（3 个单元格，均 ≥ 0，合计为 1；默认 ${DEFAULT_WEIGHTS.safety}、${DEFAULT_WEIGHTS.living}、${DEFAULT_WEIGHTS.environment}）`, en: `Weights of safety, living and surroundings (3 cells, each ≥ 0, summing to 1; default ${DEFAULT_WEIGHTS.safety}, ${DEFAULT_WEIGHTS.living}, ${DEFAULT_WEIGHTS.environment})` },
    ],
    help: {
      ruleZh: `得分 = 第一档加分 + w安全×安全隐患 + w居住×居住条件 + w环境×周边环境。居民仅有一套自住房，且签约率和交房率均达到 100% 的项目为第一档，加 ${BONUS} 分；其余项目不加分。三项评分均为 0–100 分（越高越急），默认权重 ${DEFAULT_WEIGHTS.safety}、${DEFAULT_WEIGHTS.living}、${DEFAULT_WEIGHTS.environment}，可用权重区域改为其他 3 个合计为 1 的非负数。加权分最高 100 分，所以第一档项目一定排在其余项目之前；同档内按加权分高低排序。例：仅有一套自住房、签约率和交房率均为 100%，安全隐患 90、居住条件 80、周边环境 70 → ${BONUS} + 0.5×90 + 0.3×80 + 0.2×70 = ${BONUS + 83}。`,
      ruleEn: `score = tier bonus + w_safety·safety + w_living·living + w_env·environment. Projects whose residents own only one home and whose signing and handover rates both reach 100% form the first tier and get ${BONUS} points; the rest get none. The three scores are 0–100 (higher = more urgent); default weights ${DEFAULT_WEIGHTS.safety}, ${DEFAULT_WEIGHTS.living}, ${DEFAULT_WEIGHTS.environment}, replaceable by a range of 3 non-negative weights summing to 1. The weighted part is at most 100, so every first-tier project ranks above every other; within a tier the weighted score decides.`,
      source: "XX区进一步推进棚户区改造工作实施方案 二(二)；domain §4",
      example: { formula: "=SHANTY.PRIORITY(90,80,70,TRUE,1,1)", result: String(BONUS + 83), noteZh: `${BONUS} + 0.5×90 + 0.3×80 + 0.2×70` },
    },
    impl: ({ safety, living, environment, onlyHome, signRate, handoverRate, weights }) => {
      const w = weights === undefined || weights.length === 0 ? toPriorityWeights(DEFAULT_WEIGHTS) : parsePriorityWeights(weights, "weights");
      if (isError(w)) return w;
      return toOutput(priorityScore({ safety, living, environment, onlyHome, signRate, handoverRate }, w).score, 4);
    },
  }),
  defineFunction({
    id: "PLANTABLE",
    family: "plan",
    zh: "棚户区改造年度计划表（按年度汇总项目数、户数、改造面积、投资，含合计行，自动溢出）",
    en: "Annual plan table: projects, households, building area and investment per year with a total row (spills)",
    returns: { kind: "matrix", zh: "表头 年度、项目数、户数、改造面积(万㎡)[、投资(万元)]，每年一行，最后一行合计", en: "Header 年度, 项目数, 户数, 改造面积(万㎡)[, 投资(万元)], one row per year, then 合计" },
    params: [YEARS, HOUSEHOLDS, AREAS, INVESTMENT],
    spill: (probe) => ({ rows: (probe.rangeRows(0) ?? 1) + 2, cols: probe.argCount >= 4 ? 5 : 4 }),
    help: {
      ruleZh: "每行一个项目，按年度汇总：项目数、户数、改造面积（㎡ 换算为万㎡）、投资（万元）。面积和投资保留 2 位小数，并作尾差调整（最大余数法），使各年度之和恰好等于合计行。",
      ruleEn: "One row per project, summed by year: number of projects, households, building area (㎡ shown in 万㎡) and investment (万元). Areas and investment are shown with 2 decimals and adjusted by the largest-remainder method so the years add up exactly to the total row.",
      source: PLAN_SOURCE,
      example: { formula: "=SHANTY.PLANTABLE({2024;2025;2026},{10;10;10},{33335;33335;33335})", result: "改造面积 3.34、3.33、3.33，合计 10.00", noteZh: "3.3335 ×3 四舍五入均为 3.33，合计 10.0005 → 10.00，差 0.01 调入第一年" },
    },
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
    help: {
      ruleZh: "力争用N年时间（N = 最后年度 − 最早年度 + 1），实施棚户区改造项目X个、Y户，改造建筑面积Z万平方米。其中：——每年一句。数字与年度计划表一致（面积保留 2 位小数并作尾差调整）。",
      ruleEn: "\"力争用N年时间…\" with N = last year − first year + 1, the totals, then one clause per year; the figures are those of the plan table (2 decimals, adjusted to add up).",
      source: PLAN_SOURCE,
      example: { formula: "=SHANTY.PLANTEXT(B2:B25,F2:F25,G2:G25)", result: "力争用3年时间，实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米。其中：——2024年，实施棚户区改造项目8个、3926户，改造建筑面积38.57万平方米。……" },
    },
    impl: ({ years, households, areas }) => {
      const table = buildPlanTable(planProjects(years, households, areas));
      return isError(table) ? table : planSentence(table);
    },
  }),
];
