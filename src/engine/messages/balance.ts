import type { MessageTable } from "./types";

/** Messages of the balance family (domain §3: balance check, balance year, pooling, plot ratio). */
export const BALANCE_MESSAGES = {
  // Year axis (BALANCEYEAR, EXTENDYEARS, the portfolio's yearly columns).
  yearNotWhole: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为整数年度（如 2024），收到 {value}",
    en: "{arg}: row {pos} must be a whole year (e.g. 2024), got {value}",
  },
  yearOutOfRange: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为四位年度（如 2024），收到 {value}；请检查是否选错了区域",
    en: "{arg}: row {pos} must be a four-digit year (e.g. 2024), got {value}; check the range selected",
  },
  yearsNotAscending: {
    kind: "VALUE",
    zh: "{arg}应按升序排列：第 {pos} 行 {value} 不大于上一行 {prev}",
    en: "{arg} must be in ascending order: row {pos} ({value}) is not after the row before ({prev})",
  },
  yearsGap: {
    kind: "VALUE",
    zh: "{arg}不连续：{prev} 之后是 {value}（第 {pos} 行），缺少 {missing} 年；请逐年列出，没有现金流的年度填 0",
    en: "{arg} has a gap: {prev} is followed by {value} (row {pos}), {missing} is missing; list every year, with 0 where there is no flow",
  },
  notBalancedWithin: {
    kind: "NA",
    zh: "在给定年度（{first}–{last}）内不能实现平衡：{arg}累计到 {last} 年仍为 {cumulative}；需补充以后年度的现金流，或扩大平衡区域",
    en: "does not balance within the years given ({first}–{last}): cumulative {arg} in {last} is still {cumulative}; add later years or expand the balance area",
  },
  plannedEndBeforeStart: {
    kind: "VALUE",
    zh: "{arg}（{value}）早于第一个年度 {first}",
    en: "{arg} ({value}) is before the first year given ({first})",
  },
  // Projects and pooling (BALANCELEVEL, BALANCEPARTNERS, the portfolio).
  duplicateId: {
    kind: "VALUE",
    zh: "{arg}中项目编号“{value}”重复（第 {first} 行和第 {pos} 行），每个项目只能出现一次",
    en: '{arg}: project id "{value}" appears twice (rows {first} and {pos}); each project must appear once',
  },
  targetNotFound: {
    kind: "NA",
    zh: "{arg}“{value}”不在项目编号列表中",
    en: '{arg} "{value}" is not in the list of project ids',
  },
  projectIdBlank: {
    kind: "VALUE",
    zh: "第 {pos} 个项目缺少{arg}",
    en: "project {pos} has no {arg}",
  },
  projectFlowLength: {
    kind: "VALUE",
    zh: "项目“{id}”的{arg}有 {count} 个年度值，与年度数 {years} 不一致",
    en: 'project "{id}": {arg} has {count} yearly values but there are {years} years',
  },
  projectNegative: {
    kind: "VALUE",
    zh: "项目“{id}”的{arg}不能为负数，收到 {value}",
    en: 'project "{id}": {arg} cannot be negative, got {value}',
  },
  projectNotPositive: {
    kind: "VALUE",
    zh: "项目“{id}”的{arg}必须大于 0，收到 {value}",
    en: 'project "{id}": {arg} must be greater than 0, got {value}',
  },
  projectPlannedEndBeforeStart: {
    kind: "VALUE",
    zh: "项目“{id}”的{arg}（{value}）早于第一个年度 {first}",
    en: 'project "{id}": {arg} ({value}) is before the first year given ({first})',
  },
  projectNotWhole: {
    kind: "VALUE",
    zh: "项目“{id}”的{arg}应为整数年度，收到 {value}",
    en: 'project "{id}": {arg} must be a whole year, got {value}',
  },
  // Plot ratio (FAREXTRA), X Art. 27.
  farExceeded: {
    kind: "VALUE",
    zh: "增加开发面积 {extra}㎡ 后容积率为 {ratioAfter}，超过上限 {maxFar}（超出 {excess}㎡）；不得突破容积率，应扩大平衡区域或延长平衡期限",
    en: "adding {extra} ㎡ of development area takes the plot ratio to {ratioAfter}, above the maximum {maxFar} (by {excess} ㎡); the plot ratio may not be exceeded — expand the balance area or extend the period instead",
  },
} as const satisfies MessageTable;
