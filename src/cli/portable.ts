import * as ExcelJS from "exceljs";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { a1 } from "../workbook/model";
import { portableCell, type ComputedValue, type PortableCell } from "../workbook/portable/convert";
import { recalcBuffer, slideFormula, type RecalcResult } from "./recalc";
import { parseRange } from "../workbook/address";
import { checkOutputPath, EXIT, loadWorkbookWithNotes, parseInOut, runCommand, saveWorkbookAtomic, type OutputOptions } from "./xlsx";

/*
 * `shanty portable IN.xlsx -o OUT.xlsx`: a copy of the workbook that works without the add-in (Excel without
 * custom functions — volume-licensed Office 2019 and earlier —, WPS 表格, LibreOffice). Every SHANTY formula
 * with a native equivalent becomes that native formula (same cells, same numbers); every other one becomes its
 * value, with the original formula in the cell's comment. The engine evaluates the workbook first (as `shanty
 * recalc` does), so the values kept and the cached results of the native formulas are the engine's.
 */

export interface PortableCellReport {
  readonly sheet: string;
  readonly address: string;
  readonly original: string;
  readonly decision: PortableCell;
}

export interface PortableResult {
  readonly cells: readonly PortableCellReport[];
  readonly converted: number;
  readonly values: number;
}

type FormulaValue = ExcelJS.CellFormulaValue & { shareType?: string; ref?: string; sharedFormula?: string };

function computed(result: unknown): ComputedValue {
  if (result === undefined || result === null) return null;
  if (typeof result === "number" || typeof result === "string" || typeof result === "boolean") return result;
  if (result instanceof Date) return result.toISOString();
  if (typeof result === "object" && "error" in (result as object)) return String((result as { error: unknown }).error);
  return String(result);
}

function asCellValue(v: ComputedValue): ExcelJS.CellValue {
  if (typeof v === "string" && /^#(?:NULL!|DIV\/0!|VALUE!|REF!|NAME\?|NUM!|N\/A|SPILL!|CALC!)$/.test(v)) {
    return { error: v } as ExcelJS.CellErrorValue;
  }
  return v;
}

/** A formula with its cached result (ExcelJS's value setter would drop a result of 0, FALSE or ""). */
function setFormula(cell: ExcelJS.Cell, formula: string, result: unknown): void {
  cell.value = { formula } as ExcelJS.CellFormulaValue;
  if (result !== undefined) (cell as unknown as { _value: { result: unknown } })._value.result = result;
}

/**
 * Load a workbook with every formula's cached value computed by the engine (`shanty recalc` in memory, then the
 * usual checked load of the recalculated copy). The input file is only read.
 */
export async function loadRecalculated(input: string): Promise<{ workbook: ExcelJS.Workbook; notes: string[]; recalc: RecalcResult }> {
  await loadWorkbookWithNotes(input); // the checks and messages every command gives for a bad input
  const { data, result } = await recalcBuffer(fs.readFileSync(input), input);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "shanty-portable-"));
  try {
    const file = path.join(dir, "recalculated.xlsx");
    fs.writeFileSync(file, data);
    const { workbook, notes } = await loadWorkbookWithNotes(file);
    return { workbook, notes, recalc: result };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Rewrite a workbook in place whose cached values are the engine's (loadRecalculated); returns what was done to
 * every SHANTY cell.
 */
export function makePortable(workbook: ExcelJS.Workbook): PortableResult {
  const cells: PortableCellReport[] = [];
  for (const ws of workbook.worksheets) {
    const todo: { cell: ExcelJS.Cell; formula: string; result: unknown; spilled: boolean }[] = [];
    ws.eachRow({ includeEmpty: false }, (row) => {
      row.eachCell({ includeEmpty: false }, (cell) => {
        if (cell.type !== ExcelJS.ValueType.Formula) return;
        const v = cell.value as FormulaValue;
        let formula = v.formula;
        if (!formula && v.sharedFormula) {
          const master = ws.getCell(v.sharedFormula);
          const masterFormula = (master.value as FormulaValue | null)?.formula;
          if (masterFormula)
            formula = slideFormula(masterFormula, Number(cell.row) - Number(master.row), Number(cell.col) - Number(master.col));
        }
        if (!formula) return;
        const range = v.shareType === "array" && v.ref ? parseRange(v.ref) : undefined;
        todo.push({ cell, formula, result: cell.result, spilled: !!range && (range.rows > 1 || range.cols > 1) });
      });
    });
    // Decide first, then write: a shared formula's master must still be readable while its cells are decided.
    const decided = todo.map((t) => ({ ...t, decision: portableCell(t.formula, computed(t.result), t.spilled) }));
    for (const { cell, formula, result, decision } of decided) {
      // Cells of a shared formula whose master calls SHANTY call it too, so each is decided and written on its own.
      if (decision.kind === "keep") continue;
      cells.push({ sheet: ws.name, address: a1(Number(cell.row) - 1, Number(cell.col) - 1), original: formula, decision });
      if (decision.kind === "native") {
        setFormula(cell, decision.formula, result);
      } else {
        cell.value = asCellValue(decision.value);
        const previous = typeof cell.note === "string" ? cell.note : undefined;
        cell.note = previous ? `${previous}\n\n${decision.note}` : decision.note;
      }
    }
  }
  workbook.calcProperties.fullCalcOnLoad = true;
  return {
    cells,
    converted: cells.filter((c) => c.decision.kind === "native").length,
    values: cells.filter((c) => c.decision.kind === "value").length,
  };
}

function countBy(cells: readonly PortableCellReport[]): string {
  const counts = new Map<string, number>();
  for (const c of cells) for (const id of c.decision.kind === "keep" ? [] : c.decision.functions) counts.set(id, (counts.get(id) ?? 0) + 1);
  return [...counts].map(([id, n]) => `${id}×${n}`).join(", ");
}

/** Load, convert and write; prints a summary. Returns the exit code. */
export async function portableFile(
  input: string,
  output: string,
  options: OutputOptions = {},
): Promise<{ code: number; result: PortableResult }> {
  checkOutputPath(input, output, options);
  const { workbook, notes: lost, recalc } = await loadRecalculated(input);
  const result = makePortable(workbook);
  await saveWorkbookAtomic(workbook, output, options);
  const native = result.cells.filter((c) => c.decision.kind === "native");
  const values = result.cells.filter((c) => c.decision.kind === "value");
  console.log(`已写出通用工作簿 ${output} / portable workbook written to ${output}`);
  console.log(
    `  ${result.converted} 个 SHANTY 公式改写为原生公式 / converted to native formulas${native.length ? `: ${countBy(native)}` : ""}`,
  );
  console.log(
    `  ${result.values} 个改为数值并在批注中保留原公式 / kept as values, original formula in the comment${values.length ? `: ${countBy(values)}` : ""}`,
  );
  for (const n of lost) console.log(n);
  if (recalc.notRecalculated.length > 0) {
    // Their values come from the input file as it was; say so, cell by cell.
    console.log(
      `以下 ${recalc.notRecalculated.length} 个公式未能重新计算，保留文件中的原值 / ${recalc.notRecalculated.length} formulas could not be recalculated; their stored values are kept:`,
    );
    for (const n of recalc.notRecalculated) console.log(`  ${n.sheet}!${n.address} =${n.formula.replace(/^=/, "")}  ${n.reason}`);
  }
  return { code: EXIT.OK, result };
}

/** `shanty portable IN.xlsx -o OUT.xlsx` */
export async function runPortable(args: readonly string[]): Promise<number> {
  const parsed = parseInOut("portable", args);
  if ("error" in parsed) {
    console.error(parsed.error);
    return EXIT.USAGE;
  }
  return runCommand(async () => (await portableFile(parsed.input, parsed.output, { force: parsed.force })).code);
}
