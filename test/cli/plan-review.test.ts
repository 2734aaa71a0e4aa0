import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { SAMPLE_FILE } from "../../scripts/gen-sample-workbook";
import { shanty } from "../support/shanty";
import { gridFromParts } from "../../src/cli/plan/readParts";
import { addStyles } from "../../src/cli/plan/stylesXml";
import { addOverrides } from "../../src/cli/plan/workbookXml";
import type { Parts } from "../../src/cli/package";
import { runText, xmlText } from "../../src/workbook/ooxml/xml";

/*
 * Review of the package path of `shanty plan` (issue 15): inputs where the grid read from the sheet XML differed
 * from what Excel shows. Each case states Excel's reading (XML 1.0 rules), written by hand.
 */

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A one-sheet package (sheet "S") with the given shared strings and sheetData. */
function pkg(sst: string, sheetData: string): Parts {
  const parts: Parts = new Map();
  const put = (n: string, s: string) => parts.set(n, Buffer.from(s, "utf8"));
  put("[Content_Types].xml", `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`);
  put(
    "_rels/.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  put(
    "xl/workbook.xml",
    `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  put(
    "xl/_rels/workbook.xml.rels",
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  put("xl/sharedStrings.xml", `<sst xmlns="${MAIN}">${sst}</sst>`);
  put("xl/worksheets/sheet1.xml", `<worksheet xmlns="${MAIN}"><sheetData>${sheetData}</sheetData></worksheet>`);
  return parts;
}

describe("plan package path review: text as Excel reads it", () => {
  it("a CDATA section in a shared string is its text (was read as the markup '<![CDATA[…]]>')", () => {
    expect(runText("<t><![CDATA[鼓楼巷 A&B <1>]]></t>")).toBe("鼓楼巷 A&B <1>");
    expect(runText("<r><t>前&amp;</t></r><r><t><![CDATA[&amp;后]]></t></r>")).toBe("前&&amp;后");
    const { grid } = gridFromParts(
      pkg(`<si><t><![CDATA[鼓楼巷棚户区改造项目]]></t></si>`, `<row r="1"><c r="A1" t="s"><v>0</v></c></row>`),
    );
    expect(grid.sheets[0].values).toEqual([["鼓楼巷棚户区改造项目"]]);
  });

  it("a raw CR or CRLF in text is a line feed, as every XML parser reads it (&#13; stays a CR)", () => {
    expect(xmlText("a\r\nb\rc")).toBe("a\nb\nc");
    expect(xmlText("a&#13;\nb")).toBe("a\r\nb");
    const { grid } = gridFromParts(
      pkg(`<si><t>PG\r\n01</t></si>`, `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>PG\r\n01</t></is></c></row>`),
    );
    // The same text in a shared and an inline string: equal, as Excel sees them
    expect(grid.sheets[0].values).toEqual([["PG\n01", "PG\n01"]]);
  });
});

describe("plan package path review: formula results", () => {
  it('a formula\'s cached result given as a shared string (t="s") is that string, not its index as a number', () => {
    const { grid, uncomputed } = gridFromParts(
      pkg(`<si><t>x</t></si><si><t>项目甲</t></si>`, `<row r="1"><c r="A1" t="s"><f>"项目"&amp;"甲"</f><v>1</v></c></row>`),
    );
    expect(grid.sheets[0].values).toEqual([["项目甲"]]);
    expect(uncomputed.size).toBe(0);
  });
});

describe("plan package path review: number spellings in <v>", () => {
  const value = (v: string) => gridFromParts(pkg("", `<row r="1"><c r="A1"><v>${v}</v></c></row>`)).grid.sheets[0].values[0][0];
  it("well-formed spellings read as Excel reads them", () => {
    expect(value("1.04E4")).toBe(10400);
    expect(value("+2024.")).toBe(2024);
    expect(value(".5")).toBe(0.5);
    expect(value(" 10400 ")).toBe(10400);
    expect(value("-0")).toBe(-0);
    expect(value("1.5e-7")).toBe(1.5e-7);
  });
  it("text that is no number is NaN (reported as not a number), never its leading digits: 1,234 was 1 and 0x10 was 0", () => {
    expect(value("1,234")).toBeNaN();
    expect(value("0x10")).toBeNaN();
    expect(value("12abc")).toBeNaN();
    expect(value("1e")).toBeNaN();
  });
});

describe("plan package path review: number formats of the generated cells", () => {
  const styles = (numFmts: string) =>
    `<styleSheet xmlns="${MAIN}">${numFmts}<fonts count="1"><font/></fonts><fills count="1"><fill/></fills>` +
    `<borders count="1"><border/></borders><cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellXfs></styleSheet>`;
  /** The numFmtId of the xf written for a cell with format `code`, and that id's code in the output's <numFmts>. */
  function written(input: string, code: string): { id: number; code: string | undefined } {
    const out = addStyles(input, [{}, { numFmt: code }]);
    if ("decline" in out) throw new Error(out.decline);
    const xf = [...out.xml.matchAll(/<xf [^>]*>/g)][out.xf[1]][0];
    const id = Number(/numFmtId="(\d+)"/.exec(xf)![1]);
    const def = new RegExp(`<numFmt numFmtId="${id}" formatCode="([^"]*)"`).exec(out.xml);
    return { id, code: def?.[1] };
  }

  it("a builtin format id the input redefines (numFmtId 4 as 0.0) is not used for #,##0.00: 1234.56 would show 1234.6", () => {
    const input = styles(`<numFmts count="1"><numFmt numFmtId="4" formatCode="0.0"/></numFmts>`);
    const w = written(input, "#,##0.00");
    expect(w.id).not.toBe(4);
    expect(w.id).toBeGreaterThanOrEqual(164);
    expect(w.code).toBe("#,##0.00");
  });

  it("the builtin id is used when the input does not redefine it, or defines it with the same code", () => {
    expect(written(styles(""), "#,##0.00")).toEqual({ id: 4, code: undefined });
    expect(written(styles(`<numFmts count="1"><numFmt numFmtId="4" formatCode="#,##0.00"/></numFmts>`), "#,##0.00").id).toBe(4);
  });
});

describe("plan package path review: [Content_Types].xml", () => {
  it("a stale Override for a part the input lacks (a deleted sheet) is replaced, never listed twice (an invalid package)", () => {
    const SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml";
    const types =
      `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="${SHEET}"/>` +
      `<Override PartName="/xl/worksheets/Sheet6.xml" ContentType="application/xml"/></Types>`;
    const out = addOverrides(types, [{ partName: "/xl/worksheets/sheet6.xml", contentType: SHEET }]);
    if (typeof out !== "string") throw new Error(out.decline);
    const names = [...out.matchAll(/PartName="([^"]*)"/g)].map((m) => m[1]);
    // Part names compare case-insensitively (OPC): one entry each, the new one with the worksheet type
    expect(names).toEqual(["/xl/worksheets/sheet1.xml", "/xl/worksheets/sheet6.xml"]);
    expect(out).toContain(`<Override PartName="/xl/worksheets/sheet6.xml" ContentType="${SHEET}"/>`);
  });
});

describe("plan package path review: parts left from a deleted sheet", () => {
  jest.setTimeout(60000);
  it("a sheet's rels part without its sheet (sheet6.xml.rels, naming comments) is not taken over by a generated sheet", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-review-"));
    try {
      const zip = await JSZip.loadAsync(fs.readFileSync(SAMPLE_FILE));
      expect(zip.file("xl/worksheets/sheet6.xml")).toBeNull();
      const stale =
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
        `<Relationship Id="rId1" Type="${REL}/comments" Target="../comments9.xml"/></Relationships>`;
      zip.file("xl/worksheets/_rels/sheet6.xml.rels", stale);
      const input = path.join(dir, "in.xlsx");
      fs.writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
      const output = path.join(dir, "out.xlsx");
      expect((await shanty("plan", input, "-o", output)).code).toBe(0);
      const out = await JSZip.loadAsync(fs.readFileSync(output));
      const wbRels = await out.file("xl/_rels/workbook.xml.rels")!.async("string");
      const targets = [...wbRels.matchAll(/Target="(worksheets\/sheet\d+\.xml)"/g)].map((m) => m[1]);
      expect(targets).toHaveLength(8); // the sample's 5 sheets and the 3 generated ones
      // The stale part is still there as it was, and no sheet the workbook lists has it as its rels
      expect(await out.file("xl/worksheets/_rels/sheet6.xml.rels")!.async("string")).toBe(stale);
      expect(targets).not.toContain("worksheets/sheet6.xml");
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
