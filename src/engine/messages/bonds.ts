import type { MessageTable } from "./types";

/** Messages of the bonds family (domain §3: debt service schedule and coverage). */
export const BONDS_MESSAGES = {
  sharesCount: {
    kind: "VALUE",
    zh: "{arg}应每年一个比例，共 {term} 个（与债券期限一致），收到 {count} 个",
    en: "{arg} must hold one share per year, {term} in all (the bond term), got {count}",
  },
  sharesNotOne: {
    kind: "VALUE",
    zh: "{arg}合计应等于 1（即 100%），现合计为 {total}",
    en: "{arg} must add up to exactly 1 (100%); they add up to {total}",
  },
  coverageNoDebt: {
    kind: "DIV0",
    zh: "{arg}合计为 0，无法计算本息覆盖倍数（除数为零）",
    en: "{arg} adds up to 0: the coverage ratio cannot be computed (division by zero)",
  },
} as const satisfies MessageTable;
