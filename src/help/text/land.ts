import type { FunctionHelp } from "./types";

/** Help text of the land family (土地出让收入): rules, policy sources and examples. Build-time only: never imported by the add-in bundles. */
export const LAND_HELP: Readonly<Record<string, FunctionHelp>> = {
  LANDNET: {
    ruleZh:
      "土地出让收益 G = max(0, 收入 − 成本性支出)；教育资金 = G×教育比例；农田水利建设资金 = G×农田水利比例；净收益 N = G − 教育资金 − 农田水利资金；保障性安居工程资金 = N×比例；国有土地收益基金 = 收入×比例。可用收益 = 收入 − 各项计提之和（成本性支出已作为项目成本计入平衡，这里不再扣减）。农业土地开发资金不按收入比例计提，请计入成本性支出。",
    ruleEn:
      "G = max(0, gross − cost items); education = G × eduRate; irrigation = G × irrigationRate; N = G − education − irrigation; affordable housing = N × housingRate; state land income fund = gross × fundRate. Usable = gross − Σ provisions (the cost items are project cost in the balance, so they are not subtracted again). The agricultural land development fund is not a share of income: enter it among the cost items.",
    sources: ["《XX区进一步推进棚户区改造工作实施方案》五(一)", "财综〔2011〕62号", "财综〔2011〕48号"],
    examples: [
      { formula: "=SHANTY.LANDNET(100000000,40000000)", expected: "88000000", noteZh: "G = 60000000；计提 6000000 + 6000000" },
      {
        formula: "=SHANTY.LANDNET(50000000,30000000,0.1,0.1,0.05,0.02)",
        expected: "44200000",
        noteZh:
          "G = 50000000 − 30000000 = 20000000；教育 2000000、农田水利 2000000、基金 50000000×2% = 1000000、保障房 (20000000 − 4000000)×5% = 800000；50000000 − 5800000",
      },
    ],
    seeAlso: ["BALANCE", "BALANCELEVEL", "FAREXTRA"],
  },
};
