import fc from "fast-check";
import { Dec } from "../../src/engine/decimal";
import { isError } from "../../src/engine/errors";
import {
  PoolIndex,
  PoolLevel,
  PoolMember,
  ProjectInput,
  balanceOf,
  balanceYear,
  checkPortfolio,
  cumulative,
} from "../../src/engine/balance";

/*
 * Laws of the balance check (domain §3), checked against an independent oracle written here from the rule
 * (src/engine/balance/pool.ts): region membership by plain filtering, availability in a plain array, every level
 * pass simulated naively — no heaps, no running totals, partners found by sorting the region each time.
 */

const d = (x: number) => new Dec(x);
const ZERO = d(0);

/**
 * Surpluses in 万元 with up to two decimals (integers of fen ÷ 100, so the Decimals are exact), mixed with round
 * hundreds so that equal amounts (ties), exact fits and partial claims are frequent.
 */
const money = fc.oneof(
  { arbitrary: fc.integer({ min: -100000, max: 100000 }).map((fen) => new Dec(fen).div(100)), weight: 1 },
  { arbitrary: fc.integer({ min: -6, max: 3 }).map((h) => new Dec(h * 100)), weight: 3 },
);
const positiveMoney = fc.integer({ min: 1, max: 100000 }).map((fen) => new Dec(fen).div(100));

const place = {
  area: fc.constantFrom<string | undefined>("东关", "西关", "南塬", undefined),
  town: fc.constantFrom<string | undefined>("城关", "新城", undefined),
};

/** Plain members: need = max(0, −surplus). */
const plainMembersArb = fc
  .array(fc.record({ ...place, surplus: money }), { minLength: 1, maxLength: 25 })
  .map((ms) => ms.map((m, i): PoolMember => ({ ...m, id: `P${i + 1}` })));

/** Members of which some carry an explicit (coverage) need, possibly above their deficit. */
const membersArb = fc
  .array(fc.record({ ...place, surplus: money, need: fc.option(positiveMoney, { freq: 4, nil: undefined }) }), {
    minLength: 1,
    maxLength: 25,
  })
  .map((ms) => ms.map((m, i): PoolMember => ({ ...m, id: `P${i + 1}` })));

/** Members of project i's region at `level` (片区 scoped by 镇街, blanks belong to no region). */
function regionOf(members: readonly PoolMember[], i: number, level: PoolLevel): number[] | undefined {
  const t = members[i];
  if (level === "area" && t.area === undefined) return undefined;
  if (level === "town" && t.town === undefined) return undefined;
  const all = members.map((_, k) => k);
  if (level === "district") return all;
  if (level === "town") return all.filter((k) => members[k].town === t.town);
  return all.filter((k) => members[k].area === t.area && (members[k].town ?? "") === (t.town ?? ""));
}

const total = (xs: readonly Dec[]) => xs.reduce((a, b) => a.plus(b), ZERO);
const needOf = (m: PoolMember) => Dec.max(ZERO, m.surplus.negated(), m.need ?? ZERO);
const LEVELS: PoolLevel[] = ["area", "town", "district"];

/** What the oracle saw and decided for one project. */
interface Simulated {
  readonly need: Dec;
  /** Others' available surplus in its region when its turn came at each level it was tried at. */
  readonly seen: Partial<Record<PoolLevel, Dec>>;
  verdict: "self" | PoolLevel | "unbalanced";
  partners: number[];
  claims: Dec[];
  /** Availability of every project just before its claim (pooled only). */
  availableBefore?: Dec[];
}

/** The rule, simulated naively: offers, then a 片区 pass, a 镇街 pass and a 全区 pass in input order. */
function simulate(members: readonly PoolMember[]): Simulated[] {
  const sims: Simulated[] = members.map((m) => ({ need: needOf(m), seen: {}, verdict: "self", partners: [], claims: [] }));
  const available = members.map((m, i) => (sims[i].need.isZero() && m.surplus.greaterThan(0) ? m.surplus : ZERO));
  let pending = members.map((_, i) => i).filter((i) => sims[i].need.greaterThan(0));
  for (const level of LEVELS) {
    const still: number[] = [];
    for (const i of pending) {
      const sim = sims[i];
      const region = regionOf(members, i, level);
      if (!region) {
        still.push(i);
        continue;
      }
      const others = region.filter((k) => k !== i);
      const seen = total(others.map((k) => available[k]));
      sim.seen[level] = seen;
      if (seen.lessThan(sim.need)) {
        still.push(i);
        continue;
      }
      sim.verdict = level;
      sim.availableBefore = available.slice();
      const order = others.filter((k) => available[k].greaterThan(0)).sort((x, y) => available[y].comparedTo(available[x]) || x - y);
      let remaining = sim.need;
      for (const k of order) {
        if (!remaining.greaterThan(0)) break;
        const take = Dec.min(available[k], remaining);
        sim.partners.push(k);
        sim.claims.push(take);
        available[k] = available[k].minus(take);
        remaining = remaining.minus(take);
      }
    }
    pending = still;
  }
  for (const i of pending) sims[i].verdict = "unbalanced";
  return sims;
}

function build(members: readonly PoolMember[]): PoolIndex {
  const index = PoolIndex.build(members);
  if (isError(index)) throw new Error(index.render().zh);
  return index;
}

const isNeg = (x: Dec) => x.isNegative() && !x.isZero();

describe("surplus allocation laws (domain §3 step 2)", () => {
  it("the engine's verdicts, partners, claims, pooled surplus and gaps are the oracle's", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        const sims = simulate(members);
        members.forEach((_, i) => {
          const o = index.outcome(i);
          const sim = sims[i];
          expect(o.kind === "pooled" ? o.level : o.kind).toBe(sim.verdict);
          if (o.kind === "pooled") {
            expect(o.partners).toEqual(sim.partners.map((k) => members[k].id));
            expect(o.claims.map(String)).toEqual(sim.claims.map(String));
            const seen = sim.seen[o.level]!;
            expect(o.pooledSurplus.equals(seen.minus(sim.need))).toBe(true);
            expect(o.partnerSurplus.equals(total(sim.partners.map((k) => sim.availableBefore![k])))).toBe(true);
          }
          if (o.kind === "unbalanced") expect(o.gap.equals(sim.need.minus(sim.seen.district!))).toBe(true);
        });
      }),
      { numRuns: 500 }, // ties between equal amounts decide partner order: give them room to occur
    );
  });

  it("the pooled surplus reported is never negative, and the partners' surplus covers the need", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        members.forEach((_, i) => {
          const o = index.outcome(i);
          if (o.kind !== "pooled") return;
          expect(isNeg(o.pooledSurplus)).toBe(false);
          expect(o.partnerSurplus.greaterThanOrEqualTo(index.needOf(i))).toBe(true);
        });
      }),
    );
  });

  it("no surplus is claimed twice: Σ claims on a project ≤ its surplus, only offering projects are claimed from, Σ claims of a verdict = need", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        const claimed = members.map(() => ZERO);
        members.forEach((_, i) => {
          const o = index.outcome(i);
          if (o.kind !== "pooled") return;
          expect(o.claims).toHaveLength(o.partners.length);
          expect(total(o.claims).equals(index.needOf(i))).toBe(true);
          o.partners.forEach((id, j) => {
            const k = index.indexOf(id)!;
            expect(o.claims[j].greaterThan(0)).toBe(true);
            claimed[k] = claimed[k].plus(o.claims[j]);
          });
        });
        members.forEach((m, k) => {
          if (claimed[k].isZero()) return;
          expect(index.needOf(k).isZero()).toBe(true); // a project in need offers nothing
          expect(claimed[k].lessThanOrEqualTo(m.surplus)).toBe(true);
        });
      }),
    );
  });

  it("partners are in the target's region, never the target, largest available first and the fewest that cover the need", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        const sims = simulate(members);
        members.forEach((_, i) => {
          const o = index.outcome(i);
          if (o.kind !== "pooled") return;
          const region = regionOf(members, i, o.level)!;
          const before = sims[i].availableBefore!;
          const ks = o.partners.map((id) => index.indexOf(id)!);
          for (const k of ks) {
            expect(k).not.toBe(i);
            expect(region).toContain(k);
          }
          for (let j = 1; j < ks.length; j++) expect(before[ks[j - 1]].greaterThanOrEqualTo(before[ks[j]])).toBe(true);
          // Fewest: the k − 1 largest available amounts of the others fall short of the need.
          const best = region
            .filter((k) => k !== i)
            .map((k) => before[k])
            .sort((x, y) => y.comparedTo(x))
            .slice(0, ks.length - 1);
          expect(total(best).lessThan(index.needOf(i))).toBe(true);
        });
      }),
    );
  });

  it("a pooled project's level is the smallest at which the others' unclaimed surplus covered it when its turn came", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        const sims = simulate(members);
        members.forEach((_, i) => {
          const o = index.outcome(i);
          const { need, seen } = sims[i];
          if (o.kind === "self") {
            expect(need.isZero()).toBe(true);
            return;
          }
          const tried = LEVELS.filter((l) => seen[l] !== undefined);
          const at = o.kind === "pooled" ? LEVELS.indexOf(o.level) : LEVELS.length;
          for (const l of tried) {
            if (LEVELS.indexOf(l) < at) expect(seen[l]!.lessThan(need)).toBe(true);
          }
          if (o.kind === "pooled") expect(seen[o.level]!.greaterThanOrEqualTo(need)).toBe(true);
        });
      }),
    );
  });

  it("a region whose plain total Σ surpluses ≥ 0 balances every deficit of it at that level or a smaller one", () => {
    fc.assert(
      fc.property(plainMembersArb, (members) => {
        const index = build(members);
        members.forEach((m, i) => {
          if (!isNeg(m.surplus)) return;
          const o = index.outcome(i);
          for (const level of LEVELS) {
            const region = regionOf(members, i, level);
            if (!region || isNeg(total(region.map((k) => members[k].surplus)))) continue;
            expect(o.kind).toBe("pooled");
            if (o.kind === "pooled") expect(LEVELS.indexOf(o.level)).toBeLessThanOrEqual(LEVELS.indexOf(level));
          }
        });
      }),
    );
  });

  it("with coverage needs: a region whose offers cover all its needs balances every project in need of it at that level or smaller", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        const needs = members.map(needOf);
        const offer = (k: number) => (needs[k].isZero() && members[k].surplus.greaterThan(0) ? members[k].surplus : ZERO);
        members.forEach((_, i) => {
          if (needs[i].isZero()) return;
          const o = index.outcome(i);
          for (const level of LEVELS) {
            const region = regionOf(members, i, level);
            if (!region || total(region.map(offer)).lessThan(total(region.map((k) => needs[k])))) continue;
            expect(o.kind === "pooled" && LEVELS.indexOf(o.level) <= LEVELS.indexOf(level)).toBe(true);
          }
        });
      }),
    );
  });

  it("an unbalanced project's gap is positive and never more than its need", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        members.forEach((_, i) => {
          const o = index.outcome(i);
          if (o.kind !== "unbalanced") return;
          expect(o.gap.greaterThan(0)).toBe(true);
          expect(o.gap.lessThanOrEqualTo(index.needOf(i))).toBe(true);
        });
      }),
    );
  });
});

const flowsArb = fc.array(fc.integer({ min: -1000, max: 1000 }), { minLength: 1, maxLength: 30 });

describe("balance year laws (domain §3 step 3)", () => {
  it("the balance year's cumulative balance and every later one are ≥ 0, and the year before is < 0", () => {
    fc.assert(
      fc.property(flowsArb, fc.integer({ min: 1990, max: 2100 }), (flows, first) => {
        const years = flows.map((_, k) => first + k);
        const net = flows.map(d);
        const cum = cumulative(net);
        const y = balanceYear(years, net);
        if (isError(y)) {
          expect(cum[cum.length - 1].lessThan(0)).toBe(true);
          return;
        }
        const k = y - first;
        for (let j = k; j < cum.length; j++) expect(cum[j].greaterThanOrEqualTo(0)).toBe(true);
        if (k > 0) expect(cum[k - 1].lessThan(0)).toBe(true);
      }),
    );
  });
});

/** Random portfolios: up to 12 projects over 1–8 years, some with bonds. */
const portfolioArb = fc.integer({ min: 1, max: 8 }).chain((n) =>
  fc.record({
    n: fc.constant(n),
    projects: fc.array(
      fc.record({
        area: fc.constantFrom<string | undefined>("东关", "西关", undefined),
        town: fc.constantFrom<string | undefined>("城关", "新城", undefined),
        income: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: n, maxLength: n }),
        cost: fc.array(fc.integer({ min: 0, max: 500 }), { minLength: n, maxLength: n }),
        debt: fc.option(fc.array(fc.integer({ min: 0, max: 300 }), { minLength: n, maxLength: n })),
        endOffset: fc.integer({ min: 0, max: n - 1 }),
      }),
      { minLength: 1, maxLength: 12 },
    ),
  }),
);

describe("checkPortfolio laws", () => {
  it("verdicts follow self → allocation (片区 → 镇街 → 全区, as the oracle simulates it) → extend → gap", () => {
    fc.assert(
      fc.property(portfolioArb, ({ n, projects }) => {
        const years = Array.from({ length: n }, (_, k) => 2024 + k);
        const inputs: ProjectInput[] = projects.map((p, i) => ({
          id: `P${i + 1}`,
          area: p.area,
          town: p.town,
          income: p.income.map(d),
          cost: p.cost.map(d),
          debtService: p.debt ? p.debt.map(d) : undefined,
          plannedEndYear: 2024 + p.endOffset,
        }));
        const result = checkPortfolio({ years, projects: inputs }, { coverageThreshold: new Dec(1.2) });
        if (isError(result)) throw new Error(result.render().zh);
        const members: PoolMember[] = result.projects.map((r) => ({
          id: r.id,
          area: r.area,
          town: r.town,
          surplus: r.surplus,
          need: r.need,
        }));
        const sims = simulate(members);
        result.projects.forEach((r, i) => {
          const input = inputs[i];
          const end = input.plannedEndYear - 2024 + 1;
          // The surplus is BALANCE over the planned years.
          expect(r.surplus.equals(balanceOf(input.income.slice(0, end), input.cost.slice(0, end)))).toBe(true);
          const coverageOk = r.coverageShortfall.isZero();
          const sim = sims[i];
          if (r.verdict.kind === "self") {
            expect(r.surplus.greaterThanOrEqualTo(0) && coverageOk).toBe(true);
            return;
          }
          expect(r.need.greaterThan(0)).toBe(true);
          if (r.verdict.kind === "pooled") {
            expect(r.verdict.level).toBe(sim.verdict);
            expect(r.verdict.pooledSurplus.greaterThanOrEqualTo(0)).toBe(true);
            return;
          }
          expect(sim.verdict).toBe("unbalanced");
          if (r.verdict.kind === "extended") {
            expect(coverageOk).toBe(true);
            const k = r.verdict.balanceYear - 2024;
            for (let j = k; j < n; j++) expect(r.cumulative[j].greaterThanOrEqualTo(0)).toBe(true);
            expect(r.verdict.extension).toBe(Math.max(0, r.verdict.balanceYear - input.plannedEndYear));
            expect(r.verdict.extension).toBeGreaterThan(0);
          } else {
            expect(r.balanceYear === undefined || !coverageOk).toBe(true);
            expect(r.verdict.gap.equals(r.need.minus(sim.seen.district!))).toBe(true);
            expect(r.verdict.gap.greaterThan(0) && r.verdict.gap.lessThanOrEqualTo(r.need)).toBe(true);
          }
        });
      }),
    );
  });
});
