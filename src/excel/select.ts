import { describeCause, ExcelLayerError, sheetNotFound } from "./errors";

/** Activates `sheet` and selects `address` there (the problem list's links); one round trip. */
export async function selectCell(context: Excel.RequestContext, sheet: string, address: string): Promise<void> {
  try {
    const worksheet = context.workbook.worksheets.getItem(sheet);
    worksheet.activate();
    worksheet.getRange(address || "A1").select();
    await context.sync();
  } catch (error) {
    const cause = sheetNotFound(sheet, error) ?? describeCause(error);
    if (!address) throw new ExcelLayerError("selectSheetFailed", { sheet, cause }, error);
    throw new ExcelLayerError("selectFailed", { cell: `${sheet}!${address}`, cause }, error);
  }
}
