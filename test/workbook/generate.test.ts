import { buildBondSheet } from "../../src/workbook/bondSheet";
import { withFingerprint } from "../../src/workbook/fingerprint";
import { generateFromInput } from "../../src/workbook/generate";
import { readPlanningWorkbook } from "../../src/workbook/read";
import { sampleGrid } from "../support/sampleGrid";

/*
 * generateFromInput with the input handed over (`consume`, the CLI's large runs): the same sheets, summary and problems
 * as without, its cash-flow list emptied once the balance check has its portfolio; `between` called after the steps that
 * leave much garbage.
 */

const now = new Date(Date.UTC(2026, 11, 1, 8, 0));

describe("generateFromInput", () => {
  it("consume: the same result, the input's flows let go; between is called after the plan and the portfolio", () => {
    const kept = readPlanningWorkbook(sampleGrid());
    const handed = readPlanningWorkbook(sampleGrid());
    const flows = kept.flows.length;
    expect(flows).toBeGreaterThan(50);
    const a = generateFromInput(kept, ["plan", "balance", "bonds"], { now });
    const steps: string[] = [];
    const b = generateFromInput(handed, ["plan", "balance", "bonds"], { now, consume: true, between: (s) => steps.push(s) });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(a.sheets.map((s) => s.role)).toEqual(["plan", "balance", "bondBalance"]);
    expect(steps).toEqual(["plan", "portfolio"]);
    expect(handed.flows).toHaveLength(0);
    expect(kept.flows).toHaveLength(flows);
  });

  it("the 收支平衡表 from its bond-funded projects' flows alone is the one from every flow", () => {
    const input = readPlanningWorkbook(sampleGrid());
    const all = buildBondSheet(input.projects, [...input.flows], input.bonds, input.params);
    const generated = generateFromInput(input, ["bonds"], { now });
    expect(all.sheet).toBeDefined();
    expect(generated.sheets.find((s) => s.role === "bondBalance")).toEqual(withFingerprint(all.sheet!));
    expect(generated.summary.bonds).toEqual(all.lines);
  });
});
