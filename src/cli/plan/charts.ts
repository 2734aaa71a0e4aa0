import type { Cell, ChartSpec } from "../../workbook/model";
import { escapeXml } from "../../workbook/ooxml/xml";
import { addChartsToParts } from "../chartPart";
import type { Parts } from "../package";
import type { SheetXml } from "./sheetXml";

/*
 * The charts of the generated sheets, drawn by the same code as on the ExcelJS path (addChartsToParts,
 * src/cli/chartPart.ts), on a small view of the package: [Content_Types].xml, the input's charts and drawings
 * (so the new ones are numbered after them), a workbook.xml and rels listing only the new sheets, and each chart
 * sheet without its rows (<sheetData/>: the chart writer only edits what follows sheetData). Its changes are
 * taken back, the rows put back in place of <sheetData/>.
 */

export interface ChartSheet {
  readonly name: string;
  readonly part: string;
  readonly rId: string;
  readonly charts: readonly ChartSpec[];
  readonly rows: readonly (readonly Cell[])[];
}

const EMPTY_DATA = "<sheetData/>";

/** What a sheet's XML is around its sheetData: the bytes before and after it. */
export interface SheetEnds {
  readonly head: Buffer;
  readonly tail: Buffer;
}

/**
 * Add the charts: `out` gets the new [Content_Types].xml, `added` (the new parts so far, sheet rels among them)
 * the chart, drawing and rels parts, and `ends` each chart sheet's final XML around its sheetData.
 */
export function addSheetCharts(
  out: Parts,
  added: Map<string, Buffer>,
  sheets: readonly ChartSheet[],
  xml: ReadonlyMap<string, SheetXml>,
  ends: Map<string, SheetEnds>,
): true | { decline: string } {
  const withCharts = sheets.filter((s) => s.charts.length > 0);
  if (withCharts.length === 0) return true;
  const view: Parts = new Map();
  view.set("[Content_Types].xml", out.get("[Content_Types].xml")!);
  for (const [name, bytes] of out) if (/^xl\/(charts|drawings)\//.test(name)) view.set(name, bytes);
  const chartNos = [...view.keys()].filter((n) => /^xl\/charts\/chart\d+\.xml$/.test(n)).length;
  const drawingNos = [...view.keys()].filter((n) => /^xl\/drawings\/drawing\d+\.xml$/.test(n)).length;
  const highest = (re: RegExp) => Math.max(0, ...[...out.keys()].map((n) => Number(re.exec(n)?.[1] ?? 0)));
  if (highest(/^xl\/charts\/chart(\d+)\.xml$/i) !== chartNos || highest(/^xl\/drawings\/drawing(\d+)\.xml$/i) !== drawingNos) {
    return { decline: "the input's charts or drawings are not numbered 1…n" };
  }
  const wb = `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${withCharts
    .map((s) => `<sheet name="${escapeXml(s.name)}" r:id="${s.rId}"/>`)
    .join("")}</sheets></workbook>`;
  const rels = `<Relationships>${withCharts.map((s) => `<Relationship Id="${s.rId}" Target="${s.part.slice("xl/".length)}"/>`).join("")}</Relationships>`;
  view.set("xl/workbook.xml", Buffer.from(wb, "utf8"));
  view.set("xl/_rels/workbook.xml.rels", Buffer.from(rels, "utf8"));
  const before = new Map(view);
  for (const s of withCharts) {
    const x = xml.get(s.part)!;
    view.set(s.part, Buffer.from(x.head + EMPTY_DATA + x.tail, "utf8"));
    const relsPart = s.part.replace(/([^/]+)$/, "_rels/$1.rels");
    const sheetRels = added.get(relsPart);
    if (sheetRels) view.set(relsPart, sheetRels);
  }
  addChartsToParts(
    view,
    withCharts.map((s) => ({ sheet: s.name, charts: s.charts, rows: s.rows })),
  );
  for (const [name, bytes] of before) {
    if (name === "xl/workbook.xml" || name === "xl/_rels/workbook.xml.rels" || name === "[Content_Types].xml") continue;
    if (view.get(name) !== bytes) return { decline: `the chart writer would change ${name}` };
  }
  out.set("[Content_Types].xml", view.get("[Content_Types].xml")!);
  const sheetParts = new Set(withCharts.map((s) => s.part));
  for (const [name, bytes] of view) {
    if (before.has(name)) continue;
    if (sheetParts.has(name)) {
      const at = bytes.indexOf(EMPTY_DATA);
      if (at < 0) return { decline: `the chart writer dropped the rows of ${name}` };
      ends.set(name, { head: bytes.subarray(0, at), tail: bytes.subarray(at + EMPTY_DATA.length) });
    } else {
      if (out.has(name)) return { decline: `${name} exists already` };
      added.set(name, bytes);
    }
  }
  return true;
}
