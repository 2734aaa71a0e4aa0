import { FUNCTIONS } from "../../src/registry";
import type { RawArg } from "../../src/registry/coerce";
import { col, failure } from "../support/invoke";

/*
 * Issue 17 item 7: bad input is asserted by its catalogue CODE and the ARGUMENT it names, one case per error path
 * a user meets — a function returning the wrong code (TAXSHARE's zero total area as a plain #VALUE! "notPositive",
 * say) fails here even when its message still reads plausibly.
 */

type Case = readonly [id: string, args: readonly RawArg[], code: string, arg: string | undefined, why: string];

const CASES: readonly Case[] = [
  // coercion, shared by every function
  ["FEEEXEMPT", ["一千", 20000, 150], "notNumber", "resettleArea", "text for a number"],
  ["FEEEXEMPT", [10000, true, 150], "boolNotNumber", "devArea", "a logical value for a number"],
  ["FEEEXEMPT", [-1, 20000, 150], "belowMin", "resettleArea", "areas are ≥ 0"],
  ["FEEEXEMPT", [10000, 20000, 150, "外资"], "unknownInvestor", "investor", "政府 or 民间资本 only"],
  ["FEEEXEMPT", [1e15, 0, 150], "tooLarge", "resettleArea", "inputs below 1e15"],
  ["FEEEXEMPT", [9e14, 9e14, 150], "resultTooLarge", undefined, "1.35e17 元 cannot carry the fen"],
  ["FEEEXEMPT", [1, 2, 3, "政府", 1.5, 0], "tooManyArgs", undefined, "six arguments for five"],
  ["FEEEXEMPT", [[[1, 2]], 0, 150], "notScalar", "resettleArea", "a 1×2 range for a single value"],
  ["LANDNET", [1e8, 4e7, 10], "notShare", "eduRate", "a rate in percent"],
  // fees family
  ["TAXSHARE", [3000, 0, 200000], "zeroTotalArea", "totalArea", "the share's divisor is 0"],
  ["TAXSHARE", [3000, 2000, 200000], "shareAreaExceedsTotal", "resettleArea", "resettlement above the total"],
  ["LATEXEMPT", [100, 0], "zeroDeductions", "deductions", "the 20% test needs deductions > 0"],
  ["WAIVEDTOTAL", [col("防空地下室易地建设费", "工程保险费"), col(100)], "lengthMismatch", "amounts", "ranges of 2 and 1 rows"],
  ["WAIVEDTOTAL", [col("防空地下室易地建设费"), col("一百")], "columnCellNotNumber", "amounts", "text in the amounts"],
  // compensation
  ["SWAPDIFF", [60, 75, col(10, 5), col(3000, 8000, 9000)], "tierCapsNotAscending", "tierCaps", "caps 10 then 5"],
  ["SWAPDIFF", [60, 75, col(10), col(3000)], "tierPriceCount", "tierPrices", "one price for one cap"],
  ["VILLAGERS", [col("农业户口", "外星人")], "unknownVillagerStatus", "statuses", "a status not understood"],
  ["COMPENSATION", [100, 10000, 0, 0, 0, 3], "aboveMax", "moves", "at most 2 moves"],
  // land
  ["LANDNET", [1000, 0, 0.6, 0.6, 0.5], "landRatesAboveIncome", "irrigationRate", "0.6 + 0.6 > 1"],
  ["LANDNET", [1000, 0, 0.5, 0.5, 0, 0.5], "landProvisionsAboveGross", "fundRate", "1500 of provisions on 1000"],
  // bonds
  ["COVERAGE", [col(1000), col(0)], "coverageNoDebt", "debtService", "debt service 0"],
  ["COVERAGE", [col(9e11), col(1)], "coverageOutOfRange", "debtService", "a ratio of 9e11 cannot keep 4 decimals"],
  ["BONDSERVICE", [10000, 0.035, 3, 2025, col(0.5, 0.6, 0)], "sharesNotOne", "principalShares", "shares adding to 1.1"],
  // balance
  ["BALANCEYEAR", [col(2024, 2026), col(1, 2)], "yearsGap", "years", "2025 missing"],
  ["BALANCEYEAR", [col(2024, 2025), col(-1, -2)], "notBalancedWithin", "netFlows", "never ≥ 0"],
  ["BALANCEYEAR", [col(null, null), col(null, null)], "rangeEmpty", "years", "nothing but blank rows"],
  ["EXTENDYEARS", [col(2024, 2025), col(1, 2), 2020], "plannedEndBeforeStart", "plannedEndYear", "planned end before 2024"],
  ["BALANCELEVEL", ["X", col("A", "B"), col(1, -1), col("甲", "甲")], "targetNotFound", "target", "X is not in the list"],
  ["BALANCELEVEL", ["A", col("A", "a"), col(1, -1), col("甲", "甲")], "duplicateId", "ids", "A and a are the same id"],
  ["BALANCETABLE", [col("A", null), col(1, 5), col("甲", "甲")], "columnCellBlank", "ids", "a surplus without an id"],
  ["FAREXTRA", [5000000, 1000, 10000, 22000, 2.5], "farExceeded", undefined, "(22000 + 5000) ÷ 10000 = 2.7 > 2.5"],
  ["FARCHECK", [0, 25000, 2.5], "notPositive", "landArea", "land area must be > 0"],
  // plan
  ["ELIGIBLE", ["宫殿", 30], "unknownHouseType", "houseType", "not a house type of the scope"],
  ["PRIORITY", [90, 80, 70, true, 1, 1, col(0.5, 0.5, 0.5)], "priorityWeightsSum", "weights", "weights adding to 1.5"],
  ["PLANTABLE", [col(2024.5), col(10), col(100)], "planYearNotWhole", "years", "a year 2024.5"],
  ["PLANTABLE", [col(2024), col(10.5), col(100)], "planCountNotWhole", "households", "10.5 households"],
];

describe("error codes and the argument named", () => {
  test.each(CASES.map((c) => [c[0], c[4], c] as const))("%s — %s", (_id, _why, [id, args, code, arg]) => {
    const f = failure(id, ...args);
    expect({ code: f.code, arg: f.arg }).toEqual({ code, arg });
    // The message names the argument by its label, as Excel shows it: "安置面积(resettleArea)".
    if (arg !== undefined) expect(f.zh).toContain(`(${arg})`);
  });

  test("every family has cases here", () => {
    const families = new Set(CASES.map(([id]) => FUNCTIONS.find((f) => f.id === id)!.family));
    expect([...families].sort()).toEqual(["balance", "bonds", "compensation", "fees", "land", "plan"]);
  });
});
