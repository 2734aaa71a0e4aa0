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
}

export interface DeedTaxResult {
  readonly taxBase: Dec;
  readonly rate: Dec;
  readonly tax: Dec;
}

/**
 * Deed tax (契税) for a person buying resettlement housing, domain §1.3: first home within the area limit →
 * reduced rate; otherwise ordinary housing → half the statutory rate; else the statutory rate. Paid with
 * compensation for an expropriated home (财税〔2012〕82号) → only the part above the compensation is taxed;
 * a property swap with no difference paid is price 0 → tax 0.
 */
export function deedTax(input: DeedTaxInput): DeedTaxResult {
  const taxBase = decMax(ZERO, input.price.minus(input.compensation));
  const rate =
    input.firstHome && input.area.lessThanOrEqualTo(input.areaLimit)
      ? input.reducedRate
      : input.ordinary
        ? input.statutoryRate.div(2)
        : input.statutoryRate;
  return { taxBase, rate, tax: taxBase.times(rate) };
}
