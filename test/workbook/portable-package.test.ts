import * as path from "path";
import { relativeTarget, relsOf, resolveTarget } from "../../src/workbook/ooxml/parts";
import { originalFormulaNote } from "../../src/workbook/portable/convert";
import { makePackagePortable } from "../../src/workbook/portable/package";
import { escapeXml as esc } from "../../src/workbook/ooxml/xml";
import { native } from "../support/portable";

/*
 * makePackagePortable on small packages built here, part by part (the real programs' files are in
 * test/cli/portable-package.test.ts): what it rewrites, what it leaves alone, and the XML it writes.
 */

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

function sheetXml(rows: string, after = "", root = `<worksheet xmlns="${MAIN}" xmlns:r="${R}">`): string {
  return `${DECL}${root}<dimension ref="A1:K3"/><sheetData>${rows}</sheetData>${after}</worksheet>`;
}

/** A workbook of one sheet "测算" (sheet1.xml) with the given sheet XML; a calcChain and shared strings ["甲"]. */
function pkg(sheet: string, extra: Record<string, string> = {}): Map<string, string> {
  return new Map(
    Object.entries({
      "[Content_Types].xml":
        `${DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>` +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
      "_rels/.rels": `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      "xl/workbook.xml": `${DECL}<workbook xmlns="${MAIN}" xmlns:r="${R}"><sheets><sheet name="测算" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="191029"/></workbook>`,
      "xl/_rels/workbook.xml.rels":
        `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${R}/calcChain" Target="calcChain.xml"/><Relationship Id="rId3" Type="${R}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
      "xl/calcChain.xml": `${DECL}<calcChain xmlns="${MAIN}"><c r="B1" i="1"/></calcChain>`,
      "xl/sharedStrings.xml": `${DECL}<sst xmlns="${MAIN}" count="1" uniqueCount="1"><si><t>甲</t></si></sst>`,
      "xl/styles.xml": `${DECL}<styleSheet xmlns="${MAIN}"/>`,
      "xl/worksheets/sheet1.xml": sheet,
      ...extra,
    }),
  );
}

/** The <c> element of `ref` in a sheet's XML. */
const cell = (xml: string, ref: string) => new RegExp(`<c r="${ref}"[^>]*?(?:/>|>[\\s\\S]*?</c>)`).exec(xml)?.[0];

// SWAPDIFF has no native form (kept as its value); BIZLOSS has one. The cached values are as a recalculation left them.
const ROWS =
  '<row r="1"><c r="A1"><v>2000000</v></c>' +
  '<c r="B1" s="3"><f>SHANTY.BIZLOSS(A1,0.05)</f><v>100000</v></c>' +
  '<c r="C1" s="4"><f>SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)</f><v>70000</v></c>' +
  '<c r="D1" t="str"><f>SHANTY.PLANTEXT(A1:A3,B1:B3,C1:C3)</f><v>力争用3年时间 &lt;全部&gt;</v></c>' +
  '<c r="E1" t="b"><f>SHANTY.ELIGIBLE("城中村",A1)</f><v>1</v></c>' +
  '<c r="F1" t="e"><f>SHANTY.SWAPDIFF(A1,"x",A3,A4:A5)</f><v>#VALUE!</v></c>' +
  '<c r="G1"><f t="shared" ref="G1:G3" si="0">SHANTY.BIZLOSS(A1,0.05)</f><v>100000</v></c>' +
  '<c r="H1"><f>SUM(A1:A2)</f><v>2000060</v></c>' +
  '<c r="J1" t="str" cm="1"><f t="array" ref="J1:K2">SHANTY.COMPTABLE(A1,A2)</f><v>房屋价值</v></c><c r="K1"><v>5</v></c>' +
  '<c r="L1"><f t="shared" ref="L1:L2" si="1">A1*2</f><v>4000000</v></c></row>' +
  '<row r="2"><c r="A2"><v>3000000</v></c><c r="G2"><f t="shared" si="0"/><v>150000</v></c><c r="J2" t="s"><v>0</v></c><c r="K2"><v>6</v></c>' +
  '<c r="L2"><f t="shared" si="1"/><v>6000000</v></c></row>' +
  '<row r="3"><c r="A3"><v>10</v></c><c r="G3"><f t="shared" si="0"/><v>0</v></c></row>';

describe("makePackagePortable: the formula cells", () => {
  const input = pkg(sheetXml(ROWS, '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>'));
  const { write, remove, result } = makePackagePortable(input);
  const sheet = write.get("xl/worksheets/sheet1.xml")!;

  it("reports every SHANTY cell once, with its own formula (shared ones slid), and counts them", () => {
    expect(result.cells.map((c) => [c.sheet, c.address, c.original, c.decision.kind])).toEqual([
      ["测算", "B1", "SHANTY.BIZLOSS(A1,0.05)", "native"],
      ["测算", "C1", "SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)", "value"],
      ["测算", "D1", "SHANTY.PLANTEXT(A1:A3,B1:B3,C1:C3)", "value"],
      ["测算", "E1", 'SHANTY.ELIGIBLE("城中村",A1)', "value"],
      ["测算", "F1", 'SHANTY.SWAPDIFF(A1,"x",A3,A4:A5)', "value"],
      ["测算", "G1", "SHANTY.BIZLOSS(A1,0.05)", "native"],
      ["测算", "J1", "SHANTY.COMPTABLE(A1,A2)", "value"],
      ["测算", "G2", "SHANTY.BIZLOSS(A2,0.05)", "native"],
      ["测算", "G3", "SHANTY.BIZLOSS(A3,0.05)", "native"],
    ]);
    expect([result.converted, result.values]).toEqual([4, 5]);
  });

  it("a native cell gets the native formula (XML-escaped) and keeps its style and cached value", () => {
    expect(cell(sheet, "B1")).toBe(`<c r="B1" s="3"><f>${esc(native("SHANTY.BIZLOSS(A1,0.05)"))}</f><v>100000</v></c>`);
  });

  it("a shared group that calls SHANTY is un-shared: each cell has its own full formula and keeps its value", () => {
    expect(cell(sheet, "G1")).toBe(`<c r="G1"><f>${esc(native("SHANTY.BIZLOSS(A1,0.05)"))}</f><v>100000</v></c>`);
    expect(cell(sheet, "G2")).toBe(`<c r="G2"><f>${esc(native("SHANTY.BIZLOSS(A2,0.05)"))}</f><v>150000</v></c>`);
    expect(cell(sheet, "G3")).toBe(`<c r="G3"><f>${esc(native("SHANTY.BIZLOSS(A3,0.05)"))}</f><v>0</v></c>`);
    expect(sheet).not.toMatch(/si="0"/);
  });

  it("a value cell drops the formula and keeps value and type: number, boolean, error; text as a new shared string", () => {
    expect(cell(sheet, "C1")).toBe('<c r="C1" s="4"><v>70000</v></c>');
    expect(cell(sheet, "E1")).toBe('<c r="E1" t="b"><v>1</v></c>');
    expect(cell(sheet, "F1")).toBe('<c r="F1" t="e"><v>#VALUE!</v></c>');
    // "甲" is item 0; the two texts become items 1 and 2; cm= (dynamic-array metadata) goes with the formula
    expect(cell(sheet, "D1")).toBe('<c r="D1" t="s"><v>1</v></c>');
    expect(cell(sheet, "J1")).toBe('<c r="J1" t="s"><v>2</v></c>');
    expect(write.get("xl/sharedStrings.xml")).toBe(
      `${DECL}<sst xmlns="${MAIN}" count="3" uniqueCount="3"><si><t>甲</t></si><si><t xml:space="preserve">力争用3年时间 &lt;全部&gt;</t></si><si><t xml:space="preserve">房屋价值</t></si></sst>`,
    );
  });

  it("cells that do not call SHANTY keep their bytes, shared groups of native formulas included", () => {
    for (const ref of ["A1", "H1", "K1", "L1", "L2", "J2", "K2"]) expect([ref, cell(sheet, ref)]).toEqual([ref, cell(ROWS, ref)]);
  });

  it("each value cell gets a comment with the original formula, shown through a legacy drawing", () => {
    const comments = write.get("xl/comments1.xml")!;
    const refs = [...comments.matchAll(/<comment ref="([A-Z]+\d+)"/g)].map((m) => m[1]);
    expect(refs).toEqual(["C1", "D1", "E1", "F1", "J1"]);
    expect(comments).toContain(esc(originalFormulaNote("SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)")));
    expect(comments).toContain("<authors><author>Shanty Balance</author></authors>");
    const vml = write.get("xl/drawings/vmlDrawing1.vml")!;
    expect([...vml.matchAll(/<x:Row>(\d+)<\/x:Row><x:Column>(\d+)<\/x:Column>/g)].map((m) => `${m[1]},${m[2]}`)).toEqual([
      "0,2",
      "0,3",
      "0,4",
      "0,5",
      "0,9",
    ]);
    expect(vml).toContain('id="_x0000_t202"');
    const rels = write.get("xl/worksheets/_rels/sheet1.xml.rels")!;
    expect(rels).toContain(`<Relationship Id="rId1" Type="${R}/comments" Target="../comments1.xml"/>`);
    expect(rels).toContain(`<Relationship Id="rId2" Type="${R}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/>`);
    // after pageMargins, as CT_Worksheet orders its children
    expect(sheet).toMatch(/<pageMargins [^>]*\/><legacyDrawing r:id="rId2"\/><\/worksheet>$/);
  });

  it("content types list the comments and VML; the calculation chain is gone (part, relationship, content type)", () => {
    const types = write.get("[Content_Types].xml")!;
    expect(types).toContain(
      '<Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/>',
    );
    expect(types).toContain('<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>');
    expect(types).not.toMatch(/calcChain/);
    expect(remove).toEqual(["xl/calcChain.xml"]);
    expect(write.get("xl/_rels/workbook.xml.rels")).not.toMatch(/calcChain/);
    expect(write.get("xl/_rels/workbook.xml.rels")).toContain("sharedStrings.xml");
    expect(write.get("xl/workbook.xml")).toContain('<calcPr calcId="191029" fullCalcOnLoad="1"/>');
  });

  it("writes only the parts it changed or made", () => {
    expect([...write.keys()].sort()).toEqual(
      [
        "[Content_Types].xml",
        "xl/_rels/workbook.xml.rels",
        "xl/comments1.xml",
        "xl/drawings/vmlDrawing1.vml",
        "xl/sharedStrings.xml",
        "xl/workbook.xml",
        "xl/worksheets/_rels/sheet1.xml.rels",
        "xl/worksheets/sheet1.xml",
      ].sort(),
    );
  });
});

describe("makePackagePortable: notes on sheets that already have comments or drawings", () => {
  const existingComments =
    `${DECL}<comments xmlns="${MAIN}"><authors><author>张三</author></authors><commentList>` +
    '<comment ref="A1" authorId="0"><text><r><rPr><b/></rPr><t>张三:</t></r><r><t xml:space="preserve">\n面积待复核</t></r></text></comment>\n  ' +
    '<comment ref="C1" authorId="0"><text><t>原值 &amp; 说明</t></text></comment></commentList></comments>';
  const existingVml =
    '<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:x="urn:schemas-microsoft-com:office:excel"><o:shapelayout v:ext="edit"><o:idmap v:ext="edit" data="1"/></o:shapelayout>' +
    '<v:shapetype id="_x0000_t202" coordsize="21600,21600" o:spt="202" path="m,l,21600r21600,l21600,xe"/><v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>0</x:Column></x:ClientData></v:shape>' +
    '<v:shape id="_x0000_s1026" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>0</x:Row><x:Column>2</x:Column></x:ClientData></v:shape></xml>';
  const rows =
    '<row r="1"><c r="A1"><v>60</v></c><c r="B1"><f>2*SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)</f><v>140000</v></c><c r="C1"><f>SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)</f><v>70000</v></c>' +
    '<c r="D1"><f>SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)+1</f><v>70001</v></c></row>';
  const input = pkg(sheetXml(rows, '<legacyDrawing r:id="rId7"/><tableParts count="0"/>'), {
    "xl/worksheets/_rels/sheet1.xml.rels": `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId7" Type="${R}/vmlDrawing" Target="../drawings/vmlDrawing3.vml"/><Relationship Id="rId8" Type="${R}/comments" Target="../comments3.xml"/></Relationships>`,
    "xl/comments3.xml": existingComments,
    "xl/drawings/vmlDrawing3.vml": existingVml,
  });
  input.set(
    "[Content_Types].xml",
    input
      .get("[Content_Types].xml")!
      .replace(
        "</Types>",
        '<Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/xl/comments3.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>',
      ),
  );
  const { write } = makePackagePortable(input);
  const comments = write.get("xl/comments3.xml")!;

  it("a comment already on the cell keeps its text, the note appended after a blank line; others are kept as they were", () => {
    expect(comments).toContain(
      `<comment ref="C1" authorId="0"><text><t xml:space="preserve">原值 &amp; 说明\n\n${esc(originalFormulaNote("SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)"))}</t></text></comment>`,
    );
    expect(comments).toContain(
      '<comment ref="A1" authorId="0"><text><r><rPr><b/></rPr><t>张三:</t></r><r><t xml:space="preserve">\n面积待复核</t></r></text></comment>',
    );
  });

  it("a new cell gets a new comment (a second author) and a shape in the existing drawing; no new parts or relationships", () => {
    expect(comments).toContain("<authors><author>张三</author><author>Shanty Balance</author></authors>");
    // in cell order, the existing ones (and the text between them) where they were: A1, B1 (new), C1, D1 (new)
    expect([...comments.matchAll(/<comment ref="([A-Z]+\d+)" authorId="(\d)"/g)].map((m) => `${m[1]}:${m[2]}`)).toEqual([
      "A1:0",
      "B1:1",
      "C1:0",
      "D1:1",
    ]);
    expect(comments).toMatch(/面积待复核<\/t><\/r><\/text><\/comment>\n  <comment ref="B1"[\s\S]*?<\/comment><comment ref="C1"/);
    expect(comments).toMatch(/<\/comment><comment ref="D1" authorId="1"><text><r><t xml:space="preserve">棚改测算原公式/);
    const vml = write.get("xl/drawings/vmlDrawing3.vml")!;
    expect(vml.startsWith(existingVml.slice(0, -"</xml>".length))).toBe(true);
    expect(
      [...vml.matchAll(/<v:shape id="_x0000_s(\d+)"[\s\S]*?<x:Row>(\d+)<\/x:Row><x:Column>(\d+)<\/x:Column>/g)].map((m) =>
        m.slice(1).join(","),
      ),
    ).toEqual(["1025,0,0", "1026,0,2", "1027,0,1", "1028,0,3"]);
    expect(vml.endsWith("</v:shape></xml>")).toBe(true);
    expect(vml.match(/id="_x0000_t202"/g)).toHaveLength(1);
    expect([...write.keys()].filter((k) => /comments|vml|sheet1\.xml\.rels/.test(k)).sort()).toEqual([
      "xl/comments3.xml",
      "xl/drawings/vmlDrawing3.vml",
    ]);
    // the content types lose the calculation chain and gain nothing
    expect(write.get("[Content_Types].xml")).toBe(
      input.get("[Content_Types].xml")!.replace(/<Override PartName="\/xl\/calcChain.xml"[^>]*>/, ""),
    );
    expect(write.get("xl/worksheets/sheet1.xml")).toMatch(/<legacyDrawing r:id="rId7"\/><tableParts count="0"\/><\/worksheet>$/);
  });
});

describe("makePackagePortable: placement and naming", () => {
  it("puts <legacyDrawing> before tableParts and extLst, declares r: when the sheet does not, and skips names in use", () => {
    const rows = '<row r="1"><c r="A1"><f>SHANTY.SWAPDIFF(B1,C1,D1,E1:F1)</f><v>1</v></c></row>';
    const sheet = sheetXml(
      rows,
      '<conditionalFormatting sqref="A1"><cfRule type="containsText" text="a>b" priority="1"><extLst><ext uri="x"/></extLst></cfRule></conditionalFormatting><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><tableParts count="1"><tablePart r:id="rId1"/></tableParts><extLst/>',
      `<worksheet xmlns="${MAIN}">`,
    ).replace('<tablePart r:id="rId1"/>', `<tablePart xmlns:r="${R}" r:id="rId1"/>`);
    const { write } = makePackagePortable(
      pkg(sheet, {
        "xl/comments1.xml": "<comments/>",
        "xl/worksheets/_rels/sheet1.xml.rels": `${DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${R}/table" Target="../tables/table1.xml"/></Relationships>`,
      }),
    );
    const out = write.get("xl/worksheets/sheet1.xml")!;
    expect(out).toContain(
      `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><legacyDrawing xmlns:r="${R}" r:id="rId3"/><tableParts count="1">`,
    );
    expect(write.has("xl/comments2.xml")).toBe(true);
    expect(write.get("xl/comments1.xml")).toBeUndefined();
    expect(write.get("xl/worksheets/_rels/sheet1.xml.rels")).toContain(
      `<Relationship Id="rId2" Type="${R}/comments" Target="../comments2.xml"/>`,
    );
  });

  it("a sheet written with the x: prefix gets its cells and <x:legacyDrawing> in the same prefix", () => {
    const sheet = `${DECL}<x:worksheet xmlns:x="${MAIN}" xmlns:r="${R}"><x:sheetData><x:row r="1"><x:c r="A1" t="str"><x:f>SHANTY.PLANTEXT(B1:B3,C1:C3,D1:D3)</x:f><x:v>计划</x:v></x:c></x:row></x:sheetData></x:worksheet>`;
    const input = pkg(sheet);
    input.delete("xl/sharedStrings.xml");
    const { write } = makePackagePortable(input);
    // no shared strings part: the text is kept as an inline string
    expect(write.get("xl/worksheets/sheet1.xml")).toBe(
      `${DECL}<x:worksheet xmlns:x="${MAIN}" xmlns:r="${R}"><x:sheetData><x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t xml:space="preserve">计划</x:t></x:is></x:c></x:row></x:sheetData><x:legacyDrawing r:id="rId2"/></x:worksheet>`,
    );
  });
});

describe("makePackagePortable: a workbook without SHANTY formulas", () => {
  it("comes out unchanged except calcPr (calcChain kept)", () => {
    const input = pkg(sheetXml('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><f>A1*2</f><v>2</v></c></row>'));
    const { write, remove, result } = makePackagePortable(input);
    expect([...write.keys()]).toEqual(["xl/workbook.xml"]);
    expect(write.get("xl/workbook.xml")).toBe(
      input.get("xl/workbook.xml")!.replace('calcId="191029"', 'calcId="191029" fullCalcOnLoad="1"'),
    );
    expect(remove).toEqual([]);
    expect(result).toEqual({ cells: [], converted: 0, values: 0 });
  });

  it("and with fullCalcOnLoad already set, nothing is written at all", () => {
    const input = pkg(sheetXml(""));
    input.set("xl/workbook.xml", input.get("xl/workbook.xml")!.replace('calcId="191029"', 'calcId="191029" fullCalcOnLoad="1"'));
    expect(makePackagePortable(input).write.size).toBe(0);
  });
});

describe("part names (pure, as Node's path.posix)", () => {
  it.each([
    ["xl/workbook.xml", "worksheets/sheet1.xml"],
    ["xl/worksheets/sheet1.xml", "../tables/table1.xml"],
    ["xl/worksheets/sheet1.xml", "/xl/comments1.xml"],
    ["xl/worksheets/sheet1.xml", "./../drawings//vmlDrawing1.vml"],
    ["", "xl/workbook.xml"],
    ["xl/workbook.xml", "../../x.xml"],
    ["xl/workbook.xml", "worksheets/sheet%201.xml"],
    ["xl/workbook.xml", ""],
  ])("resolveTarget(%j, %j)", (source, target) => {
    let t = target.trim();
    t = decodeURIComponent(t);
    const joined = t.startsWith("/") ? t.slice(1) : path.posix.join(path.posix.dirname(source), t);
    expect(resolveTarget(source, target)).toBe(path.posix.normalize(joined).replace(/^(\.\/)+/, ""));
  });

  it("relsOf and relativeTarget", () => {
    expect(relsOf("xl/worksheets/sheet1.xml")).toBe("xl/worksheets/_rels/sheet1.xml.rels");
    expect(relsOf("")).toBe("_rels/.rels");
    expect(relativeTarget("xl/worksheets/sheet1.xml", "xl/comments1.xml")).toBe("../comments1.xml");
    expect(relativeTarget("xl/worksheets/sheet1.xml", "xl/drawings/vmlDrawing1.vml")).toBe("../drawings/vmlDrawing1.vml");
    expect(relativeTarget("xl/workbook.xml", "xl/worksheets/sheet2.xml")).toBe("worksheets/sheet2.xml");
    expect(relativeTarget("", "xl/workbook.xml")).toBe("xl/workbook.xml");
  });
});
