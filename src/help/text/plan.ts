import type { FunctionHelp } from "./types";

/** Help text of the plan family (年度计划): rules, policy sources and examples. Build-time only: never imported by the add-in bundles. */
export const PLAN_HELP: Readonly<Record<string, FunctionHelp>> = {
  ELIGIBLE: {
    ruleZh:
      "棚户区、采煤塌陷区按认定纳入；经房屋安全鉴定为 C 级或 D 级的危房不论年限均纳入；其余城市危（旧）房使用年限 30 年以上（含 30 年）、城中村和城边村房屋 20 年以上（含）纳入。房屋类型可写 危旧房、城市危（旧）房、危房、旧房、城中村、城边村、棚户区、采煤塌陷区 等，全角、空格不影响识别。",
    ruleEn:
      "棚户区 and 采煤塌陷区 qualify by designation; houses appraised C or D qualify whatever their age; otherwise dilapidated urban housing needs 30 years of use or more and 城中村/城边村 houses 20 years or more (inclusive). Usual wordings, full-width characters and spaces are accepted.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》一", "《西安市棚户区改造管理办法》第三条"],
    examples: [
      { formula: '=SHANTY.ELIGIBLE("城中村",20)', expected: "TRUE", noteZh: "城中村房屋 20 年以上（含 20 年）" },
      {
        formula: '=SHANTY.ELIGIBLE("危旧房",25)',
        expected: "FALSE",
        noteZh: "危旧房须满 30 年（或鉴定为 C、D 级）",
        noteEn: "old houses need 30 years (or a C/D rating)",
      },
    ],
  },
  UNITCHECK: {
    ruleZh: "安置住房每单元平层不得超过 8 户（含 8 户为符合）。",
    ruleEn: "At most 8 households per floor per stair unit (8 passes).",
    sources: ["《西安市棚户区改造管理办法》第三十一条"],
    examples: [
      { formula: "=SHANTY.UNITCHECK(9)", expected: "FALSE" },
      { formula: "=SHANTY.UNITCHECK(8)", expected: "TRUE", noteZh: "8 ≤ 8" },
    ],
  },
  PRIORITY: {
    ruleZh:
      "得分 = 第一档加分 + w安全×安全隐患 + w居住×居住条件 + w环境×周边环境。居民仅有一套自住房，且签约率和交房率均达到 100% 的项目为第一档，加 1000 分；其余项目不加分。三项评分均为 0–100 分（越高越急），默认权重 0.5、0.3、0.2，可用权重区域改为其他 3 个合计为 1 的非负数。加权分最高 100 分，所以第一档项目一定排在其余项目之前；同档内按加权分高低排序。例：仅有一套自住房、签约率和交房率均为 100%，安全隐患 90、居住条件 80、周边环境 70 → 1000 + 0.5×90 + 0.3×80 + 0.2×70 = 1083。",
    ruleEn:
      "score = tier bonus + w_safety·safety + w_living·living + w_env·environment. Projects whose residents own only one home and whose signing and handover rates both reach 100% form the first tier and get 1000 points; the rest get none. The three scores are 0–100 (higher = more urgent); default weights 0.5, 0.3, 0.2, replaceable by a range of 3 non-negative weights summing to 1. The weighted part is at most 100, so every first-tier project ranks above every other; within a tier the weighted score decides.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》二(二)"],
    examples: [
      { formula: "=SHANTY.PRIORITY(90,80,70,TRUE,1,1)", expected: "1083", noteZh: "1000 + 0.5×90 + 0.3×80 + 0.2×70" },
      {
        formula: "=SHANTY.PRIORITY(90,80,70,FALSE,0.5,0.5)",
        expected: "83",
        noteZh: "非唯一住房且签约、交房率未达 100%，无优先加分：0.5×90 + 0.3×80 + 0.2×70",
      },
    ],
  },
  PLANTABLE: {
    ruleZh:
      "每行一个项目，按年度汇总：项目数、户数、改造面积（㎡ 换算为万㎡）、投资（万元）。面积和投资保留 2 位小数，并作尾差调整（最大余数法），使各年度之和恰好等于合计行。",
    ruleEn:
      "One row per project, summed by year: number of projects, households, building area (㎡ shown in 万㎡) and investment (万元). Areas and investment are shown with 2 decimals and adjusted by the largest-remainder method so the years add up exactly to the total row.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》三、四(一)"],
    examples: [
      {
        formula: "=SHANTY.PLANTABLE({2024;2025;2026},{10;10;10},{33335;33335;33335})",
        noteZh: "3.3335 ×3 四舍五入均为 3.33，合计 10.0005 → 10.00，差 0.01 调入第一年",
      },
      {
        formula: "=SHANTY.PLANTABLE({2024;2025;2025},{100;200;300},{10000;20000;30000},{5000;8000;12000})",
        noteZh: "2025 年 2 个项目合并：500 户、5 万㎡、20000 万元",
      },
    ],
  },
  PLANTEXT: {
    ruleZh:
      "力争用N年时间（N = 最后年度 − 最早年度 + 1），实施棚户区改造项目X个、Y户，改造建筑面积Z万平方米。其中：——每年一句。数字与年度计划表一致（面积保留 2 位小数并作尾差调整）。",
    ruleEn:
      '"力争用N年时间…" with N = last year − first year + 1, the totals, then one clause per year; the figures are those of the plan table (2 decimals, adjusted to add up).',
    sources: ["《XX区进一步推进棚户区改造工作实施方案》三、四(一)"],
    examples: [
      {
        formula: "=SHANTY.PLANTEXT({2024;2024;2025},{100;200;300},{10000;20000;30000})",
        noteZh: "2024 年 2 个项目 100+200 = 300 户、(10000+20000)÷10000 = 3.00 万㎡；2025 年 1 个、300 户、3.00 万㎡",
      },
      { formula: "=SHANTY.PLANTEXT({2024},{120},{15000})" },
    ],
  },
};
