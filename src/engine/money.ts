import { Dec, decCmp, decToNumber, decUnits, ZERO, sum } from "./decimal";

/** 1 万 = 10⁴, 1 亿 = 10⁸ (domain §0). */
export const WAN = new Dec(10_000);
export const YI = new Dec(100_000_000);

/** Decimals of 万元 amounts in balance tables and verdicts (domain §0: output tables in 万元 show 2 decimals). */
export const WAN_PLACES = 2;

export type MoneyUnit = "元" | "万元" | "亿元";
export type AreaUnit = "㎡" | "万㎡";

const MONEY_DIVISOR: Record<MoneyUnit, Dec> = { 元: new Dec(1), 万元: WAN, 亿元: YI };
const AREA_DIVISOR: Record<AreaUnit, Dec> = { "㎡": new Dec(1), "万㎡": WAN };

/** 元 → the unit asked for (exact; round afterwards). */
export function yuanTo(amountYuan: Dec, unit: MoneyUnit): Dec {
  return amountYuan.div(MONEY_DIVISOR[unit]);
}

/** An amount in `unit` → 元 (exact). */
export function toYuan(amount: Dec, unit: MoneyUnit): Dec {
  return amount.times(MONEY_DIVISOR[unit]);
}

/** ㎡ → the unit asked for (exact). */
export function sqmTo(areaSqm: Dec, unit: AreaUnit): Dec {
  return areaSqm.div(AREA_DIVISOR[unit]);
}

/** Half-up (四舍五入) to `dp` decimals: the only rounding the engine does, at the output. */
export function roundHalfUp(value: Dec, dp = 2): Dec {
  // A value with at most `dp` decimals is its own rounding: toDecimalPlaces would return a copy of it (it rounds to
  // dp decimals only, never to the precision), so the value itself is returned — the same value, no new Decimal.
  if (value.d !== null && Number.isInteger(dp) && dp >= 0 && value.decimalPlaces() <= dp) return value;
  return value.toDecimalPlaces(dp, Dec.ROUND_HALF_UP);
}

/** The one place a Decimal becomes a JS number: rounded half-up, never −0. */
export function toOutput(value: Dec, dp = 2): number {
  const n = decToNumber(roundHalfUp(value, dp));
  return n === 0 ? 0 : n;
}

/**
 * 尾差调整 (domain §0): round every part to `dp` decimals so that the rounded parts add up exactly to
 * `totalShown`. Parts are first rounded half-up; the difference to the total, in units of the last decimal,
 * is then taken from (or given to) the parts whose rounding moved them furthest the other way — the
 * largest-remainder method. Ties go to the larger part, then to the earlier one, so results are stable.
 */
export function apportion(exactParts: readonly Dec[], totalShown: Dec, dp = 2): Dec[] {
  const rounded = exactParts.map((p) => roundHalfUp(p, dp));
  if (rounded.length === 0) return rounded;
  const unit = new Dec(1).div(new Dec(10).pow(dp));
  let diffUnits = totalShown.minus(sum(rounded)).div(unit).round().toNumber();
  if (diffUnits === 0) return rounded;
  const direction = diffUnits > 0 ? 1 : -1;
  // How far rounding moved each part against the needed direction: larger = better candidate.
  const order =
    orderInUnits(exactParts, rounded, direction) ??
    exactParts
      .map((exact, index) => ({ index, gap: exact.minus(rounded[index]).times(direction), size: exact.abs() }))
      .sort((a, b) => decCmp(b.gap, a.gap) || decCmp(b.size, a.size) || a.index - b.index)
      .map((o) => o.index);
  // Half-up rounding moves each part by at most half a unit, so a consistent total differs by at most one unit
  // per part; anything more is a caller's error and must not turn into a loop over billions of units.
  if (Math.abs(diffUnits) > order.length) throw new Error(`apportion: total ${totalShown} is not the rounded sum of the parts`);
  const adjusted = rounded.slice();
  for (let i = 0; diffUnits !== 0; i = (i + 1) % order.length) {
    const target = order[i];
    adjusted[target] = adjusted[target].plus(unit.times(direction));
    diffUnits -= direction;
  }
  return adjusted;
}

/**
 * apportion's order of candidates — gap (exact − rounded, × direction) descending, then size (|exact|) descending, then
 * position — compared on exact integers instead of Decimals (a plan apportions a year's area over tens of thousands of
 * projects): with S the most decimals of any exact part (at most 15), every exact and rounded part is an integer of
 * 10^−S (decUnits, exact, within 2⁵³ − 1; a rounded part has no more decimals than its exact one), so are their
 * differences (at most half a unit of the last shown decimal) and sizes, and they compare as the Decimals do.
 * undefined (the Decimal path) when a part does not fit.
 */
function orderInUnits(exactParts: readonly Dec[], rounded: readonly Dec[], direction: number): number[] | undefined {
  const n = exactParts.length;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    const x = exactParts[i];
    if (x.d === null) return undefined;
    const places = x.decimalPlaces();
    if (!(places <= 15)) return undefined;
    if (places > scale) scale = places;
  }
  const gap = new Float64Array(n);
  const size = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const e = decUnits(exactParts[i], scale);
    const r = decUnits(rounded[i], scale);
    if (Number.isNaN(e) || Number.isNaN(r)) return undefined;
    gap[i] = (e - r) * direction;
    size[i] = Math.abs(e);
  }
  const order = Array.from({ length: n }, (_, i) => i);
  return order.sort((a, b) => gap[b] - gap[a] || size[b] - size[a] || a - b);
}

/** Round parts and their total together: the total is the rounded exact sum, the parts add up to it. */
export function roundPartsToTotal(exactParts: readonly Dec[], dp = 2): { parts: Dec[]; total: Dec } {
  const total = roundHalfUp(exactParts.length ? sum(exactParts) : ZERO, dp);
  return { parts: apportion(exactParts, total, dp), total };
}
