import { FUNCTIONS } from "../../src/registry";
import { POLICY, POLICY_PARAMETERS, argumentDefault } from "../../src/registry/policy";
import { PLAN_POLICY } from "../../src/registry/plan";
import { PLAN_NATIVE } from "../../src/registry/native/plan";
import { PARAMETERS, defaultParameters } from "../../src/workbook/contract";
import { shown as call } from "../support/invoke";

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

  test("the 参数 sheet's parameters are the table, in its order, with its defaults (rule constants no function takes are not offered)", () => {
    const offered = POLICY_PARAMETERS.filter((p) => !("onSheet" in p && p.onSheet === false));
    expect(PARAMETERS.map((p) => p.name)).toEqual(offered.map((p) => p.name));
    // The nine plan-rule constants (ages, unit limit, priority weights) live in the table but not on the sheet.
    expect(POLICY_PARAMETERS.length - offered.length).toBe(9);
    expect(PARAMETERS.map((p) => p.name)).not.toContain("p_dilapidatedMinAge");
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

  test("plan rules: defaults from the table, sources by document (实施方案 一/二(二), 办法 第三条/第三十一条)", () => {
    expect(POLICY.p_dilapidatedMinAge.default).toBe(30);
    expect(POLICY.p_villageMinAge.default).toBe(20);
    expect(POLICY.p_dilapidatedMinAge.source).toContain("《XX区进一步推进棚户区改造工作实施方案》一");
    expect(POLICY.p_villageMinAge.source).toContain("《XX区进一步推进棚户区改造工作实施方案》一");
    expect(POLICY.p_dangerRatingMin.default).toBe(3); // C级
    expect(POLICY.p_dangerRatingMin.source).toContain("《西安市棚户区改造管理办法》第三条");
    expect(POLICY.p_maxHouseholdsPerFloor.default).toBe(8);
    expect(POLICY.p_maxHouseholdsPerFloor.source).toContain("《西安市棚户区改造管理办法》第三十一条");
    // 0.5 + 0.3 + 0.2 = 1
    expect([POLICY.p_weightSafety.default, POLICY.p_weightLiving.default, POLICY.p_weightEnvironment.default]).toEqual([0.5, 0.3, 0.2]);
    expect(POLICY.p_priorityTierBonus.default).toBe(1000);
    expect(POLICY.p_priorityTierRate.default).toBe(1);
    for (const n of ["p_weightSafety", "p_priorityTierBonus", "p_priorityTierRate"] as const) {
      expect(POLICY[n].source).toContain("《XX区进一步推进棚户区改造工作实施方案》二(二)");
    }
    // The registry's plan policy is built from the table: level 3 and up → C and D.
    expect(PLAN_POLICY).toEqual({
      dilapidatedMinAge: 30,
      villageMinAge: 20,
      qualifyingRatings: ["C", "D"],
      maxHouseholdsPerFloor: 8,
      priorityWeights: { safety: 0.5, living: 0.3, environment: 0.2 },
      tierBonus: 1000,
      tierRate: 1,
    });
    expect(PLAN_NATIVE.UNITCHECK.body({ householdsPerFloor: "B2" })).toBe("B2<=8");
  });

  test("the functions apply the table's plan defaults", () => {
    expect(call("ELIGIBLE", "危旧房", 29.9)).toBe(false);
    expect(call("ELIGIBLE", "危旧房", 30)).toBe(true);
    expect(call("ELIGIBLE", "城边村", 20)).toBe(true);
    expect(call("ELIGIBLE", "危旧房", 1, "C级")).toBe(true);
    expect(call("UNITCHECK", 8)).toBe(true);
    expect(call("UNITCHECK", 9)).toBe(false);
    // 0.5 × 90 + 0.3 × 40 + 0.2 × 30 = 45 + 12 + 6 = 63; tier 1 (only home, both rates 1) adds 1000
    expect(call("PRIORITY", 90, 40, 30, false, 1, 1)).toBe(63);
    expect(call("PRIORITY", 90, 40, 30, true, 1, 1)).toBe(1063);
  });
});
