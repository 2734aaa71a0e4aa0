import { CustomFunctionsError, ErrorCode, installCustomFunctions } from "../support/customFunctions";
import { fail } from "../../src/engine/errors";
import { excelCall, excelResult, toExcelError } from "../../src/functions/runtime";
import * as adapters from "../../src/functions/functions";

/*
 * The Excel side of every SHANTY function (src/functions/runtime.ts): what Excel hands the adapter — desktop
 * and web differ on blanks — and what the cell gets back. Numbers are worked by hand from domain.md.
 */

installCustomFunctions();

/** The result as a CustomFunctions.Error (fails the test if it is anything else). */
function asError(v: unknown): CustomFunctionsError {
  expect(v).toBeInstanceOf(CustomFunctionsError);
  return v as CustomFunctionsError;
}

describe("the CustomFunctions stand-in", () => {
  it("has the ErrorCode values Excel shows in the cell", () => {
    expect(CustomFunctions.ErrorCode.invalidValue).toBe("#VALUE!");
    expect(CustomFunctions.ErrorCode.notAvailable).toBe("#N/A");
    expect(CustomFunctions.ErrorCode.divisionByZero).toBe("#DIV/0!");
    expect(CustomFunctions.ErrorCode.invalidNumber).toBe("#NUM!");
    expect(CustomFunctions.ErrorCode.nullReference).toBe("#NULL!");
    expect(CustomFunctions.ErrorCode.invalidName).toBe("#NAME?");
    expect(CustomFunctions.ErrorCode.invalidReference).toBe("#REF!");
  });

  it("makes errors with a code and an optional message, throwable like the runtime's", () => {
    const e = new CustomFunctions.Error(CustomFunctions.ErrorCode.notAvailable, "没有数据");
    expect(e).toBeInstanceOf(Error);
    expect(e.code).toBe("#N/A");
    expect(e.message).toBe("没有数据");
    expect(new CustomFunctions.Error(CustomFunctions.ErrorCode.invalidNumber).message).toBeUndefined();
    expect(() => new CustomFunctionsError("#OOPS" as never)).toThrow(TypeError);
  });
});

describe("blanks, as each Excel flavour sends them", () => {
  // Domain §1.1, private capital: Ar 10,000, Ad 20,000, r 150, k 1.5 → E = 1,500,000 + 2,250,000 + 375,000.
  it("reads the worked example: FEEEXEMPT(10000, 20000, 150, 民间资本) = 4,125,000", () => {
    expect(excelResult("FEEEXEMPT", [10000, 20000, 150, "民间资本", null])).toBe(4_125_000);
  });

  it("desktop: an empty cell in a required numeric argument arrives as 0 and counts as 0", () => {
    // Ad empty → E = 10,000 × 150 = 1,500,000.
    expect(excelResult("FEEEXEMPT", [10000, 0, 150, "民间资本", null])).toBe(1_500_000);
  });

  it("web: the same empty cell arrives as null and gives the same result as desktop's 0", () => {
    expect(excelResult("FEEEXEMPT", [10000, null, 150, "民间资本", null])).toBe(1_500_000);
    expect(excelResult("FEEEXEMPT", [10000, "", 150, "民间资本", null])).toBe(1_500_000); // HyperFormula/web "" blank
  });

  it("desktop 0 and web null for empty trailing rows of a range give the same total", () => {
    // WAIVEDTOTAL: 防空地下室易地建设费 in full (100,000) + 供水管网增容费 × 0.5 (20,000); 工程保险费 not relieved → 120,000.
    const names = [["防空地下室易地建设费"], ["供水管网增容费"], ["工程保险费"]];
    const amounts = [[100000], [40000], [9000]];
    const desktop = excelResult("WAIVEDTOTAL", [[...names, [0], [0]], [...amounts, [0], [0]], 0.5]);
    const web = excelResult("WAIVEDTOTAL", [[...names, [null], [null]], [...amounts, [null], [null]], 0.5]);
    expect(desktop).toBe(120_000);
    expect(web).toBe(120_000);
  });

  it("a required text argument left blank on the web is an error naming it", () => {
    const e = asError(excelResult("FEEWAIVED", [null]));
    expect(e.code).toBe(ErrorCode.invalidValue);
    expect(e.message).toContain("收费名称(feeName)");
  });
});

describe("optional arguments", () => {
  it("an optional argument passed as null takes its default (investor 政府, ratio 1.5)", () => {
    // Government-led: only the resettlement area is exempt → 10,000 × 150 = 1,500,000.
    expect(excelResult("FEEEXEMPT", [10000, 20000, 150, null, null])).toBe(1_500_000);
    // ratio null → 1.5: the worked example again.
    expect(excelResult("FEEEXEMPT", [10000, 20000, 150, "民间资本", null])).toBe(4_125_000);
  });

  it("a default is not a value that is ignored: ratio 1 changes the result", () => {
    // k = 1: 10,000 × 150 + 10,000 × 150 + 10,000 × 75 = 3,750,000.
    expect(excelResult("FEEEXEMPT", [10000, 20000, 150, "民间资本", 1])).toBe(3_750_000);
  });

  it('left out (undefined), blank ("") and null all take the default', () => {
    // DEEDTAX(900,000, 90 ㎡, compensation 600,000): first home ≤ 90 ㎡ → 1% of 300,000 = 3,000.
    expect(excelResult("DEEDTAX", [900000, 90, 600000])).toBe(3000);
    expect(excelResult("DEEDTAX", [900000, 90, 600000, null, null, null, null, null])).toBe(3000);
    expect(excelResult("DEEDTAX", [900000, 90, 600000, "", "", "", "", ""])).toBe(3000);
    // Not a first home, ordinary: the resettlement rule's 1.5% of 300,000 = 4,500 loses to the household rule's 1%
    // (second home ≤ 140 ㎡, 2024年第16号) = 3,000; with householdRule FALSE the old 4,500 stands.
    expect(excelResult("DEEDTAX", [900000, 90, 600000, false, null])).toBe(3000);
    expect(excelResult("DEEDTAX", [900000, 90, 600000, false, null, null, null, null, false])).toBe(4500);
  });

  it("the generated adapters pass left-out optional arguments through (FEEEXEMPT(10000, 20000, 150) = 1,500,000)", () => {
    expect(adapters.FEEEXEMPT(10000, 20000, 150)).toBe(1_500_000);
  });
});

describe("errors", () => {
  it("text in a number argument gives #VALUE! whose message names the argument and echoes the text", () => {
    const e = asError(excelResult("FEEEXEMPT", ["1,000元", 20000, 150]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("安置面积(resettleArea)");
    expect(e.message).toContain("1,000元");
    expect(e.message).toMatch(/^SHANTY\.FEEEXEMPT: /);
  });

  it("a logical value in a number argument gives #VALUE! naming the argument", () => {
    const e = asError(excelResult("FEEEXEMPT", [10000, true, 150]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("开发面积(devArea)");
  });

  it("a #DIV/0! condition is shown as #VALUE! with its message, since Excel shows messages only with #VALUE! and #N/A", () => {
    const e = asError(excelResult("TAXSHARE", [3000, 0, 200000]));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("总建筑面积(totalArea)");
  });

  it("an NA condition is shown as #N/A with its message (PLANTABLE over empty ranges)", () => {
    const e = asError(excelResult("PLANTABLE", [[[null]], [[null]], [[null]]]));
    expect(e.code).toBe("#N/A");
    expect(e.message).toContain("年度(years)");
  });

  it("toExcelError maps kinds to codes: NA → #N/A, VALUE/NUM/DIV0 → #VALUE!", () => {
    expect(toExcelError("PLANTABLE", fail("rangeEmpty", { arg: "years" })).code).toBe("#N/A");
    expect(toExcelError("FEEEXEMPT", fail("notNumber", { arg: "resettleArea", value: "x" })).code).toBe("#VALUE!");
    expect(toExcelError("FEEEXEMPT", fail("resultNotFinite", { detail: "Infinity" })).code).toBe("#VALUE!");
    expect(toExcelError("TAXSHARE", fail("zeroTotalArea", { arg: "totalArea" })).code).toBe("#VALUE!");
  });

  it("an unknown function id gives #VALUE! with a message", () => {
    const e = asError(excelResult("NOSUCHFUNCTION", []));
    expect(e.code).toBe("#VALUE!");
    expect(e.message).toContain("NOSUCHFUNCTION");
  });
});

describe("excelCall versus excelResult", () => {
  it("excelResult returns the CustomFunctions.Error; excelCall throws that error (Excel's documented way)", () => {
    const returned = asError(excelResult("FEEEXEMPT", ["abc", 1, 1]));
    let thrown: unknown;
    try {
      excelCall("FEEEXEMPT", ["abc", 1, 1]);
    } catch (e) {
      thrown = e;
    }
    const error = asError(thrown);
    expect(error.code).toBe(returned.code);
    expect(error.message).toBe(returned.message);
  });

  it("excelCall returns the value when there is no error", () => {
    expect(excelCall("FEEEXEMPT", [10000, 20000, 150, "民间资本"])).toBe(4_125_000);
  });

  it("a generated adapter throws the CustomFunctions.Error for bad input", () => {
    expect(() => adapters.FEEEXEMPT("abc", 1, 1)).toThrow(CustomFunctionsError);
  });
});
