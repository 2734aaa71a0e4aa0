import type { MessageTable } from "./types";

/** Messages of fee and tax relief (domain §1). */
export const FEE_MESSAGES = {
  shareAreaExceedsTotal: {
    kind: "VALUE",
    zh: "{arg}（{value}㎡）不能大于总建筑面积（{total}㎡）",
    en: "{arg} ({value} ㎡) cannot exceed the total building area ({total} ㎡)",
  },
  zeroTotalArea: { kind: "DIV0", zh: "{arg}为 0，无法计算免税比例", en: "{arg} is 0: the exempt share cannot be computed" },
  zeroDeductions: {
    kind: "DIV0",
    zh: "{arg}必须大于 0，才能判断增值额是否超过扣除项目金额的比例",
    en: "{arg} must be greater than 0 to compare the appreciation with it",
  },
} as const satisfies MessageTable;
