import { columnLetters } from "../../workbook/model";
import { COLS, type CellOut, type Patch } from "./cells";
import { escapeXml, scanSheet, sheetDataBounds, toBytes } from "./package";
import { withFullCalcOnLoad } from "../../workbook/ooxml/workbook";

/*
 * Writing values back: only the <v> (and the t= attribute) of the cells that changed are rewritten in the
 * sheet XML; the formula, the style, every other attribute and every other cell keep their bytes. Cells of an
 * array formula's range that the file does not have yet are inserted in row and column order.
 */

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
  return Buffer.concat([...patchSheetChunks(xml, all)]);
}

/** Bytes of output gathered before a chunk is handed on (to the deflate, see zip.ts deflatePart). */
const CHUNK = 1 << 20;

/**
 * Pieces of one-byte text → buffers of about CHUNK bytes each, so that the new sheet never exists as one
 * string or one buffer: a 100,000-row sheet is 93 MB of XML, and its compressed form a sixth of that.
 */
class ChunkWriter {
  private buf = Buffer.allocUnsafe(CHUNK);
  private at = 0;
  readonly full: Buffer[] = [];

  /** xml[from, to) (a one-byte string) appended. */
  put(s: string, from = 0, to = s.length): void {
    while (from < to) {
      if (this.at === CHUNK) this.flush();
      const n = Math.min(to - from, CHUNK - this.at);
      // a slice of the sheet text is a view of it (V8 sliced string), not a copy
      this.at += this.buf.write(n === s.length ? s : s.slice(from, from + n), this.at, n, "latin1");
      from += n;
    }
  }

  flush(): void {
    if (this.at === 0) return;
    this.full.push(this.at === CHUNK ? this.buf : this.buf.subarray(0, this.at));
    this.buf = Buffer.allocUnsafe(CHUNK);
    this.at = 0;
  }
}

/** An edit besides the rewrite of a cell the file has: cells or rows inserted, a self-closing row opened. */
interface Edit {
  readonly at: number;
  readonly remove: number;
  readonly insert: string;
}

/**
 * The patched sheet as buffers of UTF-8 bytes, in order, made as they are taken (a generator): the cells'
 * new elements are made when the writer reaches them, not all first, and nothing of the output is kept once
 * handed on.
 */
export function* patchSheetChunks(xml: string, all: ReadonlyMap<number, Patch>): Generator<Buffer> {
  const w = new ChunkWriter();
  const bounds = all.size === 0 ? undefined : sheetDataBounds(xml);
  if (!bounds) {
    w.put(xml);
    w.flush();
    yield* w.full;
    return;
  }
  const p = bounds.prefix;
  // Cells whose place is known are rewritten in place. In the common case (every patched cell in the file,
  // listed in document order, as both evaluators make them) they are taken from the map as they are.
  let inOrder = true;
  let lastStart = -1;
  let known = 0;
  const patches = new Map<number, CellOut>(); // cells the file lacks
  for (const [k, patch] of all) {
    if (patch.start !== undefined && patch.end !== undefined) {
      known++;
      if (patch.start < lastStart) inOrder = false;
      lastStart = patch.start;
    } else if (patch.out.t !== "empty") {
      patches.set(k, patch.out);
    }
  }
  const knownSorted: Iterable<Patch> = inOrder ? all.values() : sortedKnown(all, known);
  const edits: Edit[] = [];
  if (patches.size > 0) {
    const opened = missingCellEdits(xml, bounds, patches, edits);
    if (opened) {
      // <sheetData/> → <sheetData>rows</sheetData> (no row, so no cell the file has)
      for (const piece of opened) w.put(piece);
      w.flush();
      yield* w.full;
      return;
    }
    // stable by position (insertions at the same point keep their order)
    edits.sort((a, b) => a.at - b.at);
  }
  let pos = 0;
  let e = 0;
  for (const patch of knownSorted) {
    if (patch.start === undefined || patch.end === undefined) continue;
    // insertions at or before this cell come first (a missing cell goes in front of the next one the file has)
    for (; e < edits.length && edits[e].at <= patch.start; e++) pos = applyEdit(w, xml, pos, edits[e].at, edits[e].remove, edits[e].insert);
    pos = applyEdit(w, xml, pos, patch.start, patch.end - patch.start, rewriteCell(xml.slice(patch.start, patch.end), p, patch.out));
    if (w.full.length > 0) {
      yield* w.full;
      w.full.length = 0;
    }
  }
  for (; e < edits.length; e++) pos = applyEdit(w, xml, pos, edits[e].at, edits[e].remove, edits[e].insert);
  w.put(xml, pos);
  w.flush();
  yield* w.full;
}

/** Write the text up to `at`, then `insert` in place of `remove` bytes; the new position. */
function applyEdit(w: ChunkWriter, xml: string, pos: number, at: number, remove: number, insert: string): number {
  if (at < pos) return pos; // overlapping edit (cannot happen for distinct cells)
  w.put(xml, pos, at);
  w.put(insert);
  return at + remove;
}

/** The patches of cells the file has, by position (stable). */
function sortedKnown(all: ReadonlyMap<number, Patch>, known: number): Patch[] {
  const list: Patch[] = new Array(known);
  let i = 0;
  for (const patch of all.values()) if (patch.start !== undefined && patch.end !== undefined) list[i++] = patch;
  return list.sort((a, b) => a.start! - b.start!);
}

/**
 * Edits inserting the cells the file lacks (an array formula's range written sparsely), pushed onto `edits`;
 * when the sheet has no rows at all (<sheetData/>), the whole new text as pieces instead.
 */
function missingCellEdits(
  xml: string,
  bounds: NonNullable<ReturnType<typeof sheetDataBounds>>,
  patches: ReadonlyMap<number, CellOut>,
  edits: Edit[],
): string[] | undefined {
  const p = bounds.prefix;
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
      const tagEnd = xml.indexOf(">", bounds.tagStart) + 1;
      const tag = xml.slice(bounds.tagStart, tagEnd).replace(/\s*\/>$/, ">");
      const rowsXml = newRows
        .sort((a, b) => a.row - b.row)
        .map((r) => r.xml)
        .join("");
      return [xml.slice(0, bounds.tagStart), tag, rowsXml, `</${p}sheetData>`, xml.slice(tagEnd)];
    }
  }
  return undefined;
}

export { withFullCalcOnLoad };
