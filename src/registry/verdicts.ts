import type { PoolLevel, PoolOutcome, Verdict } from "../engine/balance";
import type { Catalogue, Lang } from "../engine/catalogue";
import { fillTemplate as fill } from "../engine/messages/fill";
import { WAN_PLACES, roundHalfUp } from "../engine/money";

/*
 * The balance verdicts' words, once. The engine returns kinds (Verdict / PoolOutcome: self, pooled at a level,
 * extended, unbalanced); every cell, report and pane text that names a verdict is worded here.
 */

/** The verdict kinds in the domain's order (narrowest pool first). */
export const VERDICT_KINDS = ["self", "area", "town", "district", "extended", "unbalanced"] as const;
export type VerdictKind = (typeof VERDICT_KINDS)[number];

/** Names of the verdicts (summaries, the report's 结论 column, BALANCETABLE's 平衡层级). */
export const VERDICT_WORDS: Catalogue<VerdictKind> = {
  self: { zh: "项目自平衡", en: "Self-balancing" },
  area: { zh: "片区平衡", en: "Balanced in area" },
  town: { zh: "镇街平衡", en: "Balanced in town" },
  district: { zh: "全区平衡", en: "Balanced district-wide" },
  extended: { zh: "延长平衡期限", en: "Longer balance period" },
  unbalanced: { zh: "不能平衡", en: "Cannot balance" },
};

/** The pooling levels as regions are called. */
export const LEVEL_WORDS: Catalogue<PoolLevel> = {
  area: { zh: "片区", en: "area" },
  town: { zh: "镇街", en: "town" },
  district: { zh: "全区", en: "district" },
};

/** Cell texts of BALANCELEVEL and BALANCEPARTNERS (functions.md wording). */
export const VERDICT_CELL_TEXT: Catalogue<"pooled" | "extended" | "unbalanced" | "noPartnersSelf" | "noPartnersUnbalanced"> = {
  pooled: { zh: "{verdict}（{region}）", en: "{verdict} ({region})" },
  extended: {
    zh: "延长平衡期限 {extension} 年（{year} 年实现平衡）",
    en: "Extend the balance period by {extension} years (balanced in {year})",
  },
  unbalanced: { zh: "不能平衡，缺口 {gap} 万元", en: "Cannot balance, gap {gap} 万元" },
  noPartnersSelf: { zh: "无需统筹（项目自平衡）", en: "No pooling needed (self-balancing)" },
  noPartnersUnbalanced: { zh: "无（扩大到全区仍不能平衡）", en: "None (not balanced even district-wide)" },
};

export function verdictKind(v: Verdict | PoolOutcome): VerdictKind {
  return v.kind === "pooled" ? v.level : v.kind;
}

/** The kind whose Chinese name is `zh` (counts keyed by name), or undefined. */
export function verdictKindNamed(zh: string): VerdictKind | undefined {
  return VERDICT_KINDS.find((k) => VERDICT_WORDS[k].zh === zh);
}

/** BALANCELEVEL's text: 项目自平衡 / 片区平衡（东关） / 全区平衡 / 延长平衡期限 N 年（Y 年实现平衡） / 不能平衡，缺口 N 万元. */
export function verdictText(v: Verdict | PoolOutcome, lang: Lang = "zh"): string {
  const name = VERDICT_WORDS[verdictKind(v)][lang];
  switch (v.kind) {
    case "self":
      return name;
    case "pooled":
      return v.level === "district" ? name : fill(VERDICT_CELL_TEXT.pooled[lang], { verdict: name, region: v.region });
    case "extended":
      return fill(VERDICT_CELL_TEXT.extended[lang], { extension: v.extension, year: String(v.balanceYear) });
    case "unbalanced":
      return fill(VERDICT_CELL_TEXT.unbalanced[lang], { gap: roundHalfUp(v.gap, WAN_PLACES).toFixed(WAN_PLACES) });
  }
}

/** What BALANCEPARTNERS shows instead of partner ids: none needed (self), none that would suffice (unbalanced). */
export function noPartnersText(kind: "self" | "unbalanced", lang: Lang = "zh"): string {
  return (kind === "self" ? VERDICT_CELL_TEXT.noPartnersSelf : VERDICT_CELL_TEXT.noPartnersUnbalanced)[lang];
}

/** The region a verdict names: the 片区 or 镇街 (全区 for the district), "" when not pooled. */
export function verdictRegion(v: Verdict | PoolOutcome, lang: Lang = "zh"): string {
  if (v.kind !== "pooled") return "";
  return v.level === "district" ? LEVEL_WORDS.district[lang] : v.region;
}

/**
 * Labels of the portfolio's fields for messages: `error.render(portfolioLabel)` prints “收入(income)” where the
 * error names the field `income` — the same style the cell functions use for their arguments.
 */
export const PORTFOLIO_FIELD_LABELS: Readonly<Record<string, string>> = {
  years: "年度",
  projects: "项目列表",
  id: "项目编号",
  area: "片区",
  town: "镇街",
  income: "收入",
  cost: "支出",
  debtService: "还本付息",
  plannedEndYear: "计划完成年度",
  landArea: "用地面积",
  resettleArea: "安置建筑面积",
  devArea: "开发建筑面积",
  maxFar: "容积率上限",
  netIncomePerSqm: "每平方米净收益",
  coverageThreshold: "本息覆盖倍数要求",
};

export function portfolioLabel(name: string): string {
  const label = PORTFOLIO_FIELD_LABELS[name];
  return label ? `${label}(${name})` : name;
}
