import * as ExcelJS from "exceljs";
import { loadWorkbookFile } from "../../src/cli/load";

/** The generated report sheets of a plan output that are there (年度计划, 资金平衡报告, 收支平衡表), cell by cell. */
export async function reportCells(file: string, read: (cell: ExcelJS.Cell) => unknown): Promise<Record<string, Record<string, unknown>>> {
  const wb = await loadWorkbookFile(file);
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of ["年度计划", "资金平衡报告", "收支平衡表"]) {
    const ws = wb.getWorksheet(name);
    if (!ws) continue;
    const cells: Record<string, unknown> = {};
    ws.eachRow((row) => row.eachCell((cell) => void (cells[cell.address] = read(cell))));
    out[name] = cells;
  }
  return out;
}

/** A formula cell as [its text, its cached result]; any other cell as its value. */
export const formulaAndResult = (cell: ExcelJS.Cell): unknown =>
  cell.type === ExcelJS.ValueType.Formula ? [cell.formula, cell.result] : cell.value;

/** A formula cell as its cached result; any other cell as its value. */
export const shownValue = (cell: ExcelJS.Cell): unknown => (cell.type === ExcelJS.ValueType.Formula ? cell.result : cell.value);

/**
 * The cells as JSON without what depends on the minute of the run: the 生成时间 text and the fingerprints, which hash
 * it. Two plans made a minute apart compare equal (a test that plans twice may cross a minute boundary).
 */
export function withoutRunTime(cells: Record<string, Record<string, unknown>>): string {
  return JSON.stringify(cells)
    .replace(/生成时间 \d{4}-\d\d-\d\d \d\d:\d\d/g, "生成时间 …")
    .replace(/SHANTY-FP1:[0-9a-f]+/g, "SHANTY-FP1:…");
}
