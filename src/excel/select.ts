import { describeCause, ExcelLayerError } from "./errors";

/** Activates `sheet` and selects `address` there (the problem list's links); one round trip. */
export async function selectCell(context: Excel.RequestContext, sheet: string, address: string): Promise<void> {
  try {
    const worksheet = context.workbook.worksheets.getItem(sheet);
    worksheet.activate();
    worksheet.getRange(address || "A1").select();
    await context.sync();
  } catch (error) {
    throw new ExcelLayerError("selectFailed", { cell: address ? `${sheet}!${address}` : sheet, cause: describeCause(error) }, error);
  }
}
