import { Dec, ZERO } from "../../engine/decimal";
import { a1 } from "../address";
import type { ColumnSpec } from "../contract";
import type { InputProblem } from "../model";
import { headerBase } from "./headers";
import { problem } from "./problems";
import type { RowSink, TableRead } from "./rows";
import { convertBack } from "./units";

/*
 * Total rows are checked against the rows they total, a published plan's most common slip. A 合计/总计/汇总 row
 * (or the Excel table's totals row) totals every project row above it; a 小计 row those since the previous total
 * row; a 其中 row is a breakdown and is not checked. The comparison is made in the header's unit at the total's
 * own precision (a total typed 128.3 matches parts adding to 128.34). A total whose rows include a rejected one
 * cannot be checked (its sum is unknown; the row's errors come first): it is skipped with one notice naming it and
 * those rows, and only it — a 小计 of a later group without rejected rows is checked again. A mismatch is a warning
 * with the total's cell and both numbers.
 */

/** Decimal places of a number as written (128.30 typed as a number is 128.3: 1 place). */
function places(x: Dec): number {
  return Math.max(0, x.decimalPlaces());
}

function show(x: Dec): string {
  return x.toDecimalPlaces(6).toString();
}

export function checkTotals<K extends string>(
  table: TableRead<RowSink>,
  columns: readonly ColumnSpec<K>[],
  sheet: string,
  problems: InputProblem[],
): void {
  // A group runs from the previous (non-其中) total row: its accepted rows and its rejected rows, by index.
  let groupStart = 0;
  let groupRejectedStart = 0;
  const rows = table.rows;
  for (const t of table.totals) {
    if (t.word === "其中") continue;
    const isGroup = t.word === "小计" || t.word === "subtotal";
    const from = isGroup ? groupStart : 0;
    const rejectedFrom = isGroup ? groupRejectedStart : 0;
    groupStart = t.position;
    groupRejectedStart = t.rejectedBefore;
    const rejectedIn = table.rejectedRows.slice(rejectedFrom, t.rejectedBefore);
    const checked = columns.filter((c) => c.summable && t.values[c.key] && table.columns[c.key]);
    if (checked.length === 0) continue;
    if (rejectedIn.length > 0) {
      problems.push(
        problem("wbTotalUnchecked", "notice", sheet, a1(t.row, t.labelCol), {
          label: t.label,
          row: t.row + 1,
          rows: rejectedIn.map((r) => `${r + 1}`).join("、"),
        }),
      );
      continue;
    }
    if (t.position === from) continue;
    for (const c of checked) {
      const column = columns.indexOf(c);
      const total = t.values[c.key]!;
      const placed = table.columns[c.key]!;
      let sum = ZERO;
      for (let i = from; i < t.position; i++) {
        const v = rows.value(i, column);
        if (typeof v === "number") sum = sum.plus(v);
      }
      const totalShown = convertBack(total.value, placed.unit);
      const sumShown = convertBack(sum, placed.unit);
      if (sumShown.toDecimalPlaces(places(totalShown)).eq(totalShown)) continue;
      const word = t.word === "tableTotals" ? "汇总行" : t.label;
      problems.push(
        problem("wbTotalMismatch", "warning", sheet, a1(t.row, total.col), {
          field: headerBase(placed.text) || placed.text,
          label: word,
          total: show(totalShown),
          sum: show(sumShown),
          unit: placed.unitText ? ` ${placed.unit.label}` : "",
          cell: a1(t.row, total.col),
          from: rows.row(from) + 1,
          to: rows.row(t.position - 1) + 1,
        }),
      );
    }
  }
}
