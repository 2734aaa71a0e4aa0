import { Dec } from "../engine/decimal";
import { MAX_SHOWN_AMOUNT } from "../engine/bonds/schedule";
import { fail, isError } from "../engine/errors";
import { infraFee, InfraFeeResult, showInfraFee, waivedFeeName, waivedTotal, FeeLine } from "../engine/fees";
import type { Investor } from "../engine/investor";
import { toOutput } from "../engine/money";
import { deedTax, latExempt, taxShare } from "../engine/taxes";
import { alignColumns, columnDecimal } from "./columns";
import { defineFunction } from "./define";
import { P } from "./params";
import type { FunctionSpec } from "./types";

const FEE_PARAMS = [P.resettleArea, P.devArea, P.baseRate, P.investor, P.ratio, P.collectRate, P.metroRate] as const;

const FEE_RULE_ZH =
  "安置面积的基础部分全额免收；政府主导项目的开发面积全额缴纳；民间资本项目开发面积在安置面积 1.5 倍以内的部分全额免收，超出部分减半收取。代收资金和地铁专项配套费不予减免。";
const FEE_RULE_EN =
  "The base fee on resettlement area is fully exempt. Government-led projects pay the full base rate on development area; private-capital projects are exempt on development area up to 1.5 × the resettlement area and pay half the base rate beyond it. Collected-on-behalf funds and the metro fee are never relieved.";
const FEE_SOURCE = "《西安市棚户区改造管理办法》第二十九条；domain §1.1";

function fee(args: readonly [Dec, Dec, Dec, Investor, Dec, Dec?, Dec?]): InfraFeeResult {
  const [resettleArea, devArea, baseRate, investor, ratio, collectRate = new Dec(0), metroRate = new Dec(0)] = args;
  return infraFee({ resettleArea, devArea, baseRate, investor, ratio, collectRate, metroRate });
}

export const FEES_FUNCTIONS: readonly FunctionSpec[] = [
  defineFunction({
    id: "FEEEXEMPT",
    family: "fees",
    zh: "城市基础设施配套费减免额（基础部分，元）",
    en: "Infrastructure supporting fee exempted (base part, 元)",
    returns: { kind: "number", zh: "减免金额（元）", en: "Amount exempted (元)", unit: "元" },
    params: [P.resettleArea, P.devArea, P.baseRate, P.investor, P.ratio],
    help: {
      ruleZh: FEE_RULE_ZH + " 减免额 E = 安置面积×r + [民间资本] (min(开发, k×安置)×r + max(0, 开发−k×安置)×r/2)。",
      ruleEn: FEE_RULE_EN + " E = Ar·r + [private] (min(Ad, k·Ar)·r + max(0, Ad − k·Ar)·r/2).",
      source: FEE_SOURCE,
      example: { formula: '=SHANTY.FEEEXEMPT(10000,20000,150,"民间资本")', result: "4125000", noteZh: "10000×150 + 15000×150 + 5000×75" },
    },
    impl: (a) => toOutput(showInfraFee(fee(a)).exempt),
  }),
  defineFunction({
    id: "FEEDUE",
    family: "fees",
    zh: "城市基础设施配套费应缴额（含代收资金和地铁专项，元）",
    en: "Infrastructure supporting fee payable, incl. collected-on-behalf funds and metro fee (元)",
    returns: { kind: "number", zh: "应缴金额（元）", en: "Amount payable (元)", unit: "元" },
    params: FEE_PARAMS,
    help: {
      ruleZh: FEE_RULE_ZH + " 应缴 = (安置+开发)×r − E + (安置+开发)×(代收费率+地铁费率)；减免额 + 应缴额 = 总额。",
      ruleEn: FEE_RULE_EN + " Due = (Ar+Ad)·r − E + (Ar+Ad)·(rc+rm); exempt + due = gross.",
      source: FEE_SOURCE,
      example: { formula: '=SHANTY.FEEDUE(10000,20000,150,"民间资本",1.5,20,30)', result: "1875000", noteZh: "30000×150 − 4125000 + 30000×50" },
    },
    impl: (a) => toOutput(showInfraFee(fee(a)).totalDue),
  }),
  defineFunction({
    id: "FEETABLE",
    family: "fees",
    zh: "城市基础设施配套费测算表（两列：项目、数值，自动溢出）",
    en: "Infrastructure supporting fee breakdown (spills two columns: item, value)",
    returns: { kind: "matrix", zh: "测算表：免收/减半/全额面积（㎡），减免额、基础部分应缴、代收资金、地铁专项、应缴合计（元）", en: "Table: exempt / half-rate / full-rate areas (㎡), amounts exempt, base due, collected funds, metro fee, total due (元)" },
    params: FEE_PARAMS,
    spill: () => ({ rows: 10, cols: 2 }),
    help: {
      ruleZh: FEE_RULE_ZH + " 表中各项四舍五入到分，应缴各分项之和等于应缴合计，减免额与应缴合计之和等于总额。",
      ruleEn: FEE_RULE_EN + " Figures are rounded to the fen; the due parts add up to the total due, and exempt + total due = gross.",
      source: FEE_SOURCE,
      example: { formula: '=SHANTY.FEETABLE(10000,20000,150,"民间资本",1.5,20,30)', result: "10 行 × 2 列：…减免金额 4125000 … 应缴合计 1875000" },
    },
    impl: (a) => {
      const exact = fee(a);
      const shown = showInfraFee(exact);
      const area = (d: Dec) => toOutput(d, 2);
      return [
        ["安置面积（全额免收，㎡）", area(a[0])],
        ["开发面积·免收部分（㎡）", area(exact.devExemptArea)],
        ["开发面积·减半部分（㎡）", area(exact.devHalfArea)],
        ["开发面积·全额部分（㎡）", area(exact.devFullArea)],
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
    params: [{ name: "feeName", kind: "text", label: "收费名称", zh: "收费或基金名称，如 防空地下室易地建设费", en: "Name of the fee or fund, e.g. 防空地下室易地建设费" }],
    help: {
      ruleZh: "免收：防空地下室易地建设费、新型墙体材料专项基金、散装水泥专项资金、城市教育附加、地方教育附加、城镇公用事业附加。名称可带或不带 费/基金/资金 后缀，全角、空格不影响识别。",
      ruleEn: "Waived in full: 防空地下室易地建设费, 新型墙体材料专项基金, 散装水泥专项资金, 城市教育附加, 地方教育附加, 城镇公用事业附加. Matching ignores the 费/基金/资金 suffix, full-width characters and spaces.",
      source: "《西安市棚户区改造管理办法》第二十九条；实施方案 五(三)；domain §1.2",
      example: { formula: '=SHANTY.FEEWAIVED("防空地下室易地建设费")', result: "TRUE" },
    },
    impl: ([name]) => waivedFeeName(name) !== undefined,
  }),
  defineFunction({
    id: "WAIVEDTOTAL",
    family: "fees",
    zh: "减免总额：免收项目全额 + 入网费、增容费等按减免比例",
    en: "Total relieved: waived fees in full plus utility connection/capacity fees × utilityRelief",
    returns: { kind: "number", zh: "减免总额（元）", en: "Total relieved (元)", unit: "元" },
    params: [
      { name: "feeNames", kind: "column", label: "收费名称", zh: "收费名称区域（一列）", en: "Range of fee names (one column)" },
      { name: "amounts", kind: "column", label: "金额", unit: "元", zh: "对应金额区域（元），与名称逐行对应", en: "Range of amounts (元), row by row with the names" },
      { name: "utilityRelief", kind: "decimal", label: "入网增容减免比例", optional: true, default: 0, share: true, zh: "入网费、管网增容费的减免比例（0–1，默认 0）", en: "Relief share for utility connection and capacity fees (0–1, default 0)" },
    ],
    help: {
      ruleZh: "免收清单中的收费全额计入；供电、供水、供气、供热、通信、有线电视的入网费、管网增容费“适当减免”，按减免比例计入；其他收费不计入。",
      ruleEn: "Fees on the waived list count in full; utility connection and capacity fees (power, water, gas, heat, telecom, cable) are 'appropriately relieved' at the share given; other fees do not count.",
      source: "《西安市棚户区改造管理办法》第二十九条；domain §1.2",
      example: { formula: "=SHANTY.WAIVEDTOTAL(A2:A4,B2:B4,0.5)", result: "A2:A4 = 防空地下室易地建设费, 供水管网增容费, 工程保险费；B = 100000, 40000, 9000 → 120000" },
    },
    impl: ([names, amounts, utilityRelief]) => {
      const cols = [{ name: "feeNames", cells: names }, { name: "amounts", cells: amounts }];
      const rows = alignColumns(cols);
      if (isError(rows)) return rows;
      const lines: FeeLine[] = [];
      for (const r of rows) {
        const amount = columnDecimal(cols[1], r);
        if (isError(amount)) return amount;
        const name = names[r];
        if (name === null || name === 0) continue; // an amount without a name cannot be relieved
        lines.push({ name: String(name), amount });
      }
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
      { name: "totalArea", kind: "decimal", label: "总建筑面积", unit: "㎡", min: 0, zh: "项目总建筑面积（㎡）", en: "Total building area of the project (㎡)" },
      { name: "taxAmount", kind: "decimal", label: "应纳税额", unit: "元", min: 0, zh: "城镇土地使用税或印花税应纳税额（元）", en: "Land-use tax or stamp duty assessed (元)" },
    ],
    help: {
      ruleZh: "商品住房项目中配建安置住房的，按安置住房建筑面积占总建筑面积的比例免征城镇土地使用税、印花税：免征额 = 税额 × 安置面积 ÷ 总建筑面积。",
      ruleEn: "In commercial projects with resettlement housing, land-use tax and stamp duty are exempt in the share resettlement area ÷ total building area.",
      source: "财税〔2013〕101号；domain §1.3",
      example: { formula: "=SHANTY.TAXSHARE(3000,10000,200000)", result: "60000" },
    },
    impl: ([resettleArea, totalArea, taxAmount]) => {
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
      { name: "appreciation", kind: "decimal", label: "增值额", unit: "元", zh: "增值额（元），可为负", en: "Appreciation (元), may be negative" },
      { name: "deductions", kind: "decimal", label: "扣除项目金额", unit: "元", min: 0, zh: "扣除项目金额（元）", en: "Deductible items (元)" },
      { name: "threshold", kind: "decimal", label: "免征比例", optional: true, default: 0.2, share: true, zh: "免征界限比例（默认 0.2）", en: "Exemption threshold as a share of deductions (default 0.2)" },
    ],
    help: {
      ruleZh: "企事业单位、社会团体以及其他组织转让旧房作为改造安置住房房源且增值额未超过扣除项目金额 20% 的，免征土地增值税（“未超过”含等于）。",
      ruleEn: "Old housing sold as resettlement stock is exempt from land appreciation tax when the appreciation does not exceed 20% of the deductible items (equal counts as not exceeding).",
      source: "财税〔2013〕101号；domain §1.3",
      example: { formula: "=SHANTY.LATEXEMPT(200000,1000000)", result: "TRUE" },
    },
    impl: ([appreciation, deductions, threshold]) => latExempt(appreciation, deductions, threshold),
  }),
  defineFunction({
    id: "DEEDTAX",
    family: "fees",
    zh: "个人购买安置住房应缴契税（元），按安置住房政策与 2024 年家庭住房政策孰低",
    en: "Deed tax payable by a person buying resettlement housing (元): the lower of the resettlement rule and the 2024 household rule",
    returns: { kind: "number", zh: "应缴契税（元）", en: "Deed tax payable (元)", unit: "元" },
    params: [
      { name: "price", kind: "decimal", label: "成交价格", unit: "元", min: 0, zh: "购房成交价格（元）；产权调换填所补差价", en: "Purchase price (元); for a property swap, the difference paid" },
      { name: "area", kind: "decimal", label: "住房面积", unit: "㎡", min: 0, zh: "所购住房建筑面积（㎡）", en: "Floor area of the home bought (㎡)" },
      { name: "compensation", kind: "decimal", label: "征收补偿款", unit: "元", optional: true, default: 0, min: 0, zh: "用于购房的货币补偿款（元），只对超出部分征税（默认 0）", en: "Monetary compensation used for the purchase (元); only the excess is taxed (default 0)" },
      { name: "firstHome", kind: "boolean", label: "首套住房", optional: true, default: true, zh: "是否家庭唯一（首套）住房（默认 TRUE）", en: "First (only) home of the family (default TRUE)" },
      { name: "ordinary", kind: "boolean", label: "普通住房", optional: true, default: true, zh: "是否符合普通住房标准（默认 TRUE）", en: "Meets the ordinary-housing standard (default TRUE)" },
      { name: "statutoryRate", kind: "decimal", label: "法定税率", optional: true, default: 0.03, share: true, zh: "省定契税适用税率（默认 0.03）", en: "Statutory deed tax rate set by the province (default 0.03)" },
      { name: "areaLimit", kind: "decimal", label: "面积标准", unit: "㎡", optional: true, default: 90, min: 0, zh: "减按低税率的面积上限（㎡，含本数，默认 90）", en: "Area limit for the reduced rate (㎡, inclusive, default 90)" },
      { name: "reducedRate", kind: "decimal", label: "优惠税率", optional: true, default: 0.01, share: true, zh: "首套且面积在标准以下的优惠税率（默认 0.01）；家庭住房政策面积以内也用此税率", en: "Reduced rate for a first home within the area limit (default 0.01); also the household rule's rate within its limit" },
      { name: "householdRule", kind: "boolean", label: "适用家庭住房政策", optional: true, default: true, zh: "是否同时适用 2024年第16号公告的家庭住房政策并取较低者（默认 TRUE）；家庭第三套及以上住房填 FALSE", en: "Also apply the household rule of notice 2024 No. 16 and take the lower tax (default TRUE); FALSE for a third or later home" },
      { name: "onlyHome", kind: "boolean", label: "家庭唯一住房", optional: true, zh: "是否家庭唯一住房（省略时同“首套住房”）；FALSE 为家庭第二套住房", en: "The family's only home (left out: same as firstHome); FALSE means its second home" },
      { name: "householdAreaLimit", kind: "decimal", label: "家庭住房面积标准", unit: "㎡", optional: true, default: 140, min: 0, zh: "家庭住房政策的面积标准（㎡，含本数，默认 140）", en: "Area limit of the household rule (㎡, inclusive, default 140)" },
      { name: "largeOnlyRate", kind: "decimal", label: "唯一住房超面积税率", optional: true, default: 0.015, share: true, zh: "家庭唯一住房面积超过标准的税率（默认 0.015）", en: "Rate for an only home above the area limit (default 0.015)" },
      { name: "largeSecondRate", kind: "decimal", label: "第二套住房超面积税率", optional: true, default: 0.02, share: true, zh: "家庭第二套住房面积超过标准的税率（默认 0.02）", en: "Rate for a second home above the area limit (default 0.02)" },
    ],
    help: {
      ruleZh:
        "安置住房政策：首次购买且面积在 90㎡ 以下（含 90㎡）的按 1% 征收；其余符合普通住房标准的减半征收；否则按法定税率。以征收补偿款购房的，只对成交价超出补偿款的部分征税；产权调换不补差价的不征。" +
        "家庭住房政策（财政部 税务总局 住房城乡建设部公告2024年第16号，2024年12月1日起施行）：家庭唯一住房 140㎡ 及以下 1%、以上 1.5%；家庭第二套住房 140㎡ 及以下 1%、以上 2%。householdRule 为 TRUE（默认）时按两者中税额较低者计征，计税依据相同（成交价减补偿款）；家庭第三套及以上住房不适用家庭住房政策，请填 FALSE。" +
        "注意：后五个参数是后来追加的，原有 8 个参数的公式仍然有效，但按现行政策结果可能改变——例如 120㎡ 首套普通住房原为 1.5%，现为 1%。各税率和面积标准均可调整。",
      ruleEn:
        "Resettlement rule: first home of 90 ㎡ or less: 1%; other ordinary housing: half the statutory rate; otherwise the statutory rate. Bought with compensation for an expropriated home: only the price above the compensation is taxed; a swap with no difference paid is not taxed. " +
        "Household rule (notice 2024 No. 16 of MOF, STA and MOHURD, in force since 2024-12-01): the family's only home ≤ 140 ㎡ 1%, larger 1.5%; its second home ≤ 140 ㎡ 1%, larger 2%. With householdRule TRUE (default) the lower of the two taxes is due, on the same taxable base (price less compensation); a third or later home is outside the household rule: set householdRule FALSE. " +
        "Note: the last five arguments were appended later. Formulas stored with the first eight keep working, but their result may change where the law changed — e.g. a 120 ㎡ ordinary first home paid 1.5% and now pays 1%. Every rate and area limit is an argument.",
      source: "财税〔2012〕82号；财税〔2013〕101号；《契税法》(2021)；财政部 税务总局 住房城乡建设部公告2024年第16号；domain §1.3",
      example: { formula: "=SHANTY.DEEDTAX(1000000,120)", result: "10000", noteZh: "家庭唯一住房 120㎡ ≤ 140㎡ → 1%，低于减半征收的 1.5%（householdRule 为 FALSE 时 15000）" },
    },
    impl: ([price, area, compensation, firstHome, ordinary, statutoryRate, areaLimit, reducedRate, householdRule, onlyHome, householdAreaLimit, largeOnlyRate, largeSecondRate]) => {
      const { tax } = deedTax({
        price,
        area,
        compensation,
        firstHome,
        ordinary,
        statutoryRate,
        areaLimit,
        reducedRate,
        household: householdRule ? { onlyHome: onlyHome ?? firstHome, areaLimit: householdAreaLimit, rate: reducedRate, largeOnlyRate, largeSecondRate } : undefined,
      });
      // Beyond 9e13 元 a double no longer holds every fen: refuse rather than show a wrong last digit.
      if (tax.abs().greaterThanOrEqualTo(MAX_SHOWN_AMOUNT)) return fail("resultNotFinite", { detail: `${tax.toFixed(2)} ≥ 9e13` });
      return toOutput(tax);
    },
  }),
];
