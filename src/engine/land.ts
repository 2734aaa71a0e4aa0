import { Dec, ONE, ZERO, decMax } from "./decimal";
import { DomainError, fail } from "./errors";

/**
 * Provision rates on land-transfer income (土地出让收入), domain §3.4, as shares. Defaults to confirm with local
 * rules; every rate is an argument.
 */
export interface LandRates {
  /** 教育资金 on 收益 G (财综〔2011〕62号). */
  readonly eduRate: Dec;
  /** 农田水利建设资金 on 收益 G (财综〔2011〕48号). */
  readonly irrigationRate: Dec;
  /** 保障性安居工程资金 on 净收益 N (≥10% nationally; 0 here as it stays inside housing work). */
  readonly housingRate: Dec;
  /** 国有土地收益基金 on gross income (set by the province). */
  readonly fundRate: Dec;
}

/** Every figure of the provisions, exact (unrounded). */
export interface LandProvisions {
  /** 土地出让收入 (gross) */
  readonly gross: Dec;
  /** 成本性支出 (征地拆迁补偿, 土地开发 …): base of G only, not subtracted from the usable income. */
  readonly costItems: Dec;
  /** 土地出让收益 G = max(0, gross − costItems) */
  readonly income: Dec;
  /** 教育资金 G·eduRate */
  readonly education: Dec;
  /** 农田水利建设资金 G·irrigationRate */
  readonly irrigation: Dec;
  /** 土地出让净收益 N = G − education − irrigation */
  readonly netIncome: Dec;
  /** 保障性安居工程资金 N·housingRate */
  readonly housing: Dec;
  /** 国有土地收益基金 gross·fundRate */
  readonly fund: Dec;
  /** Σ provisions */
  readonly totalProvisions: Dec;
  /** usable = gross − Σ provisions */
  readonly usable: Dec;
}

/**
 * Land-transfer income usable for the project, domain §3 (D 五(一): "土地出让收入扣除按国家、省有关规定计提的相关基金后").
 * The cost items only form the base of the G-based provisions; they are not subtracted again, because the
 * balance counts them as project cost.
 */
export function landProvisions(gross: Dec, costItems: Dec, rates: LandRates): LandProvisions {
  const income = decMax(ZERO, gross.minus(costItems));
  const education = income.times(rates.eduRate);
  const irrigation = income.times(rates.irrigationRate);
  const netIncome = income.minus(education).minus(irrigation);
  const housing = netIncome.times(rates.housingRate);
  const fund = gross.times(rates.fundRate);
  const totalProvisions = education.plus(irrigation).plus(housing).plus(fund);
  return {
    gross,
    costItems,
    income,
    education,
    irrigation,
    netIncome,
    housing,
    fund,
    totalProvisions,
    usable: gross.minus(totalProvisions),
  };
}

/**
 * usable = gross − Σ provisions (LANDNET). Impossible provisions are an error, never a negative income: the two
 * rates on the land income G may not add up to more than 1 (the net income N would be negative and the housing
 * fund on it a negative provision), and all provisions together may not exceed the gross income.
 */
export function landNet(gross: Dec, costItems: Dec, rates: LandRates): Dec | DomainError {
  const onIncome = rates.eduRate.plus(rates.irrigationRate);
  if (onIncome.greaterThan(ONE)) return fail("landRatesAboveIncome", { arg: "irrigationRate", other: "eduRate", sum: onIncome });
  const p = landProvisions(gross, costItems, rates);
  if (p.totalProvisions.greaterThan(gross)) {
    return fail("landProvisionsAboveGross", { arg: "fundRate", provisions: p.totalProvisions, gross });
  }
  return p.usable;
}
