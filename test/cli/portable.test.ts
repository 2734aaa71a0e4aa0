import * as ExcelJS from "exceljs";
import { mkdtempSync } from "fs";
import { HyperFormula } from "hyperformula";
import { tmpdir } from "os";
import { join } from "path";
import { FUNCTIONS, getFunction } from "../../src/registry";
import type { RawArg } from "../../src/registry/coerce";
import { NATIVE } from "../../src/registry/native";
import { portableCell } from "../../src/workbook/portable/convert";
import { toNativeFormula } from "../../src/workbook/portable/translate";
import { shanty } from "../support/shanty";
import { spillAndShare } from "./portableCases";

/**
 * HyperFormula rounds what it returns to 10 significant digits by default (1,610,773,804.726848 comes back as
 * 1,610,773,804.7); 15, as Excel shows numbers, keeps the fen of every amount below 10¹³ 元.
 */
const HF_OPTIONS = { licenseKey: "gpl-v3", precisionRounding: 15 } as const;

/**
 * The native formulas evaluated by HyperFormula WITHOUT the SHANTY plugin — an engine that knows only
 * spreadsheet functions, as Excel without the add-in, WPS or LibreOffice (the LibreOffice run itself is in
 * portable-libreoffice.test.ts).
 */
function evalNative(rows: RawArg[][], formula: string): unknown {
  const native = toNativeFormula(formula);
  if (!native.ok) throw new Error(`${formula} did not convert: ${native.reason}`);
  const width = Math.max(1, ...rows.map((r) => r.length));
  const sheet = rows.map((r) => [...r, ...new Array(width - r.length).fill(null)]);
  sheet[0] = [...sheet[0], `=${native.formula}`];
  const hf = HyperFormula.buildFromSheets({ 数据: sheet as never }, HF_OPTIONS);
  try {
    const v = hf.getCellValue({ sheet: 0, row: 0, col: width });
    return typeof v === "object" && v !== null ? `#${(v as { type: string }).type}` : v;
  } finally {
    hf.destroy();
  }
}

/** One row of inputs in A1…, the formula's references built from the letters. */
const row = (...values: RawArg[]): RawArg[][] => [values];

describe("native equivalents: hand-worked examples (domain.md), evaluated without the add-in", () => {
  it("FEEEXEMPT / FEEDUE, private capital: E = 10000×150 + 15000×150 + 5000×75 = 4,125,000; Due = 30000×150 − E + 30000×50 = 1,875,000", () => {
    const r = row(10000, 20000, 150, "民间资本", 1.5, 20, 30);
    expect(evalNative(r, "SHANTY.FEEEXEMPT('数据'!A1,'数据'!B1,'数据'!C1,'数据'!D1,'数据'!E1)")).toBe(4125000);
    expect(evalNative(r, "SHANTY.FEEDUE('数据'!A1,'数据'!B1,'数据'!C1,'数据'!D1,'数据'!E1,'数据'!F1,'数据'!G1)")).toBe(1875000);
  });

  it("FEEEXEMPT, government-led (investor left out): E = 10000×150 = 1,500,000; FEEDUE = 4,500,000 − 1,500,000 + 1,500,000 = 4,500,000", () => {
    const r = row(10000, 20000, 150, null, null, 20, 30);
    expect(evalNative(r, "SHANTY.FEEEXEMPT(A1,B1,C1)")).toBe(1500000);
    // investor and ratio are blank cells: the defaults 政府 and 1.5 apply, as in the engine
    expect(evalNative(r, "SHANTY.FEEDUE(A1,B1,C1,D1,E1,F1,G1)")).toBe(4500000);
  });

  it("a blank ratio cell means the default 1.5, not 0: private, Ar 100, Ad 200, r 10 → 1000 + 150×10 + 50×5 = 2,750", () => {
    expect(evalNative(row(100, 200, 10, "private", null), "SHANTY.FEEEXEMPT(A1,B1,C1,D1,E1)")).toBe(2750);
  });

  it("TAXSHARE 200000 × 3000 ÷ 10000 = 60,000; LATEXEMPT 200000 ≤ 20% × 1,000,000 (equal counts) → TRUE", () => {
    expect(evalNative(row(3000, 10000, 200000), "SHANTY.TAXSHARE(A1,B1,C1)")).toBe(60000);
    expect(evalNative(row(200000, 1000000), "SHANTY.LATEXEMPT(A1,B1)")).toBe(true);
    expect(evalNative(row(200000.01, 1000000), "SHANTY.LATEXEMPT(A1,B1)")).toBe(false);
  });

  it("DEEDTAX (900000 − 600000) × 1% = 3,000; 120 ㎡: household rule 1% beats half of 3% → 3,000; without it 300000 × 1.5% = 4,500", () => {
    expect(evalNative(row(900000, 90, 600000), "SHANTY.DEEDTAX(A1,B1,C1)")).toBe(3000);
    expect(evalNative(row(900000, 120, 600000), "SHANTY.DEEDTAX(A1,B1,C1)")).toBe(3000);
    expect(evalNative(row(900000, 120, 600000, null, null, null, null, null, false), "SHANTY.DEEDTAX(A1,B1,C1,D1,E1,F1,G1,H1,I1)")).toBe(
      4500,
    );
  });

  it("DEEDTAX household rule, 150 ㎡, price 1,000,000: only home 1.5% = 15,000; second home 2% vs half of 3% → 15,000; onlyHome left out follows firstHome", () => {
    // resettlement rule: not ≤ 90 ㎡, ordinary → 1.5%; household: > 140 ㎡ → only home 1.5%, second home 2%; the lower applies
    expect(evalNative(row(1000000, 150), "SHANTY.DEEDTAX(A1,B1)")).toBe(15000);
    expect(evalNative(row(1000000, 150, 0, true, true, 0.04, 90, 0.01, true, false), "SHANTY.DEEDTAX(A1,B1,C1,D1,E1,F1,G1,H1,I1,J1)")).toBe(
      20000,
    ); // min(2%, 2%)
    expect(evalNative(row(1000000, 150, 0, false, true, 0.04, 90, 0.01, true, null), "SHANTY.DEEDTAX(A1,B1,C1,D1,E1,F1,G1,H1,I1,J1)")).toBe(
      20000,
    ); // onlyHome blank → firstHome FALSE → 2%
    expect(evalNative(row(1000000, 150, 0, true, true, 0.04, 90, 0.01, true, null), "SHANTY.DEEDTAX(A1,B1,C1,D1,E1,F1,G1,H1,I1,J1)")).toBe(
      15000,
    ); // → only home 1.5%
  });

  it("BREAKEVEN 1 − 1.2 × 11000 ÷ 13200 = 0; threshold 1.1 → 1 − 12100/13200 = 0.0833 (4 decimals)", () => {
    const rows: RawArg[][] = [
      [2000, 3000, 1.1],
      [2600, 8000],
      [8600, null],
    ];
    expect(evalNative(rows, "SHANTY.BREAKEVEN(A1:A3,B1:B3)")).toBe(0);
    expect(evalNative(rows, "SHANTY.BREAKEVEN(A1:A3,B1:B3,C1)")).toBe(0.0833);
  });

  it("COMPENSATION 100×10000 + 100×20×2 + 100×15×24 + 100×300 + 20000 = 1,090,000; BIZLOSS 2,000,000 × 5% = 100,000", () => {
    expect(evalNative(row(100, 10000, 20, 15, 24, 2, 300, 20000), "SHANTY.COMPENSATION(A1,B1,C1,D1,E1,F1,G1,H1)")).toBe(1090000);
    expect(evalNative(row(2000000, 0.05), "SHANTY.BIZLOSS(A1,B1)")).toBe(100000);
  });

  it("LANDNET: G = 60,000,000 → 100,000,000 − 6,000,000 − 6,000,000 = 88,000,000; housing 10% of N 48,000,000 → 83,200,000; fund 2% → 86,000,000", () => {
    expect(evalNative(row(100000000, 40000000), "SHANTY.LANDNET(A1,B1)")).toBe(88000000);
    expect(evalNative(row(100000000, 40000000, 0.1, 0.1, 0.1), "SHANTY.LANDNET(A1,B1,C1,D1,E1)")).toBe(83200000);
    expect(evalNative(row(100000000, 40000000, null, null, 0, 0.02), "SHANTY.LANDNET(A1,B1,C1,D1,E1,F1)")).toBe(86000000);
  });

  // One unit below the bound: HyperFormula compares numbers within 1e-13 of each other as equal (its
  // precisionEpsilon), so 899,999,999,999.99 would count as 9e11 here while Excel, LibreOffice and the engine
  // (test/registry/bonds-registry.test.ts) keep them apart; 1 below the bound is apart in every engine.
  it("COVERAGE just below the bound MAX_COVERAGE (9e11) is a number, as in the engine: 899,999,999,999 ÷ 1", () => {
    expect(evalNative([[899999999999, 1]], "SHANTY.COVERAGE(A1,B1)")).toBe(899999999999);
    expect(evalNative([[-899999999999, 1]], "SHANTY.COVERAGE(A1,B1)")).toBe(-899999999999);
    expect(evalNative([[8999999999.99, 0.01]], "SHANTY.COVERAGE(A1,B1)")).toBe(899999999999);
  });

  it("COVERAGE 13200 ÷ 11000 = 1.2; BALANCE 1200 − 550 = 650; FARCHECK 25000 ≤ 2.5 × 10000 → TRUE; UNITCHECK 9 > 8 → FALSE", () => {
    const rows: RawArg[][] = [
      [2000, 3000],
      [2600, 8000],
      [8600, null],
    ];
    expect(evalNative(rows, "SHANTY.COVERAGE(A1:A3,B1:B3)")).toBe(1.2);
    expect(
      evalNative(
        [
          [500, 300],
          [700, 100],
          [null, 150],
        ],
        "SHANTY.BALANCE(A1:A3,B1:B3)",
      ),
    ).toBe(650);
    expect(evalNative(row(10000, 25000, 2.5), "SHANTY.FARCHECK(A1,B1,C1)")).toBe(true);
    expect(evalNative(row(9), "SHANTY.UNITCHECK(A1)")).toBe(false);
  });
});

describe("bad input stays an error, never a silent number", () => {
  it.each([
    ["a negative area", row(-1, 20000, 150), "SHANTY.FEEEXEMPT(A1,B1,C1)"],
    ["text in an area cell", row("一万", 20000, 150), "SHANTY.FEEEXEMPT(A1,B1,C1)"],
    ["an unknown investor", row(10000, 20000, 150, "外资"), "SHANTY.FEEEXEMPT(A1,B1,C1,D1)"],
    ["a share above 1", row(2000000, 1.5), "SHANTY.BIZLOSS(A1,B1)"],
    ["moves not a whole number", row(100, 10000, 20, 15, 24, 1.5), "SHANTY.COMPENSATION(A1,B1,C1,D1,E1,F1)"],
    ["resettlement area above the total", row(12000, 10000, 200000), "SHANTY.TAXSHARE(A1,B1,C1)"],
    [
      "text inside a numeric range",
      [
        [500, 300],
        ["七百", 100],
      ],
      "SHANTY.BALANCE(A1:A2,B1:B2)",
    ],
    [
      "zero debt service",
      [
        [500, 0],
        [700, 0],
      ],
      "SHANTY.COVERAGE(A1:A2,B1:B2)",
    ],
    ["a coverage too large to keep 4 decimals (the engine refuses ≥ 9e11)", [[1e14 - 1, 1e-3]], "SHANTY.COVERAGE(A1,B1)"],
    ["a coverage exactly on the bound MAX_COVERAGE: 9e11 ÷ 1", [[9e11, 1]], "SHANTY.COVERAGE(A1,B1)"],
    ["a coverage on the bound with a negative income: −9e11 ÷ 1", [[-9e11, 1]], "SHANTY.COVERAGE(A1,B1)"],
    ["a result beyond 9e13 元, which a double cannot carry to the fen (9e14 × 1)", row(9e14, 0, 1), "SHANTY.FEEEXEMPT(A1,B1,C1)"],
    ["a boolean word the native form cannot read", row(900000, 90, 0, "maybe"), "SHANTY.DEEDTAX(A1,B1,C1,D1)"],
  ])("%s", (_what, rows, formula) => {
    const v = evalNative(rows, formula);
    expect(typeof v === "string" && v.startsWith("#")).toBe(true);
  });
});

// Random inputs are compared in portable-libreoffice.test.ts, with LibreOffice: HyperFormula's ROUND works on the
// binary value (143,511,790.49499997 → .49), while Excel and LibreOffice round the 15-digit decimal (→ .50, as the
// decimal engine does for the exact 143,511,790.495), so HyperFormula would report ties that no spreadsheet shows.

describe("the translator", () => {
  it("declares native forms only for registered functions, and each reads every argument", () => {
    for (const id of Object.keys(NATIVE)) {
      const spec = getFunction(id);
      expect([id, spec !== undefined]).toEqual([id, true]);
      const args = spec!.params.map((_, i) => `X${i + 1}`);
      const t = toNativeFormula(`SHANTY.${id}(${args.join(",")})`);
      expect([id, t.ok]).toEqual([id, true]);
    }
  });

  it("covers the fee, tax, land, compensation and bond families", () => {
    const families = new Set(Object.keys(NATIVE).map((id) => getFunction(id)!.family));
    expect([...families].sort()).toEqual(expect.arrayContaining(["balance", "bonds", "compensation", "fees", "land"]));
  });

  it("translates nested calls and calls inside native formulas, and the stored _xldudf_ spelling", () => {
    const t = toNativeFormula("ROUND(SHANTY.BIZLOSS(SHANTY.COMPENSATION(A1,B1),0.05),0)+1");
    expect(t.ok).toBe(true);
    expect(t.ok && t.formula).not.toMatch(/SHANTY/i);
    expect(t.functions).toEqual(["BIZLOSS", "COMPENSATION"]);
    const stored = toNativeFormula("_xldudf_SHANTY_BIZLOSS(A1,B1)");
    expect(stored.ok && stored.formula).toBe(
      "IF(OR(ABS(((A1)+0))>=1000000000000000,((A1)+0)<0,ABS(((B1)+0))>=1000000000000000,((B1)+0)<0,((B1)+0)>1),NA(),IF(ABS(ROUND(((A1)+0)*((B1)+0),2))>=90000000000000,NA(),ROUND(((A1)+0)*((B1)+0),2)))",
    );
  });

  it("refuses a conversion beyond Excel's limits (8,192 characters, 64 nested levels)", () => {
    let f = "A1";
    for (let i = 0; i < 4; i++) f = `SHANTY.DEEDTAX(${f},${f})`;
    const t = toNativeFormula(f);
    expect(t.ok).toBe(false);
    expect(!t.ok && t.reason).toMatch(/8192|nested/);
  });

  it("leaves text that only looks like a call alone (inside a string)", () => {
    const t = toNativeFormula('"SHANTY.BIZLOSS(1,2)"&A1');
    expect(t).toEqual({ ok: true, formula: '"SHANTY.BIZLOSS(1,2)"&A1', functions: [] });
  });

  it("refuses, with a reason, what has no native form: plan text, pooling, a function without a declaration", () => {
    for (const f of ["SHANTY.PLANTEXT(A1:A3,B1:B3,C1:C3)", 'SHANTY.BALANCELEVEL("P1",A1:A3,B1:B3,C1:C3)', "1+SHANTY.ELIGIBLE(A1,B1)"]) {
      const t = toNativeFormula(f);
      expect([f, t.ok]).toEqual([f, false]);
      expect(!t.ok && t.reason).toMatch(/没有等价的原生公式/);
    }
  });

  it("a value cell keeps the original formula in its note; a spilled table is kept as values", () => {
    const v = portableCell("=SHANTY.PLANTEXT(A1:A3,B1:B3,C1:C3)", "力争用3年时间…");
    expect(v).toMatchObject({ kind: "value", value: "力争用3年时间…" });
    expect(v.kind === "value" && v.note).toContain("=SHANTY.PLANTEXT(A1:A3,B1:B3,C1:C3)");
    expect(portableCell("SHANTY.COMPTABLE(A1,B1)", 1000, true).kind).toBe("value");
    expect(portableCell("SUM(A1:A3)", 6)).toEqual({ kind: "keep" });
  });

  it("the README lists exactly the functions that convert, and every other one as kept as values", () => {
    const readme = require("fs").readFileSync(join(__dirname, "../../README.md"), "utf8") as string;
    const list = (marker: string) =>
      [...(new RegExp(`\\*\\*${marker}[^*]*\\*\\*([^\\n]*)`).exec(readme)?.[1] ?? "").matchAll(/`([A-Z]+)`/g)].map((m) => m[1]).sort();
    const converted = Object.keys(NATIVE).sort();
    expect(list("转换为原生公式")).toEqual(converted);
    expect(list("保留为数值")).toEqual(
      FUNCTIONS.map((f) => f.id)
        .filter((id) => !converted.includes(id))
        .sort(),
    );
  });
});

describe("shanty portable on the sample district", () => {
  it("writes a copy with native formulas, values + notes for the rest, and leaves the input alone", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shanty-portable-"));
    const out = join(dir, "p.xlsx");
    const input = join(__dirname, "../../assets/samples/sample-district.xlsx");
    const before = require("fs").readFileSync(input);
    const { code, out: printed } = await shanty("portable", input, "-o", out);
    expect(code).toBe(0);
    expect(printed).toMatch(/FEEEXEMPT×25/);
    expect(require("fs").readFileSync(input).equals(before)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const ws = wb.getWorksheet("测算示例")!;
    const d7 = ws.getCell("D7").value as ExcelJS.CellFormulaValue;
    expect(d7.formula).not.toMatch(/SHANTY/i);
    expect(ws.getCell("B33").type).not.toBe(ExcelJS.ValueType.Formula);
    expect(String(ws.getCell("B33").note)).toContain("SHANTY.PLANTEXT(");
    let shantyLeft = 0;
    wb.eachSheet((s) =>
      s.eachRow((r) =>
        r.eachCell(
          (c) =>
            void (
              c.type === ExcelJS.ValueType.Formula &&
              /SHANTY/i.test(String((c.value as ExcelJS.CellFormulaValue).formula ?? "")) &&
              shantyLeft++
            ),
        ),
      ),
    );
    expect(shantyLeft).toBe(0);
  });

  it("refuses to overwrite the input and names the problem", async () => {
    const input = join(__dirname, "../../assets/samples/sample-district.xlsx");
    const { code, out } = await shanty("portable", input, "-o", input);
    expect(code).toBe(1);
    expect(out).toMatch(/输出文件不能与输入文件相同/);
  });
});

describe("shanty portable on formulas that spill or share", () => {
  it("a spilled SHANTY table becomes its values (every cell of the spill), the formula kept in the top-left cell's note; shared formulas convert cell by cell", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shanty-portable-"));
    const input = join(dir, "in.xlsx");
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("S");
    spillAndShare(ws);
    await wb.xlsx.writeFile(input);
    const out = join(dir, "out.xlsx");
    const { code } = await shanty("portable", input, "-o", out);
    expect(code).toBe(0);
    const back = new ExcelJS.Workbook();
    await back.xlsx.readFile(out);
    const s = back.getWorksheet("S")!;
    expect(s.getCell("C1").type).not.toBe(ExcelJS.ValueType.Formula);
    expect(String(s.getCell("C1").note)).toContain("=SHANTY.COMPTABLE(A1,A2)");
    expect(s.getCell("D1").value).toBe(1000000);
    expect(s.getCell("D6").value).toBe(1000000);
    const g1 = s.getCell("G1").value as ExcelJS.CellFormulaValue;
    const g2 = s.getCell("G2").value as ExcelJS.CellFormulaValue;
    expect(g1.formula).toContain("F1");
    expect(g2.formula).toContain("F2");
    expect(`${g1.formula}${g2.formula}`).not.toMatch(/SHANTY/i);
    expect([s.getCell("G1").result, s.getCell("G2").result]).toEqual([100000, 150000]);
  });
});
