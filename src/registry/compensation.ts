import { Dec } from "../engine/decimal";
import { isError } from "../engine/errors";
import {
  businessLoss,
  compensation,
  CompensationBreakdown,
  COMPENSATION_LABELS,
  COMPENSATION_PARTS,
  countVillagers,
  showCompensation,
  swapDifference,
} from "../engine/compensation";
import { compensationTotalFast } from "../engine/fast";
import { toOutput } from "../engine/money";
import { defineFunction, NamedArgsOf } from "./define";
import { argumentDefault } from "./policy";
import type { FunctionSpec, ParamSpec } from "./types";

/** Arguments of COMPENSATION and COMPTABLE (same list, same order — functions.md). */
const COMPENSATION_ARGS = {
  area: {
    name: "area",
    kind: "decimal",
    label: "被征收房屋面积",
    unit: "㎡",
    min: 0,
    zh: "被征收房屋建筑面积（㎡）",
    en: "Building area of the expropriated house (㎡)",
  },
  unitPrice: {
    name: "unitPrice",
    kind: "decimal",
    label: "评估单价",
    unit: "元/㎡",
    min: 0,
    zh: "房屋评估单价（元/㎡），不低于征收决定公告之日类似房地产的市场价格",
    en: "Appraised unit price (元/㎡), not below the market price of similar property on the announcement date",
  },
  relocRate: {
    name: "relocRate",
    kind: "decimal",
    label: "搬迁费标准",
    unit: "元/㎡",
    optional: true,
    default: argumentDefault("p_relocRate"),
    min: 0,
    zh: "搬迁费标准（元/㎡，每次搬迁，默认 0）",
    en: "Relocation fee per ㎡ per move (元/㎡, default 0)",
  },
  tempRate: {
    name: "tempRate",
    kind: "decimal",
    label: "临时安置费标准",
    unit: "元/㎡·月",
    optional: true,
    default: argumentDefault("p_tempRate"),
    min: 0,
    zh: "临时安置费标准（元/㎡·月，默认 0）",
    en: "Temporary resettlement fee per ㎡ per month (元/㎡·月, default 0)",
  },
  tempMonths: {
    name: "tempMonths",
    kind: "decimal",
    label: "临时安置月数",
    unit: "月",
    optional: true,
    default: 0,
    min: 0,
    zh: "临时安置月数：产权调换为过渡期，货币补偿为规定月数（默认 0）",
    en: "Months of temporary resettlement: the transition period of a swap, or the fixed months for cash (default 0)",
  },
  moves: {
    name: "moves",
    kind: "integer",
    label: "搬迁次数",
    unit: "次",
    optional: true,
    default: 1,
    min: 1,
    max: 2,
    zh: "搬迁次数：货币补偿 1 次，产权调换有过渡期 2 次（默认 1）",
    en: "Number of moves: 1 for monetary compensation, 2 for a property swap with a transition period (default 1)",
  },
  bonusRate: {
    name: "bonusRate",
    kind: "decimal",
    label: "奖励补助标准",
    unit: "元/㎡",
    optional: true,
    default: argumentDefault("p_bonusRate"),
    min: 0,
    zh: "按面积计的奖励、补助标准（元/㎡，默认 0）",
    en: "Incentives and subsidies per ㎡ (元/㎡, default 0)",
  },
  lumpSum: {
    name: "lumpSum",
    kind: "decimal",
    label: "一次性奖励",
    unit: "元",
    optional: true,
    default: 0,
    min: 0,
    zh: "一次性奖励、补助（元），如按期签约奖（默认 0）",
    en: "Lump-sum incentive (元), e.g. for signing within the period (default 0)",
  },
} as const satisfies Record<string, ParamSpec>;

const C = COMPENSATION_ARGS;
const COMPENSATION_PARAMS = [C.area, C.unitPrice, C.relocRate, C.tempRate, C.tempMonths, C.moves, C.bonusRate, C.lumpSum] as const;

function breakdown(args: NamedArgsOf<typeof COMPENSATION_PARAMS>): CompensationBreakdown {
  const { area, unitPrice, relocRate, tempRate, tempMonths, moves, bonusRate, lumpSum } = args;
  return showCompensation(compensation({ area, unitPrice, relocRate, tempRate, tempMonths, moves, bonusRate, lumpSum }));
}

/**
 * Desktop Excel sends empty cells as 0, so zeros at the end of a tier range are dropped — for the caps always (a
 * cap of 0 is never valid), for the prices only as many as exceed one more than the caps.
 */
function dropTrailingZeros(values: Dec[], keep = 0): Dec[] {
  let end = values.length;
  while (end > keep && values[end - 1].isZero()) end--;
  return values.slice(0, end);
}

export const COMPENSATION_FUNCTIONS: readonly FunctionSpec[] = [
  defineFunction({
    id: "COMPENSATION",
    family: "compensation",
    zh: "一户的货币补偿合计（元）：房屋价值、搬迁费、临时安置费、奖励补助、一次性奖励",
    en: "Total monetary compensation for one household (元): house value, relocation, temporary resettlement, incentives, lump sum",
    returns: {
      kind: "number",
      zh: "补偿合计（元）",
      en: "Total compensation (元)",
      unit: "元",
    },
    params: COMPENSATION_PARAMS,
    impl: (a) => toOutput(breakdown(a).total),
    fast: (a) => compensationTotalFast(a),
  }),
  defineFunction({
    id: "COMPTABLE",
    family: "compensation",
    zh: "一户的货币补偿明细表（两列：项目、金额（元），自动溢出）",
    en: "Breakdown of one household's monetary compensation (spills two columns: item, amount in 元)",
    returns: {
      kind: "matrix",
      zh: "6 行 2 列：房屋价值、搬迁费、临时安置费、奖励补助、一次性奖励、合计（元）",
      en: "6 rows × 2 columns: house value, relocation, temporary resettlement, incentive, lump sum, total (元)",
    },
    params: COMPENSATION_PARAMS,
    spill: () => ({ rows: 6, cols: 2 }),
    impl: (a) => {
      const shown = breakdown(a);
      return [...COMPENSATION_PARTS, "total" as const].map((k) => [COMPENSATION_LABELS[k], toOutput(shown[k])]);
    },
  }),
  defineFunction({
    id: "SWAPDIFF",
    family: "compensation",
    zh: "产权调换差价（元）：正数为被征收人补交，负数为退还",
    en: "Price difference of a property swap (元): > 0 the household pays, < 0 it is refunded",
    returns: {
      kind: "number",
      zh: "差价（元），正数补交、负数退还",
      en: "Difference (元): positive paid by the household, negative refunded",
      unit: "元",
    },
    params: [
      {
        name: "oldArea",
        kind: "decimal",
        label: "原房屋面积",
        unit: "㎡",
        min: 0,
        zh: "被征收房屋建筑面积（㎡）",
        en: "Building area of the old house (㎡)",
      },
      {
        name: "newArea",
        kind: "decimal",
        label: "安置房面积",
        unit: "㎡",
        min: 0,
        zh: "调换（安置）房屋建筑面积（㎡）",
        en: "Building area of the new (swap) home (㎡)",
      },
      {
        name: "tierCaps",
        kind: "decimals",
        label: "档位上限",
        unit: "㎡",
        zh: "超出原面积部分的累计面积上限区域（㎡，从小到大），如 {10,20}",
        en: "Range of cumulative limits of extra area (㎡, ascending), e.g. {10,20}",
      },
      {
        name: "tierPrices",
        kind: "decimals",
        label: "档位价格",
        unit: "元/㎡",
        zh: "各档价格区域（元/㎡），比上限多一个，最后一个用于超出最后上限的面积",
        en: "Range of tier prices (元/㎡), one more than the caps; the last applies beyond the last cap",
      },
      {
        name: "refundPrice",
        kind: "decimal",
        label: "退还单价",
        unit: "元/㎡",
        optional: true,
        default: 0,
        min: 0,
        zh: "新房面积小于原面积时不足部分的退还单价（元/㎡，默认 0）",
        en: "Refund price per ㎡ when the new home is smaller (元/㎡, default 0)",
      },
    ],
    impl: ({ oldArea, newArea, tierCaps, tierPrices, refundPrice }) => {
      const capsKept = dropTrailingZeros(tierCaps);
      const pricesKept = dropTrailingZeros(tierPrices, capsKept.length + 1);
      const v = swapDifference(oldArea, newArea, { caps: capsKept, prices: pricesKept }, refundPrice);
      return isError(v) ? v : toOutput(v);
    },
  }),
  defineFunction({
    id: "BIZLOSS",
    family: "compensation",
    zh: "非住宅房屋停产停业损失（元）= 房屋价值 × 损失比例",
    en: "Loss from business stoppage of a non-residential house (元) = house value × loss rate",
    returns: {
      kind: "number",
      zh: "停产停业损失（元）",
      en: "Business-stoppage loss (元)",
      unit: "元",
    },
    params: [
      {
        name: "houseValue",
        kind: "decimal",
        label: "房屋价值",
        unit: "元",
        min: 0,
        zh: "被征收房屋价值（元）",
        en: "Value of the expropriated house (元)",
      },
      {
        name: "lossRate",
        kind: "decimal",
        label: "损失比例",
        share: true,
        zh: "停产停业损失比例（0–1，如 5% 填 0.05）",
        en: "Loss rate as a share (0–1; 5% is 0.05)",
      },
    ],
    impl: ({ houseValue, lossRate }) => toOutput(businessLoss(houseValue, lossRate)),
  }),
  defineFunction({
    id: "VILLAGERS",
    family: "compensation",
    zh: "享受村民同等待遇的人数（西安市办法第九条）",
    en: "Number of persons counted as villagers (Xi'an measures, Art. 9)",
    returns: { kind: "number", zh: "人数", en: "Number of persons" },
    params: [
      {
        name: "statuses",
        kind: "aligned",
        cell: "optionalText",
        label: "户籍身份",
        zh: "每人一格的户籍身份区域，如 农业户口、非农业户口、在校学生、现役军人、服刑人员",
        en: "Range with one status per person, e.g. 农业户口, 非农业户口, 在校学生, 现役军人, 服刑人员",
      },
    ],
    impl: ({ statuses }) => countVillagers(statuses.values, "statuses", statuses.pos),
  }),
];
