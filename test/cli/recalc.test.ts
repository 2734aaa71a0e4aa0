import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ExcelJS from "exceljs";
import { shanty } from "../support/shanty";
import { recalcBuffer, slideFormula, toHfFormula, FormulaContext, TableInfo } from "../../src/cli/recalc";
import type { RecalcResult } from "../../src/cli/recalc";

/** Write a workbook with ExcelJS, recalculate the package, read the result back. */
async function recalcWorkbook(wb: ExcelJS.Workbook): Promise<RecalcResult & { reloaded: ExcelJS.Workbook; data: Buffer }> {
  const { data, result } = await recalcBuffer(Buffer.from((await wb.xlsx.writeBuffer()) as ArrayBuffer));
  const reloaded = new ExcelJS.Workbook();
  await reloaded.xlsx.load(data as unknown as ExcelJS.Buffer);
  return { ...result, reloaded, data };
}

/** Cached result of a formula cell (or the value of a plain cell). */
function result(ws: ExcelJS.Worksheet, address: string): unknown {
  const cell = ws.getCell(address);
  return cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value;
}

/**
 * A planning-like workbook of SHANTY and native formulas, written the way Excel stores them: no cached
 * results, a shared formula filled down, an array formula over a range, Chinese sheet and defined names,
 * a table referenced by structured references.
 */
function testWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const p = wb.addWorksheet("项目库");
  p.addTable({
    name: "项目表",
    ref: "A1",
    headerRow: true,
    style: { theme: "TableStyleMedium2", showRowStripes: true },
    columns: [{ name: "编号" }, { name: "安置面积" }, { name: "开发面积" }, { name: "投资主体" }, { name: "减免额" }],
    rows: [
      ["P1", 10000, 20000, "民间资本", null],
      ["P2", 8000, 5000, "政府", null],
    ],
  });
  // a calculated column in the table: [@列] references
  p.getCell("E2").value = { formula: "SHANTY.FEEEXEMPT([@安置面积],[@开发面积],基准费率,[@投资主体])" };
  p.getCell("E3").value = {
    formula: "SHANTY.FEEEXEMPT(项目表[[#This Row],[安置面积]],项目表[[#This Row],[开发面积]],基准费率,项目表[[#This Row],[投资主体]])",
  };

  const params = wb.addWorksheet("参数");
  params.getCell("A1").value = "基础设施配套费基准费率（元/㎡）";
  params.getCell("B1").value = 150;
  wb.definedNames.add("'参数'!$B$1", "基准费率");

  const s = wb.addWorksheet("测算");
  s.getCell("A1").value = { formula: 'SHANTY.FEEEXEMPT(10000,20000,150,"民间资本")' };
  s.getCell("B1").value = 10000;
  s.getCell("C1").value = 20000;
  s.getCell("D1").value = 150;
  s.getCell("E1").value = "民间资本";
  s.getCell("F1").value = { formula: "SHANTY.FEEDUE(B1,C1,D1,E1,1.5,20,30)" };
  // areas per row and a shared formula filled down C3:C5 (government-led: only the resettlement area is exempt)
  s.getCell("A3").value = 100;
  s.getCell("A4").value = 200;
  s.getCell("A5").value = 1;
  s.getCell("B3").value = 0;
  s.getCell("B4").value = 50;
  s.getCell("B5").value = 0;
  s.getCell("C3").value = { formula: "SHANTY.FEEEXEMPT(A3,B3,$D$1)" };
  s.getCell("C4").value = { sharedFormula: "C3" } as ExcelJS.CellValue;
  s.getCell("C5").value = { sharedFormula: "C3" } as ExcelJS.CellValue;
  s.getCell("C6").value = { formula: "SUM(C3:C5)" };
  // an error input: negative resettlement area
  s.getCell("A8").value = -1;
  s.getCell("B8").value = { formula: "SHANTY.FEEEXEMPT(A8,0,100)" };
  // cross-sheet references with unquoted Chinese sheet names, table references and a Chinese defined name
  s.getCell("A10").value = { formula: "项目库!B2*2" };
  s.getCell("B10").value = { formula: "SUM(项目表[安置面积])" };
  s.getCell("C10").value = { formula: "SUM(项目表[减免额])" };
  s.getCell("D10").value = { formula: "基准费率+1" };
  // an array formula filling H1:I10 with the fee table, and a single-cell formula of the same function
  s.getCell("H1").value = {
    formula: 'SHANTY.FEETABLE(10000,20000,150,"民间资本",1.5,20,30)',
    shareType: "array",
    ref: "H1:I10",
  } as ExcelJS.CellValue;
  s.getCell("K1").value = { formula: 'SHANTY.FEETABLE(10000,20000,150,"民间资本",1.5,20,30)' };
  s.getCell("L1").value = "blocks a spill";
  // how a workbook saved by Excel may store an add-in's custom function
  s.getCell("A12").value = { formula: "_xldudf_SHANTY_FEEEXEMPT(1,0,1.005)" };
  s.getCell("B12").value = { formula: '_xlfn.IFNA(NA(),"ab")' };
  return wb;
}

describe("recalcWorkbook — every formula through HyperFormula, values cached", () => {
  let ws: ExcelJS.Worksheet;
  let p: ExcelJS.Worksheet;
  let errors: RecalcResult["errors"];
  let formulas: number;
  let reloaded: ExcelJS.Workbook;

  beforeAll(async () => {
    // Evaluate the workbook's file (shared formulas as ExcelJS stores them), then read the result back.
    ({ errors, formulas, reloaded } = await recalcWorkbook(testWorkbook()));
    ws = reloaded.getWorksheet("测算")!;
    p = reloaded.getWorksheet("项目库")!;
  });

  it("FEEEXEMPT with literals: 10000×150 + 15000×150 + 5000×75 = 4,125,000", () => {
    expect(result(ws, "A1")).toBe(4125000);
  });

  it("FEEDUE with cell references: 30000×150 − 4,125,000 + 30000×(20+30) = 1,875,000", () => {
    expect(result(ws, "F1")).toBe(1875000);
  });

  it("a shared formula filled down is evaluated per row: 100×150, 200×150, 1×150", () => {
    expect(result(ws, "C3")).toBe(15000);
    expect(result(ws, "C4")).toBe(30000); // government-led: development area pays in full
    expect(result(ws, "C5")).toBe(150);
    expect(ws.getCell("C4").formula).toBe("SHANTY.FEEEXEMPT(A4,B4,$D$1)");
  });

  it("SUM over them: 15000 + 30000 + 150 = 45150", () => {
    expect(result(ws, "C6")).toBe(45150);
  });

  it("an error input gives #VALUE! cached, and its message is listed with the cell", () => {
    expect(result(ws, "B8")).toEqual({ error: "#VALUE!" });
    const e = errors.find((x) => x.sheet === "测算" && x.address === "B8");
    expect(e?.error).toBe("#VALUE!");
    expect(e?.message).toContain("安置面积(resettleArea)");
  });

  it("reads unquoted Chinese sheet names, Chinese defined names and table references", () => {
    expect(result(ws, "A10")).toBe(20000); // 10000 × 2
    expect(result(ws, "B10")).toBe(18000); // 10000 + 8000
    expect(result(ws, "D10")).toBe(151);
  });

  it("evaluates [@Col] and [[#This Row],[Col]] inside the table", () => {
    expect(result(p, "E2")).toBe(4125000);
    expect(result(p, "E3")).toBe(1200000); // government-led: 8000×150
    expect(result(ws, "C10")).toBe(5325000); // 4,125,000 + 1,200,000
  });

  it("fills an array formula's range with the spilled values", () => {
    expect(result(ws, "H1")).toBe("安置面积（全额免收，㎡）");
    expect(ws.getCell("H5").value).toBe("减免金额（元）");
    expect(ws.getCell("I5").value).toBe(4125000);
    expect(ws.getCell("I9").value).toBe(1875000);
    expect(ws.getCell("H1").value).toMatchObject({ shareType: "array", ref: "H1:I10" });
  });

  it("a single-cell formula of a spilling function shows its top-left value, without #SPILL!", () => {
    expect(result(ws, "K1")).toBe("安置面积（全额免收，㎡）");
    expect(ws.getCell("L1").value).toBe("blocks a spill");
  });

  it("reads the add-in's _xldudf_ form and _xlfn. prefixes of newer Excel functions", () => {
    expect(result(ws, "A12")).toBe(1.01); // 1 × 1.005 = 1.005 → 1.01 (half-up)
    expect(result(ws, "B12")).toBe("ab");
  });

  it("lists only the error cell, counts every formula, and marks the workbook for a full calculation on load", () => {
    expect(errors.map((e) => `${e.sheet}!${e.address}`)).toEqual(["测算!B8"]);
    // 项目库 E2:E3, 测算 A1 F1 C3:C5 C6 B8 A10 B10 C10 D10 H1 K1 A12 B12
    expect(formulas).toBe(17);
  });
});

describe("fullCalcOnLoad", () => {
  it("is written into workbook.xml", async () => {
    const { data } = await recalcWorkbook(testWorkbook());
    const JSZip = (await import("jszip")).default;
    const zip = await JSZip.loadAsync(data);
    expect(await zip.file("xl/workbook.xml")!.async("string")).toMatch(/<calcPr[^>]*fullCalcOnLoad="1"/);
  });
});

describe("formula translation for HyperFormula", () => {
  const table: TableInfo = {
    name: "T",
    sheet: "项目 库",
    top: 1,
    left: 1,
    bottom: 4,
    right: 3,
    headerRow: true,
    totalsRow: true,
    columns: ["a", "b", "c"],
  };
  const ctx: FormulaContext = {
    sheet: "项目 库",
    row: 2,
    col: 5,
    tables: new Map([["t", table]]),
    nameAliases: new Map([["费率", "SHANTY_NAME_1"]]),
  };

  it.each([
    ["T[b]", "='项目 库'!$C$3:$C$4"],
    ["T[#All]", "='项目 库'!$B$2:$D$5"],
    ["T[#Headers]", "='项目 库'!$B$2:$D$2"],
    ["T[#Totals]", "='项目 库'!$B$5:$D$5"],
    ["T[[#Data],[a]:[b]]", "='项目 库'!$B$3:$C$4"],
    ["T[@c]", "='项目 库'!$D$3"],
    ["SUM(T)", "=SUM('项目 库'!$B$3:$D$4)"],
    ["T[zz]", "=T[zz]"],
    ['"T[b]"&项目!A1', "=\"T[b]\"&'项目'!A1"],
    ["费率*2", "=SHANTY_NAME_1*2"],
    ["IFERROR(1/0,#N/A)+#DIV/0!", "=IFERROR(1/0,#N/A)+#DIV/0!"],
    ["_xlfn._xlws.FILTER(A1:A3,B1:B3)", "=FILTER(A1:A3,B1:B3)"],
    ["_xludf.SHANTY.FEEDUE(1,2,3)", "=SHANTY.FEEDUE(1,2,3)"],
    ["\"a\"\"b\"&'it''s'!A1", "=(\"a\"&CHAR(34)&\"b\")&'it''s'!A1"], // HyperFormula has no doubled quotes in strings
    ["1E+20+2.5E-3*TRUE", "=1e+20+2.5e-3*TRUE()"],
    ["{1,TRUE;FALSE,2}", "={1,TRUE();FALSE(),2}"],
  ])("%s → %s", (formula, expected) => {
    expect(toHfFormula(formula, ctx)).toBe(expected);
  });

  it.each([
    ["A1+$B$2+C$3+$D4", 2, 1, "B3+$B$2+D$3+$D6"],
    ["SUM(A:A)+SUM(2:3)", 1, 1, "SUM(B:B)+SUM(3:4)"],
    ["\"A1\"&'Sheet 1'!A1", 1, 0, "\"A1\"&'Sheet 1'!A2"],
    ["SHANTY.LOG10(A1)", 1, 0, "SHANTY.LOG10(A2)"],
    ["A1", -1, 0, "#REF!"],
  ])("slides %s by (%i,%i) to %s", (formula, dr, dc, expected) => {
    expect(slideFormula(formula, dr, dc)).toBe(expected);
  });
});

describe("shanty recalc", () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-recalc-"));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("writes OUT with cached values, lists the error cell and exits 3", async () => {
    const input = path.join(dir, "in.xlsx");
    await testWorkbook().xlsx.writeFile(input);
    const before = fs.readFileSync(input);
    const { code, out } = await shanty("recalc", input, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(3);
    expect(out).toContain("测算!B8 #VALUE!");
    expect(out).toContain("安置面积(resettleArea)");
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(dir, "out.xlsx"));
    expect(result(wb.getWorksheet("测算")!, "C6")).toBe(45150);
    expect(fs.readdirSync(dir).sort()).toEqual(["in.xlsx", "out.xlsx"]); // no temp file left behind
  });

  it("exits 0 when no cell evaluates to an error", async () => {
    const wb = new ExcelJS.Workbook();
    const s = wb.addWorksheet("S");
    s.getCell("A1").value = { formula: "SHANTY.LANDNET(100000000,40000000)" };
    const input = path.join(dir, "ok.xlsx");
    await wb.xlsx.writeFile(input);
    const { code, out } = await shanty("recalc", input, "-o", path.join(dir, "ok-out.xlsx"));
    expect(out).toContain("1");
    expect(code).toBe(0);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(path.join(dir, "ok-out.xlsx"));
    // G = 60,000,000; provisions 10% + 10% of G = 12,000,000; usable = 100,000,000 − 12,000,000
    expect(back.getWorksheet("S")!.getCell("A1").result).toBe(88000000);
  });

  it("a missing input file: exit 1, bilingual message, nothing written", async () => {
    const { code, out } = await shanty("recalc", path.join(dir, "nope.xlsx"), "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(1);
    expect(out).toContain("找不到文件");
    expect(out).toContain("File not found");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("output = input (also through another spelling of the path): exit 1, input untouched", async () => {
    const input = path.join(dir, "in.xlsx");
    await testWorkbook().xlsx.writeFile(input);
    const before = fs.readFileSync(input);
    for (const output of [input, path.join(dir, ".", "sub", "..", "in.xlsx")]) {
      const { code, out } = await shanty("recalc", input, "-o", output);
      expect(code).toBe(1);
      expect(out).toContain("输出文件不能与输入文件相同");
      expect(out).toContain("must differ from the input");
    }
    expect(fs.readFileSync(input).equals(before)).toBe(true);
    expect(fs.readdirSync(dir)).toEqual(["in.xlsx"]);
  });

  it("not an .xlsx (wrong extension or not a zip): exit 1, nothing written", async () => {
    const csv = path.join(dir, "data.csv");
    fs.writeFileSync(csv, "a,b\n1,2\n");
    const fake = path.join(dir, "fake.xlsx");
    fs.writeFileSync(fake, "this is not a workbook");
    const r1 = await shanty("recalc", csv, "-o", path.join(dir, "o1.xlsx"));
    expect(r1.code).toBe(1);
    expect(r1.out).toContain("不是 .xlsx");
    const r2 = await shanty("recalc", fake, "-o", path.join(dir, "o2.xlsx"));
    expect(r2.code).toBe(1);
    expect(r2.out).toContain("not a valid .xlsx");
    expect(fs.readdirSync(dir).sort()).toEqual(["data.csv", "fake.xlsx"]);
  });

  it("keeps charts, pivot tables and names that are not cell ranges (nothing is dropped any more)", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("S").getCell("A1").value = { formula: "1+1" };
    wb.definedNames.add("'S'!$A$1", "kept");
    const JSZip = (await import("jszip")).default;
    const zip = await JSZip.loadAsync((await wb.xlsx.writeBuffer()) as ArrayBuffer);
    const xml = await zip.file("xl/workbook.xml")!.async("string");
    zip.file(
      "xl/workbook.xml",
      xml.replace(
        "</definedNames>",
        "<definedName name=\"利率\">0.05</definedName><definedName name=\"two\">'S'!$A$1,'S'!$C$3</definedName></definedNames>",
      ),
    );
    zip.file("xl/charts/chart1.xml", "<c:chartSpace/>");
    zip.file("xl/pivotTables/pivotTable1.xml", "<pivotTableDefinition/>");
    const input = path.join(dir, "rich.xlsx");
    fs.writeFileSync(input, await zip.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
    const { code, out } = await shanty("recalc", input, "-o", path.join(dir, "out.xlsx"));
    expect(code).toBe(0);
    expect(out).not.toContain("not carried into the output");
    const back = await JSZip.loadAsync(fs.readFileSync(path.join(dir, "out.xlsx")));
    expect(await back.file("xl/charts/chart1.xml")!.async("string")).toBe("<c:chartSpace/>");
    expect(await back.file("xl/pivotTables/pivotTable1.xml")!.async("string")).toBe("<pivotTableDefinition/>");
    expect(await back.file("xl/workbook.xml")!.async("string")).toContain('<definedName name="利率">0.05</definedName>');
  });

  it("usage errors: no -o, an output that is not .xlsx", async () => {
    expect((await shanty("recalc", "in.xlsx")).code).toBe(1);
    const input = path.join(dir, "in.xlsx");
    await testWorkbook().xlsx.writeFile(input);
    const r = await shanty("recalc", input, "-o", path.join(dir, "out.csv"));
    expect(r.code).toBe(1);
    expect(r.out).toContain(".xlsx");
    expect(fs.readdirSync(dir)).toEqual(["in.xlsx"]);
  });
});
