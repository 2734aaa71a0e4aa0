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
    this.rows.push([...cells, ...new Array<Cell>(Math.max(0, this.width - cells.length)).fill(null)]);
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

  /** A merged line across the whole width (title, unit line, section heading, text block). */
  line(text: string, style: CellStyle, height?: number): number {
    const r = this.add([text]);
    this.merge(r, 0, this.width);
    this.style({ row: r, col: 0, rows: 1, cols: this.width }, style);
    if (height) this.height(r, height);
    return r;
  }
}

/** Width of a text in Excel's character units: CJK and full-width characters count two. */
export function textUnits(text: string): number {
  let n = 0;
  for (const ch of text) n += /[\u1100-\uffff]/.test(ch) ? 2 : 1;
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
    b.line(text, { fontSize: 9, horizontal: "left", vertical: "top", wrap: true }, wrappedHeight(text, widthUnits * 11 / 9, 12));
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
