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
  coverageOutOfRange: {
    kind: "VALUE",
    zh: "{arg}合计仅 {value}，相对偿债收益过小：本息覆盖倍数的绝对值达到 {max} 或以上，无法保留 4 位小数（请检查单位）",
    en: "{arg} adds up to only {value}, far below the income: the coverage ratio reaches {max} or more in magnitude and cannot keep 4 decimals (check the units)",
  },
  scheduleTooLong: {
    kind: "VALUE",
    zh: "{arg}：从首次发行（{first} 年）到最后还本（{last} 年）共 {years} 年，超过 {max} 年的上限",
    en: "{arg}: from the first issue ({first}) to the last repayment ({last}) is {years} years, more than the limit of {max}",
  },
  scheduleTooLarge: {
    kind: "NUM",
    zh: "{arg}合计过大：还本付息合计 {value} 超过 9e13，无法精确到分显示",
    en: "{arg} add up too much: debt service {value} exceeds 9e13 and cannot be shown to the fen",
  },
  trancheYear: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为 1900–9999 的整数年度，收到 {value}",
    en: "{arg}: row {pos} must be a whole year 1900–9999, got {value}",
  },
  trancheAmount: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为不小于 0 的金额，收到 {value}",
    en: "{arg}: row {pos} must be an amount ≥ 0, got {value}",
  },
  trancheRate: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为 0 到 1 之间的比例（3% 填 0.03），收到 {value}",
    en: "{arg}: row {pos} must be a share between 0 and 1 (3% is 0.03), got {value}",
  },
  trancheTerm: {
    kind: "VALUE",
    zh: "{arg}第 {pos} 行应为 1–{max} 的整数（年），收到 {value}",
    en: "{arg}: row {pos} must be a whole number of years 1–{max}, got {value}",
  },
  breakEvenOutOfRange: {
    kind: "VALUE",
    zh: "{arg}合计仅 {value}，远小于还本付息，可下降比例超出可显示范围（请检查单位）",
    en: "{arg} adds up to only {value}, far below the debt service: the drop is out of range (check the units)",
  },
  breakEvenNoIncome: {
    kind: "VALUE",
    zh: "{arg}合计为 {value}（应大于 0），无法计算收入可下降的幅度",
    en: "{arg} adds up to {value} (must be above 0): no income drop can be measured",
  },
} as const satisfies MessageTable;
