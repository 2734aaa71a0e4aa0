import { FUNCTIONS } from "../../src/registry";
import { POLICY, POLICY_PARAMETERS, argumentDefault } from "../../src/registry/policy";
import { PARAMETERS, defaultParameters } from "../../src/workbook/contract";

describe("policy defaults: one table", () => {
  test("every function argument fed by a policy parameter takes the table's default", () => {
    let checked = 0;
    for (const p of POLICY_PARAMETERS) {
      for (const f of FUNCTIONS) {
        for (const spec of f.params) {
          if (spec.name !== p.argument || spec.default === undefined) continue;
          expect(`${f.id}.${spec.name}=${String(spec.default)}`).toBe(`${f.id}.${spec.name}=${argumentDefault(p.name)}`);
          checked++;
        }
      }
    }
    // FEEEXEMPT/FEEDUE/FEETABLE ratio (3) + FEEDUE/FEETABLE collect/metro (4) + LANDNET rates (4) + COMPENSATION/COMPTABLE rates (6)
    expect(checked).toBeGreaterThanOrEqual(17);
  });

  test("the 参数 sheet's parameters are the table, in its order, with its defaults", () => {
    expect(PARAMETERS.map((p) => p.name)).toEqual(POLICY_PARAMETERS.map((p) => p.name));
    expect(defaultParameters().p_coverageThreshold).toBe(1.2);
    expect(defaultParameters().p_ratio).toBe(1.5);
  });

  test("hand-checked values of the table: coverage 1.2 (财预〔2018〕28号), k = 1.5 (办法第二十九条)", () => {
    expect(POLICY.p_coverageThreshold.default).toBe(1.2);
    expect(POLICY.p_coverageThreshold.source).toContain("财预〔2018〕28号");
    expect(POLICY.p_ratio.default).toBe(1.5);
    expect(POLICY.p_ratio.source).toContain("第二十九条");
    for (const p of POLICY_PARAMETERS) {
      expect(p.source).not.toMatch(/domain|§/);
      expect(p.zh.length).toBeGreaterThan(0);
      expect(p.en.length).toBeGreaterThan(0);
    }
  });
});
