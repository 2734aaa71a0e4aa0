import type { FunctionHelp } from "./types";

/** Help text of the bonds family (专项债券): rules, policy sources and examples. Build-time only: never imported by the add-in bundles. */
export const BONDS_HELP: Readonly<Record<string, FunctionHelp>> = {
  BONDSERVICE: {
    ruleZh:
      "每年利息 = 期初未偿本金 × 年利率。未给还本比例时到期一次还本（最后一年还清本金），给出时分期还本：每年还本 = 本金 × 当年比例，比例个数须等于期限、合计须恰为 1。年度 = 起始年度 + 序号；省略起始年度时为 1…期限。金额四舍五入到分并作尾差调整：还本列合计恰为本金，各行本息合计 = 利息 + 还本。",
    ruleEn:
      "Interest each year = outstanding principal at the start of the year × rate. Without shares the principal is repaid in full in the last year (bullet); with shares each year repays principal × its share (one share per year, adding up to exactly 1). Years are startYear + i, or 1…term when startYear is omitted. Amounts are rounded to the fen with remainder adjustment: principal repaid adds up exactly to the principal, and each row's debt service is its interest plus principal.",
    sources: ["《试点发行地方政府棚户区改造专项债券管理办法》（财预〔2018〕28号）"],
    examples: [
      { formula: "=SHANTY.BONDSERVICE(10000,0.035,5,2025)" },
      {
        formula: "=SHANTY.BONDSERVICE(10000,0.04,3,2025,{0.3;0.3;0.4})",
        noteZh: "分年还本 30%、30%、40%：利息 10000×4%、7000×4%、4000×4%",
      },
    ],
    seeAlso: ["BALANCE", "BALANCELEVEL"],
  },
  COVERAGE: {
    ruleZh:
      "本息覆盖倍数 = Σ 项目收益 ÷ Σ（本金 + 利息 + 发行费用），四舍五入保留 4 位小数；达到当地要求（常见 1.1、1.2 或 1.3 倍）即满足发行条件。还本付息合计为 0 时返回 #VALUE!（除数为零，消息说明原因）；覆盖倍数的绝对值达到 9e11（9000 亿倍）或以上时也返回 #VALUE!（无法保留 4 位小数，多为单位填错）。",
    ruleEn:
      "Coverage = Σ project income ÷ Σ (principal + interest + issuance costs), rounded half-up to 4 decimals; the project qualifies when it reaches the local threshold (1.1, 1.2 or 1.3 occur). #VALUE! (division by zero, explained in the message) when the debt service adds up to 0, and #VALUE! when the ratio reaches 9e11 or more in magnitude (it could not keep 4 decimals; usually a unit error).",
    sources: ["《试点发行地方政府棚户区改造专项债券管理办法》（财预〔2018〕28号）"],
    examples: [
      {
        formula: "=SHANTY.COVERAGE({2000;2400;2800;3000;3000},{400;400;400;400;9400})",
        expected: "1.2",
        noteZh: "收益合计 2000+2400+2800+3000+3000 = 13200，还本付息合计 400×4 + 9400 = 11000，13200 ÷ 11000 = 1.2",
      },
      { formula: "=SHANTY.COVERAGE({500;500},{300;300})", expected: "1.6667", noteZh: "1000 ÷ 600 = 1.66666… 保留 4 位" },
    ],
    seeAlso: ["BALANCELEVEL"],
  },
  BONDSCHEDULE: {
    ruleZh:
      "每期债券按年付息、到期一次还本：发行年度为 y、期限为 n 的一期，在 y+1 … y+n 年每年付息 发行额 × 利率，在 y+n 年偿还本金。发行费和登记托管费在发行当年按发行额计；兑付手续费在每个付款年度按（利息 + 还本）计。还本付息合计 = 利息 + 还本 + 发行及兑付费用；建设期末年度及以前的利息为“其中建设期利息”（计入建设成本，0301），以后的利息计入运营支出（0402）。各列四舍五入到分并作尾差调整，各年之和等于合计行；每行还本付息合计等于该行各项之和；期末余额 = 累计发行 − 累计还本。各期利率、期限可以不同；首次发行至最后还本不超过 50 年。",
    ruleEn:
      "Each tranche pays interest yearly and repays at maturity: issued in year y for n years it pays amount × rate in each year y+1 … y+n and repays the amount in year y+n. Issuance and registration fees are charged on the amount in the issue year; the redemption fee on each year's interest + principal. Debt service = interest + principal + fees; interest of years up to constructionEndYear is construction-period interest (a construction cost, 0301), later interest an operating cost (0402). Columns are rounded to the fen with remainder adjustment so the years add up to the total row; each row's debt service is the sum of its parts; closing balance = issued so far − repaid so far. Tranches may have different rates and terms; at most 50 years from the first issue to the last repayment.",
    sources: ["《试点发行地方政府棚户区改造专项债券管理办法》（财预〔2018〕28号）", "国办发〔2024〕52号"],
    examples: [
      {
        formula: "=SHANTY.BONDSCHEDULE({2025},{100000000},{0.03},{10},2026,0.0008,0.000064,0.00005)",
        noteZh: "费用 = 1亿 × 0.0864% + 9 × 300万 × 0.005% + 10300万 × 0.005% = 86400 + 1350 + 5150；利息每年 1亿 × 3% = 3000000",
      },
      {
        formula: "=SHANTY.BONDSCHEDULE({2025;2026},{5000;5000},{0.03;0.025},{3;5})",
        noteZh:
          "两期：2025 年 5000 万元 3% 3 年、2026 年 5000 万元 2.5% 5 年；2027 年利息 5000×3% + 5000×2.5% = 275；合计利息 150×3 + 125×5 = 1075",
      },
    ],
    seeAlso: ["BONDSERVICE", "COVERAGE"],
  },
  BREAKEVEN: {
    ruleZh:
      "可下降比例 = 1 − 下限 × Σ还本付息 ÷ Σ收益，四舍五入保留 4 位小数：收入统一下降不超过该比例时，本息覆盖倍数仍 ≥ 下限。为负数表示项目已低于下限；没有还本付息时为 1；收益合计 ≤ 0 时报错。",
    ruleEn:
      "Drop = 1 − threshold × Σ debt service ÷ Σ income, rounded half-up to 4 decimals: income may fall uniformly by up to this share and the coverage stays ≥ the threshold. Negative when the project is already below it; 1 without debt service; an error when Σ income ≤ 0.",
    sources: ["《试点发行地方政府棚户区改造专项债券管理办法》（财预〔2018〕28号）"],
    examples: [
      { formula: "=SHANTY.BREAKEVEN({10000;6000},{8000},1.2)", expected: "0.4", noteZh: "1 − 1.2 × 8000 ÷ 16000" },
      {
        formula: "=SHANTY.BREAKEVEN({13200},{11000})",
        expected: "0",
        noteZh: "覆盖倍数正好 13200 ÷ 11000 = 1.2：1 − 1.2 × 11000 ÷ 13200 = 0，收入不能再下降",
      },
    ],
    seeAlso: ["COVERAGE", "BALANCELEVEL"],
  },
};
