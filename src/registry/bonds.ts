import { bondSchedule, coverage, showBondSchedule } from "../engine/bonds";
import { isError } from "../engine/errors";
import { toOutput } from "../engine/money";
import { defineFunction } from "./define";
import type { CellScalar, FunctionSpec } from "./types";

/** Longest term accepted: the balance table runs up to 30 yearly columns (domain §3). */
const MAX_TERM = 30;

/** SHANTY functions of the bonds family, declared once. */
export const BONDS_FUNCTIONS: readonly FunctionSpec[] = [
  defineFunction({
    id: "BONDSERVICE",
    family: "bonds",
    zh: "专项债券还本付息计划表（5 列：年度、期初本金、利息、还本、本息合计，含合计行，自动溢出）",
    en: "Special bond debt service schedule (spills 5 columns: year, opening principal, interest, principal repaid, debt service, with a total row)",
    returns: {
      kind: "matrix",
      zh: "表头 1 行 + 每年 1 行 + 合计 1 行，金额单位元",
      en: "A header row, one row per year and a total row; amounts in 元",
    },
    params: [
      {
        name: "principal",
        kind: "decimal",
        label: "债券本金",
        unit: "元",
        min: 0,
        zh: "发行本金（元）",
        en: "Principal issued (元)",
      },
      {
        name: "rate",
        kind: "decimal",
        label: "票面利率",
        share: true,
        zh: "年利率（如 3.5% 填 0.035）",
        en: "Annual interest rate as a share (3.5% is 0.035)",
      },
      {
        name: "term",
        kind: "integer",
        label: "期限",
        unit: "年",
        min: 1,
        max: MAX_TERM,
        zh: "期限（年，1–30 的整数）",
        en: "Term in years (a whole number 1–30)",
      },
      {
        name: "startYear",
        kind: "integer",
        label: "起始年度",
        optional: true,
        min: 1,
        max: 9999,
        zh: "第一个计息年度，如 2025；省略时年度按 1、2、3… 编号",
        en: "First year of the schedule, e.g. 2025; omitted → years are numbered 1, 2, 3, …",
      },
      {
        name: "principalShares",
        kind: "decimals",
        label: "还本比例",
        optional: true,
        share: true,
        zh: "分期还本时每年的还本比例区域（每年一个，合计为 1）；省略为到期一次还本",
        en: "Range of yearly principal shares for staged repayment (one per year, adding up to 1); omitted → bullet repayment",
      },
    ],
    spill: (probe) => {
      const term = probe.literal(2);
      const known =
        term !== undefined &&
        Number.isInteger(term) &&
        term >= 1 &&
        term <= MAX_TERM;
      return { rows: known ? term + 2 : MAX_TERM + 2, cols: 5 };
    },
    help: {
      ruleZh:
        "每年利息 = 期初未偿本金 × 年利率。未给还本比例时到期一次还本（最后一年还清本金），给出时分期还本：每年还本 = 本金 × 当年比例，比例个数须等于期限、合计须恰为 1。年度 = 起始年度 + 序号；省略起始年度时为 1…期限。金额四舍五入到分并作尾差调整：还本列合计恰为本金，各行本息合计 = 利息 + 还本。",
      ruleEn:
        "Interest each year = outstanding principal at the start of the year × rate. Without shares the principal is repaid in full in the last year (bullet); with shares each year repays principal × its share (one share per year, adding up to exactly 1). Years are startYear + i, or 1…term when startYear is omitted. Amounts are rounded to the fen with remainder adjustment: principal repaid adds up exactly to the principal, and each row's debt service is its interest plus principal.",
      source: "财预〔2018〕28号；domain §3",
      example: {
        formula: "=SHANTY.BONDSERVICE(10000,0.035,5,2025)",
        result:
          "7 行 × 5 列：2025–2029 每年利息 350，2029 年还本 10000；合计 利息 1750、还本 10000、本息 11750",
      },
    },
    impl: ([principal, rate, term, startYear, principalShares]) => {
      const rows = bondSchedule({
        principal,
        rate,
        term,
        startYear,
        shares: principalShares,
      });
      if (isError(rows)) return rows;
      const shown = showBondSchedule(rows);
      const table: CellScalar[][] = [
        ["年度", "期初本金", "利息", "还本", "本息合计"],
      ];
      for (const r of shown.rows) {
        table.push([
          r.year,
          toOutput(r.opening),
          toOutput(r.interest),
          toOutput(r.principalRepaid),
          toOutput(r.debtService),
        ]);
      }
      const t = shown.totals;
      table.push([
        "合计",
        "",
        toOutput(t.interest),
        toOutput(t.principalRepaid),
        toOutput(t.debtService),
      ]);
      return table;
    },
  }),
  defineFunction({
    id: "COVERAGE",
    family: "bonds",
    zh: "专项债券本息覆盖倍数 = 可用于偿债的项目收益合计 ÷ 还本付息合计（4 位小数）",
    en: "Bond coverage = Σ income available for debt service ÷ Σ debt service (4 decimals)",
    returns: {
      kind: "number",
      zh: "覆盖倍数（倍，4 位小数）",
      en: "Coverage ratio (times, 4 decimals)",
      unit: "倍",
    },
    params: [
      {
        name: "income",
        kind: "decimals",
        label: "偿债收益",
        unit: "元",
        zh: "债券期内可用于偿债的项目收益区域（元）",
        en: "Range of project income available for debt service over the bond term (元)",
      },
      {
        name: "debtService",
        kind: "decimals",
        label: "还本付息",
        unit: "元",
        min: 0,
        zh: "债券期内本金、利息及发行费用区域（元）",
        en: "Range of principal, interest and issuance costs over the bond term (元)",
      },
    ],
    help: {
      ruleZh:
        "本息覆盖倍数 = Σ 项目收益 ÷ Σ（本金 + 利息 + 发行费用），四舍五入保留 4 位小数；达到当地要求（常见 1.1、1.2 或 1.3 倍）即满足发行条件。还本付息合计为 0 时返回 #VALUE!（除数为零，消息说明原因）。",
      ruleEn:
        "Coverage = Σ project income ÷ Σ (principal + interest + issuance costs), rounded half-up to 4 decimals; the project qualifies when it reaches the local threshold (1.1, 1.2 or 1.3 occur). #VALUE! (division by zero, explained in the message) when the debt service adds up to 0.",
      source: "财预〔2018〕28号；domain §3",
      example: {
        formula: "=SHANTY.COVERAGE(A2:A6,B2:B6)",
        result: "收益合计 13200、还本付息合计 11000 → 1.2",
      },
    },
    impl: ([income, debtService]) => {
      const v = coverage(income, debtService);
      return isError(v) ? v : toOutput(v, 4);
    },
  }),
];
