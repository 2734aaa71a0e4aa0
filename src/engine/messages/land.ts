import type { MessageTable } from "./types";

/** Messages of the land family. */
export const LAND_MESSAGES = {
  landRatesAboveIncome: {
    kind: "VALUE",
    zh: "{arg}与{other}之和为 {sum}，超过 1：按土地出让收益计提的资金不能超过收益本身",
    en: "{arg} and {other} add up to {sum}, more than 1: provisions on the land income cannot exceed that income",
  },
  landProvisionsAboveGross: {
    kind: "VALUE",
    zh: "计提合计 {provisions} 元超过土地出让收入 {gross} 元：请检查{arg}等计提比例",
    en: "the provisions ({provisions} 元) exceed the gross land income ({gross} 元): check {arg} and the other rates",
  },
} as const satisfies MessageTable;
