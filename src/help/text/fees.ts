import type { FunctionHelp } from "./types";

/** Help text of the fees family (配套费与税费减免): rules, policy sources and examples. Build-time only: never imported by the add-in bundles. */
export const FEES_HELP: Readonly<Record<string, FunctionHelp>> = {
  FEEEXEMPT: {
    ruleZh:
      "安置面积的基础部分全额免收；政府主导项目的开发面积全额缴纳；民间资本项目开发面积在安置面积 1.5 倍以内的部分全额免收，超出部分减半收取。代收资金和地铁专项配套费不予减免。 减免额 E = 安置面积×r + [民间资本] (min(开发, k×安置)×r + max(0, 开发−k×安置)×r/2)。",
    ruleEn:
      "The base fee on resettlement area is fully exempt. Government-led projects pay the full base rate on development area; private-capital projects are exempt on development area up to 1.5 × the resettlement area and pay half the base rate beyond it. Collected-on-behalf funds and the metro fee are never relieved. E = Ar·r + [private] (min(Ad, k·Ar)·r + max(0, Ad − k·Ar)·r/2).",
    sources: ["《西安市棚户区改造管理办法》第二十九条"],
    examples: [
      { formula: '=SHANTY.FEEEXEMPT(10000,20000,150,"民间资本")', expected: "4125000", noteZh: "10000×150 + 15000×150 + 5000×75" },
      {
        formula: "=SHANTY.FEEEXEMPT(10000,20000,150)",
        expected: "1500000",
        noteZh: "政府主导：只免安置面积 10000×150",
        noteEn: "government-led: only the resettlement area, 10000×150",
      },
    ],
  },
  FEEDUE: {
    ruleZh:
      "安置面积的基础部分全额免收；政府主导项目的开发面积全额缴纳；民间资本项目开发面积在安置面积 1.5 倍以内的部分全额免收，超出部分减半收取。代收资金和地铁专项配套费不予减免。 应缴 = (安置+开发)×r − E + (安置+开发)×(代收费率+地铁费率)；减免额 + 应缴额 = 总额。",
    ruleEn:
      "The base fee on resettlement area is fully exempt. Government-led projects pay the full base rate on development area; private-capital projects are exempt on development area up to 1.5 × the resettlement area and pay half the base rate beyond it. Collected-on-behalf funds and the metro fee are never relieved. Due = (Ar+Ad)·r − E + (Ar+Ad)·(rc+rm); exempt + due = gross.",
    sources: ["《西安市棚户区改造管理办法》第二十九条"],
    examples: [
      { formula: '=SHANTY.FEEDUE(10000,20000,150,"民间资本",1.5,20,30)', expected: "1875000", noteZh: "30000×150 − 4125000 + 30000×50" },
      { formula: "=SHANTY.FEEDUE(10000,20000,150)", expected: "3000000", noteZh: "30000×150 − 1500000" },
    ],
  },
  FEETABLE: {
    ruleZh:
      "安置面积的基础部分全额免收；政府主导项目的开发面积全额缴纳；民间资本项目开发面积在安置面积 1.5 倍以内的部分全额免收，超出部分减半收取。代收资金和地铁专项配套费不予减免。 表中各项四舍五入到分，应缴各分项之和等于应缴合计，减免额与应缴合计之和等于总额。",
    ruleEn:
      "The base fee on resettlement area is fully exempt. Government-led projects pay the full base rate on development area; private-capital projects are exempt on development area up to 1.5 × the resettlement area and pay half the base rate beyond it. Collected-on-behalf funds and the metro fee are never relieved. Figures are rounded to the fen; the due parts add up to the total due, and exempt + total due = gross.",
    sources: ["《西安市棚户区改造管理办法》第二十九条"],
    examples: [
      { formula: '=SHANTY.FEETABLE(10000,20000,150,"民间资本",1.5,20,30)' },
      { formula: '=SHANTY.FEETABLE(10000,10000,150,"民间资本")', noteZh: "开发面积 10000 ≤ 1.5×10000，全部免收：减免 20000×150 = 3000000" },
    ],
  },
  FEEWAIVED: {
    ruleZh:
      "免收：防空地下室易地建设费、新型墙体材料专项基金、散装水泥专项资金、城市教育附加、地方教育附加、城镇公用事业附加。名称可带或不带 费/基金/资金 后缀，全角、空格不影响识别。",
    ruleEn:
      "Waived in full: 防空地下室易地建设费, 新型墙体材料专项基金, 散装水泥专项资金, 城市教育附加, 地方教育附加, 城镇公用事业附加. Matching ignores the 费/基金/资金 suffix, full-width characters and spaces.",
    sources: ["《西安市棚户区改造管理办法》第二十九条", "《XX区进一步推进棚户区改造工作实施方案》五(三)"],
    examples: [
      { formula: '=SHANTY.FEEWAIVED("防空地下室易地建设费")', expected: "TRUE" },
      {
        formula: '=SHANTY.FEEWAIVED("城市基础设施配套费")',
        expected: "FALSE",
        noteZh: "配套费按面积部分减免，不属于全额免收项目（用 SHANTY.FEEEXEMPT 计算）",
        noteEn: "relieved by area, not waived in full (see SHANTY.FEEEXEMPT)",
      },
    ],
  },
  WAIVEDTOTAL: {
    ruleZh:
      "免收清单中的收费全额计入；供电、供水、供气、供热、通信、有线电视的入网费、管网增容费“适当减免”，按减免比例计入；其他收费不计入。",
    ruleEn:
      "Fees on the waived list count in full; utility connection and capacity fees (power, water, gas, heat, telecom, cable) are 'appropriately relieved' at the share given; other fees do not count.",
    sources: ["《西安市棚户区改造管理办法》第二十九条"],
    examples: [
      {
        formula: '=SHANTY.WAIVEDTOTAL({"防空地下室易地建设费";"供水管网增容费";"工程保险费"},{100000;40000;9000},0.5)',
        expected: "120000",
        noteZh: "防空地下室易地建设费全额免收 100000 + 供水管网增容费 40000 × 0.5；工程保险费不在减免范围",
        noteEn: "civil-defence fee waived in full 100000 + water-network fee 40000 × 0.5; insurance is not relieved",
      },
      {
        formula: '=SHANTY.WAIVEDTOTAL({"防空地下室易地建设费";"供水管网增容费";"工程保险费"},{100000;40000;9000})',
        expected: "100000",
        noteZh: "省略减免比例时按 0：只计全额免收的 100000",
      },
    ],
  },
  TAXSHARE: {
    ruleZh:
      "商品住房项目中配建安置住房的，按安置住房建筑面积占总建筑面积的比例免征城镇土地使用税、印花税：免征额 = 税额 × 安置面积 ÷ 总建筑面积。",
    ruleEn:
      "In commercial projects with resettlement housing, land-use tax and stamp duty are exempt in the share resettlement area ÷ total building area.",
    sources: ["《财政部 国家税务总局关于棚户区改造有关税收政策的通知》（财税〔2013〕101号）"],
    examples: [
      { formula: "=SHANTY.TAXSHARE(3000,10000,200000)", expected: "60000" },
      { formula: "=SHANTY.TAXSHARE(10000,10000,50000)", expected: "50000", noteZh: "全部为安置房：50000 × 10000 ÷ 10000" },
    ],
  },
  LATEXEMPT: {
    ruleZh:
      "企事业单位、社会团体以及其他组织转让旧房作为改造安置住房房源且增值额未超过扣除项目金额 20% 的，免征土地增值税（“未超过”含等于）。",
    ruleEn:
      "Old housing sold as resettlement stock is exempt from land appreciation tax when the appreciation does not exceed 20% of the deductible items (equal counts as not exceeding).",
    sources: ["《财政部 国家税务总局关于棚户区改造有关税收政策的通知》（财税〔2013〕101号）"],
    examples: [
      { formula: "=SHANTY.LATEXEMPT(200000,1000000)", expected: "TRUE" },
      { formula: "=SHANTY.LATEXEMPT(250000,1000000)", expected: "FALSE", noteZh: "250000 ÷ 1000000 = 25% > 20%" },
    ],
  },
  DEEDTAX: {
    ruleZh:
      "安置住房政策：首次购买且面积在 90㎡ 以下（含 90㎡）的按 1% 征收；其余符合普通住房标准的减半征收；否则按法定税率。以征收补偿款购房的，只对成交价超出补偿款的部分征税；产权调换不补差价的不征。家庭住房政策（财政部 税务总局 住房城乡建设部公告2024年第16号，2024年12月1日起施行）：家庭唯一住房 140㎡ 及以下 1%、以上 1.5%；家庭第二套住房 140㎡ 及以下 1%、以上 2%。householdRule 为 TRUE（默认）时按两者中税额较低者计征，计税依据相同（成交价减补偿款）；家庭第三套及以上住房不适用家庭住房政策，请填 FALSE。注意：后五个参数是后来追加的，原有 8 个参数的公式仍然有效，但按现行政策结果可能改变——例如 120㎡ 首套普通住房原为 1.5%，现为 1%。各税率和面积标准均可调整。",
    ruleEn:
      "Resettlement rule: first home of 90 ㎡ or less: 1%; other ordinary housing: half the statutory rate; otherwise the statutory rate. Bought with compensation for an expropriated home: only the price above the compensation is taxed; a swap with no difference paid is not taxed. Household rule (notice 2024 No. 16 of MOF, STA and MOHURD, in force since 2024-12-01): the family's only home ≤ 140 ㎡ 1%, larger 1.5%; its second home ≤ 140 ㎡ 1%, larger 2%. With householdRule TRUE (default) the lower of the two taxes is due, on the same taxable base (price less compensation); a third or later home is outside the household rule: set householdRule FALSE. Note: the last five arguments were appended later. Formulas stored with the first eight keep working, but their result may change where the law changed — e.g. a 120 ㎡ ordinary first home paid 1.5% and now pays 1%. Every rate and area limit is an argument.",
    sources: [
      "财税〔2012〕82号",
      "《财政部 国家税务总局关于棚户区改造有关税收政策的通知》（财税〔2013〕101号）",
      "《中华人民共和国契税法》（2021 年施行）",
      "财政部 税务总局 住房城乡建设部公告2024年第16号",
    ],
    examples: [
      { formula: "=SHANTY.DEEDTAX(900000,90,600000)", expected: "3000", noteZh: "(900000 − 600000) × 1%" },
      {
        formula: "=SHANTY.DEEDTAX(1000000,120)",
        expected: "10000",
        noteZh: "家庭唯一住房 120㎡ ≤ 140㎡ → 1%，低于减半征收的 1.5%（householdRule 为 FALSE 时 15000）",
      },
      { formula: "=SHANTY.DEEDTAX(800000,80)", expected: "8000", noteZh: "首套且 80㎡ ≤ 90㎡：800000 × 1%" },
    ],
  },
};
