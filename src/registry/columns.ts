import { Dec } from "../engine/decimal";
import { DomainError, fail } from "../engine/errors";
import type { ColumnCell } from "./types";

/** One range argument read as a column (kind "column"), with the catalogue name of its argument. */
export interface NamedColumn {
  readonly name: string;
  readonly cells: readonly ColumnCell[];
}

/** Blank for alignment: null, or 0 — an empty cell on Excel desktop arrives as 0. */
function blankish(c: ColumnCell): boolean {
  return c === null || c === 0;
}

/**
 * Line up ranges that must match row for row (years and flows, ids and surpluses). Lengths must be equal
 * (the message names both ranges); rows where every cell is blank — trailing rows of a generous selection,
 * which desktop Excel sends as 0 and the web as null — are dropped. Returns the indices of the rows kept.
 */
export function alignColumns(columns: readonly NamedColumn[]): number[] | DomainError {
  const first = columns[0];
  for (const col of columns.slice(1)) {
    if (col.cells.length !== first.cells.length) {
      return fail("lengthMismatch", { arg: col.name, count: col.cells.length, other: first.name, otherCount: first.cells.length });
    }
  }
  const kept: number[] = [];
  for (let r = 0; r < first.cells.length; r++) {
    if (columns.every((c) => blankish(c.cells[r]))) continue;
    kept.push(r);
  }
  return kept;
}

/** A number from a column cell (row `r`, 0-based): blank counts as 0 (an empty flow), text is an error. */
export function columnDecimal(col: NamedColumn, r: number): Dec | DomainError {
  const c = col.cells[r];
  if (c === null) return new Dec(0);
  if (typeof c !== "number") return fail("columnCellNotNumber", { arg: col.name, pos: r + 1, value: String(c) });
  return new Dec(c);
}

/** A required number from a column cell: blank is an error naming the row. */
export function columnNumber(col: NamedColumn, r: number): number | DomainError {
  const c = col.cells[r];
  if (c === null) return fail("columnCellBlank", { arg: col.name, pos: r + 1 });
  if (typeof c !== "number") return fail("columnCellNotNumber", { arg: col.name, pos: r + 1, value: String(c) });
  return c;
}

/** A required text (or id) from a column cell: numbers are read as their text, blank is an error. */
export function columnText(col: NamedColumn, r: number): string | DomainError {
  const c = col.cells[r];
  if (c === null) return fail("columnCellBlank", { arg: col.name, pos: r + 1 });
  return typeof c === "boolean" ? (c ? "TRUE" : "FALSE") : String(c);
}

export function isDomainError(x: unknown): x is DomainError {
  return x instanceof DomainError;
}
