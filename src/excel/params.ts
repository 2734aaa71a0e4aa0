import { PARAMETERS, SHEET_NAMES } from "../workbook/contract";
import { columnLetters, isValidDefinedName, parseNameFormula, sameSheetName } from "../workbook/address";
import { describeCause, ExcelLayerError } from "./errors";

/*
 * Writes policy parameters (the task pane's parameter editor) into their named cells on 参数, in three round
 * trips whatever the number of edits: 1. sheets and names; 2. the current value and formula of every target
 * cell (and the end of 参数 when a parameter must be created); 3. the writes. A parameter the workbook lacks
 * gets a new row on 参数 (label, value, unit, name) and its defined name; 参数 itself is created if absent.
 * Nothing is written when a target is not a single cell or holds a formula (the user's formula is kept).
 * Values are validated by the caller (src/taskpane/paramEdit.ts) before they reach this module.
 */

export interface ParameterEdit {
  readonly name: string;
  readonly value: number;
}

export interface ParameterChange {
  readonly name: string;
  /** The cell's value before (undefined when the parameter was created). */
  readonly from?: string | number | boolean;
  readonly to: number;
  readonly created: boolean;
  /** Where it was written, e.g. 参数!B3. */
  readonly cell: string;
}

export interface ParamsReport {
  readonly changes: readonly ParameterChange[];
  readonly syncs: number;
}

const HEADER = ["参数 Parameter", "值 Value", "单位 Unit", "名称 Name（公式中可引用）"];

export async function writeParameters(context: Excel.RequestContext, edits: readonly ParameterEdit[]): Promise<ParamsReport> {
  let syncs = 0;
  const sync = async () => {
    syncs++;
    await context.sync();
  };
  if (edits.length === 0) return { changes: [], syncs };
  const workbook = context.workbook;
  const restore: { range: Excel.Range; old: unknown }[] = [];
  try {
    // 1. what exists
    workbook.worksheets.load("items/name");
    workbook.names.load("items/name, items/type, items/formula");
    await sync();

    // 2. current cells of the parameters that exist; the end of 参数 when some must be created
    const existing: { edit: ParameterEdit; sheet: string; row: number; col: number; range: Excel.Range }[] = [];
    const create: ParameterEdit[] = [];
    for (const edit of edits) {
      if (!PARAMETERS.some((p) => p.name === edit.name) || !isValidDefinedName(edit.name))
        throw new Error(`unknown parameter ${edit.name}`);
      const item = workbook.names.items.find((n) => n.name.toLowerCase() === edit.name.toLowerCase());
      if (!item) {
        create.push(edit);
        continue;
      }
      const ref = item.type === "Range" ? parseNameFormula(item.formula) : undefined;
      const sheet = ref && workbook.worksheets.items.find((s) => sameSheetName(s.name, ref.sheet));
      if (!ref || !sheet) throw new ExcelLayerError("paramNotACell", { name: edit.name, formula: String(item.formula) });
      const range = item.getRange();
      range.load("values, formulas");
      existing.push({ edit, sheet: sheet.name, row: ref.row, col: ref.col, range });
    }
    const paramSheet = workbook.worksheets.items.find((s) => sameSheetName(s.name, SHEET_NAMES.params));
    const used = create.length && paramSheet ? paramSheet.getUsedRangeOrNullObject(true) : undefined;
    used?.load("rowIndex, rowCount");
    await sync();

    for (const e of existing) {
      const formula = e.range.formulas[0]?.[0];
      if (typeof formula === "string" && formula.startsWith("=")) {
        throw new ExcelLayerError("paramIsFormula", { cell: `${e.sheet}!${columnLetters(e.col)}${e.row + 1}`, name: e.edit.name, formula });
      }
    }

    // 3. the writes
    const changes: ParameterChange[] = [];
    for (const e of existing) {
      const old = e.range.values[0]?.[0];
      restore.push({ range: e.range, old });
      e.range.values = [[e.edit.value]];
      changes.push({
        name: e.edit.name,
        from: old as string | number | boolean,
        to: e.edit.value,
        created: false,
        cell: `${e.sheet}!${columnLetters(e.col)}${e.row + 1}`,
      });
    }
    if (create.length) {
      let sheet: Excel.Worksheet;
      let row: number;
      const sheetName = paramSheet ? paramSheet.name : SHEET_NAMES.params;
      if (paramSheet) {
        sheet = paramSheet;
        row = used && !used.isNullObject ? used.rowIndex + used.rowCount : 0;
      } else {
        sheet = workbook.worksheets.add(SHEET_NAMES.params);
        sheet.getRange("A1:D1").values = [HEADER];
        sheet.getRange("A1:D1").format.font.bold = true;
        row = 1;
      }
      for (const edit of create) {
        const p = PARAMETERS.find((x) => x.name === edit.name)!;
        sheet.getRangeByIndexes(row, 0, 1, 4).values = [[p.label, edit.value, p.unit, p.name]];
        const cell = sheet.getRangeByIndexes(row, 1, 1, 1);
        if (p.share) cell.numberFormat = [["0.00%"]];
        workbook.names.add(p.name, cell, `棚改测算 参数 ${p.label}`);
        changes.push({ name: edit.name, to: edit.value, created: true, cell: `${sheetName}!B${row + 1}` });
        row++;
      }
    }
    await sync();
    return { changes, syncs };
  } catch (error) {
    if (error instanceof ExcelLayerError) throw error;
    if (restore.length) {
      try {
        for (const r of restore) r.range.values = [[r.old as string | number | boolean]];
        await sync();
      } catch {
        // the original error is the one to report
      }
    }
    throw new ExcelLayerError("paramsWriteFailed", { cause: describeCause(error) }, error);
  }
}
