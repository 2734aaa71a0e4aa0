import { evaluateFormula } from "../../src/cli/evaluate";
import { SAMPLE_DISTRICT } from "../../src/samples/district";

/** `shanty eval` path: HyperFormula with every registry function, one formula in an empty sheet. */
/** A literal text inside a RegExp. */
const esc = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("plan functions through shanty eval", () => {
  test("PLANTABLE spills from inline arrays: header, one row per year, 合计", () => {
    // 2024: 2 projects, 100 + 200 households, 10,000 + 20,000 ㎡ = 3.00 万㎡, 1,000 + 2,000 万元
    // 2025: 1 project, 300 households, 33,335 ㎡ = 3.3335 → 3.33 万㎡, 3,000 万元; total 63,335 ㎡ → 6.33 = 3.00 + 3.33
    const r = evaluateFormula("=SHANTY.PLANTABLE({2024;2024;2025},{100;200;300},{10000;20000;33335},{1000;2000;3000})");
    expect(r).toEqual({
      ok: true,
      value: "年度",
      rows: [
        ["年度", "项目数", "户数", "改造面积(万㎡)", "投资(万元)"],
        [2024, 2, 300, 3, 3000],
        [2025, 1, 300, 3.33, 3000],
        ["合计", 3, 600, 6.33, 6000],
      ],
    });
  });

  test("PLANTABLE's rounding adjustment shows in the sheet: 3.34 + 3.33 + 3.33 = 10", () => {
    const r = evaluateFormula("=SHANTY.PLANTABLE({2024;2025;2026},{10;10;10},{33335;33335;33335})");
    expect(r.ok && r.rows).toEqual([
      ["年度", "项目数", "户数", "改造面积(万㎡)"],
      [2024, 1, 10, 3.34],
      [2025, 1, 10, 3.33],
      [2026, 1, 10, 3.33],
      ["合计", 3, 30, 10],
    ]);
  });

  test("PLANTEXT over the sample district, typed as inline arrays, reproduces the plan's target section", () => {
    const arr = (f: (p: (typeof SAMPLE_DISTRICT.projects)[number]) => number) => `{${SAMPLE_DISTRICT.projects.map(f).join(";")}}`;
    const r = evaluateFormula(`=SHANTY.PLANTEXT(${arr((p) => p.planYear)},${arr((p) => p.households)},${arr((p) => p.buildingArea)})`);
    expect(r).toEqual({
      ok: true,
      value:
        "力争用3年时间，实施棚户区改造项目24个、13161户，改造建筑面积128.34万平方米。其中：" +
        "——2024年，实施棚户区改造项目8个、3926户，改造建筑面积38.57万平方米。" +
        "——2025年，实施棚户区改造项目6个、4332户，改造建筑面积48.89万平方米。" +
        "——2026年，实施棚户区改造项目10个、4903户，改造建筑面积40.88万平方米。",
    });
  });

  test("ELIGIBLE, UNITCHECK and PRIORITY evaluate headless", () => {
    expect(evaluateFormula('=SHANTY.ELIGIBLE("城市危（旧）房",30)')).toEqual({ ok: true, value: true });
    expect(evaluateFormula('=SHANTY.ELIGIBLE("城中村",19)')).toEqual({ ok: true, value: false });
    expect(evaluateFormula('=SHANTY.ELIGIBLE("危旧房",5,"D级")')).toEqual({ ok: true, value: true });
    expect(evaluateFormula("=SHANTY.UNITCHECK(8)")).toEqual({ ok: true, value: true });
    expect(evaluateFormula("=SHANTY.UNITCHECK(9)")).toEqual({ ok: true, value: false });
    // 1000 + 0.5·90 + 0.3·80 + 0.2·70 = 1083; with weights 0.6/0.2/0.2 and no tier: 54 + 16 + 14 = 84
    expect(evaluateFormula("=SHANTY.PRIORITY(90,80,70,TRUE,1,1)")).toEqual({ ok: true, value: 1083 });
    expect(evaluateFormula("=SHANTY.PRIORITY(90,80,70,FALSE,1,1,{0.6,0.2,0.2})")).toEqual({ ok: true, value: 84 });
  });

  test("errors arrive as Excel errors with the Chinese message", () => {
    expect(evaluateFormula('=SHANTY.ELIGIBLE("商品房",40)')).toEqual({
      ok: false,
      error: "#VALUE!",
      message: expect.stringMatching(
        new RegExp(
          `^SHANTY\\.ELIGIBLE: ${esc("房屋类型(houseType)无法识别“商品房”：应为 危旧房（城市危房/旧房）、城中村、城边村、棚户区 或 采煤塌陷区")}（.+）$`,
        ),
      ),
    });
    expect(evaluateFormula("=SHANTY.PLANTABLE({2024;2025},{1;2;3},{10;20})")).toEqual({
      ok: false,
      error: "#VALUE!",
      message: expect.stringMatching(
        new RegExp(`^SHANTY\\.PLANTABLE: ${esc("户数(households)有 3 行，与年度(years)的 2 行不一致")}（.+）$`),
      ),
    });
    expect(evaluateFormula("=SHANTY.PLANTEXT({2024;2024.5},{1;2},{10;20})")).toEqual({
      ok: false,
      error: "#VALUE!",
      message: expect.stringMatching(
        new RegExp(`^SHANTY\\.PLANTEXT: ${esc("年度(years)第 2 行应为四位整数年份（如 2024），收到 2024.5")}（.+）$`),
      ),
    });
    expect(evaluateFormula("=SHANTY.PRIORITY(90,80,70,TRUE,1,1,{0.5,0.5})")).toEqual({
      ok: false,
      error: "#VALUE!",
      message: expect.stringMatching(
        new RegExp(`^SHANTY\\.PRIORITY: ${esc("权重(weights)应为 3 个权重（依次为 安全隐患、居住条件、周边环境），收到 2 个")}（.+）$`),
      ),
    });
  });
});
