import { scanSheetCell } from "../../src/cli/recalc/package";
import { isoToSerial } from "../../src/cli/package";

/*
 * Pieces of the recalc package reader that large or unusual real files reach: a formula re-read from the sheet XML
 * (beyond the first block of formulas the text is not kept) must be found in a sheet written with an element
 * prefix (`x:`), and ISO date cells use the loader's one conversion.
 */

test("a cell cut from a sheet written with the x: prefix gives its formula back", () => {
  const found: (string | undefined)[] = [];
  scanSheetCell('<x:c r="B7" t="n"><x:f>SUM(A1:A6)</x:f><x:v>21</x:v></x:c>', (c) => found.push(c.f?.text));
  expect(found).toEqual(["SUM(A1:A6)"]);
  const plain: (string | undefined)[] = [];
  scanSheetCell('<c r="B7"><f>A1*2</f><v>2</v></c>', (c) => plain.push(c.f?.text));
  expect(plain).toEqual(["A1*2"]);
});

test("ISO dates: 2024-03-15 is serial 45366, and Excel's phantom 1900-02-29 is counted before March 1900", () => {
  // 1900-01-01 = 1; Excel counts 1900-02-29, so 1900-03-01 = 61; 2024-03-15: 45366 (Excel's DATE(2024,3,15)).
  expect(isoToSerial("2024-03-15", false)).toBe(45366);
  expect(isoToSerial("1900-03-01", false)).toBe(61);
  expect(isoToSerial("1900-01-01", false)).toBe(1);
});
