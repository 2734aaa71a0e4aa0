import { bondSchedule, coverage, showBondSchedule } from "../engine/bonds";
import { breakEven } from "../engine/bonds/breakeven";
import { MAX_SCHEDULE_YEARS, showTrancheSchedule, trancheSchedule } from "../engine/bonds/schedule";
import { isError } from "../engine/errors";
import { coverageFast } from "../engine/fast";
import { toOutput } from "../engine/money";
import { readTranches, SCHEDULE_HEADER, scheduleTable } from "./bondTranches";
import { defineFunction } from "./define";
import { argumentDefault } from "./policy";
import type { CellScalar, FunctionSpec, ParamSpec } from "./types";

/** Longest term accepted: the balance table runs up to 30 yearly columns (domain §3). */
const MAX_TERM = 30;

/** The two ranges of the coverage ratio, shared by COVERAGE and BREAKEVEN (which appends its threshold). */
const COVERAGE_PARAMS = [
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
] as const satisfies readonly ParamSpec[];

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
      const known = term !== undefined && Number.isInteger(term) && term >= 1 && term <= MAX_TERM;
      return { rows: known ? term + 2 : MAX_TERM + 2, cols: 5 };
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
      const table: CellScalar[][] = [["年度", "期初本金", "利息", "还本", "本息合计"]];
      for (const r of shown.rows) {
        table.push([r.year, toOutput(r.opening), toOutput(r.interest), toOutput(r.principalRepaid), toOutput(r.debtService)]);
      }
      const t = shown.totals;
      table.push(["合计", "", toOutput(t.interest), toOutput(t.principalRepaid), toOutput(t.debtService)]);
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
    params: COVERAGE_PARAMS,
    impl: ([income, debtService]) => {
      const v = coverage(income, debtService);
      // A ratio too large to carry its 4 decimals (≥ MAX_COVERAGE) is the engine's coverageOutOfRange.
      return isError(v) ? v : toOutput(v, 4);
    },
    fast: ({ income, debtService }) => coverageFast(income, debtService),
  }),
  defineFunction({
    id: "BONDSCHEDULE",
    family: "bonds",
    zh: "分年发行专项债券还本付息表（8 列：年度、发行额、期末余额、利息、其中建设期利息、还本、发行及兑付费用、还本付息合计，含合计行，自动溢出）",
    en: "Debt service of special bonds issued in tranches (spills 8 columns: year, issued, closing balance, interest, of which construction-period interest, principal, fees, debt service, with a total row)",
    returns: {
      kind: "matrix",
      zh: "表头 1 行 + 自首次发行至最后还本每年 1 行 + 合计 1 行，金额单位与发行额相同",
      en: "A header row, one row per year from the first issue to the last repayment, and a total row; amounts in the unit of the amounts given",
    },
    params: [
      {
        name: "issueYears",
        kind: "aligned",
        cell: "number",
        nonEmpty: true,
        label: "发行年度",
        zh: "各期债券的发行年度区域（一列，每期一行，如 2025）",
        en: "Range of the tranches' issue years (one column, one row per tranche, e.g. 2025)",
      },
      {
        name: "amounts",
        kind: "aligned",
        cell: "number",
        label: "发行额",
        unit: "元",
        zh: "各期发行额（元或万元，结果用同一单位），与发行年度逐行对应",
        en: "Each tranche's amount (元 or 万元; the result uses the same unit), row by row with the issue years",
      },
      {
        name: "rates",
        kind: "aligned",
        cell: "number",
        label: "票面利率",
        zh: "各期票面年利率（如 3% 填 0.03），逐行对应",
        en: "Each tranche's annual coupon rate (3% is 0.03), row by row",
      },
      {
        name: "terms",
        kind: "aligned",
        cell: "number",
        label: "期限",
        unit: "年",
        zh: "各期期限（年，1–30 的整数），逐行对应",
        en: "Each tranche's term in years (a whole number 1–30), row by row",
      },
      {
        name: "constructionEndYear",
        kind: "integer",
        label: "建设期末年度",
        optional: true,
        min: 1900,
        max: 9999,
        zh: "建设期最后一年，如 2026；该年及以前的利息计入建设期利息（省略时为 0）",
        en: "Last year of construction, e.g. 2026; interest of that year and earlier is construction-period interest (left out: 0)",
      },
      {
        name: "issueFeeRate",
        kind: "decimal",
        label: "发行费率",
        optional: true,
        default: argumentDefault("p_bondIssueFeeRate"),
        share: true,
        zh: "发行费率，按发行额在发行当年计（如 0.08% 填 0.0008，默认 0）",
        en: "Issuance fee rate on the amount, in the issue year (0.08% is 0.0008; default 0)",
      },
      {
        name: "registrationFeeRate",
        kind: "decimal",
        label: "登记托管费率",
        optional: true,
        default: argumentDefault("p_bondRegistrationFeeRate"),
        share: true,
        zh: "登记托管费率，按发行额在发行当年计（如 0.0064% 填 0.000064，默认 0）",
        en: "Registration fee rate on the amount, in the issue year (0.0064% is 0.000064; default 0)",
      },
      {
        name: "redemptionFeeRate",
        kind: "decimal",
        label: "兑付手续费率",
        optional: true,
        default: argumentDefault("p_bondRedemptionFeeRate"),
        share: true,
        zh: "还本付息兑付手续费率，按每年付息 + 还本计（如 0.005% 填 0.00005，默认 0）",
        en: "Redemption (paying-agent) fee rate on each year's interest + principal (0.005% is 0.00005; default 0)",
      },
    ],
    spill: () => ({ rows: MAX_SCHEDULE_YEARS + 2, cols: SCHEDULE_HEADER.length }),
    impl: ([issueYears, amounts, rates, terms, constructionEndYear, issueFeeRate, registrationFeeRate, redemptionFeeRate]) => {
      const tranches = readTranches(issueYears, amounts, rates, terms);
      if (isError(tranches)) return tranches;
      const rows = trancheSchedule(tranches, { constructionEndYear, issueFeeRate, registrationFeeRate, redemptionFeeRate });
      if (isError(rows)) return rows;
      return scheduleTable(showTrancheSchedule(rows));
    },
  }),
  defineFunction({
    id: "BREAKEVEN",
    family: "bonds",
    zh: "收入可下降的最大幅度：收入统一下降该比例后本息覆盖倍数仍不低于下限（4 位小数）",
    en: "The largest uniform income drop that still keeps the coverage at or above the threshold (a share, 4 decimals)",
    returns: {
      kind: "number",
      zh: "可下降比例（如 0.25 表示收入下降 25% 仍达标；负数表示已低于下限）",
      en: "Drop as a share (0.25: income may fall 25%; negative: already below the threshold)",
    },
    params: [
      ...COVERAGE_PARAMS,
      {
        name: "threshold",
        kind: "decimal",
        label: "覆盖倍数下限",
        optional: true,
        default: argumentDefault("p_coverageThreshold"),
        above: 0,
        max: 100,
        zh: "本息覆盖倍数下限（默认 1.2）",
        en: "Coverage threshold (default 1.2)",
      },
    ],
    impl: ([income, debtService, threshold]) => {
      const v = breakEven(income, debtService, threshold);
      return isError(v) ? v : toOutput(v, 4);
    },
  }),
];
