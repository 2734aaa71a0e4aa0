import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { convertWithLibreOffice, pdfPageSizes } from "./libreoffice";

/**
 * Print each of the given sheets of a workbook alone (the others hidden) through LibreOffice to PDF, and its
 * pages to PNG (pdftoppm -r 80). Returns, per sheet, the PDF, its page sizes and the PNGs.
 */
export async function renderSheets(
  file: string,
  outDir: string,
  sheets: readonly { sheet: string; stem: string }[] = [
    { sheet: "年度计划", stem: "plan" },
    { sheet: "资金平衡报告", stem: "balance" },
  ],
): Promise<{ sheet: string; pdf: string; pages: { width: number; height: number }[]; pngs: string[] }[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const results = [];
  for (const { sheet, stem } of sheets) {
    // ExcelJS drops charts on load: hide the other sheets directly in the package instead of re-saving with ExcelJS.
    const JSZip = (await import("jszip")).default;
    const zip = await JSZip.loadAsync(fs.readFileSync(file));
    // LibreOffice prints hidden sheets too: leave only this sheet in the workbook (print ranges renumbered).
    let wbXml = await zip.file("xl/workbook.xml")!.async("string");
    const tags = [...wbXml.matchAll(/<sheet\b[^>]*\/>/g)].map((m) => m[0]);
    const index = tags.findIndex((t) => /\bname="([^"]*)"/.exec(t)?.[1] === sheet);
    if (index < 0) throw new Error(`no sheet ${sheet} in ${file}`);
    for (const [i, t] of tags.entries()) if (i !== index) wbXml = wbXml.replace(t, "");
    wbXml = wbXml.replace(/<definedName\b[^>]*>[^<]*<\/definedName>/g, (d) => {
      const local = /localSheetId="(\d+)"/.exec(d);
      if (!local) return d.includes("_xlnm") ? "" : d;
      return Number(local[1]) === index ? d.replace(/localSheetId="\d+"/, 'localSheetId="0"') : "";
    });
    wbXml = wbXml.replace(/activeTab="\d+"/, 'activeTab="0"').replace(/firstSheet="\d+"/, 'firstSheet="0"');
    zip.file("xl/workbook.xml", wbXml);
    const single = path.join(outDir, `${stem}-sheet.xlsx`);
    fs.writeFileSync(single, await zip.generateAsync({ type: "nodebuffer" }));
    const pdf = convertWithLibreOffice(single, "pdf", outDir);
    const pages = pdfPageSizes(pdf);
    execFileSync("pdftoppm", ["-png", "-r", "80", pdf, path.join(outDir, `${stem}-page`)]);
    const pngs = fs
      .readdirSync(outDir)
      .filter((f) => f.startsWith(`${stem}-page`) && f.endsWith(".png"))
      .sort()
      .map((f) => path.join(outDir, f));
    results.push({ sheet, pdf, pages, pngs });
  }
  return results;
}
