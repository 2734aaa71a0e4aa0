import type { Dec } from "../engine/decimal";
import type { DomainError } from "../engine/errors";
import type { Investor } from "../engine/investor";

/**
 * How an argument is read from Excel (or HyperFormula) before the engine sees it.
 * - decimal: a number, as an exact Decimal (money, areas, rates). Bounds apply.
 * - integer: a whole number, as a JS number (years, counts, months).
 * - text / boolean / investor: scalars; investor accepts the aliases of domain §0.
 * - decimals / texts: a range flattened row by row, blanks skipped (blank = empty cell, null or "").
 * - column: a range flattened row by row with blanks kept as null (the function reads the cells itself).
 * - aligned: a range that lines up row for row with the function's other aligned ranges (years and flows, ids and
 *   surpluses). Coercion checks that their lengths agree, drops rows where every aligned range is blank (null or 0 —
 *   desktop Excel's empty cell), reads each kept cell by the declared `cell` kind and hands `impl` the kept values
 *   with their 1-based positions (`Aligned`).
 */
export type ParamKind = "decimal" | "integer" | "text" | "boolean" | "investor" | "decimals" | "texts" | "column" | "aligned";

/**
 * How a cell of an aligned range is read: decimal (blank = 0, an empty flow), number (required: blank is an
 * error naming the row), text (required id: blank or 0 is an error), optionalText (blank or 0 = none).
 */
export type AlignedCellKind = "decimal" | "number" | "text" | "optionalText";
export interface AlignedValueByCell {
  decimal: Dec;
  number: number;
  text: string;
  optionalText: string | undefined;
}

/** The kept rows of an aligned range: values, and each row's 1-based position in the range (for messages). */
export interface Aligned<T> {
  readonly values: readonly T[];
  readonly pos: readonly number[];
}

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
  aligned: Aligned<AlignedValueByCell[AlignedCellKind]>;
}
export type ColumnCell = number | string | boolean | null;
export type Coerced = CoercedByKind[ParamKind];
/** Coerced arguments: by name, and by position (catalogue order). Optional ones left out are undefined. */
export type CoercedArgs = Readonly<Record<string, Coerced | undefined>> & { readonly [index: number]: Coerced | undefined };

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
  /** Aligned ranges only: how each cell is read. */
  readonly cell?: AlignedCellKind;
  /** Ranges (decimals, texts, aligned): at least one value (after blanks are dropped), else rangeEmpty. */
  readonly nonEmpty?: boolean;
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
  /**
   * The computation: coerced arguments → the cell value, or a domain error. `args` is keyed by parameter name
   * (`args.resettleArea`); it is also indexable in catalogue order (`args[0]`) for older declarations.
   */
  readonly impl: (args: CoercedArgs) => CellResult | DomainError;
  /**
   * Optional exact fast path for the common case: the same arguments with decimal values as JS numbers (validated
   * exactly as for `impl`), computed in scaled integers (engine/fixed.ts). Returns the very cell value `impl` would
   * return, or undefined when the inputs do not fit (then `impl` runs). Never returns an error: errors come from
   * `impl`. test/properties/fastpath.property.test.ts proves that both agree.
   */
  readonly fast?: (args: CoercedArgs) => CellResult | undefined;
}

export interface SpillProbe {
  literal(index: number): number | undefined;
  rangeRows(index: number): number | undefined;
  argCount: number;
}
