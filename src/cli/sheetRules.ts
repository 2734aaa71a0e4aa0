import type { Cell, CellRange } from "../workbook/model";

/*
 * Rules of writing a SheetModel that do not depend on the writer: table names and headers, the note for named
 * cells not created. Shared by the ExcelJS writer (./sheets.ts) and the package writer (./plan/writeParts.ts);
 * nothing here loads ExcelJS.
 */

export function uniqueName(base: string, taken: Set<string>): string {
  let name = base;
  for (let i = 2; taken.has(name.toLowerCase()); i++) name = `${base}_${i}`;
  taken.add(name.toLowerCase());
  return name;
}

/** Excel table headers: non-empty text, unique within the table. */
export function tableHeaders(cells: readonly Cell[]): string[] {
  const seen = new Set<string>();
  return cells.map((c, i) => {
    const base = c === null || c === "" ? `列${i + 1}` : String(c);
    let name = base;
    for (let k = 2; seen.has(name.toLowerCase()); k++) name = `${base}${k}`;
    seen.add(name.toLowerCase());
    return name;
  });
}

export function forEachCell(range: CellRange, fn: (r: number, c: number) => void): void {
  for (let r = range.row; r < range.row + range.rows; r++) for (let c = range.col; c < range.col + range.cols; c++) fn(r, c);
}

/** The note for named cells writeSheets did not create. */
export function skippedNamesNote(skippedNames: readonly string[]): string {
  return `以下命名单元格未创建（工作簿中已有同名名称，或名称无效）：${skippedNames.join("、")} / named cells not created (the workbook already has that name, or it is not a valid name): ${skippedNames.join(", ")}`;
}

/** The note for an earlier output the user edited, kept under a new name (both writers). */
export function keptNote(from: string, kept: string): string {
  return `「${from}」生成后被修改过，已保留并改名为「${kept}」/ "${from}" was edited after it was generated: kept as "${kept}"`;
}
