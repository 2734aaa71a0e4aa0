import fc from "fast-check";
import { Dec, ZERO } from "../../src/engine/decimal";
import { roundHalfUp } from "../../src/engine/money";
import { PoolIndex, PoolMember } from "../../src/engine/balance/pool";

/*
 * PoolIndex.build with `places` adds the region totals (Σ surplus, Σ offered) in exact integer units of 10^−places
 * while they fit in 2⁵³ (src/engine/balance/pool.ts unitsOf/within) and by Decimal additions otherwise. Built without
 * `places` on the same members rounded beforehand, it takes the Decimal path throughout: both must give the same
 * regions (value and sign of zero) and the same outcomes, on surpluses with many decimals, near 2⁵³ units, −0, 0.1+0.2.
 * With `places` the allocation itself runs on integer units too (allocateUnits): the same partners, claims, pooled
 * surpluses and gaps, in the same order — among equal offers too (input order), which the second property makes common.
 */

const surplusArb: fc.Arbitrary<Dec> = fc.oneof(
  { weight: 4, arbitrary: fc.integer({ min: -1e8, max: 1e8 }).map((n) => new Dec(n).div(100)) },
  { weight: 2, arbitrary: fc.double({ min: -1e14, max: 1e14, noNaN: true }).map((x) => new Dec(x)) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      ZERO,
      new Dec("0.01"),
      new Dec("0.03"),
      new Dec("-90071992547409.91"),
      // 14 digits (2 digit words): 9,007,199,254,740,900 units of 0.01, just under 2⁵³; two of them are beyond.
      new Dec("90071992547409"),
      new Dec("-90071992547409"),
      new Dec("90071992547407"),
      new Dec(-0),
      new Dec(0.1 + 0.2),
      new Dec("45035996273704.96"),
      new Dec("-45035996273704.96"),
      new Dec("90071992547409.91"),
      new Dec("90071992547409.92"),
      new Dec("1e20"),
      new Dec("-1e20"),
      new Dec("1234567890123456789.125"),
    ),
  },
);

const memberArb: fc.Arbitrary<PoolMember> = fc.record({
  id: fc.string({ minLength: 1, maxLength: 3 }),
  area: fc.option(fc.constantFrom("东片区", "西片区", " 东片区 "), { nil: undefined }),
  town: fc.option(fc.constantFrom("东关街道", "南湖镇"), { nil: undefined }),
  surplus: surplusArb,
  need: fc.option(
    surplusArb.map((x) => x.abs()),
    { nil: undefined },
  ),
});

const shown = (x: Dec) => `${x.isNegative() ? "-" : "+"}${x.toString()}`;
const plain = (v: unknown): unknown =>
  v instanceof Dec
    ? shown(v)
    : Array.isArray(v)
      ? v.map(plain)
      : v && typeof v === "object"
        ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]))
        : v;

describe("pool region totals in exact units equal the Decimal path (property-based)", () => {
  test("regions, district surplus and every outcome", () => {
    fc.assert(
      fc.property(fc.array(memberArb, { minLength: 1, maxLength: 12 }), (given) => {
        const members = given.map((m, i) => ({ ...m, id: `${m.id}#${i}` }));
        const fast = PoolIndex.build(members, { places: 2 });
        const rounded = members.map((m) => ({ ...m, surplus: roundHalfUp(m.surplus, 2), need: m.need && roundHalfUp(m.need, 2) }));
        const slow = PoolIndex.build(rounded, {});
        if (!(fast instanceof PoolIndex) || !(slow instanceof PoolIndex)) throw new Error("duplicate id");
        expect(plain(fast.regions())).toEqual(plain(slow.regions()));
        expect(shown(fast.districtSurplus)).toBe(shown(slow.districtSurplus));
        expect(plain(fast.outcomes())).toEqual(plain(slow.outcomes()));
      }),
      { numRuns: 3000 },
    );
  });

  test("allocation among equal offers: partners and partial claims in the same order (amounts from few values)", () => {
    // Surpluses from a handful of amounts, so that offers tie often: the order among equal amounts (input order)
    // decides which partners a project takes and which one gives the rest of the need.
    const small = fc.constantFrom(-3, -2, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 2).map((x) => new Dec(x));
    const tied = fc.record({
      id: fc.constant("p"),
      area: fc.option(fc.constantFrom("东片区", "西片区"), { nil: undefined }),
      town: fc.option(fc.constant("东关街道"), { nil: undefined }),
      surplus: small,
      need: fc.option(
        small.map((x) => x.abs()),
        { nil: undefined },
      ),
    });
    fc.assert(
      fc.property(fc.array(tied, { minLength: 2, maxLength: 16 }), (given) => {
        const members = given.map((m, i) => ({ ...m, id: `p${i}` }));
        const fast = PoolIndex.build(members, { places: 2 });
        const slow = PoolIndex.build(members, {});
        if (!(fast instanceof PoolIndex) || !(slow instanceof PoolIndex)) throw new Error("duplicate id");
        expect(plain(fast.outcomes())).toEqual(plain(slow.outcomes()));
      }),
      { numRuns: 3000 },
    );
  });

  test("hand-checked: equal offers are taken in input order, the last one partly", () => {
    // B, C and D offer 1 each; A needs 1.5: B gives 1, C the remaining 0.5 (D is not needed), 1.5 stays in the pool.
    const index = PoolIndex.build(
      [
        { id: "A", area: "东片区", surplus: new Dec("-1.5") },
        { id: "B", area: "东片区", surplus: new Dec(1) },
        { id: "C", area: "东片区", surplus: new Dec(1) },
        { id: "D", area: "东片区", surplus: new Dec(1) },
      ],
      { places: 2 },
    );
    if (!(index instanceof PoolIndex)) throw new Error("duplicate id");
    expect(plain(index.outcome(0))).toEqual({
      kind: "pooled",
      level: "area",
      region: "东片区",
      pooledSurplus: "+1.5",
      partners: ["B", "C"],
      partnerSurplus: "+2",
      claims: ["+1", "+0.5"],
    });
  });

  test("hand-checked: 0.1 + 0.2 and −0.3 in one 片区 total exactly +0", () => {
    const index = PoolIndex.build(
      [
        { id: "A", area: "东片区", surplus: new Dec(0.1) },
        { id: "B", area: "东片区", surplus: new Dec(0.2) },
        { id: "C", area: "东片区", surplus: new Dec("-0.3") },
      ],
      { places: 2 },
    );
    if (!(index instanceof PoolIndex)) throw new Error("duplicate id");
    const area = index.regions().find((r) => r.level === "area")!;
    expect(shown(area.surplus)).toBe("+0");
    expect(index.outcome(2)).toMatchObject({ kind: "pooled", level: "area", partners: ["B", "A"] });
  });
});
