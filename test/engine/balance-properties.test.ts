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
 * Laws of the balance check (domain §3), checked against an independent oracle written here from the rules:
 * region membership by plain filtering, others' surplus by plain sums.
 */

const d = (x: number) => new Dec(x);

/** Surpluses in 万元 with up to two decimals (integers of fen ÷ 100, so the Decimals are exact). */
const money = fc.integer({ min: -100000, max: 100000 }).map((fen) => new Dec(fen).div(100));

const memberArb = fc.record({
  area: fc.constantFrom<string | undefined>("东关", "西关", "南塬", undefined),
  town: fc.constantFrom<string | undefined>("城关", "新城", undefined),
  surplus: money,
});

const membersArb = fc
  .array(memberArb, { minLength: 1, maxLength: 25 })
  .map((ms) => ms.map((m, i): PoolMember => ({ ...m, id: `P${i + 1}` })));

/** Members of project i's region at `level` (the oracle: 片区 scoped by 镇街, blanks belong to no region). */
function regionOf(members: readonly PoolMember[], i: number, level: PoolLevel): number[] | undefined {
  const t = members[i];
  if (level === "area" && t.area === undefined) return undefined;
  if (level === "town" && t.town === undefined) return undefined;
  const all = members.map((_, k) => k);
  if (level === "district") return all;
  if (level === "town") return all.filter((k) => members[k].town === t.town);
  return all.filter((k) => members[k].area === t.area && (members[k].town ?? "") === (t.town ?? ""));
}

const sumOf = (members: readonly PoolMember[], ks: readonly number[]) => ks.reduce((a, k) => a.plus(members[k].surplus), d(0));
const needOf = (m: PoolMember) => (m.surplus.isNegative() ? m.surplus.negated() : d(0));
const LEVELS: PoolLevel[] = ["area", "town", "district"];

/** Does project i balance at `level` by the rule: others' surplus in the region ≥ its need. */
function balancesAt(members: readonly PoolMember[], i: number, level: PoolLevel): boolean {
  const region = regionOf(members, i, level);
  if (!region) return false;
  return sumOf(members, region).minus(members[i].surplus).greaterThanOrEqualTo(needOf(members[i]));
}

function build(members: readonly PoolMember[]): PoolIndex {
  const index = PoolIndex.build(members);
  if (isError(index)) throw new Error(index.render().zh);
  return index;
}

describe("pooling laws (domain §3 step 2)", () => {
  it("never reports a level whose pooled surplus is negative, and the pooled surplus is the region's Σ surpluses", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        members.forEach((_, i) => {
          const o = index.outcome(i);
          if (o.kind !== "pooled") return;
          expect(o.pooledSurplus.isNegative() && !o.pooledSurplus.isZero()).toBe(false);
          expect(o.pooledSurplus.equals(sumOf(members, regionOf(members, i, o.level)!))).toBe(true);
        });
      }),
    );
  });

  it("never skips a smaller level that balances: the verdict is the first of self, 片区, 镇街, 全区 that holds", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        members.forEach((m, i) => {
          const o = index.outcome(i);
          const expected = !m.surplus.isNegative() || m.surplus.isZero() ? "self" : LEVELS.find((l) => balancesAt(members, i, l)) ?? "unbalanced";
          expect(o.kind === "pooled" ? o.level : o.kind).toBe(expected);
        });
      }),
    );
  });

  it("partners are positive projects of that region other than the target, largest first, covering the need with the fewest", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        members.forEach((m, i) => {
          const o = index.outcome(i);
          if (o.kind !== "pooled") return;
          const region = regionOf(members, i, o.level)!;
          const ks = o.partners.map((id) => members.findIndex((x) => x.id === id));
          for (const k of ks) {
            expect(k).not.toBe(i);
            expect(region).toContain(k);
            expect(members[k].surplus.greaterThan(0)).toBe(true);
          }
          const surpluses = ks.map((k) => members[k].surplus);
          for (let j = 1; j < surpluses.length; j++) expect(surpluses[j - 1].greaterThanOrEqualTo(surpluses[j])).toBe(true);
          const need = needOf(m);
          expect(o.partnerSurplus.equals(surpluses.reduce((a, b) => a.plus(b), d(0)))).toBe(true);
          expect(o.partnerSurplus.greaterThanOrEqualTo(need)).toBe(true);
          // Fewest: even the k − 1 largest positive others of the region fall short.
          const best = region
            .filter((k) => k !== i && members[k].surplus.greaterThan(0))
            .map((k) => members[k].surplus)
            .sort((a, b) => b.comparedTo(a))
            .slice(0, ks.length - 1)
            .reduce((a, b) => a.plus(b), d(0));
          expect(best.lessThan(need)).toBe(true);
        });
      }),
    );
  });

  it("an unbalanced project's gap is positive and never more than its own deficit", () => {
    fc.assert(
      fc.property(membersArb, (members) => {
        const index = build(members);
        members.forEach((m, i) => {
          const o = index.outcome(i);
          if (o.kind !== "unbalanced") return;
          expect(o.gap.greaterThan(0)).toBe(true);
          expect(o.gap.lessThanOrEqualTo(needOf(m))).toBe(true);
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
  it("verdicts follow the order self → 片区 → 镇街 → 全区 → extend → gap, with nothing skipped", () => {
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
        const result = checkPortfolio({ years, projects: inputs });
        if (isError(result)) throw new Error(result.render().zh);
        const members: PoolMember[] = result.projects.map((r) => ({ id: r.id, area: r.area, town: r.town, surplus: r.surplus }));
        result.projects.forEach((r, i) => {
          const input = inputs[i];
          const end = input.plannedEndYear - 2024 + 1;
          // The surplus is BALANCE over the planned years.
          expect(r.surplus.equals(balanceOf(input.income.slice(0, end), input.cost.slice(0, end)))).toBe(true);
          const others = (level: PoolLevel) => {
            const region = regionOf(members, i, level);
            return region ? sumOf(members, region).minus(r.surplus) : undefined;
          };
          const coverageOk = r.coverageShortfall.isZero();
          if (r.verdict.kind === "self") {
            expect(r.surplus.greaterThanOrEqualTo(0) && coverageOk).toBe(true);
            return;
          }
          expect(r.need.greaterThan(0)).toBe(true);
          const first = LEVELS.find((l) => others(l)?.greaterThanOrEqualTo(r.need));
          if (r.verdict.kind === "pooled") {
            expect(r.verdict.level).toBe(first);
            expect(r.verdict.pooledSurplus.greaterThanOrEqualTo(0)).toBe(true);
            return;
          }
          expect(first).toBeUndefined();
          if (r.verdict.kind === "extended") {
            expect(coverageOk).toBe(true);
            const k = r.verdict.balanceYear - 2024;
            for (let j = k; j < n; j++) expect(r.cumulative[j].greaterThanOrEqualTo(0)).toBe(true);
            expect(r.verdict.extension).toBe(Math.max(0, r.verdict.balanceYear - input.plannedEndYear));
            expect(r.verdict.extension).toBeGreaterThan(0);
          } else {
            expect(r.balanceYear === undefined || !coverageOk).toBe(true);
            expect(r.verdict.gap.greaterThan(0) && r.verdict.gap.lessThanOrEqualTo(r.need)).toBe(true);
          }
        });
      }),
    );
  });
});
