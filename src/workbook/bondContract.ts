import type { ColumnSpec } from "./contract";

/*
 * The special-bond part of the workbook contract (domain §5, issue 13). Everything here is optional: a workbook
 * without these columns and without a 债券 table is read and planned exactly as before.
 *  - 债券 table (ShantyBonds or sheet 债券): one row per tranche (分年发行) of a bond-funded project.
 *  - project table: 开工年度, 建设期末年度 and the funding sources 资本金 / 市场化融资 / 财政补助 (万元) where known.
 *  - cash-flow table: 收入 may be split into 土地出让收入 / 专项收入 / 财政补助 and 支出 into 建设支出 / 运营支出
 *    (万元); a row that splits must add up to its 收入 / 支出. 支出 (and its split) include the bonds' interest and
 *    fees, as domain §3 counts financing cost as project cost; the 债券 table tells which part that is.
 */

export const BOND_COLUMNS = [
  {
    key: "projectId",
    header: "项目编号",
    en: "Project id",
    kind: "text",
    required: true,
    aliases: ["编号", "项目代码", "id", "projectid", "project id"],
  },
  {
    key: "issueYear",
    header: "发行年度",
    en: "Issue year",
    kind: "integer",
    required: true,
    min: 1900,
    max: 2200,
    dimension: "year",
    aliases: ["发行年份", "发行年", "issue year", "issueyear"],
  },
  {
    key: "amount",
    header: "发行额（万元）",
    en: "Amount issued (万元)",
    kind: "number",
    required: true,
    min: 0,
    dimension: "money",
    summable: true,
    aliases: ["发行额", "发行金额", "债券金额", "发行规模", "amount", "amount issued"],
  },
  {
    key: "rate",
    header: "利率",
    en: "Coupon rate",
    kind: "share",
    required: true,
    dimension: "share",
    aliases: ["票面利率", "发行利率", "年利率", "rate", "coupon", "coupon rate"],
  },
  {
    key: "term",
    header: "期限（年）",
    en: "Term (years)",
    kind: "integer",
    required: true,
    min: 1,
    max: 30,
    dimension: "years",
    aliases: ["期限", "债券期限", "发行期限", "term"],
  },
  {
    key: "capitalPart",
    header: "其中用于资本金（万元）",
    en: "Of which used as capital (万元)",
    kind: "number",
    min: 0,
    dimension: "money",
    summable: true,
    aliases: ["其中用于资本金", "用于资本金", "其中：用于资本金", "capital part", "used as capital"],
  },
] as const satisfies readonly ColumnSpec[];

/** Project-table columns of bond-funded projects (appended to PROJECT_COLUMNS). */
export const PROJECT_BOND_COLUMNS = [
  {
    key: "startYear",
    header: "开工年度",
    en: "Construction start year",
    kind: "integer",
    min: 1900,
    max: 2200,
    dimension: "year",
    aliases: ["开工年份", "开工时间", "start year", "construction start"],
  },
  {
    key: "constructionEndYear",
    header: "建设期末年度",
    en: "Construction end year",
    kind: "integer",
    min: 1900,
    max: 2200,
    dimension: "year",
    aliases: ["建设期末", "竣工年度", "建设期截止年度", "construction end year", "construction end"],
  },
  {
    key: "capital",
    header: "资本金（万元）",
    en: "Capital (万元)",
    kind: "number",
    min: 0,
    dimension: "money",
    summable: true,
    aliases: ["资本金", "项目资本金", "capital"],
  },
  {
    key: "marketFinancing",
    header: "市场化融资（万元）",
    en: "Market financing (万元)",
    kind: "number",
    min: 0,
    dimension: "money",
    summable: true,
    aliases: ["市场化融资", "项目单位市场化融资", "银行贷款", "market financing"],
  },
  {
    key: "budgetSubsidy",
    header: "财政补助（万元）",
    en: "Budget subsidy (万元)",
    kind: "number",
    min: 0,
    dimension: "money",
    summable: true,
    aliases: ["财政补助", "财政资金", "财政补助资金", "budget subsidy", "subsidy"],
  },
] as const satisfies readonly ColumnSpec[];

/** Cash-flow columns splitting 收入 and 支出 (appended to FLOW_COLUMNS). */
export const FLOW_SPLIT_COLUMNS = [
  {
    key: "landIncome",
    header: "土地出让收入（万元）",
    en: "Land sale income (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    aliases: ["土地出让收入", "土地收入", "land income", "land sale income"],
  },
  {
    key: "specialIncome",
    header: "专项收入（万元）",
    en: "Other project income (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    aliases: ["专项收入", "其他专项收入", "经营收入", "special income", "other income"],
  },
  {
    key: "subsidyIncome",
    header: "财政补助（万元）",
    en: "Budget subsidy (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    aliases: ["财政补助", "财政补助收入", "财政运营补贴收入", "subsidy", "subsidy income"],
  },
  {
    key: "constructionCost",
    header: "建设支出（万元）",
    en: "Construction cost (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    aliases: ["建设支出", "项目建设支出", "construction cost"],
  },
  {
    key: "operatingCost",
    header: "运营支出（万元）",
    en: "Operating cost (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    aliases: ["运营支出", "项目运营支出", "operating cost"],
  },
] as const satisfies readonly ColumnSpec[];

export type BondKey = (typeof BOND_COLUMNS)[number]["key"];

/** Input sheet/table of the tranches; output sheet of the 收支平衡表, checks and 敏感性分析. */
export const BOND_SHEET_NAME = "债券";
export const BOND_TABLE_NAME = "ShantyBonds";
export const BOND_BALANCE_SHEET_NAME = "收支平衡表";
