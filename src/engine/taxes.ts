import { Dec, ZERO, decMax } from "./decimal";
import { DomainError, fail } from "./errors";

/**
 * Land-use tax and stamp duty in a mixed project (商品房项目中配建安置房), 财税〔2013〕101号: the exempt share is
 * resettlement building area ÷ total building area; exempt amount = tax × share.
 */
export function taxShare(resettleArea: Dec, totalArea: Dec, taxAmount: Dec): Dec | DomainError {
  if (totalArea.isZero()) return fail("zeroTotalArea", { arg: "totalArea" });
  if (resettleArea.greaterThan(totalArea)) {
    return fail("shareAreaExceedsTotal", { arg: "resettleArea", value: resettleArea.toString(), total: totalArea.toString() });
  }
  return taxAmount.times(resettleArea).div(totalArea);
}

/**
 * Land appreciation tax (土地增值税) on old housing sold as resettlement stock, 财税〔2013〕101号: exempt when
 * the appreciation does not exceed `threshold` (20%) of the deductible items (增值额未超过扣除项目金额20%).
 */
export function latExempt(appreciation: Dec, deductions: Dec, threshold: Dec): boolean | DomainError {
  if (!deductions.greaterThan(0)) return fail("zeroDeductions", { arg: "deductions" });
  return appreciation.lessThanOrEqualTo(deductions.times(threshold));
}

export interface DeedTaxInput {
  readonly price: Dec;
  /** ㎡ */
  readonly area: Dec;
  /** Monetary compensation used for the purchase (82号 offset); 0 if none. */
  readonly compensation: Dec;
  readonly firstHome: boolean;
  readonly ordinary: boolean;
  readonly statutoryRate: Dec;
  /** "90平方米以下": 以下 includes the limit. */
  readonly areaLimit: Dec;
  readonly reducedRate: Dec;
  /**
   * The household rule of 财政部 税务总局 住房城乡建设部公告2024年第16号 (in force since 2024-12-01); undefined → not
   * applied (the resettlement rule alone, as before the notice).
   */
  readonly household?: HouseholdRule;
}

/** 2024年第16号: the family's only home or its second home, by floor area against `areaLimit` (140 ㎡). */
export interface HouseholdRule {
  /** The family's only home (家庭唯一住房); false → its second home (第二套). */
  readonly onlyHome: boolean;
  /** 140 ㎡; "140平方米及以下" includes the limit. */
  readonly areaLimit: Dec;
  /** Rate within the limit (1%): the reducedRate argument. */
  readonly rate: Dec;
  /** Only home above the limit: 1.5%. */
  readonly largeOnlyRate: Dec;
  /** Second home above the limit: 2%. */
  readonly largeSecondRate: Dec;
}

export interface DeedTaxResult {
  readonly taxBase: Dec;
  readonly rate: Dec;
  readonly tax: Dec;
  /** Which rule gave the rate: the resettlement-housing rule or the 2024 household rule. */
  readonly rule: "resettlement" | "household";
}

/** Rate of the resettlement-housing rule (财税〔2013〕101号, domain §1.3). */
function resettlementRate(input: DeedTaxInput): Dec {
  return input.firstHome && input.area.lessThanOrEqualTo(input.areaLimit)
    ? input.reducedRate
    : input.ordinary
      ? input.statutoryRate.div(2)
      : input.statutoryRate;
}

/** Rate of the household rule of 2024年第16号. */
function householdRate(area: Dec, rule: HouseholdRule): Dec {
  if (area.lessThanOrEqualTo(rule.areaLimit)) return rule.rate;
  return rule.onlyHome ? rule.largeOnlyRate : rule.largeSecondRate;
}

/**
 * Deed tax (契税) for a person buying resettlement housing, domain §1.3: first home within the area limit →
 * reduced rate; otherwise ordinary housing → half the statutory rate; else the statutory rate. Paid with
 * compensation for an expropriated home (财税〔2012〕82号) → only the part above the compensation is taxed;
 * a property swap with no difference paid is price 0 → tax 0. With the household rule (2024年第16号) the buyer pays
 * the lower of the two rules on the same taxable base; on a tie the resettlement rule is named.
 */
export function deedTax(input: DeedTaxInput): DeedTaxResult {
  const taxBase = decMax(ZERO, input.price.minus(input.compensation));
  const resettlement = resettlementRate(input);
  const household = input.household ? householdRate(input.area, input.household) : undefined;
  const useHousehold = household !== undefined && household.lessThan(resettlement);
  const rate = useHousehold ? household : resettlement;
  return { taxBase, rate, tax: taxBase.times(rate), rule: useHousehold ? "household" : "resettlement" };
}
