import type { Cell, CellRange } from "../../workbook/model";
import { a1, columnLetters } from "../../workbook/model";
import { escapeXml } from "../../workbook/ooxml/xml";
import type { SheetContent } from "../sheets";
import { Chunks } from "./chunks";
import type { StyleGrid } from "./styleStates";

/*
 * The worksheet XML of a generated sheet, as fillSheet + applyLayout + ExcelJS's writer give it: values (strings
 * inline, not in the shared strings), formulas with the model's value as their cached result, the tables' header
 * cells, styles (cell format indexes from a style grid), merges, columns, row heights, frozen panes, page setup
 * and row breaks. sheetData is built row by row into ~1 MB buffers without an object per cell.
 */

export const MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
export const REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** The sheet's XML in three pieces: before <sheetData>, sheetData itself (unless a sink took it), after it. */
export interface SheetXml {
  readonly head: string;
  readonly body: Buffer[];
  readonly tail: string;
  /** Whether formulas (or error values) were written: the workbook then needs a full calculation on load. */
  readonly formulas: boolean;
}

export interface SheetXmlInput {
  readonly model: SheetContent;
  readonly grid: StyleGrid;
  /** Cell format index per style state. */
  readonly xf: Int32Array;
  /** Table header cells (row * grid.cols + col) → the header text the table gives them. */
  readonly headers: ReadonlyMap<number, string>;
  /** Relationship ids of the sheet's table parts. */
  readonly tableRels: readonly string[];
  /** Where sheetData's chunks go as they are made (then `body` is empty); default: kept in `body`. */
  readonly sink?: (chunk: Buffer) => void;
}

// eslint-disable-next-line no-control-regex -- the characters escapeXml rewrites
const NEEDS_ESCAPE = /[&<>"_\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

function text(s: string): string {
  return NEEDS_ESCAPE.test(s) ? escapeXml(s) : s;
}

function inlineString(s: string): string {
  const space = keepsSpace(s) ? ' xml:space="preserve"' : "";
  return `<is><t${space}>${text(s)}</t></is>`;
}

/**
 * /^\s|\s$|[\n\t]/.test(s) — white space at either end, or a line break or tab inside — without a regular expression
 * (a large report writes hundreds of thousands of texts): the first and the last UTF-16 unit checked against the
 * characters \s matches, then a search for \n and \t.
 */
export function keepsSpace(s: string): boolean {
  if (s.length === 0) return false;
  if (isRegExpSpace(s.charCodeAt(0)) || isRegExpSpace(s.charCodeAt(s.length - 1))) return true;
  return s.includes("\n") || s.includes("\t");
}

/** The UTF-16 units a regular expression's \s matches (white space and line terminators, ECMA-262). */
export function isRegExpSpace(u: number): boolean {
  if (u <= 0x20) return u === 0x20 || (u >= 0x09 && u <= 0x0d);
  if (u < 0xa0) return false;
  return (
    u === 0xa0 ||
    u === 0x1680 ||
    (u >= 0x2000 && u <= 0x200a) ||
    u === 0x2028 ||
    u === 0x2029 ||
    u === 0x202f ||
    u === 0x205f ||
    u === 0x3000 ||
    u === 0xfeff
  );
}

/** The rows × cols a model's content reaches (values, formulas, every range, row heights, hidden columns). */
export function extent(model: SheetContent): { rows: number; cols: number } {
  let rows = model.rows.length;
  let cols = 0;
  for (const r of model.rows) cols = Math.max(cols, r.length);
  const cover = (r: CellRange) => {
    rows = Math.max(rows, r.row + r.rows);
    cols = Math.max(cols, r.col + r.cols);
  };
  for (const f of model.formulas ?? []) cover({ row: f.row, col: f.col, rows: 1, cols: 1 });
  for (const x of model.numberFormats ?? []) cover(x.range);
  for (const x of model.highlights ?? []) cover(x.range);
  for (const x of model.styles ?? []) cover(x.range);
  for (const x of model.merges ?? []) cover(x);
  for (const x of model.tables ?? []) cover(x.range);
  return { rows, cols };
}

/** Whether a cell counts as a formula for fillSheet (a formula, or a non-finite number written as #NUM!). */
function isFormula(v: Cell, formula: string | undefined): boolean {
  return formula !== undefined || (typeof v === "number" && !Number.isFinite(v));
}

/** `sa`: the cell's style attribute (` s="12"`, or "" for style 0). */
function cellXml(ref: string, sa: string, v: Cell, formula: string | undefined): string {
  if (formula !== undefined) {
    const f = `<f>${text(formula)}</f>`;
    if (v === null || v === "") return `<c r="${ref}"${sa}>${f}</c>`;
    if (typeof v === "number") {
      return Number.isFinite(v) ? `<c r="${ref}"${sa}>${f}<v>${v}</v></c>` : `<c r="${ref}"${sa} t="e">${f}<v>#NUM!</v></c>`;
    }
    if (typeof v === "boolean") return `<c r="${ref}"${sa} t="b">${f}<v>${v ? 1 : 0}</v></c>`;
    return `<c r="${ref}"${sa} t="str">${f}<v>${text(v)}</v></c>`;
  }
  if (v === null || v === "") return sa ? `<c r="${ref}"${sa}/>` : "";
  if (typeof v === "number") return Number.isFinite(v) ? `<c r="${ref}"${sa}><v>${v}</v></c>` : `<c r="${ref}"${sa} t="e"><v>#NUM!</v></c>`;
  if (typeof v === "boolean") return `<c r="${ref}"${sa} t="b"><v>${v ? 1 : 0}</v></c>`;
  return `<c r="${ref}"${sa} t="inlineStr">${inlineString(v)}</c>`;
}

function num(n: number): string {
  return String(n);
}

/** The worksheet XML of one model. */
export function sheetXml(input: SheetXmlInput): SheetXml {
  const { model, grid, xf, headers } = input;
  const { rows, cols } = grid;
  const letters = Array.from({ length: cols }, (_, c) => columnLetters(c));
  // Each cell format's attribute text, made once (not a number printed per cell).
  const styleAttr = Array.from(xf, (s) => (s ? ` s="${s}"` : ""));
  const formulaAt = new Map<number, string>();
  for (const f of model.formulas ?? []) formulaAt.set(f.row * cols + f.col, f.formula.replace(/^=/, ""));
  // Cells with a formula or a table header (looked up in the maps only there).
  const special = new Uint8Array(rows * cols);
  for (const i of formulaAt.keys()) if (i < special.length) special[i] = 1;
  for (const i of headers.keys()) if (i < special.length) special[i] = 1;
  // Row heights by row (later entries win); an array, not a Map (a report of 200,000 projects has a height per row).
  const heights: (number | undefined)[] = [];
  let heightRows = 0;
  for (const h of model.rowHeights ?? []) {
    if (Number.isInteger(h.row) && h.row >= 0) heights[h.row] = h.height;
    heightRows = Math.max(heightRows, h.row + 1);
  }

  const body = new Chunks(undefined, input.sink);
  body.push("<sheetData>");
  let formulas = false;
  let lastRow = -1;
  let lastCol = -1;
  const totalRows = Math.max(rows, heightRows);
  for (let r = 0; r < totalRows; r++) {
    const values = model.rows[r];
    const rowNo = r + 1;
    const rowText = String(rowNo);
    let cells = "";
    if (r < rows) {
      const base = r * cols;
      for (let c = 0; c < cols; c++) {
        const i = base + c;
        const sa = styleAttr[grid.state[i]];
        const ref = letters[c] + rowText;
        let out: string;
        if (grid.merged[i]) {
          // Merged away (ExcelJS's merge drops the value); fillSheet wrote it first, so it still counts as a formula.
          out = sa ? `<c r="${ref}"${sa}/>` : "";
          if (!formulas && !headers.has(i) && isFormula(values?.[c] ?? null, formulaAt.get(i))) formulas = true;
        } else {
          const header = special[i] === 0 ? undefined : headers.get(i);
          if (header !== undefined) out = `<c r="${ref}"${sa} t="inlineStr">${inlineString(header)}</c>`;
          else {
            const v = values?.[c] ?? null;
            const formula = special[i] === 0 ? undefined : formulaAt.get(i);
            if (!formulas && isFormula(v, formula)) formulas = true;
            out = cellXml(ref, sa, v, formula);
          }
        }
        if (out) {
          cells += out;
          if (c > lastCol) lastCol = c;
        }
      }
    }
    const ht = heights[r];
    if (cells || ht !== undefined) {
      body.push(`<row r="${rowNo}"${ht !== undefined ? ` ht="${num(ht)}" customHeight="1"` : ""}>${cells}</row>`);
      if (cells) lastRow = r;
    }
  }
  body.push("</sheetData>");

  // Before sheetData: sheetPr, dimension, sheetViews, sheetFormatPr, cols.
  const p = model.print;
  let head = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">`;
  if (p) head += `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr>`;
  head += `<dimension ref="${lastRow < 0 ? "A1" : `A1:${a1(lastRow, Math.max(lastCol, 0))}`}"/>`;
  const fz = model.freeze;
  if (fz && (fz.rows > 0 || fz.cols > 0)) {
    const pane = fz.rows > 0 && fz.cols > 0 ? "bottomRight" : fz.rows > 0 ? "bottomLeft" : "topRight";
    head +=
      `<sheetViews><sheetView workbookViewId="0"><pane${fz.cols > 0 ? ` xSplit="${fz.cols}"` : ""}${fz.rows > 0 ? ` ySplit="${fz.rows}"` : ""}` +
      ` topLeftCell="${a1(fz.rows, fz.cols)}" activePane="${pane}" state="frozen"/><selection pane="${pane}"/></sheetView></sheetViews>`;
  }
  head += `<sheetFormatPr defaultRowHeight="15"/>`;
  head += colsXml(model);

  // After sheetData.
  let tail = "";
  const merges = model.merges ?? [];
  if (merges.length > 0) {
    tail += `<mergeCells count="${merges.length}">`;
    for (const m of merges) tail += `<mergeCell ref="${a1(m.row, m.col)}:${a1(m.row + m.rows - 1, m.col + m.cols - 1)}"/>`;
    tail += `</mergeCells>`;
  }
  if (p) {
    if (p.centerHorizontally) tail += `<printOptions horizontalCentered="1"/>`;
    const m = p.margins;
    tail += `<pageMargins left="${num(m.left)}" right="${num(m.right)}" top="${num(m.top)}" bottom="${num(m.bottom)}" header="${num(m.header)}" footer="${num(m.footer)}"/>`;
    tail += `<pageSetup paperSize="9" orientation="${p.orientation}" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="${p.fitToWidth}" fitToHeight="${p.fitToHeight}"/>`;
    if (p.footerCenter) tail += `<headerFooter><oddFooter>${text(`&C${p.footerCenter}`)}</oddFooter></headerFooter>`;
  } else {
    // ExcelJS's defaults for a sheet without page setup.
    tail += `<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>`;
    tail += `<pageSetup orientation="portrait" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="1"/>`;
  }
  // A break before 0-based row r is OOXML's break after 1-based row r.
  const breaks = [...new Set((model.pageBreaks ?? []).filter((r) => r > 0))].sort((a, b) => a - b);
  if (breaks.length > 0) {
    tail += `<rowBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">`;
    for (const r of breaks) tail += `<brk id="${r}" max="16383" man="1"/>`;
    tail += `</rowBreaks>`;
  }
  if (input.tableRels.length > 0) {
    tail += `<tableParts count="${input.tableRels.length}">${input.tableRels.map((id) => `<tablePart r:id="${id}"/>`).join("")}</tableParts>`;
  }
  tail += `</worksheet>`;
  return { head, body: body.done(), tail, formulas };
}

/**
 * <cols>: widths (> 0) and hidden columns, runs of equal neighbours as one element, as ExcelJS writes them — except
 * that a width of 9 is written too (ExcelJS leaves it out as its own default, lib/doc/column.js, so Excel showed
 * those columns at its default 8.43).
 */

function colsXml(model: SheetContent): string {
  const widths = model.columnWidths ?? [];
  const hidden = new Set(model.hiddenColumns ?? []);
  const n = Math.max(widths.length, ...[...hidden].map((c) => c + 1), 0);
  const col = (c: number) => ({ width: widths[c] > 0 ? widths[c] : undefined, hidden: hidden.has(c) });
  let out = "";
  for (let c = 0; c < n;) {
    const a = col(c);
    let end = c;
    while (end + 1 < n && col(end + 1).width === a.width && col(end + 1).hidden === a.hidden) end++;
    if (a.width !== undefined || a.hidden) {
      out += `<col min="${c + 1}" max="${end + 1}"${a.width !== undefined ? ` width="${num(a.width)}"` : ""}${a.hidden ? ` hidden="1"` : ""} customWidth="1"/>`;
    }
    c = end + 1;
  }
  return out ? `<cols>${out}</cols>` : "";
}
