import type { Cell, CellRange, CellStyle, FormulaCell, NumberFormat, PrintSetup, StyleSpec } from "./model";

/*
 * A small builder for report sheets laid out like a government table: rows are appended top to bottom, and
 * every value, formula, merge, style and format is recorded once, for both writers (Office.js and ExcelJS).
 */

export const REPORT_STYLE = {
  titleSize: 18,
  headerFill: "#DEEAF6",
  groupFill: "#F2F2F2",
  totalFill: "#FFF2CC",
  deficitFill: "#FDE7E9",
  deficitText: "#A4262C",
  /** Default row height used to size blocks (points). */
  rowHeight: 16,
} as const;

/** Footer with page numbers, in Excel's header/footer codes. */
export const PAGE_FOOTER = "第 &P 页 共 &N 页";

export const A4_MARGINS = { left: 0.5, right: 0.5, top: 0.6, bottom: 0.7, header: 0.3, footer: 0.3 } as const;

export class SheetBuilder {
  readonly rows: Cell[][] = [];
  readonly formulas: FormulaCell[] = [];
  readonly styles: StyleSpec[] = [];
  readonly merges: CellRange[] = [];
  readonly formats: NumberFormat[] = [];
  readonly rowHeights: { row: number; height: number }[] = [];

  constructor(readonly width: number) {}

  /** Index the next appended row will get. */
  get next(): number {
    return this.rows.length;
  }

  /** Append a row (padded to the width); returns its index. */
  add(cells: readonly Cell[] = []): number {
    // A fresh array (the caller's is never kept): the cells, a hole read as undefined (as a spread reads it), then nulls.
    const n = cells.length;
    const row: Cell[] = new Array<Cell>(Math.max(n, this.width));
    for (let i = 0; i < n; i++) row[i] = cells[i];
    for (let i = n; i < row.length; i++) row[i] = null;
    this.rows.push(row);
    return this.rows.length - 1;
  }

  set(row: number, col: number, value: Cell): void {
    while (this.rows.length <= row) this.add();
    this.rows[row][col] = value;
  }

  /** A formula with its cached value (the value a reader shows before it recalculates). */
  formula(row: number, col: number, formula: string, cached: Cell): void {
    this.set(row, col, cached);
    this.formulas.push({ row, col, formula });
  }

  style(range: CellRange, style: CellStyle): void {
    if (range.rows > 0 && range.cols > 0) this.styles.push({ range, style });
  }

  format(range: CellRange, format: string): void {
    if (range.rows > 0 && range.cols > 0) this.formats.push({ range, format });
  }

  merge(row: number, col: number, cols: number, rows = 1): void {
    if (cols > 1 || rows > 1) this.merges.push({ row, col, rows, cols });
  }

  height(row: number, points: number): void {
    this.rowHeights.push({ row, height: points });
  }

  /**
   * Every row's height, explicit: rows without one get the default, so that Excel, WPS and LibreOffice (whose
   * default row heights differ) lay out the same pages. Later entries win.
   */
  allHeights(): { row: number; height: number }[] {
    // Rows 0 … n−1 in order, then any other row given, in the order first given (what a Map keyed by row gives).
    const n = this.rows.length;
    const heights: number[] = new Array<number>(n).fill(DEFAULT_ROW_HEIGHT);
    const others = new Map<number, number>();
    for (const h of this.rowHeights) {
      if (Number.isInteger(h.row) && h.row >= 0 && h.row < n) heights[h.row] = h.height;
      else others.set(h.row, h.height);
    }
    const out: { row: number; height: number }[] = heights.map((height, row) => ({ row, height }));
    for (const [row, height] of others) out.push({ row, height });
    return out;
  }

  /** A merged line across the whole width (title, unit line, section heading, text block). */
  line(text: string, style: CellStyle, height?: number): number {
    const r = this.add([text]);
    this.merge(r, 0, this.width);
    this.style({ row: r, col: 0, rows: 1, cols: this.width }, style);
    if (height) this.height(r, height);
    return r;
  }
}

/**
 * Width of a text in Excel's character units: CJK and full-width characters count two — every code point from U+1100
 * on, a character beyond U+FFFF (a surrogate pair) and a lone surrogate included. Read by UTF-16 unit (a report sizes
 * the rows of 200,000 projects with it): a unit from U+1100 on counts two, and a high surrogate takes the low one
 * after it along.
 */
export function textUnits(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const u = text.charCodeAt(i);
    if (u < 0x1100) n++;
    else {
      n += 2;
      if (u >= 0xd800 && u <= 0xdbff && i + 1 < text.length) {
        const next = text.charCodeAt(i + 1);
        if (next >= 0xdc00 && next <= 0xdfff) i++;
      }
    }
  }
  return n;
}

/** Row height (points) for a wrapped text in a merged block `widthUnits` characters wide. */
export function wrappedHeight(text: string, widthUnits: number, lineHeight = 15): number {
  const usable = Math.max(10, widthUnits * 0.92);
  const lines = text.split("\n").reduce((n, part) => n + Math.max(1, Math.ceil(textUnits(part) / usable)), 0);
  return lines * lineHeight + 6;
}

/** "2026年12月1日" */
export function chineseDate(d: Date): string {
  return `${d.getFullYear()}年${d.getMonth() + 1}月${d.getDate()}日`;
}

/** "2026-12-01 09:30" (local time of the machine that ran the generation). */
export function runTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/**
 * The signature line under a table: 编制单位 / 编制日期 / 审核, spread over the width (three merged blocks).
 * Returns its row.
 */
export function signatureLine(b: SheetBuilder, date: Date, split: readonly [number, number]): number {
  const r = b.add();
  const [a, c] = split;
  b.set(r, 0, "编制单位（盖章）：");
  b.set(r, a, `编制日期：${chineseDate(date)}`);
  b.set(r, c, "审核：");
  b.merge(r, 0, a);
  b.merge(r, a, c - a);
  b.merge(r, c, b.width - c);
  b.style({ row: r, col: 0, rows: 1, cols: b.width }, { horizontal: "left", vertical: "middle" });
  b.height(r, 24);
  return r;
}

/** A small "说明" block: one merged, wrapped row per note, in a smaller font. */
export function notesBlock(b: SheetBuilder, notes: readonly string[], widthUnits: number): void {
  const head = b.line("说明：", { bold: true, fontSize: 9, horizontal: "left" });
  void head;
  notes.forEach((n, i) => {
    const text = `${i + 1}. ${n}`;
    b.line(text, { fontSize: 9, horizontal: "left", vertical: "top", wrap: true }, wrappedHeight(text, (widthUnits * 11) / 9, 12));
  });
}

export function a4(orientation: PrintSetup["orientation"], printArea: CellRange, extra: Partial<PrintSetup> = {}): PrintSetup {
  return {
    paperSize: "A4",
    orientation,
    fitToWidth: 1,
    fitToHeight: 0,
    printArea,
    footerCenter: PAGE_FOOTER,
    centerHorizontally: true,
    margins: A4_MARGINS,
    ...extra,
  };
}

/** Excel/LibreOffice default row height (points) for rows without an explicit height. */
const DEFAULT_ROW_HEIGHT = 15;

/** Column width in characters → points (7 px per character + 5 px padding, 0.75 pt per px). */
function columnPoints(characters: number): number {
  return (characters * 7 + 5) * 0.75;
}

/**
 * How much more LibreOffice fits on a page than Excel's metrics predict (its column widths come out wider, so
 * fit-to-width scales the page further): measured here, 1206 pt of rows per A4 portrait page where Excel's
 * 7-pixel characters give 947 pt.
 */
const LIBREOFFICE_DENSITY = 1.27;

/**
 * Manual page breaks that keep each block (the summaries, the chart and the closing text) on one page. Pages are
 * estimated from the row heights, the column widths and the print setup (fit to one page wide scales the page),
 * once with Excel's metrics and once with LibreOffice's denser ones: a block that would straddle a page boundary
 * in either starts a new page (breaking is safe in both, the other one just leaves space). Blocks taller than a
 * page are left to the natural breaks. Returns the 0-based rows that start a new page.
 */
export function keepTogetherBreaks(
  b: SheetBuilder,
  columnWidths: readonly number[],
  print: PrintSetup,
  blocks: readonly { readonly first: number; readonly last: number }[],
): number[] {
  const [paperW, paperH] = print.orientation === "portrait" ? [595.3, 841.9] : [841.9, 595.3];
  const area = print.printArea;
  const contentWidth = columnWidths.slice(area.col, area.col + area.cols).reduce((a, w) => a + columnPoints(w), 0);
  const usableWidth = paperW - (print.margins.left + print.margins.right) * 72;
  const scale = Math.min(1, usableWidth / contentWidth);
  const excel = (paperH - (print.margins.top + print.margins.bottom) * 72) / scale;
  const capacities = [excel, excel * LIBREOFFICE_DENSITY];
  const heights = new Map(b.rowHeights.map((h) => [h.row, h.height]));
  const heightOf = (r: number) => heights.get(r) ?? DEFAULT_ROW_HEIGHT;
  const titles = print.titleRows;
  const titleHeight = titles
    ? Array.from({ length: titles.last - titles.first + 1 }, (_, i) => heightOf(titles.first + i)).reduce((a, h) => a + h, 0)
    : 0;
  const blockAt = new Map(blocks.map((k) => [k.first, k]));
  const breaks: number[] = [];
  const y = capacities.map(() => 0);
  for (let r = area.row; r < area.row + area.rows; r++) {
    const block = blockAt.get(r);
    if (block) {
      let h = 0;
      for (let k = block.first; k <= block.last; k++) h += heightOf(k);
      const straddles = capacities.some((cap, i) => y[i] > titleHeight && y[i] + h > cap && h <= cap - titleHeight);
      if (straddles) {
        breaks.push(r);
        y.fill(titleHeight);
      }
    }
    const h = heightOf(r);
    capacities.forEach((cap, i) => {
      if (y[i] + h > cap) y[i] = titleHeight; // a natural break before this row
      y[i] += h;
    });
  }
  return breaks;
}
