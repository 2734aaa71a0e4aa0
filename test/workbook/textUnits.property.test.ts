import fc from "fast-check";
import { textUnits, wrappedHeight } from "../../src/workbook/layout";

/*
 * textUnits counts by UTF-16 unit (src/workbook/layout.ts): the same width as counting code points with the rule
 * written out — two for a code point from U+1100 on (what the report's row heights were sized with before), one
 * below — on any text: CJK, full-width forms, emoji and other astral characters, lone high and low surrogates.
 */

/** The rule by code point, as it was written before: a character (for…of) from U+1100 on counts two. */
function byCodePoint(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
  return n;
}

const unit = fc.oneof(
  fc.integer({ min: 0, max: 0x7f }),
  fc.integer({ min: 0x1000, max: 0x1200 }),
  fc.integer({ min: 0x4e00, max: 0x9fff }),
  fc.integer({ min: 0xd7f0, max: 0xe010 }), // around and inside the surrogates
  fc.integer({ min: 0xff00, max: 0xffff }),
);
const text = fc.array(unit, { maxLength: 40 }).map((units) => String.fromCharCode(...units));

describe("textUnits", () => {
  it("gives the width counted by code point, on any UTF-16 text", () => {
    fc.assert(
      fc.property(fc.oneof(text, fc.string({ unit: "grapheme" }), fc.string({ unit: "binary" })), (t) => textUnits(t) === byCodePoint(t)),
      {
        numRuns: 3000,
      },
    );
  });

  it("counts worked examples by hand", () => {
    expect(textUnits("")).toBe(0);
    expect(textUnits("AB 1")).toBe(4);
    expect(textUnits("东关街道")).toBe(8);
    expect(textUnits("Ａ")).toBe(2); // full-width A
    expect(textUnits("\u10ff\u1100")).toBe(3); // the last one-unit character, then the first two-unit one
    expect(textUnits("😀")).toBe(2); // one astral character (a surrogate pair) counts two, not four
    expect(textUnits("\ud83d")).toBe(2); // a lone high surrogate
    expect(textUnits("\ude00a")).toBe(3); // a lone low surrogate, then a
    expect(textUnits("\ud83d\ud83d\ude00")).toBe(4); // a lone high surrogate before a pair
    // 20 CJK characters in a block 20 units wide: 40 units over 20 × 0.92 = 18.4 a line → 3 lines of 15 pt, + 6.
    expect(wrappedHeight("一".repeat(20), 20)).toBe(51);
  });
});
