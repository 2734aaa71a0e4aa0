import { makePackagePortable } from "../../src/workbook/portable/package";
import { escapeXml as esc } from "../../src/workbook/ooxml/xml";
import { native } from "../support/portable";

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

describe("shape ids of the notes' drawings stay in blocks of their own (Excel numbers VML shapes workbook-wide)", () => {
  // Sheet "S" gets 1100 notes (more than one block of 1024 ids); sheet "T" already has a comment whose drawing
  // reserves block 2 (ids 2048–3071). A shape id of S's notes in block 2 is a file Excel reports as corrupt.
  const SW = "SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)";
  const many = Array.from({ length: 1100 }, (_, i) => `<row r="${i + 1}"><c r="B${i + 1}"><f>${SW}</f><v>${i}</v></c></row>`).join("");
  const otherVml = (block: number, id: number) =>
    `<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="${block}"/></o:shapelayout><v:shape id="_x0000_s${id}" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape></xml>`;
  const twoSheets = (sheet1Extra: Record<string, string>, legacy: string) =>
    pkg(many, {
      "xl/workbook.xml": `<workbook xmlns="${MAIN}" xmlns:r="${R}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/><sheet name="T" sheetId="2" r:id="rId2"/></sheets></workbook>`,
      "xl/_rels/workbook.xml.rels": `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${R}/worksheet" Target="worksheets/sheet2.xml"/></Relationships>`,
      "xl/worksheets/sheet1.xml": `<worksheet xmlns="${MAIN}" xmlns:r="${R}"><sheetData>${many}</sheetData>${legacy}</worksheet>`,
      "xl/worksheets/sheet2.xml": `<worksheet xmlns="${MAIN}" xmlns:r="${R}"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData><legacyDrawing r:id="rId1"/></worksheet>`,
      "xl/worksheets/_rels/sheet2.xml.rels": `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${R}/vmlDrawing" Target="../drawings/vmlDrawing2.vml"/></Relationships>`,
      "xl/drawings/vmlDrawing2.vml": otherVml(2, 2049),
      ...sheet1Extra,
    });
  const ids = (vml: string) => [...vml.matchAll(/<v:shape id="_x0000_s(\d+)"/g)].map((m) => Number(m[1]));
  const idmap = (vml: string) => /<o:idmap [^>]*data="([^"]*)"/.exec(vml)![1];

  it("a new drawing: 1100 ids from block 1, skipping block 2, and its o:idmap lists the blocks it uses", () => {
    const { write } = makePackagePortable(twoSheets({}, ""));
    const vml = write.get("xl/drawings/vmlDrawing1.vml")!;
    const got = ids(vml);
    // block 1: 1025..2047 (1023 ids); block 2 is T's; block 3: 3073.. for the remaining 77
    expect(got.length).toBe(1100);
    expect(got.slice(1021, 1025)).toEqual([2046, 2047, 3073, 3074]);
    expect(got[1099]).toBe(3073 + 76);
    expect(idmap(vml)).toBe("1,3");
    expect(write.has("xl/drawings/vmlDrawing2.vml")).toBe(false);
  });

  it("an existing drawing: the notes' ids follow its own, skip block 2, and its o:idmap gains the new block", () => {
    const { write } = makePackagePortable(
      twoSheets(
        {
          "xl/worksheets/_rels/sheet1.xml.rels": `<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${R}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/></Relationships>`,
          "xl/drawings/vmlDrawing1.vml": otherVml(1, 1025),
        },
        '<legacyDrawing r:id="rId1"/>',
      ),
    );
    const vml = write.get("xl/drawings/vmlDrawing1.vml")!;
    const got = ids(vml);
    expect(got.length).toBe(1101);
    expect(got.slice(0, 2)).toEqual([1025, 1026]);
    expect(got.slice(1021, 1024)).toEqual([2046, 2047, 3073]);
    expect(got.filter((id) => id >= 2048 && id < 3072)).toEqual([]);
    expect(idmap(vml)).toBe("1,3");
  });
});
