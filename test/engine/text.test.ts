import fc from "fast-check";
import { normalizeText } from "../../src/engine/text";

/** The definition normalizeText keeps: NFKC always, whitespace removed, lower case (its fast path skips NFKC). */
const byDefinition = (s: string) => s.normalize("NFKC").replace(/\s+/g, "").toLowerCase();

describe("normalizeText", () => {
  test("full-width letters, digits and spaces are folded; ideographs kept", () => {
    expect(normalizeText("  ＰＧ－２０２４ 01\u3000")).toBe("pg-202401");
    expect(normalizeText("东汇 片区")).toBe("东汇片区");
    expect(normalizeText("⼩计")).toBe("小计"); // KANGXI RADICAL SMALL (U+2F29) is 小 under NFKC
    expect(normalizeText("﨑")).toBe("﨑".normalize("NFKC"));
  });

  test("equals NFKC + whitespace removal + lower case on any text (the fast path changes nothing)", () => {
    const pieces = fc.constantFrom(
      "a",
      "Z",
      " ",
      "\t",
      "-",
      "0",
      "合",
      "计",
      "小",
      "东",
      "鿿",
      "一",
      "Ａ",
      "１",
      "\u3000",
      "（",
      "：",
      "⼩",
      "﨑",
      "e\u0301",
      "\u0301",
      "Å",
      "ﬁ",
      "①",
      "㎡",
      "\u00a0",
      "İ",
    );
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 12 }), (parts) => {
        const s = parts.join("");
        expect(normalizeText(s)).toBe(byDefinition(s));
      }),
      { numRuns: 3000 },
    );
  });
});
