/*
 * workbook.xml edits as pure string work (shared by `shanty recalc` and the portable converter).
 */

/**
 * workbook.xml with calcPr fullCalcOnLoad="1", so Excel recalculates everything on open (the values written are
 * HyperFormula's; Excel's own are authoritative). The only change outside the sheets' values.
 */
export function withFullCalcOnLoad(workbookXml: string): string {
  const calc = /<([\w.-]+:)?calcPr(?=[\s/>])([^>]*?)(\/?)>/.exec(workbookXml);
  if (calc) {
    if (/\bfullCalcOnLoad="(1|true)"/.test(calc[2])) return workbookXml;
    const attrs = calc[2].replace(/\s+fullCalcOnLoad="[^"]*"/, "");
    const tag = `<${calc[1] ?? ""}calcPr${attrs} fullCalcOnLoad="1"${calc[3]}>`;
    return workbookXml.slice(0, calc.index) + tag + workbookXml.slice(calc.index + calc[0].length);
  }
  const root = /<([\w.-]+:)?workbook(?=[\s>])/.exec(workbookXml);
  const p = root?.[1] ?? "";
  const after = new RegExp(
    `<${p}(?:oleSize|customWorkbookViews|pivotCaches|smartTagPr|smartTagTypes|webPublishing|fileRecoveryPr|webPublishObjects|extLst)(?=[\\s/>])|</${p}workbook>`,
  ).exec(workbookXml);
  if (!after) return workbookXml;
  return workbookXml.slice(0, after.index) + `<${p}calcPr fullCalcOnLoad="1"/>` + workbookXml.slice(after.index);
}
