import { DomainError } from "../../src/engine/errors";
import { showNumber } from "../../src/engine/text";
import { HELP_TEXT } from "../../src/help/text";
import { FUNCTIONS } from "../../src/registry";
import { hostErrorCode } from "../../src/registry/hostError";
import { call, col, failure } from "../support/invoke";

/*
 * Issue 10 item 7: every returned number carries the fen or is refused; displayed parts add up to displayed totals;
 * each displayed part depends only on its own inputs; impossible provisions are refused; a zero gap is no deficit;
 * numbers in messages are shown as a user writes them.
 */

const rows = (r: unknown) => r as (string | number)[][];

describe("FEETABLE: 尾差 on the area rows, parts independent of unrelated arguments", () => {
  // Ar 80.07, Ad 6671.24, private, k 1.5: k·Ar = 120.105 ㎡ exempt, 6671.24 − 120.105 = 6551.135 ㎡ at half rate.
  // Rounded half-up: 120.11 + 6551.14 = 6671.25, one fen of area too many. Both moved up by 0.005; the tie goes to the
  // larger part, so 6551.135 → 6551.13: 120.11 + 6551.13 + 0 = 6671.24 = Ad.
  test('FEETABLE(80.07,6671.24,150,"民间资本") area rows add up to 6671.24', () => {
    const t = rows(call("FEETABLE", 80.07, 6671.24, 150, "民间资本"));
    expect(t.slice(0, 4).map((r) => r[1])).toEqual([80.07, 120.11, 6551.13, 0]);
    // E = 80.07·150 + 120.105·150 + 6551.135·75 = 12010.5 + 18015.75 + 491335.125 = 521361.375 → 521361.38
    // base fee (80.07 + 6671.24)·150 = 6751.31·150 = 1012696.5; base due 1012696.50 − 521361.38 = 491335.12
    expect(t[4][1]).toBe(521361.38);
    expect(t[5][1]).toBe(491335.12);
    expect(t[9][1]).toBe(1012696.5);
  });

  // 基础部分应缴 is the base fee rounded less E rounded, whatever collectRate is: the 代收 row is rounded on its own.
  // Ar 14.08, Ad 48.9, private, r 14.75: k·Ar = 21.12 exempt, 48.9 − 21.12 = 27.78 at half rate.
  // E = 14.08·14.75 + 21.12·14.75 + 27.78·7.375 = 207.68 + 311.52 + 204.8775 = 724.0775 → 724.08
  // base fee 62.98 × 14.75 = 928.955 → 928.96; base due 928.96 − 724.08 = 204.88
  // collectRate 1.52: 代收 62.98 × 1.52 = 95.7296 → 95.73; total due 204.88 + 95.73 = 300.61; gross 724.08 + 300.61.
  // (The old rounding took due = round(62.98 × 16.27 = 1024.6846) − 724.08 = 300.60 and moved base due to 204.87.)
  test("基础部分应缴 does not move when collectRate is set", () => {
    const plain = rows(call("FEETABLE", 14.08, 48.9, 14.75, "民间资本"));
    const withCollect = rows(call("FEETABLE", 14.08, 48.9, 14.75, "民间资本", 1.5, 1.52));
    expect(plain[5][1]).toBe(204.88);
    expect(withCollect[5][1]).toBe(204.88);
    expect(withCollect[6][1]).toBe(95.73);
    expect(withCollect[8][1]).toBe(300.61);
    expect(withCollect[9][1]).toBe(1024.69);
  });

  // Ar 1000, Ad 3000, private, r 150.07, collectRate 7.005, k 1.5: exempt area 1500, half 1500.
  // E = 1000·150.07 + 1500·150.07 + 1500·75.035 = 150070 + 225105 + 112552.5 = 487727.5
  // base fee 4000·150.07 = 600280 → base due 600280 − 487727.5 = 112552.5; 代收 4000 × 7.005 = 28020.
  test("base due with and without 代收资金 is the same row", () => {
    const a = rows(call("FEETABLE", 1000, 3000, 150.07, "民间资本"));
    const b = rows(call("FEETABLE", 1000, 3000, 150.07, "民间资本", 1.5, 7.005));
    expect(a[5][1]).toBe(112552.5);
    expect(b[5][1]).toBe(112552.5);
    expect(b[6][1]).toBe(28020);
    expect(b[8][1]).toBe(140572.5);
  });
});

describe("results beyond 9e13 are refused with a message, never returned without their fen", () => {
  // 9e14 ㎡ × 150 元 = 1.35e17 元 — far beyond 2⁵³ ÷ 100.
  test("FEEEXEMPT of 1.35e17 元 is an error with code resultTooLarge", () => {
    const r = call("FEEEXEMPT", 9e14, 9e14, 150) as DomainError;
    expect(r).toBeInstanceOf(DomainError);
    expect(r.code).toBe("resultTooLarge");
    expect(failure("FEEEXEMPT", 9e14, 9e14, 150).zh).toContain("135000000000000000");
  });

  // 999999999999999 ÷ 1e-10 ≈ 1e25: the old output printed 9.999999999999999e+24. Refused by the coverage bound
  // (MAX_COVERAGE = 9e11, below the result bound 9e13): coverageOutOfRange.
  test("COVERAGE with a vanishing debt service is refused instead of printing 9.999999999999999e+24", () => {
    const r = call("COVERAGE", col(1e15 - 1), col(1e-10)) as DomainError;
    expect(r.code).toBe("coverageOutOfRange");
  });

  test("just below the limit a result is returned: 89,999,999,999,999.99 元", () => {
    // COMPENSATION(1, 89999999999999.99) = 1 × 89,999,999,999,999.99
    expect(call("COMPENSATION", 1, 89999999999999.99)).toBe(89999999999999.99);
  });
});

describe("LANDNET refuses provisions above the income", () => {
  test("LANDNET(1000,0,0.6,0.6,0.5) is an error naming irrigationRate and eduRate", () => {
    const r = call("LANDNET", 1000, 0, 0.6, 0.6, 0.5) as DomainError;
    expect(r.code).toBe("landRatesAboveIncome");
    expect(r.params.arg).toBe("irrigationRate");
    expect(failure("LANDNET", 1000, 0, 0.6, 0.6, 0.5).zh).toContain("农田水利比例(irrigationRate)与教育资金比例(eduRate)之和为 1.2");
  });
});

describe("BALANCELEVEL: a gap that shows as 0.00 万元 is no deficit", () => {
  // Decision (documented in pool.ts): amounts are compared as balance tables show them, 万元 to 2 decimals.
  // −0.000001 万元 (one fen) shows as 0.00: the project balances itself.
  test("a deficit of −0.000001 万元 is 项目自平衡, never 不能平衡，缺口 0.00 万元", () => {
    expect(call("BALANCELEVEL", "X", col("X", "Y"), col(-0.000001, 0), col("A", "A"))).toBe("项目自平衡");
  });

  // Need 100.00; the other project's 99.996 shows as 100.00, which covers it.
  test("a surplus that shows as the need covers it", () => {
    expect(call("BALANCELEVEL", "X", col("X", "Y"), col(-100, 99.996), col("A", "A"))).toBe("片区平衡（A）");
  });

  // Need 100.00, available 99.994 → 99.99: gap 0.01, shown as such.
  test("a real gap is at least 0.01 万元", () => {
    expect(call("BALANCELEVEL", "X", col("X", "Y"), col(-100, 99.994), col("A", "A"))).toBe("不能平衡，缺口 0.01 万元");
  });
});

describe("numbers in messages are shown as a user writes them", () => {
  test("showNumber drops binary noise and exponents", () => {
    expect(showNumber(0.1 + 0.2)).toBe("0.3");
    expect(showNumber(1e21)).toBe("1000000000000000000000");
    expect(showNumber(-0)).toBe("0");
    expect(showNumber(1234560012.35)).toBe("1234560012.35");
  });

  // (22000 + 2500) ÷ 10000 = 2.45 > 0.1 + 0.2: the message shows the maximum as 0.3.
  test("FAREXTRA's message shows 0.3, not 0.30000000000000004", () => {
    const zh = failure("FAREXTRA", 5000000, 2000, 10000, 22000, 0.1 + 0.2).zh;
    expect(zh).toContain("超过上限 0.3（");
    expect(zh).not.toContain("0.30000000000000004");
  });
});

describe("help pages promise the error codes the functions return", () => {
  // Excel attaches messages to #VALUE! and #N/A only, so #DIV/0! and #NUM! conditions are shown as #VALUE!.
  test("no help text mentions #DIV/0! or #NUM!, which no function shows", () => {
    expect(hostErrorCode("DIV0")).toBe("VALUE");
    expect(hostErrorCode("NUM")).toBe("VALUE");
    for (const f of FUNCTIONS) {
      const h = HELP_TEXT[f.id];
      const text = [h.ruleZh, h.ruleEn, ...(h.remarksZh ?? []), ...(h.remarksEn ?? []), f.returns.zh, f.returns.en].join(" ");
      expect(`${f.id}: ${/#DIV\/0!|#NUM!/.test(text) ? "mentions #DIV/0! or #NUM!" : "ok"}`).toBe(`${f.id}: ok`);
    }
  });

  test("COVERAGE with debt service 0 returns #VALUE! as its help page says", () => {
    const r = call("COVERAGE", col(1000), col(0)) as DomainError;
    expect(hostErrorCode(r.kind)).toBe("VALUE");
    expect(getHelp("COVERAGE")).toContain("#VALUE!");
  });
});

function getHelp(id: string): string {
  const h = HELP_TEXT[id];
  return [h.ruleZh, h.ruleEn, ...(h.remarksZh ?? []), ...(h.remarksEn ?? [])].join(" ");
}
