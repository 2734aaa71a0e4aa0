import { templateSheets } from "../../src/workbook/generate";
import type { WorkbookGrid } from "../../src/workbook/model";

/** The sample district as a grid, as the hosts would read it from the template with sample data. */
export function sampleGrid(): WorkbookGrid {
  const sheets = templateSheets(true);
  return {
    sheets: sheets.map((s) => ({ name: s.name, values: s.rows })),
    names: sheets.flatMap((s) =>
      (s.namedCells ?? []).map((n) => ({ name: n.name, sheet: s.name, row: n.row, col: n.col, value: s.rows[n.row][n.col] })),
    ),
  };
}
