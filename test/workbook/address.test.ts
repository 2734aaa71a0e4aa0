import * as fs from "fs";
import * as path from "path";
import {
  a1,
  absRef,
  colIndex,
  columnLetters,
  isValidDefinedName,
  parseCellAddress,
  parseNameFormula,
  parseRange,
  quoteSheet,
  splitSheetAddress,
} from "../../src/workbook/address";

/* The one A1/reference module (src/workbook/address.ts), and that no other file keeps its own copy. */
describe("A1 addresses and references", () => {
  it("column letters both ways: A=0, Z=25, AA=26, XFD=16383", () => {
    expect([0, 25, 26, 701, 702, 16383].map(columnLetters)).toEqual(["A", "Z", "AA", "ZZ", "AAA", "XFD"]);
    expect(["A", "z", "AA", "XFD"].map(colIndex)).toEqual([0, 25, 26, 16383]);
    expect([a1(6, 1), absRef(6, 1)]).toEqual(["B7", "$B$7"]);
  });

  it("ranges and cells: $-anchored or not; beyond XFD1048576 or row 0 is not a reference", () => {
    expect(parseRange("$B$2:D9")).toEqual({ row: 1, col: 1, rows: 8, cols: 3 });
    expect(parseRange("D9:B2")).toEqual({ row: 1, col: 1, rows: 8, cols: 3 });
    expect([parseRange("XFE1"), parseRange("A0"), parseRange("A1048577"), parseRange("#REF!")]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect([parseCellAddress("$C$7"), parseCellAddress("C7:C8")]).toEqual([{ row: 6, col: 2 }, undefined]);
  });

  it("sheet-qualified references, quoted or not; defined-name formulas to one cell", () => {
    expect(splitSheetAddress("='年度计划 (2)'!$A$1")).toEqual({ sheet: "年度计划 (2)", address: "$A$1" });
    expect(splitSheetAddress("'It''s'!A1:B2")).toEqual({ sheet: "It's", address: "A1:B2" });
    expect(splitSheetAddress("项目库!D7")).toEqual({ sheet: "项目库", address: "D7" });
    expect(parseNameFormula("=参数!$B$3")).toEqual({ sheet: "参数", row: 2, col: 1 });
    expect([parseNameFormula("=#REF!$A$1"), parseNameFormula("=0.05"), parseNameFormula("=参数!$B$3:$B$4")]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
    expect(quoteSheet("It's")).toBe("'It''s'");
  });

  it("defined names by Excel's rule, the same on both hosts: a backslash only first (p_base\\rate is rejected)", () => {
    expect(["p_baseRate", "\\x", "贴现率", "XFE1", "Rate.2"].map(isValidDefinedName)).toEqual([true, true, true, true, true]);
    expect(["p_base\\rate", "A1", "xfd10", "R", "R1C1", "a b", ""].map(isValidDefinedName)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
  });

  it("no src/ file but src/workbook/address.ts converts column letters itself", () => {
    const SRC = path.join(__dirname, "..", "..", "src");
    const copies: string[] = [];
    const walk = (dir: string) => {
      for (const n of fs.readdirSync(dir)) {
        const p = path.join(dir, n);
        if (fs.statSync(p).isDirectory()) walk(p);
        else if (
          /\.ts$/.test(n) &&
          !p.endsWith(path.join("workbook", "address.ts")) &&
          /fromCharCode\(65|charCodeAt\(0\) - 64|charCodeAt\(0\) \+ 1 - 65/.test(fs.readFileSync(p, "utf8"))
        )
          copies.push(path.relative(SRC, p));
      }
    };
    walk(SRC);
    expect(copies).toEqual([]);
  });
});
