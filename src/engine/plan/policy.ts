/**
 * Policy numbers of planning (domain §4). Every rule in this folder takes them as an argument; the engine holds
 * no default — the defaults and their sources are the policy table (p_dilapidatedMinAge … in src/registry/policy.ts).
 */
export interface PlanPolicy {
  /** D 一: 城市危（旧）房 "使用年限原则上以30年以上的房屋为主" — years of use, inclusive ("以上" includes 30). */
  readonly dilapidatedMinAge: number;
  /** D 一: 城中村、城边村房屋 "以20年以上的为主" — years, inclusive. */
  readonly villageMinAge: number;
  /** X Art. 3: houses appraised C or D (局部危房 / 整幢危房) qualify as dangerous whatever their age. */
  readonly qualifyingRatings: readonly HouseRating[];
  /** X Art. 31: 每单元平层不得超过8户 — at most this many households per floor per stair unit. */
  readonly maxHouseholdsPerFloor: number;
  /** D 二(二) 先急后缓: weights of the safety, living-condition and surroundings scores (≥ 0, sum 1). */
  readonly priorityWeights: PriorityWeightsInput;
  /**
   * D 二(二): projects where residents own only one home and signing and handover rates both reach 100% come
   * first. Added to the weighted score (which is at most 100), so the first tier always sorts above the rest.
   */
  readonly tierBonus: number;
  /** The share both the signing and the handover rate must reach for the first tier (1 = 100%). */
  readonly tierRate: number;
}

/** Housing safety appraisal rating (房屋安全鉴定等级, 《危险房屋鉴定标准》JGJ 125): A–D, D the worst. */
export type HouseRating = "A" | "B" | "C" | "D";

/** Weights of the three 0–100 scores, in the catalogue's order. */
export interface PriorityWeightsInput {
  readonly safety: number;
  readonly living: number;
  readonly environment: number;
}
