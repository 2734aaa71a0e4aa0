import "../support/customFunctions";
import Decimal from "decimal.js";
import fc from "fast-check";
import { excelResult } from "../../src/functions/runtime";
import { getFunction } from "../../src/registry";
import { CustomFunctionsError } from "../support/customFunctions";
import { showArgs } from "./arbitraries";
import { seedFor, withinTime } from "./guard";

/*
 * The money invariants of the domain (domain.md §0, §1.1, §2, §3, §4) as named properties. The expected
 * side is computed here, independently, with decimal.js — never by calling the code under test twice.
 * A property whose function is not (yet) in the registry is skipped under a name that says so.
 */

/** Exact reference arithmetic: enough digits for any product of the inputs below, even 1e±300. */
const X = Decimal.clone({ precision: 2000, rounding: Decimal.ROUND_HALF_UP, toExpNeg: -9e15, toExpPos: 9e15 });
type X = InstanceType<typeof X>;
const x = (n: number | string | X) => new X(n);
const round2 = (d: X) => d.toDecimalPlaces(2, X.ROUND_HALF_UP);
const CENT = x("0.01");

const RUNS = 400;

/**
 * Call the Excel adapter for `id`; a call that does not return in time is a violation. After a first hang the
 * limit tightens (a call takes well under 10 ms), so that shrinking a hang does not eat the time budget.
 */
let hangs = 0;
function call(id: string, args: readonly unknown[]): unknown {
  const limit = hangs ? 50 : 1000;
  const run = withinTime(() => excelResult(id, args), limit);
  if (!run.done) {
    hangs++;
    throw new Error(`SHANTY.${id}(${showArgs(args).slice(1, -1)}) did not return within ${limit} ms — it hangs`);
  }
  return run.value;
}

/** The number a function returned; anything else (error included) is a violation for valid input. */
function num(id: string, args: readonly unknown[], v: unknown): X {
  if (typeof v !== "number" || !Number.isFinite(v)) {
    const shown = v instanceof CustomFunctionsError ? `${v.code} ${v.message}` : JSON.stringify(v);
    throw new Error(`SHANTY.${id}(${showArgs(args).slice(1, -1)}) returned ${shown}, expected a number`);
  }
  return x(v);
}

function table(id: string, args: readonly unknown[], v: unknown): (string | number | boolean)[][] {
  if (!Array.isArray(v)) {
    const shown = v instanceof CustomFunctionsError ? `${v.code} ${v.message}` : JSON.stringify(v);
    throw new Error(`SHANTY.${id}(${showArgs(args).slice(1, -1)}) returned ${shown}, expected a table`);
  }
  return v as (string | number | boolean)[][];
}

function expectEq(what: string, args: readonly unknown[], got: X, expected: X): void {
  if (!got.equals(expected))
    throw new Error(`${what}: got ${got.toString()}, expected ${expected.toString()} for (${showArgs(args).slice(1, -1)})`);
}

function expectNear(what: string, args: readonly unknown[], got: X, exact: X, tolerance: X = CENT): void {
  if (got.minus(exact).abs().greaterThan(tolerance)) {
    throw new Error(
      `${what}: shown ${got.toString()} is more than ${tolerance.toString()} from the exact ${exact.toString()} for (${showArgs(args).slice(1, -1)})`,
    );
  }
}

/** `it` when every function the property needs is in the registry, otherwise a clearly named skip. */
function property(name: string, ids: readonly string[], body: () => void): void {
  const missing = ids.filter((id) => !getFunction(id));
  if (missing.length === 0) it(name, body);
  else it.skip(`${name} — skipped: ${missing.join(", ")} not in the registry yet`, body);
}

// ---------------------------------------------------------------------------------------------------------
// Generators of valid, realistic arguments: decimals with up to 3 places, so half-cent ties (…0.005) occur.

const dec3 = (max: number) => fc.integer({ min: 0, max: max * 1000 }).map((n) => n / 1000);
const dec2 = (max: number) => fc.integer({ min: 0, max: max * 100 }).map((n) => n / 100);
const investor = fc.constantFrom("政府", "民间资本", "社会资本", "government", "private", null);
const isPrivate = (inv: string | null) => inv !== null && ["民间资本", "社会资本", "private"].includes(inv);

interface FeeArgs {
  ar: number;
  ad: number;
  r: number;
  inv: string | null;
  k: number | null;
  rc: number;
  rm: number;
}
const feeArgs: fc.Arbitrary<FeeArgs> = fc.record({
  ar: fc.oneof(dec3(200_000), dec2(1_000)),
  ad: fc.oneof(dec3(500_000), dec2(1_000)),
  r: fc.oneof(dec3(500), dec2(300)),
  inv: investor,
  k: fc.oneof(fc.constant(null), dec2(5)),
  rc: fc.oneof(fc.constant(0), dec3(100)),
  rm: fc.oneof(fc.constant(0), dec3(100)),
});

/** Domain §1.1, computed here: E, the three due parts and the gross, exact. */
function feeExact(a: FeeArgs) {
  const ar = x(a.ar);
  const ad = x(a.ad);
  const r = x(a.r);
  const k = x(a.k ?? 1.5);
  const total = ar.plus(ad);
  let exempt = ar.times(r);
  if (isPrivate(a.inv)) {
    const within = X.min(ad, k.times(ar));
    const beyond = X.max(0, ad.minus(k.times(ar)));
    exempt = exempt.plus(within.times(r)).plus(beyond.times(r).div(2));
  }
  const baseDue = total.times(r).minus(exempt);
  const collect = total.times(a.rc);
  const metro = total.times(a.rm);
  const baseGross = total.times(r);
  // As displayed: each part rounded on its own inputs; totals are the sums of the parts shown.
  const shownCollect = round2(collect);
  const shownMetro = round2(metro);
  const shownGross = round2(baseGross).plus(shownCollect).plus(shownMetro);
  return {
    exempt,
    baseDue,
    collect,
    metro,
    baseGross,
    shownCollect,
    shownMetro,
    shownGross,
    due: baseDue.plus(collect).plus(metro),
    gross: total.times(r.plus(a.rc).plus(a.rm)),
  };
}

const feeExemptArgs = (a: FeeArgs) => [a.ar, a.ad, a.r, a.inv, a.k];
const feeDueArgs = (a: FeeArgs) => [a.ar, a.ad, a.r, a.inv, a.k, a.rc, a.rm];

describe("money invariants", () => {
  property(
    "exempt plus due equals gross: FEEEXEMPT + FEEDUE = base fee, 代收资金 and 地铁专项 each rounded to the fen, as displayed",
    ["FEEEXEMPT", "FEEDUE"],
    () => {
      fc.assert(
        fc.property(feeArgs, (a) => {
          const e = feeExact(a);
          const exempt = num("FEEEXEMPT", feeExemptArgs(a), call("FEEEXEMPT", feeExemptArgs(a)));
          const due = num("FEEDUE", feeDueArgs(a), call("FEEDUE", feeDueArgs(a)));
          expectEq("FEEEXEMPT is E rounded half-up", feeDueArgs(a), exempt, round2(e.exempt));
          expectEq("FEEEXEMPT + FEEDUE is the sum of the parts rounded half-up", feeDueArgs(a), exempt.plus(due), e.shownGross);
          // …which is within a fen per rounded part (3 parts: 1.5 fen) of the exact gross.
          expect(exempt.plus(due).minus(e.gross).abs().lessThanOrEqualTo("0.015")).toBe(true);
        }),
        { numRuns: RUNS, seed: seedFor("invariant 1") },
      );
    },
  );

  property(
    "exempt plus due equals gross at any magnitude: FEEEXEMPT and FEEDUE are right to the displayed precision, or an error — never a wrong number or a hang",
    ["FEEEXEMPT", "FEEDUE"],
    () => {
      const big = fc.oneof(fc.constantFrom(1e20, 1e40, 1e60, 1e100, 1e300), fc.double({ min: 1e15, max: 1e308, noNaN: true }), dec3(1000));
      const small = fc.oneof(fc.constantFrom(0, 1, 100, 1e-300), dec3(100));
      const extreme: fc.Arbitrary<FeeArgs> = fc.record({
        ar: fc.oneof(big, small),
        ad: fc.oneof(big, small),
        r: fc.oneof(big, small),
        inv: investor,
        k: fc.constantFrom(null, 1.5, 2),
        rc: small,
        rm: small,
      });
      fc.assert(
        fc.property(extreme, (a) => {
          const e = feeExact(a);
          for (const [id, args, exact] of [
            ["FEEEXEMPT", feeExemptArgs(a), e.exempt],
            ["FEEDUE", feeDueArgs(a), e.due],
          ] as const) {
            const got = call(id, args);
            if (got instanceof CustomFunctionsError) continue; // out of range may be refused, with a message
            const expected = round2(exact);
            // One cent: FEEDUE is gross − exempt as displayed (so that they add up), which may differ by a cent
            // from its own exact value rounded; beyond that, only a double's own rounding (~16 digits).
            const tolerance = X.max(CENT, expected.abs().times("4e-16"));
            expectNear(`${id} at large magnitudes`, args, num(id, args, got), expected, tolerance);
          }
        }),
        { numRuns: RUNS, seed: seedFor("invariant 2") },
      );
    },
  );

  property(
    "fee table parts add up to its totals: base due + 代收资金 + 地铁专项 = total due, exempt + total due = gross (FEETABLE)",
    ["FEETABLE", "FEEEXEMPT", "FEEDUE"],
    () => {
      fc.assert(
        fc.property(feeArgs, (a) => {
          const args = feeDueArgs(a);
          const rows = table("FEETABLE", args, call("FEETABLE", args));
          const value = (pattern: RegExp): X => {
            const row = rows.find((r) => typeof r[0] === "string" && pattern.test(r[0]));
            if (!row) throw new Error(`FEETABLE has no row matching ${pattern}: ${JSON.stringify(rows)}`);
            return num("FEETABLE", args, row[1]);
          };
          const e = feeExact(a);
          const exempt = value(/减免/);
          const base = value(/基础部分应缴/);
          const collect = value(/代收/);
          const metro = value(/地铁/);
          const due = value(/应缴合计/);
          const gross = value(/总额/);
          expectEq("FEETABLE base + 代收 + 地铁 = 应缴合计", args, base.plus(collect).plus(metro), due);
          expectEq("FEETABLE 减免 + 应缴合计 = 总额", args, exempt.plus(due), gross);
          expectEq("FEETABLE 总额 is the sum of the parts, each rounded half-up", args, gross, e.shownGross);
          expectEq("FEETABLE 减免 is E rounded half-up", args, exempt, round2(e.exempt));
          expectEq("FEETABLE base due is the base fee rounded less E rounded", args, base, round2(e.baseGross).minus(round2(e.exempt)));
          expectEq("FEETABLE 代收资金 is rounded on its own", args, collect, e.shownCollect);
          expectEq("FEETABLE 地铁专项 is rounded on its own", args, metro, e.shownMetro);
          // Each displayed part depends only on its own inputs: the base due without 代收/地铁 is the same row.
          const plain = [a.ar, a.ad, a.r, a.inv, a.k, 0, 0];
          const plainRows = table("FEETABLE", plain, call("FEETABLE", plain));
          expectEq("FEETABLE base due does not move with collectRate/metroRate", args, base, num("FEETABLE", plain, plainRows[5][1]));
          // Area rows: the development parts add up to the development area shown (尾差), the resettlement row is Ar.
          const areas = rows.slice(1, 4).map((r) => num("FEETABLE", args, r[1]));
          expectEq("FEETABLE development area parts = development area", args, areas[0].plus(areas[1]).plus(areas[2]), round2(x(a.ad)));
          expectEq("FEETABLE 安置面积 row", args, num("FEETABLE", args, rows[0][1]), round2(x(a.ar)));
          expectEq("FEETABLE 减免 = FEEEXEMPT", args, exempt, num("FEEEXEMPT", feeExemptArgs(a), call("FEEEXEMPT", feeExemptArgs(a))));
          expectEq("FEETABLE 应缴合计 = FEEDUE", args, due, num("FEEDUE", args, call("FEEDUE", args)));
        }),
        { numRuns: RUNS, seed: seedFor("invariant 3") },
      );
    },
  );

  property(
    "compensation equals the sum of its breakdown rows: COMPTABLE parts add up to its total, which is COMPENSATION (domain §2)",
    ["COMPTABLE", "COMPENSATION"],
    () => {
      const compArgs = fc.tuple(
        fc.oneof(dec3(500), dec2(200)), // area ㎡
        fc.oneof(dec3(50_000), dec2(20_000)), // unitPrice 元/㎡
        fc.oneof(fc.constant(null), dec3(100)), // relocRate 元/㎡
        fc.oneof(fc.constant(null), dec3(50)), // tempRate 元/㎡·月
        fc.oneof(fc.constant(null), fc.integer({ min: 0, max: 48 }), dec2(48)), // tempMonths
        fc.constantFrom(null, 1, 2), // moves
        fc.oneof(fc.constant(null), dec3(1_000)), // bonusRate 元/㎡
        fc.oneof(fc.constant(null), dec2(100_000)), // lumpSum 元
      );
      fc.assert(
        fc.property(compArgs, (args) => {
          const [area, price, reloc, temp, months, moves, bonus, lump] = args.map((v) => (v === null ? undefined : v));
          const A = x(area!);
          const parts = [
            A.times(price!), // house value
            A.times(reloc ?? 0).times(moves ?? 1), // relocation, × moves
            A.times(temp ?? 0).times(months ?? 0), // temporary resettlement
            A.times(bonus ?? 0), // incentives
            x(lump ?? 0), // lump sum
          ];
          const exactTotal = parts.reduce((s, p) => s.plus(p), x(0));
          const rows = table("COMPTABLE", args, call("COMPTABLE", args));
          const values = rows.map((r) => num("COMPTABLE", args, r[r.length - 1]));
          const total = values[values.length - 1];
          const shownParts = values.slice(0, -1);
          expectEq(
            "COMPTABLE parts add up to its total row",
            args,
            shownParts.reduce((s, p) => s.plus(p), x(0)),
            total,
          );
          expectEq("COMPTABLE total is the exact total rounded half-up", args, total, round2(exactTotal));
          expectEq("COMPTABLE total = COMPENSATION", args, total, num("COMPENSATION", args, call("COMPENSATION", args)));
          if (shownParts.length !== parts.length)
            throw new Error(`COMPTABLE shows ${shownParts.length} parts, domain §2 has ${parts.length}: ${JSON.stringify(rows)}`);
          shownParts.forEach((p, i) => expectNear(`COMPTABLE part ${i + 1} (${String(rows[i][0])})`, args, p, parts[i]));
        }),
        { numRuns: RUNS, seed: seedFor("invariant 4") },
      );
    },
  );

  property(
    "plan table parts add up to the displayed totals: each column of PLANTABLE sums to its 合计 row (domain §0, §4)",
    ["PLANTABLE"],
    () => {
      const project = fc.record({
        year: fc.integer({ min: 2024, max: 2027 }),
        households: fc.integer({ min: 0, max: 3000 }),
        area: fc.oneof(
          dec2(200_000),
          dec3(50_000),
          fc.integer({ min: 0, max: 9 }).map((n) => 33_335 + n),
        ),
        investment: fc.oneof(
          fc.integer({ min: 0, max: 90_000 }).map((n) => n / 10_000 + n),
          dec2(50_000),
        ),
      });
      const input = fc.record({
        projects: fc.array(project, { minLength: 1, maxLength: 12 }),
        withInvestment: fc.boolean(),
        // Trailing empty rows of a generous selection: 0 on Excel desktop, null on the web.
        trailingBlanks: fc.integer({ min: 0, max: 3 }),
        blank: fc.constantFrom<0 | null>(0, null),
      });
      fc.assert(
        fc.property(input, ({ projects, withInvestment, trailingBlanks, blank }) => {
          const column = (f: (p: (typeof projects)[number]) => number) => [
            ...projects.map((p) => [f(p)]),
            ...Array.from({ length: trailingBlanks }, () => [blank]),
          ];
          const args: unknown[] = [column((p) => p.year), column((p) => p.households), column((p) => p.area)];
          if (withInvestment) args.push(column((p) => p.investment));
          const rows = table("PLANTABLE", args, call("PLANTABLE", args));
          const header = rows[0].map(String);
          const col = (pattern: RegExp) => {
            const i = header.findIndex((h) => pattern.test(h));
            if (i < 0) throw new Error(`PLANTABLE has no column ${pattern}: ${JSON.stringify(header)}`);
            return i;
          };
          const cProjects = col(/项目数/);
          const cHouseholds = col(/户数/);
          const cArea = col(/面积/);
          const cInvest = withInvestment ? col(/投资/) : -1;
          const totalRow = rows[rows.length - 1];
          if (totalRow[0] !== "合计") throw new Error(`PLANTABLE's last row is not 合计: ${JSON.stringify(totalRow)}`);
          const yearRows = rows.slice(1, -1);
          const years = [...new Set(projects.map((p) => p.year))].sort((p, q) => p - q);
          expect(yearRows.map((r) => r[0])).toEqual(years);

          const columnSum = (c: number) => yearRows.reduce((s, r) => s.plus(num("PLANTABLE", args, r[c])), x(0));
          const totalOf = (c: number) => num("PLANTABLE", args, totalRow[c]);
          for (const c of [cProjects, cHouseholds, cArea, ...(withInvestment ? [cInvest] : [])]) {
            expectEq(`PLANTABLE column ${header[c]} adds up to 合计`, args, columnSum(c), totalOf(c));
          }
          const exactArea = (ps: typeof projects) => ps.reduce((s, p) => s.plus(p.area), x(0)).div(10_000);
          const exactInvest = (ps: typeof projects) => ps.reduce((s, p) => s.plus(p.investment), x(0));
          expectEq("PLANTABLE 合计 项目数", args, totalOf(cProjects), x(projects.length));
          expectEq(
            "PLANTABLE 合计 户数",
            args,
            totalOf(cHouseholds),
            projects.reduce((s, p) => s.plus(p.households), x(0)),
          );
          expectEq("PLANTABLE 合计 改造面积 (万㎡) is the exact total rounded half-up", args, totalOf(cArea), round2(exactArea(projects)));
          if (withInvestment)
            expectEq("PLANTABLE 合计 投资 is the exact total rounded half-up", args, totalOf(cInvest), round2(exactInvest(projects)));
          yearRows.forEach((r) => {
            const ofYear = projects.filter((p) => p.year === r[0]);
            expectEq(`PLANTABLE ${String(r[0])} 项目数`, args, num("PLANTABLE", args, r[cProjects]), x(ofYear.length));
            expectEq(
              `PLANTABLE ${String(r[0])} 户数`,
              args,
              num("PLANTABLE", args, r[cHouseholds]),
              ofYear.reduce((s, p) => s.plus(p.households), x(0)),
            );
            expectNear(`PLANTABLE ${String(r[0])} 改造面积`, args, num("PLANTABLE", args, r[cArea]), exactArea(ofYear));
            if (withInvestment) expectNear(`PLANTABLE ${String(r[0])} 投资`, args, num("PLANTABLE", args, r[cInvest]), exactInvest(ofYear));
          });
        }),
        { numRuns: RUNS, seed: seedFor("invariant 5") },
      );
    },
  );

  property(
    "bond schedule repays exactly the principal issued: BONDSERVICE's 还本 column adds up to the principal, interest to its rounded total (domain §3)",
    ["BONDSERVICE"],
    () => {
      const bond = fc
        .record({
          principal: fc.oneof(
            dec2(10_000_000_000),
            dec3(1_000_000),
            fc.integer({ min: 1, max: 1_000 }).map((n) => n * 100_000_000),
          ),
          rate: fc.oneof(
            fc.integer({ min: 0, max: 1_000 }).map((n) => n / 10_000),
            fc.constantFrom(0.035, 0.0333, 1 / 3 / 10),
          ),
          term: fc.integer({ min: 1, max: 30 }),
          startYear: fc.constantFrom(null, 2024, 2025, 2030),
          staged: fc.boolean(),
        })
        .chain((b) =>
          // Staged shares: term cut points in basis points, so that they add up to exactly 1 as decimals.
          fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: b.term - 1, maxLength: b.term - 1 }).map((cuts) => {
            const points = [0, ...cuts.sort((p, q) => p - q), 10_000];
            const shares = points.slice(1).map((p, i) => (p - points[i]) / 10_000);
            return { ...b, shares: b.staged ? shares : null };
          }),
        );
      fc.assert(
        fc.property(bond, (b) => {
          const args: unknown[] = [b.principal, b.rate, b.term, b.startYear];
          if (b.shares) args.push(b.shares.map((s) => [s]));
          const rows = table("BONDSERVICE", args, call("BONDSERVICE", args));
          const header = rows[0].map(String);
          const col = (pattern: RegExp) => {
            const i = header.findIndex((h) => pattern.test(h));
            if (i < 0) throw new Error(`BONDSERVICE has no column ${pattern}: ${JSON.stringify(header)}`);
            return i;
          };
          const [cYear, cOpening, cInterest, cRepaid, cService] = [col(/年度/), col(/期初/), col(/利息/), col(/还本/), col(/本息/)];
          const yearRows = rows.filter((r) => typeof r[cYear] === "number");
          const totalRow = rows.find((r) => r[cYear] === "合计");

          // Exact schedule (domain §3): interest = outstanding × rate; staged repays P × share, the last year the rest.
          const P = x(b.principal);
          let outstanding = P;
          const exactInterest: X[] = [];
          const exactRepaid: X[] = [];
          for (let k = 0; k < b.term; k++) {
            const repaid = k === b.term - 1 ? outstanding : b.shares ? P.times(b.shares[k]) : x(0);
            exactInterest.push(outstanding.times(b.rate));
            exactRepaid.push(repaid);
            outstanding = outstanding.minus(repaid);
          }
          const first = b.startYear ?? 1;
          expect(yearRows.map((r) => r[cYear])).toEqual(Array.from({ length: b.term }, (_, k) => first + k));

          const v = (r: (string | number | boolean)[], c: number) => num("BONDSERVICE", args, r[c]);
          const repaidSum = yearRows.reduce((s, r) => s.plus(v(r, cRepaid)), x(0));
          const interestSum = yearRows.reduce((s, r) => s.plus(v(r, cInterest)), x(0));
          expectEq("BONDSERVICE 还本 adds up to the principal issued (rounded to the fen)", args, repaidSum, round2(P));
          expectEq(
            "BONDSERVICE 利息 adds up to the exact interest rounded half-up",
            args,
            interestSum,
            round2(exactInterest.reduce((s, i) => s.plus(i), x(0))),
          );
          if (totalRow) {
            expectEq("BONDSERVICE 合计 还本", args, v(totalRow, cRepaid), repaidSum);
            expectEq("BONDSERVICE 合计 利息", args, v(totalRow, cInterest), interestSum);
            expectEq("BONDSERVICE 合计 本息", args, v(totalRow, cService), repaidSum.plus(interestSum));
          }
          let opening = round2(P);
          yearRows.forEach((r, k) => {
            expectEq(`BONDSERVICE ${String(r[cYear])} 本息合计 = 利息 + 还本`, args, v(r, cService), v(r, cInterest).plus(v(r, cRepaid)));
            expectEq(`BONDSERVICE ${String(r[cYear])} 期初本金 = previous less principal repaid`, args, v(r, cOpening), opening);
            expectNear(`BONDSERVICE ${String(r[cYear])} 利息`, args, v(r, cInterest), exactInterest[k]);
            expectNear(`BONDSERVICE ${String(r[cYear])} 还本`, args, v(r, cRepaid), exactRepaid[k]);
            opening = opening.minus(v(r, cRepaid));
          });
        }),
        { numRuns: RUNS, seed: seedFor("invariant 6") },
      );
    },
  );
});
