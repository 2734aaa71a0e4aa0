import { MAP_NAME_PREFIX, mappingSheet, SETTINGS_SHEET, WorkbookMapping } from "../workbook/reader/mapping";
import { sameSheetName } from "../workbook/address";
import { describeCause, ExcelLayerError } from "./errors";

/*
 * The task pane's mapping step stores the chosen column mapping IN the workbook, as the CLI's `--map` does
 * (src/workbook/reader/mapping.ts): the hidden sheet shanty_settings (the add-in's own, replaced when there) and
 * one SHANTY_MAP_… name per field. Two round trips: what exists, then delete-old + write-new in one batch.
 */
export async function storeMapping(context: Excel.RequestContext, mapping: WorkbookMapping): Promise<{ syncs: number }> {
  let syncs = 0;
  const sync = async () => {
    syncs++;
    await context.sync();
  };
  try {
    const wb = context.workbook;
    wb.worksheets.load("items/name");
    wb.names.load("items/name");
    await sync();
    const prefixes = Object.values(MAP_NAME_PREFIX);
    for (const n of wb.names.items) if (prefixes.some((p) => n.name.toUpperCase().startsWith(p))) n.delete();
    const old = wb.worksheets.items.find((s) => sameSheetName(s.name, SETTINGS_SHEET));
    if (old) old.delete();
    const model = mappingSheet(mapping);
    const sheet = wb.worksheets.add(model.name);
    const cols = model.rows.reduce((m, r) => Math.max(m, r.length), 0);
    sheet.getRangeByIndexes(0, 0, model.rows.length, cols).values = model.rows.map((r) =>
      Array.from({ length: cols }, (_, c) => r[c] ?? ""),
    );
    for (const c of model.namedCells) wb.names.add(c.name, sheet.getRangeByIndexes(c.row, c.col, 1, 1));
    sheet.visibility = "Hidden";
    await sync();
    return { syncs };
  } catch (error) {
    throw new ExcelLayerError("mappingWriteFailed", { cause: describeCause(error) }, error);
  }
}
