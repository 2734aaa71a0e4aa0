import { Dec } from "../engine/decimal";
import { DomainError, fail, isError } from "../engine/errors";
import type { ScheduleTotals, ScheduleYear, Tranche } from "../engine/bonds/schedule";
import { MAX_TRANCHE_TERM } from "../engine/bonds/schedule";
import { toOutput } from "../engine/money";
import { alignColumns, columnNumber, NamedColumn } from "./columns";
import type { CellScalar, ColumnCell } from "./types";

/** The spilled header of BONDSCHEDULE (functions.md). */
export const SCHEDULE_HEADER = ["年度", "发行额", "期末余额", "利息", "其中建设期利息", "还本", "发行及兑付费用", "还本付息合计"] as const;

const at = (col: NamedColumn, r: number) => ({ arg: col.name, pos: r + 1, value: String(col.cells[r]) });

/**
 * The four tranche ranges of BONDSCHEDULE, lined up row for row (one tranche per row; rows blank in every range are
 * dropped). Each cell is checked where it stands, so a message names the range and the row: issue year a whole
 * number 1900–9999, amount ≥ 0, rate a share, term a whole number 1–30.
 */
export function readTranches(
  issueYears: readonly ColumnCell[],
  amounts: readonly ColumnCell[],
  rates: readonly ColumnCell[],
  terms: readonly ColumnCell[],
): Tranche[] | DomainError {
  const cols: NamedColumn[] = [
    { name: "issueYears", cells: issueYears },
    { name: "amounts", cells: amounts },
    { name: "rates", cells: rates },
    { name: "terms", cells: terms },
  ];
  const rows = alignColumns(cols);
  if (isError(rows)) return rows;
  if (rows.length === 0) return fail("rangeEmpty", { arg: "issueYears" });
  const out: Tranche[] = [];
  for (const r of rows) {
    const values: number[] = [];
    for (const c of cols) {
      const v = columnNumber(c, r);
      if (isError(v)) return v;
      values.push(v);
    }
    const [year, amount, rate, term] = values;
    if (!Number.isInteger(year) || year < 1900 || year > 9999) return fail("trancheYear", at(cols[0], r));
    if (amount < 0) return fail("trancheAmount", at(cols[1], r));
    if (rate < 0 || rate > 1) return fail("trancheRate", at(cols[2], r));
    if (!Number.isInteger(term) || term < 1 || term > MAX_TRANCHE_TERM) return fail("trancheTerm", { ...at(cols[3], r), max: MAX_TRANCHE_TERM });
    out.push({ issueYear: year, amount: new Dec(amount), rate: new Dec(rate), term });
  }
  return out;
}

/** The shown schedule as the spilled table: header, one row per year, 合计 (期末余额 left empty there). */
export function scheduleTable(shown: { rows: readonly ScheduleYear[]; totals: ScheduleTotals }): CellScalar[][] {
  const table: CellScalar[][] = [[...SCHEDULE_HEADER]];
  for (const r of shown.rows) {
    table.push([r.year, toOutput(r.issued), toOutput(r.closing), toOutput(r.interest), toOutput(r.constructionInterest), toOutput(r.principal), toOutput(r.fees), toOutput(r.total)]);
  }
  const t = shown.totals;
  table.push(["合计", toOutput(t.issued), "", toOutput(t.interest), toOutput(t.constructionInterest), toOutput(t.principal), toOutput(t.fees), toOutput(t.total)]);
  return table;
}
