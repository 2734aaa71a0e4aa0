import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { recalcBuffer } from "../../src/cli/recalc";
import { scanSheet } from "../../src/cli/recalc/package";
import { shanty } from "../support/shanty";

/*
 * recalc on a package written by hand with the markup real Excel writes: dynamic-array formulas (cm="1" +
 * xl/metadata.xml, the add-in's function stored as _xldudf_SHANTY_FEETABLE), an external-link part,
 * comments (VML drawing), styles, data validation, sheet-scoped and workbook names, shared strings, shared
 * formulas, functions HyperFormula does not know. Every part of the package is compared before and after.
 */

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

const LABELS = [
  "安置面积（全额免收，㎡）",
  "开发面积·免收部分（㎡）",
  "开发面积·减半部分（㎡）",
  "开发面积·全额部分（㎡）",
  "减免金额（元）",
  "基础部分应缴（元）",
  "代收资金（元）",
  "地铁专项配套费（元）",
  "应缴合计（元）",
  "总额（减免+应缴，元）",
];
const SHARED = ["基准费率", "民间资本", ...LABELS];
const sst = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst ${NS} count="${SHARED.length}" uniqueCount="${SHARED.length}">${SHARED.map((s) => `<si><t>${s}</t></si>`).join("")}</sst>`;

/** FEETABLE(10000,20000,150,"民间资本") as Excel caches it in D1:E10 — with E5 and D1 deliberately stale. */
function feeTableCells(): string[] {
  // 减免金额 stale: 10000×150 + 15000×150 + 5000×75 = 4,125,000; 总额 = 30000 × 150 = 4,500,000
  const values = [10000, 15000, 5000, 0, 999, 375000, 0, 0, 375000, 4500000];
  return values.map((value, i) => {
    const r = i + 1;
    const d =
      r === 1
        ? `<c r="D1" s="1" t="str" cm="1"><f t="array" ref="D1:E10">_xldudf_SHANTY_FEETABLE(10000,20000,150,"民间资本")</f><v>${LABELS[0]}</v></c>`
        : `<c r="D${r}" t="s"><v>${i + 2}</v></c>`;
    return `${d}<c r="E${r}" s="2"><v>${value}</v></c>`;
  });
}

function sheet1(): string {
  const fee = feeTableCells();
  const row = (r: number, cells: string) => `<row r="${r}" spans="1:5">${cells}${fee[r - 1] ?? ""}</row>`;
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><dimension ref="A1:E12"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><sheetData>` +
    row(1, `<c r="A1" s="2"><f>ROUND(9739.755,2)</f><v>9739.76</v></c><c r="B1" s="3"><v>0.05</v></c>`) +
    row(2, `<c r="A2" t="str"><f>_xlfn.CONCAT("a","b")</f><v>ab</v></c><c r="B2"><v>150</v></c>`) +
    row(3, `<c r="A3"><f>_xlfn.LET(_xlpm.x,2,_xlpm.x*3)</f><v>6</v></c><c r="B3" t="s"><v>1</v></c>`) +
    row(4, `<c r="A4"><f>INDIRECT("B1")</f><v>0.05</v></c>`) +
    row(5, `<c r="A5"><f>1E+20</f><v>0</v></c>`) +
    row(6, `<c r="A6"><f>rate*100</f><v>999</v></c>`) +
    row(7, `<c r="A7"><f>A6+1</f></c>`) +
    row(8, `<c r="A8" t="str"><f>A2&amp;"c"</f><v>old</v></c>`) +
    row(9, `<c r="A9"><f t="shared" ref="A9:A11" si="0">B2*2</f><v>300</v></c>`) +
    row(10, `<c r="A10"><f t="shared" si="0"/><v>0</v></c>`) +
    `<row r="11"><c r="A11"><f t="shared" si="0"/><v>5</v></c><c r="B11"><v>7</v></c></row>` +
    `<row r="12"><c r="A12" s="2"><f>基准费率*2</f><v>300</v></c></row>` +
    `</sheetData><dataValidations count="1"><dataValidation type="decimal" allowBlank="1" sqref="B1"><formula1>0</formula1><formula2>1</formula2></dataValidation></dataValidations>` +
    `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/><legacyDrawing r:id="rId1"/></worksheet>`
  );
}

const sheet2 =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>` +
  `<row r="1"><c r="A1"><f>rate*100</f><v>8</v></c><c r="B1"><v>0.08</v></c></row>` +
  `<row r="2"><c r="A2"><f>[1]Rates!$A$1*2</f><v>42</v></c></row>` +
  `</sheetData></worksheet>`;

const workbook =
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook ${NS}><workbookPr defaultThemeVersion="166925"/><bookViews><workbookView xWindow="0" yWindow="0" windowWidth="28800" windowHeight="12300"/></bookViews>` +
  `<sheets><sheet name="测算" sheetId="1" r:id="rId1"/><sheet name="Other" sheetId="2" r:id="rId2"/></sheets>` +
  `<externalReferences><externalReference r:id="rId6"/></externalReferences>` +
  `<definedNames><definedName name="_xlnm.Print_Area" localSheetId="0">测算!$A$1:$E$12</definedName><definedName name="rate" localSheetId="0">测算!$B$1</definedName><definedName name="rate" localSheetId="1">Other!$B$1</definedName><definedName name="基准费率">测算!$B$2</definedName></definedNames>` +
  `<calcPr calcId="191029"/></workbook>`;

const parts: Record<string, string> = {
  "[Content_Types].xml":
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/>` +
    `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/metadata.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheetMetadata+xml"/><Override PartName="/xl/externalLinks/externalLink1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.externalLink+xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/></Types>`,
  "_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  "xl/workbook.xml": workbook,
  "xl/_rels/workbook.xml.rels":
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${REL}/worksheet" Target="worksheets/sheet2.xml"/>` +
    `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/><Relationship Id="rId4" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sheetMetadata" Target="metadata.xml"/><Relationship Id="rId6" Type="${REL}/externalLink" Target="externalLinks/externalLink1.xml"/></Relationships>`,
  "xl/worksheets/sheet1.xml": sheet1(),
  "xl/worksheets/_rels/sheet1.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/><Relationship Id="rId2" Type="${REL}/comments" Target="../comments1.xml"/></Relationships>`,
  "xl/worksheets/sheet2.xml": sheet2,
  "xl/styles.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet ${NS}><numFmts count="1"><numFmt numFmtId="164" formatCode="#,##0.00&quot;元&quot;"/></numFmts><fonts count="1"><font><sz val="11"/><name val="等线"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`,
  "xl/sharedStrings.xml": sst,
  "xl/metadata.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<metadata xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:xda="http://schemas.microsoft.com/office/spreadsheetml/2017/dynamicarray"><metadataTypes count="1"><metadataType name="XLDAPR" minSupportedVersion="120000" copy="1" pasteAll="1" pasteValues="1" merge="1" splitFirst="1" rowColShift="1" clearFormats="1" clearComments="1" assign="1" coerce="1" cellMeta="1"/></metadataTypes><futureMetadata name="XLDAPR" count="1"><bk><extLst><ext uri="{bdbb8cdc-fa1e-496e-a857-3c3f30c029c3}"><xda:dynamicArrayProperties fDynamic="1" fCollapsed="0"/></ext></extLst></bk></futureMetadata><cellMetadata count="1"><bk><rc t="1" v="0"/></bk></cellMetadata></metadata>`,
  "xl/externalLinks/externalLink1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<externalLink ${NS}><externalBook r:id="rId1"><sheetNames><sheetName val="Rates"/></sheetNames><sheetDataSet><sheetData sheetId="0"><row r="1"><cell r="A1"><v>21</v></cell></row></sheetData></sheetDataSet></externalBook></externalLink>`,
  "xl/externalLinks/_rels/externalLink1.xml.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/externalLinkPath" Target="file:///C:/rates/rates.xlsx" TargetMode="External"/></Relationships>`,
  "xl/comments1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<comments ${NS}><authors><author>财政局</author></authors><commentList><comment ref="B1" authorId="0"><text><t>费率按 2024 年文件</t></text></comment></commentList></comments>`,
  "xl/drawings/vmlDrawing1.vml": `<xml xmlns:v="urn:schemas-microsoft-com:vml"><v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData xmlns:x="urn:schemas-microsoft-com:office:excel" ObjectType="Note"><x:Row>0</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>`,
};

async function build(files: Record<string, string>): Promise<Buffer> {
  const zip = new JSZip();
  for (const [name, text] of Object.entries(files)) zip.file(name, text);
  return zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" });
}

async function unpack(data: Buffer): Promise<Map<string, Buffer>> {
  const zip = await JSZip.loadAsync(data);
  const out = new Map<string, Buffer>();
  for (const f of Object.values(zip.files)) if (!f.dir) out.set(f.name, await f.async("nodebuffer"));
  return out;
}

interface CellView {
  xml: string;
  t: string;
  v?: string;
  f?: string;
}

/** The cells of a sheet by address, and the sheet XML with every cell element replaced by its address. */
function cellsOf(xml: string): { cells: Map<string, CellView>; skeleton: string } {
  const bytes = Buffer.from(xml, "utf8").toString("latin1");
  const cells = new Map<string, CellView>();
  let skeleton = "";
  let pos = 0;
  scanSheet(bytes, (c) => {
    const address = /\br="([A-Z]+\d+)"/.exec(c.attrText)![1];
    cells.set(address, { xml: Buffer.from(bytes.slice(c.start, c.end), "latin1").toString("utf8"), t: c.t, v: c.v, f: c.f?.text });
    skeleton += bytes.slice(pos, c.start) + `{${address}}`;
    pos = c.end;
  });
  return { cells, skeleton: skeleton + bytes.slice(pos) };
}

describe("recalc on a package with Excel's own markup", () => {
  let input: Buffer;
  let before: Map<string, Buffer>;
  let after: Map<string, Buffer>;
  let result: Awaited<ReturnType<typeof recalcBuffer>>["result"];
  let s1: ReturnType<typeof cellsOf>;
  let o1: ReturnType<typeof cellsOf>;

  beforeAll(async () => {
    input = await build(parts);
    const out = await recalcBuffer(input, "excel-like.xlsx");
    result = out.result;
    before = await unpack(input);
    after = await unpack(out.data);
    s1 = cellsOf(before.get("xl/worksheets/sheet1.xml")!.toString("utf8"));
    o1 = cellsOf(after.get("xl/worksheets/sheet1.xml")!.toString("utf8"));
  });

  it("copies every part other than the first sheet and calcPr byte for byte, and drops or adds none", () => {
    expect([...after.keys()]).toEqual([...before.keys()]);
    for (const [name, bytes] of before) {
      if (name === "xl/worksheets/sheet1.xml" || name === "xl/workbook.xml") continue;
      expect({ name, same: after.get(name)!.equals(bytes) }).toEqual({ name, same: true });
    }
    // workbook.xml: only fullCalcOnLoad="1" added to calcPr; names, external references, sheets as they were
    expect(after.get("xl/workbook.xml")!.toString("utf8")).toBe(
      workbook.replace('<calcPr calcId="191029"/>', '<calcPr calcId="191029" fullCalcOnLoad="1"/>'),
    );
  });

  it("in the sheet, only the values of changed formula cells differ; the rest of the XML is identical", () => {
    expect(o1.skeleton).toBe(s1.skeleton);
    const changed: string[] = [];
    for (const [address, cell] of s1.cells) {
      const now = o1.cells.get(address)!;
      expect(now.f).toBe(cell.f); // formulas never change
      if (now.xml !== cell.xml) changed.push(address);
    }
    expect(changed.sort()).toEqual(["A10", "A11", "A5", "A6", "A7", "A8", "E5"].sort());
    expect(after.get("xl/sharedStrings.xml")!.equals(before.get("xl/sharedStrings.xml")!)).toBe(true);
    // a changed cell keeps its attributes (style, cm) and its <f> element; only t= and <v> are new
    const strip = (x: string) => x.replace(/^(<c[^>]*?)\s+t="[^"]*"/, "$1").replace(/<v>[^<]*<\/v>/, "");
    for (const a of changed) expect(strip(o1.cells.get(a)!.xml)).toBe(strip(s1.cells.get(a)!.xml));
  });

  it("keeps the dynamic-array markup of the add-in's spilled function and fixes the stale spilled value", () => {
    const d1 = o1.cells.get("D1")!;
    expect(d1.xml).toBe(s1.cells.get("D1")!.xml); // cm="1", t="array" ref, _xldudf_ name: untouched (value unchanged)
    expect(o1.cells.get("E5")!.xml).toBe('<c r="E5" s="2"><v>4125000</v></c>'); // 10000×150 + 15000×150 + 5000×75
    expect(o1.cells.get("E10")!.v).toBe("4500000"); // 30000 × 150
  });

  it("keeps ROUND(9739.755,2) at 9739.76 (Excel rounds the decimal it shows)", () => {
    expect(o1.cells.get("A1")!.xml).toBe('<c r="A1" s="2"><f>ROUND(9739.755,2)</f><v>9739.76</v></c>');
  });

  it("formulas it cannot evaluate keep their cached values and are listed as not recalculated", () => {
    for (const a of ["A2", "A3", "A4"]) expect(o1.cells.get(a)!.xml).toBe(s1.cells.get(a)!.xml);
    expect(result.notRecalculated.map((n) => `${n.sheet}!${n.address}`)).toEqual(["测算!A2", "测算!A3", "测算!A4", "Other!A2"]);
    expect(result.notRecalculated[0].reason).toContain("CONCAT");
    expect(result.notRecalculated[1].reason).toContain("LET");
    expect(result.notRecalculated[2].reason).toContain("INDIRECT");
    expect(after.get("xl/worksheets/sheet2.xml")!.equals(before.get("xl/worksheets/sheet2.xml")!)).toBe(true); // [1]Rates!… kept at 42
  });

  it('dependents of such a formula compute with its cached value: A2 (CONCAT, cached "ab") & "c" = "abc"', () => {
    expect(o1.cells.get("A8")!.xml).toBe('<c r="A8" t="str"><f>A2&amp;"c"</f><v>abc</v></c>');
  });

  it("reads 1E+20 with an upper-case exponent", () => {
    expect(Number(o1.cells.get("A5")!.v)).toBe(1e20);
  });

  it("sheet-scoped names stay sheet-scoped: each sheet's rate × 100 (0.05 → 5 on 测算, 0.08 → 8 on Other)", () => {
    expect(o1.cells.get("A6")!.v).toBe("5");
    expect(o1.cells.get("A7")!.xml).toBe('<c r="A7"><f>A6+1</f><v>6</v></c>'); // no cached value before: computed, <v> added
    expect(after.get("xl/worksheets/sheet2.xml")!.toString("utf8")).toContain('<c r="A1"><f>rate*100</f><v>8</v></c>');
    expect(o1.cells.get("A12")!.v).toBe("300"); // workbook name 基准费率 = 150, × 2
  });

  it("expands shared formulas per cell: B2*2 = 300, B3*2 (text → #VALUE!), B4*2 (empty → 0)", () => {
    expect(o1.cells.get("A9")!.v).toBe("300");
    expect(o1.cells.get("A10")!.xml).toBe('<c r="A10" t="e"><f t="shared" si="0"/><v>#VALUE!</v></c>');
    expect(o1.cells.get("A11")!.v).toBe("0"); // B4 is empty; the stale cached 5 is replaced
  });

  it("through the command: exit 5 (not recalculated takes precedence over 3), both lists printed, input unchanged", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-recalc-pkg-"));
    try {
      const file = path.join(dir, "in.xlsx");
      fs.writeFileSync(file, input);
      const { code, out } = await shanty("recalc", file, "-o", path.join(dir, "out.xlsx"));
      expect(code).toBe(5);
      expect(out).toContain("4 个公式未重新计算，保留文件中的原值 / 4 formulas not recalculated, their cached values kept");
      expect(out).toContain('测算!A2 =_xlfn.CONCAT("a","b")');
      expect(out).toContain("1 个单元格的结果是错误值");
      expect(out).toMatch(/测算!A10 #VALUE! /);
      expect(fs.readFileSync(file).equals(input)).toBe(true);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("recalc limits", () => {
  it("a 100,000-row sheet (beyond HyperFormula's default 40,000) recalculates", async () => {
    const rows: string[] = [];
    for (let r = 1; r <= 100_000; r++)
      rows.push(`<row r="${r}"><c r="A${r}"><v>${r}</v></c><c r="B${r}"><f>A${r}*2+0.01</f><v>0</v></c></row>`);
    const files = {
      ...parts,
      "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData>${rows.join("")}</sheetData></worksheet>`,
      "xl/worksheets/_rels/sheet1.xml.rels": undefined as unknown as string,
    };
    delete (files as Record<string, string | undefined>)["xl/worksheets/_rels/sheet1.xml.rels"];
    const { data, result } = await recalcBuffer(await build(files), "big.xlsx");
    expect(result.formulas).toBe(100_000 + 1); // and Other!A1
    const xml = (await unpack(data)).get("xl/worksheets/sheet1.xml")!.toString("utf8");
    expect(xml).toContain('<c r="B1"><f>A1*2+0.01</f><v>2.01</v></c>');
    expect(xml).toContain('<c r="B100000"><f>A100000*2+0.01</f><v>200000.01</v></c>');
  }, 180_000); // room for a loaded CI machine; speed is measured in the bench, not here

  it("a cell at Excel's last address XFD1048576 works, and memory follows the cells that exist", async () => {
    const files = {
      ...parts,
      "xl/worksheets/sheet1.xml": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}><sheetData><row r="1"><c r="A1"><v>2</v></c></row><row r="1048576"><c r="XFD1048576"><f>A1*3</f></c></row></sheetData></worksheet>`,
    };
    delete (files as Record<string, string | undefined>)["xl/worksheets/_rels/sheet1.xml.rels"];
    const { data } = await recalcBuffer(await build(files), "corner.xlsx");
    const xml = (await unpack(data)).get("xl/worksheets/sheet1.xml")!.toString("utf8");
    expect(xml).toContain('<c r="XFD1048576"><f>A1*3</f><v>6</v></c>');
  }, 60_000);
});
