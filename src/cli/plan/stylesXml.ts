import type * as ExcelJS from "exceljs";
import { attributes, escapeXml } from "../../workbook/ooxml/xml";
import type { CellStyleModel } from "../cellStyle";

/*
 * styles.xml of the output: the input's, with the fonts, fills, borders, number formats and cell formats (xf) of
 * the generated cells appended — every existing index keeps its meaning — and the counts updated. Each style is
 * serialised as ExcelJS serialises it (font children in its order, "middle" as "center", builtin format ids), so
 * a cell reads back with the style the ExcelJS writer gives it. Namespace prefixes are kept.
 */

/** Format codes with a builtin id, as ExcelJS maps them (lib/xlsx/defaultnumformats.js, the entries without locale). */
const BUILTIN_FORMATS: Readonly<Record<string, number>> = {
  General: 0,
  "0": 1,
  "0.00": 2,
  "#,##0": 3,
  "#,##0.00": 4,
  "0%": 9,
  "0.00%": 10,
  "0.00E+00": 11,
  "# ?/?": 12,
  "# ??/??": 13,
  "mm-dd-yy": 14,
  "d-mmm-yy": 15,
  "d-mmm": 16,
  "mmm-yy": 17,
  "h:mm AM/PM": 18,
  "h:mm:ss AM/PM": 19,
  "h:mm": 20,
  "h:mm:ss": 21,
  'm/d/yy "h":mm': 22,
  "#,##0 ;(#,##0)": 37,
  "#,##0 ;[Red](#,##0)": 38,
  "#,##0.00 ;(#,##0.00)": 39,
  "#,##0.00 ;[Red](#,##0.00)": 40,
  "mm:ss": 45,
  "[h]:mm:ss": 46,
  "mmss.0": 47,
  "##0.0E+0": 48,
  "@": 49,
};

interface Section {
  /** Index of the section's opening tag, and of its closing tag (or the end of a self-closing one). */
  readonly open: number;
  readonly openEnd: number;
  readonly close: number;
  readonly selfClosing: boolean;
  readonly count: number;
  readonly inner: string;
}

function section(xml: string, p: string, name: string, child: string): Section | undefined {
  const m = new RegExp(`<${p}${name}(?=[\\s/>])[^>]*?(/?)>`).exec(xml);
  if (!m) return undefined;
  const openEnd = m.index + m[0].length;
  if (m[1] === "/") return { open: m.index, openEnd, close: openEnd, selfClosing: true, count: 0, inner: "" };
  const close = xml.indexOf(`</${p}${name}>`, openEnd);
  if (close < 0) return undefined;
  const inner = xml.slice(openEnd, close);
  const count = (inner.match(new RegExp(`<${p}${child}(?=[\\s/>])`, "g")) ?? []).length;
  return { open: m.index, openEnd, close, selfClosing: false, count, inner };
}

/** Escape for attribute values; escapeXml covers XML's five and OOXML's control-character escapes. */
const attr = escapeXml;

function fontXml(p: string, font: Partial<ExcelJS.Font>): string {
  let inner = "";
  if (font.bold) inner += `<${p}b/>`;
  if (font.color?.argb) inner += `<${p}color rgb="${attr(font.color.argb)}"/>`;
  if (font.size || font.size === 0) inner += `<${p}sz val="${font.size}"/>`;
  return inner ? `<${p}font>${inner}</${p}font>` : `<${p}font/>`;
}

function fillXml(p: string, fill: ExcelJS.Fill): string | undefined {
  if (fill.type !== "pattern" || fill.pattern !== "solid" || !fill.fgColor?.argb || fill.bgColor) return undefined;
  return `<${p}fill><${p}patternFill patternType="solid"><${p}fgColor rgb="${attr(fill.fgColor.argb)}"/></${p}patternFill></${p}fill>`;
}

function borderXml(p: string, border: Partial<ExcelJS.Borders>): string | undefined {
  const sides = ["left", "right", "top", "bottom"] as const;
  const known = new Set<string>(sides);
  if (Object.keys(border).some((k) => !known.has(k))) return undefined;
  let inner = "";
  for (const side of sides) {
    const b = border[side];
    if (b && (b.color || (b.style !== undefined && b.style !== "thin"))) return undefined;
    inner += b?.style ? `<${p}${side} style="thin"/>` : `<${p}${side}/>`;
  }
  return `<${p}border>${inner}<${p}diagonal/></${p}border>`;
}

function alignmentXml(p: string, a: Partial<ExcelJS.Alignment>): string | undefined {
  const known = new Set(["horizontal", "vertical", "wrapText"]);
  if (Object.keys(a).some((k) => !known.has(k))) return undefined;
  let attrs = "";
  if (a.horizontal) attrs += ` horizontal="${a.horizontal}"`;
  if (a.vertical) attrs += ` vertical="${a.vertical === "middle" ? "center" : a.vertical}"`;
  if (a.wrapText) attrs += ` wrapText="1"`;
  return attrs ? `<${p}alignment${attrs}/>` : "";
}

/**
 * styles.xml with the styles of `states` added; `xf[i]` is the cell format index of states[i] (states[0], the
 * empty style, is 0: the workbook's default format). A reason instead when the part or a style is outside what is
 * supported.
 */
export function addStyles(stylesXml: string, states: readonly CellStyleModel[]): { xml: string; xf: Int32Array } | { decline: string } {
  const root = /<([\w.-]+:)?styleSheet(?=[\s>])/.exec(stylesXml);
  if (!root) return { decline: "styles.xml has no styleSheet" };
  const p = root[1] ?? "";
  const rootEnd = stylesXml.indexOf(">", root.index) + 1;
  const numFmts = section(stylesXml, p, "numFmts", "numFmt");
  const fonts = section(stylesXml, p, "fonts", "font");
  const fills = section(stylesXml, p, "fills", "fill");
  const borders = section(stylesXml, p, "borders", "border");
  const cellXfs = section(stylesXml, p, "cellXfs", "xf");
  if (!fonts || !fills || !borders || !cellXfs || fonts.selfClosing || fills.selfClosing || borders.selfClosing || cellXfs.selfClosing) {
    return { decline: "styles.xml lacks fonts, fills, borders or cellXfs" };
  }
  const formatIds = new Map<string, number>();
  // Ids the input defines itself: a builtin id it redefines (numFmtId="4" formatCode="0.0") has the input's code there
  const definedIds = new Map<number, string>();
  let nextFormat = 164;
  for (const m of (numFmts?.inner ?? "").matchAll(new RegExp(`<${p}numFmt(?=[\\s/>])[^>]*>`, "g"))) {
    const a = attributes(m[0]);
    const id = Number(a.numFmtId);
    if (!Number.isInteger(id)) return { decline: "styles.xml has a numFmt without id" };
    if (a.formatCode !== undefined && !formatIds.has(a.formatCode)) formatIds.set(a.formatCode, id);
    definedIds.set(id, a.formatCode ?? "");
    nextFormat = Math.max(nextFormat, id + 1);
  }
  const added = { numFmts: [] as string[], fonts: [] as string[], fills: [] as string[], borders: [] as string[], xfs: [] as string[] };
  const index = (list: string[], base: number, memo: Map<string, number>, xml: string) => {
    let i = memo.get(xml);
    if (i === undefined) {
      i = base + list.length;
      list.push(xml);
      memo.set(xml, i);
    }
    return i;
  };
  const fontMemo = new Map<string, number>();
  const fillMemo = new Map<string, number>();
  const borderMemo = new Map<string, number>();
  const xfMemo = new Map<string, number>();
  const xf = new Int32Array(states.length);
  for (let s = 1; s < states.length; s++) {
    const st = states[s];
    const known = new Set(["numFmt", "font", "fill", "border", "alignment"]);
    if (Object.keys(st).some((k) => !known.has(k))) return { decline: `unsupported style ${JSON.stringify(st)}` };
    let numFmtId = 0;
    if (st.numFmt) {
      const code = st.numFmt;
      const builtin = BUILTIN_FORMATS[code];
      const usable = builtin !== undefined && (!definedIds.has(builtin) || definedIds.get(builtin) === code);
      numFmtId = usable ? builtin : (formatIds.get(code) ?? -1);
      if (numFmtId < 0) {
        numFmtId = nextFormat++;
        formatIds.set(code, numFmtId);
        added.numFmts.push(`<${p}numFmt numFmtId="${numFmtId}" formatCode="${attr(code)}"/>`);
      }
    }
    const fontId = st.font ? index(added.fonts, fonts.count, fontMemo, fontXml(p, st.font)) : 0;
    const fill = st.fill && fillXml(p, st.fill);
    if (st.fill && !fill) return { decline: `unsupported fill ${JSON.stringify(st.fill)}` };
    const fillId = fill ? index(added.fills, fills.count, fillMemo, fill) : 0;
    const border = st.border && borderXml(p, st.border);
    if (st.border && !border) return { decline: `unsupported border ${JSON.stringify(st.border)}` };
    const borderId = border ? index(added.borders, borders.count, borderMemo, border) : 0;
    const alignment = st.alignment && alignmentXml(p, st.alignment);
    if (st.alignment && alignment === undefined) return { decline: `unsupported alignment ${JSON.stringify(st.alignment)}` };
    let x = `<${p}xf numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (numFmtId) x += ` applyNumberFormat="1"`;
    if (fontId) x += ` applyFont="1"`;
    if (fillId) x += ` applyFill="1"`;
    if (borderId) x += ` applyBorder="1"`;
    if (st.alignment) x += ` applyAlignment="1"`;
    x += alignment ? `>${alignment}</${p}xf>` : "/>";
    xf[s] = index(added.xfs, cellXfs.count, xfMemo, x);
  }
  // Splice from the end backwards so earlier offsets stay valid.
  const edits: { at: number; end: number; text: string }[] = [];
  const grow = (sec: Section, name: string, items: string[]) => {
    if (items.length === 0) return;
    const open = stylesXml.slice(sec.open, sec.openEnd);
    const total = sec.count + items.length;
    const counted = /\scount\s*=\s*"[^"]*"/.test(open)
      ? open.replace(/(\scount\s*=\s*")[^"]*"/, `$1${total}"`)
      : open.replace(new RegExp(`^<${p}${name}`), `<${p}${name} count="${total}"`);
    if (sec.selfClosing)
      edits.push({ at: sec.open, end: sec.openEnd, text: `${counted.replace(/\s*\/>$/, ">")}${items.join("")}</${p}${name}>` });
    else {
      edits.push({ at: sec.open, end: sec.openEnd, text: counted });
      edits.push({ at: sec.close, end: sec.close, text: items.join("") });
    }
  };
  if (added.numFmts.length > 0) {
    if (numFmts) grow(numFmts, "numFmts", added.numFmts);
    else
      edits.push({
        at: rootEnd,
        end: rootEnd,
        text: `<${p}numFmts count="${added.numFmts.length}">${added.numFmts.join("")}</${p}numFmts>`,
      });
  }
  grow(fonts, "fonts", added.fonts);
  grow(fills, "fills", added.fills);
  grow(borders, "borders", added.borders);
  grow(cellXfs, "cellXfs", added.xfs);
  edits.sort((a, b) => b.at - a.at || b.end - a.end);
  let xml = stylesXml;
  for (const e of edits) xml = xml.slice(0, e.at) + e.text + xml.slice(e.end);
  return { xml, xf };
}
