import { columnLetters } from "../../workbook/model";
import { COLS, type CellOut, type Patch } from "./cells";
import { escapeXml, scanSheet, sheetDataBounds, toBytes } from "./package";
import { withFullCalcOnLoad } from "../../workbook/ooxml/workbook";

/*
 * Writing values back: only the <v> (and the t= attribute) of the cells that changed are rewritten in the
 * sheet XML; the formula, the style, every other attribute and every other cell keep their bytes. Cells of an
 * array formula's range that the file does not have yet are inserted in row and column order.
 */

interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/** The value element, as UTF-8 bytes in a one-byte string (the sheet XML is held that way, see package.ts asBytes). */
function valueXml(p: string, out: CellOut): string {
  if (out.t === "empty") return "";
  if (out.t === "inlineStr") return `<${p}is><${p}t xml:space="preserve">${toBytes(escapeXml(out.text))}</${p}t></${p}is>`;
  return `<${p}v>${toBytes(escapeXml(out.text))}</${p}v>`;
}

function typeAttr(out: CellOut): string {
  return out.t === "empty" || out.t === "n" ? "" : ` t="${out.t}"`;
}

const PATTERNS = new Map<string, { value: RegExp; formula: RegExp }>();

/** The value and formula elements of a cell, for an element prefix ("" or "x:"); made once per prefix. */
function cellPatterns(p: string): { value: RegExp; formula: RegExp } {
  let re = PATTERNS.get(p);
  if (!re) {
    re = {
      value: new RegExp(`<${p}v(?:\\s[^>]*)?(?:/>|>[\\s\\S]*?</${p}v>)|<${p}is(?:\\s[^>]*)?>[\\s\\S]*?</${p}is>`, "g"),
      formula: new RegExp(`<${p}f(?=[\\s/>])[^>]*?(?:/>|>[\\s\\S]*?</${p}f>)`),
    };
    PATTERNS.set(p, re);
  }
  return re;
}

/** The cell element `element` (as in the file) with a new value: t= and <v>/<is> replaced, all else kept. */
function rewriteCell(element: string, p: string, out: CellOut): string {
  const openEnd = element.indexOf(">") + 1;
  const selfClosing = element[openEnd - 2] === "/";
  const attrs = element.slice(p.length + 2, selfClosing ? openEnd - 2 : openEnd - 1).replace(/\s+t="[^"]*"/, "");
  const open = `<${p}c${attrs}${typeAttr(out)}>`;
  if (selfClosing) return `${open}${valueXml(p, out)}</${p}c>`;
  const body = element.slice(openEnd, element.length - `</${p}c>`.length);
  const re = cellPatterns(p);
  re.value.lastIndex = 0;
  const withoutValue = body.replace(re.value, "");
  const f = re.formula.exec(withoutValue);
  const at = f ? f.index + f[0].length : 0;
  return `${open}${withoutValue.slice(0, at)}${valueXml(p, out)}${withoutValue.slice(at)}</${p}c>`;
}

/** Apply the patches to a sheet's XML (held as bytes, see package.ts asBytes; key → new value, with the cell's offsets where the file has it). Returns the new part's bytes (UTF-8). */
export function patchSheet(xml: string, all: ReadonlyMap<number, Patch>): Buffer {
  return toUtf8(patchSheetPieces(xml, all));
}

/** Pieces of one-byte text → one buffer, without building the whole text as one string first. */
function toUtf8(pieces: string[]): Buffer {
  let size = 0;
  for (const piece of pieces) size += piece.length;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  for (const piece of pieces) at += out.write(piece, at, "latin1");
  return out;
}

function patchSheetPieces(xml: string, all: ReadonlyMap<number, Patch>): string[] {
  if (all.size === 0) return [xml];
  const bounds = sheetDataBounds(xml);
  if (!bounds) return [xml];
  const p = bounds.prefix;
  const edits: Edit[] = [];
  // Cells whose place is known: rewritten directly, without scanning the sheet again.
  const patches = new Map<number, CellOut>();
  for (const [k, patch] of all) {
    if (patch.start !== undefined && patch.end !== undefined) {
      edits.push({
        at: patch.start,
        remove: patch.end - patch.start,
        insert: rewriteCell(xml.slice(patch.start, patch.end), p, patch.out),
      });
    } else if (patch.out.t !== "empty") {
      patches.set(k, patch.out);
    }
  }
  if (patches.size === 0) return applyEdits(xml, edits);
  const pendingRows = new Set<number>();
  for (const k of patches.keys()) pendingRows.add(Math.floor(k / COLS));
  /** Rows of the sheet (for inserting missing cells): row → offsets; and cell starts for rows with pending cells. */
  const rows = new Map<
    number,
    { openStart: number; openEnd: number; close: number; selfClosing: boolean; cells: { col: number; start: number }[] }
  >();
  const rowOrder: { row: number; openStart: number }[] = [];
  const cellsByRow = new Map<number, { col: number; start: number }[]>();
  let current: { col: number; start: number }[] | undefined;
  let currentRow = -1;

  scanSheet(
    xml,
    (c) => {
      if (pendingRows.has(c.row)) {
        if (currentRow !== c.row) {
          currentRow = c.row;
          current = [];
          cellsByRow.set(c.row, current);
        }
        current!.push({ col: c.col, start: c.start });
      }
    },
    (r) => {
      rows.set(r.row, { ...r, cells: cellsByRow.get(r.row) ?? [] });
      rowOrder.push({ row: r.row, openStart: r.openStart });
    },
  );

  if (patches.size > 0) {
    // Cells the file lacks (an array formula's range written sparsely): insert them.
    const missing = new Map<number, { col: number; out: CellOut }[]>();
    for (const [k, out] of patches) {
      if (out.t === "empty") continue;
      const row = Math.floor(k / COLS);
      let list = missing.get(row);
      if (!list) missing.set(row, (list = []));
      list.push({ col: k % COLS, out });
    }
    const cellXml = (row: number, col: number, out: CellOut) =>
      `<${p}c r="${columnLetters(col)}${row + 1}"${typeAttr(out)}>${valueXml(p, out)}</${p}c>`;
    const newRows: { row: number; xml: string }[] = [];
    for (const [row, list] of missing) {
      list.sort((a, b) => a.col - b.col);
      const existing = rows.get(row);
      if (!existing) {
        newRows.push({ row, xml: `<${p}row r="${row + 1}">${list.map((x) => cellXml(row, x.col, x.out)).join("")}</${p}row>` });
        continue;
      }
      if (existing.selfClosing) {
        const tag = xml.slice(existing.openStart, existing.openEnd).replace(/\s*\/>$/, ">");
        edits.push({
          at: existing.openStart,
          remove: existing.openEnd - existing.openStart,
          insert: `${tag}${list.map((x) => cellXml(row, x.col, x.out)).join("")}</${p}row>`,
        });
        continue;
      }
      for (const x of list) {
        const next = existing.cells.find((c) => c.col > x.col);
        edits.push({ at: next ? next.start : existing.close, remove: 0, insert: cellXml(row, x.col, x.out) });
      }
    }
    if (newRows.length > 0) {
      rowOrder.sort((a, b) => a.row - b.row);
      for (const nr of newRows) {
        const next = rowOrder.find((r) => r.row > nr.row);
        edits.push({ at: next ? next.openStart : bounds.end, remove: 0, insert: nr.xml });
      }
      if (bounds.selfClosing) {
        // <sheetData/> → <sheetData>rows</sheetData>
        const tagEnd = xml.indexOf(">", bounds.tagStart) + 1;
        const tag = xml.slice(bounds.tagStart, tagEnd).replace(/\s*\/>$/, ">");
        const rowsXml = newRows
          .sort((a, b) => a.row - b.row)
          .map((r) => r.xml)
          .join("");
        return [xml.slice(0, bounds.tagStart), tag, rowsXml, `</${p}sheetData>`, xml.slice(tagEnd)];
      }
    }
  }
  return applyEdits(xml, edits);
}

function applyEdits(xml: string, edits: Edit[]): string[] {
  // stable by position; insertions at the same point keep their order (edits made in document order, the
  // common case, are used as they are: no second array of 500,000 wrappers for a 100,000-row sheet)
  let inOrder = true;
  for (let k = 1; k < edits.length && inOrder; k++) inOrder = edits[k - 1].at <= edits[k].at;
  const sorted = inOrder
    ? edits
    : edits
        .map((e, i) => ({ e, i }))
        .sort((a, b) => a.e.at - b.e.at || a.i - b.i)
        .map((x) => x.e);
  const parts: string[] = [];
  let pos = 0;
  for (const e of sorted) {
    if (e.at < pos) continue; // overlapping edit (cannot happen for distinct cells)
    parts.push(xml.slice(pos, e.at), e.insert);
    pos = e.at + e.remove;
  }
  parts.push(xml.slice(pos));
  return parts;
}

export { withFullCalcOnLoad };
