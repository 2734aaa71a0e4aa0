import { Dec, ZERO, decCmp, decMax } from "../decimal";
import { DomainError, fail } from "../errors";
import { roundHalfUp } from "../money";
import { isPositiveDec } from "./sign";

/*
 * Plot ratio (容积率), X Art. 27: "不得因单个地块资金平衡等问题突破规定的容积率" — a project may not buy its balance
 * by building more than the plot allows. Areas in ㎡, money in 元, net income in 元 per ㎡ of development area.
 */

/** Plot ratio = building area ÷ land area. `landArea` must be > 0 (the caller checks it). */
export function plotRatio(landArea: Dec, buildingArea: Dec): Dec {
  return buildingArea.div(landArea);
}

/**
 * TRUE when building area ÷ land area ≤ the maximum plot ratio (FARCHECK). Compared as
 * building ≤ maxFar × land, which is exact: no division, so 25000 on 10000 ㎡ at 2.5 is within, 25001 is not.
 */
export function farWithin(landArea: Dec, buildingArea: Dec, maxFar: Dec): boolean {
  return decCmp(buildingArea, maxFar.times(landArea)) <= 0;
}

/** What closing a deficit by building more development area would do to the plot ratio (FAREXTRA). */
export interface FarExtra {
  /** Extra development area that closes the deficit: deficit ÷ net income per ㎡ (0 when there is no deficit). */
  readonly extraArea: Dec;
  readonly buildingAfter: Dec;
  readonly ratioAfter: Dec;
  /** maxFar × land area: the most building area the plot allows. */
  readonly maxBuildingArea: Dec;
  /** The extra area keeps the plot within its maximum plot ratio. */
  readonly withinMax: boolean;
  /** Building area beyond the maximum after the extra area (0 when within). */
  readonly excessArea: Dec;
  readonly maxFar: Dec;
}

/**
 * Extra development area to close a deficit (domain §3 plot ratio): `deficitYuan ÷ netIncomePerSqm`, and whether
 * the plot stays within `maxFar` with it. `landArea` and `netIncomePerSqm` must be > 0 (the caller checks them).
 */
export function farExtra(deficitYuan: Dec, netIncomePerSqm: Dec, landArea: Dec, buildingArea: Dec, maxFar: Dec): FarExtra {
  const extraArea = isPositiveDec(deficitYuan) ? deficitYuan.div(netIncomePerSqm) : ZERO;
  const buildingAfter = buildingArea.plus(extraArea);
  const maxBuildingArea = maxFar.times(landArea);
  return {
    extraArea,
    buildingAfter,
    ratioAfter: plotRatio(landArea, buildingAfter),
    maxBuildingArea,
    withinMax: farWithin(landArea, buildingAfter, maxFar),
    excessArea: decMax(ZERO, buildingAfter.minus(maxBuildingArea)),
    maxFar,
  };
}

/**
 * The #VALUE! for an extra area that breaks the maximum plot ratio, saying by how much and what to do instead
 * (X Art. 27: expand the balance area or extend the period); undefined when within.
 */
export function farBreach(extra: FarExtra): DomainError | undefined {
  if (extra.withinMax) return undefined;
  return fail("farExceeded", {
    extra: roundHalfUp(extra.extraArea, 2),
    ratioAfter: roundHalfUp(extra.ratioAfter, 4),
    maxFar: extra.maxFar,
    excess: roundHalfUp(extra.excessArea, 2),
  });
}
