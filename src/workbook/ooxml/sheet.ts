import { parseCellAddress } from "../address";
import { attributes, runText, xmlText } from "./xml";

/*
 * The cells of a worksheet's XML, found by a scan of the text (no parser): pure string work, shared by
 * `shanty recalc` (which holds sheet XML as a one-byte string of its UTF-8 bytes, see src/cli/recalc/package.ts)
 * and the host-neutral portable converter (which holds it as text).
 */

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

const same = (s: string): string => s;

/**
 * Scan the cells of a sheet's XML in document order. Rows and cells without an `r` attribute take the next
 * position, as the format allows. Calls onRow for each <row>, onCell for each <c>. `decode` turns raw text
 * taken from the XML (formula, value, inline string) into the string it stands for before entities are read:
 * the identity for XML held as text; src/cli/recalc passes its one-byte → UTF-8 decoder.
 */
export function scanSheetXml(
  xml: string,
  onCell: (c: ScannedCell) => void,
  onRow?: (r: ScannedRow) => void,
  decode: (raw: string) => string = same,
): void {
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
      const a = parseCellAddress(r[1] + r[2])!;
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
      if (fm) f = { attrs: attributes(fm[1]), text: xmlText(decode(fm[2] ?? "")) };
      const vm = vRe.exec(inner);
      if (vm) v = xmlText(decode(vm[1] ?? ""));
      if (t === "inlineStr") {
        const im = isRe.exec(inner);
        if (im) inline = runText(decode(im[1]));
      }
    }
    onCell({ row, col, start, end, attrText, t, f, v, inline });
  }
}
