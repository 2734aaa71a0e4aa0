import JSZip from "jszip";
import type { Cell, CellRange, ChartSpec } from "../workbook/model";
import { a1, absRef, quoteSheet } from "../workbook/address";

/*
 * ExcelJS has no chart API, so the CLI adds the charts of its SheetModels to the package after ExcelJS wrote it:
 * a minimal DrawingML chart part per chart (xl/charts/chartN.xml), a drawing part per sheet that anchors it
 * over cells (xl/drawings/drawingN.xml and its rels), the sheet's relationship and <drawing> element, and the
 * content types. The chart references the sheet's own cells and carries their values as caches, so a reader
 * that does not recalculate (LibreOffice, viewers) draws it too.
 */

export interface SheetCharts {
  /** Sheet name as written. */
  readonly sheet: string;
  readonly charts: readonly ChartSpec[];
  /** The sheet's values (for the caches), row 0 at A1. */
  readonly rows: readonly (readonly Cell[])[];
}

const NS = {
  c: "http://schemas.openxmlformats.org/drawingml/2006/chart",
  a: "http://schemas.openxmlformats.org/drawingml/2006/main",
  r: "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
  xdr: "http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing",
  rel: "http://schemas.openxmlformats.org/package/2006/relationships",
  chartRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart",
  drawingRel: "http://schemas.openxmlformats.org/officeDocument/2006/relationships/drawing",
} as const;

function esc(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function sheetRef(sheet: string, r: CellRange): string {
  return `${quoteSheet(sheet)}!${absRef(r.row, r.col)}:${absRef(r.row + r.rows - 1, r.col + r.cols - 1)}`;
}

function cellsOf(rows: SheetCharts["rows"], r: CellRange): Cell[] {
  const out: Cell[] = [];
  for (let i = 0; i < r.rows; i++) for (let j = 0; j < r.cols; j++) out.push(rows[r.row + i]?.[r.col + j] ?? null);
  return out;
}

function strCache(values: readonly Cell[]): string {
  const pts = values.map((v, i) => `<c:pt idx="${i}"><c:v>${esc(v === null ? "" : String(v))}</c:v></c:pt>`).join("");
  return `<c:strCache><c:ptCount val="${values.length}"/>${pts}</c:strCache>`;
}

function numCache(values: readonly Cell[], format: string): string {
  const pts = values.map((v, i) => (typeof v === "number" ? `<c:pt idx="${i}"><c:v>${v}</c:v></c:pt>` : "")).join("");
  return `<c:numCache><c:formatCode>${esc(format)}</c:formatCode><c:ptCount val="${values.length}"/>${pts}</c:numCache>`;
}

function richTitle(text: string, size = 1200, rotated = false): string {
  return (
    `<c:title><c:tx><c:rich><a:bodyPr${rotated ? ' rot="-5400000" vert="horz"' : ""}/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="zh-CN" sz="${size}" b="1"/><a:t>${esc(text)}</a:t></a:r></a:p></c:rich></c:tx><c:overlay val="0"/></c:title>`
  );
}

const COLORS = ["4472C4", "ED7D31", "A5A5A5", "FFC000"];

function series(spec: ChartSpec, sheet: string, rows: SheetCharts["rows"], index: number, asLine: boolean): string {
  const s = spec.series[index];
  const color = COLORS[index % COLORS.length];
  const cat = spec.categories;
  const shape = asLine
    ? `<c:spPr><a:ln w="28575"><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></a:ln></c:spPr><c:marker><c:symbol val="circle"/><c:size val="7"/></c:marker>`
    : `<c:spPr><a:solidFill><a:srgbClr val="${color}"/></a:solidFill></c:spPr><c:invertIfNegative val="0"/>`;
  return (
    `<c:ser><c:idx val="${index}"/><c:order val="${index}"/>` +
    `<c:tx><c:strRef><c:f>${esc(sheetRef(sheet, { ...s.nameCell, rows: 1, cols: 1 }))}</c:f>${strCache([s.name])}</c:strRef></c:tx>` +
    shape +
    `<c:dLbls><c:numFmt formatCode="${asLine ? "#,##0.00" : "#,##0"}" sourceLinked="0"/><c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr><c:dLblPos val="${asLine ? "t" : "ctr"}"/><c:showLegendKey val="0"/><c:showVal val="1"/><c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>` +
    `<c:cat><c:strRef><c:f>${esc(sheetRef(sheet, cat))}</c:f>${strCache(cellsOf(rows, cat))}</c:strRef></c:cat>` +
    `<c:val><c:numRef><c:f>${esc(sheetRef(sheet, s.values))}</c:f>${numCache(cellsOf(rows, s.values), asLine ? "#,##0.00" : "#,##0")}</c:numRef></c:val>` +
    (asLine ? `<c:smooth val="0"/>` : "") +
    `</c:ser>`
  );
}

function axes(catId: number, valId: number, catTitle: string | undefined, valTitle: string, secondary: boolean): string {
  const cat =
    `<c:catAx><c:axId val="${catId}"/><c:scaling><c:orientation val="minMax"/></c:scaling><c:delete val="${secondary ? 1 : 0}"/>` +
    `<c:axPos val="b"/>${catTitle ? richTitle(catTitle, 1000) : ""}<c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="${valId}"/><c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>`;
  const val =
    `<c:valAx><c:axId val="${valId}"/><c:scaling><c:orientation val="minMax"/><c:min val="0"/></c:scaling><c:delete val="0"/>` +
    `<c:axPos val="${secondary ? "r" : "l"}"/>${secondary ? "" : `<c:majorGridlines><c:spPr><a:ln w="6350"><a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr></c:majorGridlines>`}` +
    `${richTitle(valTitle, 1000, true)}<c:numFmt formatCode="${secondary ? "#,##0.00" : "#,##0"}" sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>` +
    `<c:crossAx val="${catId}"/><c:crosses val="${secondary ? "max" : "autoZero"}"/><c:crossBetween val="between"/></c:valAx>`;
  return cat + val;
}

/** The chart part (xl/charts/chartN.xml) for one ChartSpec: primary series as columns, secondary ones as lines. */
export function chartXml(spec: ChartSpec, sheet: string, rows: SheetCharts["rows"]): string {
  const primary = spec.series.map((_, i) => i).filter((i) => !spec.series[i].secondaryAxis);
  const secondary = spec.series.map((_, i) => i).filter((i) => spec.series[i].secondaryAxis);
  const barDir = spec.type === "BarClustered" ? "bar" : "col";
  const mainIsLine = spec.type === "Line";
  const main = mainIsLine
    ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${primary.map((i) => series(spec, sheet, rows, i, true)).join("")}<c:marker val="1"/><c:axId val="1001"/><c:axId val="1002"/></c:lineChart>`
    : `<c:barChart><c:barDir val="${barDir}"/><c:grouping val="clustered"/><c:varyColors val="0"/>${primary.map((i) => series(spec, sheet, rows, i, false)).join("")}<c:gapWidth val="80"/><c:axId val="1001"/><c:axId val="1002"/></c:barChart>`;
  const second = secondary.length
    ? `<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>${secondary.map((i) => series(spec, sheet, rows, i, true)).join("")}<c:marker val="1"/><c:axId val="1003"/><c:axId val="1004"/></c:lineChart>`
    : "";
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<c:chartSpace xmlns:c="${NS.c}" xmlns:a="${NS.a}" xmlns:r="${NS.r}"><c:date1904 val="0"/><c:lang val="zh-CN"/><c:roundedCorners val="0"/>` +
    `<c:chart>${richTitle(spec.title, 1400)}<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>${main}${second}` +
    axes(1001, 1002, spec.categoryAxisTitle, spec.valueAxisTitle, false) +
    (secondary.length ? axes(1003, 1004, undefined, spec.secondaryAxisTitle ?? spec.series[secondary[0]].name, true) : "") +
    `</c:plotArea><c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend><c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>` +
    `<c:spPr><a:solidFill><a:srgbClr val="FFFFFF"/></a:solidFill><a:ln w="6350"><a:solidFill><a:srgbClr val="BFBFBF"/></a:solidFill></a:ln></c:spPr>` +
    `</c:chartSpace>`
  );
}

function drawingXml(charts: readonly ChartSpec[], relIds: readonly string[]): string {
  const anchors = charts
    .map((spec, i) => {
      const a = spec.anchor;
      return (
        `<xdr:twoCellAnchor editAs="oneCell"><xdr:from><xdr:col>${a.col}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>` +
        `<xdr:to><xdr:col>${a.col + a.cols}</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>${a.row + a.rows}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${esc(spec.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        `<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="${NS.c}"><c:chart xmlns:c="${NS.c}" r:id="${relIds[i]}"/></a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>`
      );
    })
    .join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<xdr:wsDr xmlns:xdr="${NS.xdr}" xmlns:a="${NS.a}" xmlns:r="${NS.r}">${anchors}</xdr:wsDr>`;
}

function relsXml(rels: readonly { id: string; type: string; target: string }[]): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${NS.rel}">${rels.map((r) => `<Relationship Id="${r.id}" Type="${r.type}" Target="${r.target}"/>`).join("")}</Relationships>`;
}

function decodeXmlAttr(s: string): string {
  return s
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** The worksheet part of each sheet name, from workbook.xml and its rels. */
function sheetParts(parts: ReadonlyMap<string, Buffer>): Map<string, string> {
  const wb = parts.get("xl/workbook.xml")?.toString("utf8") ?? "";
  const rels = parts.get("xl/_rels/workbook.xml.rels")?.toString("utf8") ?? "";
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]+)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]+)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.replace(/^\/?xl\//, "").replace(/^\//, ""));
  }
  const out = new Map<string, string>();
  for (const m of wb.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]+)"/.exec(m[0])?.[1];
    const target = id && targets.get(id);
    if (name !== undefined && target) out.set(decodeXmlAttr(name), `xl/${target}`);
  }
  return out;
}

/**
 * Add the charts to the parts of a package written by ExcelJS (part name → bytes, changed in place; new parts
 * are appended in order).
 */
export function addChartsToParts(zip: Map<string, Buffer>, sheets: readonly SheetCharts[]): void {
  const withCharts = sheets.filter((s) => s.charts.length > 0);
  if (withCharts.length === 0) return;
  const parts = sheetParts(zip);
  const get = (name: string) => zip.get(name)?.toString("utf8");
  const put = (name: string, xml: string) => zip.set(name, Buffer.from(xml, "utf8"));
  const existing = (re: RegExp) => [...zip.keys()].filter((f) => re.test(f)).length;
  let chartNo = existing(/^xl\/charts\/chart\d+\.xml$/);
  let drawingNo = existing(/^xl\/drawings\/drawing\d+\.xml$/);
  let types = get("[Content_Types].xml") ?? "";
  const overrides: string[] = [];
  for (const s of withCharts) {
    const part = parts.get(s.sheet);
    if (!part) throw new Error(`chart writer: sheet "${s.sheet}" not found in the package`);
    let sheetXml = get(part) ?? "";
    if (/<drawing\b/.test(sheetXml)) throw new Error(`chart writer: sheet "${s.sheet}" already has a drawing`);
    drawingNo += 1;
    const drawingPath = `xl/drawings/drawing${drawingNo}.xml`;
    const chartRels: { id: string; type: string; target: string }[] = [];
    s.charts.forEach((spec, i) => {
      chartNo += 1;
      const chartPath = `xl/charts/chart${chartNo}.xml`;
      put(chartPath, chartXml(spec, s.sheet, s.rows));
      overrides.push(
        `<Override PartName="/${chartPath}" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>`,
      );
      chartRels.push({ id: `rId${i + 1}`, type: NS.chartRel, target: `../charts/chart${chartNo}.xml` });
    });
    put(
      drawingPath,
      drawingXml(
        s.charts,
        chartRels.map((r) => r.id),
      ),
    );
    put(`xl/drawings/_rels/drawing${drawingNo}.xml.rels`, relsXml(chartRels));
    overrides.push(`<Override PartName="/${drawingPath}" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>`);

    // The sheet's relationship to its drawing, and the <drawing> element in schema order (before legacyDrawing,
    // tableParts and extLst).
    const relsPath = part.replace(/([^/]+)$/, "_rels/$1.rels");
    const oldRels = get(relsPath) ?? relsXml([]);
    const relId = "rIdShantyDrawing1";
    put(
      relsPath,
      oldRels.replace(
        "</Relationships>",
        `<Relationship Id="${relId}" Type="${NS.drawingRel}" Target="../drawings/drawing${drawingNo}.xml"/></Relationships>`,
      ),
    );
    if (!/xmlns:r=/.test(sheetXml.slice(0, 600))) sheetXml = sheetXml.replace("<worksheet ", `<worksheet xmlns:r="${NS.r}" `);
    const element = `<drawing r:id="${relId}"/>`;
    const before = /<(legacyDrawing|legacyDrawingHF|picture|oleObjects|controls|webPublishItems|tableParts|extLst)\b/.exec(sheetXml);
    sheetXml = before
      ? sheetXml.slice(0, before.index) + element + sheetXml.slice(before.index)
      : sheetXml.replace("</worksheet>", `${element}</worksheet>`);
    put(part, sheetXml);
  }
  types = types.replace("</Types>", `${overrides.join("")}</Types>`);
  put("[Content_Types].xml", types);
}

/** Add the charts to an .xlsx package written by ExcelJS; returns the new package. */
export async function addChartsToXlsx(xlsx: Buffer, sheets: readonly SheetCharts[]): Promise<Buffer> {
  if (!sheets.some((s) => s.charts.length > 0)) return xlsx;
  const zip = await JSZip.loadAsync(xlsx);
  const parts = new Map<string, Buffer>();
  for (const f of Object.values(zip.files)) if (!f.dir) parts.set(f.name, await f.async("nodebuffer"));
  addChartsToParts(parts, sheets);
  const out = new JSZip();
  for (const [name, data] of parts) out.file(name, data, { binary: true, createFolders: false });
  return Buffer.from(await out.generateAsync({ type: "nodebuffer", compression: "DEFLATE" }));
}

/** A1 of a chart's anchor, for messages. */
export function anchorAddress(spec: ChartSpec): string {
  return a1(spec.anchor.row, spec.anchor.col);
}
