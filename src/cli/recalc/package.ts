import { parseCellAddress } from "../../workbook/address";
import { readPackage, relsOf, type Parts } from "../package";
import { partName, relationshipsIn, type Relationship } from "../../workbook/ooxml/parts";
import { ShantyFileError } from "../errors";
import type { TableInfo } from "./translate";
import { sheetDataBounds, scanSheetXml, type ScannedCell, type ScannedRow } from "../../workbook/ooxml/sheet";
import { attributes, elements, escapeXml, runText, xmlText } from "../../workbook/ooxml/xml";

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

// ---------- XML text (pure string helpers, src/workbook/ooxml/xml.ts) ----------

export { attributes, escapeXml, runText, xmlText };

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
export function relationships(parts: Parts, part: string): Map<string, Relationship> {
  return relationshipsIn(partText(parts, relsOf(part)), part);
}

export { partName };

/** A part's text (UTF-8), looked up case-insensitively. */
export function partText(parts: Parts, name: string): string | undefined {
  const found = partName(parts, name);
  return found === undefined ? undefined : parts.get(found)!.toString("utf8");
}

/** The text of every shared string item (<si>) of a sharedStrings part, in order (rich text runs joined, phonetic runs left out). */
export function sharedStringItems(xml: string): string[] {
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

/** What workbook.xml and its relationships say: the sheets in workbook order, names, date system, shared strings. */
export type WorkbookIndex = Omit<WorkbookPackage, "parts" | "tables">;

/** Read the workbook part of a package already in memory; a damaged one is a ShantyFileError naming the file. */
export function workbookIndex(parts: Parts, shown: string): WorkbookIndex {
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
  return { workbookPath, workbookXml, sheets, names, sharedStrings, date1904 };
}

/** Open an .xlsx package; a damaged one is a ShantyFileError naming the file. */
export async function openPackage(data: Buffer, shown: string): Promise<WorkbookPackage> {
  const parts = await readPackage(data, shown);
  const index = workbookIndex(parts, shown);
  const { sheets } = index;
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
  return { parts, ...index, tables };
}

// ---------- the cells of a sheet ----------

const NON_ASCII = /[\u0080-\uffff]/;

/** Stand-ins for worksheet parts whose bytes were let go, with the one-byte text made of them (holdSheetTexts). */
const HELD = new WeakMap<Buffer, string>();

/**
 * Turn the worksheet parts into the one-byte text the evaluators read (asBytes) now, and let their inflated
 * bytes go: each part is replaced by an empty stand-in buffer that asBytes maps back to the text, so that a
 * sheet is not held twice — bytes and text, 93 MB each for a 100,000-row sheet — while it is scanned. The
 * caller writes every stand-in back (heldText) before the package is written.
 */
export function holdSheetTexts(pkg: WorkbookPackage): void {
  for (const sheet of pkg.sheets) {
    if (!sheet.isWorksheet) continue;
    const bytes = pkg.parts.get(sheet.path);
    if (!bytes || HELD.has(bytes)) continue;
    const holder = Buffer.alloc(0);
    HELD.set(holder, bytes.toString("latin1"));
    pkg.parts.set(sheet.path, holder);
  }
}

/** The text of a stand-in made by holdSheetTexts; undefined for real bytes. */
export function heldText(data: Buffer): string | undefined {
  return HELD.get(data);
}

/** A part's bytes as the one-byte string the sheet scanner works on. */
export function asBytes(data: Buffer): string {
  return HELD.get(data) ?? data.toString("latin1");
}

/** Text of a one-byte (UTF-8 bytes) string → the JavaScript string it encodes. */
export function fromBytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, "latin1").toString("utf8") : s;
}

/** A JavaScript string → its UTF-8 bytes as a one-byte string, to splice into sheet XML held by asBytes. */
export function toBytes(s: string): string {
  return NON_ASCII.test(s) ? Buffer.from(s, "utf8").toString("latin1") : s;
}

export type { ScannedCell, ScannedRow };
export { sheetDataBounds };

/**
 * Scan the cells of a sheet's XML in document order (src/workbook/ooxml/sheet.ts scanSheetXml). Rows and cells
 * without an `r` attribute take the next position, as the format allows. Calls onRow for each <row>, onCell for
 * each <c>.
 */
export function scanSheet(xml: string, onCell: (c: ScannedCell) => void, onRow?: (r: ScannedRow) => void): void {
  // Sheet XML is held as a "latin1" string of its UTF-8 bytes (one byte per character: half the memory of a
  // JavaScript string with Chinese text, and offsets are byte offsets); text taken from it is decoded here.
  scanSheetXml(xml, onCell, onRow, fromBytes);
}

/** Scan one cell element (as cut from a sheet's XML, in the same one-byte form). */
export function scanSheetCell(cellXml: string, onCell: (c: ScannedCell) => void): void {
  // The cell keeps its sheet's element prefix (`<x:c>` in a sheet written with `x:`): wrap it in the same one.
  const prefix = /^\s*<([\w.-]+:)?c\b/.exec(cellXml)?.[1] ?? "";
  scanSheet(`<${prefix}sheetData><${prefix}row>${cellXml}</${prefix}row></${prefix}sheetData>`, onCell);
}
