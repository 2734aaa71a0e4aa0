import type { Cell, SheetModel } from "./model";

/*
 * The fingerprint of a generated sheet: a hash of every non-empty cell as generated — the formula text where the
 * cell is a formula, else the value — together with its position. It is written into the sheet (a hidden cell
 * named SHANTY_FINGERPRINT_<ROLE>) and, at regeneration, compared with the same hash of the sheet as it is now,
 * read back by either host (Office.js Range.formulas, or ExcelJS): equal → the user did not change any value or
 * formula and the sheet is replaced; different → the user edited it and it is kept under "…（旧）".
 * Formatting changes (colours, widths) are not edits in this sense; cached values of formulas are not hashed
 * (a recalculation must not count as an edit).
 */

/** A cell as a host reads it back: a formula as "=…" text, else its value; "" or null for empty. */
export type ReadBackCell = string | number | boolean | null | undefined;

/** Scratch space for Cyrb53.digits (a safe integer has at most 16 digits). */
const DIGITS = new Uint8Array(16);

/**
 * cyrb53: a fast 53-bit string hash (not cryptographic; it only has to notice edits), fed piece by piece: the hash
 * of the pieces is the hash of their concatenation (a large sheet's joined text was tens of MB). Pieces are fed as
 * characters, digits of integers and tails of texts, so that hashing a sheet makes no string per cell.
 */
class Cyrb53 {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  /** The characters of `text` from `from` on. */
  add(text: string, from = 0): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = from; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  char(ch: number): void {
    this.h1 = Math.imul(this.h1 ^ ch, 2654435761);
    this.h2 = Math.imul(this.h2 ^ ch, 1597334677);
  }

  /**
   * String(n) of any number: a safe integer's sign and digits fed directly; an amount in whole fen (n = u ÷ 100 exactly,
   * |u| < 10¹⁵: most of a report's numbers) as u's digits with the point put in and trailing zeros dropped; any other
   * number's text. The fen case is String(n): u ÷ 100 has at most 15 significant digits, n is the double nearest to it,
   * and no other decimal of 15 digits or fewer is nearest to the same double (15 digits round-trip), so it is n's
   * shortest decimal, which String writes in plain notation for 10⁻⁶ ≤ |n| < 10²¹ (here 0.01 ≤ |n| < 10¹³).
   */
  number(n: number): void {
    if (!Number.isSafeInteger(n)) {
      const u = Math.round(n * 100);
      if (!(Math.abs(u) < 1e15 && u / 100 === n)) {
        this.add(String(n));
        return;
      }
      if (u < 0) this.char(CH_MINUS);
      const a = Math.abs(u);
      const cents = a % 100;
      this.digits((a - cents) / 100);
      this.char(CH_POINT);
      // n is not an integer, so cents > 0: one digit when it ends in 0 (0.5 prints "0.5"), else two.
      this.char(CH_0 + Math.floor(cents / 10));
      if (cents % 10 !== 0) this.char(CH_0 + (cents % 10));
      return;
    }
    // −0 prints "0"
    if (n < 0) this.char(CH_MINUS);
    this.digits(Math.abs(n));
  }

  /** The decimal digits of a non-negative safe integer, as String(n) writes them (number() checks that it is one). */
  private digits(n: number): void {
    if (n < 10) {
      this.char(48 + n);
      return;
    }
    // Last digit first (n − n % 10 is a multiple of 10, so the division is exact), then fed the other way round.
    const d = DIGITS;
    let k = 0;
    while (n > 0) {
      const r = n % 10;
      d[k++] = r;
      n = (n - r) / 10;
    }
    let h1 = this.h1;
    let h2 = this.h2;
    while (k > 0) {
      const ch = 48 + d[--k];
      h1 = Math.imul(h1 ^ ch, 2654435761);
      h2 = Math.imul(h2 ^ ch, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  digest(): string {
    let h1 = this.h1;
    let h2 = this.h2;
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, "0");
  }
}

const CH_N = 110; // n
const CH_B = 98; // b
const CH_F = 102; // f
const CH_S = 115; // s
const CH_0 = 48;
const CH_1 = 49;
const CH_MINUS = 45;
const CH_POINT = 46;
const CH_EQ = 61;
const CH_APOS = 39;
const CH_SEP = 1; // \u0001
const CH_COMMA = 44;
const CH_COLON = 58;

/**
 * Feed the canonical text of one cell — formulas keep their text ("f…" without "="), numbers their shortest
 * round-trip form ("n…"), booleans "b1"/"b0", text "s…" (without Office's ' prefix). Not for an empty cell.
 */
function feedCell(hash: Cyrb53, cell: Exclude<ReadBackCell, null | undefined>): void {
  if (typeof cell === "number") {
    hash.char(CH_N);
    hash.number(cell);
  } else if (typeof cell === "boolean") {
    hash.char(CH_B);
    hash.char(cell ? CH_1 : CH_0);
  } else if (cell.charCodeAt(0) === CH_EQ) {
    hash.char(CH_F);
    hash.add(cell, 1);
  } else {
    hash.char(CH_S);
    hash.add(cell, cell.charCodeAt(0) === CH_APOS ? 1 : 0);
  }
}

const PREFIX = "SHANTY-FP1:";

/**
 * Hash of a grid of read-back cells. `origin` is the sheet position of grid[0][0]; `skip` the fingerprint cell
 * itself (its content is the hash, so it cannot be part of it).
 */
export function gridFingerprint(
  grid: readonly (readonly ReadBackCell[])[],
  origin: { readonly row: number; readonly col: number } = { row: 0, col: 0 },
  skip?: { readonly row: number; readonly col: number },
): string {
  return hashCells(
    grid.length,
    (i) => grid[i].length,
    (i, j) => grid[i][j],
    origin,
    skip,
  );
}

/**
 * The hash of the cells' `row,col:text` parts joined with \u0001, row by row, left to right: `width(i)` cells of
 * row i, read by `at` (gridFingerprint and overlayFingerprint).
 */
function hashCells(
  rows: number,
  width: (i: number) => number,
  at: (i: number, j: number) => ReadBackCell,
  origin: { readonly row: number; readonly col: number },
  skip: { readonly row: number; readonly col: number } | undefined,
): string {
  const hash = new Cyrb53();
  let first = true;
  for (let i = 0; i < rows; i++) {
    const row = origin.row + i;
    const n = width(i);
    for (let j = 0; j < n; j++) {
      const col = origin.col + j;
      if (skip && skip.row === row && skip.col === col) continue;
      const cell = at(i, j);
      if (cell === null || cell === undefined || cell === "") continue;
      // `row,col:` (after \u0001 but for the first), then the cell's text
      if (!first) hash.char(CH_SEP);
      hash.number(row);
      hash.char(CH_COMMA);
      hash.number(col);
      hash.char(CH_COLON);
      feedCell(hash, cell);
      first = false;
    }
  }
  return PREFIX + hash.digest();
}

/** The model's cells as a host will read them back (formula text where there is a formula). */
export function modelReadBack(model: Pick<SheetModel, "rows" | "formulas">): ReadBackCell[][] {
  const grid: ReadBackCell[][] = model.rows.map((r) => r.map((c: Cell) => c));
  for (const f of model.formulas ?? []) {
    while (grid.length <= f.row) grid.push([]);
    const row = grid[f.row];
    while (row.length <= f.col) row.push(null);
    row[f.col] = `=${f.formula.replace(/^=/, "")}`;
  }
  return grid;
}

/** Formula texts ("=…") by sheet row and column, laid over a sheet's values by overlayFingerprint. */
export type FormulasByRow = Map<number, Map<number, string>>;

export function addFormula(byRow: FormulasByRow, row: number, col: number, text: string): void {
  let cols = byRow.get(row);
  if (!cols) byRow.set(row, (cols = new Map()));
  cols.set(col, text);
}

/**
 * gridFingerprint of a sheet's values with its formulas laid over them, without building that grid (a large report's
 * rows are most of the run's memory): rows `top`…`bottom` from column `left`; `line(row)` is the values of a sheet row
 * from column `lineCol` (undefined: none), and a formula wins over the value of its cell.
 */
export function overlayFingerprint(
  line: (row: number) => readonly ReadBackCell[] | undefined,
  lineCol: number,
  formulas: FormulasByRow,
  area: { readonly top: number; readonly left: number; readonly bottom: number },
  skip: { readonly row: number; readonly col: number } | undefined,
): string {
  const { top, left, bottom } = area;
  return hashCells(
    bottom - top + 1,
    (i) => {
      const row = top + i;
      const v = line(row);
      let n = v ? lineCol - left + v.length : 0;
      const cols = formulas.get(row);
      if (cols) for (const c of cols.keys()) n = Math.max(n, c - left + 1);
      return n;
    },
    (i, j) => {
      const row = top + i;
      const col = left + j;
      return formulas.get(row)?.get(col) ?? line(row)?.[col - lineCol] ?? null;
    },
    { row: top, col: left },
    skip,
  );
}

/** gridFingerprint(modelReadBack(model), origin 0,0, skip), by overlayFingerprint (no copy of the rows). */
export function modelFingerprint(
  model: Pick<SheetModel, "rows" | "formulas">,
  skip?: { readonly row: number; readonly col: number },
): string {
  const byRow: FormulasByRow = new Map();
  let rows = model.rows.length;
  for (const f of model.formulas ?? []) {
    addFormula(byRow, f.row, f.col, `=${f.formula.replace(/^=/, "")}`);
    rows = Math.max(rows, f.row + 1);
  }
  return overlayFingerprint((r) => model.rows[r], 0, byRow, { top: 0, left: 0, bottom: rows - 1 }, skip);
}

/** Put the fingerprint of the model into its fingerprint cell (a model without one is returned as is). */
export function withFingerprint(model: SheetModel): SheetModel {
  const at = model.fingerprintCell;
  if (!at) return model;
  const fp = modelFingerprint(model, at);
  const rows = model.rows.map((r, i) => (i === at.row ? r.map((c, j) => (j === at.col ? fp : c)) : r));
  return { ...model, rows };
}

/**
 * What regeneration does with the add-in's earlier sheet: "unchanged" (its fingerprint matches its content) →
 * replaced; "edited" → kept under a new name; "unknown" (no fingerprint: written before fingerprints existed) →
 * replaced, as it was before.
 */
export type EditState = "unchanged" | "edited" | "unknown";

export function editState(
  stored: ReadBackCell,
  grid: readonly (readonly ReadBackCell[])[],
  origin: { readonly row: number; readonly col: number },
  fingerprintAt: { readonly row: number; readonly col: number } | undefined,
): EditState {
  return fingerprintAt ? editStateOfHash(stored, () => gridFingerprint(grid, origin, fingerprintAt)) : "unknown";
}

/** editState with the sheet's hash (the fingerprint cell skipped) computed by `hash`, only when there is a stored one. */
export function editStateOfHash(stored: ReadBackCell, hash: () => string): EditState {
  if (typeof stored !== "string" || !stored.startsWith(PREFIX)) return "unknown";
  return hash() === stored ? "unchanged" : "edited";
}
