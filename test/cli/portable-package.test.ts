import * as ExcelJS from "exceljs";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { readPackage, type Parts } from "../../src/cli/package";
import { recalcBuffer } from "../../src/cli/recalc";
import { originalFormulaNote } from "../../src/workbook/portable/convert";
import { convertWithLibreOffice, describeWith, runPython } from "../support/realPrograms";
import { shanty } from "../support/shanty";
import { spillAndShare } from "./portableCases";

/*
 * `shanty portable` works on the package: every part it does not rewrite is the recalculated input's, byte for
 * byte; the comments it adds or merges are read back by openpyxl and by LibreOffice (real programs, also used to
 * make the input with comments of its own).
 */

async function parts(data: Buffer): Promise<Parts> {
  return readPackage(data, "test");
}

/** Part names whose bytes differ between two packages, plus those only in one of them. */
function differing(a: Parts, b: Parts): { changed: string[]; added: string[]; removed: string[] } {
  return {
    changed: [...a.keys()].filter((k) => b.has(k) && !a.get(k)!.equals(b.get(k)!)).sort(),
    added: [...b.keys()].filter((k) => !a.has(k)).sort(),
    removed: [...a.keys()].filter((k) => !b.has(k)).sort(),
  };
}

/** Every part has a content type (Default by extension or Override) and every Override names a part that exists. */
function contentTypeProblems(p: Parts): string[] {
  const xml = p.get("[Content_Types].xml")!.toString("utf8");
  const defaults = new Set([...xml.matchAll(/<Default Extension="([^"]+)"/g)].map((m) => m[1].toLowerCase()));
  const overrides = new Set([...xml.matchAll(/<Override PartName="\/([^"]+)"/g)].map((m) => m[1]));
  const problems: string[] = [];
  for (const name of p.keys()) {
    if (name === "[Content_Types].xml" || name.endsWith("/")) continue;
    const ext = name.slice(name.lastIndexOf(".") + 1).toLowerCase();
    if (!overrides.has(name) && !defaults.has(ext)) problems.push(`no content type: ${name}`);
  }
  for (const o of overrides) if (!p.has(o)) problems.push(`override of a missing part: ${o}`);
  return problems;
}

/** The parts among `names` that are not well-formed XML (Python's expat parser). */
function malformed(p: Parts, names: readonly string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), "shanty-xml-"));
  const files = names.map((name, i) => {
    const file = join(dir, `${i}.xml`);
    writeFileSync(file, p.get(name)!);
    return file;
  });
  const script = `
import sys, xml.dom.minidom
for f in sys.argv[1:]:
    try:
        xml.dom.minidom.parse(f)
    except Exception as e:
        print(f, e)
`;
  return runPython(script, ...files)
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => names[Number(/(\d+)\.xml/.exec(l)?.[1])] + ": " + l);
}

async function portable(input: string, dir: string): Promise<{ out: string; printed: string }> {
  const out = join(dir, "portable.xlsx");
  const { code, out: printed } = await shanty("portable", input, "-o", out);
  expect([code, printed]).toEqual([0, expect.stringMatching(/portable workbook written/)]);
  return { out, printed };
}

describe("shanty portable rewrites only what the conversion needs", () => {
  it("an ExcelJS workbook: shared and spilled formulas converted; every untouched part byte-identical to the recalculated input", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shanty-portable-pkg-"));
    const input = join(dir, "in.xlsx");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    const other = wb.addWorksheet("其他");
    other.getCell("A1").value = { formula: "S!F1*2" } as ExcelJS.CellFormulaValue;
    spillAndShare(ws);
    ws.getCell("A3").value = "面积"; // a text cell: the workbook has shared strings
    ws.getCell("H1").value = { formula: "F1+F2" } as ExcelJS.CellFormulaValue;
    await wb.xlsx.writeFile(input);

    const recalculated = await parts((await recalcBuffer(readFileSync(input), input)).data);
    const { out } = await portable(input, dir);
    const written = await parts(readFileSync(out));
    const diff = differing(recalculated, written);
    // the converted sheet, its new comments and drawing (and relationships), their content types, the shared
    // strings (C1's label, a text value); the other sheet, styles, theme, workbook.xml … keep their bytes
    expect(diff).toEqual({
      changed: ["[Content_Types].xml", "xl/sharedStrings.xml", "xl/worksheets/sheet1.xml"],
      added: ["xl/comments1.xml", "xl/drawings/vmlDrawing1.vml", "xl/worksheets/_rels/sheet1.xml.rels"],
      removed: [],
    });
    expect([...recalculated.keys()].filter((k) => !diff.changed.includes(k)).length).toBeGreaterThanOrEqual(6);
    expect(contentTypeProblems(written)).toEqual([]);
    expect(malformed(written, [...diff.changed, ...diff.added])).toEqual([]);

    const sheet = written.get("xl/worksheets/sheet1.xml")!.toString("utf8");
    expect(sheet).not.toMatch(/SHANTY|t="shared"|t="array"/);
    expect(sheet).toMatch(/<c r="G2"[^>]*><f>[^<]*F2[^<]*<\/f><v>150000<\/v><\/c>/);
    // C1, the spill's top-left cell, keeps its label "房屋价值" (COMPTABLE's first row) as a new shared string
    const strings = written.get("xl/sharedStrings.xml")!.toString("utf8");
    const index = Number(/<c r="C1"[^>]*t="s"[^>]*><v>(\d+)<\/v><\/c>/.exec(sheet)?.[1]);
    expect([...strings.matchAll(/<si>([\s\S]*?)<\/si>/g)].map((m) => m[1].replace(/<[^>]+>/g, ""))[index]).toBe("房屋价值");
    expect(sheet).toMatch(/<c r="H1"[^>]*><f>F1\+F2<\/f><v>5000000<\/v><\/c>/);
  });

  it("a workbook without SHANTY formulas comes out as recalculated, every part byte-identical", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shanty-portable-pkg-"));
    const input = join(dir, "plain.xlsx");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    ws.getCell("A1").value = 2;
    ws.getCell("B1").value = { formula: "A1*3" } as ExcelJS.CellFormulaValue;
    ws.getCell("A1").note = "已有批注";
    await wb.xlsx.writeFile(input);
    const recalculated = await parts((await recalcBuffer(readFileSync(input), input)).data);
    const { out, printed } = await portable(input, dir);
    expect(printed).toMatch(/0 个 SHANTY 公式改写为原生公式/);
    expect(differing(recalculated, await parts(readFileSync(out)))).toEqual({ changed: [], added: [], removed: [] });
  });
});

describe("shanty portable writes its output as every command does", () => {
  it("an existing output is kept without --force and replaced with it", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shanty-portable-pkg-"));
    const input = join(__dirname, "../../assets/samples/sample-district.xlsx");
    const out = join(dir, "p.xlsx");
    writeFileSync(out, "留着");
    const refused = await shanty("portable", input, "-o", out);
    expect(refused.code).toBe(1);
    expect(refused.out).toMatch(/输出文件已存在/);
    expect(readFileSync(out, "utf8")).toBe("留着");
    const forced = await shanty("portable", input, "-o", out, "--force");
    expect(forced.code).toBe(0);
    expect(readFileSync(out).readUInt32LE(0)).toBe(0x04034b50); // a zip now
  });
});

const SWAP_NOTE = originalFormulaNote("SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)");

/** openpyxl's reading of a file: per cell of the first sheet, value (cached when data_only) and comment text. */
function openpyxlCells(file: string, dataOnly = false): Record<string, { value: unknown; comment: string | null }> {
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=sys.argv[2] == "1")
ws = wb.worksheets[0]
out = {}
for row in ws.iter_rows():
    for c in row:
        if c.value is not None or c.comment is not None:
            out[c.coordinate] = {"value": c.value if isinstance(c.value, (int, float, str, bool)) else None, "comment": c.comment.text if c.comment else None}
json.dump(out, sys.stdout, ensure_ascii=False)
`;
  return JSON.parse(runPython(script, file, dataOnly ? "1" : "0"));
}

describeWith("both", "shanty portable on a workbook with comments of its own (made by openpyxl)", () => {
  jest.setTimeout(180_000);
  let dir: string;
  let out: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "shanty-portable-comments-"));
    const input = join(dir, "commented.xlsx");
    // SWAPDIFF (no native form): old 60 ㎡, new 75 ㎡, one tier of 10 ㎡ at 3000, beyond at 8000 →
    // 10 × 3000 + 5 × 8000 = 70,000. BIZLOSS (native): 2,000,000 × 5% = 100,000.
    runPython(
      `
import sys, openpyxl
from openpyxl.comments import Comment
wb = openpyxl.Workbook()
ws = wb.active
ws.title = "测算"
for ref, v in [("A1", 60), ("A2", 75), ("A3", 10), ("A4", 3000), ("A5", 8000), ("A6", 2000000)]:
    ws[ref] = v
ws["B1"] = "=SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)"
ws["B1"].comment = Comment("请复核 / to be checked", "张三")
ws["C1"] = "=SHANTY.BIZLOSS(A6,0.05)"
ws["D1"] = "=SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)+1"
ws["E5"] = "备注"
ws["E5"].comment = Comment("其他单元格的批注", "李四")
wb.save(sys.argv[1])
`,
      input,
    );
    ({ out } = await portable(input, dir));
  });

  it("openpyxl reads the values kept, the note appended to the existing comment, the new comment, and the other comment as it was", () => {
    const cells = openpyxlCells(out);
    expect(cells.B1).toEqual({ value: 70000, comment: `请复核 / to be checked\n\n${SWAP_NOTE}` });
    expect(cells.D1).toEqual({ value: 70001, comment: originalFormulaNote("SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)+1") });
    expect(cells.E5).toEqual({ value: "备注", comment: "其他单元格的批注" });
    expect(String(cells.C1.value)).toMatch(/^=.*A6/);
    expect(String(cells.C1.value)).not.toMatch(/SHANTY/i);
    expect(cells.C1.comment).toBeNull();
    expect(openpyxlCells(out, true).C1.value).toBe(100000);
  });

  it("a workbook LibreOffice wrote (its own comments and drawing): the note merged into its comment, a new one beside it, read back by openpyxl", async () => {
    mkdirSync(join(dir, "from-lo"), { recursive: true });
    const saved = convertWithLibreOffice(join(dir, "commented.xlsx"), "xlsx", join(dir, "from-lo"));
    const converted = join(dir, "from-lo", "portable.xlsx");
    const { code } = await shanty("portable", saved, "-o", converted);
    expect(code).toBe(0);
    const cells = openpyxlCells(converted);
    expect(cells.B1.value).toBe(70000);
    // LibreOffice writes the function names it does not know in lower case; the note keeps the formula as stored
    expect(cells.B1.comment).toMatch(/^请复核 \/ to be checked\n\n棚改测算原公式[\s\S]*=shanty\.swapdiff\(A1,A2,A3,A4:A5\)$/i);
    expect(cells.D1.value).toBe(70001);
    expect(cells.D1.comment).toMatch(/=shanty\.swapdiff\(A1,A2,A3,A4:A5\)\+1$/i);
    expect(cells.E5.comment).toBe("其他单元格的批注");
    expect(contentTypeProblems(await parts(readFileSync(converted)))).toEqual([]);
  });

  it("LibreOffice reads the same comments and values, and computes the native formula itself: 100,000", () => {
    mkdirSync(join(dir, "lo"), { recursive: true });
    const lo = convertWithLibreOffice(out, "xlsx", join(dir, "lo"), { recalc: true });
    const cells = openpyxlCells(lo, true);
    expect(cells.B1.value).toBe(70000);
    expect(cells.B1.comment).toContain("请复核 / to be checked");
    expect(cells.B1.comment).toContain(SWAP_NOTE);
    expect(cells.D1).toMatchObject({ value: 70001 });
    expect(cells.D1.comment).toContain("=SHANTY.SWAPDIFF(A1,A2,A3,A4:A5)+1");
    expect(cells.E5.comment).toContain("其他单元格的批注");
    expect(cells.C1).toEqual({ value: 100000, comment: null });
  });
});
