import * as ExcelJS from "exceljs";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { portableBuffer, type PortableResult } from "../../src/cli/portable";
import { recalcBuffer } from "../../src/cli/recalc";
import { NATIVE } from "../../src/registry/native";
import { convertWithLibreOffice, describeWith, runPython } from "../support/realPrograms";
import { layout, randomCases } from "./portableCases";

/*
 * The portable workbook recalculated by an independent engine that has never heard of SHANTY: LibreOffice Calc
 * headless, with a private profile that forces recalculation on load. Before LibreOffice opens the file, every
 * native formula's cached result is replaced by a sentinel, so a value read back can only be LibreOffice's own.
 */

const SENTINEL = -424242.42;

/** LibreOffice opens the file, recalculates every formula, saves it; the cached values it wrote, by sheet and cell. */
function libreOfficeValues(file: string, dir: string): Record<string, Record<string, unknown>> {
  mkdirSync(join(dir, "lo"), { recursive: true });
  const out = convertWithLibreOffice(file, "xlsx", join(dir, "lo"), { recalc: true });
  const script = `
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], data_only=True)
out = {}
for ws in wb.worksheets:
    out[ws.title] = {c.coordinate: (c.value if isinstance(c.value, (int, float, str, bool)) else str(c.value)) for row in ws.iter_rows() for c in row if c.value is not None}
json.dump(out, sys.stdout, ensure_ascii=False)
`;
  return JSON.parse(runPython(script, out));
}

interface Expected {
  readonly sheet: string;
  readonly address: string;
  readonly engine: unknown;
  readonly formula: string;
}

/**
 * Recalculate and convert as `shanty portable` does, remember the engine's values of the converted cells, blank
 * their cached results, save.
 */
async function convertForLibreOffice(source: string, dir: string): Promise<{ file: string; expected: Expected[]; result: PortableResult }> {
  const { data: recalculated } = await recalcBuffer(readFileSync(source), source);
  const { data, result } = await portableBuffer(recalculated, source);
  const converted = join(dir, "converted.xlsx");
  writeFileSync(converted, data);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(converted);
  const expected: Expected[] = [];
  for (const c of result.cells) {
    if (c.decision.kind !== "native") continue;
    const cell = workbook.getWorksheet(c.sheet)!.getCell(c.address);
    expected.push({ sheet: c.sheet, address: c.address, engine: cell.result, formula: c.original });
    cell.value = { formula: (cell.value as ExcelJS.CellFormulaValue).formula, result: SENTINEL } as ExcelJS.CellFormulaValue;
  }
  const file = join(dir, "portable.xlsx");
  await workbook.xlsx.writeFile(file);
  return { file, expected, result };
}

function compare(expected: readonly Expected[], values: Record<string, Record<string, unknown>>): { values: number; errors: number } {
  let numbers = 0;
  let errors = 0;
  for (const e of expected) {
    const got = values[e.sheet]?.[e.address];
    const label = `${e.sheet}!${e.address} =${e.formula}`;
    if (typeof e.engine === "number") {
      numbers++;
      // to the fen: the difference, in fen, rounds to 0
      expect([label, typeof got === "number" ? Math.abs(Math.round((got - e.engine) * 100)) : got]).toEqual([label, 0]);
    } else if (typeof e.engine === "boolean") {
      numbers++;
      expect([label, got]).toEqual([label, e.engine]);
    } else {
      // the engine's value is an error: LibreOffice must show an error too, never a number
      errors++;
      expect([label, typeof got === "string" && got.startsWith("#")]).toEqual([label, true]);
    }
  }
  return { values: numbers, errors };
}

function noNameErrors(values: Record<string, Record<string, unknown>>): string[] {
  const bad: string[] = [];
  for (const [sheet, cells] of Object.entries(values)) {
    for (const [address, v] of Object.entries(cells)) if (typeof v === "string" && /^#NAME\?/.test(v)) bad.push(`${sheet}!${address}`);
  }
  return bad;
}

describeWith("both", "portable workbooks recalculated by LibreOffice", () => {
  jest.setTimeout(180_000);

  it("the sample district: every converted SHANTY value reproduced to the fen, no #NAME? anywhere", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shanty-portable-lo-"));
    const { file, expected, result } = await convertForLibreOffice(join(__dirname, "../../assets/samples/sample-district.xlsx"), dir);
    const values = libreOfficeValues(file, dir);
    // 25 rows × (FEEEXEMPT, FEEDUE, COMPENSATION, FARCHECK) = 100, plus the sample's worked examples of the
    // converted functions (9 when measured: TAXSHARE … UNITCHECK); every such cell of the sample converts.
    expect(result.converted).toBeGreaterThanOrEqual(100);
    expect(result.cells.filter((c) => c.decision.kind === "value" && c.decision.functions.every((id) => id in NATIVE))).toEqual([]);
    const { values: compared } = compare(expected, values);
    expect(compared).toBe(expected.length);
    expect(noNameErrors(values)).toEqual([]);
    // the cells kept as values still show the engine's values (here the PLANTEXT sentence)
    expect(String(values["测算示例"]?.["B33"] ?? "")).toMatch(/^力争用/);
  });

  it("random workbooks: every converted call agrees with the engine to the fen (errors stay errors)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shanty-portable-lo-"));
    const cases = randomCases(Number(process.env.SHANTY_PORTABLE_SEED ?? 14), Number(process.env.SHANTY_PORTABLE_CASES ?? 25));
    // A tie the float product hides: exempt = 26009.35 × 5517.7 = 143,511,790.495 exactly (float 143,511,790.49499997);
    // the engine rounds half-up to .50, and so must the spreadsheet.
    const cell = (value: number | string | null) => ({ kind: "cell" as const, value });
    cases.push({
      id: "FEEDUE",
      args: [cell(26009.35), cell(5073.48), cell(5517.7), cell(null), cell(0.69), cell(10375.74), cell(5279.72)],
    });
    const { rows, formulas } = layout(cases);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet("数据");
    rows.forEach((r, i) => r.forEach((v, j) => v !== null && v !== undefined && (ws.getCell(i + 1, j + 1).value = v as ExcelJS.CellValue)));
    for (const f of formulas) ws.getCell(f.row + 1, f.col + 1).value = { formula: f.formula } as ExcelJS.CellFormulaValue;
    const source = join(dir, "random.xlsx");
    await wb.xlsx.writeFile(source);
    const { file, expected } = await convertForLibreOffice(source, dir);
    expect(expected.length).toBe(formulas.length);
    const values = libreOfficeValues(file, dir);
    const { values: compared } = compare(expected, values);
    expect(compared).toBeGreaterThan(formulas.length / 2);
    expect(noNameErrors(values)).toEqual([]);
  });
});
