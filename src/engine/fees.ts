import { Dec, ZERO, decMax, decMin } from "./decimal";
import type { Investor } from "./investor";
import { roundHalfUp, roundPartsToTotal } from "./money";
import { normalizeText } from "./text";

/** Inputs of the urban infrastructure supporting fee (城市基础设施配套费), X Art. 29. Areas in ㎡, rates in 元/㎡. */
export interface InfraFeeInput {
  /** 安置面积 Ar */
  readonly resettleArea: Dec;
  /** 开发面积 Ad */
  readonly devArea: Dec;
  /** 基础费率 r */
  readonly baseRate: Dec;
  readonly investor: Investor;
  /** 安置:开发 ratio limit k (1∶1.5 → 1.5) */
  readonly ratio: Dec;
  /** 代收资金 rate rc — never relieved */
  readonly collectRate: Dec;
  /** 地铁专项配套费 rate rm — never relieved */
  readonly metroRate: Dec;
}

/** Every figure of the fee, exact (unrounded). */
export interface InfraFeeResult {
  /** The areas given: Ar and Ad = devExemptArea + devHalfArea + devFullArea. */
  readonly resettleArea: Dec;
  readonly devArea: Dec;
  /** Development area fully exempt (private capital within k·Ar). */
  readonly devExemptArea: Dec;
  /** Development area at half the base rate (private capital beyond k·Ar). */
  readonly devHalfArea: Dec;
  /** Development area at the full base rate (government-led). */
  readonly devFullArea: Dec;
  /** E: base-rate amount exempted. */
  readonly exempt: Dec;
  /** Base-rate amount still payable: (Ar+Ad)·r − E. */
  readonly baseDue: Dec;
  readonly collectDue: Dec;
  readonly metroDue: Dec;
  /** Due = baseDue + 代收资金 + 地铁专项. */
  readonly totalDue: Dec;
  /** (Ar+Ad)·(r+rc+rm): E + Due, always. */
  readonly gross: Dec;
}

/**
 * 城市基础设施配套费 relief, domain §1.1 (X Art. 29).
 * Resettlement area: the base part is exempt for every project. Development area: government-led pays in
 * full; private capital is exempt within k × resettlement area ("安置面积与开发面积之比在1∶1.5以内") and pays
 * half the base rate (减半收取) beyond it. 代收资金 and 地铁专项 are never relieved.
 */
export function infraFee(input: InfraFeeInput): InfraFeeResult {
  const { resettleArea: ar, devArea: ad, baseRate: r, investor, ratio: k, collectRate, metroRate } = input;
  const isPrivate = investor === "private";
  const devExemptArea = isPrivate ? decMin(ad, k.times(ar)) : ZERO;
  const devHalfArea = isPrivate ? decMax(ZERO, ad.minus(k.times(ar))) : ZERO;
  const devFullArea = isPrivate ? ZERO : ad;
  const totalArea = ar.plus(ad);
  const exempt = ar.times(r).plus(devExemptArea.times(r)).plus(devHalfArea.times(r).div(2));
  const baseDue = totalArea.times(r).minus(exempt);
  const collectDue = totalArea.times(collectRate);
  const metroDue = totalArea.times(metroRate);
  const totalDue = baseDue.plus(collectDue).plus(metroDue);
  return {
    resettleArea: ar,
    devArea: ad,
    devExemptArea,
    devHalfArea,
    devFullArea,
    exempt,
    baseDue,
    collectDue,
    metroDue,
    totalDue,
    gross: totalArea.times(r.plus(collectRate).plus(metroRate)),
  };
}

/**
 * Fees fully waived for shantytown projects (X Art. 29, D 五(三)), by canonical name. Each entry lists the
 * wordings met in practice, already stripped of their 费/基金/资金 suffix by `feeKey`.
 */
const WAIVED_FEES: ReadonlyArray<{ readonly name: string; readonly keys: readonly string[] }> = [
  { name: "防空地下室易地建设费", keys: ["防空地下室易地建设", "人防易地建设", "防空地下室异地建设"] },
  { name: "新型墙体材料专项基金", keys: ["新型墙体材料专项", "新型墙体材料", "新墙材专项"] },
  { name: "散装水泥专项资金", keys: ["散装水泥专项", "散装水泥"] },
  { name: "城市教育附加", keys: ["城市教育附加", "教育附加", "教育费附加"] },
  { name: "地方教育附加", keys: ["地方教育附加", "地方教育费附加"] },
  { name: "城镇公用事业附加", keys: ["城镇公用事业附加", "城市公用事业附加", "公用事业附加"] },
];

/** Utility connection and capacity fees (入网费, 管网增容费 …): "适当减免" at a rate the user gives. */
const UTILITY_MARKERS = ["入网", "增容", "接入", "初装", "开户"];

/** Normalised comparison key of a fee name: full-width → half-width, no spaces, no 费/基金/资金 suffix. */
export function feeKey(name: string): string {
  return normalizeText(name).replace(/(费|基金|资金)+$/u, "");
}

const WAIVED_BY_KEY: ReadonlyMap<string, string> = new Map(WAIVED_FEES.flatMap((f) => f.keys.map((k) => [feeKey(k), f.name] as const)));

/** The canonical name of a fully waived fee, or undefined when the fee is not on the list. */
export function waivedFeeName(name: string): string | undefined {
  return WAIVED_BY_KEY.get(feeKey(name));
}

export function isUtilityFee(name: string): boolean {
  const key = normalizeText(name);
  return UTILITY_MARKERS.some((m) => key.includes(m));
}

export interface FeeLine {
  readonly name: string;
  readonly amount: Dec;
}

/** Total relieved (domain §1.2): waived fees in full, utility fees × utilityRelief, anything else not at all. */
export function waivedTotal(lines: readonly FeeLine[], utilityRelief: Dec): Dec {
  let total = ZERO;
  for (const line of lines) {
    if (waivedFeeName(line.name) !== undefined) total = total.plus(line.amount);
    else if (isUtilityFee(line.name)) total = total.plus(line.amount.times(utilityRelief));
  }
  return total;
}

/**
 * The fee as shown to the user, rounded to the fen so that exempt + due = gross and the due parts add up: the same
 * figures as InfraFeeResult but the development area (its three parts, ㎡ with 2 decimals, add up to it as shown).
 */
export type InfraFeeShown = Omit<InfraFeeResult, "devArea">;

/**
 * Round at the output (domain §0), each displayed part on its own inputs only, totals as the sums of the parts:
 *   base fee (Ar+Ad)·r and exempt E half-up, base due = their difference (so exempt + base due = base fee);
 *   代收资金 and 地铁专项 half-up on their own; total due = base due + 代收 + 地铁; gross = exempt + total due.
 * So the base-due row never moves when an unrelated rate (collectRate, metroRate) is set, and every total shown is
 * the sum of the parts shown. Areas: the development parts are apportioned (尾差) to the development area shown.
 */
export function showInfraFee(fee: InfraFeeResult): InfraFeeShown {
  const baseGross = roundHalfUp(fee.exempt.plus(fee.baseDue));
  const exempt = roundHalfUp(fee.exempt);
  const baseDue = baseGross.minus(exempt);
  const collectDue = roundHalfUp(fee.collectDue);
  const metroDue = roundHalfUp(fee.metroDue);
  const totalDue = baseDue.plus(collectDue).plus(metroDue);
  // The three parts add up to Ad exactly (infraFee), so their rounded sum is the development area shown.
  const [devExemptArea, devHalfArea, devFullArea] = roundPartsToTotal([fee.devExemptArea, fee.devHalfArea, fee.devFullArea]).parts;
  return {
    resettleArea: roundHalfUp(fee.resettleArea),
    devExemptArea,
    devHalfArea,
    devFullArea,
    exempt,
    baseDue,
    collectDue,
    metroDue,
    totalDue,
    gross: exempt.plus(totalDue),
  };
}
