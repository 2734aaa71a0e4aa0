import { Dec, ZERO, dec, sum } from "../decimal";
import { DomainError, fail } from "../errors";
import { PlanPolicy, PriorityWeightsInput } from "./policy";

/** Weights of the three scores as exact decimals. */
export interface PriorityWeights {
  readonly safety: Dec;
  readonly living: Dec;
  readonly environment: Dec;
}

/** Inputs of one project's priority (先急后缓, D 二(二)). Scores 0–100 (100 = most urgent); rates are shares 0–1. */
export interface PriorityInput {
  /** 安全隐患 score. */
  readonly safety: Dec;
  /** 居住条件 score (100 = worst conditions). */
  readonly living: Dec;
  /** 周边环境 score (100 = worst surroundings). */
  readonly environment: Dec;
  /** 仅有一套自住房. */
  readonly onlyHome: boolean;
  /** 签约率 within the set time. */
  readonly signRate: Dec;
  /** 交房率 within the set time. */
  readonly handoverRate: Dec;
}

export interface PriorityScore {
  /** 1: the first tier (only home and both rates at 100%); 2: the rest. */
  readonly tier: 1 | 2;
  /** Σ weight × score, 0–100. */
  readonly weighted: Dec;
  /** tier bonus (tier 1 only) + weighted: sorting descending gives the order. */
  readonly score: Dec;
}

/** Weights read from a range may carry float noise (=1/3 in three cells); a sum within this of 1 is accepted. */
export const WEIGHT_SUM_TOLERANCE = new Dec("1e-9");

export function toPriorityWeights(w: PriorityWeightsInput): PriorityWeights {
  return { safety: dec(w.safety), living: dec(w.living), environment: dec(w.environment) };
}

/**
 * Weights from a range of 3 values in catalogue order (safety, living, environment): each ≥ 0, summing to 1.
 * Negative values are rejected by the caller's bounds; the count and the sum are checked here.
 */
export function parsePriorityWeights(values: readonly Dec[], arg = "weights"): PriorityWeights | DomainError {
  if (values.length !== 3) return fail("priorityWeightsCount", { arg, count: values.length });
  for (const v of values) if (v.isNegative()) return fail("belowMin", { arg, min: 0, value: v });
  const total = sum(values);
  if (total.minus(1).abs().greaterThan(WEIGHT_SUM_TOLERANCE)) return fail("priorityWeightsSum", { arg, value: total });
  return { safety: values[0], living: values[1], environment: values[2] };
}

/**
 * 先急后缓 (D 二(二)) made explicit:
 *   score = [仅有一套自住房 且 签约率 ≥ 100% 且 交房率 ≥ 100%] × tierBonus
 *         + w安全 × 安全隐患 + w居住 × 居住条件 + w环境 × 周边环境.
 * The weighted part is at most 100 (scores ≤ 100, weights sum to 1), so with tierBonus 1000 every project of
 * the first tier sorts above every other project, and within a tier the weighted score decides.
 */
export function priorityScore(
  input: PriorityInput,
  weights: PriorityWeights,
  policy: Pick<PlanPolicy, "tierBonus" | "tierRate">,
): PriorityScore {
  const weighted = weights.safety
    .times(input.safety)
    .plus(weights.living.times(input.living))
    .plus(weights.environment.times(input.environment));
  const first =
    input.onlyHome && input.signRate.greaterThanOrEqualTo(policy.tierRate) && input.handoverRate.greaterThanOrEqualTo(policy.tierRate);
  return { tier: first ? 1 : 2, weighted, score: (first ? dec(policy.tierBonus) : ZERO).plus(weighted) };
}
