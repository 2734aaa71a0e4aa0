import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { excelSerial, readGrid } from "../../src/cli/grid";
import { checkGridSize, uncomputedFormulas } from "../../src/cli/inputGuards";
import { loadWorkbookWithNotes } from "../../src/cli/load";
import { normalisePackage, packageBuffer, type Parts, readPackage, scopedNames } from "../../src/cli/package";
import { gridFromParts, type PartsGrid } from "../../src/cli/plan/readParts";
import { writeSheets } from "../../src/cli/sheets";
import { ShantyFileError } from "../../src/cli/errors";
import { templateSheets } from "../../src/workbook/generate";
import type { GridSheet, WorkbookGrid } from "../../src/workbook/model";
import { convertWithLibreOffice, describeWith, runPython } from "../support/realPrograms";

/*
 * gridFromParts (the planning reader's grid straight from the package XML) against readGrid of the workbook as
 * ExcelJS loads it, on every workbook we have and on workbooks written by openpyxl and LibreOffice; then small
 * hand-written parts with hand-stated values, where the two differ on purpose (Excel's reading, not ExcelJS's).
 */

const ROOT = path.join(__dirname, "..", "..");

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-readparts-"));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The parts as the plan command prepares them: read, normalised, sheet-scoped copies of workbook names set aside. */
async function preparedParts(bytes: Buffer): Promise<Parts> {
  const parts = await readPackage(bytes, "test.xlsx");
  normalisePackage(parts);
  scopedNames(parts);
  return parts;
}

/** A date serial as readGrid gives it: through ExcelJS's millisecond Date and back. */
function viaExcelJsDate(serial: number, date1904: boolean): number {
  return excelSerial(new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86400000)), date1904);
}

/** Our grid with its date cells (and names pointing at them) as ExcelJS's Date round trip makes them. */
function withExcelJsDates(grid: WorkbookGrid): WorkbookGrid {
  const d1904 = Boolean(grid.date1904);
  const dateCells = new Set<string>();
  const sheets = grid.sheets.map((s): GridSheet => {
    if (!s.dates) return s;
    const o = s.origin ?? { row: 0, col: 0 };
    const values = s.values.map((r) => [...r]);
    for (const [r, c] of s.dates) {
      dateCells.add(`${s.name}!${r},${c}`);
      values[r - o.row][c - o.col] = viaExcelJsDate(values[r - o.row][c - o.col] as number, d1904);
    }
    return { ...s, values };
  });
  const names = grid.names.map((n) =>
    dateCells.has(`${n.sheet}!${n.row},${n.col}`) ? { ...n, value: viaExcelJsDate(n.value as number, d1904) } : n,
  );
  return { ...grid, sheets, names };
}

/**
 * Both readings of one file. `formulaNames`: names whose formula is a calculation on one cell ("S!$B$2*2"),
 * which ExcelJS reads as that cell and gridFromParts leaves out.
 */
async function compare(file: string, formulaNames: readonly string[] = []): Promise<PartsGrid> {
  const { workbook } = await loadWorkbookWithNotes(file);
  const expected = readGrid(workbook);
  const parts = await preparedParts(fs.readFileSync(file));
  const ours = gridFromParts(parts);
  const theirs = { ...expected, names: expected.names.filter((n) => !formulaNames.includes(n.name)) };
  expect(expected.names.filter((n) => formulaNames.includes(n.name)).map((n) => n.name)).toEqual(formulaNames);
  expect(withExcelJsDates(ours.grid)).toStrictEqual(theirs);
  expect(ours.uncomputed).toStrictEqual(uncomputedFormulas(workbook));
  return ours;
}

function xlsxFiles(folder: string): string[] {
  return fs
    .readdirSync(folder)
    .filter((f) => f.endsWith(".xlsx"))
    .map((f) => path.join(folder, f));
}

describe("gridFromParts equals readGrid of the ExcelJS workbook", () => {
  const files = [
    ...xlsxFiles(path.join(ROOT, "test", "fixtures", "files")),
    ...xlsxFiles(path.join(ROOT, "assets", "samples")),
    ...xlsxFiles(path.join(ROOT, "assets", "samples", "towns")),
  ];
  it("finds the committed workbooks", () => {
    expect(files.length).toBeGreaterThanOrEqual(12);
  });
  it.each(files.map((f) => [path.relative(ROOT, f), f]))("%s", async (_shown, file) => {
    const { grid } = await compare(file);
    expect(grid.sheets.length).toBeGreaterThan(0);
  });

  it("the template as the CLI writes it", async () => {
    const wb = new ExcelJS.Workbook();
    writeSheets(wb, templateSheets(true));
    const file = path.join(dir, "template.xlsx");
    await wb.xlsx.writeFile(file);
    const { grid } = await compare(file);
    expect(grid.sheets.map((s) => s.name)).toEqual(wb.worksheets.map((w) => w.name));
  });
});

/** The openpyxl workbook: dates in several formats, errors, booleans, formulas without values, merges, tables, names. */
const OPENPYXL_BOOK = String.raw`
import datetime, sys
import openpyxl
from openpyxl.cell.cell import Cell
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.utils.datetime import CALENDAR_MAC_1904

out, epoch = sys.argv[1], sys.argv[2]
wb = openpyxl.Workbook()
if epoch == "1904":
    wb.epoch = CALENDAR_MAC_1904
ws = wb.active
ws.title = "数据"
formats = ["yyyy-mm-dd", 'yyyy"年"m"月"d"日"', "mm/dd/yyyy hh:mm", "[$-804]yyyy年m月", "d-mmm-yy", "h:mm:ss"]
for i, fmt in enumerate(formats):
    value = datetime.datetime(2024, 1 + i, 15, 12, 34, 56, 789000) if i != 5 else datetime.time(7, 8, 9)
    ws.cell(row=3 + i, column=3, value=value).number_format = fmt
ws.cell(row=3, column=4, value=datetime.date(1900, 2, 27)).number_format = "yyyy-mm-dd"
ws.cell(row=4, column=4, value=1234.5).number_format = '0.00"万元"'
ws.cell(row=5, column=4, value=45000).number_format = "#,##0"
ws.cell(row=6, column=4, value=0.1 + 0.2)
ws.cell(row=7, column=4, value=True)
ws.cell(row=8, column=4, value=False)
ws.cell(row=3, column=5, value="#N/A").data_type = "e"
ws.cell(row=4, column=5, value="#DIV/0!").data_type = "e"
ws.cell(row=5, column=5, value='文本 & <标签> "引号"')
ws.cell(row=6, column=5, value="")
ws.cell(row=7, column=5, value="=C3+1")
ws.cell(row=8, column=5, value='=IF(D7,"是","否")')
ws.cell(row=9, column=5, value="=SUM(D4:D6)").number_format = "yyyy-mm-dd"
ws.cell(row=10, column=5, value="=D4*2")
ws.cell(row=40, column=26, value="far")
ws.cell(row=12, column=3, value="合并")
ws.merge_cells("C12:E13")
for (r, c, v) in [(12, 4, "inside"), (13, 3, 99), (13, 5, "=1+1")]:
    ws._cells[(r, c)] = Cell(ws, row=r, column=c, value=v)
t = wb.create_sheet("表")
t.append(["名称", "金额", "年度"])
for i in range(4):
    t.append(["项目%d" % i, 100 * (i + 1), 2024 + i])
t.append(["合计", "=SUBTOTAL(109,[金额])", None])
tab = Table(displayName="T_totals", ref="A1:C6", totalsRowCount=1)
tab.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
t.add_table(tab)
t["E1"] = "键"
t["F1"] = "值"
t["E2"] = "a"
t["F2"] = 1
t.add_table(Table(displayName="T_plain", ref="E1:F2"))
o = wb.create_sheet("其他")
o["B2"] = 0.05
o["B3"] = "=B2*2"
for name, text, local in [
    ("p_rate", "'其他'!$B$2", None), ("p_date", "'数据'!$C$3", None), ("p_merged", "'数据'!$D$12", None),
    ("p_far", "'数据'!$Z$40", None), ("p_empty", "'其他'!$H$9", None), ("p_multi", "'其他'!$B$2:$B$3", None),
    ("p_union", "'其他'!$B$2,'其他'!$B$3", None), ("p_ref", "#REF!", None), ("p_refsheet", "'其他'!#REF!", None),
    ("p_rel", "'其他'!B2", None), ("p_const", "0.05", None), ("p_formula", "'其他'!$B$2*2", None),
    ("local", "'数据'!$D$5", 0), ("local", "'其他'!$B$3", 2),
    ("both", "'其他'!$B$2", None), ("both", "'数据'!$D$4", 0),
    ("_xlnm.Print_Area", "'数据'!$A$1:$E$10", 0),
]:
    wb.defined_names.append(DefinedName(name, attr_text=text, localSheetId=local))
wb.save(out)
`;

describeWith("openpyxl", "gridFromParts on workbooks written by openpyxl", () => {
  it.each([["1900"], ["1904"]])("dates, errors, formulas, merges, tables and names (%s date system)", async (epoch) => {
    const file = path.join(dir, `openpyxl-${epoch}.xlsx`);
    runPython(OPENPYXL_BOOK, file, epoch);
    const { grid, uncomputed } = await compare(file, ["p_formula"]);
    const data = grid.sheets.find((s) => s.name === "数据")!;
    const d1904 = epoch === "1904";
    expect(Boolean(grid.date1904)).toBe(d1904);
    // 2024-01-15 12:34:56.789 as openpyxl stores it (the raw serial, not ExcelJS's millisecond round trip)
    const serial = 45306 + (12 * 3600 + 34 * 60 + 56.789) / 86400 - (d1904 ? 1462 : 0);
    expect(data.origin).toEqual({ row: 2, col: 2 });
    expect(data.values[0][0]).toBeCloseTo(serial, 9);
    expect(data.dates).toEqual(
      expect.arrayContaining([
        [2, 2],
        [3, 2],
        [4, 2],
        [5, 2],
        [6, 2],
        [7, 2],
        [2, 3],
      ]),
    );
    expect(data.dates).not.toContainEqual([3, 3]); // 0.00"万元" is no date
    expect(data.values.length).toBe(38); // rows 3 … 40
    expect(data.values[37][23]).toBe("far"); // Z40
    expect(data.values[37].length).toBe(24); // C … Z
    expect(data.values[9][0]).toBe("合并"); // C12
    expect(data.values[9][1]).toBeNull(); // D12, merged, "inside" in the XML
    expect(data.values[10][0]).toBeNull(); // C13, merged, 99 in the XML
    expect(uncomputed.get("数据")).toEqual([
      [6, 4],
      [7, 4],
      [8, 4],
      [9, 4],
    ]);
    const table = grid.sheets.find((s) => s.name === "表")!;
    expect(table.tables).toEqual([
      { name: "T_totals", range: { row: 0, col: 0, rows: 6, cols: 3 }, totalsRow: true },
      { name: "T_plain", range: { row: 0, col: 4, rows: 2, cols: 2 } },
    ]);
    const names = Object.fromEntries(grid.names.map((n) => [n.name, n]));
    expect(Object.keys(names).sort()).toEqual(["both", "local", "p_date", "p_empty", "p_far", "p_merged", "p_rate"]);
    expect(names.p_rate).toEqual({ name: "p_rate", sheet: "其他", row: 1, col: 1, value: 0.05 });
    expect(names.both.sheet).toBe("其他"); // the workbook-level one
    expect(names.local).toEqual({ name: "local", sheet: "其他", row: 2, col: 1, value: null }); // the last one, as ExcelJS keeps it
    expect(names.p_far.value).toBe("far");
  });
});

describeWith("both", "gridFromParts on the openpyxl workbook re-saved by LibreOffice", () => {
  it("computed values, shared strings, LibreOffice's styles", async () => {
    const file = path.join(dir, "lo-src.xlsx");
    runPython(OPENPYXL_BOOK, file, "1900");
    const out = convertWithLibreOffice(file, "xlsx", path.join(dir, "lo"));
    const { grid, uncomputed } = await compare(out, ["p_formula"]);
    const data = grid.sheets.find((s) => s.name === "数据")!;
    expect(uncomputed.size).toBe(0);
    expect(data.values[4][2]).toBe(45307 + (12 * 3600 + 34 * 60 + 56.789) / 86400 - 0 * 1); // E7 = C3+1, computed
  });
});

const FODS = `<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold" fo:color="#ff0000"/></style:style>
  <number:date-style style:name="N1"><number:year number:style="long"/><number:text>年</number:text><number:month/><number:text>月</number:text></number:date-style>
  <style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>
 </office:automatic-styles>
 <office:body><office:spreadsheet>
  <table:table table:name="富文本">
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p>普通<text:span text:style-name="T1">加粗红色</text:span>结尾</text:p></table:table-cell>
    <table:table-cell office:value-type="float" office:value="3.25"><text:p>3.25</text:p></table:table-cell>
    <table:table-cell table:style-name="ce1" office:value-type="date" office:date-value="2025-03-01"><text:p>2025年3月</text:p></table:table-cell>
   </table:table-row>
   <table:table-row>
    <table:table-cell office:value-type="string"><text:p>两行</text:p><text:p>文本</text:p></table:table-cell>
    <table:table-cell table:number-columns-spanned="2" table:number-rows-spanned="1" office:value-type="string"><text:p>合并</text:p></table:table-cell>
    <table:covered-table-cell office:value-type="float" office:value="7"><text:p>7</text:p></table:covered-table-cell>
   </table:table-row>
  </table:table>
 </office:spreadsheet></office:body>
</office:document>
`;

describeWith("soffice", "gridFromParts on workbooks written by LibreOffice", () => {
  it("an .fods with rich text, a date format, a merge hiding a value", async () => {
    const src = path.join(dir, "rich.fods");
    fs.writeFileSync(src, FODS);
    const { grid } = await compare(convertWithLibreOffice(src, "xlsx", path.join(dir, "lo")));
    const sheet = grid.sheets[0];
    expect(sheet.values).toEqual([
      ["普通加粗红色结尾", 3.25, 45717], // 2025-03-01
      ["两行\n文本", "合并", null], // C2 (covered, 7 in the XML) reads blank
    ]);
    expect(sheet.dates).toEqual([[0, 2]]);
  });

  it("a .csv", async () => {
    const src = path.join(dir, "plain.csv");
    // ASCII: LibreOffice's headless CSV import reads bytes as Latin-1 unless told otherwise
    fs.writeFileSync(src, 'id,year,income\nA-1,2024,12.5\nA-2,2025,"1,234"\n');
    const { grid } = await compare(convertWithLibreOffice(src, "xlsx", path.join(dir, "lo")));
    expect(grid.sheets[0].values).toEqual([
      ["id", "year", "income"],
      ["A-1", 2024, 12.5],
      ["A-2", 2025, 1234],
    ]);
  });
});

// ---------- hand-written parts ----------

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A package of the given sheets (name → <sheetData> content and what follows it), styles and shared strings. */
function handParts(
  sheets: Record<string, { data: string; after?: string }>,
  options: { sst?: string; styles?: string; workbookPr?: string; names?: string } = {},
): Parts {
  const names = Object.keys(sheets);
  const parts: Parts = new Map();
  const put = (name: string, xml: string) => parts.set(name, Buffer.from(xml, "utf8"));
  put(
    "[Content_Types].xml",
    `<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${names
      .map(
        (_n, i) =>
          `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
      )
      .join("")}</Types>`,
  );
  put(
    "_rels/.rels",
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  put(
    "xl/workbook.xml",
    `<?xml version="1.0"?><workbook xmlns="${MAIN}" xmlns:r="${REL}">${options.workbookPr ?? ""}<sheets>${names
      .map((n, i) => `<sheet name="${n}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
      .join("")}</sheets>${options.names ? `<definedNames>${options.names}</definedNames>` : ""}</workbook>`,
  );
  const rels = names.map((_n, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`);
  if (options.styles !== undefined) rels.push(`<Relationship Id="rIdS" Type="${REL}/styles" Target="styles.xml"/>`);
  if (options.sst !== undefined) rels.push(`<Relationship Id="rIdT" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  put(
    "xl/_rels/workbook.xml.rels",
    `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join("")}</Relationships>`,
  );
  names.forEach((n, i) =>
    put(
      `xl/worksheets/sheet${i + 1}.xml`,
      `<?xml version="1.0"?><worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${sheets[n].data}</sheetData>${sheets[n].after ?? ""}</worksheet>`,
    ),
  );
  if (options.styles !== undefined) put("xl/styles.xml", `<?xml version="1.0"?><styleSheet xmlns="${MAIN}">${options.styles}</styleSheet>`);
  if (options.sst !== undefined) put("xl/sharedStrings.xml", `<?xml version="1.0"?><sst xmlns="${MAIN}">${options.sst}</sst>`);
  return parts;
}

/** Styles: cellXfs 0 General, 1 built-in date (14), 2 custom date yyyy"年"m"月", 3 custom number 0.00"万元". */
const STYLES =
  `<numFmts count="2"><numFmt numFmtId="176" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/><numFmt numFmtId="177" formatCode="0.00&quot;万元&quot;"/></numFmts>` +
  `<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"/><xf numFmtId="176"/><xf numFmtId="177"/></cellXfs>`;

async function exceljsOf(parts: Parts): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await packageBuffer(parts)) as unknown as ExcelJS.Buffer);
  return wb;
}

describe("gridFromParts on hand-written XML", () => {
  it("numbers, shared strings (runs joined, phonetic text left out), inline strings, booleans, errors", () => {
    const sst =
      `<si><t>甲</t></si>` +
      `<si><r><t>东</t></r><r><rPr><b/></rPr><t xml:space="preserve">京 </t></r><rPh sb="0" eb="1"><t>とう</t></rPh></si>` +
      `<si><t>a&amp;b_x000D_c</t></si><si><t></t></si><si/>`;
    const data =
      `<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" t="s"><v>2</v></c><c r="E2" t="s"><v>3</v></c></row>` +
      `<row r="3"><c r="B3"><v>-0.25</v></c><c r="C3"><v>1.5E3</v></c><c r="D3"><v>12345678901234567</v></c><c r="E3"><v>0.1</v></c></row>` +
      `<row r="4"><c r="B4" t="inlineStr"><is><t>内联 &lt;x&gt;</t></is></c><c r="C4" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r="D4" t="inlineStr"><is><t></t></is></c></row>` +
      `<row r="6"><c r="B6" t="s"><v>4</v></c><c r="C6" t="inlineStr"><is><t>東京_x000A_</t><rPh sb="0" eb="2"><t>とうきょう</t></rPh></is></c></row>` +
      `<row r="5"><c r="B5" t="b"><v>1</v></c><c r="C5" t="b"><v>0</v></c><c r="D5" t="e"><v>#N/A</v></c><c r="E5" s="0"/></row>`;
    const { grid, uncomputed } = gridFromParts(handParts({ 表: { data } }, { sst }));
    expect(grid.sheets[0].origin).toEqual({ row: 1, col: 1 });
    expect(grid.sheets[0].values).toEqual([
      ["甲", "东京 ", "a&b\rc", ""],
      [-0.25, 1500, 12345678901234568, 0.1],
      ["内联 <x>", "富文本", null, null],
      [true, false, "#N/A", null],
      ["", "東京\n", null, null], // <si/> and an inline string with a phonetic run: ExcelJS reads both blank
    ]);
    expect(grid.sheets[0].dates).toBeUndefined();
    expect(grid.names).toEqual([]);
    expect(uncomputed.size).toBe(0);
  });

  it("texts that repeat row after row (a cash-flow table's ids) read as written: the same bytes give the same string, other bytes of the same length their own", () => {
    const cell = (ref: string, t: string, body: string) => `<c r="${ref}" t="${t}">${body}</c>`;
    const LONG = "某某镇某某街道办事处棚户区改造项目".repeat(3) + "A"; // beyond 64 bytes of UTF-8
    const LONG2 = LONG.slice(0, -1) + "B";
    const rows = [
      ["PG-01", "str", "<v>PG-01</v>"],
      ["PG-01", "str", "<v>PG-01</v>"],
      ["PG-02", "str", "<v>PG-02</v>"], // same length, one byte apart
      ["PG-02", "inlineStr", "<is><t>PG-02</t></is>"], // the same text as an inline string
      ["a&b", "str", "<v>a&amp;b</v>"],
      ["a&b", "str", "<v>a&amp;b</v>"], // an entity: decoded, then given again
      ["a&amp;", "str", "<v>a&amp;amp;</v>"], // the same text start, longer
      ["PG-01", "str", "<v>PG-01</v>"],
      ["QG-01", "str", "<v>QG-01</v>"], // same length, only the first byte differs
      ["甲乙", "str", "<v>甲乙</v>"],
      ["甲丙", "str", "<v>甲丙</v>"], // UTF-8: same length, the last bytes differ
      ["#N/A", "e", "<v>#N/A</v>"], // error values
      ["#N/A", "e", "<v>#N/A</v>"],
      ["#REF!", "e", "<v>#REF!</v>"],
      ["0x", "str", '<f>A1&amp;"x"</f><v>0x</v>'], // formula text results
      ["0x", "str", '<f>A2&amp;"x"</f><v>0x</v>'],
      ["0y", "str", '<f>A3&amp;"y"</f><v>0y</v>'],
      [LONG, "str", `<v>${LONG}</v>`], // longer than the texts compared: read each time
      [LONG, "str", `<v>${LONG}</v>`],
      [LONG2, "str", `<v>${LONG2}</v>`],
    ] as const;
    const data = rows
      .map(([, t, body], i) => `<row r="${i + 1}">${cell(`A${i + 1}`, t, body)}<c r="B${i + 1}"><v>${i}</v></c></row>`)
      .join("");
    const { grid } = gridFromParts(handParts({ 现金流: { data } }));
    expect(grid.sheets[0].values).toEqual(rows.map(([text], i) => [text, i]));
  });

  it('formula cells: the cached result (text decoded once, an empty text result is ""), shared-formula children; no cached value → uncomputed', () => {
    const data =
      `<row r="1"><c r="A1"><f>1+1</f><v>2</v></c><c r="B1" t="str"><f>"a"&amp;"&lt;"</f><v>a&amp;lt;b</v></c><c r="C1" t="b"><f>1&gt;0</f><v>1</v></c><c r="D1" t="e"><f>1/0</f><v>#DIV/0!</v></c></row>` +
      `<row r="2"><c r="A2"><f t="shared" ref="A2:A4" si="0">B2*2</f><v>10</v></c></row>` +
      `<row r="3"><c r="A3"><f t="shared" si="0"/><v>12</v></c><c r="B3" t="str"><f>""</f><v></v></c></row>` +
      `<row r="4"><c r="A4"><f t="shared" si="0"/></c><c r="C4"><f>SUM(A1:A3)</f></c></row>`;
    const { grid, uncomputed } = gridFromParts(handParts({ 表: { data } }));
    expect(grid.sheets[0].values).toEqual([
      [2, "a&lt;b", true, "#DIV/0!"],
      [10, null, null, null],
      [12, "", null, null], // Excel writes IF(…,"") as t="str" with <v></v>: cached "", not missing (ExcelJS: no result)
    ]);
    // the used range of the grid is the values'; C4 and A4 are uncomputed formulas (row order)
    expect(uncomputed.get("表")).toEqual([
      [3, 0],
      [3, 2],
    ]);
  });

  it('dates: the raw serial of a date-formatted number (built-in 14 and a custom format), not of 0.00"万元"; text results stay text', () => {
    const data =
      `<row r="1"><c r="A1" s="1"><v>45306.5242683912</v></c><c r="B1" s="2"><v>45658</v></c><c r="C1" s="3"><v>45658</v></c>` +
      `<c r="D1" s="1" t="str"><f>TEXT(A1,"yyyy")</f><v>2024</v></c><c r="E1" s="1"><f>A1+1</f><v>45307.5</v></c>` +
      `<c r="F1" s="1" t="b"><f>TRUE</f><v>1</v></c></row>`;
    const { grid } = gridFromParts(handParts({ 表: { data } }, { styles: STYLES }));
    expect(grid.sheets[0].values).toEqual([[45306.5242683912, 45658, 45658, "2024", 45307.5, true]]);
    expect(grid.sheets[0].dates).toEqual([
      [0, 0],
      [0, 1],
      [0, 4],
    ]);
    expect(grid.date1904).toBeUndefined();
    // ExcelJS's round trip through a millisecond Date moves the first serial in its last digits
    expect(viaExcelJsDate(45306.5242683912, false)).not.toBe(45306.5242683912);
  });

  it("number formats from <numFmts> only: a conditional format's <dxf> numFmt does not make a cell a date", () => {
    const styles =
      `<numFmts count="1"><numFmt numFmtId="180" formatCode="#,##0.00\\ &quot;元&quot;"/></numFmts>` +
      `<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="180"/></cellXfs>` +
      `<dxfs count="1"><dxf><numFmt numFmtId="180" formatCode="yyyy-mm-dd"/></dxf></dxfs>`;
    const { grid } = gridFromParts(handParts({ 表: { data: `<row r="1"><c r="A1" s="1"><v>45658</v></c></row>` } }, { styles }));
    expect(grid.sheets[0].values).toEqual([[45658]]);
    expect(grid.sheets[0].dates).toBeUndefined();
  });

  it("a cell without a style is a date when style 0 has a date format", () => {
    const styles = `<cellXfs count="1"><xf numFmtId="14"/></cellXfs>`;
    const { grid } = gridFromParts(
      handParts({ 表: { data: `<row r="1"><c r="A1"><v>45658</v></c><c r="B1" s="0"><v>1</v></c></row>` } }, { styles }),
    );
    expect(grid.sheets[0].dates).toEqual([
      [0, 0],
      [0, 1],
    ]);
  });

  it("a shared string index beyond the table: the file is damaged, said with the cell", () => {
    const parts = handParts({ 表: { data: `<row r="3"><c r="B3" t="s"><v>7</v></c></row>` } }, { sst: "<si><t>甲</t></si>" });
    expect(() => gridFromParts(parts, undefined, "in.xlsx")).toThrow(
      "in.xlsx 的工作表“表”的单元格 B3 引用了不存在的共享字符串 7：文件已损坏",
    );
  });

  it('the 1904 date system, written "1" or "true"', () => {
    for (const flag of ["1", "true"]) {
      const parts = handParts(
        { 表: { data: `<row r="1"><c r="A1" s="1"><v>43844</v></c></row>` } },
        {
          styles: STYLES,
          workbookPr: `<workbookPr date1904="${flag}"/>`,
        },
      );
      const { grid } = gridFromParts(parts);
      expect(grid.date1904).toBe(true);
      expect(grid.sheets[0].values).toEqual([[43844]]);
    }
  });

  it("merged cells other than the top-left read blank and do not widen the used range", () => {
    const data =
      `<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c><c r="C1"><v>3</v></c></row>` +
      `<row r="2"><c r="A2"><v>4</v></c><c r="B2"><v>5</v></c><c r="C2"><v>6</v></c><c r="D2"><v>7</v></c></row>`;
    const { grid } = gridFromParts(
      handParts({ 表: { data, after: `<mergeCells count="2"><mergeCell ref="B1:C2"/><mergeCell ref="D1:D2"/></mergeCells>` } }),
    );
    // B1:C2 keeps B1 (2); D1:D2 has no D1: the used range is A1:B2
    expect(grid.sheets[0].values).toEqual([
      [1, 2],
      [4, null],
    ]);
  });

  it("cells and rows without r take the next position; rows and cells out of order land where they belong", () => {
    const data =
      `<row r="3"><c r="B3"><v>1</v></c><c><v>2</v></c></row><row><c><v>3</v></c></row>` +
      `<row r="2"><c r="C2" s="1"><v>4</v></c><c r="A2"><v>5</v></c></row>`;
    const { grid } = gridFromParts(handParts({ 表: { data } }, { styles: STYLES }));
    expect(grid.sheets[0].origin).toEqual({ row: 1, col: 0 });
    expect(grid.sheets[0].values).toEqual([
      [5, null, 4],
      [null, 1, 2],
      [3, null, null],
    ]);
    expect(grid.sheets[0].dates).toEqual([[1, 2]]);
  });

  it("defined names: one absolute cell of a worksheet, the last definition of a name, with the cell's value", () => {
    const names =
      `<definedName name="p_a">表!$B$1</definedName><definedName name="p_same" localSheetId="0">表!$A$1</definedName>` +
      `<definedName name="p_same">'第 2 表'!$A$1</definedName><definedName name="p_calc">表!$A$1*2</definedName>` +
      `<definedName name="p_two">表!$A$1,表!$B$1</definedName><definedName name="p_twice">表!$A$1,表!$A$1</definedName>` +
      `<definedName name="_xlnm.Print_Area" localSheetId="0">表!$A$1:$B$1</definedName><definedName name="p_gone">无此表!$A$1</definedName>`;
    const parts = handParts(
      {
        表: { data: `<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>` },
        "第 2 表": { data: `<row r="1"><c r="A1"><v>9</v></c></row>` },
      },
      { names },
    );
    expect(gridFromParts(parts).grid.names).toEqual([
      { name: "p_a", sheet: "表", row: 0, col: 1, value: 2 },
      { name: "p_same", sheet: "第 2 表", row: 0, col: 0, value: 9 },
      { name: "p_twice", sheet: "表", row: 0, col: 0, value: 1 },
    ]);
  });

  it("a sheet written with an x: prefix (Open XML SDK generators): read after normalisePackage, and as it is", () => {
    const parts = handParts({ 表: { data: "" } }, { sst: "<si><t>甲</t></si>" });
    const prefixed =
      `<?xml version="1.0"?><x:worksheet xmlns:x="${MAIN}" xmlns:r="${REL}"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>` +
      `<x:c r="B1"><x:f>1+1</x:f><x:v>2</x:v></x:c></x:row></x:sheetData><x:mergeCells><x:mergeCell ref="B1:C1"/></x:mergeCells></x:worksheet>`;
    parts.set("xl/worksheets/sheet1.xml", Buffer.from(prefixed, "utf8"));
    expect(gridFromParts(parts).grid.sheets[0].values).toEqual([["甲", 2]]);
    expect(normalisePackage(parts)).toContain("namespaces");
    expect(parts.get("xl/worksheets/sheet1.xml")!.toString("utf8")).toContain("<sheetData>");
    expect(gridFromParts(parts).grid.sheets[0].values).toEqual([["甲", 2]]);
  });

  it("a far-away cell: the same error as checkGridSize, before the grid is built", async () => {
    const data = `<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>2</v></c></row>`;
    const parts = handParts({ 表: { data } });
    let ours: unknown;
    try {
      gridFromParts(parts);
    } catch (e) {
      ours = e;
    }
    expect(ours).toBeInstanceOf(ShantyFileError);
    expect(String((ours as Error).message)).toContain("XFD1048576");
    const wb = await exceljsOf(parts);
    expect(() => checkGridSize(wb)).toThrow((ours as Error).message);
    // an uncomputed formula counts for the used range (as in checkGridSize): a small limit shows it
    const small = handParts({
      表: { data: `<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row><row r="3"><c r="C3"><f>A1</f></c></row>` },
    });
    expect(() => gridFromParts(small, { maxRangeCells: 8 })).toThrow("C3");
    const wbSmall = await exceljsOf(small);
    expect(() => checkGridSize(wbSmall, { maxRangeCells: 8 })).toThrow(
      "工作表“表”的已用区域 A1:C3 有 9 个单元格（只有 3 个有内容），超过上限 8：请检查并删除远处的单元格 表!C3",
    );
    expect(() => gridFromParts(small, { maxRangeCells: 8 })).toThrow(
      "工作表“表”的已用区域 A1:C3 有 9 个单元格（只有 3 个有内容），超过上限 8：请检查并删除远处的单元格 表!C3",
    );
    expect(gridFromParts(small, { maxRangeCells: 9 }).grid.sheets[0].values).toEqual([[1, 2]]);
  });
});
