import { makePackagePortable } from "../../src/workbook/portable/package";
import { toNativeFormula } from "../../src/workbook/portable/translate";

/*
 * Inputs found to break the portable converter in review, each with the cell that came out wrong.
 */

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";

/** One worksheet "S" with the given cells (and any extra parts). */
function pkg(rows: string, extra: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({
      "[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`,
      "_rels/.rels": `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      "xl/workbook.xml": `<workbook xmlns="${MAIN}" xmlns:r="${R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      "xl/worksheets/sheet1.xml": `<worksheet xmlns="${MAIN}" xmlns:r="${R}"><sheetData>${rows}</sheetData></worksheet>`,
      ...extra,
    }),
  );
}

const native = (formula: string): string => {
  const t = toNativeFormula(formula);
  if (!t.ok) throw new Error(t.reason);
  return t.formula;
};
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

describe("a shared formula filled across, over a span of sheets (Jan:Mar!B2)", () => {
  // B1:D1 share B1's formula; C1 is B1's formula one column on: SUM(Jan:Mar!C2), the sheet names unchanged
  const rows =
    '<row r="1"><c r="B1"><f t="shared" ref="B1:D1" si="0">SHANTY.BIZLOSS(SUM(Jan:Mar!B2),0.05)</f><v>1</v></c>' +
    '<c r="C1"><f t="shared" si="0"/><v>2</v></c><c r="D1"><f t="shared" si="0"/><v>3</v></c></row>';
  const { write, result } = makePackagePortable(pkg(rows));

  it("reports each cell's own formula with the sheet names as written", () => {
    expect(result.cells.map((c) => [c.address, c.original])).toEqual([
      ["B1", "SHANTY.BIZLOSS(SUM(Jan:Mar!B2),0.05)"],
      ["C1", "SHANTY.BIZLOSS(SUM(Jan:Mar!C2),0.05)"],
      ["D1", "SHANTY.BIZLOSS(SUM(Jan:Mar!D2),0.05)"],
    ]);
  });

  it("writes each cell's native formula over the same sheets", () => {
    const sheet = write.get("xl/worksheets/sheet1.xml")!;
    expect(sheet).toContain(`<c r="C1"><f>${esc(native("SHANTY.BIZLOSS(SUM(Jan:Mar!C2),0.05)"))}</f><v>2</v></c>`);
    expect(sheet).not.toMatch(/JA[NO]:/);
  });
});
