import { Dec, ZERO, decMin } from "./decimal";
import { DomainError, fail } from "./errors";
import { roundPartsToTotal } from "./money";
import { normalizeText } from "./text";

/**
 * Monetary compensation (货币补偿) for one household, domain §2 (国有土地上房屋征收与补偿条例 2011, D 四(三)).
 * Areas in ㎡, rates in 元/㎡ (temporary resettlement: 元/㎡ per month), amounts in 元.
 */
export interface CompensationInput {
  /** 被征收房屋建筑面积 */
  readonly area: Dec;
  /** 评估单价: appraised unit price, not below the market price of similar property on the announcement date. */
  readonly unitPrice: Dec;
  /** 搬迁费标准 (元/㎡ per move) */
  readonly relocRate: Dec;
  /** 临时安置费标准 (元/㎡ per month) */
  readonly tempRate: Dec;
  /** 临时安置月数: the swap's transition period, or the fixed months of a monetary settlement. */
  readonly tempMonths: Dec;
  /** 搬迁次数: 1 for monetary compensation, 2 (out and back) for a property swap with a transition period. */
  readonly moves: number;
  /** 奖励补助标准 (元/㎡) */
  readonly bonusRate: Dec;
  /** 一次性奖励 (元), e.g. for signing within the period. */
  readonly lumpSum: Dec;
}

/** The components of the compensation and their total (exact, or as shown — see `showCompensation`). */
export interface CompensationBreakdown {
  /** 房屋价值 = area × unitPrice */
  readonly houseValue: Dec;
  /** 搬迁费 = area × relocRate × moves */
  readonly relocation: Dec;
  /** 临时安置费 = area × tempRate × tempMonths */
  readonly tempResettlement: Dec;
  /** 奖励补助 = area × bonusRate */
  readonly incentive: Dec;
  /** 一次性奖励 */
  readonly lumpSum: Dec;
  /** 合计 */
  readonly total: Dec;
}

/** Row labels of the breakdown, in display order (COMPTABLE). */
export const COMPENSATION_LABELS = {
  houseValue: "房屋价值",
  relocation: "搬迁费",
  tempResettlement: "临时安置费",
  incentive: "奖励补助",
  lumpSum: "一次性奖励",
  total: "合计",
} as const satisfies Record<keyof CompensationBreakdown, string>;

/** Order of the parts (total excluded) in the table. */
export const COMPENSATION_PARTS = ["houseValue", "relocation", "tempResettlement", "incentive", "lumpSum"] as const;

/** Every component of the monetary compensation, exact (unrounded). */
export function compensation(input: CompensationInput): CompensationBreakdown {
  const { area, unitPrice, relocRate, tempRate, tempMonths, moves, bonusRate, lumpSum } = input;
  const houseValue = area.times(unitPrice);
  // Relocation is paid per move: once for cash, twice (move out, move back) for a swap with a transition period.
  const relocation = area.times(relocRate).times(moves);
  const tempResettlement = area.times(tempRate).times(tempMonths);
  const incentive = area.times(bonusRate);
  const total = houseValue.plus(relocation).plus(tempResettlement).plus(incentive).plus(lumpSum);
  return {
    houseValue,
    relocation,
    tempResettlement,
    incentive,
    lumpSum,
    total,
  };
}

/**
 * The breakdown as shown (domain §0 尾差调整): the total is the exact total rounded half-up to `dp` decimals, and
 * the parts are rounded so that they add up to it exactly (largest remainder).
 */
export function showCompensation(exact: CompensationBreakdown, dp = 2): CompensationBreakdown {
  const { parts, total } = roundPartsToTotal(
    COMPENSATION_PARTS.map((k) => exact[k]),
    dp,
  );
  const [houseValue, relocation, tempResettlement, incentive, lumpSum] = parts;
  return {
    houseValue,
    relocation,
    tempResettlement,
    incentive,
    lumpSum,
    total,
  };
}

/** Business-stoppage loss (停产停业损失) of a non-residential house: value × loss rate (a share). */
export function businessLoss(houseValue: Dec, lossRate: Dec): Dec {
  return houseValue.times(lossRate);
}

/**
 * Tiers of a property swap's price difference: `caps` are ascending cumulative limits of EXTRA area (㎡ beyond
 * the old area); `prices` holds one price per tier plus one for the area beyond the last cap.
 */
export interface SwapTiers {
  readonly caps: readonly Dec[];
  readonly prices: readonly Dec[];
}

/**
 * Check the tiers: caps > 0 and strictly ascending, prices ≥ 0 and exactly one more than the caps. Positions
 * in messages count the values given (blanks skipped), 1-based.
 */
export function checkSwapTiers(tiers: SwapTiers, capsArg = "tierCaps", pricesArg = "tierPrices"): DomainError | undefined {
  const { caps, prices } = tiers;
  for (let i = 0; i < caps.length; i++) {
    if (!caps[i].greaterThan(0))
      return fail("tierCapNotPositive", {
        arg: capsArg,
        pos: i + 1,
        value: caps[i],
      });
    if (i > 0 && !caps[i].greaterThan(caps[i - 1])) {
      return fail("tierCapsNotAscending", {
        arg: capsArg,
        pos: i + 1,
        value: caps[i],
        prev: caps[i - 1],
      });
    }
  }
  if (prices.length !== caps.length + 1) {
    return fail("tierPriceCount", {
      arg: pricesArg,
      caps: caps.length,
      expected: caps.length + 1,
      count: prices.length,
    });
  }
  for (let i = 0; i < prices.length; i++) {
    if (prices[i].isNegative())
      return fail("tierPriceNegative", {
        arg: pricesArg,
        pos: i + 1,
        value: prices[i],
      });
  }
  return undefined;
}

/**
 * Price difference of a property swap (产权调换), domain §2. Up to the old area nothing is paid; each tier of
 * extra area is charged at its own price (e.g. the first 10 ㎡ at cost price, the rest at market price). A
 * smaller new home refunds the shortfall at `refundPrice`, returned as a negative amount.
 * > 0: the household pays; < 0: it is refunded.
 */
export function swapDifference(oldArea: Dec, newArea: Dec, tiers: SwapTiers, refundPrice: Dec): Dec | DomainError {
  const bad = checkSwapTiers(tiers);
  if (bad) return bad;
  const extra = newArea.minus(oldArea);
  if (extra.isNegative()) return extra.times(refundPrice); // (old − new) · refundPrice, as a refund
  let due = ZERO;
  let lower = ZERO;
  for (let i = 0; i < tiers.caps.length && extra.greaterThan(lower); i++) {
    const upper = decMin(extra, tiers.caps[i]);
    due = due.plus(upper.minus(lower).times(tiers.prices[i]));
    lower = tiers.caps[i];
  }
  if (extra.greaterThan(lower)) due = due.plus(extra.minus(lower).times(tiers.prices[tiers.caps.length]));
  return due;
}

/**
 * How a resident counts for per-capita resettlement on collective land (城中村), X Art. 9: "户口迁出…的在校学生、
 * 服役士兵、服刑人员在改造时享受村民同等待遇，其他非农户籍人员不享受村民同等待遇".
 */
export type VillagerStatus = "agricultural" | "student" | "soldier" | "prisoner" | "nonAgricultural";

/** Statuses counted as villagers. */
export const COUNTED_STATUSES: ReadonlySet<VillagerStatus> = new Set(["agricultural", "student", "soldier", "prisoner"]);

// Workbooks copied from documents like the Xi'an measures may carry traditional characters.
const TRADITIONAL: Readonly<Record<string, string>> = {
  農: "农",
  業: "业",
  戶: "户",
  戸: "户",
  學: "学",
  軍: "军",
  現: "现",
  義: "义",
  務: "务",
  員: "员",
  遷: "迁",
  鎮: "镇",
  轉: "转",
  釋: "释",
  獄: "狱",
  勞: "劳",
  讀: "读",
  畢: "毕",
  復: "复",
  羈: "羁",
  滿: "满",
  監: "监",
  參: "参",
  專: "专",
  體: "体",
  內: "内",
  隊: "队",
  區: "区",
  離: "离",
};

/** Comparison key of a status text: NFKC, no spaces, lower case, simplified characters, no punctuation. */
export function statusKey(text: string): string {
  return normalizeText(text)
    .replace(/[\u3400-\u9fff]/gu, (ch) => TRADITIONAL[ch] ?? ch)
    .replace(/[()[\]{}<>【】《》〈〉「」『』、，,。.·・:：;；!！?？\-—–_/\\|'"“”‘’]/gu, "");
}

// Words that cancel a special status: a retired soldier, a released prisoner or a graduate is no longer one, and a
// soldier's or student's family member is not one either.
const NOT_SPECIAL = [
  "退役",
  "退伍",
  "复员",
  "转业",
  "刑满",
  "释放",
  "毕业",
  "肄业",
  "辍学",
  "离校",
  "家属",
  "随军",
  "配偶",
  "子女",
  "家长",
];
const SPECIAL: ReadonlyArray<{
  readonly status: VillagerStatus;
  readonly words: readonly string[];
}> = [
  {
    status: "student",
    words: ["学生", "在校", "在读", "就读", "升学", "就学", "大学生", "中专生", "研究生"],
  },
  {
    status: "soldier",
    words: ["现役", "服役", "兵役", "义务兵", "士兵", "军人", "士官", "军官", "入伍", "参军", "武警"],
  },
  {
    status: "prisoner",
    words: ["服刑", "在押", "羁押", "在监", "监狱", "劳改", "劳教"],
  },
];
// Checked before the agricultural words: 非农业户口 and 农转非 contain 农.
const NON_AGRICULTURAL = ["非农", "农转非", "转非", "城镇", "城市户", "城市居民", "市民"];
const AGRICULTURAL = ["农业", "农村", "农民", "农户", "村民"];

/**
 * Classify one status text, tolerantly (full-width, spaces, traditional characters, common wordings). Students,
 * serving soldiers and prisoners count whatever their current hukou (theirs has usually moved out), so they are
 * recognised first; then non-agricultural wordings, then agricultural ones. Undefined when not understood.
 */
export function classifyVillagerStatus(text: string): VillagerStatus | undefined {
  const key = statusKey(text);
  if (key === "") return undefined;
  if (!NOT_SPECIAL.some((w) => key.includes(w))) {
    for (const s of SPECIAL) if (s.words.some((w) => key.includes(w))) return s.status;
  }
  if (NON_AGRICULTURAL.some((w) => key.includes(w))) return "nonAgricultural";
  if (AGRICULTURAL.some((w) => key.includes(w))) return "agricultural";
  return undefined;
}

/**
 * Number of persons counted as villagers (X Art. 9). `statuses` are the cells of the range in order, null for a
 * blank cell (skipped); a text not understood is an error naming its cell position (1-based) — guessing would
 * change somebody's resettlement entitlement.
 */
export function countVillagers(
  statuses: readonly (string | null | undefined)[],
  arg = "statuses",
  positions?: readonly number[],
): number | DomainError {
  let count = 0;
  for (let i = 0; i < statuses.length; i++) {
    const text = statuses[i];
    if (text === null || text === undefined || text.trim() === "") continue;
    const status = classifyVillagerStatus(text);
    if (status === undefined) return fail("unknownVillagerStatus", { arg, pos: positions?.[i] ?? i + 1, value: text });
    if (COUNTED_STATUSES.has(status)) count++;
  }
  return count;
}
