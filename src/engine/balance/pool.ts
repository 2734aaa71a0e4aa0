import { Dec, ZERO, decMax } from "../decimal";
import { DomainError, fail } from "../errors";
import { normalizeText } from "../text";
import { isNegativeDec, isPositiveDec } from "./sign";

/*
 * Expanding the balance area (扩大平衡区域), domain §3 step 2 — D 五(一) "项目自身不能实现收益平衡的，可扩大平衡区域",
 * X Art. 27 "鼓励采取捆绑式连片改造方式，在一定区域内统筹平衡".
 *
 * Pooling semantics (the contract the verdicts rest on):
 * - Regions: 片区 (area) ⊂ 镇街 (town) ⊂ 全区 (district), tried in that order. A 片区 is keyed by its town and its
 *   name when towns are known, so two streets' "东片区" are different areas. A project with no 片区 (or no 镇街) skips
 *   that level. Names match after trimming, full-width → half-width and case folding.
 * - A project's surplus (结余) is its balance over the planned period; its need (所需资金) is what it must receive
 *   to balance: max(0, −surplus), or more when its bond coverage falls short (see the portfolio).
 * - A level's pooled surplus = Σ surpluses of ALL projects in that region, the target included, deficits included.
 *   The target balances at a level when the others' surplus (pooled − target's surplus) covers its need. For a
 *   plain deficit that is exactly "pooled surplus ≥ 0"; a reported level's pooled surplus is never negative.
 * - Partners come only from projects of that region, other than the target, with a positive surplus, taken by
 *   largest surplus first until their sum covers the need: the k largest surpluses have the largest sum of any k
 *   projects, so this is the fewest partners. Ties keep input order. Partners always exist when a level balances,
 *   since Σ positive others ≥ Σ others ≥ need > 0.
 * - Not balanced anywhere: the gap (缺口) is the smallest amount that, added to the project, would balance it —
 *   alone or in the region where pooling comes closest: need − max(0, others' surplus at each level tried).
 *   So 0 < gap ≤ need, and a region whose other projects are net in deficit never makes the gap larger.
 * Consequence worth knowing: for plain deficits the 全区 test is the same for every project (district surplus
 * ≥ 0), so a surplus-only table never shows both 全区平衡 and 不能平衡.
 */

export type PoolLevel = "area" | "town" | "district";

/** The levels in the order they are tried: smallest region first. */
export const POOL_LEVELS: readonly PoolLevel[] = ["area", "town", "district"];

export const LEVEL_ZH: Readonly<Record<PoolLevel, string>> = { area: "片区", town: "镇街", district: "全区" };

/** Name of the whole-district region in verdicts and summaries. */
export const DISTRICT_NAME = "全区";

export interface PoolMember {
  readonly id: string;
  /** 片区; blank or undefined: the project belongs to no 片区. */
  readonly area?: string;
  /** 镇街 (town or street); blank or undefined: no 镇街. */
  readonly town?: string;
  /** Balance over the planned period (万元 in the portfolio; whatever unit the caller uses). */
  readonly surplus: Dec;
  /** What the project must receive to balance; default max(0, −surplus). Never below that. */
  readonly need?: Dec;
}

/** The verdict of the pooling step for one project. */
export type PoolOutcome =
  | { readonly kind: "self" }
  | {
      readonly kind: "pooled";
      readonly level: PoolLevel;
      /** Region name as first written in the input; 全区 for the district. */
      readonly region: string;
      /** Σ surpluses of every project of the region, the target included (≥ 0). */
      readonly pooledSurplus: Dec;
      /** Partner ids, largest surplus first. */
      readonly partners: readonly string[];
      /** Σ of the partners' surpluses (≥ need). */
      readonly partnerSurplus: Dec;
    }
  | { readonly kind: "unbalanced"; readonly gap: Dec };

/** A region's total, for summary tables. */
export interface RegionSummary {
  readonly level: PoolLevel;
  readonly name: string;
  /** For a 片区: the 镇街 it belongs to (when towns are known). */
  readonly town?: string;
  /** Σ surpluses of its projects. */
  readonly surplus: Dec;
  readonly projects: number;
}

interface Ranked {
  /** Member indices with a positive surplus, largest surplus first. */
  readonly order: number[];
  /** prefix[k] = Σ surpluses of order[0..k). */
  readonly prefix: Dec[];
  /** Member index → position in `order`. */
  readonly rank: Map<number, number>;
}

interface Region {
  readonly level: PoolLevel;
  readonly name: string;
  readonly town?: string;
  sum: Dec;
  projects: number;
  /** Member indices with a positive surplus, in input order; ranked on first use. */
  readonly positives: number[];
  ranked?: Ranked;
}

/** Comparable key of an id or region name: trimmed, full-width → half-width, no spaces, case-folded. */
export function nameKey(s: string): string {
  // Plain ASCII needs no NFKC; this keeps large tables fast.
  return /^[\x20-\x7e]*$/.test(s) ? s.replace(/\s+/g, "").toLowerCase() : normalizeText(s);
}

function present(s: string | undefined): s is string {
  return s !== undefined && s.trim() !== "";
}

export interface PoolBuildOptions {
  /** Argument named by a duplicate-id error (default "ids"). */
  readonly idArg?: string;
  /** 1-based row of each member in the user's range, for messages (default i + 1). */
  readonly positions?: readonly number[];
}

/**
 * The projects grouped by 片区, 镇街 and district once (Maps, one pass), so that each project's verdict costs
 * O(levels + log n + partners). Build with `PoolIndex.build`.
 */
export class PoolIndex {
  private readonly byId = new Map<string, number>();
  private readonly needs: Dec[];
  private readonly areaOf: (Region | undefined)[];
  private readonly townOf: (Region | undefined)[];
  private readonly district: Region;
  private readonly regionList: Region[] = [];

  private constructor(readonly members: readonly PoolMember[]) {
    const n = members.length;
    this.needs = new Array(n);
    this.areaOf = new Array(n);
    this.townOf = new Array(n);
    this.district = this.newRegion("district", DISTRICT_NAME);
  }

  /** Group the members; duplicate ids are an error naming `idArg` and both rows. */
  static build(members: readonly PoolMember[], options: PoolBuildOptions = {}): PoolIndex | DomainError {
    const index = new PoolIndex(members);
    const pos = (i: number) => (options.positions ? options.positions[i] : i + 1);
    // Region names repeat across many projects: key each distinct spelling once.
    const keys = new Map<string, string>();
    const keyOf = (name: string) => {
      let k = keys.get(name);
      if (k === undefined) keys.set(name, (k = nameKey(name)));
      return k;
    };
    const towns = new Map<string, Region>();
    const areas = new Map<string, Region>();
    for (let i = 0; i < members.length; i++) {
      const m = members[i];
      const idKey = nameKey(m.id);
      const seen = index.byId.get(idKey);
      if (seen !== undefined) return fail("duplicateId", { arg: options.idArg ?? "ids", value: m.id, first: pos(seen), pos: pos(i) });
      index.byId.set(idKey, i);
      const floor = isNegativeDec(m.surplus) ? m.surplus.negated() : ZERO;
      index.needs[i] = m.need === undefined ? floor : decMax(floor, m.need);

      let townKey = "";
      if (present(m.town)) {
        townKey = keyOf(m.town);
        let town = towns.get(townKey);
        if (!town) towns.set(townKey, (town = index.newRegion("town", m.town.trim())));
        index.townOf[i] = index.join(town, i);
      }
      if (present(m.area)) {
        const areaKey = `${townKey}\u0001${keyOf(m.area)}`;
        let area = areas.get(areaKey);
        if (!area) areas.set(areaKey, (area = index.newRegion("area", m.area.trim(), present(m.town) ? m.town.trim() : undefined)));
        index.areaOf[i] = index.join(area, i);
      }
      index.join(index.district, i);
    }
    return index;
  }

  /** Position of a project by id (same matching as duplicates), or undefined. */
  indexOf(id: string): number | undefined {
    return this.byId.get(nameKey(id));
  }

  /** What project `i` must receive to balance (≥ 0). */
  needOf(i: number): Dec {
    return this.needs[i];
  }

  /** Σ surpluses of the whole district. */
  get districtSurplus(): Dec {
    return this.district.sum;
  }

  /** Every region's total: the district first, then 镇街 and 片区 in order of first appearance. */
  regions(): RegionSummary[] {
    return this.regionList.map((r) => ({ level: r.level, name: r.name, town: r.town, surplus: r.sum, projects: r.projects }));
  }

  /**
   * The pooling verdict of project `i`: self-balanced (need 0), pooled at the smallest level whose other projects
   * cover its need, or unbalanced with the remaining gap.
   */
  outcome(i: number): PoolOutcome {
    const need = this.needs[i];
    if (!isPositiveDec(need)) return { kind: "self" };
    const surplus = this.members[i].surplus;
    let best = ZERO;
    for (const region of [this.areaOf[i], this.townOf[i], this.district]) {
      if (!region) continue;
      const others = region.sum.minus(surplus);
      if (others.greaterThanOrEqualTo(need)) {
        const { partners, partnerSurplus } = this.partners(region, i, need);
        return { kind: "pooled", level: region.level, region: region.name, pooledSurplus: region.sum, partners, partnerSurplus };
      }
      best = decMax(best, others);
    }
    return { kind: "unbalanced", gap: need.minus(best) };
  }

  private newRegion(level: PoolLevel, name: string, town?: string): Region {
    const region: Region = { level, name, town, sum: ZERO, projects: 0, positives: [] };
    this.regionList.push(region);
    return region;
  }

  private join(region: Region, i: number): Region {
    const s = this.members[i].surplus;
    region.sum = region.sum.plus(s);
    region.projects++;
    if (isPositiveDec(s)) region.positives.push(i);
    return region;
  }

  private rank(region: Region): Ranked {
    if (region.ranked) return region.ranked;
    const m = this.members;
    const order = region.positives.slice().sort((a, b) => m[b].surplus.comparedTo(m[a].surplus) || a - b);
    const prefix: Dec[] = new Array(order.length + 1);
    prefix[0] = ZERO;
    const rank = new Map<number, number>();
    for (let k = 0; k < order.length; k++) {
      prefix[k + 1] = prefix[k].plus(m[order[k]].surplus);
      rank.set(order[k], k);
    }
    return (region.ranked = { order, prefix, rank });
  }

  /**
   * Fewest partners: the smallest k such that the k largest positive surpluses of the region, the target left
   * out, add up to the need — found by binary search on prefix sums, so a large region costs O(log n) decimal
   * comparisons plus the partner list itself.
   */
  private partners(region: Region, target: number, need: Dec): { partners: string[]; partnerSurplus: Dec } {
    const { order, prefix, rank } = this.rank(region);
    const q = rank.get(target);
    const targetSurplus = this.members[target].surplus;
    // Σ of the first k partners: the target, if it is a positive project at position q, is skipped.
    const firstK = (k: number) => (q === undefined || k <= q ? prefix[k] : prefix[k + 1].minus(targetSurplus));
    let lo = 1;
    let hi = order.length - (q === undefined ? 0 : 1);
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (firstK(mid).greaterThanOrEqualTo(need)) hi = mid;
      else lo = mid + 1;
    }
    const ids: string[] = [];
    for (let p = 0; ids.length < lo && p < order.length; p++) {
      if (p !== q) ids.push(this.members[order[p]].id);
    }
    return { partners: ids, partnerSurplus: firstK(lo) };
  }
}
