import { Dec } from "../../src/engine/decimal";
import { DomainError } from "../../src/engine/errors";
import {
  PlanProject,
  buildPlanTable,
  buildPlanTableByTown,
  checkEligibility,
  isEligible,
  parseHouseType,
  parseRating,
  planSentence,
  planTableCells,
  planTownCells,
  priorityScore,
  toPriorityWeights,
  unitCheck,
} from "../../src/engine/plan";
// The engine holds no policy defaults: the rules receive the policy table's (src/registry/policy.ts), as the registry passes them.
import { PLAN_POLICY } from "../../src/registry/plan";
import type { RawArg } from "../../src/registry/coerce";
import { col, shown as call } from "../support/invoke";

const d = (x: number | string) => new Dec(x);
const shown = (x: Dec | null) => (x === null ? null : x.toFixed(2));

describe("ELIGIBLE — redevelopment scope (D 一, X Art. 3)", () => {
  test("危旧房 needs 30 years: 29 is out, 30 is in (以上 includes the number)", () => {
    expect(call("ELIGIBLE", "危旧房", 29)).toBe(false);
    expect(call("ELIGIBLE", "危旧房", 30)).toBe(true);
  });

  test("城中村/城边村 need 20 years: 19 is out, 20 is in", () => {
    expect(call("ELIGIBLE", "城中村", 19)).toBe(false);
    expect(call("ELIGIBLE", "城中村", 20)).toBe(true);
    expect(call("ELIGIBLE", "城边村", 19.9)).toBe(false);
    expect(call("ELIGIBLE", "城边村", 20)).toBe(true);
  });

  test("a C or D appraisal qualifies whatever the age; A or B does not", () => {
    expect(call("ELIGIBLE", "危旧房", 5, "D")).toBe(true);
    expect(call("ELIGIBLE", "危旧房", 5, "C级")).toBe(true);
    expect(call("ELIGIBLE", "城中村", 3, "ｄ级")).toBe(true);
    expect(call("ELIGIBLE", "危旧房", 5, "B级")).toBe(false);
    expect(call("ELIGIBLE", "危旧房", 5, "A")).toBe(false);
    // a B rating does not disqualify an old enough house
    expect(call("ELIGIBLE", "危旧房", 35, "B级")).toBe(true);
  });

  test("棚户区 and 采煤塌陷区 qualify by designation, even at age 0 or blank", () => {
    expect(call("ELIGIBLE", "棚户区", 0)).toBe(true);
    expect(call("ELIGIBLE", "采煤塌陷区", null)).toBe(true);
    expect(call("ELIGIBLE", "城市棚户区", 1)).toBe(true);
    expect(call("ELIGIBLE", "采煤沉陷区", 1)).toBe(true);
  });

  test("the usual wordings are recognised: brackets, full-width, spaces, 房屋, 改造项目", () => {
    expect(parseHouseType("城市危（旧）房")).toBe("dilapidated");
    expect(parseHouseType("危(旧)房")).toBe("dilapidated");
    expect(parseHouseType(" 危 房 ")).toBe("dilapidated");
    expect(parseHouseType("旧房屋")).toBe("dilapidated");
    expect(parseHouseType("城市危房")).toBe("dilapidated");
    expect(parseHouseType("城中村改造项目")).toBe("village");
    expect(parseHouseType("城边村房屋")).toBe("village");
    expect(parseHouseType("棚户区改造")).toBe("shantyArea");
    expect(parseHouseType("煤矿塌陷区")).toBe("subsidence");
    expect(parseRating("Ｃ级")).toBe("C");
    expect(parseRating("c")).toBe("C");
    expect(parseRating("D级危房")).toBe("D");
    expect(parseRating("局部危房")).toBe("C");
    expect(parseRating("整幢危房")).toBe("D");
    expect(parseRating("未鉴定")).toBeNull();
    expect(parseRating("")).toBeNull();
  });

  test("the basis of the answer is reported (for the workbook's note column)", () => {
    expect(checkEligibility({ houseType: "危旧房", ageYears: 5, rating: "D" }, PLAN_POLICY)).toMatchObject({
      eligible: true,
      basis: "rating",
      rating: "D",
    });
    expect(checkEligibility({ houseType: "城中村", ageYears: 19 }, PLAN_POLICY)).toMatchObject({
      eligible: false,
      basis: "tooYoung",
      minAge: 20,
    });
    expect(checkEligibility({ houseType: "棚户区", ageYears: 0 }, PLAN_POLICY)).toMatchObject({ eligible: true, basis: "designated" });
  });

  test("thresholds are policy parameters: a district that uses 25 years for 危旧房 gets TRUE at 25", () => {
    const policy = { ...PLAN_POLICY, dilapidatedMinAge: 25 };
    expect(isEligible("危旧房", 25, null, PLAN_POLICY)).toBe(false);
    expect(isEligible("危旧房", 25, null, policy)).toBe(true);
    expect(isEligible("危旧房", 5, "C", { ...PLAN_POLICY, qualifyingRatings: ["D"] })).toBe(false);
  });

  test("an unknown house type is #VALUE! naming houseType and the text", () => {
    expect(call("ELIGIBLE", "商品房", 40)).toEqual({
      kind: "VALUE",
      zh: "房屋类型(houseType)无法识别“商品房”：应为 危旧房（城市危房/旧房）、城中村、城边村、棚户区 或 采煤塌陷区",
    });
  });

  test("an unknown rating is #VALUE! naming rating", () => {
    expect(call("ELIGIBLE", "危旧房", 40, "E级")).toEqual({
      kind: "VALUE",
      zh: "鉴定等级(rating)无法识别“E级”：应为房屋安全鉴定等级 A、B、C 或 D（如 C级），未鉴定请留空",
    });
  });

  test("a negative age is rejected by its bound", () => {
    expect(call("ELIGIBLE", "危旧房", -1)).toEqual({ kind: "VALUE", zh: "使用年限(ageYears)不能小于 0，收到 -1" });
  });
});

describe("UNITCHECK — at most 8 households per floor per stair unit (X Art. 31)", () => {
  test("8 passes, 9 fails", () => {
    expect(call("UNITCHECK", 8)).toBe(true);
    expect(call("UNITCHECK", 9)).toBe(false);
    expect(call("UNITCHECK", 2)).toBe(true);
    expect(unitCheck(9, 10)).toBe(true);
  });

  test("households per floor must be a whole number ≥ 0", () => {
    expect(call("UNITCHECK", 8.5)).toEqual({ kind: "VALUE", zh: "每单元平层户数(householdsPerFloor)应为整数，收到 8.5" });
    expect(call("UNITCHECK", -1)).toEqual({ kind: "VALUE", zh: "每单元平层户数(householdsPerFloor)不能小于 0，收到 -1" });
  });
});

describe("PRIORITY — 先急后缓 (D 二(二)): tier bonus 1000 + 0.5·safety + 0.3·living + 0.2·environment", () => {
  // Hand-ranked list (default weights 0.5 / 0.3 / 0.2):
  //   P1  60/50/40, only home, 100%/100%  → tier 1: 1000 + 30 + 15 + 8   = 1053
  //   P2  95/90/90, only home, 100%/99%   → tier 2: 47.5 + 27 + 18       = 92.5  (handover short of 100%)
  //   P3  90/40/30, two homes, 100%/100%  → tier 2: 45 + 12 + 6          = 63    (not an only home)
  //   P4  50/90/90, only home, 100%/100%  → tier 1: 1000 + 25 + 27 + 18  = 1070
  //   P5  80/60/50, two homes, 50%/50%    → tier 2: 40 + 18 + 10         = 68
  // Expected order: P4, P1 (the 100% tier, P4's worse living conditions first), then P2 (most urgent of the rest),
  // P5 (68: worse living and surroundings outweigh P3's higher hazard), P3 (63).
  const list: Array<[string, RawArg[]]> = [
    ["P1", [60, 50, 40, true, 1, 1]],
    ["P2", [95, 90, 90, true, 1, 0.99]],
    ["P3", [90, 40, 30, false, 1, 1]],
    ["P4", [50, 90, 90, true, 1, 1]],
    ["P5", [80, 60, 50, "否", 0.5, 0.5]],
  ];

  test("scores are the formula in the help text", () => {
    const scores = Object.fromEntries(list.map(([id, a]) => [id, call("PRIORITY", ...a)]));
    expect(scores).toEqual({ P1: 1053, P2: 92.5, P3: 63, P4: 1070, P5: 68 });
  });

  test("sorting the scores descending gives the hand-ranked order", () => {
    const ranked = list.map(([id, a]) => ({ id, s: call("PRIORITY", ...a) as number })).sort((a, b) => b.s - a.s);
    expect(ranked.map((r) => r.id)).toEqual(["P4", "P1", "P2", "P5", "P3"]);
  });

  test("editable weights change the order within a tier: safety alone puts P3 (90) above P5 (80)", () => {
    expect(call("PRIORITY", 90, 40, 30, false, 1, 1, [[1], [0], [0]])).toBe(90);
    expect(call("PRIORITY", 80, 60, 50, false, 0.5, 0.5, [[1, 0, 0]])).toBe(80);
    // 0.6/0.2/0.2: P3 = 54 + 8 + 6 = 68, P5 = 48 + 12 + 10 = 70
    expect(call("PRIORITY", 90, 40, 30, false, 1, 1, [[0.6], [0.2], [0.2]])).toBe(68);
    expect(call("PRIORITY", 80, 60, 50, false, 0.5, 0.5, [[0.6], [0.2], [0.2]])).toBe(70);
  });

  test("the first tier always ranks above the rest: the least urgent tier-1 project beats the most urgent other", () => {
    const weights = toPriorityWeights(PLAN_POLICY.priorityWeights);
    const low = priorityScore(
      { safety: d(0), living: d(0), environment: d(0), onlyHome: true, signRate: d(1), handoverRate: d(1) },
      weights,
      PLAN_POLICY,
    );
    const high = priorityScore(
      {
        safety: d(100),
        living: d(100),
        environment: d(100),
        onlyHome: true,
        signRate: d(1),
        handoverRate: d("0.9999"),
      },
      weights,
      PLAN_POLICY,
    );
    expect(low.tier).toBe(1);
    expect(high.tier).toBe(2);
    expect(low.score.greaterThan(high.score)).toBe(true); // 1000 > 100
  });

  test("weights must be 3 values, each ≥ 0, summing to 1", () => {
    expect(call("PRIORITY", 90, 80, 70, true, 1, 1, [[0.5], [0.5]])).toEqual({
      kind: "VALUE",
      zh: "权重(weights)应为 3 个权重（依次为 安全隐患、居住条件、周边环境），收到 2 个",
    });
    expect(call("PRIORITY", 90, 80, 70, true, 1, 1, [[0.5], [0.3], [0.3]])).toEqual({
      kind: "VALUE",
      zh: "权重(weights)三个权重之和应为 1（如 0.5、0.3、0.2），收到合计 1.1",
    });
    expect(call("PRIORITY", 90, 80, 70, true, 1, 1, [[-0.1], [0.6], [0.5]])).toEqual({
      kind: "VALUE",
      zh: "权重(weights)不能小于 0，收到 -0.1",
    });
  });

  test("rates are shares and scores lie in 0–100", () => {
    expect(call("PRIORITY", 90, 80, 70, true, 100, 1)).toEqual({
      kind: "VALUE",
      zh: "签约率(signRate)是比例，应在 0 到 1 之间（如 10% 填 0.1），收到 100",
    });
    expect(call("PRIORITY", 120, 80, 70, true, 1, 1)).toEqual({ kind: "VALUE", zh: "安全隐患(safety)不能大于 100，收到 120" });
  });
});

const proj = (year: number, households: number, area: number | string, investment?: number | string, town?: string): PlanProject => ({
  year,
  households,
  buildingArea: d(area),
  investment: investment === undefined ? undefined : d(investment),
  town,
});

describe("annual plan table — displayed parts add up to the displayed total (尾差调整)", () => {
  test("three years of 33,335 ㎡: naive 3.33 × 3 = 9.99 ≠ 10.00, so one year shows 3.34", () => {
    // each year 33,335 ㎡ = 3.3335 万㎡ → 3.33 half-up; total 100,005 ㎡ = 10.0005 → 10.00.
    // Rounded parts give 9.99; the missing 0.01 goes to the part rounded down the most (all equal: 0.0035),
    // ties to the earlier year → 3.34 + 3.33 + 3.33 = 10.00.
    const t = buildPlanTable([proj(2024, 10, 33335), proj(2025, 10, 33335), proj(2026, 10, 33335)]);
    if (t instanceof DomainError) throw new Error(t.code);
    expect(t.years.map((y) => shown(y.areaWan))).toEqual(["3.34", "3.33", "3.33"]);
    expect(shown(t.total.areaWan)).toBe("10.00");
  });

  test("PLANTABLE spills header, years and 合计 with the adjusted areas", () => {
    expect(call("PLANTABLE", col(2024, 2025, 2026), col(10, 10, 10), col(33335, 33335, 33335))).toEqual([
      ["年度", "项目数", "户数", "改造面积(万㎡)"],
      [2024, 1, 10, 3.34],
      [2025, 1, 10, 3.33],
      [2026, 1, 10, 3.33],
      ["合计", 3, 30, 10],
    ]);
  });

  test("investment is adjusted downwards too: 1.005 万元 × 3 shows 1.00 + 1.01 + 1.01 = 3.02", () => {
    // 1.005 → 1.01 each (sum 3.03), total 3.015 → 3.02: one part gives back 0.01, the earliest of equals.
    expect(call("PLANTABLE", col(2024, 2025, 2026), col(1, 1, 1), col(100, 100, 100), col(1.005, 1.005, 1.005))).toEqual([
      ["年度", "项目数", "户数", "改造面积(万㎡)", "投资(万元)"],
      [2024, 1, 1, 0.01, 1],
      [2025, 1, 1, 0.01, 1.01],
      [2026, 1, 1, 0.01, 1.01],
      ["合计", 3, 3, 0.03, 3.02],
    ]);
  });

  test("projects of the same year are summed; years come out ascending whatever the row order", () => {
    // 2025: 2 projects, 300 + 200 households, 12,000 + 8,000 ㎡ = 2.00 万㎡, 5,000 + 3,000 万元
    // 2024: 1 project, 100 households, 5,000 ㎡ = 0.50 万㎡, 2,000 万元
    expect(call("PLANTABLE", col(2025, 2024, 2025), col(300, 100, 200), col(12000, 5000, 8000), col(5000, 2000, 3000))).toEqual([
      ["年度", "项目数", "户数", "改造面积(万㎡)", "投资(万元)"],
      [2024, 1, 100, 0.5, 2000],
      [2025, 2, 500, 2, 8000],
      ["合计", 3, 600, 2.5, 10000],
    ]);
  });

  test("the engine can show investment in 亿元 (12,345 万元 → 1.23 亿元, 6,789 → 0.68, total 1.91)", () => {
    const t = buildPlanTable([proj(2024, 1, 1, 12345), proj(2025, 1, 1, 6789)], { investmentUnit: "亿元" });
    if (t instanceof DomainError) throw new Error(t.code);
    expect(t.years.map((y) => shown(y.investment))).toEqual(["1.23", "0.68"]);
    expect(shown(t.total.investment)).toBe("1.91");
    expect(planTableCells(t)[0]).toEqual(["年度", "项目数", "户数", "改造面积(万㎡)", "投资(亿元)"]);
  });

  test("by 镇街: towns add up to their year and years to the total", () => {
    // 2024: towns A, B, C with 3,335 ㎡ each = 0.3335 万㎡ → 0.33 each (0.99); the year is 10,005 ㎡ = 1.0005 → 1.00,
    // so A (the earliest) shows 0.34. 2025: town B alone, 20,000 ㎡ = 2.00. Total 3.00.
    const t = buildPlanTableByTown([
      proj(2024, 10, 3335, 100, "A镇"),
      proj(2024, 20, 3335, 200, "B街道"),
      proj(2025, 30, 20000, 300, "B街道"),
      proj(2024, 40, 3335, 400, "C镇"),
    ]);
    if (t instanceof DomainError) throw new Error(t.code);
    expect(t.towns).toEqual(["A镇", "B街道", "C镇"]);
    expect(t.rows.map((r) => [r.year, r.town, r.projects, r.households, shown(r.areaWan), shown(r.investment)])).toEqual([
      [2024, "A镇", 1, 10, "0.34", "100.00"],
      [2024, "B街道", 1, 20, "0.33", "200.00"],
      [2024, "C镇", 1, 40, "0.33", "400.00"],
      [2025, "B街道", 1, 30, "2.00", "300.00"],
    ]);
    expect(planTownCells(t)).toEqual([
      ["年度", "镇街", "项目数", "户数", "改造面积(万㎡)", "投资(万元)"],
      [2024, "A镇", 1, 10, 0.34, 100],
      [2024, "B街道", 1, 20, 0.33, 200],
      [2024, "C镇", 1, 40, 0.33, 400],
      [2024, "小计", 3, 70, 1, 700],
      [2025, "B街道", 1, 30, 2, 300],
      [2025, "小计", 1, 30, 2, 300],
      ["合计", "", 4, 100, 3, 1000],
    ]);
  });

  test("projects without a 镇街 are grouped under 未填镇街", () => {
    const t = buildPlanTableByTown([proj(2024, 1, 100), proj(2024, 1, 100, undefined, " ")]);
    if (t instanceof DomainError) throw new Error(t.code);
    expect(t.towns).toEqual(["未填镇街"]);
    expect(t.rows[0]).toMatchObject({ projects: 2, investment: null });
  });
});

describe("PLANTEXT — the report sentence in the plan's style", () => {
  test("real years, full-width punctuation, N = last − first + 1 even with a gap year", () => {
    // 2024: 2 projects, 100 + 50 households, 10,000 + 5,000 ㎡ = 1.50 万㎡; 2026: 1 project, 80, 12,345 ㎡ = 1.2345 → 1.23.
    // Total 27,345 ㎡ = 2.7345 → 2.73 = 1.50 + 1.23. Span 2024…2026 = 3 years.
    expect(call("PLANTEXT", col(2024, 2026, 2024), col(100, 80, 50), col(10000, 12345, 5000))).toBe(
      "力争用3年时间，实施棚户区改造项目3个、230户，改造建筑面积2.73万平方米。其中：" +
        "——2024年，实施棚户区改造项目2个、150户，改造建筑面积1.50万平方米。" +
        "——2026年，实施棚户区改造项目1个、80户，改造建筑面积1.23万平方米。",
    );
  });

  test("the sentence can put each year on its own line, as printed in the plan", () => {
    const t = buildPlanTable([proj(2024, 1, 10000)]);
    if (t instanceof DomainError) throw new Error(t.code);
    expect(planSentence(t, { lineBreaks: true })).toBe(
      "力争用1年时间，实施棚户区改造项目1个、1户，改造建筑面积1.00万平方米。其中：\n——2024年，实施棚户区改造项目1个、1户，改造建筑面积1.00万平方米。",
    );
  });
});

describe("bad input gets a Chinese message naming the argument", () => {
  test("a year that is not a whole number", () => {
    expect(call("PLANTABLE", col(2024, 2024.5), col(1, 2), col(3, 4))).toEqual({
      kind: "VALUE",
      zh: "年度(years)第 2 行应为四位整数年份（如 2024），收到 2024.5",
    });
    expect(call("PLANTEXT", col(24), col(1), col(3))).toEqual({
      kind: "VALUE",
      zh: "年度(years)第 1 行应为四位整数年份（如 2024），收到 24",
    });
  });

  test("negative or fractional households", () => {
    expect(call("PLANTABLE", col(2024, 2025), col(-5, 2), col(3, 4))).toEqual({
      kind: "VALUE",
      zh: "户数(households)第 1 行不能为负数，收到 -5",
    });
    expect(call("PLANTEXT", col(2024), col(2.5), col(3))).toEqual({ kind: "VALUE", zh: "户数(households)第 1 行应为非负整数，收到 2.5" });
  });

  test("negative area or investment", () => {
    expect(call("PLANTABLE", col(2024), col(1), col(-3))).toEqual({ kind: "VALUE", zh: "改造面积(areas)第 1 行不能为负数，收到 -3" });
    expect(call("PLANTABLE", col(2024), col(1), col(3), col(-7))).toEqual({
      kind: "VALUE",
      zh: "投资(investment)第 1 行不能为负数，收到 -7",
    });
  });

  test("ranges of different lengths", () => {
    expect(call("PLANTABLE", col(2024, 2025, 2026), col(1, 2), col(3, 4, 5))).toEqual({
      kind: "VALUE",
      zh: "户数(households)有 2 行，与年度(years)的 3 行不一致",
    });
    expect(call("PLANTEXT", col(2024, 2025), col(1, 2), col(3, 4, 5))).toEqual({
      kind: "VALUE",
      zh: "改造面积(areas)有 3 行，与年度(years)的 2 行不一致",
    });
  });

  test("an empty project list is #N/A naming years", () => {
    expect(call("PLANTABLE", col(null, null), col(null, null), col(null, null))).toEqual({
      kind: "NA",
      zh: "年度(years)没有数据（区域为空）",
    });
    // desktop Excel sends empty cells as 0
    expect(call("PLANTEXT", col(0, 0), col(0, 0), col(0, 0))).toEqual({ kind: "NA", zh: "年度(years)没有数据（区域为空）" });
    expect(buildPlanTable([])).toBeInstanceOf(DomainError);
  });

  test("text or a blank where a number belongs names the row", () => {
    expect(call("PLANTABLE", col(2024, 2025), col(1, 2), col(3, "约5万"))).toEqual({
      kind: "VALUE",
      zh: "改造面积(areas)第 2 行应为数值，收到“约5万”",
    });
    expect(call("PLANTABLE", col(2024, null), col(1, 2), col(3, 4))).toEqual({
      kind: "VALUE",
      zh: "年度(years)第 2 行为空，而同一行其他区域有数据",
    });
  });

  test("trailing blank rows of a generous selection are ignored; row numbers refer to the selection", () => {
    expect(call("PLANTEXT", col(2024, null, 2024.5), col(1, null, 1), col(1, null, 1))).toEqual({
      kind: "VALUE",
      zh: "年度(years)第 3 行应为四位整数年份（如 2024），收到 2024.5",
    });
    expect(call("PLANTABLE", col(2024, null, null), col(1, null, null), col(10000, null, null))).toEqual([
      ["年度", "项目数", "户数", "改造面积(万㎡)"],
      [2024, 1, 1, 1],
      ["合计", 1, 1, 1],
    ]);
  });
});
