import type { Dec } from "../engine/decimal";
import type { DomainError } from "../engine/errors";
import type { Investor } from "../engine/investor";

/**
 * How an argument is read from Excel (or HyperFormula) before the engine sees it.
 * - decimal: a number, as an exact Decimal (money, areas, rates). Bounds apply.
 * - integer: a whole number, as a JS number (years, counts, months).
 * - text / boolean / investor: scalars; investor accepts the aliases of domain §0.
 * - decimals / texts: a range flattened row by row, blanks skipped (blank = empty cell, null or "").
 * - column: a range flattened row by row with blanks kept as null, for ranges that must line up
 *   row for row with another range (years and flows, ids and surpluses); the function aligns them.
 */
export type ParamKind = "decimal" | "integer" | "text" | "boolean" | "investor" | "decimals" | "texts" | "column";

/** Value of an argument after coercion, by kind. */
export interface CoercedByKind {
  decimal: Dec;
  integer: number;
  text: string;
  boolean: boolean;
  investor: Investor;
  decimals: Dec[];
  texts: string[];
  column: ColumnCell[];
}
export type ColumnCell = number | string | boolean | null;
export type Coerced = CoercedByKind[ParamKind];

export interface ParamSpec {
  /** The catalogue's argument name (functions.md) — public contract. */
  readonly name: string;
  readonly kind: ParamKind;
  /** Short Chinese label used in messages and metadata, e.g. 安置面积. */
  readonly label: string;
  /** Chinese description (formula bar). */
  readonly zh: string;
  /** English description (help page, en-US metadata). */
  readonly en: string;
  /** Unit shown in help, e.g. ㎡, 元/㎡. */
  readonly unit?: string;
  readonly optional?: boolean;
  /** Default for an optional argument left out or blank. */
  readonly default?: number | string | boolean;
  /** Inclusive lower bound. */
  readonly min?: number;
  /** Exclusive lower bound (must be greater than). */
  readonly above?: number;
  /** Inclusive upper bound. */
  readonly max?: number;
  /** A share: must lie in [0, 1]. */
  readonly share?: boolean;
}

export type CellScalar = number | string | boolean;
export type CellResult = CellScalar | CellScalar[][];

export type ResultKind = "number" | "boolean" | "text" | "matrix";

export type Family = "fees" | "compensation" | "land" | "bonds" | "balance" | "plan";

export interface FunctionSpec {
  /** Catalogue name without the namespace, e.g. FEEEXEMPT. */
  readonly id: string;
  readonly family: Family;
  /** One-line description, Chinese (formula bar) and English. */
  readonly zh: string;
  readonly en: string;
  readonly returns: { readonly kind: ResultKind; readonly zh: string; readonly en: string; readonly unit?: string };
  readonly params: readonly ParamSpec[];
  /**
   * Upper bound of the spilled result's size from the argument ASTs' literal values, for engines (HyperFormula)
   * that must know it before evaluating; matrix functions only. `literal(i)` is the i-th argument when it is a
   * literal number (undefined otherwise), `rangeRows(i)` the row count of the i-th argument when it is a range.
   */
  readonly spill?: (probe: SpillProbe) => { rows: number; cols: number };
  /** The computation: coerced arguments in catalogue order → the cell value, or a domain error. */
  readonly impl: (args: readonly Coerced[]) => CellResult | DomainError;
}

export interface SpillProbe {
  literal(index: number): number | undefined;
  rangeRows(index: number): number | undefined;
  argCount: number;
}
