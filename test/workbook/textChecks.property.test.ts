import fc from "fast-check";
import { normalizeText } from "../../src/engine/text";
import { isRegExpSpace, keepsSpace } from "../../src/cli/plan/sheetXml";
import { TOTAL_WORDS, totalWord } from "../../src/workbook/reader/cells";

/*
 * Two checks made per cell of a large list, written without regular expressions or normalisation where they cannot
 * matter, against the rules as they were written before:
 * - keepsSpace (the writer's xml:space="preserve" for an inline text) is /^\s|\s$|[\n\t]/.test(s);
 * - totalWord skips normalizeText for text that cannot hold a total word, and says what it said before.
 */

/** totalWord as it was: normalise, drop the colons and brackets, look for a word at either end. */
function totalWordBefore(v: string): string | undefined {
  const k = normalizeText(v).replace(/[:：()（）]/g, "");
  if (k === "") return undefined;
  return TOTAL_WORDS.find((w) => k.startsWith(w) || k.endsWith(w));
}

// Characters around the rules: white space of every kind, the words' characters in both widths and cases, NFKC's
// compatibility forms (full-width, circled and mathematical letters), brackets, CJK ideographs, surrogates.
const tricky = fc.constantFrom(
  ..."合计小计总计汇总其中subtotalSUBTOTALTotal".split(""),
  ..."ｔＴｓｕｂｏａｌ合㊀ⓣ𝐭ᵗₜ".split(""),
  " ",
  "\t",
  "\n",
  "\r",
  "\u000b",
  "\u00a0",
  "\u1680",
  "\u2003",
  "\u2028",
  "\u3000",
  "\ufeff",
  ":",
  "：",
  "(",
  "（",
  "）",
  "东",
  "关",
  "街",
  "A",
  "0",
  "\ud83d",
  "\ude00",
);
// Whole words and pieces of labels, so that labels with a total word at either end are common.
const piece = fc.constantFrom(
  "合计",
  "小计",
  "总计",
  "汇总",
  "其中",
  "subtotal",
  "total",
  "TOTAL",
  "ｔｏｔａｌ",
  " ",
  "：",
  "（",
  "）",
  "东关",
  "2024年",
  "PG-1",
);
const text = fc.oneof(
  fc.array(tricky, { maxLength: 12 }).map((a) => a.join("")),
  fc.array(piece, { maxLength: 4 }).map((a) => a.join("")),
  fc.string({ unit: "grapheme", maxLength: 12 }),
  fc.string({ unit: "binary", maxLength: 12 }),
);

describe("per-cell text checks without a regular expression", () => {
  it("isRegExpSpace is /\\s/ on every UTF-16 unit", () => {
    for (let u = 0; u <= 0xffff; u++) expect([u, isRegExpSpace(u)]).toEqual([u, /\s/.test(String.fromCharCode(u))]);
  });

  it("keepsSpace is /^\\s|\\s$|[\\n\\t]/ on any text", () => {
    fc.assert(
      fc.property(text, (s) => keepsSpace(s) === /^\s|\s$|[\n\t]/.test(s)),
      { numRuns: 5000 },
    );
    expect(keepsSpace("")).toBe(false);
    expect(keepsSpace("东关\u3000")).toBe(true); // an ideographic space at the end
    expect(keepsSpace("a\tb")).toBe(true);
    expect(keepsSpace("a b")).toBe(false);
  });

  it("totalWord says what it said before, on any text", () => {
    fc.assert(
      fc.property(text, (s) => totalWord(s) === totalWordBefore(s)),
      { numRuns: 5000 },
    );
    expect(totalWord("合 计")).toBe("合计");
    expect(totalWord("2024年小计")).toBe("小计");
    expect(totalWord("ＴＯＴＡＬ")).toBe("total"); // full-width, through NFKC
    expect(totalWord("Sub Total:")).toBe("subtotal");
    expect(totalWord("total")).toBe("total");
    expect(totalWord("东关 subtotal")).toBe("subtotal");
    expect(totalWord("东汇总部片区改造项目")).toBeUndefined();
    expect(totalWord("PG-2024-01")).toBeUndefined();
  });
});
