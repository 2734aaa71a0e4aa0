import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import JSZip from "jszip";
import { readGrid } from "../../src/cli/grid";
import { loadWorkbookWithNotes } from "../../src/cli/load";
import { malformedNumbers, normalisePackage, readPackage } from "../../src/cli/package";
import { gridFromParts } from "../../src/cli/plan/readParts";
import { readPlanningWorkbook } from "../../src/workbook/read";
import { SAMPLE_FILE } from "../../scripts/gen-sample-workbook";

/*
 * A number cell whose <v> is no number ("1,234", "0x10"): ExcelJS read parseFloat's leading digits — 户数 1,234 became
 * 1, a silently wrong number. Both paths now read NaN there, and the reader names the cell as not a number.
 */

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-malformed-"));
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The sample with 项目库 F2 (户数 520) written as <v>1,234</v> and G2 (建筑面积 48635) as <v>0x10</v>. */
async function malformedSample(): Promise<string> {
  const zip = await JSZip.loadAsync(fs.readFileSync(SAMPLE_FILE));
  const name = "xl/worksheets/sheet1.xml";
  const xml = await zip.file(name)!.async("string");
  const edited = xml
    .replace('<c r="F2" s="1"><v>520</v></c>', '<c r="F2" s="1"><v>1,234</v></c>')
    .replace('<c r="G2" s="2"><v>48635</v></c>', '<c r="G2" s="2"><v>0x10</v></c>');
  expect(edited).not.toBe(xml);
  zip.file(name, edited);
  const file = path.join(dir, "malformed.xlsx");
  fs.writeFileSync(file, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
  return file;
}

const notNumbers = (problems: readonly { address: string; zh: string; severity: string }[]) =>
  problems.filter((p) => p.severity === "error").map((p) => [p.address, p.zh]);

describe("a number cell whose <v> is no number", () => {
  it("the ExcelJS path reads NaN (not 1 or 0) and the reader names both cells, as the package path does", async () => {
    const file = await malformedSample();
    const viaExcelJs = readGrid((await loadWorkbookWithNotes(file)).workbook);
    const sheet = viaExcelJs.sheets.find((s) => s.name === "项目库")!;
    expect(sheet.values[1][5]).toBeNaN();
    expect(sheet.values[1][6]).toBeNaN();
    const expected = [
      ["F2", "第 2 行：“户数”应为数值，收到“NaN”"],
      ["G2", "第 2 行：“建筑面积”应为数值，收到“NaN”"],
    ];
    expect(notNumbers(readPlanningWorkbook(viaExcelJs, { kinds: ["plan"] }).problems)).toEqual(expected);
    const parts = await readPackage(fs.readFileSync(file), file);
    normalisePackage(parts);
    const viaPackage = gridFromParts(parts).grid;
    expect(notNumbers(readPlanningWorkbook(viaPackage, { kinds: ["plan"] }).problems)).toEqual(expected);
  });

  it("only number cells change: text results, shared strings, logicals, errors and well-formed numbers stay as written", () => {
    const sheet =
      `<worksheet><sheetData><row r="1">` +
      `<c r="A1" t="str"><f>B1&amp;""</f><v>1,234</v></c><c r="B1" t="e"><v>#N/A</v></c><c r="C1" t="s"><v>3</v></c>` +
      `<c r="D1" t="b"><v>1</v></c><c r="E1"><v>1.04E4</v></c><c r="F1" s="1"/><c r="G1" t="n"><f>H1</f><v>12abc</v></c>` +
      `<c r="H1"><v> 7 </v></c><c r="I1"><v>1e</v></c><c r="J1"><f>H1</f><v></v></c><c r="K1"><f>H1</f><v> </v></c>` +
      `</row></sheetData></worksheet>`;
    const parts = new Map([["xl/worksheets/sheet1.xml", Buffer.from(sheet, "utf8")]]);
    expect(malformedNumbers(parts)).toBe(true);
    expect(parts.get("xl/worksheets/sheet1.xml")!.toString("utf8")).toBe(
      sheet.replace("<v>12abc</v>", "<v>NaN</v>").replace("<v>1e</v>", "<v>NaN</v>"),
    );
    const clean = new Map([["xl/worksheets/sheet1.xml", Buffer.from(sheet.replace(/<c r="[GI]1"[^]*?<\/c>/g, ""), "utf8")]]);
    const before = clean.get("xl/worksheets/sheet1.xml");
    expect(malformedNumbers(clean)).toBe(false);
    expect(clean.get("xl/worksheets/sheet1.xml")).toBe(before);
  });
});
