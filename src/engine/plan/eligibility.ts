import { type Dec, dec } from "../decimal";
import { DomainError, fail } from "../errors";
import { normalizeText } from "../text";
import { HouseRating, PlanPolicy } from "./policy";

/**
 * Kind of housing in the redevelopment scope (改造范围, D 一):
 * - dilapidated: 城市危（旧）房 — qualifies by age (policy p_dilapidatedMinAge, 30 years);
 * - village: 城中村、城边村 — qualifies by age (policy p_villageMinAge, 20 years);
 * - shantyArea: 城市棚户区 — qualifies by designation;
 * - subsidence: 采煤塌陷区 — qualifies by designation.
 */
export type HouseCategory = "dilapidated" | "village" | "shantyArea" | "subsidence";

/** Wordings met in workbooks, by category; compared after `houseTypeKey`. */
const HOUSE_TYPE_WORDS: ReadonlyArray<readonly [HouseCategory, readonly string[]]> = [
  ["dilapidated", ["危旧房", "城市危旧房", "城市危（旧）房", "危房", "旧房", "城市危房", "城市旧房", "危险房屋", "危旧房屋", "旧房屋"]],
  ["village", ["城中村", "城边村", "城中村房屋", "城边村房屋"]],
  ["shantyArea", ["棚户区", "城市棚户区", "棚户区房屋", "棚户房", "棚改"]],
  ["subsidence", ["采煤塌陷区", "采煤沉陷区", "煤矿塌陷区", "煤矿沉陷区", "塌陷区", "沉陷区"]],
];

/**
 * Comparison key of a house type: full-width → half-width, no spaces, no brackets (城市危（旧）房 → 城市危旧房),
 * no 城市 prefix, 房屋 read as 房, and a trailing 改造/项目 dropped (棚户区改造项目 → 棚户区).
 */
export function houseTypeKey(text: string): string {
  return normalizeText(text)
    .replace(/[()[\]{}【】〔〕<>《》"'“”‘’]/gu, "")
    .replace(/^城市/u, "")
    .replace(/房屋/gu, "房")
    .replace(/(改造)?(项目)?$/u, "");
}

const CATEGORY_BY_KEY: ReadonlyMap<string, HouseCategory> = new Map(
  HOUSE_TYPE_WORDS.flatMap(([category, words]) => words.map((w) => [houseTypeKey(w), category] as const)),
);

/** Read a house type; `arg` names the argument for the error message. */
export function parseHouseType(text: string, arg = "houseType"): HouseCategory | DomainError {
  return CATEGORY_BY_KEY.get(houseTypeKey(text)) ?? fail("unknownHouseType", { arg, value: text });
}

/** Wordings that mean "not appraised" (the same as leaving the rating blank). */
const NOT_APPRAISED = new Set(["", "无", "未鉴定", "未评定", "-", "—", "/", "n/a", "na", "none"]);

/** Whole-building and partial dangerous houses by their names in JGJ 125. */
const RATING_WORDS: ReadonlyMap<string, HouseRating> = new Map([
  ["局部危房", "C"],
  ["整幢危房", "D"],
  ["整栋危房", "D"],
]);

/**
 * Read a housing safety rating: C, C级, c级, Ｃ级, C级危房, 局部危房 … → "C". Blank or 无/未鉴定 → null (not
 * appraised). Anything else is an error naming the argument.
 */
export function parseRating(text: string | undefined | null, arg = "rating"): HouseRating | null | DomainError {
  if (text === undefined || text === null) return null;
  const key = normalizeText(text).replace(/[()（）]/gu, "");
  if (NOT_APPRAISED.has(key)) return null;
  const named = RATING_WORDS.get(key);
  if (named) return named;
  const m = /^([abcd])(级|类)?(危房|危险房屋|房屋)?$/u.exec(key);
  if (m) return m[1].toUpperCase() as HouseRating;
  return fail("unknownRating", { arg, value: text });
}

/** Why a house is (or is not) in scope. */
export type EligibilityBasis = "designated" | "rating" | "age" | "tooYoung";

export interface EligibilityInput {
  /** 房屋类型, e.g. 危旧房, 城中村, 棚户区. */
  readonly houseType: string;
  /** 使用年限 (years). */
  readonly ageYears: Dec | number;
  /** 房屋安全鉴定等级, blank when not appraised. */
  readonly rating?: string | null;
}

export interface EligibilityResult {
  readonly eligible: boolean;
  readonly category: HouseCategory;
  readonly rating: HouseRating | null;
  readonly basis: EligibilityBasis;
  /** The age threshold that applied (dilapidated and village housing only). */
  readonly minAge?: number;
}

/**
 * 改造范围 (D 一, X Art. 3): 棚户区 and 采煤塌陷区 qualify by designation; a house rated C or D qualifies as
 * dangerous whatever its age; otherwise 城市危（旧）房 need ≥ 30 years of use and 城中村/城边村 houses ≥ 20
 * ("以上" includes the number). Thresholds and qualifying ratings come from `policy`.
 */
export function checkEligibility(input: EligibilityInput, policy: PlanPolicy): EligibilityResult | DomainError {
  const category = parseHouseType(input.houseType, "houseType");
  if (category instanceof DomainError) return category;
  const rating = parseRating(input.rating, "rating");
  if (rating instanceof DomainError) return rating;
  if (category === "shantyArea" || category === "subsidence") {
    return { eligible: true, category, rating, basis: "designated" };
  }
  const minAge = category === "dilapidated" ? policy.dilapidatedMinAge : policy.villageMinAge;
  if (rating !== null && policy.qualifyingRatings.includes(rating)) {
    return { eligible: true, category, rating, basis: "rating", minAge };
  }
  const oldEnough = dec(input.ageYears).greaterThanOrEqualTo(minAge);
  return { eligible: oldEnough, category, rating, basis: oldEnough ? "age" : "tooYoung", minAge };
}

/** ELIGIBLE: TRUE if the house is within the redevelopment scope. */
export function isEligible(
  houseType: string,
  ageYears: Dec | number,
  rating: string | null | undefined,
  policy: PlanPolicy,
): boolean | DomainError {
  const r = checkEligibility({ houseType, ageYears, rating }, policy);
  return r instanceof DomainError ? r : r.eligible;
}

/** UNITCHECK (X Art. 31): 每单元平层不得超过8户 — TRUE if the households per floor per stair unit stay within `limit`. */
export function unitCheck(householdsPerFloor: number, limit: number): boolean {
  return householdsPerFloor <= limit;
}
