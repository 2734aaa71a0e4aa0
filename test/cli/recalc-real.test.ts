import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { convertWithLibreOffice, describeWith, runPython, SOFFICE } from "../support/realPrograms";
import { shanty } from "../support/shanty";

/*
 * recalc on workbooks written by the real programs: openpyxl (formulas without cached values, its own
 * markup) and LibreOffice Calc (its markup, lower-case unknown function names, cached #NAME? for SHANTY
 * functions). The outputs are read back by openpyxl and by LibreOffice.
 */

const BUILD = String.raw`
import sys
from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation
wb = Workbook()
ws = wb.active
ws.title = "测算"
ws["A1"] = "=ROUND(9739.755,2)"
ws["A2"] = '=SHANTY.FEEEXEMPT(10000,20000,150,"民间资本")'
ws["A3"] = '=CONCAT("a","b")'
ws["A4"] = "=rate*100"
ws["B1"] = 0.05
ws["B1"].comment = Comment("费率按 2024 年文件", "财政局")
dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="1")
ws.add_data_validation(dv)
dv.add("B1")
other = wb.create_sheet("Other")
other["A1"] = "=rate*100"
other["B1"] = 0.08
wb.defined_names.append(DefinedName("rate", localSheetId=0, attr_text="'测算'!$B$1"))
wb.defined_names.append(DefinedName("rate", localSheetId=1, attr_text="Other!$B$1"))
wb.save(sys.argv[1])
`;

const READ = String.raw`
import sys, json
from openpyxl import load_workbook
wb = load_workbook(sys.argv[1], data_only=True)
ws = wb["测算"]
print(json.dumps({
  "A1": ws["A1"].value, "A2": ws["A2"].value, "A3": ws["A3"].value, "A4": ws["A4"].value,
  "other": wb["Other"]["A1"].value,
  "comment": ws["B1"].comment.text if ws["B1"].comment else None,
  "validations": len(ws.data_validations.dataValidation),
}, ensure_ascii=False))
`;

describeWith("openpyxl", "recalc on a workbook written by openpyxl (no cached values)", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-recalc-real-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("computes every formula it knows, keeps the one it does not (listed, exit 5), and openpyxl reads the result", async () => {
    const input = path.join(dir, "openpyxl.xlsx");
    runPython(BUILD, input);
    const before = fs.readFileSync(input);
    const output = path.join(dir, "openpyxl-out.xlsx");
    const { code, out } = await shanty("recalc", input, "-o", output);
    expect(out).toContain('测算!A3 =CONCAT("a","b")');
    expect(code).toBe(5);
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    const back = JSON.parse(runPython(READ, output));
    expect(back).toEqual({
      A1: 9739.76, // ROUND of the shown decimal 9739.755
      A2: 4125000, // 10000×150 + 15000×150 + 5000×75
      A3: null, // not recalculated: openpyxl left no cached value, none is invented
      A4: 5, // 测算's own rate 0.05 × 100
      other: 8, // Other's own rate 0.08 × 100
      comment: "费率按 2024 年文件",
      validations: 1,
    });
  }, 120_000);
});

describeWith("both", "recalc on a workbook saved by LibreOffice Calc", () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-recalc-lo-"));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("replaces LibreOffice's #NAME? for SHANTY functions, keeps its values for functions not known here, and LibreOffice shows the result", async () => {
    const made = path.join(dir, "made.xlsx");
    runPython(BUILD, made);
    const loDir = path.join(dir, "lo");
    fs.mkdirSync(loDir);
    const saved = convertWithLibreOffice(made, "xlsx", loDir); // LibreOffice's own markup and cached values
    const output = path.join(dir, "lo-recalc.xlsx");
    const { code, out } = await shanty("recalc", saved, "-o", output);
    expect(code).toBe(5); // CONCAT is not evaluated here
    expect(out).toContain("CONCAT");
    const back = JSON.parse(runPython(READ, output));
    expect(back.A1).toBe(9739.76);
    expect(back.A2).toBe(4125000);
    expect(back.A3).toBe("#NAME?"); // LibreOffice's own cached value (it did not know openpyxl's bare CONCAT either), kept
    expect(back.A4).toBe(5);
    expect(back.other).toBe(8);
    // LibreOffice opens the recalculated file: its CSV export of the first sheet shows the values
    const csvDir = path.join(dir, "csv");
    fs.mkdirSync(csvDir);
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), "lo-shanty-"));
    try {
      execFileSync(
        SOFFICE!,
        [`-env:UserInstallation=file://${profile}`, "--headless", "--norestore", "--convert-to", "csv", "--outdir", csvDir, output],
        { stdio: "pipe", timeout: 120_000 },
      );
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
    const csv = fs.readFileSync(path.join(csvDir, "lo-recalc.csv"), "utf8");
    expect(csv.split(/\r?\n/)[0]).toMatch(/^9739\.76,/);
    expect(csv.split(/\r?\n/)[1]).toMatch(/^4125000\b/);
  }, 240_000);
});
