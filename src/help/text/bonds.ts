import type { FunctionHelp } from "./types";

/** Help text of the bonds family (专项债券): rules, policy sources and examples. Build-time only: never imported by the add-in bundles. */
export const BONDS_HELP: Readonly<Record<string, FunctionHelp>> = {
  BONDSERVICE: {
    ruleZh: "每年利息 = 期初未偿本金 × 年利率。未给还本比例时到期一次还本（最后一年还清本金），给出时分期还本：每年还本 = 本金 × 当年比例，比例个数须等于期限、合计须恰为 1。年度 = 起始年度 + 序号；省略起始年度时为 1…期限。金额四舍五入到分并作尾差调整：还本列合计恰为本金，各行本息合计 = 利息 + 还本。",
    ruleEn: "Interest each year = outstanding principal at the start of the year × rate. Without shares the principal is repaid in full in the last year (bullet); with shares each year repays principal × its share (one share per year, adding up to exactly 1). Years are startYear + i, or 1…term when startYear is omitted. Amounts are rounded to the fen with remainder adjustment: principal repaid adds up exactly to the principal, and each row's debt service is its interest plus principal.",
    sources: ["《试点发行地方政府棚户区改造专项债券管理办法》（财预〔2018〕28号）"],
    examples: [
      { formula: "=SHANTY.BONDSERVICE(10000,0.035,5,2025)" },
      { formula: "=SHANTY.BONDSERVICE(10000,0.04,3,2025,{0.3;0.3;0.4})", noteZh: "分年还本 30%、30%、40%：利息 10000×4%、7000×4%、4000×4%" },
    ],
    seeAlso: ["BALANCE", "BALANCELEVEL"],
  },
  COVERAGE: {
    ruleZh: "本息覆盖倍数 = Σ 项目收益 ÷ Σ（本金 + 利息 + 发行费用），四舍五入保留 4 位小数；达到当地要求（常见 1.1、1.2 或 1.3 倍）即满足发行条件。还本付息合计为 0 时返回 #DIV/0!。",
    ruleEn: "Coverage = Σ project income ÷ Σ (principal + interest + issuance costs), rounded half-up to 4 decimals; the project qualifies when it reaches the local threshold (1.1, 1.2 or 1.3 occur). #DIV/0! when the debt service adds up to 0.",
    sources: ["《试点发行地方政府棚户区改造专项债券管理办法》（财预〔2018〕28号）"],
    examples: [
      { formula: "=SHANTY.COVERAGE({2000;2400;2800;3000;3000},{400;400;400;400;9400})", expected: "1.2", noteZh: "收益合计 2000+2400+2800+3000+3000 = 13200，还本付息合计 400×4 + 9400 = 11000，13200 ÷ 11000 = 1.2" },
      { formula: "=SHANTY.COVERAGE({500;500},{300;300})", expected: "1.6667", noteZh: "1000 ÷ 600 = 1.66666… 保留 4 位" },
    ],
    seeAlso: ["BALANCELEVEL"],
  },
};
