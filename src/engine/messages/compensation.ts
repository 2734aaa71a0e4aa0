import type { MessageTable } from "./types";

/** Messages of the compensation family (domain §2). */
export const COMPENSATION_MESSAGES = {
  tierCapNotPositive: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 个上限应大于 0（超出原面积的累计面积，㎡），收到 {value}",
    en: "{arg}: cap {pos} must be greater than 0 (cumulative extra area, ㎡), got {value}",
  },
  tierCapsNotAscending: {
    kind: "VALUE",
    zh: "{arg}应从小到大严格递增（累计上限），第 {pos} 个上限 {value} 不大于前一个 {prev}",
    en: "{arg} must strictly ascend (cumulative caps): cap {pos} ({value}) is not greater than the one before ({prev})",
  },
  tierPriceCount: {
    kind: "VALUE",
    zh: "{arg}应比档位上限(tierCaps)多一个价格（最后一个用于超出最后上限的面积）：上限 {caps} 个，应有价格 {expected} 个，收到 {count} 个",
    en: "{arg} must hold one price more than tierCaps (the last applies beyond the last cap): {caps} caps need {expected} prices, got {count}",
  },
  tierPriceNegative: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 个价格不能为负，收到 {value}",
    en: "{arg}: price {pos} cannot be negative, got {value}",
  },
  unknownVillagerStatus: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 个单元格“{value}”无法识别：应为 农业户口、非农业户口（城镇户口）、在校学生、现役军人（服役士兵）、服刑人员 等",
    en: '{arg}: cell {pos} "{value}" is not a status understood; use 农业户口 (agricultural), 非农业户口/城镇户口 (non-agricultural), 在校学生 (student), 现役军人 (serving soldier), 服刑人员 (prisoner)',
  },
} as const satisfies MessageTable;
