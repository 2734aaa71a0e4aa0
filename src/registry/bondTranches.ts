import { Dec } from "../engine/decimal";
import { DomainError, fail } from "../engine/errors";
import type { ScheduleTotals, ScheduleYear, Tranche } from "../engine/bonds/schedule";
import { MAX_TRANCHE_TERM } from "../engine/bonds/schedule";
import { toOutput } from "../engine/money";
import type { Aligned, CellScalar } from "./types";

/** The spilled header of BONDSCHEDULE (functions.md). */
export const SCHEDULE_HEADER = ["年度", "发行额", "期末余额", "利息", "其中建设期利息", "还本", "发行及兑付费用", "还本付息合计"] as const;

const at = (arg: string, col: Aligned<number>, k: number) => ({ arg, pos: col.pos[k], value: col.values[k] });

/**
 * The four tranche ranges of BONDSCHEDULE, lined up row for row by coercion (kind "aligned": one tranche per row;
 * rows blank in every range dropped, a blank cell beside data an error naming its row). Each value is checked where
 * it stands, so a message names the range and the row: issue year a whole number 1900–9999, amount ≥ 0, rate a
 * share, term a whole number 1–30.
 */
export function readTranches(
  issueYears: Aligned<number>,
  amounts: Aligned<number>,
  rates: Aligned<number>,
  terms: Aligned<number>,
): Tranche[] | DomainError {
  const out: Tranche[] = [];
  for (let k = 0; k < issueYears.values.length; k++) {
    const year = issueYears.values[k];
    const amount = amounts.values[k];
    const rate = rates.values[k];
    const term = terms.values[k];
    if (!Number.isInteger(year) || year < 1900 || year > 9999) return fail("trancheYear", at("issueYears", issueYears, k));
    if (amount < 0) return fail("trancheAmount", at("amounts", amounts, k));
    if (rate < 0 || rate > 1) return fail("trancheRate", at("rates", rates, k));
    if (!Number.isInteger(term) || term < 1 || term > MAX_TRANCHE_TERM)
      return fail("trancheTerm", { ...at("terms", terms, k), max: MAX_TRANCHE_TERM });
    out.push({ issueYear: year, amount: new Dec(amount), rate: new Dec(rate), term });
  }
  return out;
}

/** The shown schedule as the spilled table: header, one row per year, 合计 (期末余额 left empty there). */
export function scheduleTable(shown: { rows: readonly ScheduleYear[]; totals: ScheduleTotals }): CellScalar[][] {
  const table: CellScalar[][] = [[...SCHEDULE_HEADER]];
  for (const r of shown.rows) {
    table.push([
      r.year,
      toOutput(r.issued),
      toOutput(r.closing),
      toOutput(r.interest),
      toOutput(r.constructionInterest),
      toOutput(r.principal),
      toOutput(r.fees),
      toOutput(r.total),
    ]);
  }
  const t = shown.totals;
  table.push([
    "合计",
    toOutput(t.issued),
    "",
    toOutput(t.interest),
    toOutput(t.constructionInterest),
    toOutput(t.principal),
    toOutput(t.fees),
    toOutput(t.total),
  ]);
  return table;
}
