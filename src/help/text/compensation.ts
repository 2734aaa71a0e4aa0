import type { FunctionHelp } from "./types";

/** Help text of the compensation family (征收补偿): rules, policy sources and examples. Build-time only: never imported by the add-in bundles. */
export const COMPENSATION_HELP: Readonly<Record<string, FunctionHelp>> = {
  COMPENSATION: {
    ruleZh:
      "货币补偿 = 房屋价值（面积×评估单价）+ 搬迁费（面积×搬迁费标准×搬迁次数，货币补偿 1 次、产权调换 2 次）+ 临时安置费（面积×标准×月数）+ 奖励补助（面积×标准）+ 一次性奖励。 合计四舍五入到分，与 COMPTABLE 的合计行相同。",
    ruleEn:
      "Monetary compensation = house value (area × appraised price) + relocation fee (area × rate × moves: 1 for cash, 2 for a swap) + temporary resettlement (area × rate × months) + incentives (area × rate) + lump sum. The total is rounded half-up to the fen and equals the total row of COMPTABLE.",
    sources: ["《国有土地上房屋征收与补偿条例》（2011）第十七、二十二条", "《XX区进一步推进棚户区改造工作实施方案》四(三)"],
    examples: [
      {
        formula: "=SHANTY.COMPENSATION(100,10000,20,15,24,2,300,20000)",
        expected: "1090000",
        noteZh: "100×10000 + 100×20×2 + 100×15×24 + 100×300 + 20000 = 1000000 + 4000 + 36000 + 30000 + 20000",
      },
      { formula: "=SHANTY.COMPENSATION(80,8000)", expected: "640000", noteZh: "只有房屋价值 80×8000" },
    ],
  },
  COMPTABLE: {
    ruleZh:
      "货币补偿 = 房屋价值（面积×评估单价）+ 搬迁费（面积×搬迁费标准×搬迁次数，货币补偿 1 次、产权调换 2 次）+ 临时安置费（面积×标准×月数）+ 奖励补助（面积×标准）+ 一次性奖励。 各项四舍五入到分并作尾差调整，各项之和恰好等于合计，合计与 COMPENSATION 相同。",
    ruleEn:
      "Monetary compensation = house value (area × appraised price) + relocation fee (area × rate × moves: 1 for cash, 2 for a swap) + temporary resettlement (area × rate × months) + incentives (area × rate) + lump sum. Each part is rounded to the fen with remainder adjustment so the parts add up exactly to the total, which equals COMPENSATION.",
    sources: ["《国有土地上房屋征收与补偿条例》（2011）第十七、二十二条", "《XX区进一步推进棚户区改造工作实施方案》四(三)"],
    examples: [
      { formula: "=SHANTY.COMPTABLE(100,10000,20,15,24,2,300,20000)" },
      { formula: "=SHANTY.COMPTABLE(80,8000,20,15,12)", noteZh: "80×8000；80×20×1；80×15×12" },
    ],
  },
  SWAPDIFF: {
    ruleZh:
      "原面积以内不计差价；超出部分按档计价：第 1 档为超出面积的 0 至第 1 个上限，第 2 档至第 2 个上限……超出最后上限的部分按最后一个价格。新房小于原面积的，不足面积按退还单价退还（结果为负）。上限须大于 0 且严格递增，价格须比上限多一个。区域中的空单元格忽略，区域末尾的 0（桌面版 Excel 的空单元格）也忽略。",
    ruleEn:
      "No difference up to the old area; extra area is charged by tier: tier 1 from 0 to the first cap of extra area, tier 2 up to the second cap, …, the last price beyond the last cap. A smaller new home refunds the shortfall at the refund price (a negative result). Caps must be > 0 and strictly ascending; there must be one more price than caps. Blank cells are skipped, and zeros at the end of a range (desktop Excel's empty cells) ignored.",
    sources: ["《国有土地上房屋征收与补偿条例》（2011）第二十一、二十五条", "地方产权调换差价结算办法"],
    examples: [
      { formula: "=SHANTY.SWAPDIFF(60,75,{10},{3000,8000})", expected: "70000", noteZh: "超出 15㎡：10×3000 + 5×8000" },
      { formula: "=SHANTY.SWAPDIFF(80,70,{10},{3000,8000},2500)", expected: "-25000", noteZh: "新房小 10㎡：退还 10×2500" },
    ],
  },
  BIZLOSS: {
    ruleZh: "因征收非住宅房屋造成停产停业损失的，按房屋价值的一定比例补偿，比例由各地规定。",
    ruleEn:
      "Business-stoppage loss from expropriating a non-residential house is compensated as a share of the house value set by local rules.",
    sources: ["《国有土地上房屋征收与补偿条例》（2011）第二十三条"],
    examples: [
      { formula: "=SHANTY.BIZLOSS(2000000,0.05)", expected: "100000" },
      { formula: "=SHANTY.BIZLOSS(1500000,0.08)", expected: "120000", noteZh: "1500000 × 8%" },
    ],
  },
  VILLAGERS: {
    ruleZh:
      "计入：农业户口（农业、农村户口等）人员，以及户口迁出的在校学生、服役士兵（现役军人、义务兵等）、服刑人员（在押人员等）；不计入：其他非农户籍人员（非农业户口、城镇户口等）。空单元格跳过；全角、空格、繁体字不影响识别；退役、刑满释放、毕业、家属等不按特殊身份计；无法识别的文字报错并指出单元格位置。",
    ruleEn:
      "Counted: persons with agricultural hukou, plus students, serving soldiers and prisoners whose hukou moved out; not counted: other non-agricultural residents. Blank cells are skipped; full-width characters, spaces and traditional characters are tolerated; retired, released, graduated or family members do not count as the special groups; text not understood is an error naming its cell.",
    sources: ["《西安市棚户区改造管理办法》第九条"],
    examples: [
      {
        formula: '=SHANTY.VILLAGERS({"农业户口";"非农业户口";"在校学生";"现役军人";"服刑人员"})',
        expected: "4",
        noteZh: "农业户口、在校学生、现役军人、服刑人员各计 1 人；非农业户口不计",
      },
      { formula: '=SHANTY.VILLAGERS({"农业户口";"农业户口";"非农业户口"})', expected: "2" },
    ],
  },
};
