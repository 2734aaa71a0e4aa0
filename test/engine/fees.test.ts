import fc from "fast-check";
import { Dec } from "../../src/engine/decimal";
import { infraFee, showInfraFee, waivedFeeName, waivedTotal, isUtilityFee } from "../../src/engine/fees";
import { parseInvestor } from "../../src/engine/investor";
import { isError } from "../../src/engine/errors";
import { deedTax, latExempt, taxShare } from "../../src/engine/taxes";

const d = (x: number | string) => new Dec(x);

function fee(ar: number, ad: number, r: number, investor: "government" | "private", k = 1.5, rc = 0, rm = 0) {
  return infraFee({ resettleArea: d(ar), devArea: d(ad), baseRate: d(r), investor, ratio: d(k), collectRate: d(rc), metroRate: d(rm) });
}

describe("infrastructure supporting fee (domain §1.1, X Art. 29)", () => {
  it("private capital beyond 1:1.5 pays half rate — domain worked example", () => {
    // Ar 10,000, Ad 20,000, r 150, k 1.5, rc 20, rm 30.
    // exempt dev = min(20,000, 15,000) = 15,000; half-rate = 5,000.
    // E = 10,000·150 + 15,000·150 + 5,000·75 = 1,500,000 + 2,250,000 + 375,000 = 4,125,000
    // Due = 30,000·150 − 4,125,000 + 30,000·50 = 375,000 + 1,500,000 = 1,875,000
    const f = fee(10000, 20000, 150, "private", 1.5, 20, 30);
    expect(f.devExemptArea.toString()).toBe("15000");
    expect(f.devHalfArea.toString()).toBe("5000");
    expect(f.exempt.toString()).toBe("4125000");
    expect(f.totalDue.toString()).toBe("1875000");
    expect(f.baseDue.toString()).toBe("375000"); // 5,000 × 75
    expect(f.collectDue.toString()).toBe("600000"); // 30,000 × 20
    expect(f.metroDue.toString()).toBe("900000"); // 30,000 × 30
  });

  it("government-led pays the full base rate on development area — domain worked example", () => {
    // E = 10,000·150 = 1,500,000; Due = 30,000·150 − 1,500,000 + 30,000·50 = 4,500,000
    const f = fee(10000, 20000, 150, "government", 1.5, 20, 30);
    expect(f.exempt.toString()).toBe("1500000");
    expect(f.totalDue.toString()).toBe("4500000");
    expect(f.devFullArea.toString()).toBe("20000");
  });

  it("private capital within the ratio is fully exempt on development area", () => {
    // Ar 8,000 → limit 12,000 ≥ Ad 12,000: E = 20,000 × 100 = 2,000,000; base due 0
    const f = fee(8000, 12000, 100, "private");
    expect(f.exempt.toString()).toBe("2000000");
    expect(f.baseDue.toString()).toBe("0");
  });

  it("the ratio is a parameter: 1:2 exempts more development area", () => {
    // Ar 10,000, k 2 → 20,000 exempt, no half-rate area: E = 30,000 × 150 = 4,500,000
    const f = fee(10000, 20000, 150, "private", 2);
    expect(f.devHalfArea.toString()).toBe("0");
    expect(f.exempt.toString()).toBe("4500000");
  });

  it("rounds half-up at the output only: 1 ㎡ at 1.005 元 is 1.01, not the binary-float 1.00", () => {
    const shown = showInfraFee(fee(1, 0, 1.005, "government"));
    expect(shown.exempt.toString()).toBe("1.01");
  });

  it("shown figures keep exempt + due = gross even when both round up", () => {
    // Ar 1, Ad 1 private k 0: E = 1·0.005 + 1·0.0025 = 0.0075 → 0.01; gross = 2·0.005 = 0.01 → 0.01; due shown 0.00
    const shown = showInfraFee(fee(1, 1, 0.005, "private", 0));
    expect(shown.exempt.plus(shown.totalDue).toString()).toBe(shown.gross.toString());
    expect(shown.baseDue.plus(shown.collectDue).plus(shown.metroDue).toString()).toBe(shown.totalDue.toString());
  });

  it("the development-area parts shown add up to the development area shown (尾差 to the rounded total)", () => {
    // Ar 0.335, Ad 0.67, private k 1: exempt-rate dev area min(0.67, 0.335) = 0.335, half-rate 0.67 − 0.335 = 0.335.
    // Each alone rounds to 0.34 (0.68 together), but the area shown is 0.67: one part gives up 0.01 — both moved by
    // the same 0.005 and are the same size, so the first (exempt-rate) one: 0.33 + 0.34 + 0 = 0.67.
    const shown = showInfraFee(fee(0.335, 0.67, 1, "private", 1));
    expect([shown.devExemptArea, shown.devHalfArea, shown.devFullArea].map(String)).toEqual(["0.33", "0.34", "0"]);
    expect(shown.devExemptArea.plus(shown.devHalfArea).plus(shown.devFullArea).toString()).toBe("0.67");
    // Government-led: the whole development area is full-rate, 1.005 → 1.01 (half-up).
    const gov = showInfraFee(fee(1, 1.005, 1, "government"));
    expect([gov.devExemptArea, gov.devHalfArea, gov.devFullArea].map(String)).toEqual(["0", "0", "1.01"]);
  });

  it("exempt plus due equals gross exactly (property)", () => {
    // Workbook values: areas to 0.01 ㎡ up to 10⁷ ㎡, rates to 0.0001 元/㎡. (Exactness is promised within the
    // 40 significant digits of the engine's Decimal, far beyond any workbook figure; subnormal doubles are not.)
    const area = fc.integer({ min: 0, max: 1e9 }).map((n) => n / 100);
    const rate = fc.integer({ min: 0, max: 1e7 }).map((n) => n / 10000);
    fc.assert(
      fc.property(
        area,
        area,
        rate,
        fc.boolean(),
        fc.integer({ min: 0, max: 500 }).map((n) => n / 100),
        rate,
        rate,
        (ar, ad, r, priv, k, rc, rm) => {
          const f = fee(ar, ad, r, priv ? "private" : "government", k, rc, rm);
          const gross = d(ar)
            .plus(d(ad))
            .times(d(r).plus(d(rc)).plus(d(rm)));
          expect(f.exempt.plus(f.totalDue).equals(gross)).toBe(true);
          const shown = showInfraFee(f);
          expect(shown.exempt.plus(shown.totalDue).equals(shown.gross)).toBe(true);
          expect(shown.baseDue.plus(shown.collectDue).plus(shown.metroDue).equals(shown.totalDue)).toBe(true);
          // Ad is given to 0.01 ㎡, so the area shown is Ad itself and the parts shown add up to it.
          expect(shown.devExemptArea.plus(shown.devHalfArea).plus(shown.devFullArea).equals(d(ad))).toBe(true);
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe("investor type aliases (domain §0)", () => {
  it.each([
    ["政府", "government"],
    [" 政府投资 ", "government"],
    ["国有", "government"],
    ["GOV", "government"],
    ["ｇｏｖｅｒｎｍｅｎｔ", "government"],
    ["民间", "private"],
    ["民间资本", "private"],
    ["社会资本", "private"],
    ["PRIVATE", "private"],
    ["Ｐｒｉｖａｔｅ", "private"],
  ])("%s → %s", (text, expected) => {
    expect(parseInvestor(text)).toBe(expected);
  });

  it("an unknown investor type is an error naming the argument and the text", () => {
    const e = parseInvestor("外资", "investor");
    expect(isError(e)).toBe(true);
    if (isError(e)) {
      const { zh } = e.render((n) => `投资主体(${n})`);
      expect(zh).toContain("投资主体(investor)");
      expect(zh).toContain("外资");
    }
  });
});

describe("waived fees (domain §1.2)", () => {
  it.each([
    ["防空地下室易地建设费", "防空地下室易地建设费"],
    ["新型墙体材料专项基金", "新型墙体材料专项基金"],
    ["新型墙体材料专项费", "新型墙体材料专项基金"],
    ["散装水泥专项资金", "散装水泥专项资金"],
    ["教育费附加", "城市教育附加"],
    ["城市教育附加费", "城市教育附加"],
    ["地方教育附加", "地方教育附加"],
    ["城镇公用事业附加费", "城镇公用事业附加"],
    ["　防空地下室 易地建设费 ", "防空地下室易地建设费"],
  ])("%s is waived as %s", (name, canonical) => {
    expect(waivedFeeName(name)).toBe(canonical);
  });

  it.each(["工程保险费", "城市基础设施配套费", "供水管网增容费", ""])("%s is not on the waived list", (name) => {
    expect(waivedFeeName(name)).toBeUndefined();
  });

  it("utility connection and capacity fees are recognised", () => {
    expect(isUtilityFee("供水管网增容费")).toBe(true);
    expect(isUtilityFee("电力入网费")).toBe(true);
    expect(isUtilityFee("工程保险费")).toBe(false);
  });

  it("total relieved = waived in full + utility × relief share", () => {
    // 100,000 (人防, waived) + 40,000 × 0.5 (增容) + 0 (保险) = 120,000
    const total = waivedTotal(
      [
        { name: "防空地下室易地建设费", amount: d(100000) },
        { name: "供水管网增容费", amount: d(40000) },
        { name: "工程保险费", amount: d(9000) },
      ],
      d(0.5),
    );
    expect(total.toString()).toBe("120000");
  });
});

describe("tax relief (domain §1.3)", () => {
  it("land-use tax exempt share is resettlement ÷ total area", () => {
    // 200,000 × 3,000 / 10,000 = 60,000
    expect(String(taxShare(d(3000), d(10000), d(200000)))).toBe("60000");
  });

  it("resettlement area above the total is an error", () => {
    expect(isError(taxShare(d(3001), d(3000), d(1)))).toBe(true);
    expect(isError(taxShare(d(0), d(0), d(1)))).toBe(true);
  });

  it("land appreciation tax: exactly 20% is still exempt, just above is not", () => {
    expect(latExempt(d(200000), d(1000000), d(0.2))).toBe(true);
    expect(latExempt(d(200000.01), d(1000000), d(0.2))).toBe(false);
    expect(latExempt(d(-5000), d(1000000), d(0.2))).toBe(true);
  });

  const deed = (price: number, area: number, o: Partial<{ comp: number; first: boolean; ordinary: boolean }> = {}) =>
    deedTax({
      price: d(price),
      area: d(area),
      compensation: d(o.comp ?? 0),
      firstHome: o.first ?? true,
      ordinary: o.ordinary ?? true,
      statutoryRate: d(0.03),
      areaLimit: d(90),
      reducedRate: d(0.01),
    }).tax.toString();

  it("first home of exactly 90 ㎡ pays 1% (以下 includes 90)", () => {
    expect(deed(900000, 90)).toBe("9000");
  });
  it("first home above 90 ㎡, ordinary: half the statutory rate", () => {
    // 1,000,000 × 1.5% = 15,000
    expect(deed(1000000, 90.01)).toBe("15000");
  });
  it("not ordinary housing: full statutory rate", () => {
    expect(deed(1000000, 120, { first: false, ordinary: false })).toBe("30000");
  });
  it("paid with expropriation compensation: only the excess is taxed (82号)", () => {
    // (900,000 − 600,000) × 1% = 3,000
    expect(deed(900000, 90, { comp: 600000 })).toBe("3000");
    expect(deed(500000, 90, { comp: 600000 })).toBe("0");
  });

  // The household rule of 财政部 税务总局 住房城乡建设部公告2024年第16号 and the lower-of-two logic.
  const household = (onlyHome: boolean) => ({
    onlyHome,
    areaLimit: d(140),
    rate: d(0.01),
    largeOnlyRate: d(0.015),
    largeSecondRate: d(0.02),
  });
  const deed2 = (price: number, area: number, o: Partial<{ comp: number; first: boolean; ordinary: boolean; only: boolean }> = {}) =>
    deedTax({
      price: d(price),
      area: d(area),
      compensation: d(o.comp ?? 0),
      firstHome: o.first ?? true,
      ordinary: o.ordinary ?? true,
      statutoryRate: d(0.03),
      areaLimit: d(90),
      reducedRate: d(0.01),
      household: household(o.only ?? o.first ?? true),
    });

  it("a 120 ㎡ only home now pays 1%, not half of 3% (domain §1.3 example)", () => {
    // resettlement rule: 1,000,000 × 1.5% = 15,000; household rule: 120 ≤ 140 → 1% = 10,000; the lower is due.
    const r = deed2(1000000, 120);
    expect(r.tax.toString()).toBe("10000");
    expect(r.rule).toBe("household");
  });
  it("exactly 140 ㎡ is within the household limit (及以下 includes 140)", () => {
    // 2,000,000 × 1% = 20,000 (resettlement rule would be 1.5% = 30,000)
    expect(deed2(2000000, 140).tax.toString()).toBe("20000");
  });
  it("an only home above 140 ㎡ pays 1.5% under both rules; the resettlement rule is named on a tie", () => {
    // household 1.5%; resettlement: above 90, ordinary → 1.5%. 2,000,000 × 1.5% = 30,000.
    const r = deed2(2000000, 140.01);
    expect(r.tax.toString()).toBe("30000");
    expect(r.rule).toBe("resettlement");
  });
  it("a non-ordinary second home above 140 ㎡ pays 2% instead of the full 3%", () => {
    // household 2% of 1,500,000 = 30,000 < 3% = 45,000
    expect(deed2(1500000, 160, { first: false, ordinary: false }).tax.toString()).toBe("30000");
  });
  it("a first purchase ≤ 90 ㎡ keeps 1% (both rules agree)", () => {
    expect(deed2(900000, 90, { comp: 600000 }).tax.toString()).toBe("3000");
  });
  it("onlyHome can differ from firstHome: first purchase but a second family home above 140 ㎡", () => {
    // resettlement: not ≤ 90, ordinary → 1.5%; household, second home > 140 → 2%; lower is 1.5%: 1,000,000 → 15,000
    expect(deed2(1000000, 150, { first: true, only: false }).tax.toString()).toBe("15000");
  });
  it("property: the household rule never raises the tax (lower of two rules)", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1e9 }),
        fc.integer({ min: 1, max: 40000 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        (price, area10, first, ordinary, only) => {
          const args = {
            price: d(price),
            area: d(area10 / 100),
            compensation: d(0),
            firstHome: first,
            ordinary,
            statutoryRate: d(0.03),
            areaLimit: d(90),
            reducedRate: d(0.01),
          };
          const without = deedTax(args).tax;
          const withRule = deedTax({ ...args, household: household(only) }).tax;
          return withRule.lessThanOrEqualTo(without);
        },
      ),
    );
  });
});
