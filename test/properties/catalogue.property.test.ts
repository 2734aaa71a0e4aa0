import "../support/customFunctions";
import { FUNCTIONS } from "../../src/registry";
import { excelResult } from "../../src/functions/runtime";
import { argVectors } from "./arbitraries";
import { assertOverOutcomes, Outcomes } from "./guard";
import { callExcel, checkCellOutcome, checkErrorMessage, checkSpillBound } from "./outcome";

/*
 * The whole catalogue, driven by the registry: every declared function is called through the Excel adapter
 * (excelResult, with the CustomFunctions stand-in installed) with generated argument vectors — valid values
 * within the declared bounds, blanks of both Excel flavours, text, booleans, NaN, ±Infinity, −0, 1e±300,
 * ranges of mixed content and odd shapes, too few and too many arguments. A function added to the registry
 * is covered without touching this file.
 */

/** Generated argument vectors per function and property (the hardening issue asks for ≥ 1,000). */
const RUNS = 1000;

describe("the SHANTY catalogue through the Excel adapter", () => {
  it("has functions to test", () => {
    expect(FUNCTIONS.length).toBeGreaterThan(0);
  });

  describe.each(FUNCTIONS.map((spec) => [spec.id, spec] as const))("%s", (id, spec) => {
    // The same seed for the three properties: each vector is evaluated once (under a watchdog) and shared.
    const arb = argVectors(spec);
    const outcomes = new Outcomes((args) => callExcel(excelResult, spec, args));

    it(`${id} returns a cell value or a #VALUE!/#N/A error with a Chinese message — never a throw, a hang, NaN, Infinity, −0, undefined or a ragged table`, () => {
      assertOverOutcomes(spec, arb, outcomes, (args, result) => checkCellOutcome(spec, args, result), { numRuns: RUNS, reportHang: true });
    });

    it(`${id} error messages start with the function, leave no placeholder, and name each argument they concern by its label`, () => {
      assertOverOutcomes(spec, arb, outcomes, (args, result) => checkErrorMessage(spec, args, result), {
        numRuns: RUNS,
        reportHang: false,
      });
    });

    if (spec.returns.kind === "matrix") {
      it(`${id} spilled result fits the size announced to HyperFormula`, () => {
        assertOverOutcomes(spec, arb, outcomes, (args, result) => checkSpillBound(spec, args, result), {
          numRuns: RUNS,
          reportHang: false,
        });
      });
    }
  });
});
