import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { shanty } from "../support/shanty";
import { DEFAULT_PACKAGE_LIMITS, readPackage } from "../../src/cli/package";
import { formulasByCell, renameSheetInFormula } from "../../src/cli/plan/earlier";
import { scanSheetXml } from "../../src/workbook/ooxml/sheet";
import { SAMPLE_FILE } from "../../scripts/gen-sample-workbook";

/*
 * The package path reads an earlier output's formulas (for its fingerprint) by searching for <f> alone
 * (formulasByCell); scanSheetXml, which reads every cell, is the reference.
 */

const FIXTURES = path.join(__dirname, "..", "fixtures", "files");

function byScan(xml: string) {
  const out: { row: number; col: number; f: { attrs: Record<string, string>; text: string } }[] = [];
  scanSheetXml(xml, (c) => void (c.f && out.push({ row: c.row, col: c.col, f: { attrs: c.f.attrs, text: c.f.text } })));
  return out;
}

describe("formulasByCell", () => {
  it.each([
    SAMPLE_FILE,
    ...fs
      .readdirSync(FIXTURES)
      .filter((f) => f.endsWith(".xlsx"))
      .map((f) => path.join(FIXTURES, f)),
  ])("finds the formulas scanSheetXml finds in every sheet of %s", async (file) => {
    const parts = await readPackage(fs.readFileSync(file), file, DEFAULT_PACKAGE_LIMITS);
    let sheets = 0;
    for (const [name, bytes] of parts) {
      if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
      const xml = bytes.toString("utf8");
      expect(formulasByCell(xml)).toEqual(byScan(xml));
      sheets++;
    }
    expect(sheets).toBeGreaterThan(0);
  });

  it("finds the formulas of the add-in's own outputs (the sheets it reads back)", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-earlier-"));
    try {
      const out = path.join(dir, "out.xlsx");
      expect((await shanty("plan", SAMPLE_FILE, "-o", out)).code).toBe(0);
      const parts = await readPackage(fs.readFileSync(out), out, DEFAULT_PACKAGE_LIMITS);
      let formulas = 0;
      for (const [name, bytes] of parts) {
        if (!/^xl\/worksheets\/[^/]+\.xml$/.test(name)) continue;
        const xml = bytes.toString("utf8");
        const found = formulasByCell(xml);
        expect(found).toEqual(byScan(xml));
        formulas += found!.length;
      }
      expect(formulas).toBeGreaterThan(100);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads shared, self-closing and prefixed <f> elements, not <font>-like names, and gives up on cells without r", () => {
    const xml =
      '<x:worksheet xmlns:x="m"><x:sheetData><x:row r="2"><x:c r="B2"><x:f t="shared" ref="B2:C2" si="0">A2&amp;"&lt;f"</x:f><x:v>1</x:v></x:c>' +
      '<x:c r="C2"><x:f t="shared" si="0"/><x:v>2</x:v></x:c><x:c r="D2" t="inlineStr"><x:is><x:t>&lt;f&gt;</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>';
    expect(formulasByCell(xml)).toEqual([
      { row: 1, col: 1, f: { attrs: { t: "shared", ref: "B2:C2", si: "0" }, text: 'A2&"<f"' } },
      { row: 1, col: 2, f: { attrs: { t: "shared", si: "0" }, text: "" } },
    ]);
    expect(formulasByCell(xml)).toEqual(byScan(xml));
    expect(formulasByCell('<worksheet><sheetData><row r="1"><c><f>1+1</f></c></row></sheetData></worksheet>')).toBeUndefined();
  });
});

describe("renameSheetInFormula", () => {
  const to = "年度计划（旧）";
  it.each([
    ["'年度计划'!$A$1:$J$36", "'年度计划（旧）'!$A$1:$J$36"],
    ["年度计划!$3:$3", "'年度计划（旧）'!$3:$3"],
    ["SUM('年度计划'!F5:F9,年度计划!G5)", "SUM('年度计划（旧）'!F5:F9,'年度计划（旧）'!G5)"],
    ["'年度计划2'!A1+年度计划2!B1", "'年度计划2'!A1+年度计划2!B1"], // another sheet
    ["x年度计划!A1", "x年度计划!A1"], // a longer name that ends the same
    ["\"年度计划!A1\"&'年度计划'!A1", "\"年度计划!A1\"&'年度计划（旧）'!A1"], // text in a string literal stays
    ["'O''B'!A1", "'O''B'!A1"],
    ["'年度計划'!A1", "'年度計划'!A1"], // a different character
  ])("%s → %s", (formula, expected) => {
    expect(renameSheetInFormula(formula, "年度计划", to)).toBe(expected);
  });

  it("matches the name case-insensitively, as Excel does, and quotes the new name (quotes inside doubled)", () => {
    expect(renameSheetInFormula("plan!A1+'PLAN'!B2", "Plan", "O'B")).toBe("'O''B'!A1+'O''B'!B2");
  });
});
