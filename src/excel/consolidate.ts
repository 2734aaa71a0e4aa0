/*
 * 汇总 in the task pane (issue 18 item 1): inserting the sheets of town workbooks needs
 * Workbook.insertWorksheetsFromBase64 (ExcelApi 1.13), above the manifest's minimum, so the pane asks the host
 * first and never raises the minimum. Today the pane only tells the user where consolidation runs (the CLI's
 * `shanty merge`); the host-neutral consolidation itself is src/workbook/consolidate.ts.
 */

interface Requirements {
  isSetSupported(name: string, version?: string): boolean;
}

/** The requirements of the running host (undefined outside Office). */
function officeRequirements(): Requirements | undefined {
  const office = (globalThis as { Office?: { context?: { requirements?: Requirements } } }).Office;
  return office?.context?.requirements;
}

/** Whether this Excel can insert worksheets from a file (ExcelApi 1.13); a throwing or missing check counts as no. */
export function canInsertWorksheets(requirements: Requirements | undefined = officeRequirements()): boolean {
  try {
    return requirements?.isSetSupported("ExcelApi", "1.13") === true;
  } catch {
    return false;
  }
}
