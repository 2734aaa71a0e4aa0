import fc from "fast-check";
import {
  classifyVillagerStatus,
  compensation,
  CompensationInput,
  countVillagers,
  showCompensation,
  swapDifference,
} from "../../src/engine/compensation";
import { Dec, dec, sum } from "../../src/engine/decimal";
import { isError } from "../../src/engine/errors";
import { call, failure as errorOf } from "../support/invoke";

function input(over: Partial<Record<keyof CompensationInput, number>>): CompensationInput {
  const v = {
    area: 0,
    unitPrice: 0,
    relocRate: 0,
    tempRate: 0,
    tempMonths: 0,
    moves: 1,
    bonusRate: 0,
    lumpSum: 0,
    ...over,
  };
  return {
    area: dec(v.area),
    unitPrice: dec(v.unitPrice),
    relocRate: dec(v.relocRate),
    tempRate: dec(v.tempRate),
    tempMonths: dec(v.tempMonths),
    moves: v.moves,
    bonusRate: dec(v.bonusRate),
    lumpSum: dec(v.lumpSum),
  };
}

const tiers = (caps: number[], prices: number[]) => ({
  caps: caps.map(dec),
  prices: prices.map(dec),
});

describe("COMPENSATION / COMPTABLE", () => {
  // 80 ㎡ at 12,000 元/㎡, relocation 15 元/㎡, temporary resettlement 20 元/㎡·月 × 6, incentive 200 元/㎡, lump 10,000:
  // house 80×12000 = 960,000; relocation 80×15×1 = 1,200; temporary 80×20×6 = 9,600; incentive 80×200 = 16,000;
  // total 960,000 + 1,200 + 9,600 + 16,000 + 10,000 = 996,800.
  test("cash compensation adds house value, one relocation, temporary resettlement and incentives", () => {
    const b = compensation(
      input({
        area: 80,
        unitPrice: 12000,
        relocRate: 15,
        tempRate: 20,
        tempMonths: 6,
        moves: 1,
        bonusRate: 200,
        lumpSum: 10000,
      }),
    );
    expect(b.houseValue.toNumber()).toBe(960000);
    expect(b.relocation.toNumber()).toBe(1200);
    expect(b.tempResettlement.toNumber()).toBe(9600);
    expect(b.incentive.toNumber()).toBe(16000);
    expect(b.total.toNumber()).toBe(996800);
    expect(call("COMPENSATION", 80, 12000, 15, 20, 6, 1, 200, 10000)).toBe(996800);
  });

  // Same household, property swap: relocation 80×15×2 = 2,400 (move out and move back) → total 996,800 + 1,200 = 998,000.
  test("relocation is paid twice for a property swap", () => {
    expect(compensation(input({ area: 80, relocRate: 15, moves: 2 })).relocation.toNumber()).toBe(2400);
    expect(call("COMPENSATION", 80, 12000, 15, 20, 6, 2, 200, 10000)).toBe(998000);
  });

  test("optional arguments default to 0 and one move", () => {
    // 50 × 9,000 = 450,000; relocation 50 × 10 × 1 = 500.
    expect(call("COMPENSATION", 50, 9000)).toBe(450000);
    expect(call("COMPENSATION", 50, 9000, 10)).toBe(450500);
    expect(call("COMPENSATION", 50, 9000, 10, null, null, null)).toBe(450500);
  });

  test("COMPTABLE spills labelled rows whose total equals COMPENSATION", () => {
    // 100×10000 = 1,000,000; 100×20×2 = 4,000; 100×15×24 = 36,000; 100×300 = 30,000; lump 20,000 → 1,090,000.
    expect(call("COMPTABLE", 100, 10000, 20, 15, 24, 2, 300, 20000)).toEqual([
      ["房屋价值", 1000000],
      ["搬迁费", 4000],
      ["临时安置费", 36000],
      ["奖励补助", 30000],
      ["一次性奖励", 20000],
      ["合计", 1090000],
    ]);
    expect(call("COMPENSATION", 100, 10000, 20, 15, 24, 2, 300, 20000)).toBe(1090000);
  });

  // Four parts of exactly 0.005 each (0.5 ㎡ × 0.01): exact total 0.02. Each part alone rounds up to 0.01, which
  // would show 0.04 against a total of 0.02; 尾差调整 takes 0.01 back from two parts (ties → the earlier ones).
  test("table rows are apportioned so they add up to the rounded total (尾差调整)", () => {
    const shown = showCompensation(
      compensation(
        input({
          area: 0.5,
          unitPrice: 0.01,
          relocRate: 0.01,
          tempRate: 0.01,
          tempMonths: 1,
          bonusRate: 0.01,
        }),
      ),
    );
    expect(shown.total.toString()).toBe("0.02");
    expect([shown.houseValue, shown.relocation, shown.tempResettlement, shown.incentive, shown.lumpSum].map(String)).toEqual([
      "0",
      "0",
      "0.01",
      "0.01",
      "0",
    ]);
    expect(call("COMPTABLE", 0.5, 0.01, 0.01, 0.01, 1, 1, 0.01, 0)).toEqual([
      ["房屋价值", 0],
      ["搬迁费", 0],
      ["临时安置费", 0.01],
      ["奖励补助", 0.01],
      ["一次性奖励", 0],
      ["合计", 0.02],
    ]);
    expect(call("COMPENSATION", 0.5, 0.01, 0.01, 0.01, 1, 1, 0.01, 0)).toBe(0.02);
  });

  test("negative months are refused with a message naming tempMonths", () => {
    const e = errorOf("COMPENSATION", 80, 12000, 15, 20, -3);
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("临时安置月数(tempMonths)");
    expect(e.zh).toContain("-3");
  });

  test("moves other than 1 or 2, text and negative areas are refused naming the argument", () => {
    expect(errorOf("COMPENSATION", 80, 12000, 15, 0, 0, 3).zh).toContain("搬迁次数(moves)");
    expect(errorOf("COMPENSATION", 80, 12000, 15, 0, 0, 1.5).zh).toContain("搬迁次数(moves)");
    expect(errorOf("COMPENSATION", "80㎡", 12000).zh).toContain("被征收房屋面积(area)");
    expect(errorOf("COMPTABLE", -1, 12000).zh).toContain("被征收房屋面积(area)");
  });

  // Law: whatever the inputs, the rows COMPTABLE shows add up exactly to the total it shows, which is COMPENSATION.
  test("property: total compensation equals the sum of its breakdown rows as displayed", () => {
    const amount = (max: number) => fc.double({ min: 0, max, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        amount(500),
        amount(50000),
        amount(100),
        amount(50),
        amount(48),
        fc.constantFrom(1, 2),
        amount(1000),
        amount(100000),
        (area, unitPrice, relocRate, tempRate, tempMonths, moves, bonusRate, lumpSum) => {
          const args = [area, unitPrice, relocRate, tempRate, tempMonths, moves, bonusRate, lumpSum];
          const table = call("COMPTABLE", ...args) as [string, number][];
          const total = call("COMPENSATION", ...args) as number;
          const parts = table.slice(0, 5).map((r) => dec(r[1]));
          expect(sum(parts).equals(dec(table[5][1]))).toBe(true);
          expect(table[5][1]).toBe(total);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("BIZLOSS", () => {
  test("loss is house value × loss rate", () => {
    expect(call("BIZLOSS", 2000000, 0.05)).toBe(100000); // 2,000,000 × 5%
    expect(call("BIZLOSS", 1234567.89, 0.035)).toBe(43209.88); // 43,209.87615 → 43,209.88 (half-up)
  });

  test("a loss rate above 1 is refused as a share", () => {
    const e = errorOf("BIZLOSS", 2000000, 5);
    expect(e.zh).toContain("损失比例(lossRate)");
    expect(e.zh).toContain("0 到 1");
  });
});

describe("SWAPDIFF", () => {
  // 15 ㎡ extra: the first 10 at 3,000, the other 5 at 8,000 → 30,000 + 40,000 = 70,000.
  test("catalogue example: extra area priced tier by tier", () => {
    expect((swapDifference(dec(60), dec(75), tiers([10], [3000, 8000]), dec(0)) as Dec).toNumber()).toBe(70000);
    expect(call("SWAPDIFF", 60, 75, [[10]], [[3000, 8000]])).toBe(70000);
  });

  test("two caps: each tier of extra area at its own price, the last beyond the last cap", () => {
    // extra 30: 10×2,000 + 10×5,000 + 10×9,000 = 20,000 + 50,000 + 90,000 = 160,000
    expect(call("SWAPDIFF", 50, 80, [[10], [20]], [[2000], [5000], [9000]])).toBe(160000);
    // extra 15: 10×2,000 + 5×5,000 = 45,000 (the last tier is not reached)
    expect(call("SWAPDIFF", 50, 65, [[10], [20]], [[2000], [5000], [9000]])).toBe(45000);
  });

  test("within the old area and within the first tier", () => {
    expect(call("SWAPDIFF", 60, 60, [[10]], [[3000, 8000]])).toBe(0);
    expect(call("SWAPDIFF", 60, 65.5, [[10]], [[3000, 8000]])).toBe(16500); // 5.5 × 3,000
  });

  test("a smaller new home is refunded the shortfall at the refund price (negative)", () => {
    // (80 − 70) × 4,000 = 40,000 refunded
    expect(call("SWAPDIFF", 80, 70, [[10]], [[3000, 8000]], 4000)).toBe(-40000);
    expect(call("SWAPDIFF", 80, 70, [[10]], [[3000, 8000]])).toBe(0); // refundPrice defaults to 0
  });

  test("no caps: one price for all extra area", () => {
    expect(call("SWAPDIFF", 60, 70, null, [[5000]])).toBe(50000); // 10 × 5,000
  });

  test("blank cells are skipped and trailing zeros (desktop Excel's empty cells) ignored", () => {
    expect(call("SWAPDIFF", 60, 75, [[10], [null], [0]], [[3000], [8000], [0]])).toBe(70000);
  });

  test("unsorted caps are refused naming tierCaps", () => {
    const e = errorOf("SWAPDIFF", 60, 75, [[10, 5]], [[3000, 5000, 8000]]);
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("档位上限(tierCaps)");
    expect(e.zh).toContain("递增");
    expect(errorOf("SWAPDIFF", 60, 75, [[10, 10]], [[3000, 5000, 8000]]).zh).toContain("档位上限(tierCaps)");
  });

  test("caps must be greater than 0", () => {
    const e = errorOf("SWAPDIFF", 60, 75, [[-5, 10]], [[3000, 5000, 8000]]);
    expect(e.zh).toContain("档位上限(tierCaps)第 1 个上限应大于 0");
  });

  test("prices not one more than the caps are refused naming tierPrices", () => {
    const e = errorOf("SWAPDIFF", 60, 75, [[10]], [[3000]]);
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("档位价格(tierPrices)");
    expect(e.zh).toContain("应有价格 2 个，收到 1 个");
    expect(errorOf("SWAPDIFF", 60, 75, [[10]], [[3000, 5000, 8000]]).zh).toContain("档位价格(tierPrices)");
  });

  test("text in a tier range is refused naming the cell", () => {
    expect(errorOf("SWAPDIFF", 60, 75, [["10㎡"]], [[3000, 8000]]).zh).toContain("档位上限(tierCaps)第 1 个单元格");
    expect(errorOf("SWAPDIFF", 60, 75, [[10]], [[3000, -1]]).zh).toContain("档位价格(tierPrices)第 2 个价格不能为负");
  });

  // Law: a larger new home never costs the household less (prices and the refund price are ≥ 0).
  test("property: SWAPDIFF never decreases as the new area grows", () => {
    const capsArb = fc
      .uniqueArray(fc.integer({ min: 1, max: 10000 }), { maxLength: 4 })
      .map((xs) => xs.sort((a, b) => a - b).map((x) => x / 100));
    fc.assert(
      fc.property(
        capsArb,
        fc.array(fc.integer({ min: 0, max: 2000000 }), {
          minLength: 5,
          maxLength: 5,
        }),
        fc.integer({ min: 0, max: 20000 }),
        fc.integer({ min: 0, max: 30000 }),
        fc.integer({ min: 0, max: 30000 }),
        fc.integer({ min: 0, max: 30000 }),
        (caps, priceCents, refund, old, a, b) => {
          const prices = priceCents.slice(0, caps.length + 1).map((p) => p / 100);
          const [lo, hi] = a <= b ? [a / 100, b / 100] : [b / 100, a / 100];
          const oldArea = old / 100;
          const t = tiers(caps, prices);
          const dLo = swapDifference(dec(oldArea), dec(lo), t, dec(refund));
          const dHi = swapDifference(dec(oldArea), dec(hi), t, dec(refund));
          expect(isError(dLo) || isError(dHi)).toBe(false);
          expect((dLo as Dec).lessThanOrEqualTo(dHi as Dec)).toBe(true);
          const shownLo = call("SWAPDIFF", oldArea, lo, [caps], [prices], refund) as number;
          const shownHi = call("SWAPDIFF", oldArea, hi, [caps], [prices], refund) as number;
          expect(shownLo).toBeLessThanOrEqual(shownHi);
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("VILLAGERS", () => {
  // Counted: 农业户口, 在校学生（户口迁出）, 现役军人, 服刑人员, 农村户口, 义务兵, 在押人员, " 农 业 " (spaces),
  // 農業戶口 (traditional) = 9. Not counted: 非农业户口, 城镇户口, 退役军人（非农业户口）, 非农, 农转非. Blank skipped.
  test("villagers counted from a mixed status list (X Art. 9)", () => {
    const statuses = [
      ["农业户口"],
      ["非农业户口"],
      ["在校学生（户口迁出）"],
      ["现役军人"],
      ["服刑人员"],
      [null],
      ["城镇户口"],
      ["农村户口"],
      ["义务兵"],
      ["在押人员"],
      ["退役军人（非农业户口）"],
      [" 农 业 "],
      ["農業戶口"],
      ["非农"],
      ["农转非"],
    ];
    expect(call("VILLAGERS", statuses)).toBe(9);
  });

  test("full-width characters and wordings are tolerated", () => {
    expect(classifyVillagerStatus("农业　户口")).toBe("agricultural");
    expect(classifyVillagerStatus("（服兵役）")).toBe("soldier");
    expect(classifyVillagerStatus("大学生")).toBe("student");
    expect(classifyVillagerStatus("服役士兵")).toBe("soldier");
    expect(classifyVillagerStatus("城镇居民户口")).toBe("nonAgricultural");
    expect(classifyVillagerStatus("刑满释放")).toBeUndefined(); // no longer a prisoner, and no hukou stated
    expect(classifyVillagerStatus("军人家属（城镇户口）")).toBe("nonAgricultural");
  });

  test('blank cells (null, "" and desktop 0) are skipped; an empty range counts 0', () => {
    expect(call("VILLAGERS", [["农业户口", null, "", 0, "学生"]])).toBe(2);
    expect(countVillagers([])).toBe(0);
  });

  test("an unknown status is refused naming the argument, the cell and the text", () => {
    const e = errorOf("VILLAGERS", [["农业户口"], [null], ["外来务工"]]);
    expect(e.kind).toBe("VALUE");
    expect(e.zh).toContain("户籍身份(statuses)");
    expect(e.zh).toContain("第 3 个单元格");
    expect(e.zh).toContain("外来务工");
    expect(errorOf("VILLAGERS", [["农业户口", 5]]).zh).toContain("第 2 个单元格“5”");
  });
});
