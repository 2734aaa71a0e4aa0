import type { MessageTable } from "./types";

/** Messages of planning (domain §4): eligibility, priority weights, the annual plan table. */
export const PLAN_MESSAGES = {
  unknownHouseType: {
    kind: "VALUE",
    zh: "{arg}无法识别“{value}”：应为 危旧房（城市危房/旧房）、城中村、城边村、棚户区 或 采煤塌陷区",
    en: '{arg}: "{value}" is not a known house type; use 危旧房 (dilapidated urban housing, also 危房/旧房), 城中村, 城边村, 棚户区 or 采煤塌陷区',
  },
  unknownRating: {
    kind: "VALUE",
    zh: "{arg}无法识别“{value}”：应为房屋安全鉴定等级 A、B、C 或 D（如 C级），未鉴定请留空",
    en: '{arg}: "{value}" is not a housing safety rating; use A, B, C or D (e.g. C级), or leave it blank when not appraised',
  },
  priorityWeightsCount: {
    kind: "VALUE",
    zh: "{arg}应为 3 个权重（依次为 安全隐患、居住条件、周边环境），收到 {count} 个",
    en: "{arg} must hold 3 weights (safety hazard, living conditions, surroundings, in that order), got {count}",
  },
  priorityWeightsSum: {
    kind: "VALUE",
    zh: "{arg}三个权重之和应为 1（如 0.5、0.3、0.2），收到合计 {value}",
    en: "{arg}: the 3 weights must add up to 1 (e.g. 0.5, 0.3, 0.2), got a sum of {value}",
  },
  planYearNotWhole: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为四位整数年份（如 2024），收到 {value}",
    en: "{arg}: row {pos} must be a whole four-digit year (e.g. 2024), got {value}",
  },
  planCountNotWhole: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为非负整数，收到 {value}",
    en: "{arg}: row {pos} must be a whole number of at least 0, got {value}",
  },
  planNegative: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行不能为负数，收到 {value}",
    en: "{arg}: row {pos} cannot be negative, got {value}",
  },
} as const satisfies MessageTable;
