import { parseCellAddress } from "../../workbook/address";
import { readPackage, relsOf, resolveTarget, type Parts } from "../package";
import { ShantyFileError } from "../errors";
import type { TableInfo } from "./translate";

/*
 * The .xlsx package as `shanty recalc` reads it: the parts as src/cli/package.ts reads them (with its zip-bomb
 * guards, inflated by Node's zlib), then a scan of the XML
 * (no ExcelJS objects, no re-serialisation). Only what evaluation needs is extracted — sheets and their
 * paths, defined names with their scope, shared strings, tables, the date system — and every part keeps its
 * bytes, so that patch.ts can write back the formula cells' values and copy everything else verbatim.
 */

export interface SheetRef {
  readonly name: string;
  /** Path of the sheet part inside the zip ("xl/worksheets/sheet1.xml"). */
  readonly path: string;
  /** Chartsheets and dialog sheets have no cells: kept, never evaluated. */
  readonly isWorksheet: boolean;
}

export interface DefinedName {
  readonly name: string;
  /** Index into the workbook's sheet list when the name is sheet-scoped. */
  readonly localSheetId?: number;
  /** The name's formula as stored ("'参数'!$B$1", "0.05", "[1]Sheet1!$A$1" …). */
  readonly body: string;
}

export interface WorkbookPackage {
  /** Every part, name → bytes, in the zip's order. */
  readonly parts: Parts;
  readonly workbookPath: string;
  readonly workbookXml: string;
  readonly sheets: readonly SheetRef[];
  readonly names: readonly DefinedName[];
  readonly sharedStrings: readonly string[];
  readonly tables: readonly TableInfo[];
  readonly date1904: boolean;
}

// ---------- XML text ----------

/** XML entities and OOXML's _xHHHH_ escapes → text. */
export function xmlText(s: string): string {
  if (s.indexOf("&") < 0 && s.indexOf("_x") < 0) return s;
  return s
    .replace(/&(#x[0-9a-fA-F]+|#\d+|lt|gt|amp|quot|apos);/g, (m, e: string) => {
      if (e === "lt") return "<";
      if (e === "gt") return ">";
      if (e === "amp") return "&";
      if (e === "quot") return '"';
      if (e === "apos") return "'";
      const code = e.startsWith("#x") ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) ? String.fromCodePoint(code) : m;
    })
    .replace(/_x([0-9a-fA-F]{4})_/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Characters XML 1.0 forbids in content: written as OOXML _xHHHH_ escapes. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
const XML_FORBIDDEN = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g;

/** Text → XML element content (and attribute values). Characters XML 1.0 forbids are written as OOXML escapes. */
export function escapeXml(s: string): string {
  return s
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/_(x[0-9a-fA-F]{4}_)/g, "_x005F_$1")
    .replace(XML_FORBIDDEN, (c) => `_x${c.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase()}_`);
}

/** The attributes of an opening tag's text (` r="A1" t="s"`), by local name (prefixes dropped). */
export function attributes(tag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tag.matchAll(/([\w.:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const local = m[1].includes(":") && !m[1].startsWith("xml:") ? m[1].slice(m[1].indexOf(":") + 1) : m[1];
    out[local] = xmlText(m[2] ?? m[3] ?? "");
  }
  return out;
}

/** Every element `<name …>…</name>` or `<name …/>` (any prefix) in a piece of XML: its attributes and inner text. */
function elements(xml: string, name: string): { attrs: Record<string, string>; inner: string }[] {
  const re = new RegExp(`<(?:[\\w.-]+:)?${name}(?=[\\s/>])([^>]*?)(/?)>`, "g");
  const out: { attrs: Record<string, string>; inner: string }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    let inner = "";
    if (m[2] !== "/") {
      const close = new RegExp(`</(?:[\\w.-]+:)?${name}\\s*>`, "g");
      close.lastIndex = re.lastIndex;
      const c = close.exec(xml);
      inner = c ? xml.slice(re.lastIndex, c.index) : "";
      if (c) re.lastIndex = close.lastIndex;
    }
    out.push({ attrs: attributes(m[1]), inner });
  }
  return out;
}

// ---------- cell addresses ----------

/** "AB12" → 0-based { row, col }; undefined when it is not a cell address. */
export function cellAddress(ref: string): { row: number; col: number } | undefined {
  return parseCellAddress(ref);
}

/** "B2:D9" → 0-based inclusive bounds. */
export function rangeBounds(ref: string): { top: number; left: number; bottom: number; right: number } | undefined {
  const [a, b] = ref.split(":");
  const p = cellAddress(a.trim());
  const q = b === undefined ? p : cellAddress(b.trim());
  if (!p || !q) return undefined;
  return { top: Math.min(p.row, q.row), left: Math.min(p.col, q.col), bottom: Math.max(p.row, q.row), right: Math.max(p.col, q.col) };
}

// ---------- package parts ----------

/** Relationships of a part: id → { type, target (resolved), external }. */
function relationships(parts: Parts, part: string): Map<string, { type: string; target: string; external: boolean }> {
  const out = new Map<string, { type: string; target: string; external: boolean }>();
  const xml = partText(parts, relsOf(part));
  if (xml === undefined) return out;
  for (const { attrs } of elements(xml, "Relationship")) {
    const external = attrs.TargetMode === "External";
    out.set(attrs.Id, { type: attrs.Type ?? "", target: external ? attrs.Target : resolveTarget(part, attrs.Target ?? ""), external });
  }
  return out;
}

/** The name a part has in the package (some writers differ in the case of part names), or undefined. */
export function partName(parts: Parts, name: string): string | undefined {
  if (parts.has(name)) return name;
  const lower = name.toLowerCase();
  for (const k of parts.keys()) if (k.toLowerCase() === lower) return k;
  return undefined;
}

/** A part's text (UTF-8), looked up case-insensitively. */
export function partText(parts: Parts, name: string): string | undefined {
  const found = partName(parts, name);
  return found === undefined ? undefined : parts.get(found)!.toString("utf8");
}

function sharedStringItems(xml: string): string[] {
  const out: string[] = [];
  const re = /<(?:[\w.-]+:)?si(?=[\s/>])[^>]*?(\/?)>/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(xml))) {
    if (m[1] === "/") {
      out.push("");
      continue;
    }
    const end = xml.indexOf("si>", re.lastIndex);
    const inner = xml.slice(re.lastIndex, end < 0 ? xml.length : end);
    re.lastIndex = end < 0 ? xml.length : end + 3;
    out.push(runText(inner));
  }
  return out;
}

/** The text of a rich or plain string item: its <t> runs, without phonetic (<rPh>) runs. */
export function runText(inner: string): string {
  const body = inner.replace(/<(?:[\w.-]+:)?rPh\b[\s\S]*?<\/(?:[\w.-]+:)?rPh>/g, "");
  let text = "";
  for (const m of body.matchAll(/<(?:[\w.-]+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:[\w.-]+:)?t>)/g)) text += xmlText(m[1] ?? "");
  return text;
}

function tableInfo(xml: string, sheet: string): TableInfo | undefined {
  const head = /<(?:[\w.-]+:)?table(?=[\s>])([^>]*)>/.exec(xml);
  if (!head) return undefined;
  const a = attributes(head[1]);
  const bounds = a.ref ? rangeBounds(a.ref) : undefined;
  if (!bounds) return undefined;
  const columns = elements(xml, "tableColumn").map((c) => c.attrs.name ?? "");
  return {
    name: a.displayName || a.name || "",
    sheet,
    ...bounds,
    headerRow: a.headerRowCount !== "0",
    totalsRow: Number(a.totalsRowCount ?? 0) > 0,
    columns,
  };
}

const MAIN_DOCUMENT = /\/officeDocument$/;

/** Open an .xlsx package; a damaged one is a ShantyFileError naming the file. */
export async function openPackage(data: Buffer, shown: string): Promise<WorkbookPackage> {
  const parts = await readPackage(data, shown);
  const root = relationships(parts, "");
  const main = [...root.values()].find((r) => MAIN_DOCUMENT.test(r.type));
  const workbookPath = partName(parts, main?.target ?? "xl/workbook.xml");
  if (!workbookPath) {
    throw new ShantyFileError(
      `${shown} 中没有 workbook.xml，不是有效的 .xlsx 工作簿`,
      `${shown} has no workbook part; it is not a valid .xlsx workbook`,
    );
  }
  const workbookXml = partText(parts, workbookPath)!;
  const rels = relationships(parts, workbookPath);
  const sheets: SheetRef[] = [];
  for (const { attrs } of elements(workbookXml, "sheet")) {
    const rel = rels.get(attrs.id ?? "");
    if (!rel || rel.external) continue;
    const path = partName(parts, rel.target) ?? rel.target;
    sheets.push({ name: attrs.name ?? "", path, isWorksheet: /\/worksheet$/.test(rel.type) && parts.has(path) });
  }
  if (sheets.length === 0) {
    throw new ShantyFileError(
      `${shown} 中没有工作表，不是有效的 .xlsx 工作簿`,
      `${shown} has no worksheets; it is not a valid .xlsx workbook`,
    );
  }
  const names: DefinedName[] = elements(workbookXml, "definedName").map(({ attrs, inner }) => ({
    name: attrs.name ?? "",
    localSheetId: attrs.localSheetId !== undefined ? Number(attrs.localSheetId) : undefined,
    body: xmlText(inner).trim(),
  }));
  const pr = elements(workbookXml, "workbookPr")[0]?.attrs ?? {};
  const date1904 = pr.date1904 === "1" || pr.date1904 === "true";

  const ssRel = [...rels.values()].find((r) => /\/sharedStrings$/.test(r.type));
  const ssXml = ssRel ? partText(parts, ssRel.target) : undefined;
  const sharedStrings = ssXml ? sharedStringItems(ssXml) : [];

  const tables: TableInfo[] = [];
  for (const sheet of sheets) {
    if (!sheet.isWorksheet) continue;
    for (const rel of relationships(parts, sheet.path).values()) {
      if (rel.external || !/\/table$/.test(rel.type)) continue;
      const xml = partText(parts, rel.target);
      const t = xml ? tableInfo(xml, sheet.name) : undefined;
      if (t) tables.push(t);
    }
  }
  return { parts, workbookPath, workbookXml, sheets, names, sharedStrings, tables, date1904 };
}

// ---------- the cells of a sheet ----------

const NON_ASCII = /[\u0080-\uffff]/;

/** A part's bytes as the one-byte string the sheet scanner works on. */
export function asBytes(data: Buffer): string {
  return data.toString("latin1");
}

/** Text of a one-byte (UTF-8 bytes) string → the JavaScript string it encodes. */
export function fromBytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, "latin1").toString("utf8") : s;
}

/** A JavaScript string → its UTF-8 bytes as a one-byte string, to splice into sheet XML held by asBytes. */
export function toBytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, "utf8").toString("latin1") : s;
}

export interface ScannedCell {
  readonly row: number;
  readonly col: number;
  /** Offsets of the whole <c …>…</c> element in the sheet XML. */
  readonly start: number;
  readonly end: number;
  /** The opening tag's attribute text. */
  readonly attrText: string;
  /** t attribute ("s", "str", "b", "e", "inlineStr", "n", "d") or "" */
  readonly t: string;
  /** The <f> element, if any: its attributes and text. */
  readonly f?: { readonly attrs: Record<string, string>; readonly text: string };
  /** The <v> text, decoded; undefined when there is no <v>. */
  readonly v?: string;
  /** Inline string text (<is>). */
  readonly inline?: string;
}

export interface ScannedRow {
  readonly row: number;
  /** Offset just after the opening tag (or of the self-closing tag's start) and of </row> (−1 when self-closing). */
  readonly openStart: number;
  readonly openEnd: number;
  readonly close: number;
  readonly selfClosing: boolean;
}

/** Where the sheet's cells are: the element prefix ("" or "x:") and the sheetData content bounds. */
export function sheetDataBounds(
  xml: string,
): { prefix: string; start: number; end: number; selfClosing: boolean; tagStart: number } | undefined {
  const m = /<([\w.-]+:)?sheetData(?=[\s/>])[^>]*?(\/?)>/.exec(xml);
  if (!m) return undefined;
  const prefix = m[1] ?? "";
  const start = m.index + m[0].length;
  if (m[2] === "/") return { prefix, start: m.index, end: m.index, selfClosing: true, tagStart: m.index };
  const end = xml.indexOf(`</${prefix}sheetData>`, start);
  return { prefix, start, end: end < 0 ? xml.length : end, selfClosing: false, tagStart: m.index };
}

/**
 * Scan the cells of a sheet's XML in document order. Rows and cells without an `r` attribute take the next
 * position, as the format allows. Calls onRow for each <row>, onCell for each <c>.
 */
export function scanSheet(xml: string, onCell: (c: ScannedCell) => void, onRow?: (r: ScannedRow) => void): void {
  // Sheet XML is held as a "latin1" string of its UTF-8 bytes (one byte per character: half the memory of a
  // JavaScript string with Chinese text, and offsets are byte offsets); text taken from it is decoded here.
  const bounds = sheetDataBounds(xml);
  if (!bounds || bounds.selfClosing) return;
  const p = bounds.prefix;
  const tag = new RegExp(`<${p}(row|c)(?=[\\s/>])([^>]*?)(/?)>|</${p}row>`, "g");
  tag.lastIndex = bounds.start;
  let row = -1;
  let col = -1;
  let openRow: { row: number; openStart: number; openEnd: number } | undefined;
  const closeCell = `</${p}c>`;
  const fRe = new RegExp(`<${p}f(?=[\\s/>])([^>]*?)(?:/>|>([\\s\\S]*?)</${p}f>)`);
  const vRe = new RegExp(`<${p}v(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${p}v>)`);
  const isRe = new RegExp(`<${p}is(?:\\s[^>]*)?>([\\s\\S]*?)</${p}is>`);
  let m: RegExpExecArray | null;
  while ((m = tag.exec(xml)) && m.index < bounds.end) {
    if (m[1] === undefined) {
      // </row>
      if (openRow && onRow) onRow({ ...openRow, close: m.index, selfClosing: false });
      openRow = undefined;
      continue;
    }
    if (m[1] === "row") {
      const r = /\br="(\d+)"/.exec(m[2]);
      row = r ? Number(r[1]) - 1 : row + 1;
      col = -1;
      if (m[3] === "/") {
        onRow?.({ row, openStart: m.index, openEnd: tag.lastIndex, close: -1, selfClosing: true });
      } else {
        openRow = { row, openStart: m.index, openEnd: tag.lastIndex };
      }
      continue;
    }
    // <c …>
    const attrText = m[2];
    const r = /\br="([A-Za-z]{1,3})(\d+)"/.exec(attrText);
    if (r) {
      const a = cellAddress(r[1] + r[2])!;
      row = a.row;
      col = a.col;
    } else col++;
    const tm = /\bt="(\w+)"/.exec(attrText);
    const t = tm ? tm[1] : "";
    const start = m.index;
    if (m[3] === "/") {
      onCell({ row, col, start, end: tag.lastIndex, attrText, t });
      continue;
    }
    const innerStart = tag.lastIndex;
    const close = xml.indexOf(closeCell, innerStart);
    const innerEnd = close < 0 ? bounds.end : close;
    const end = close < 0 ? bounds.end : close + closeCell.length;
    const inner = xml.slice(innerStart, innerEnd);
    tag.lastIndex = end;
    let f: ScannedCell["f"];
    let v: string | undefined;
    let inline: string | undefined;
    if (inner.length > 0) {
      const fm = inner.indexOf("f") >= 0 ? fRe.exec(inner) : null;
      if (fm) f = { attrs: attributes(fm[1]), text: xmlText(fromBytes(fm[2] ?? "")) };
      const vm = vRe.exec(inner);
      if (vm) v = xmlText(fromBytes(vm[1] ?? ""));
      if (t === "inlineStr") {
        const im = isRe.exec(inner);
        if (im) inline = runText(fromBytes(im[1]));
      }
    }
    onCell({ row, col, start, end, attrText, t, f, v, inline });
  }
}

/** Scan one cell element (as cut from a sheet's XML, in the same one-byte form). */
export function scanSheetCell(cellXml: string, onCell: (c: ScannedCell) => void): void {
  // The cell keeps its sheet's element prefix (`<x:c>` in a sheet written with `x:`): wrap it in the same one.
  const prefix = /^\s*<([\w.-]+:)?c\b/.exec(cellXml)?.[1] ?? "";
  scanSheet(`<${prefix}sheetData><${prefix}row>${cellXml}</${prefix}row></${prefix}sheetData>`, onCell);
}
