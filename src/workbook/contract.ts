import { POLICY_PARAMETERS } from "../registry/policy";
import { FLOW_SPLIT_COLUMNS, PROJECT_BOND_COLUMNS } from "./bondContract";

/*
 * The workbook contract: which tables a planning workbook holds and how their columns are recognised.
 * Headers are matched tolerantly — Chinese or English, full-width or half-width, with or without a unit in
 * brackets ("建筑面积（㎡）" = "建筑面积") — and a header the tool cannot place is reported by name.
 */

export type ColumnKind = "text" | "integer" | "number" | "share" | "boolean" | "year";

/**
 * What a numeric column measures, for units in its header and typed numbers in its cells (src/workbook/reader/
 * units.ts): area (engine unit ㎡), money (万元), share (a fraction, 1 = 100%), count (户), year (a calendar
 * year), years (a duration), moneyPerArea (元/㎡). Columns without a dimension take their numbers as they are.
 */
export type Dimension = "area" | "money" | "share" | "count" | "year" | "years" | "moneyPerArea";

export interface ColumnSpec<K extends string = string> {
  readonly key: K;
  /** Header written by the template (Chinese), with its unit. */
  readonly header: string;
  readonly en: string;
  readonly kind: ColumnKind;
  readonly required?: boolean;
  /** Other wordings accepted (Chinese and English). */
  readonly aliases: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly dimension?: Dimension;
  /** A total row (合计/小计) is checked against the sum of its projects in this column. */
  readonly summable?: boolean;
  /** For text columns with a fixed vocabulary: accepted words (normalised) → the value stored. */
  readonly choices?: Readonly<Record<string, string>>;
}

export const PROJECT_COLUMNS = [
  {
    key: "id",
    header: "项目编号",
    en: "Project id",
    kind: "text",
    required: true,
    aliases: ["编号", "项目代码", "id", "projectid", "project id", "项目id"],
  },
  {
    key: "name",
    header: "项目名称",
    en: "Project name",
    kind: "text",
    required: true,
    aliases: ["名称", "项目", "name", "project name", "project"],
  },
  {
    key: "town",
    header: "镇街",
    en: "Town/street",
    kind: "text",
    aliases: ["镇/街道", "街道", "镇", "镇街道", "所属镇街", "town", "street", "subdistrict"],
  },
  {
    key: "area",
    header: "片区",
    en: "Bundle area",
    kind: "text",
    aliases: ["片区名称", "所属片区", "区域", "area", "zone", "bundle", "bundle area"],
  },
  {
    key: "planYear",
    header: "计划年度",
    en: "Plan year",
    kind: "year",
    dimension: "year",
    required: true,
    min: 1900,
    max: 2200,
    aliases: ["年度", "实施年度", "计划年份", "改造年度", "year", "plan year", "planyear"],
  },
  {
    key: "households",
    header: "户数",
    en: "Households",
    kind: "integer",
    dimension: "count",
    summable: true,
    required: true,
    min: 0,
    aliases: ["改造户数", "户", "households", "household count"],
  },
  {
    key: "buildingArea",
    header: "建筑面积（㎡）",
    en: "Building area (㎡)",
    kind: "number",
    dimension: "area",
    summable: true,
    required: true,
    min: 0,
    aliases: ["建筑面积", "改造建筑面积", "改造面积", "building area", "floor area"],
  },
  {
    key: "resettleArea",
    header: "安置面积（㎡）",
    en: "Resettlement area (㎡)",
    kind: "number",
    dimension: "area",
    summable: true,
    min: 0,
    aliases: ["安置面积", "安置房面积", "安置建筑面积", "resettlement area", "resettle area"],
  },
  {
    key: "devArea",
    header: "开发面积（㎡）",
    en: "Development area (㎡)",
    kind: "number",
    dimension: "area",
    summable: true,
    min: 0,
    aliases: ["开发面积", "商品房面积", "开发建筑面积", "development area", "dev area"],
  },
  {
    key: "landArea",
    header: "用地面积（㎡）",
    en: "Land area (㎡)",
    kind: "number",
    dimension: "area",
    summable: true,
    min: 0,
    aliases: ["用地面积", "占地面积", "土地面积", "land area"],
  },
  {
    key: "maxFar",
    header: "容积率上限",
    en: "Max plot ratio",
    kind: "number",
    min: 0,
    aliases: ["最大容积率", "容积率", "规划容积率", "max far", "max plot ratio", "plot ratio"],
  },
  { key: "investor", header: "投资主体", en: "Investor", kind: "text", aliases: ["投资类型", "investor", "investor type"] },
  {
    key: "investment",
    header: "总投资（万元）",
    en: "Investment (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    min: 0,
    aliases: ["总投资", "投资", "计划投资", "investment", "total investment"],
  },
  { key: "houseType", header: "房屋类型", en: "House type", kind: "text", aliases: ["类型", "改造类型", "house type", "type"] },
  {
    key: "ageYears",
    header: "房龄（年）",
    en: "Age (years)",
    kind: "number",
    dimension: "years",
    min: 0,
    aliases: ["房龄", "建成年限", "使用年限", "age", "age years"],
  },
  {
    key: "rating",
    header: "鉴定等级",
    en: "Appraisal rating",
    kind: "text",
    aliases: ["危房等级", "安全鉴定等级", "rating", "appraisal rating"],
  },
  {
    key: "plannedEndYear",
    header: "计划完成年度",
    en: "Planned end year",
    kind: "year",
    dimension: "year",
    min: 1900,
    max: 2200,
    aliases: ["完成年度", "平衡期末", "计划结束年度", "平衡期限", "planned end year", "end year"],
  },
  {
    key: "netIncomePerSqm",
    header: "开发净收益（元/㎡）",
    en: "Net income per ㎡ of development (元/㎡)",
    kind: "number",
    dimension: "moneyPerArea",
    aliases: ["开发净收益", "每平米净收益", "net income per sqm"],
  },
  { key: "onlyHome", header: "唯一住房", en: "Only home", kind: "boolean", aliases: ["居民唯一住房", "only home"] },
  {
    key: "signRate",
    header: "签约率",
    en: "Signing rate",
    kind: "share",
    dimension: "share",
    aliases: ["签约比例", "sign rate", "signing rate"],
  },
  {
    key: "handoverRate",
    header: "交房率",
    en: "Handover rate",
    kind: "share",
    dimension: "share",
    aliases: ["腾房率", "交房比例", "handover rate"],
  },
  { key: "safety", header: "安全隐患评分", en: "Safety hazard score", kind: "number", min: 0, aliases: ["安全隐患", "安全", "safety"] },
  { key: "living", header: "居住条件评分", en: "Living conditions score", kind: "number", min: 0, aliases: ["居住条件", "living"] },
  {
    key: "environment",
    header: "周边环境评分",
    en: "Surroundings score",
    kind: "number",
    min: 0,
    aliases: ["周边环境", "环境", "environment"],
  },
  // Special bonds (issue 13, src/workbook/bondContract.ts): optional.
  ...PROJECT_BOND_COLUMNS,
] as const satisfies readonly ColumnSpec[];

/**
 * Optional review columns of the project table (issue 18: 核准状态 申报/核准/退回 and 核准意见). They are read
 * when present; the template does not write them.
 */
export const APPROVAL_COLUMNS = [
  {
    key: "approvalStatus",
    header: "核准状态",
    en: "Approval status",
    kind: "text",
    aliases: ["审核状态", "审批状态", "状态", "approval status", "status"],
    choices: {
      申报: "申报",
      已申报: "申报",
      待审: "申报",
      submitted: "申报",
      核准: "核准",
      已核准: "核准",
      通过: "核准",
      approved: "核准",
      退回: "退回",
      已退回: "退回",
      驳回: "退回",
      returned: "退回",
    },
  },
  {
    key: "approvalComment",
    header: "核准意见",
    en: "Approval comment",
    kind: "text",
    aliases: ["审核意见", "审批意见", "approval comment", "comment"],
  },
] as const satisfies readonly ColumnSpec[];

/** Every column the reader looks for in the project table. */
export const PROJECT_READ_COLUMNS = [...PROJECT_COLUMNS, ...APPROVAL_COLUMNS] as const;

export const FLOW_COLUMNS = [
  {
    key: "projectId",
    header: "项目编号",
    en: "Project id",
    kind: "text",
    required: true,
    aliases: ["编号", "项目代码", "id", "projectid", "project id"],
  },
  {
    key: "year",
    header: "年度",
    en: "Year",
    kind: "year",
    dimension: "year",
    required: true,
    min: 1900,
    max: 2200,
    aliases: ["年份", "year"],
  },
  {
    key: "income",
    header: "收入（万元）",
    en: "Income (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    required: true,
    aliases: ["收入", "资金收入", "income"],
  },
  {
    key: "cost",
    header: "支出（万元）",
    en: "Cost (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    required: true,
    aliases: ["支出", "成本", "资金支出", "cost", "expenditure"],
  },
  {
    key: "bondService",
    header: "债券还本付息（万元）",
    en: "Bond debt service (万元)",
    kind: "number",
    dimension: "money",
    summable: true,
    min: 0,
    aliases: ["债券还本付息", "还本付息", "专项债还本付息", "debt service", "bond service"],
  },
  // Income/cost split of bond-funded projects (issue 13, src/workbook/bondContract.ts): optional.
  ...FLOW_SPLIT_COLUMNS,
] as const satisfies readonly ColumnSpec[];

export type ProjectKey = (typeof PROJECT_READ_COLUMNS)[number]["key"];
export type FlowKey = (typeof FLOW_COLUMNS)[number]["key"];

/** Sheet/table names the template uses and the reader looks for first. */
export const SHEET_NAMES = { projects: "项目库", flows: "现金流", params: "参数", plan: "年度计划", balance: "资金平衡报告" } as const;
export const TABLE_NAMES = { projects: "ShantyProjects", flows: "ShantyCashFlows" } as const;

/** Headers a clerk's list often has that carry nothing to read: ignored without a warning. */
export const IGNORED_HEADERS = [
  "序号",
  "编号序号",
  "no",
  "no.",
  "备注",
  "说明",
  "remarks",
  "note",
  "notes",
  "来源文件",
  "来源位置",
] as const;

/**
 * Policy parameters read from the 参数 sheet's named cells; each falls back to its default when absent. The one
 * table of names, labels, units, defaults and ranges is `src/registry/policy.ts`; this is its view for the sheet.
 */
/** The parameters of the 参数 sheet: every policy parameter a formula or a generated sheet can use (onSheet not false). */
export const PARAMETERS = POLICY_PARAMETERS.filter((p) => !("onSheet" in p && p.onSheet === false)).map((p) => ({ ...p, label: p.zh }));

export type ParameterName = (typeof PARAMETERS)[number]["name"];
export type Parameters = Record<ParameterName, number>;

export function defaultParameters(): Parameters {
  return Object.fromEntries(PARAMETERS.map((p) => [p.name, p.default])) as Parameters;
}
