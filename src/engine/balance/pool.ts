import { Dec, ZERO, decCmp, decMax, decToNumber, decUnits, decFromUnits } from "../decimal";
import { DomainError, fail } from "../errors";
import { roundHalfUp } from "../money";
import { normalizeText } from "../text";
import { isNegativeDec, isPositiveDec } from "./sign";

/*
 * Expanding the balance area (扩大平衡区域), domain §3 step 2 — D 五(一) "项目自身不能实现收益平衡的，可扩大平衡区域",
 * X Art. 27 "鼓励采取捆绑式连片改造方式，在一定区域内统筹平衡".
 *
 * The rule: SURPLUS ALLOCATION — 每一笔结余只统筹一次 (each 万元 of surplus is claimed at most once).
 * Regions: 片区 (area) ⊂ 镇街 (town) ⊂ 全区 (district). A 片区 is keyed by its town and its name when towns are known,
 * so two streets' "东片区" are different areas. A project with no 片区 (or no 镇街) skips that level. Names match
 * after trimming, full-width → half-width and case folding.
 *   1. Every project's need (所需资金) = max(0, −surplus, coverage shortfall) — what it must receive to balance
 *      (the coverage shortfall comes from the portfolio; see portfolio.ts). Need 0: 项目自平衡. A project with need 0
 *      and a positive surplus OFFERS it: its available (可统筹结余) starts at its surplus. A project in need offers
 *      nothing, not even a positive surplus that falls short of its bond coverage.
 *   2. Levels are tried smallest first ACROSS THE WHOLE PORTFOLIO: every project in need is tried at its 片区, then
 *      those still unbalanced at their 镇街, then at 全区 — so a project that can balance locally never loses local
 *      surplus to a district-wide claim. Within a level, projects in need take their turn in INPUT ORDER (the
 *      order of the project list, which the user controls, e.g. sorted by SHANTY.PRIORITY).
 *   3. A project balances at a level when the available (unclaimed) surplus of the OTHER projects of its region
 *      covers its need. Partners: the available projects of that region, largest available first (ties: input
 *      order), until the need is covered — the k largest amounts have the largest sum of any k, so these are the
 *      fewest partners. The claims are consumed: every partner gives all its available except the last, which
 *      gives the rest of the need (a partial claim) and keeps what is left for later turns. Reported:
 *      pooledSurplus = available of the region's others before the claim − need (≥ 0: what stays in the pool),
 *      partners, partnerSurplus = Σ partners' available before the claim (≥ need), claims (what each gave; Σ = need).
 *   4. Still unbalanced after 全区: the portfolio extends the period where the project's own flows allow it
 *      (portfolio.ts); otherwise 不能平衡 with gap (缺口) = need − available of the others in the district when the
 *      project was tried at 全区 (that available is ≥ 0 and < need, so 0 < gap ≤ need). A project not balanced
 *      claims nothing.
 * Consequences (checked by test/engine/balance-properties.test.ts):
 *   - No surplus is claimed twice: Σ claims on a project ≤ its surplus; partners are always in the target's region.
 *   - If a region's offers cover all its needs (Σ available ≥ Σ needs), every project in need of it balances at
 *     that level or a smaller one. For a region without bond-coverage shortfalls that condition is simply its plain
 *     total Σ surpluses ≥ 0, so there allocation never does worse than the old plain-sum rule. (A project short of
 *     bond coverage offers nothing, so a region holding one can be plain-total ≥ 0 and still leave a deficit
 *     unbalanced.) Proof: until a project's turn at that level,
 *     only projects of the same region have claimed from the region's offers (smaller regions nest inside it, and
 *     a claim at any level stays inside the claimant's region), each claiming exactly its own need; so the others'
 *     available is ≥ Σ available − (Σ needs − own need) ≥ own need.
 *   - Order matters only where surplus is scarce: two deficits competing for the same surplus — the earlier one in
 *     the list balances, the later one goes to a larger level, an extension, or 不能平衡.
 * Cost: each region keeps its total available and, once first claimed from, a max-heap of its available projects
 * (stale entries skipped on pop), so the whole allocation is O(n log n) plus the partner lists. With amounts compared
 * at `places` decimals (the portfolio's 万元 at 2) it runs on exact integer units of 10^−places (allocateUnits), in
 * Decimals only where they do not fit 2⁵³ (allocate): the same steps either way.
 */

export type PoolLevel = "area" | "town" | "district";

/** The levels in the order they are tried: smallest region first. */
export const POOL_LEVELS: readonly PoolLevel[] = ["area", "town", "district"];

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
      /**
       * What stays in the region's pool after this claim: Σ available (unclaimed) surplus of the region's other
       * projects when this project's turn came, less its need (≥ 0).
       */
      readonly pooledSurplus: Dec;
      /** Partner ids, largest available first (ties: input order) — the fewest that cover the need. */
      readonly partners: readonly string[];
      /** Σ of the partners' available surplus before the claim (≥ need). */
      readonly partnerSurplus: Dec;
      /** What was claimed from each partner, in the order of `partners`: all its available but the last; Σ = need. */
      readonly claims: readonly Dec[];
    }
  | { readonly kind: "unbalanced"; readonly gap: Dec };

/** A region's total, for summary tables. */
export interface RegionSummary {
  readonly level: PoolLevel;
  readonly name: string;
  /** For a 片区: the 镇街 it belongs to (when towns are known). */
  readonly town?: string;
  /** Σ surpluses of its projects (the plain total, deficits included). */
  readonly surplus: Dec;
  readonly projects: number;
  /**
   * Positions (0-based, in input order) of the projects it pools, as grouped by their normalised names (nameKey):
   * a sheet that sums a region's rows sums these, not the rows whose name is spelled the same.
   */
  readonly members: readonly number[];
}

interface Region {
  /** Position in the index's region list (for the allocation's per-region arrays). */
  readonly key: number;
  readonly level: PoolLevel;
  readonly name: string;
  readonly town?: string;
  /** Σ surpluses of every project (plain total). */
  sum: Dec;
  /** Σ surpluses offered (projects with need 0 and a positive surplus): the available total before any claim. */
  offered: Dec;
  /** sum and offered in units of 10^−places while build adds them up exactly (NaN: beyond the bound, or no places). */
  sumUnits: number;
  offeredUnits: number;
  projects: number;
  /** Positions of its projects, in input order. */
  readonly members: number[];
  /** Member indices that offer a surplus, in input order. */
  readonly offers: number[];
}

/** One heap entry: member `i` had `available` when pushed; valid while its version is still `version`. */
interface Offer {
  readonly i: number;
  readonly available: Dec;
  /** available.toNumber() (by decToNumber, the same number without printing it): orders two offers without a Decimal comparison whenever the two numbers differ. */
  readonly key: number;
  readonly version: number;
}

function offer(i: number, available: Dec, version: number): Offer {
  return { i, available, key: decToNumber(available), version };
}

/** Max-heap of offers: largest available first, then input order. */
class OfferHeap {
  private readonly items: Offer[];

  constructor(items: Offer[]) {
    this.items = items;
    for (let k = (items.length >> 1) - 1; k >= 0; k--) this.down(k);
  }

  push(offer: Offer): void {
    const items = this.items;
    items.push(offer);
    let k = items.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!before(items[k], items[parent])) break;
      [items[k], items[parent]] = [items[parent], items[k]];
      k = parent;
    }
  }

  pop(): Offer | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last !== undefined) {
      items[0] = last;
      this.down(0);
    }
    return top;
  }

  private down(k: number): void {
    const items = this.items;
    const n = items.length;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && before(items[r], items[l]) ? r : l;
      if (!before(items[c], items[k])) return;
      [items[k], items[c]] = [items[c], items[k]];
      k = c;
    }
  }
}

/**
 * a is popped before b. Rounding to the nearest number keeps order (x ≤ y ⇒ number(x) ≤ number(y)), so different keys
 * order the offers as their Decimals do; equal keys are compared exactly by decCmp (decimal.js's comparedTo copies its
 * argument into a new Decimal, and the heap compares offers O(n log n) times).
 */
function before(a: Offer, b: Offer): boolean {
  if (a.key !== b.key) return a.key > b.key;
  const c = decCmp(a.available, b.available);
  return c > 0 || (c === 0 && a.i < b.i);
}

/**
 * Max-heap of offers in integer units (allocateUnits): largest amount first, then input order; entries in three
 * parallel arrays of numbers (member, amount, version) — no object per offer.
 */
class UnitHeap {
  private readonly who: number[] = [];
  private readonly amount: number[] = [];
  private readonly ver: number[] = [];

  get size(): number {
    return this.who.length;
  }

  /** An entry added before heapify (no ordering yet). */
  add(i: number, units: number, version: number): void {
    this.who.push(i);
    this.amount.push(units);
    this.ver.push(version);
  }

  heapify(): void {
    for (let k = (this.who.length >> 1) - 1; k >= 0; k--) this.down(k);
  }

  topIndex(): number {
    return this.who[0];
  }

  topVersion(): number {
    return this.ver[0];
  }

  push(i: number, units: number, version: number): void {
    this.add(i, units, version);
    let k = this.who.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.before(k, parent)) break;
      this.swap(k, parent);
      k = parent;
    }
  }

  pop(): void {
    const last = this.who.length - 1;
    if (last > 0) this.swap(0, last);
    this.who.pop();
    this.amount.pop();
    this.ver.pop();
    if (last > 1) this.down(0);
  }

  /** Entry a is popped before entry b. */
  private before(a: number, b: number): boolean {
    const x = this.amount[a];
    const y = this.amount[b];
    return x > y || (x === y && this.who[a] < this.who[b]);
  }

  private swap(a: number, b: number): void {
    const { who, amount, ver } = this;
    const w = who[a];
    who[a] = who[b];
    who[b] = w;
    const m = amount[a];
    amount[a] = amount[b];
    amount[b] = m;
    const v = ver[a];
    ver[a] = ver[b];
    ver[b] = v;
  }

  private down(k: number): void {
    const n = this.who.length;
    for (;;) {
      const l = 2 * k + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.before(r, l) ? r : l;
      if (!this.before(c, k)) return;
      this.swap(k, c);
      k = c;
    }
  }
}

/** Comparable key of an id or region name: trimmed, full-width → half-width, no spaces, case-folded. */
export function nameKey(s: string): string {
  return normalizeText(s); // which skips NFKC for plain ASCII and CJK text itself
}

/** A member with its amounts as shown (half-up to `places` decimals). */
function shownMember(m: PoolMember, places: number): PoolMember {
  const surplus = roundHalfUp(m.surplus, places);
  return { ...m, surplus, need: m.need === undefined ? undefined : roundHalfUp(m.need, places) };
}

function present(s: string | undefined): s is string {
  return s !== undefined && s.trim() !== "";
}

export interface PoolBuildOptions {
  /** Argument named by a duplicate-id error (default "ids"). */
  readonly idArg?: string;
  /** 1-based row of each member in the user's range, for messages (default i + 1). */
  readonly positions?: readonly number[];
  /**
   * Decimals at which amounts are compared (2 for 万元 as balance tables show them): surpluses and needs are
   * rounded half-up to them before the allocation, so every need and every gap is a multiple of the last shown
   * unit — a deficit that shows as 0.00 is no deficit (项目自平衡), and a gap is never shown as 0.00. Omitted:
   * exact comparison.
   */
  readonly places?: number;
}

const SELF: PoolOutcome = { kind: "self" };

/**
 * A running total of units (members' surpluses as decUnits gives them: exact integers of 10^−places, or NaN; after
 * shownMember's rounding a surplus has at most `places` decimals): itself while within 2⁵³ − 1, NaN from the first
 * partial sum beyond. A sum of two such integers is exact when its exact value is within 2⁵³ − 1 and ≥ 2⁵³ in
 * magnitude when not (rounding is monotone), so checking after every addition keeps the total exact or NaN.
 */
function within(units: number): number {
  return Math.abs(units) <= Number.MAX_SAFE_INTEGER ? units : NaN;
}

/**
 * The projects grouped by 片区, 镇街 and district once (Maps, one pass). The allocation (rule at the top of this
 * file) decides every project at once, since one project's claim changes what is left for the next; it runs on
 * the first `outcome` call and is kept, so asking for many targets of the same list costs one allocation.
 * Build with `PoolIndex.build`.
 */
export class PoolIndex {
  private readonly byId = new Map<string, number>();
  private readonly needs: Dec[];
  private readonly areaOf: (Region | undefined)[];
  private readonly townOf: (Region | undefined)[];
  private readonly district: Region;
  private readonly regionList: Region[] = [];
  private allocated?: readonly PoolOutcome[];

  /** The surpluses' units for the region totals: per member, its surplus in units of 10^−places (NaN: not exact). */
  private readonly units: number[];

  private constructor(
    readonly members: readonly PoolMember[],
    private readonly unitsPlaces?: number,
  ) {
    this.units = unitsPlaces === undefined ? [] : members.map((m) => decUnits(m.surplus, unitsPlaces));
    const n = members.length;
    this.needs = new Array(n);
    this.areaOf = new Array(n);
    this.townOf = new Array(n);
    this.district = this.newRegion("district", DISTRICT_NAME);
  }

  /** Group the members; duplicate ids are an error naming `idArg` and both rows. */
  static build(given: readonly PoolMember[], options: PoolBuildOptions = {}): PoolIndex | DomainError {
    const places = options.places;
    const members = places === undefined ? given : given.map((m) => shownMember(m, places));
    const index = new PoolIndex(members, places);
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
    for (const r of index.regionList) index.totals(r);
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

  /** Σ surpluses of the whole district (plain total, deficits included). */
  get districtSurplus(): Dec {
    return this.district.sum;
  }

  /** Every region's plain total: the district first, then 镇街 and 片区 in order of first appearance. */
  regions(): RegionSummary[] {
    return this.regionList.map((r) => ({
      level: r.level,
      name: r.name,
      town: r.town,
      surplus: r.sum,
      projects: r.projects,
      members: r.members,
    }));
  }

  /**
   * The pooling verdict of project `i` under surplus allocation: self-balanced (need 0), pooled at the level where
   * its turn found enough unclaimed surplus among the other projects of its region, or unbalanced with the gap.
   */
  outcome(i: number): PoolOutcome {
    return this.outcomes()[i];
  }

  /** Every project's verdict, in input order (one allocation, kept). */
  outcomes(): readonly PoolOutcome[] {
    return (this.allocated ??= this.allocateUnits() ?? this.allocate());
  }

  private newRegion(level: PoolLevel, name: string, town?: string): Region {
    const region: Region = {
      key: this.regionList.length,
      level,
      name,
      town,
      sum: ZERO,
      offered: ZERO,
      sumUnits: this.unitsPlaces === undefined ? NaN : 0,
      offeredUnits: this.unitsPlaces === undefined ? NaN : 0,
      projects: 0,
      members: [],
      offers: [],
    };
    this.regionList.push(region);
    return region;
  }

  private join(region: Region, i: number): Region {
    const s = this.members[i].surplus;
    // Each partial sum checked (NaN once beyond 2⁵³ − 1, and NaN stays NaN): see within.
    region.sumUnits = within(region.sumUnits + (this.units[i] ?? NaN));
    region.projects++;
    region.members.push(i);
    if (isPositiveDec(s) && !isPositiveDec(this.needs[i])) {
      region.offeredUnits = within(region.offeredUnits + (this.units[i] ?? NaN));
      region.offers.push(i);
    }
    return region;
  }

  /**
   * A region's sum and offered total once its members are in: from the exact units where every member's surplus had
   * them and every partial sum stayed within 2⁵³ (see within), else Decimal additions over the members in input
   * order, as join made them before. Both are the exact total (a Decimal sum of such values is exact too), and a
   * total of 0 is +0 either way (0 + −0 and x + −x are +0 under half-up rounding).
   */
  private totals(region: Region): void {
    const places = this.unitsPlaces;
    if (places !== undefined && !Number.isNaN(region.sumUnits)) region.sum = decFromUnits(region.sumUnits, places);
    else for (const i of region.members) region.sum = region.sum.plus(this.members[i].surplus);
    if (places !== undefined && !Number.isNaN(region.offeredUnits)) region.offered = decFromUnits(region.offeredUnits, places);
    else for (const i of region.offers) region.offered = region.offered.plus(this.members[i].surplus);
  }

  /**
   * Step 2's order, shared by both allocations: every project in `pending` tried at its 片区, those still unbalanced at
   * their 镇街, then at 全区 (a level the project has no region at is skipped); `tryAt` claims for the project at that
   * region and says whether it balanced there. Returns the projects unbalanced after 全区, in input order.
   */
  private levels(pending: number[], tryAt: (i: number, region: Region, level: PoolLevel) => boolean): number[] {
    for (const level of POOL_LEVELS) {
      const still: number[] = [];
      for (const i of pending) {
        const region = level === "area" ? this.areaOf[i] : level === "town" ? this.townOf[i] : this.district;
        if (!region || !tryAt(i, region, level)) still.push(i);
      }
      pending = still;
    }
    return pending;
  }

  /**
   * allocate, on exact integer units of 10^−places (fen for 万元) instead of Decimals, when build rounded the members
   * to `places` and every surplus, every need and every region's offered total is a safe integer of units: the
   * allocation only compares, subtracts and adds amounts that lie between 0 and a region's offered total, so every
   * step is an exact integer below 2⁵³ and decides as the Decimal steps do (the same comparisons, the same order of
   * offers: amount, then input order). The outcomes' amounts are made from their units; a zero is +0, as the
   * Decimal path's differences are. undefined (allocate runs) when the units do not hold.
   */
  private allocateUnits(): PoolOutcome[] | undefined {
    const places = this.unitsPlaces;
    if (places === undefined) return undefined;
    const members = this.members;
    const n = members.length;
    const surplus = this.units;
    const needs = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const need = decUnits(this.needs[i], places);
      if (Number.isNaN(need) || Number.isNaN(surplus[i])) return undefined;
      needs[i] = need;
    }
    const regions = this.regionList;
    const regionAvailable = new Float64Array(regions.length);
    for (const r of regions) {
      if (Number.isNaN(r.offeredUnits)) return undefined;
      regionAvailable[r.key] = r.offeredUnits;
    }
    const dec = (units: number) => decFromUnits(units, places);
    /** Unclaimed surplus of each project, in units (0 for a project in need or without a surplus). */
    const available = new Float64Array(n);
    const version = new Int32Array(n);
    const heaps: (UnitHeap | undefined)[] = new Array(regions.length);
    const atDistrict = new Float64Array(n);
    const outcomes: PoolOutcome[] = new Array(n);
    let pending: number[] = [];
    for (let i = 0; i < n; i++) {
      if (needs[i] > 0) pending.push(i);
      else {
        available[i] = surplus[i] > 0 ? surplus[i] : 0;
        outcomes[i] = SELF;
      }
    }
    const heapOf = (region: Region): UnitHeap => {
      let heap = heaps[region.key];
      if (!heap) {
        heap = new UnitHeap();
        for (const k of region.offers) if (available[k] > 0) heap.add(k, available[k], version[k]);
        heap.heapify();
        heaps[region.key] = heap;
      }
      return heap;
    };
    const claim = (region: Region, need: number): PoolOutcome => {
      const before = regionAvailable[region.key];
      const heap = heapOf(region);
      const partners: string[] = [];
      const claims: Dec[] = [];
      let partnerSurplus = 0;
      let remaining = need;
      while (remaining > 0 && heap.size > 0) {
        const k = heap.topIndex();
        const stale = heap.topVersion() !== version[k];
        heap.pop();
        if (stale) continue;
        const a = available[k];
        const take = a <= remaining ? a : remaining;
        const left = a - take;
        partners.push(members[k].id);
        // A partner not claimed from before gives its surplus as it is: the Decimal path's claim is that very Decimal.
        claims.push(take === a && version[k] === 0 ? members[k].surplus : dec(take));
        partnerSurplus += a;
        remaining -= take;
        available[k] = left;
        const v = ++version[k];
        const area = this.areaOf[k];
        const town = this.townOf[k];
        for (const r of [area, town, this.district]) {
          if (!r) continue;
          regionAvailable[r.key] -= take;
          const h = heaps[r.key];
          if (h && left > 0) h.push(k, left, v);
        }
      }
      return {
        kind: "pooled",
        level: region.level,
        region: region.name,
        pooledSurplus: dec(before - need),
        partners,
        partnerSurplus: dec(partnerSurplus),
        claims,
      };
    };
    pending = this.levels(pending, (i, region, level) => {
      const others = regionAvailable[region.key];
      if (others >= needs[i]) {
        outcomes[i] = claim(region, needs[i]);
        return true;
      }
      if (level === "district") atDistrict[i] = others;
      return false;
    });
    for (const i of pending) outcomes[i] = { kind: "unbalanced", gap: dec(needs[i] - atDistrict[i]) };
    return outcomes;
  }

  /** Steps 1–4 of the rule for every project at once. */
  private allocate(): PoolOutcome[] {
    const members = this.members;
    const n = members.length;
    const needs = this.needs;
    /** Unclaimed surplus of each project (0 for a project in need or without a surplus). */
    const available: Dec[] = new Array(n);
    /** Bumped whenever `available[i]` changes: heap entries of an older version are stale. */
    const version: number[] = new Array(n).fill(0);
    /** Σ available per region, kept up to date with every claim. */
    const regionAvailable = this.regionList.map((r) => r.offered);
    /** Per region, built when the region is first claimed from. */
    const heaps: (OfferHeap | undefined)[] = new Array(this.regionList.length);
    /** Others' available in the district when the project was tried there (for the gap). */
    const atDistrict: Dec[] = new Array(n);
    const outcomes: PoolOutcome[] = new Array(n);

    let pending: number[] = [];
    for (let i = 0; i < n; i++) {
      const need = needs[i];
      if (isPositiveDec(need)) {
        available[i] = ZERO;
        pending.push(i);
      } else {
        available[i] = isPositiveDec(members[i].surplus) ? members[i].surplus : ZERO;
        outcomes[i] = SELF;
      }
    }

    const regionsOf = (i: number): Region[] => {
      const out: Region[] = [];
      if (this.areaOf[i]) out.push(this.areaOf[i]!);
      if (this.townOf[i]) out.push(this.townOf[i]!);
      out.push(this.district);
      return out;
    };
    const heapOf = (region: Region): OfferHeap => {
      let heap = heaps[region.key];
      if (!heap) {
        const items: Offer[] = [];
        for (const k of region.offers) if (isPositiveDec(available[k])) items.push(offer(k, available[k], version[k]));
        heaps[region.key] = heap = new OfferHeap(items);
      }
      return heap;
    };

    /** A project in need claims `need` from its region: fewest partners, largest available first; consumed. */
    const claim = (region: Region, need: Dec): PoolOutcome => {
      const before = regionAvailable[region.key];
      const heap = heapOf(region);
      const partners: string[] = [];
      const claims: Dec[] = [];
      let partnerSurplus = ZERO;
      let remaining = need;
      while (isPositiveDec(remaining)) {
        const top = heap.pop();
        if (top === undefined) break; // cannot happen: Σ valid entries = region's available ≥ need
        const k = top.i;
        if (top.version !== version[k]) continue;
        const a = available[k];
        const take = decCmp(a, remaining) <= 0 ? a : remaining;
        const left = take === a ? ZERO : a.minus(take);
        partners.push(members[k].id);
        claims.push(take);
        partnerSurplus = partnerSurplus.plus(a);
        remaining = take === a ? remaining.minus(a) : ZERO;
        available[k] = left;
        const v = ++version[k];
        for (const r of regionsOf(k)) {
          regionAvailable[r.key] = regionAvailable[r.key].minus(take);
          const h = heaps[r.key];
          if (h && isPositiveDec(left)) h.push(offer(k, left, v));
        }
      }
      return {
        kind: "pooled",
        level: region.level,
        region: region.name,
        pooledSurplus: before.minus(need),
        partners,
        partnerSurplus,
        claims,
      };
    };

    pending = this.levels(pending, (i, region, level) => {
      // The target offers nothing (it is in need), so the region's available is the others' available.
      const others = regionAvailable[region.key];
      if (decCmp(others, needs[i]) >= 0) {
        outcomes[i] = claim(region, needs[i]);
        return true;
      }
      if (level === "district") atDistrict[i] = others;
      return false;
    });
    for (const i of pending) outcomes[i] = { kind: "unbalanced", gap: needs[i].minus(atDistrict[i]) };
    return outcomes;
  }
}
