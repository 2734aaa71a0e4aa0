import type * as ExcelJS from "exceljs";
import type { Highlight, StyleSpec } from "../workbook/model";

/*
 * How a cell's style is composed from a SheetModel's numberFormats, highlights and styles (in that order, later
 * wins), as plain ExcelJS-shaped style objects. Shared by the ExcelJS writer (./sheets.ts fillSheet/applyLayout)
 * and the package writer of `shanty plan` (./plan/styleStates.ts), so both give every cell the same style.
 * Type-only import of ExcelJS: nothing here loads it.
 */

export type CellStyleModel = Partial<ExcelJS.Style>;

export function argb(hex: string): string {
  return `FF${hex.replace(/^#/, "").toUpperCase()}`;
}

const BORDER_THIN: Partial<ExcelJS.Borders> = {
  top: { style: "thin" },
  left: { style: "thin" },
  bottom: { style: "thin" },
  right: { style: "thin" },
};

const H_ALIGN = { left: "left", center: "center", right: "right" } as const;
const V_ALIGN = { top: "top", middle: "middle", bottom: "bottom" } as const;

/** The fill and (when it sets one) the font a highlight gives a cell whose font is `font`. */
export function highlightParts(
  font: Partial<ExcelJS.Font> | undefined,
  h: Highlight,
): { fill: ExcelJS.Fill; font?: Partial<ExcelJS.Font> } {
  const fill: ExcelJS.Fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(h.fill) } };
  if (!h.fontColor && !h.bold) return { fill };
  return {
    fill,
    font: {
      ...(font ?? {}),
      ...(h.fontColor ? { color: { argb: argb(h.fontColor) } } : {}),
      ...(h.bold ? { bold: true } : {}),
    },
  };
}

/** A style with a highlight applied, as a new object. */
export function highlighted(old: CellStyleModel, h: Highlight): CellStyleModel {
  const parts = highlightParts(old.font, h);
  return { ...old, fill: parts.fill, ...(parts.font ? { font: parts.font } : {}) };
}

/** A style with a spec applied, as a new object (the same keys, in the same order, as ExcelJS's setters give). */
export function restyled(old: CellStyleModel, st: StyleSpec["style"]): CellStyleModel {
  const style: CellStyleModel = { ...old };
  if (st.bold !== undefined || st.fontSize !== undefined || st.fontColor !== undefined) {
    style.font = {
      ...(old.font ?? {}),
      ...(st.bold !== undefined ? { bold: st.bold } : {}),
      ...(st.fontSize !== undefined ? { size: st.fontSize } : {}),
      ...(st.fontColor ? { color: { argb: argb(st.fontColor) } } : {}),
    };
  }
  if (st.fill) style.fill = { type: "pattern", pattern: "solid", fgColor: { argb: argb(st.fill) } };
  if (st.horizontal || st.vertical || st.wrap !== undefined) {
    style.alignment = {
      ...(old.alignment ?? {}),
      ...(st.horizontal ? { horizontal: H_ALIGN[st.horizontal] } : {}),
      ...(st.vertical ? { vertical: V_ALIGN[st.vertical] } : {}),
      ...(st.wrap !== undefined ? { wrapText: st.wrap } : {}),
    };
  }
  if (st.border === "thin") style.border = BORDER_THIN;
  return style;
}
