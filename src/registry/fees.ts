import { ZERO } from "../engine/decimal";
import { isError } from "../engine/errors";
import { infraFee, InfraFeeResult, showInfraFee, waivedFeeName, waivedTotal, FeeLine } from "../engine/fees";
import { toOutput } from "../engine/money";
import { deedTax, latExempt, taxShare } from "../engine/taxes";
import { defineFunction } from "./define";
import { FEE_ARGS as P } from "./params";
import type { FunctionSpec } from "./types";
import type { FastArgsOf, NamedArgsOf } from "./define";
import { feeShownFast, FeeNumbers } from "../engine/fast";

const FEE_PARAMS = [P.resettleArea, P.devArea, P.baseRate, P.investor, P.ratio, P.collectRate, P.metroRate] as const;

/** FEEEXEMPT declares the first five of these; collected funds and metro fee are 0 there. */
type FeeArgs = Omit<NamedArgsOf<typeof FEE_PARAMS>, "collectRate" | "metroRate"> &
  Partial<Pick<NamedArgsOf<typeof FEE_PARAMS>, "collectRate" | "metroRate">>;

function fee({ resettleArea, devArea, baseRate, investor, ratio, collectRate = ZERO, metroRate = ZERO }: FeeArgs): InfraFeeResult {
  return infraFee({ resettleArea, devArea, baseRate, investor, ratio, collectRate, metroRate });
}

/** The fee's arguments as numbers for the exact fast path (engine/fast.ts). */
function feeNumbers(a: FastFeeArgs): FeeNumbers {
  return {
    resettleArea: a.resettleArea,
    devArea: a.devArea,
    baseRate: a.baseRate,
    isPrivate: a.investor === "private",
    ratio: a.ratio,
    collectRate: a.collectRate ?? 0,
    metroRate: a.metroRate ?? 0,
  };
}
type FastFeeArgs = Omit<FastArgsOf<typeof FEE_PARAMS>, "collectRate" | "metroRate"> &
  Partial<Pick<FastArgsOf<typeof FEE_PARAMS>, "collectRate" | "metroRate">>;

export const FEES_FUNCTIONS: readonly FunctionSpec[] = [
  defineFunction({
    id: "FEEEXEMPT",
    family: "fees",
    zh: "城市基础设施配套费减免额（基础部分，元）",
    en: "Infrastructure supporting fee exempted (base part, 元)",
    returns: { kind: "number", zh: "减免金额（元）", en: "Amount exempted (元)", unit: "元" },
    params: [P.resettleArea, P.devArea, P.baseRate, P.investor, P.ratio],
    impl: (a) => toOutput(showInfraFee(fee(a)).exempt),
    fast: (a) => feeShownFast(feeNumbers(a))?.exempt,
  }),
  defineFunction({
    id: "FEEDUE",
    family: "fees",
    zh: "城市基础设施配套费应缴额（含代收资金和地铁专项，元）",
    en: "Infrastructure supporting fee payable, incl. collected-on-behalf funds and metro fee (元)",
    returns: { kind: "number", zh: "应缴金额（元）", en: "Amount payable (元)", unit: "元" },
    params: FEE_PARAMS,
    impl: (a) => toOutput(showInfraFee(fee(a)).totalDue),
    fast: (a) => feeShownFast(feeNumbers(a))?.totalDue,
  }),
  defineFunction({
    id: "FEETABLE",
    family: "fees",
    zh: "城市基础设施配套费测算表（两列：项目、数值，自动溢出）",
    en: "Infrastructure supporting fee breakdown (spills two columns: item, value)",
    returns: {
      kind: "matrix",
      zh: "测算表：免收/减半/全额面积（㎡），减免额、基础部分应缴、代收资金、地铁专项、应缴合计（元）",
      en: "Table: exempt / half-rate / full-rate areas (㎡), amounts exempt, base due, collected funds, metro fee, total due (元)",
    },
    params: FEE_PARAMS,
    spill: () => ({ rows: 10, cols: 2 }),
    impl: (a) => {
      const shown = showInfraFee(fee(a));
      return [
        ["安置面积（全额免收，㎡）", toOutput(shown.resettleArea)],
        ["开发面积·免收部分（㎡）", toOutput(shown.devExemptArea)],
        ["开发面积·减半部分（㎡）", toOutput(shown.devHalfArea)],
        ["开发面积·全额部分（㎡）", toOutput(shown.devFullArea)],
        ["减免金额（元）", toOutput(shown.exempt)],
        ["基础部分应缴（元）", toOutput(shown.baseDue)],
        ["代收资金（元）", toOutput(shown.collectDue)],
        ["地铁专项配套费（元）", toOutput(shown.metroDue)],
        ["应缴合计（元）", toOutput(shown.totalDue)],
        ["总额（减免+应缴，元）", toOutput(shown.gross)],
      ];
    },
  }),
  defineFunction({
    id: "FEEWAIVED",
    family: "fees",
    zh: "判断某项行政事业性收费或政府性基金是否全额免收",
    en: "TRUE if the administrative fee or government fund is fully waived for shantytown projects",
    returns: { kind: "boolean", zh: "TRUE 表示免收", en: "TRUE if waived" },
    params: [
      {
        name: "feeName",
        kind: "text",
        label: "收费名称",
        zh: "收费或基金名称，如 防空地下室易地建设费",
        en: "Name of the fee or fund, e.g. 防空地下室易地建设费",
      },
    ],
    impl: ({ feeName }) => waivedFeeName(feeName) !== undefined,
  }),
  defineFunction({
    id: "WAIVEDTOTAL",
    family: "fees",
    zh: "减免总额：免收项目全额 + 入网费、增容费等按减免比例",
    en: "Total relieved: waived fees in full plus utility connection/capacity fees × utilityRelief",
    returns: { kind: "number", zh: "减免总额（元）", en: "Total relieved (元)", unit: "元" },
    params: [
      {
        name: "feeNames",
        kind: "aligned",
        cell: "optionalText",
        label: "收费名称",
        zh: "收费名称区域（一列）",
        en: "Range of fee names (one column)",
      },
      {
        name: "amounts",
        kind: "aligned",
        cell: "decimal",
        label: "金额",
        unit: "元",
        zh: "对应金额区域（元），与名称逐行对应",
        en: "Range of amounts (元), row by row with the names",
      },
      {
        name: "utilityRelief",
        kind: "decimal",
        label: "入网增容减免比例",
        optional: true,
        default: 0,
        share: true,
        zh: "入网费、管网增容费的减免比例（0–1，默认 0）",
        en: "Relief share for utility connection and capacity fees (0–1, default 0)",
      },
    ],
    impl: ({ feeNames, amounts, utilityRelief }) => {
      const lines: FeeLine[] = [];
      feeNames.values.forEach((name, k) => {
        // An amount without a name cannot be relieved.
        if (name !== undefined) lines.push({ name, amount: amounts.values[k] });
      });
      return toOutput(waivedTotal(lines, utilityRelief));
    },
  }),
  defineFunction({
    id: "TAXSHARE",
    family: "fees",
    zh: "配建安置房的城镇土地使用税、印花税免征额（按安置面积占比）",
    en: "Exempt part of land-use tax or stamp duty in a mixed project (by resettlement share of building area)",
    returns: { kind: "number", zh: "免征金额（元）", en: "Amount exempt (元)", unit: "元" },
    params: [
      { ...P.resettleArea, zh: "安置房建筑面积（㎡）", en: "Resettlement building area (㎡)" },
      {
        name: "totalArea",
        kind: "decimal",
        label: "总建筑面积",
        unit: "㎡",
        min: 0,
        zh: "项目总建筑面积（㎡）",
        en: "Total building area of the project (㎡)",
      },
      {
        name: "taxAmount",
        kind: "decimal",
        label: "应纳税额",
        unit: "元",
        min: 0,
        zh: "城镇土地使用税或印花税应纳税额（元）",
        en: "Land-use tax or stamp duty assessed (元)",
      },
    ],
    impl: ({ resettleArea, totalArea, taxAmount }) => {
      const v = taxShare(resettleArea, totalArea, taxAmount);
      return isError(v) ? v : toOutput(v);
    },
  }),
  defineFunction({
    id: "LATEXEMPT",
    family: "fees",
    zh: "判断改造安置住房土地增值税是否免征（增值额未超过扣除项目金额的 20%）",
    en: "TRUE if land appreciation tax is exempt (appreciation ≤ 20% of deductible items)",
    returns: { kind: "boolean", zh: "TRUE 表示免征", en: "TRUE if exempt" },
    params: [
      {
        name: "appreciation",
        kind: "decimal",
        label: "增值额",
        unit: "元",
        zh: "增值额（元），可为负",
        en: "Appreciation (元), may be negative",
      },
      {
        name: "deductions",
        kind: "decimal",
        label: "扣除项目金额",
        unit: "元",
        min: 0,
        zh: "扣除项目金额（元）",
        en: "Deductible items (元)",
      },
      {
        name: "threshold",
        kind: "decimal",
        label: "免征比例",
        optional: true,
        default: 0.2,
        share: true,
        zh: "免征界限比例（默认 0.2）",
        en: "Exemption threshold as a share of deductions (default 0.2)",
      },
    ],
    impl: ({ appreciation, deductions, threshold }) => latExempt(appreciation, deductions, threshold),
  }),
  defineFunction({
    id: "DEEDTAX",
    family: "fees",
    zh: "个人购买安置住房应缴契税（元），按安置住房政策与 2024 年家庭住房政策孰低",
    en: "Deed tax payable by a person buying resettlement housing (元): the lower of the resettlement rule and the 2024 household rule",
    returns: { kind: "number", zh: "应缴契税（元）", en: "Deed tax payable (元)", unit: "元" },
    params: [
      {
        name: "price",
        kind: "decimal",
        label: "成交价格",
        unit: "元",
        min: 0,
        zh: "购房成交价格（元）；产权调换填所补差价",
        en: "Purchase price (元); for a property swap, the difference paid",
      },
      {
        name: "area",
        kind: "decimal",
        label: "住房面积",
        unit: "㎡",
        min: 0,
        zh: "所购住房建筑面积（㎡）",
        en: "Floor area of the home bought (㎡)",
      },
      {
        name: "compensation",
        kind: "decimal",
        label: "征收补偿款",
        unit: "元",
        optional: true,
        default: 0,
        min: 0,
        zh: "用于购房的货币补偿款（元），只对超出部分征税（默认 0）",
        en: "Monetary compensation used for the purchase (元); only the excess is taxed (default 0)",
      },
      {
        name: "firstHome",
        kind: "boolean",
        label: "首套住房",
        optional: true,
        default: true,
        zh: "是否家庭唯一（首套）住房（默认 TRUE）",
        en: "First (only) home of the family (default TRUE)",
      },
      {
        name: "ordinary",
        kind: "boolean",
        label: "普通住房",
        optional: true,
        default: true,
        zh: "是否符合普通住房标准（默认 TRUE）",
        en: "Meets the ordinary-housing standard (default TRUE)",
      },
      {
        name: "statutoryRate",
        kind: "decimal",
        label: "法定税率",
        optional: true,
        default: 0.03,
        share: true,
        zh: "省定契税适用税率（默认 0.03）",
        en: "Statutory deed tax rate set by the province (default 0.03)",
      },
      {
        name: "areaLimit",
        kind: "decimal",
        label: "面积标准",
        unit: "㎡",
        optional: true,
        default: 90,
        min: 0,
        zh: "减按低税率的面积上限（㎡，含本数，默认 90）",
        en: "Area limit for the reduced rate (㎡, inclusive, default 90)",
      },
      {
        name: "reducedRate",
        kind: "decimal",
        label: "优惠税率",
        optional: true,
        default: 0.01,
        share: true,
        zh: "首套且面积在标准以下的优惠税率（默认 0.01）；家庭住房政策面积以内也用此税率",
        en: "Reduced rate for a first home within the area limit (default 0.01); also the household rule's rate within its limit",
      },
      {
        name: "householdRule",
        kind: "boolean",
        label: "适用家庭住房政策",
        optional: true,
        default: true,
        zh: "是否同时适用 2024年第16号公告的家庭住房政策并取较低者（默认 TRUE）；家庭第三套及以上住房填 FALSE",
        en: "Also apply the household rule of notice 2024 No. 16 and take the lower tax (default TRUE); FALSE for a third or later home",
      },
      {
        name: "onlyHome",
        kind: "boolean",
        label: "家庭唯一住房",
        optional: true,
        zh: "是否家庭唯一住房（省略时同“首套住房”）；FALSE 为家庭第二套住房",
        en: "The family's only home (left out: same as firstHome); FALSE means its second home",
      },
      {
        name: "householdAreaLimit",
        kind: "decimal",
        label: "家庭住房面积标准",
        unit: "㎡",
        optional: true,
        default: 140,
        min: 0,
        zh: "家庭住房政策的面积标准（㎡，含本数，默认 140）",
        en: "Area limit of the household rule (㎡, inclusive, default 140)",
      },
      {
        name: "largeOnlyRate",
        kind: "decimal",
        label: "唯一住房超面积税率",
        optional: true,
        default: 0.015,
        share: true,
        zh: "家庭唯一住房面积超过标准的税率（默认 0.015）",
        en: "Rate for an only home above the area limit (default 0.015)",
      },
      {
        name: "largeSecondRate",
        kind: "decimal",
        label: "第二套住房超面积税率",
        optional: true,
        default: 0.02,
        share: true,
        zh: "家庭第二套住房面积超过标准的税率（默认 0.02）",
        en: "Rate for a second home above the area limit (default 0.02)",
      },
    ],
    impl: ({ price, area, compensation, firstHome, ordinary, statutoryRate, areaLimit, reducedRate, ...household }) => {
      const { tax } = deedTax({
        price,
        area,
        compensation,
        firstHome,
        ordinary,
        statutoryRate,
        areaLimit,
        reducedRate,
        household: household.householdRule
          ? {
              onlyHome: household.onlyHome ?? firstHome,
              areaLimit: household.householdAreaLimit,
              rate: reducedRate,
              largeOnlyRate: household.largeOnlyRate,
              largeSecondRate: household.largeSecondRate,
            }
          : undefined,
      });
      // A tax of 9e13 元 or more cannot carry the fen: invoke refuses it (resultTooLarge).
      return toOutput(tax);
    },
  }),
];
