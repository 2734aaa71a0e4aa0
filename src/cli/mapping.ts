import * as ExcelJS from "exceljs";
import { absRef, quoteSheet } from "../workbook/address";
import { MAP_NAME_PREFIX, mappingSheet, SETTINGS_SHEET, WorkbookMapping } from "../workbook/reader/mapping";

/*
 * `shanty plan --map 户数=改造户数(户)` (repeatable): the column mapping from the command line, and storing it in
 * the workbook written (hidden sheet shanty_settings + SHANTY_MAP_… names, src/workbook/reader/mapping.ts) so the
 * next run on that file needs no --map.
 */

/** Split `--map X` / `--map=X` (repeatable) off the arguments; the rest go to the usual parser. */
export function takeMapArguments(args: readonly string[]): { rest: string[]; maps: string[]; error?: string } {
  const rest: string[] = [];
  const maps: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--map") {
      const v = args[i + 1];
      if (v === undefined)
        return {
          rest,
          maps,
          error: "shanty plan: --map 需要一个值，如 --map 户数=改造户数(户) / --map needs a value, e.g. --map 户数=改造户数(户)",
        };
      maps.push(v);
      i++;
    } else if (a.startsWith("--map=")) {
      maps.push(a.slice("--map=".length));
    } else {
      rest.push(a);
    }
  }
  return { rest, maps };
}

/** Write the mapping into the workbook: the hidden settings sheet (replaced when there) and its names. */
export function storeMapping(workbook: ExcelJS.Workbook, mapping: WorkbookMapping): void {
  const old = workbook.worksheets.find((w) => w.name.toLowerCase() === SETTINGS_SHEET);
  if (old) workbook.removeWorksheet(old.id);
  const prefixes = Object.values(MAP_NAME_PREFIX);
  const model = mappingSheet(mapping);
  const ws = workbook.addWorksheet(model.name, { state: "hidden" });
  model.rows.forEach((line, r) => line.forEach((v, c) => v !== null && (ws.getCell(r + 1, c + 1).value = v)));
  ws.getColumn(3).width = 30;
  const kept = workbook.definedNames.model.filter((n) => !prefixes.some((p) => n.name.toUpperCase().startsWith(p)));
  workbook.definedNames.model = [
    ...kept,
    ...model.namedCells.map((n) => ({ name: n.name, ranges: [`${quoteSheet(model.name)}!${absRef(n.row, n.col)}`] })),
  ];
}
