import { a1 } from "../../workbook/model";
import type { TableSpec } from "../../workbook/model";
import { escapeXml } from "../../workbook/ooxml/xml";
import { MAIN_NS } from "./sheetXml";

/*
 * A table part as ExcelJS 4.4 writes the tables of fillSheet (lib/xlsx/xform/table/table-xform.js): header row,
 * an autoFilter over header and body with every column's button shown, the first column's totals label, the
 * others' totals function "none", and the table style with row stripes.
 */

export interface TablePart {
  readonly id: number;
  /** The table's name, made unique in the workbook. */
  readonly name: string;
  readonly spec: TableSpec;
  /** Header texts (sheetRules.tableHeaders). */
  readonly headers: readonly string[];
  /** The totals row's label (first column), "" when none. */
  readonly totalsLabel: string;
}

export function tableXml(t: TablePart): string {
  const { row, col, rows, cols } = t.spec.range;
  const totals = Boolean(t.spec.totalRow);
  const last = row + rows - 1;
  const ref = `${a1(row, col)}:${a1(last, col + cols - 1)}`;
  const filterRef = `${a1(row, col)}:${a1(totals ? last - 1 : last, col + cols - 1)}`;
  const filters = t.headers.map((_, j) => `<filterColumn colId="${j}" hiddenButton="0"/>`).join("");
  const columns = t.headers
    .map((h, j) =>
      j === 0
        ? `<tableColumn id="${j + 1}" name="${escapeXml(h)}" totalsRowLabel="${escapeXml(t.totalsLabel)}"/>`
        : `<tableColumn id="${j + 1}" name="${escapeXml(h)}" totalsRowFunction="none"/>`,
    )
    .join("");
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n` +
    `<table xmlns="${MAIN_NS}" id="${t.id}" name="${escapeXml(t.name)}" displayName="${escapeXml(t.name)}" ref="${ref}"` +
    `${totals ? ` totalsRowCount="1"` : ` totalsRowShown="1"`} headerRowCount="1">` +
    `<autoFilter ref="${filterRef}">${filters}</autoFilter>` +
    `<tableColumns count="${t.headers.length}">${columns}</tableColumns>` +
    `<tableStyleInfo name="${escapeXml(t.spec.style)}" showFirstColumn="0" showLastColumn="0" showRowStripes="1" showColumnStripes="0"/>` +
    `</table>`
  );
}
