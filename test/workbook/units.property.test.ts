import fc from "fast-check";
import { Dec } from "../../src/engine/decimal";
import type { Cell } from "../../src/workbook/model";
import { readPlanningWorkbook } from "../../src/workbook/read";
import { convert, convertBack, UNITS } from "../../src/workbook/reader/units";

/*
 * Laws of the unit conversion (no float drift): a whole number of ㎡ (or 万元) written in any accepted unit as the
 * decimal a clerk would type reads back as exactly that number; converting there and back is the identity.
 */
describe("units: exact conversion laws", () => {
  it("a whole number of ㎡ typed in 万㎡ (a ÷ 10000, ≤ 4 places) reads back exactly", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 99_999_999 }), (sqm) => {
        const typed = new Dec(sqm).div(10000).toNumber(); // what the cell holds: the double nearest to the decimal
        const rows: Cell[][] = [
          ["项目编号", "项目名称", "计划年度", "户数", "建筑面积（万㎡）", "总投资（亿元）"],
          ["P1", "甲", 2024, 1, typed, typed],
        ];
        const [p] = readPlanningWorkbook({ sheets: [{ name: "项目库", values: rows }], names: [] }).projects;
        // 万㎡ → ㎡ is × 10000: back to sqm; 亿元 → 万元 is × 10000: the same digits.
        return p.buildingArea === sqm && p.investment === sqm;
      }),
      { numRuns: 300 },
    );
  });

  it("land typed in 亩 as ㎡ × 15 ÷ 10000 reads back as exactly the ㎡ (multiplication before division)", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9_999_999 }), (sqm) => {
        const mu = new Dec(sqm).times(15).div(10000); // ≤ 4 decimal places, exact
        return convert(
          mu,
          UNITS.area.find((u) => u.label === "亩")!,
        ).eq(sqm);
      }),
      { numRuns: 300 },
    );
  });

  it("convertBack ∘ convert is the identity for every decimal unit; for 亩 (÷ 15, not a finite decimal) to 60 significant digits", () => {
    const units = Object.values(UNITS).flat();
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 6 }), fc.constantFrom(...units), (n, places, unit) => {
        const x = new Dec(n).div(new Dec(10).pow(places));
        const back = convertBack(convert(x, unit), unit);
        return unit.den % 15 === 0 ? back.toSignificantDigits(60).eq(x.toSignificantDigits(60)) : back.eq(x);
      }),
      { numRuns: 300 },
    );
  });
});
