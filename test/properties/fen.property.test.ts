import fc from "fast-check";
import DecimalBase from "decimal.js";
import { DomainError } from "../../src/engine/errors";
import { MAX_RESULT } from "../../src/engine/decimal";
import { call } from "../support/invoke";
import { seedFor } from "./guard";

/*
 * Issue 10 item 7, as laws over the whole accepted input range (|x| < 1e15): a returned table's displayed parts add
 * up to its displayed totals, always — or the call is refused with a coded error. The sums are done in an
 * independent decimal.js clone on the numbers as returned (what a user's =SUM would see, exactly).
 */
const X = DecimalBase.clone({ precision: 80 });
const x = (n: unknown) => new X(n as number);
const RUNS = 400;

/** A number of the accepted range with up to `dp` decimals, biased to every order of magnitude. */
const amount = (dp: number, maxExp = 15) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxExp - 1 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: dp }))
    .map(([e, f, d]) => {
      const v = Number((f * 10 ** e).toFixed(d));
      return v >= 1e15 ? 999999999999999 : v;
    });

function refusedWithCode(r: unknown): boolean {
  return r instanceof DomainError && ["resultTooLarge", "tooLarge"].includes(r.code);
}

function everyNumberFits(t: unknown[][]): void {
  for (const row of t) for (const v of row) if (typeof v === "number") expect(Math.abs(v)).toBeLessThan(MAX_RESULT);
}

describe("displayed parts = displayed totals over every accepted input, or a coded refusal", () => {
  test("FEETABLE: 基础 + 代收 + 地铁 = 应缴合计; 减免 + 应缴合计 = 总额; development area parts = development area", () => {
    let tables = 0;
    fc.assert(
      fc.property(
        amount(2),
        amount(2),
        amount(4, 6),
        fc.constantFrom("政府", "民间资本"),
        fc.constantFrom(null, 1, 1.5, 2.25),
        amount(4, 4),
        amount(4, 4),
        (ar, ad, r, inv, k, rc, rm) => {
          const t = call("FEETABLE", ar, ad, r, inv, k, rc, rm);
          if (t instanceof DomainError) {
            expect(refusedWithCode(t)).toBe(true);
            return;
          }
          tables++;
          const v = (t as (string | number)[][]).map((row) => x(row[1]));
          everyNumberFits(t as unknown[][]);
          expect(v[1].plus(v[2]).plus(v[3]).toString()).toBe(x(ad).toDecimalPlaces(2, X.ROUND_HALF_UP).toString());
          expect(v[5].plus(v[6]).plus(v[7]).toString()).toBe(v[8].toString());
          expect(v[4].plus(v[8]).toString()).toBe(v[9].toString());
        },
      ),
      { numRuns: RUNS, seed: seedFor("fen FEETABLE") },
    );
    expect(tables).toBeGreaterThan(RUNS / 4); // most accepted inputs give a table, not a refusal
  });

  test("BONDSERVICE: each column of the years adds up to its 合计 row; each row's 本息 = 利息 + 还本; Σ 还本 = principal", () => {
    let tables = 0;
    const shares = (term: number) =>
      fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: term, maxLength: term }).map((w) => {
        const total = w.reduce((a, b) => a + b, 0);
        if (total === 0) return null;
        // Shares in thousandths adding up to exactly 1: the last takes the rest.
        const th = w.map((n) => Math.floor((n * 1000) / total));
        th[term - 1] += 1000 - th.reduce((a, b) => a + b, 0);
        return th.map((n) => [n / 1000]);
      });
    const args = fc.integer({ min: 1, max: 30 }).chain((term) =>
      fc.tuple(
        amount(2),
        fc.integer({ min: 0, max: 2000 }).map((n) => n / 10000),
        fc.constant(term),
        fc.constantFrom(null, 2025),
        fc.oneof(fc.constant(null), shares(term)),
      ),
    );
    fc.assert(
      fc.property(args, ([principal, rate, term, start, sh]) => {
        const t = call("BONDSERVICE", principal, rate, term, start, sh as never);
        if (t instanceof DomainError) {
          expect(`${t.code}`).toBe("resultTooLarge");
          return;
        }
        tables++;
        const rows = t as (string | number)[][];
        everyNumberFits(rows);
        const body = rows.slice(1, -1);
        const total = rows[rows.length - 1];
        for (const c of [2, 3, 4]) {
          const sum = body.reduce((s, row) => s.plus(x(row[c])), x(0));
          expect(`${c}:${sum.toString()}`).toBe(`${c}:${x(total[c]).toString()}`);
        }
        for (const row of body) expect(x(row[2]).plus(x(row[3])).toString()).toBe(x(row[4]).toString());
        expect(x(total[3]).toString()).toBe(x(principal).toDecimalPlaces(2, X.ROUND_HALF_UP).toString());
      }),
      { numRuns: RUNS, seed: seedFor("fen BONDSERVICE") },
    );
    expect(tables).toBeGreaterThan(RUNS / 4);
  });
});
